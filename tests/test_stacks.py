"""Each environment's stack, run offline end to end: counts, tags, region, outputs and the security chain."""

import json
from collections import Counter

import pytest

from costing.inventory import PROJECT_ROOT
from costing.inventory.program import run_stack

SUBNET = "aws:ec2/subnet:Subnet"
NAT = "aws:ec2/natGateway:NatGateway"
EIP = "aws:ec2/eip:Eip"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
DB = "aws:rds/instance:Instance"
SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup"
ASG = "aws:autoscaling/group:Group"
PROVIDER = "pulumi:providers:aws"

# stack: (resources, subnets per tier (public, private, isolated), NAT gateways, route tables, DB instances,
#         ASG (min, desired, max), Multi-AZ)
EXPECTED = {
    "dev": (44, (2, 2, 0), 1, 2, 1, (1, 1, 2), False),
    "staging": (49, (2, 2, 2), 1, 3, 1, (2, 2, 4), True),
    "prod": (73, (3, 3, 3), 3, 5, 2, (3, 3, 9), True),
}


# Every stack file of stacks/ (a new one fails test_every_stack_has_its_expectations until EXPECTED has it).
STACKS = sorted(path.name.removeprefix("Pulumi.").removesuffix(".yaml")
                for path in (PROJECT_ROOT / "stacks").glob("Pulumi.*.yaml"))


def test_every_stack_has_its_expectations():
    assert STACKS and STACKS == sorted(EXPECTED)


@pytest.fixture(scope="module", params=STACKS)
def stack(request):
    if request.param not in EXPECTED:
        pytest.fail(f"stacks/Pulumi.{request.param}.yaml has no expectations in EXPECTED")
    return request.param, run_stack(request.param)


def tier_of(subnet) -> str:
    return subnet.inputs["tags"]["Tier"]


def test_counts_per_environment(stack):
    name, run = stack
    total, tiers, nats, route_tables, databases, sizes, multi_az = EXPECTED[name]
    assert len(run.resources) == total
    per_tier = Counter(tier_of(subnet) for subnet in run.of_type(SUBNET))
    assert (per_tier["public"], per_tier["private"], per_tier["isolated"]) == tiers
    assert len(run.of_type(NAT)) == nats and len(run.of_type(EIP)) == nats
    assert len(run.of_type(ROUTE_TABLE)) == route_tables
    assert len(run.of_type(DB)) == databases
    group = run.of_type(ASG)[0].inputs
    assert (group["minSize"], group["desiredCapacity"], group["maxSize"]) == sizes
    primary = run.one(DB, "database-primary") if databases > 1 else run.of_type(DB)[0]
    assert primary.inputs["multiAz"] is multi_az


def test_provider_is_in_the_stack_region_with_cost_allocation_tags(stack):
    name, run = stack
    (provider,) = run.of_type(PROVIDER)
    assert provider.inputs["region"] == "us-east-1"
    tags = json.loads(provider.inputs["defaultTags"])["tags"]  # provider inputs arrive JSON-encoded
    expected = {"Project": "webstack", "Environment": name, "ManagedBy": "pulumi"}
    if name != "dev":
        expected["CostCenter"] = "platform"
    assert tags == expected
    aws_resources = [r for r in run.resources if r.custom and r.type.startswith("aws:")]
    assert {r.provider.split("::")[-2] for r in aws_resources} == {"aws"}


def test_database_lives_in_the_innermost_tier(stack):
    name, run = stack
    tier = "isolated" if EXPECTED[name][1][2] else "private"
    ids = {subnet.id for subnet in run.of_type(SUBNET) if tier_of(subnet) == tier}
    (group,) = run.of_type(SUBNET_GROUP)
    assert set(group.inputs["subnetIds"]) == ids


def test_no_password_anywhere_in_inputs(stack):
    _, run = stack
    for resource in run.resources:
        assert "password" not in json.dumps(resource.inputs).lower().replace("managemasteruserpassword", "")


def test_outputs_a_user_needs(stack):
    name, run = stack
    assert run.outputs["vpc_id"] == run.of_type("aws:ec2/vpc:Vpc")[0].id
    assert run.outputs["load_balancer_dns_name"].endswith(".us-east-1.elb.amazonaws.com")
    assert run.outputs["database_endpoint"].endswith(".rds.amazonaws.com:5432")
    assert run.outputs["database_secret_arn"].startswith("arn:aws:secretsmanager:us-east-1:")
    assert len(run.outputs["private_subnet_ids"]) == EXPECTED[name][1][1]
