"""Reserved pricing (`--pricing`) to the cent on the fixture's reserved prices, refreshed into a cache.

Fixture prices in us-east-1 (tests/refresh_server.py): EC2 t3.micro 0.0104/h on demand; reserved 1 year
no upfront 0.0065/h, 1 year all upfront $55, 3 years no upfront 0.0045/h, 3 years all upfront $113.
RDS MySQL db.t3.micro Single-AZ 0.017/h; reserved 1 year no upfront 0.012/h, 3 years all upfront $300
(no other term). Unchanged by the term: the instance's 8 GB gp2 root volume (0.10/GB-month, embedded
snapshot), the database's 20 GB gp2 storage (0.115), the NAT gateway (0.045/h).

On demand: vm 0.0104 x 730 = 7.592 + 0.80 = 8.392; db 0.017 x 730 = 12.41 + 2.30 = 14.71; NAT 32.85;
total 55.952 a month. An upfront fee is spread over the term's 8,760 hours a year, so it costs
fee / 12 / years a month.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from costing.cache import CACHE_ENV
from costing.catalog import load_catalog
from costing.cli import main
from costing.errors import InputError
from costing.estimate import estimate
from costing.pricing import TERM_LABELS
from costing.report import render_estimate
from costing.refresh import refresh_prices
from tests.pricing_helpers import cents, inventory, of, resource
from tests.refresh_server import FixtureServer, fast_retries, standard_site

TODAY = date(2026, 11, 26)
VM_LINE = "t3.micro instance (Linux, on-demand)"
DB_LINE = "db.t3.micro instance (mysql, single-az)"


def termed(description: str, term: str) -> str:
    """A line's description under a reserved term: the term instead of "on-demand", else added in brackets."""
    label = TERM_LABELS[term]
    return description.replace("on-demand", label) if "on-demand" in description else f"{description} ({label})"


@pytest.fixture(scope="module")
def refreshed_cache(tmp_path_factory):
    root = tmp_path_factory.mktemp("cache")
    with FixtureServer(standard_site().routes()) as server:
        report = refresh_prices(regions=["us-east-1"], services=["ec2", "rds"], endpoint=server.url,
                                cache_dir=root, progress=False, retry=fast_retries())
    assert report.ok
    return root


@pytest.fixture
def cache(refreshed_cache, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(refreshed_cache))
    return refreshed_cache


def stack(*others: dict):
    return inventory(resource("aws:ec2/instance:Instance", "vm", {"instanceType": "t3.micro",
                                                                  "associatePublicIpAddress": False}),
                     resource("aws:rds/instance:Instance", "db", {"engine": "mysql", "instanceClass": "db.t3.micro"}),
                     resource("aws:ec2/natGateway:NatGateway", "nat", {"subnetId": "subnet-1",
                                                                       "connectivityType": "private"}), *others)


def line(result, name: str, description: str):
    """(unit_usd, monthly_usd, pricing line) of one line of a resource."""
    lines = result.lines.join(result.reserved.lines) if result.reserved else result.lines
    rows = lines[(lines["urn"] == of(result, name)["urn"]) & (lines["description"] == description)]
    assert len(rows) == 1
    return rows.iloc[0]


# term, vm instance unit price and month, db instance month, total month, saving, instances left on demand
TERMS = [
    ("reserved-1y-no-upfront", 0.0065, 4.745, 8.76, 4.745 + 0.80 + 8.76 + 2.30 + 32.85, 2.847 + 3.65, ()),
    ("reserved-1y-all-upfront", 55 / 8760, 55 / 12, 12.41, 55 / 12 + 0.80 + 14.71 + 32.85, 7.592 - 55 / 12,
     ("db.t3.micro in us-east-1",)),
    ("reserved-3y-no-upfront", 0.0045, 3.285, 12.41, 3.285 + 0.80 + 14.71 + 32.85, 7.592 - 3.285,
     ("db.t3.micro in us-east-1",)),
    ("reserved-3y-all-upfront", 113 / 26280, 113 / 36, 300 / 36, 113 / 36 + 0.80 + 300 / 36 + 2.30 + 32.85,
     (7.592 - 113 / 36) + (12.41 - 300 / 36), ()),
]


@pytest.mark.parametrize("term, vm_unit, vm_monthly, db_monthly, total, saving, left", TERMS,
                         ids=[term for term, *_ in TERMS])
def test_reserved_terms_to_the_cent(cache, term, vm_unit, vm_monthly, db_monthly, total, saving, left):
    result = estimate(stack(), load_catalog(), pricing=term)
    vm = line(result, "vm", termed(VM_LINE, term))
    assert vm["unit_usd"] == pytest.approx(vm_unit, rel=1e-12)
    assert (vm["monthly_usd"], vm["term"], vm["on_demand_unit_usd"]) == (cents(vm_monthly), term, 0.0104)
    assert vm["saving_monthly_usd"] == cents(7.592 - vm_monthly)
    assert line(result, "db", DB_LINE if left else termed(DB_LINE, term))["monthly_usd"] == cents(db_monthly)
    assert of(result, "nat")["monthly_usd"] == cents(32.85)
    assert result.totals["monthly_usd"] == cents(total)
    assert result.reserved.saving_monthly_usd == cents(saving)
    assert result.reserved.on_demand_monthly_usd == cents(55.952)
    assert result.reserved.without_term == left


def test_on_demand_is_the_default_and_has_no_reserved_part(cache):
    result = estimate(stack(), load_catalog())
    assert result.reserved is None
    assert result.totals["monthly_usd"] == cents(55.952)
    assert "pricing" not in json.loads(render_estimate(result, "json", today=TODAY))


def test_an_asg_range_is_priced_at_the_term_too(cache):
    lt = resource("aws:ec2/launchTemplate:LaunchTemplate", "lt", {
        "instanceType": "t3.micro", "networkInterfaces": [{"associatePublicIpAddress": "false"}]})
    asg = resource("aws:autoscaling/group:Group", "web", {"minSize": 1, "desiredCapacity": 2, "maxSize": 4,
                                                          "launchTemplate": {"id": "lt-1"}},
                   refs={"launchTemplate": [lt["urn"]]})
    result = estimate(inventory(lt, asg), load_catalog(), pricing="reserved-1y-no-upfront")
    ranges = result.asg_ranges.iloc[0]
    assert ranges["monthly_usd_at_max"] == cents(4 * (4.745 + 0.80))  # t3.micro at 0.0065/h, 8 GB gp2 root


def test_json_has_the_term_the_saving_and_each_lines_on_demand_price(cache):
    result = estimate(stack(), load_catalog(), pricing="reserved-1y-no-upfront")
    document = json.loads(render_estimate(result, "json", today=TODAY))
    assert document["pricing"] == {"term": "reserved-1y-no-upfront", "monthly_usd": 49.455,
                                   "on_demand_monthly_usd": 55.952, "saving_monthly_usd": 6.497,
                                   "on_demand_without_term": []}
    vm = next(item for item in document["resources"] if item["name"] == "vm")
    assert vm["saving_monthly_usd"] == 2.847
    assert vm["lines"][0] == {"description": "t3.micro instance (Linux, reserved 1 year, no upfront)",
                              "service": "ec2", "item": "t3.micro", "variant": "linux-ondemand-shared",
                              "quantity": 1.0, "unit": "hour", "unit_usd": 0.0065, "monthly_usd": 4.745,
                              "usage": False, "usage_key": "", "status": "priced", "reason": "", "note": "",
                              "pricing": "reserved-1y-no-upfront", "on_demand_unit_usd": 0.0104,
                              "saving_monthly_usd": 2.847}
    db = next(item for item in document["resources"] if item["name"] == "db")
    assert db["lines"][0]["description"] == "db.t3.micro instance (mysql, single-az) (reserved 1 year, no upfront)"
    assert vm["lines"][1]["pricing"] == "on-demand" and vm["lines"][1]["saving_monthly_usd"] == 0.0
    assert document["totals"]["monthly_usd"] == 49.455


def test_the_table_says_the_term_and_the_saving(cache):
    result = estimate(stack(), load_catalog(), pricing="reserved-1y-all-upfront")
    text = render_estimate(result, "table", today=TODAY)
    assert ("Pricing: reserved 1 year, all upfront for EC2 and RDS instances (effective rates, upfront fees spread "
            "over the term): $52.94/month against $55.95 on demand, saving $3.01/month (5.4%); on demand (no "
            "price for the term): db.t3.micro in us-east-1") in " ".join(text.split())


def test_without_reserved_prices_the_estimate_asks_for_a_refresh(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))  # nothing refreshed: the embedded snapshot only
    with pytest.raises(InputError) as error:
        estimate(stack(), load_catalog(), pricing="reserved-3y-no-upfront")
    assert str(error.value) == (
        "--pricing reserved-3y-no-upfront: no reserved prices in us-east-1 in the price catalog (the embedded "
        "snapshot has on-demand prices only): reserved prices need `costing prices refresh --services ec2,rds "
        "--regions us-east-1` first")


def preview_document(region: str) -> dict:
    stack_urn = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"

    def step(type_token: str, name: str, inputs: dict) -> dict:
        urn = f"urn:pulumi:dev::shop::{type_token}::{name}"
        return {"op": "create", "urn": urn, "newState": {"urn": urn, "custom": True, "type": type_token,
                                                          "inputs": inputs, "parent": stack_urn}}

    return {"config": {"aws:region": region}, "steps": [
        {"op": "create", "urn": stack_urn, "newState": {"urn": stack_urn, "custom": False,
                                                         "type": "pulumi:pulumi:Stack"}},
        step("aws:ec2/instance:Instance", "vm", {"instanceType": "t3.micro", "associatePublicIpAddress": False})]}


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return exited.value.code, out, err


def test_cli_pricing_option(cache, capsys, tmp_path):
    preview = tmp_path / "preview.json"
    preview.write_text(json.dumps(preview_document("us-east-1")))
    code, out, _ = run(capsys, "estimate", "--preview", preview, "--pricing", "reserved-3y-all-upfront",
                       "--format", "json")
    assert code == 0
    pricing = json.loads(out)["pricing"]
    assert (pricing["monthly_usd"], pricing["saving_monthly_usd"]) == (round(113 / 36 + 0.80, 6),
                                                                       round(7.592 - 113 / 36, 6))


def test_cli_exits_2_when_the_region_has_no_reserved_prices(cache, capsys, tmp_path):
    preview = tmp_path / "preview.json"
    preview.write_text(json.dumps(preview_document("eu-west-1")))
    code, out, err = run(capsys, "estimate", "--preview", preview, "--pricing", "reserved-1y-no-upfront")
    assert (code, out) == (2, "")
    assert err == ("costing: error: --pricing reserved-1y-no-upfront: no reserved prices in eu-west-1 in the price "
                   "catalog (the embedded snapshot has on-demand prices only): reserved prices need `costing prices "
                   "refresh --services ec2,rds --regions eu-west-1` first\n")


def test_cli_refuses_an_unknown_term(cache, capsys, tmp_path):
    code, out, err = run(capsys, "estimate", "--preview", tmp_path / "none.json", "--pricing", "reserved-2y")
    assert (code, out) == (2, "")
    assert "'reserved-2y' is not one of 'on-demand', 'reserved-1y-no-upfront'" in err


def test_estimates_say_where_the_prices_they_use_come_from_and_warn_when_old(cache):
    # beside the refreshed EC2 and RDS prices, an Elastic IP (vpc) and a CloudFront distribution's usage lines
    # use embedded prices
    result = estimate(stack(resource("aws:ec2/eip:Eip", "ip", {}),
                            resource("aws:cloudfront/distribution:Distribution", "cdn", {})),
                      load_catalog(), pricing="reserved-1y-no-upfront")
    origins = {p.service: (p.as_of, p.origin.split(" (")[0]) for p in result.prices}
    # only the services of the estimate's lines, not every service of the catalog
    assert sorted(origins) == sorted(result.lines["service"].unique()) == [
        "cloudfront", "ebs", "ec2", "nat", "rds", "rds-storage", "vpc"]
    assert origins["ec2"] == ("2026-09-01", f"cache {cache / 'prices'}")
    assert origins["vpc"] == ("2025-11-19", "embedded snapshot")  # normalized/vpc.csv
    assert origins["cloudfront"] == ("2025-04-29", "embedded snapshot")  # aws-pricing-pages/cloudfront.json
    text = " ".join(render_estimate(result, "table", today=TODAY).split())
    # the refreshed services are 86 days old; the embedded ones more than 90
    assert "Warning: prices for cloudfront, vpc are more than 90 days old (oldest: cloudfront, 576 days)" in text
