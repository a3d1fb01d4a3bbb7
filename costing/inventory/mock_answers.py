"""Realistic answers for a program run under the Pulumi SDK's mocks, per region.

The engine would ask AWS; offline we answer invokes (AZ lookups, SSM parameters, AMIs) with values
shaped like AWS's, and fabricate the outputs a real `pulumi up` would add (ids, ARNs, DNS names) so
that values derived from outputs are not None.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pulumi

ACCOUNT_ID = "123456789012"
# Availability zones an account sees per region (AWS's published counts); others default to 3.
_AZ_LETTERS = {
    "us-east-1": "abcdef",
    "us-west-1": "ac",
    "ap-northeast-1": "acd",
    "ap-northeast-2": "abcd",
    "us-west-2": "abcd",
    "ca-central-1": "abd",
    "sa-east-1": "abc",
}


def availability_zones(region: str) -> list[str]:
    return [f"{region}{letter}" for letter in _AZ_LETTERS.get(region, "abc")]


def fake_hex(*parts: str, length: int = 17) -> str:
    """A stable hexadecimal id derived from its parts, so two runs of a stack agree."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def ami_id(region: str) -> str:
    return f"ami-{fake_hex('ami', region)}"


class RegionalMocks(pulumi.runtime.Mocks):
    """Echo inputs as outputs and answer invokes as AWS would in one region."""

    def __init__(self, region: str) -> None:
        self.region = region

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        resource_id = args.resource_id or _resource_id(args.typ, args.name)
        outputs = dict(args.inputs)
        outputs.setdefault("name", args.name)
        outputs.setdefault("arn", _arn(args.typ, args.name, self.region))
        outputs.update(_type_outputs(args.typ, args.name, args.inputs, self.region))
        return resource_id, outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict:
        token, inputs = args.token, args.args
        if token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            names = availability_zones(self.region)
            return {
                "names": names,
                "zoneIds": [f"{self.region[:3]}{self.region[-1]}-az{i + 1}" for i in range(len(names))],
                "state": "available",
                "id": self.region,
                "groupNames": [self.region],
            }
        if token == "aws:ssm/getParameter:getParameter":
            return {"name": inputs.get("name"), "value": ami_id(self.region), "type": "String",
                    "insecureValue": ami_id(self.region), "version": 1, "id": inputs.get("name")}
        if token == "aws:ec2/getAmi:getAmi":
            return {"id": ami_id(self.region), "imageId": ami_id(self.region), "architecture": "x86_64"}
        if token in ("aws:index/getRegion:getRegion", "aws:index/getRegion:getRegion"):
            return {"name": self.region, "region": self.region, "id": self.region,
                    "endpoint": f"ec2.{self.region}.amazonaws.com", "description": self.region}
        if token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {"accountId": ACCOUNT_ID, "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/offline",
                    "id": ACCOUNT_ID, "userId": "AIDAOFFLINE"}
        if token == "aws:index/getPartition:getPartition":
            return {"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}
        if token == "aws:iam/getPolicyDocument:getPolicyDocument":
            return {"json": json.dumps({"Version": "2012-10-17", "Statement": inputs.get("statements", [])}),
                    "id": "policy"}
        return {}


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
