"""The registry of rules: every type token is real, each type has one fate, and every usage line
reads a key the usage file accepts for its type."""

from __future__ import annotations

import re
from pathlib import Path

import pulumi_aws
import pytest

from costing.rules import RULE_MODULES, rule_lines, usage_keys
from costing.rules.free import FREE_TYPES
from tests.pricing_helpers import frame, resource

PULUMI_AWS = Path(pulumi_aws.__file__).parent


def _module_file(type_token: str) -> Path:
    """aws:ec2/vpcEndpoint:VpcEndpoint -> pulumi_aws/ec2/vpc_endpoint.py (a module named after a Python
    keyword gets a trailing underscore: aws:lambda/... -> pulumi_aws/lambda_/...)"""
    module, name = type_token.split(":")[1].split("/")
    folder = PULUMI_AWS / module if (PULUMI_AWS / module).is_dir() else PULUMI_AWS / f"{module}_"
    return folder / (re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() + ".py")


@pytest.mark.parametrize("type_token", sorted({*RULE_MODULES, *FREE_TYPES}))
def test_type_token_is_one_pulumi_aws_declares(type_token):
    source = _module_file(type_token)
    assert source.exists(), f"{source} missing"
    assert f'@pulumi.type_token("{type_token}")' in source.read_text(encoding="utf-8")


def test_a_type_is_either_priced_by_a_rule_or_free():
    assert set(RULE_MODULES) & set(FREE_TYPES) == set()


def test_usage_lines_read_keys_the_usage_file_accepts_for_their_type():
    rows = [
        resource("aws:ec2/instance:Instance", "vm", {"instanceType": "t3.micro", "associatePublicIpAddress": True}),
        resource("aws:ec2/launchTemplate:LaunchTemplate", "lt", {"instanceType": "t3.micro", "networkInterfaces": [
            {"associatePublicIpAddress": "true"}]}),
        resource("aws:rds/instance:Instance", "db", {"engine": "mysql", "instanceClass": "db.t3.micro",
                                                     "monitoringInterval": 60,
                                                     "enabledCloudwatchLogsExports": ["error"]}),
        resource("aws:lb/loadBalancer:LoadBalancer", "alb", {"subnets": ["a"]}),
        resource("aws:lb/loadBalancer:LoadBalancer", "nlb", {"loadBalancerType": "network", "subnets": ["a"]}),
        resource("aws:elb/loadBalancer:LoadBalancer", "clb", {"subnets": ["a"]}),
        resource("aws:ec2/natGateway:NatGateway", "nat", {}),
        resource("aws:ec2/vpcEndpoint:VpcEndpoint", "ssm", {"vpcEndpointType": "Interface", "subnetIds": ["a"]}),
        resource("aws:cloudwatch/logGroup:LogGroup", "logs", {}),
    ]
    rows.append(resource("aws:autoscaling/group:Group", "asg", {"launchTemplate": {"id": "lt-id"}}))
    inventory = frame(*rows)
    lines = rule_lines(inventory, inventory)
    usage = lines[lines["usage"]].merge(inventory[["urn", "type"]], on="urn")
    used = {(row.type, row.usage_key) for row in usage.itertuples()}
    declared = {(type_token, key.name) for type_token in RULE_MODULES for key in usage_keys(type_token)}
    assert used == declared
