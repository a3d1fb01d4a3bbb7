"""Mocks for unit tests of a program (program.py): invokes answered from the runners' shared table
(costing/inventory/runners/answers.json), and the ids and outputs AWS computes at creation fabricated,
as after `pulumi up`, so that values derived from outputs are never None. (costing's own runs use preview
semantics instead: those outputs are unknown.)
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import pulumi

from costing.inventory.runners import ANSWERS
from costing.inventory.runners.python.costing_answers import Answers



@functools.lru_cache(maxsize=1)
def answers() -> Answers:
    return Answers.load(str(ANSWERS))


ACCOUNT_ID = answers().table["account"]


def availability_zones(region: str) -> list[str]:
    return answers().zones(region)


def fake_hex(*parts: str, length: int = 17) -> str:
    """A stable hexadecimal id derived from its parts, so two runs of a stack agree."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def ami_id(region: str) -> str:
    """The image the table answers AMI lookups and SSM parameters with in `region`."""
    return f"ami-{fake_hex('ami', region)}"


class RegionalMocks(pulumi.runtime.Mocks):
    """Echo inputs as outputs with fabricated ids and computed outputs; answer invokes from the table."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.provider_inputs = lambda reference: {}  # set by the recording monitor

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        resource_id = args.resource_id or _resource_id(args.typ, args.name)
        outputs = dict(args.inputs)
        outputs.setdefault("name", args.name)
        outputs.setdefault("arn", _arn(args.typ, args.name, self.region))
        outputs.update(_type_outputs(args.typ, args.name, args.inputs, self.region))
        return resource_id, outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict:
        provider = self.provider_inputs(args.provider)
        region = args.args.get("region") or provider.get("region") or self.region
        return answers().invoke(args.token, args.args, region, provider) or {}


def _resource_id(type_token: str, name: str) -> str:
    prefix = type_token.split(":")[-1].lower()
    return f"{prefix}-{fake_hex(type_token, name)}"


def _arn(type_token: str, name: str, region: str) -> str:
    service = type_token.split(":")[1].split("/")[0]
    return f"arn:aws:{service}:{region}:{ACCOUNT_ID}:{type_token.split(':')[-1].lower()}/{name}"


def _type_outputs(type_token: str, name: str, inputs: dict[str, Any], region: str) -> dict[str, Any]:
    """Outputs AWS computes that programs commonly read."""
    if type_token in ("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer",
                      "aws:elb/loadBalancer:LoadBalancer"):
        return {"dnsName": f"{name}-{fake_hex(name, length=8)}.{region}.elb.amazonaws.com",
                "zoneId": "Z35SXDOTRQ7X7K", "arnSuffix": f"app/{name}/{fake_hex(name, length=16)}"}
    if type_token in ("aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"):
        return {"arnSuffix": f"targetgroup/{name}/{fake_hex(name, length=16)}"}
    if type_token == "aws:rds/instance:Instance":
        port = int(inputs.get("port") or 5432)
        address = f"{inputs.get('identifier', name)}.{fake_hex(name, length=12)}.{region}.rds.amazonaws.com"
        outputs: dict[str, Any] = {"address": address, "endpoint": f"{address}:{port}", "port": port,
                                   "identifier": inputs.get("identifier", name)}
        if inputs.get("manageMasterUserPassword"):
            secret = f"arn:aws:secretsmanager:{region}:{ACCOUNT_ID}:secret:rds!db-{fake_hex(name, length=8)}"
            outputs["masterUserSecrets"] = [{"secretArn": secret, "secretStatus": "active", "kmsKeyId": ""}]
        return outputs
    if type_token == "random:index/randomPassword:RandomPassword":  # a stand-in; the SDK keeps `result` secret
        return {"result": fake_hex("password", name, length=int(inputs.get("length") or 16))}
    if type_token == "aws:ec2/vpc:Vpc":
        return {"defaultSecurityGroupId": f"sg-{fake_hex(name, 'default')}",
                "mainRouteTableId": f"rtb-{fake_hex(name, 'main')}",
                "defaultNetworkAclId": f"acl-{fake_hex(name, 'default')}"}
    if type_token == "aws:ec2/eip:Eip":
        return {"publicIp": "203.0.113.10", "allocationId": f"eipalloc-{fake_hex(name)}"}
    if type_token == "aws:ec2/launchTemplate:LaunchTemplate":
        return {"latestVersion": 1, "defaultVersion": 1}
    return {}
