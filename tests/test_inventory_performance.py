"""A large preview loads whole: 100,000 resources, their components and references (how fast is measured by
benchmarks/bench_large_preview.py, against a target, not here: a timed unit test fails on a busy machine)."""

from __future__ import annotations

import json

from costing.inventory import load_preview
from costing.inventory.frame import collector_paused
from costing.schema import UNKNOWN

ROOT = "urn:pulumi:prod::big::"
STACK = ROOT + "pulumi:pulumi:Stack::big-prod"
PROVIDER = ROOT + "pulumi:providers:aws::default_7_51_1::" + UNKNOWN
CHILD_TYPES = ["aws:ec2/instance:Instance", "aws:ec2/volume:Volume", "aws:alb/targetGroup:TargetGroup"]


def synthetic_preview(components: int, children: int = 9) -> dict:
    """A fresh stack of `components` components of `children` resources each, with unknowns and secrets."""
    steps = [{"op": "create", "urn": STACK, "newState": {"urn": STACK, "custom": False, "type": "pulumi:pulumi:Stack"}}]
    for index in range(components):
        component = f"{ROOT}webstack:index:Web::web{index}"
        steps.append({"op": "create", "urn": component, "newState": {
            "urn": component, "custom": False, "type": "webstack:index:Web", "parent": STACK}})
        for child in range(children):
            type_token = CHILD_TYPES[child % len(CHILD_TYPES)]
            urn = f"{ROOT}webstack:index:Web${type_token}::web{index}-{child}"
            steps.append({"op": "create", "urn": urn, "provider": PROVIDER, "newState": {
                "urn": urn, "custom": True, "type": type_token, "parent": component, "provider": PROVIDER,
                "inputs": {"__defaults": [], "instanceType": "t3.micro", "subnetId": UNKNOWN, "userData": "[secret]",
                           "rootBlockDevice": {"volumeSize": 20, "volumeType": "gp3"}, "tags": {"Name": f"web{index}"}},
                "dependencies": [component], "propertyDependencies": {"instanceType": [], "subnetId": [component]}}})
    return {"config": {"aws:region": "eu-west-1"}, "steps": steps}


def test_a_100000_resource_preview_loads_whole(tmp_path):
    path = tmp_path / "big.json"
    with collector_paused():  # only to write the 90 MB file faster
        path.write_text(json.dumps(synthetic_preview(10_000)))
    inventory = load_preview(path)
    frame = inventory.resources
    assert len(frame) == 100_000
    assert frame["component"].nunique() == 10_000
    assert (frame["type"] == "aws:lb/targetGroup:TargetGroup").sum() == 30_000
    assert frame["refs"].iloc[1] == {"subnetId": [ROOT + "webstack:index:Web::web0"]}
    assert frame["inputs"].iloc[1]["userData"] == "[secret]"
