"""Small `pulumi preview --json` and `pulumi stack export` documents for the tests of the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
STACK_URN = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"
SHOP = "urn:pulumi:dev::shop::"
# How the engine marks a secret in a stack export (`pulumi stack export --show-secrets` adds the plaintext).
SECRET_SIG_KEY, SECRET_SIG = "4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"


def step(type_token: str, name: str, inputs: dict, **state: Any) -> dict:
    """A `create` step whose new state is a custom resource right under the stack."""
    urn = f"{SHOP}{type_token}::{name}"
    return {"op": "create", "urn": urn, "newState": {"urn": urn, "custom": True, "type": type_token,
                                                      "inputs": inputs, "parent": STACK_URN, **state}}


def preview_of(*steps: dict, region: str = "us-east-1") -> dict:
    """A preview of the stack and `steps`."""
    stack = {"op": "create", "urn": STACK_URN, "newState": {"urn": STACK_URN, "custom": False,
                                                             "type": "pulumi:pulumi:Stack"}}
    return {"config": {"aws:region": region}, "steps": [stack, *steps]}


def write_steps(path: Path, steps: list[dict]) -> Path:
    """A preview of `steps` alone (no stack resource) in us-east-1, written to `path`."""
    path.write_text(json.dumps({"config": {"aws:region": "us-east-1"}, "steps": steps}))
    return path


def preview_document(region: str = "us-east-1") -> dict:
    """A VPC, a NAT gateway and its Elastic IP (priced), and a Glacier vault (billed, no rule: unpriced)."""
    return preview_of(
        step("aws:ec2/vpc:Vpc", "vpc", {"cidrBlock": "10.0.0.0/16"}),
        step("aws:ec2/eip:Eip", "nat-ip", {"domain": "vpc"}),
        step("aws:ec2/natGateway:NatGateway", "nat", {"allocationId": UNKNOWN, "subnetId": UNKNOWN}),
        step("aws:glacier/vault:Vault", "assets", {}),
        region=region)


LAUNCH_TEMPLATE = f"{SHOP}aws:ec2/launchTemplate:LaunchTemplate::web-lt"


def web_group_preview(group_inputs: dict, template_inputs: dict | None = None) -> dict:
    """A launch template (t3.micro) and an Auto Scaling group of it with `group_inputs` (the template is
    referenced through the input's dependencies, as in a preview where its id is unknown)."""
    template = step("aws:ec2/launchTemplate:LaunchTemplate", "web-lt",
                    template_inputs if template_inputs is not None else {"instanceType": "t3.micro"})
    group = step("aws:autoscaling/group:Group", "web-asg",
                 {"launchTemplate": {"id": UNKNOWN, "version": "$Latest"}, **group_inputs},
                 dependencies=[LAUNCH_TEMPLATE], propertyDependencies={"launchTemplate": [LAUNCH_TEMPLATE]})
    return preview_of(template, group)


def secret(plaintext: str) -> dict:
    """A secret value as `pulumi stack export --show-secrets` writes it."""
    return {SECRET_SIG_KEY: SECRET_SIG, "plaintext": plaintext}


def state_of(*resources: dict, region: str = "us-east-1") -> dict:
    """A stack export of the default AWS provider in `region` and `resources` (urn, type, inputs)."""
    provider = f"{SHOP}pulumi:providers:aws::default_7_51_1"
    entries = [{"urn": provider, "custom": True, "id": "prov-1", "type": "pulumi:providers:aws",
                "inputs": {"region": region}}]
    for resource in resources:
        entries.append({"custom": True, "id": f"id-{len(entries)}", "provider": f"{provider}::prov-1", **resource})
    return {"version": 3, "deployment": {"manifest": {}, "resources": entries}}
