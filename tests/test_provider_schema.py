"""Every resource the stacks and a matrix of variants register passes the pulumi-aws provider's schema, as
scripts/aws_schema.py builds it from the pinned SDK; and the script catches what it is there to catch, shown
on a deliberately broken inventory.

The matrix covers the four architectures, the NAT strategies, the three load balancer types over HTTP and
HTTPS, every engine, the storage types, replicas (both password shapes), flow logs and network ACLs, in
eleven variants: each one program run offline (about half a second each here).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from costing.inventory import PROJECT_ROOT
from costing.inventory.program import plain_resources, run_stack_config
from costing.inventory.stack_config import load_stack_config

SCRIPT = PROJECT_ROOT / "scripts" / "aws_schema.py"
_spec = importlib.util.spec_from_file_location("aws_schema", SCRIPT)
aws_schema = sys.modules["aws_schema"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(aws_schema)

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f8e9c2a-1b2c-4d5e-8f90-123456789abc"
VPN = {"vpnCustomerGatewayIp": "203.0.113.12", "vpnOnPremisesCidrs": ["192.168.0.0/16"]}
VARIANTS = {
    "public-only": {"architecture": "public-only", "natStrategy": "none", "lbType": "network", "dbEngine": "mysql",
                    "dbStorageType": "gp2", "dbAllocatedStorage": 50},
    "public-private-vpn": {"architecture": "public-private-vpn", **VPN, "natStrategy": "per-az", "azCount": 3,
                           "isolatedSubnets": True, "flowLogs": True, "networkAcls": True, "lbType": "classic",
                           "certificateArn": CERT, "dbEngine": "mariadb", "dbStorageType": "io1",
                           "dbAllocatedStorage": 100, "dbIops": 3000},
    "private-vpn": {"architecture": "private-vpn", "vpnCustomerGatewayIp": "203.0.113.12",
                    "vpnRoutePropagation": True, "natStrategy": "none", "lbInternal": True, "certificateArn": CERT,
                    "dbReplicaCount": 2, "dbStorageType": "io2", "dbAllocatedStorage": 100, "dbIops": 5000,
                    "networkAcls": True},
    "nat-none": {"natStrategy": "none", "s3GatewayEndpoint": False, "scalingMetric": "requests",
                 "scalingTarget": 500, "userData": "#!/bin/sh\necho hello\n", "detailedMonitoring": True},
    "oracle": {"dbEngine": "oracle-se2", "dbInstanceClass": "db.m5.large", "dbAllocatedStorage": 400,
               "dbIops": 12000, "dbStorageThroughput": 500, "dbMonitoringInterval": 30, "dbAlarmTopic": True,
               "dbMultiAz": True},
    "oracle-byol": {"dbEngine": "oracle-se2", "dbLicenseModel": "bring-your-own-license",
                    "dbInstanceClass": "db.m5.large", "dbPasswordSource": "generated"},
    "sqlserver-ee": {"dbEngine": "sqlserver-ee", "dbInstanceClass": "db.m5.xlarge", "dbMultiAz": True,
                     "dbReplicaCount": 1, "lbType": "network", "certificateArn": CERT},
    "sqlserver-ex": {"dbEngine": "sqlserver-ex", "dbInstanceClass": "db.t3.small"},
    "sqlserver-web": {"dbEngine": "sqlserver-web", "dbInstanceClass": "db.m5.large", "dbPerformanceInsights": True},
    "sqlserver-se": {"dbEngine": "sqlserver-se", "dbInstanceClass": "db.m5.large", "dbMultiAz": True},
    "mysql-replicas": {"dbEngine": "mysql", "dbInstanceClass": "db.m6g.large", "dbPerformanceInsights": True,
                       "dbReplicaCount": 1, "dbMaxAllocatedStorage": 100, "instanceType": "m7g.large"},
}


@functools.cache
def resources_of(stack: str) -> list[dict]:
    """A stack's resources, or a variant's: dev's settings changed as VARIANTS says (each run once)."""
    changes = VARIANTS.get(stack)
    config = load_stack_config(PROJECT_ROOT, "dev" if changes is not None else stack)
    if changes is not None:
        config = replace(config, stack=stack, values={**config.values, **{
            key if ":" in key else f"webstack:{key}": value for key, value in changes.items()}})
    return plain_resources(run_stack_config(config))


@pytest.fixture(scope="module")
def builder():
    return aws_schema.SchemaBuilder()


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_stack_passes_the_provider_schema(builder, stack):
    resources = resources_of(stack)
    assert aws_schema.check_resources(resources, builder) == []
    assert {resource["type"] for resource in resources} <= set(builder.resources) | {
        "webstack:index:Network", "webstack:index:WebTier", "webstack:index:Database"}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_variant_passes_the_provider_schema(builder, variant):
    assert aws_schema.check_resources(resources_of(variant), builder) == []


def test_the_matrix_registers_every_kind_of_resource_the_components_can(builder):
    kinds = {resource["type"] for variant in VARIANTS for resource in resources_of(variant)}
    assert {"aws:elb/loadBalancer:LoadBalancer", "aws:elb/listenerPolicy:ListenerPolicy", "aws:ec2/vpnConnection:"
            "VpnConnection", "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation",
            "aws:ec2/vpnConnectionRoute:VpnConnectionRoute", "aws:ec2/networkAcl:NetworkAcl", "aws:ec2/flowLog:FlowLog",
            "aws:sns/topic:Topic", "random:index/randomPassword:RandomPassword",
            "aws:secretsmanager/secretVersion:SecretVersion"} <= kinds


# --- the script, on what it must catch --------------------------------------------------------------

BROKEN = [
    {"urn": "urn:x::subnet", "type": "aws:ec2/subnet:Subnet",
     "inputs": {"cidrBlok": "10.0.0.0/24", "mapPublicIpOnLaunch": "yes"}},
    {"urn": "urn:x::template", "type": "aws:ec2/launchTemplate:LaunchTemplate",
     "inputs": {"metadataOptions": {"httpTokenz": "required", "httpPutResponseHopLimit": 1.5},
                "blockDeviceMappings": [{"ebs": {"volumeSize": "big"}}], "tags": {"Name": 7}}},
    {"urn": "urn:x::alb", "type": "aws:alb/loadBalancer:LoadBalancer", "inputs": {"loadBalancerType": "gateway2"}},
    {"urn": "urn:x::vm", "type": "aws:ec2/instance:Instance", "inputs": {"securityGroups": ["web"]}},
    {"urn": "urn:x::password", "type": "random:index/randomPassword:RandomPassword", "inputs": {"length": "30"}},
    {"urn": "urn:x::db", "type": "aws:rds/instance:Instance",
     "inputs": {"instanceClass": "db.t4g.micro", "password": "[secret]", "allocatedStorage": 20.0}},
    {"urn": "urn:x::provider", "type": "pulumi:providers:aws",
     "inputs": {"region": "us-east-1", "skipRegionValidation": "maybe", "defaultTags": '{"tags": {"a": "b"}}',
                "version": "7.51.1"}},
    {"urn": "urn:x::network", "type": "webstack:index:Network", "inputs": {"anything": 1}},
]
PROBLEMS = [
    "urn:x::subnet: vpcId: required input is missing",
    "urn:x::subnet: cidrBlok: not a property of this type (did you mean cidrBlock?)",
    'urn:x::subnet: mapPublicIpOnLaunch: expected boolean, got "yes"',
    "urn:x::template: metadataOptions.httpTokenz: not a property of this type (did you mean httpTokens?)",
    "urn:x::template: metadataOptions.httpPutResponseHopLimit: expected integer, got 1.5",
    'urn:x::template: blockDeviceMappings[0].ebs.volumeSize: expected integer, got "big"',
    "urn:x::template: tags.Name: expected string, got 7",
    'urn:x::alb: loadBalancerType: "gateway2" is not one of application, network',
    "urn:x::vm: securityGroups: deprecated: Use of `securityGroups` is discouraged as it does not allow for changes "
    "and will force your instance to be replaced if changes are made. To avoid this, use `vpcSecurityGroupIds` "
    "which allows for updates.",
    'urn:x::password: length: expected integer, got "30"',
    'urn:x::provider: skipRegionValidation: expected boolean, got "maybe"',
]


def test_a_broken_inventory_is_caught_at_every_level(builder):
    assert aws_schema.check_resources(BROKEN, builder) == PROBLEMS


def test_the_script_reports_each_problem_and_exits_1(tmp_path):
    inventory = tmp_path / "broken.json"
    inventory.write_text(json.dumps(BROKEN))
    result = subprocess.run([sys.executable, str(SCRIPT), "check", str(inventory)], capture_output=True, text=True,
                            timeout=120)
    assert (result.returncode, result.stdout.splitlines()) == (1, PROBLEMS)
    assert result.stderr == f"{len(BROKEN)} resources checked, {len(PROBLEMS)} problem(s)\n"


def test_the_schema_has_the_shape_of_pulumis(tmp_path):
    output = tmp_path / "schema.json"
    result = subprocess.run([sys.executable, str(SCRIPT), "schema", "aws:ec2/subnet:Subnet",
                             "aws:ec2/launchTemplate:LaunchTemplate", "--output", str(output)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    schema = json.loads(output.read_text())
    subnet = schema["resources"]["aws:ec2/subnet:Subnet"]
    assert subnet["requiredInputs"] == ["vpcId"]
    assert subnet["inputProperties"]["cidrBlock"] == {"type": "string"}
    assert subnet["inputProperties"]["tags"] == {"type": "object", "additionalProperties": {"type": "string"}}
    options = schema["resources"]["aws:ec2/launchTemplate:LaunchTemplate"]["inputProperties"]["metadataOptions"]
    assert options == {"$ref": "#/types/pulumi_aws.ec2._inputs.LaunchTemplateMetadataOptionsArgs"}
    assert schema["types"][options["$ref"].removeprefix("#/types/")]["properties"]["httpPutResponseHopLimit"] == {
        "type": "integer"}


@pytest.mark.parametrize("arguments, message", [
    (["check"], "aws_schema: error: give an inventory file or --stack NAME"),
    (["schema", "aws:ec2/subnett:Subnett"], "aws_schema: error: not a resource of pulumi_aws, pulumi_random: "
                                            "aws:ec2/subnett:Subnett"),
])
def test_bad_input_exits_2(arguments, message):
    result = subprocess.run([sys.executable, str(SCRIPT), *arguments], capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr.strip()) == (2, message)


def test_the_script_checks_a_stack_by_name():
    result = subprocess.run([sys.executable, str(SCRIPT), "check", "--stack", "dev"], capture_output=True, text=True,
                            timeout=120, cwd=Path(SCRIPT).parent)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "44 resources checked, 0 problem(s)\n")
