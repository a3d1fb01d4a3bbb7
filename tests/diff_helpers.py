"""Small preview documents for the diff tests: each side of a diff is a list of resources, written as a
`pulumi preview --json` file and priced with the embedded catalog (us-east-1).

Embedded us-east-1 prices the tests compute with: NAT gateway $0.045/h plus its public IPv4 $0.005/h
($36.50 a month); RDS PostgreSQL db.t4g.micro Single-AZ $0.016/h, db.m6g.large Multi-AZ $0.318/h;
RDS gp3 storage $0.115/GB-month Single-AZ, $0.23 Multi-AZ; EC2 t3.micro $0.0104/h; EBS gp3
$0.08/GB-month.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from costing.catalog import load_catalog
from costing.estimate import estimate
from costing.inventory import load_preview
from costing.result import Estimate

RDS = "aws:rds/instance:Instance"
NAT = "aws:ec2/natGateway:NatGateway"
VPC = "aws:ec2/vpc:Vpc"
VAULT = "aws:glacier/vault:Vault"  # a type AWS bills that no rule prices
TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
GROUP = "aws:autoscaling/group:Group"


def urn(stack: str, type_token: str, name: str, project: str = "shop") -> str:
    return f"urn:pulumi:{stack}::{project}::{type_token}::{name}"


def state(stack: str, type_token: str, name: str, inputs: dict[str, Any],
          dependencies: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """A resource-state object, as in a preview's oldState/newState or a stack export."""
    return {"urn": urn(stack, type_token, name), "custom": True, "type": type_token, "inputs": inputs,
            "propertyDependencies": dependencies or {}}


def database(instance_class: str = "db.t4g.micro", storage_gb: int = 20, multi_az: bool = False) -> dict[str, Any]:
    return {"engine": "postgres", "instanceClass": instance_class, "allocatedStorage": storage_gb,
            "storageType": "gp3", "multiAz": multi_az, "backupRetentionPeriod": 7}


def web_group(stack: str, desired: int) -> list[tuple[str, str, dict, dict]]:
    """A t3.micro launch template with a 20 GB gp3 root volume and an Auto Scaling group of `desired`."""
    template = {"instanceType": "t3.micro", "blockDeviceMappings": [
        {"deviceName": "/dev/xvda", "ebs": {"volumeSize": 20, "volumeType": "gp3", "encrypted": "true"}}]}
    return [(TEMPLATE, "web-lt", template, {}),
            (GROUP, "web-asg", {"minSize": 1, "maxSize": 6, "desiredCapacity": desired,
                                "launchTemplate": {"id": "lt-1"}},
             {"launchTemplate": [urn(stack, TEMPLATE, "web-lt")]})]


def preview_of(stack: str, resources: list[tuple], region: str = "us-east-1") -> dict[str, Any]:
    """A preview that creates `resources`: (type, name, inputs) or (type, name, inputs, propertyDependencies)."""
    steps = []
    for resource in resources:
        type_token, name, inputs, *dependencies = resource
        new_state = state(stack, type_token, name, inputs, dependencies[0] if dependencies else None)
        steps.append({"op": "create", "urn": new_state["urn"], "newState": new_state})
    return {"config": {"aws:region": region}, "steps": steps}


def write_json(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document))
    return path


def estimate_of(folder: Path, stack: str, resources: list[tuple], label: str = "side") -> Estimate:
    path = write_json(folder / f"{label}-{stack}.json", preview_of(stack, resources))
    return estimate(load_preview(path), load_catalog(), require_aws=False)  # a side of a diff may be empty
