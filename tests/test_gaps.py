"""What an estimate says about what it cannot price: other providers' resources are "not AWS" (never
unpriced), an input without AWS resources is an error, a load balancer with unknown subnets is partly
priced, and --fail-on-unpriced turns any gap into exit code 1 in estimate, regions and diff."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from costing.errors import InputError
from costing.estimate import estimate
from costing.inventory import load_preview
from tests.cli_helpers import error_line, run
from tests.documents import UNKNOWN, step, write_steps
from tests.pricing_helpers import cents, inventory, lines_of, of, priced, resource

LB = "aws:lb/loadBalancer:LoadBalancer"
NAT = "aws:ec2/natGateway:NatGateway"


OTHER_PROVIDERS = [step("random:index/randomPassword:RandomPassword", "db-password", {"length": 32}),
                   step("tls:index/privateKey:PrivateKey", "deploy-key", {"algorithm": "ED25519"}),
                   step("command:local:Command", "migrate", {"create": "make migrate"}),
                   step("kubernetes:core/v1:Namespace", "apps", {}),
                   step("awsx:ec2:Vpc", "vpc", {}, custom=False)]


def test_other_providers_resources_are_not_aws_never_unpriced(tmp_path):
    path = write_steps(tmp_path / "mixed.json", [*OTHER_PROVIDERS, step(NAT, "nat", {"connectivityType": "private"}),
                                           step("aws:iam/role:Role", "app-role", {})])
    result = estimate(load_preview(path), _catalog())
    statuses = dict(zip(result.resources["name"], zip(result.resources["status"], result.resources["reason"])))
    assert statuses["db-password"] == ("not-aws", "not an AWS resource (random): costing prices what AWS bills")
    assert statuses["migrate"] == ("not-aws", "not an AWS resource (command): costing prices what AWS bills")
    assert {name: status for name, (status, _) in statuses.items()} == {
        "db-password": "not-aws", "deploy-key": "not-aws", "migrate": "not-aws", "apps": "not-aws",
        "nat": "priced", "app-role": "free"}
    assert {key: result.totals[key] for key in ("priced", "free", "not_aws", "unpriced")} == {
        "priced": 1, "free": 1, "not_aws": 4, "unpriced": 0}
    assert result.totals["monthly_usd"] == cents(32.85)  # the private NAT gateway's hours: 0.045 x 730


def test_an_input_without_an_aws_resource_is_an_error_saying_what_it_found(tmp_path, capsys):
    path = write_steps(tmp_path / "plan.json", OTHER_PROVIDERS)
    assert error_line(capsys, "estimate", "--preview", path) == (
        f"costing: error: preview {path} (stack dev, project shop): nothing to price: it has 4 resources, none of "
        f"them AWS (random: 1, tls: 1, command: 1, kubernetes: 1); costing prices the AWS resources of a Pulumi "
        f"program")
    empty = write_steps(tmp_path / "empty.json", [])
    assert error_line(capsys, "regions", "--preview", empty) == (
        f"costing: error: preview {empty}: nothing to price: it has no resources; costing prices the AWS resources "
        f"of a Pulumi program")


def test_a_diff_from_an_empty_stack_prices_the_head_and_of_two_empty_sides_is_an_error(tmp_path, capsys):
    base = write_steps(tmp_path / "base.json", [])
    head = write_steps(tmp_path / "head.json", [step(NAT, "nat", {"connectivityType": "private"})])
    code, out, _ = run(capsys, "diff", base, head, "--format", "json")
    assert code == 0 and json.loads(out)["delta_monthly_usd"] == 32.85
    assert error_line(capsys, "diff", base, write_steps(tmp_path / "other.json", OTHER_PROVIDERS[:1])) == (
        f"costing: error: preview {tmp_path / 'other.json'} (stack dev, project shop): nothing to price: it has 1 "
        f"resource, none of them AWS (random: 1); costing prices the AWS resources of a Pulumi program")


def test_unknown_subnets_price_the_rest_and_mark_the_totals_incomplete():
    result = priced(resource(LB, "web", {"subnets": UNKNOWN}), resource(NAT, "nat", {"connectivityType": "private"}))
    web = of(result, "web")
    assert (web["status"], web["reason"], web["monthly_usd"]) == ("partial", "subnets unknown until apply",
                                                                  cents(16.43))  # 0.0225 x 730
    unknown = lines_of(result, "web").loc["public IPv4 addresses (one per subnet)"]
    assert (unknown["status"], unknown["unit_usd"]) == ("unknown", 0.005) and math.isnan(unknown["monthly_usd"])
    assert result.totals["monthly_usd"] == cents(16.43 + 32.85)
    assert (result.totals["partial"], result.totals["unpriced"]) == (1, 0)


def test_a_missing_price_on_a_line_of_unknown_quantity_says_both():
    result = priced(resource(LB, "web", {"subnets": UNKNOWN}, region="mx-central-1"))
    assert of(result, "web")["status"] == "unpriced"
    assert of(result, "web")["reason"] == (  # the hand-made price table has nothing in mx-central-1 but EC2
        "no price for elb alb in mx-central-1; no price for elb alb-lcu in mx-central-1; no price for vpc "
        "public-ipv4-in-use in mx-central-1; subnets unknown until apply; no price for data-transfer out-to-internet "
        "(0-10TB) in mx-central-1")


@pytest.fixture
def partial_preview(tmp_path) -> Path:
    return write_steps(tmp_path / "plan.json", [step(LB, "web", {"subnets": UNKNOWN})])


def test_the_reports_say_what_is_partly_priced(capsys, partial_preview):
    code, out, _ = run(capsys, "estimate", "--preview", partial_preview, "--format", "markdown")
    assert code == 0
    assert ("**$16.43/month ($0.0225/hour) (incomplete: 1 partly priced resource counted for what is known)**"
            in out)
    assert "#### Partly priced (1): the known part in the totals, not the rest\n\n- web: subnets unknown until apply" \
        in out
    assert "1 resource: 0 priced, 1 partly priced, 0 free, 0 unpriced." in out


@pytest.mark.parametrize("command", [["estimate"], ["regions", "--regions", "us-east-1,eu-west-1"]])
def test_fail_on_unpriced_exits_1_after_the_report(capsys, partial_preview, command):
    code, out, err = run(capsys, *command, "--preview", partial_preview, "--fail-on-unpriced", "-f", "json")
    assert code == 1 and json.loads(out)
    expected = {"estimate": "costing: 1 billable resource is unpriced or partly priced (--fail-on-unpriced)\n",
                "regions": "costing: 2 of 2 regions are incomplete, with resources unpriced or partly priced there "
                           "(us-east-1, eu-west-1) (--fail-on-unpriced)\n"}
    assert err.endswith(expected[command[0]])


def test_fail_on_unpriced_passes_when_every_cost_is_known(capsys, tmp_path):
    path = write_steps(tmp_path / "plan.json", [step(NAT, "nat", {"connectivityType": "private"})])
    for command in (["estimate"], ["regions", "--regions", "us-east-1"], ["diff", path]):
        code, _, err = run(capsys, *command, *(["--preview"] if command[0] != "diff" else []), path,
                           "--fail-on-unpriced", "-f", "json")
        assert code == 0, (command, err)


def test_diff_fails_on_unpriced_on_either_side_and_the_comment_states_the_share(capsys, tmp_path):
    base = write_steps(tmp_path / "base.json", [step(NAT, "nat", {"connectivityType": "private"})])
    head = write_steps(tmp_path / "head.json", [step(NAT, "nat", {"connectivityType": "private"}),
                                          step("aws:glacier/vault:Vault", "assets", {})])
    code, out, err = run(capsys, "diff", base, head, "--format", "markdown", "--fail-on-unpriced")
    assert code == 1
    assert err.endswith("costing: unpriced or partly priced resources: 0 before, 1 after; the change in cost is not "
                        "wholly known (--fail-on-unpriced)\n")
    assert ("_Not in the totals: 0 unpriced or partly priced resource(s) before, 1 after; after the change, 1 of 2 "
            "billable resources (50%) unpriced or partly priced._") in out


def test_a_partly_priced_input_is_not_an_error_without_the_flag(partial_preview):
    with pytest.raises(InputError):
        estimate(inventory(), _catalog())
    assert estimate(load_preview(partial_preview), _catalog()).totals["partial"] == 1


def _catalog():
    from costing.catalog import load_catalog

    return load_catalog()


# --- a price missing from the data: the resource partly priced, every gate seeing the gap -----------------

REDSHIFT = "aws:redshift/cluster:Cluster"
RA3 = {"clusterIdentifier": "warehouse", "nodeType": "ra3.xlplus", "numberOfNodes": 2, "clusterType": "multi-node"}


@pytest.fixture
def ra3_preview(tmp_path) -> Path:
    """An RA3 cluster (its managed storage has no price in the shared data) beside a private NAT gateway."""
    return write_steps(tmp_path / "ra3.json", [step(REDSHIFT, "warehouse", RA3),
                                         step(NAT, "nat", {"connectivityType": "private"})])


def test_a_line_without_a_price_leaves_its_resource_partly_priced_for_the_rest(ra3_preview):
    result = estimate(load_preview(ra3_preview), _catalog())
    warehouse = of(result, "warehouse")
    # 2 ra3.xlplus nodes at 1.086/h (aws-pricing-pages/redshift.json) x 730 = 1,585.56; the storage apart
    assert (warehouse["status"], warehouse["reason"], warehouse["monthly_usd"]) == (
        "partial", "no price for redshift managed-storage in us-east-1", cents(1585.56))
    storage = lines_of(result, "warehouse").loc["managed storage"]
    assert storage["status"] == "unpriced" and math.isnan(storage["unit_usd"])
    assert storage["note"] == "the shared price data (aws-pricing-pages/redshift.json) has no Redshift managed storage price"
    assert result.totals["monthly_usd"] == cents(1585.56 + 32.85)
    assert (result.totals["priced"], result.totals["partial"], result.totals["unpriced"]) == (1, 1, 0)


def test_a_usage_line_without_a_price_says_so_not_that_it_depends_on_usage(capsys, ra3_preview):
    code, out, _ = run(capsys, "estimate", "--preview", ra3_preview, "--format", "markdown")
    assert code == 0
    assert "| warehouse: managed storage | - | n/a per GB-month | no price |" in out
    assert "| nat: data processed | - | $0.045/GB | depends on usage |" in out


def test_every_gate_sees_a_missing_price(capsys, ra3_preview, tmp_path):
    code, _, err = run(capsys, "estimate", "--preview", ra3_preview, "-f", "json", "--fail-on-unpriced")
    assert code == 1 and err.endswith(
        "costing: 1 billable resource is unpriced or partly priced (--fail-on-unpriced)\n")
    code, _, err = run(capsys, "estimate", "--preview", ra3_preview, "-f", "json", "--max-monthly", "5000")
    assert code == 0 and err.endswith(
        "costing: warning: monthly estimate $1,618.41 is within --max-monthly $5,000.00, but 1 billable resource is "
        "unpriced or partly priced: the real total may be higher (--fail-on-unpriced fails on it)\n")
    base = write_steps(tmp_path / "base.json", [step(NAT, "nat", {"connectivityType": "private"})])
    code, out, err = run(capsys, "diff", base, ra3_preview, "-f", "json", "--max-increase", "2000", "--budget", "9000")
    assert code == 0
    assert json.loads(out)["notes"] == [
        "stack dev: monthly estimate $1,618.41 is 18% of its budget of $9,000.00, but the real total may be higher "
        "(incomplete: 1 billable resource unpriced or partly priced, not wholly counted)",
        "monthly cost moves by +$1,585.56, within --max-increase $2,000.00, but unpriced or partly priced resources "
        "(0 before, 1 after) are not wholly counted: the real change may differ"]
    assert "costing: warning: stack dev: monthly estimate $1,618.41 is 18% of its budget" in err


def test_a_price_every_region_misses_leaves_regions_comparable_but_incomplete(ra3_preview):
    from costing.estimate import compare_regions

    table = compare_regions(load_preview(ra3_preview), _catalog(), regions=["us-east-1", "eu-west-1"]).regions
    rows = table.set_index("region")
    assert rows["complete"].tolist() == [False, False] and rows["unpriced"].tolist() == [1, 1]
    # eu-west-1: ra3.xlplus 1.086 -> 1.202/h (redshift.json; x 2 x 730 = +169.36), NAT gateway 0.045 -> 0.048/h
    # (normalized/nat.csv; x 730 = +2.19): the storage neither region prices is left out of both
    assert rows.loc["us-east-1", "monthly_usd"] == cents(1618.41)
    assert rows.loc["eu-west-1", "delta_monthly_usd"] == cents(171.55)


def test_an_auto_scaling_range_is_never_a_floor_shown_as_its_cost():
    from costing.report.common import asg_lines
    from costing.report.html.estimate_page import auto_scaling

    lt = resource("aws:ec2/launchTemplate:LaunchTemplate", "lt", {"instanceType": "t3.micro"})
    group = resource("aws:autoscaling/group:Group", "web", {"launchTemplate": {"id": lt["id"]}, "minSize": 1,
                                                            "maxSize": 3, "desiredCapacity": 2, "vpcZoneIdentifiers":
                                                                [UNKNOWN]})
    # its addresses unknown (subnets unknown until apply): each instance's cost has a gap
    assert asg_lines(priced(lt, group)) == ["Auto Scaling group web: 2 instances now, 1..3 allowed; the cost at each "
                                            "size is not wholly known (its lines say why)"]
    unsized = resource("aws:autoscaling/group:Group", "web", {"launchTemplate": {"id": lt["id"]}, "minSize": 1,
                                                              "maxSize": 3, "desiredCapacity": UNKNOWN})
    result = priced(lt, unsized)
    # 7.592 + 0.80 (8 GB gp2 root) + 3.65 (a default subnet's public IPv4) = 12.042 an instance
    assert asg_lines(result) == ["Auto Scaling group web: desired capacity unknown, 1..3 allowed; $12.04/month at "
                                 "min, n/a at desired, $36.13 at max"]
    assert "desired capacity unknown" in auto_scaling(result)  # the HTML report too, without a chart row
