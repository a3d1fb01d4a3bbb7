"""estimate() and compare_regions(): statuses, totals, the region override, Auto Scaling ranges,
region comparison order and completeness; and one run against the real price catalog."""

from __future__ import annotations

import math

import pytest

from costing import estimate as estimate_module
from costing.errors import InputError
from costing.estimate import compare_regions, estimate
from costing.result import LINE_RESULT_COLUMNS, RESOURCE_COLUMNS
from costing.schema import HOURS_PER_MONTH, PRICE_KEY, UNKNOWN
from costing.usage import Usage
from tests.pricing_helpers import PRICES, catalog, cents, inventory, of, priced, resource

INSTANCE = "aws:ec2/instance:Instance"
NAT = "aws:ec2/natGateway:NatGateway"
EIP = "aws:ec2/eip:Eip"
DB = "aws:rds/instance:Instance"


def small_stack(region: str = "us-east-1") -> list[dict]:
    eip = resource(EIP, "nat-eip", {"domain": "vpc"}, region=region, component="network")
    return [
        resource("webstack:index:Network", "network", {}, region=region, custom=False),
        resource("aws:ec2/vpc:Vpc", "vpc", {"cidrBlock": "10.0.0.0/16"}, region=region, component="network"),
        resource("aws:ec2/launchTemplate:LaunchTemplate", "lt", {"instanceType": "t3.micro"}, region=region),
        eip,
        resource(NAT, "nat", {"allocationId": UNKNOWN}, refs={"allocationId": [eip["urn"]]}, region=region,
                 component="network"),
        resource(INSTANCE, "vm", {"instanceType": "t3.micro", "rootBlockDevice": {"volumeType": "gp3",
                                                                                  "volumeSize": 10}}, region=region),
        resource("aws:glacier/vault:Vault", "assets", {}, region=region),
    ]


def test_every_resource_is_priced_free_or_unpriced_and_components_are_not_counted():
    result = priced(*small_stack())
    statuses = result.resources.set_index("name")["status"].to_dict()
    assert statuses == {"vpc": "free", "lt": "free", "nat-eip": "priced", "nat": "priced", "vm": "priced",
                        "assets": "unpriced"}
    assert of(result, "assets")["reason"] == "no pricing rule for aws:glacier/vault:Vault"
    assert math.isnan(of(result, "assets")["monthly_usd"])
    assert of(result, "lt")["reason"] == "priced on the instances and Auto Scaling groups that use it"
    assert {key: result.totals[key] for key in ("resources", "priced", "free", "unpriced")} == {
        "resources": 6, "priced": 3, "free": 2, "unpriced": 1}
    assert list(result.resources.columns) == RESOURCE_COLUMNS
    assert list(result.lines.columns) == LINE_RESULT_COLUMNS


def test_totals_add_up_priced_resources_and_keep_usage_apart():
    usage = Usage("usage.yaml", defaults={NAT: {"monthly_data_processed_gb": 100}})
    result = priced(*small_stack(), usage=usage)
    # NAT 0.045 x 730 = 32.85 ; EIP 0.005 x 730 = 3.65 ; vm 0.0104 x 730 = 7.592 + 10 GB x 0.08 = 0.80, and its
    # public IPv4 address 3.65 (no subnet given: a default subnet, which maps one)
    assert result.totals["monthly_usd"] == cents(48.542)
    assert result.totals["hourly_usd"] == cents(48.542 / HOURS_PER_MONTH)
    assert result.totals["hourly_usd"] * HOURS_PER_MONTH == pytest.approx(result.totals["monthly_usd"])
    assert result.totals["usage_monthly_usd"] == cents(4.50)  # 100 GB x 0.045
    assert result.region == "us-east-1"


def test_a_forced_region_prices_everything_there():
    result = priced(*small_stack(), region="eu-west-1")
    assert set(result.resources["region"]) == {"eu-west-1"}
    assert result.region == "eu-west-1"
    # NAT 0.048 x 730 = 35.04 ; EIP 3.65 ; vm 0.0114 x 730 = 8.322 + 10 x 0.088 = 0.88 + its address 3.65
    assert result.totals["monthly_usd"] == cents(51.542)


def test_an_unknown_region_is_refused():
    with pytest.raises(InputError, match="unknown region 'mars-north-1'"):
        priced(*small_stack(), region="mars-north-1")


def test_lines_show_prices_and_reasons_for_every_case():
    result = priced(resource(NAT, "nat", {}), resource(INSTANCE, "vm", {"instanceType": UNKNOWN}))
    lines = result.lines.set_index("description")
    assert lines.loc["NAT gateway hours", ["quantity", "unit", "unit_usd", "status", "reason"]].tolist() == [
        1.0, "hour", 0.045, "priced", ""]
    assert lines.loc["NAT gateway hours", "hourly_usd"] == pytest.approx(0.045)
    assert lines.loc["data processed", ["status", "reason"]].tolist() == ["priced", "depends on usage"]
    unknown = lines.loc["EC2 instance"]
    assert unknown[["status", "reason"]].tolist() == ["unpriced", "instance type unknown until apply"]
    assert math.isnan(unknown["unit_usd"]) and math.isnan(unknown["monthly_usd"])


def test_prices_provenance_comes_from_the_catalog():
    result = priced(resource(NAT, "nat", {}))
    assert {provenance.service: provenance.as_of for provenance in result.prices}["nat"] == "2025-12-01"


# --- region comparison -------------------------------------------------------------------------

def test_regions_are_cheapest_first_with_the_difference_to_home():
    stack = [row for row in small_stack() if row["name"] not in ("vm", "assets")]
    comparison = compare_regions(inventory(*stack), catalog(), regions=["eu-west-1", "ap-southeast-2", "us-east-1"])
    table = comparison.regions.set_index("region")
    assert list(comparison.regions["region"]) == ["us-east-1", "eu-west-1", "ap-southeast-2"]
    # NAT hour + one IPv4: us-east-1 (0.045 + 0.005) x 730 = 36.50; eu-west-1 (0.048 + 0.005) x 730 = 38.69;
    # ap-southeast-2 (0.059 + 0.005) x 730 = 46.72
    assert table["monthly_usd"].tolist() == [cents(36.50), cents(38.69), cents(46.72)]
    assert table["delta_monthly_usd"].tolist() == [cents(0.0), cents(2.19), cents(10.22)]
    assert table["complete"].all() and (table["unpriced"] == 0).all()
    assert comparison.home_region == "us-east-1"


def test_a_region_missing_a_price_is_incomplete_and_never_ranked_cheaper():
    # ap-southeast-2 has no RDS storage price for gp2 in the hand table: it looks cheap but is incomplete
    stack = small_stack()[:5] + [resource(DB, "db", {"engine": "mysql", "instanceClass": "db.t3.micro"})]
    comparison = compare_regions(inventory(*stack), catalog(), regions=["ap-southeast-2", "us-east-1", "eu-west-1"])
    table = comparison.regions.set_index("region")
    assert list(comparison.regions["region"]) == ["us-east-1", "eu-west-1", "ap-southeast-2"]
    assert table["complete"].tolist() == [True, True, False]
    assert table.loc["ap-southeast-2", "unpriced"] == 1
    assert math.isnan(table.loc["ap-southeast-2", "delta_monthly_usd"])
    # us-east-1: 36.50 + db 0.017 x 730 + 20 GB x 0.115 = 12.41 + 2.30 -> 51.21
    assert table.loc["us-east-1", "monthly_usd"] == cents(51.21)


def test_resources_unpriced_everywhere_make_every_region_incomplete_but_still_comparable():
    comparison = compare_regions(inventory(*small_stack()[:5], resource("aws:glacier/vault:Vault", "assets", {})),
                                 catalog(), regions=["us-east-1", "eu-west-1"])
    assert comparison.regions["complete"].tolist() == [False, False]
    assert comparison.regions["unpriced"].tolist() == [1, 1]
    assert comparison.regions["delta_monthly_usd"].tolist() == [0.0, cents(2.19)]  # (0.048 - 0.045) x 730 for the NAT hour


def test_regions_default_to_every_region_of_the_catalog_and_keep_usage_apart():
    usage = Usage("usage.yaml", defaults={NAT: {"monthly_data_processed_gb": 1000}})
    comparison = compare_regions(inventory(*small_stack()[:5]), catalog(), usage=usage)
    table = comparison.regions.set_index("region")
    assert set(table.index) == set(PRICES["region"])
    assert table.loc["eu-west-1", "usage_monthly_usd"] == cents(48.00)  # 1,000 GB x 0.048
    assert table.loc["eu-west-1", "monthly_usd"] == cents(38.69)


def test_regions_build_the_lines_once(monkeypatch):
    calls = []
    real = estimate_module.rule_lines
    monkeypatch.setattr(estimate_module, "rule_lines", lambda *args: calls.append(1) or real(*args))
    compare_regions(inventory(*small_stack()), catalog())
    assert len(calls) == 1


def test_an_unknown_region_in_the_list_is_refused():
    with pytest.raises(InputError, match="unknown region 'eu-west-9'"):
        compare_regions(inventory(*small_stack()), catalog(), regions=["eu-west-1", "eu-west-9"])


# --- the real catalog --------------------------------------------------------------------------

def _real_catalog():
    catalog_module = pytest.importorskip("costing.catalog")
    if not catalog_module.EMBEDDED_SNAPSHOT.exists():
        pytest.skip("the embedded price snapshot is not built yet")
    return catalog_module.load_catalog()


def test_confirmed_figures_against_the_embedded_catalog():
    real = _real_catalog()
    rows = [
        resource(INSTANCE, "vm", {"instanceType": "t3.micro", "rootBlockDevice": {"volumeType": "gp3",
                                                                                  "volumeSize": 100}}),
        resource(DB, "db", {"engine": "mysql", "instanceClass": "db.t3.micro", "multiAz": True,
                            "allocatedStorage": 100, "storageType": "gp3"}),
        resource(NAT, "nat", {}),
        resource("aws:lb/loadBalancer:LoadBalancer", "alb", {"subnets": ["a", "b"]}),
    ]
    expected = {  # README's confirmed figures x 730 (or per GB-month); vm: and its address (a default subnet's)
        "us-east-1": {"vm": (0.0104 + 0.005) * 730 + 100 * 0.08, "db": 0.034 * 730 + 100 * 0.230,
                      "nat": (0.045 + 0.005) * 730, "alb": (0.0225 + 2 * 0.005) * 730},
        "eu-west-1": {"vm": (0.0114 + 0.005) * 730 + 100 * 0.088, "db": 0.036 * 730 + 100 * 0.254,
                      "nat": (0.048 + 0.005) * 730, "alb": (0.0252 + 2 * 0.005) * 730},
        "ap-southeast-2": {"vm": (0.0132 + 0.005) * 730 + 100 * 0.096, "db": 0.052 * 730 + 100 * 0.276,
                           "nat": (0.059 + 0.005) * 730, "alb": (0.0252 + 2 * 0.005) * 730},
    }
    for region, costs in expected.items():
        result = estimate(inventory(*rows), real, region=region)
        assert result.resources.set_index("name")["monthly_usd"].to_dict() == {
            name: cents(cost) for name, cost in costs.items()}, region


def test_every_line_a_rule_writes_matches_a_catalog_price_and_its_unit():
    real = _real_catalog()
    assert not real.prices.duplicated(PRICE_KEY).any()
    lt = resource("aws:ec2/launchTemplate:LaunchTemplate", "lt", {
        "instanceType": "t3.micro", "networkInterfaces": [{"associatePublicIpAddress": "true"}],
        "blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"volumeSize": 20, "volumeType": "gp3",
                                                                    "iops": 4000, "throughput": 250}}]})
    rows = [
        lt, resource("aws:autoscaling/group:Group", "asg", {"launchTemplate": {"id": lt["id"]}}),
        resource("aws:ebs/volume:Volume", "io2", {"type": "io2", "size": 100, "iops": 70000}),
        resource("aws:ebs/volume:Volume", "io1", {"type": "io1", "size": 100, "iops": 5000}),
        resource(DB, "pg", {"engine": "postgres", "instanceClass": "db.m5.large", "allocatedStorage": 100,
                            "storageType": "gp3", "iops": 5000, "storageThroughput": 300,
                            "manageMasterUserPassword": True}),
        resource(DB, "ora", {"engine": "oracle-se2", "instanceClass": "db.m5.large", "storageType": "io1",
                             "iops": 2000, "multiAz": True}),
        resource(DB, "mssql", {"engine": "sqlserver-se", "instanceClass": "db.m5.xlarge", "multiAz": True}),
        resource("aws:lb/loadBalancer:LoadBalancer", "nlb", {"loadBalancerType": "network", "subnets": ["a"]}),
        resource("aws:elb/loadBalancer:LoadBalancer", "clb", {"subnets": ["a"]}),
        resource(NAT, "nat", {}), resource(EIP, "eip", {}),
        resource("aws:ec2/vpnConnection:VpnConnection", "vpn", {"transitGatewayId": "tgw-1"}),
        resource("aws:ec2/vpcEndpoint:VpcEndpoint", "ssm", {"vpcEndpointType": "Interface", "subnetIds": ["a"]}),
        resource("aws:cloudwatch/metricAlarm:MetricAlarm", "cpu", {"period": 10}),
        resource("aws:cloudwatch/metricAlarm:MetricAlarm", "mem", {"period": 60}),
        resource("aws:cloudwatch/compositeAlarm:CompositeAlarm", "any", {}),
        resource("aws:cloudwatch/logGroup:LogGroup", "logs", {}),
        resource("aws:secretsmanager/secret:Secret", "secret", {}),
        resource("aws:kms/key:Key", "key", {}),
    ]
    result = estimate(inventory(*rows), real, region="us-east-1")
    assert result.totals["unpriced"] == 0, result.resources[result.resources["status"] == "unpriced"]
    units = real.prices[real.prices["region"] == "us-east-1"].astype({"item": "str", "variant": "str"})
    joined = result.lines.merge(units[["service", "item", "variant", "unit"]].astype(str),
                                on=["service", "item", "variant"], suffixes=("", "_catalog"))
    assert len(joined) == len(result.lines)
    assert (joined["unit"] == joined["unit_catalog"]).all(), joined[joined["unit"] != joined["unit_catalog"]]


def test_the_prod_stack_is_fully_priced_offline():
    real = _real_catalog()
    stack_module = pytest.importorskip("costing.inventory.stack")
    result = estimate(stack_module.load_stack("prod", use_cache=False), real)
    gaps = result.resources[result.resources["status"].isin(["unpriced", "partial"])]
    assert (result.totals["unpriced"], result.totals["partial"]) == (0, 0), gaps
    # The generated master password is not an AWS resource: the only resource not priced or free.
    not_aws = result.resources[result.resources["status"] == "not-aws"]
    assert list(not_aws["type"]) == ["random:index/randomPassword:RandomPassword"]
    group = result.asg_ranges.iloc[0]
    assert (group["min_size"], group["desired"], group["max_size"]) == (3, 3, 9)
    assert group["monthly_usd_at_max"] == cents(3 * group["monthly_usd_at_desired"])
    by_type = result.resources.groupby("type")["monthly_usd"].sum()
    assert by_type["aws:ec2/eip:Eip"] == cents(3 * 0.005 * 730)  # one address per NAT gateway, priced once
    # The generated password's own secret ($0.40/month) and KMS key ($1/month), beside the alarm topic's key;
    # RDS keeps no secret of its own for a generated password.
    assert (by_type["aws:secretsmanager/secret:Secret"], by_type["aws:kms/key:Key"]) == (0.40, 2.00)
    primary = result.lines[result.lines["urn"].str.endswith("::database-primary")]
    assert not primary["description"].str.contains("master password secret").any()
