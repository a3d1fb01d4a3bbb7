"""What this project's stacks really incur beyond their resources' own prices (issue 13): the public IPv4
addresses of instances launched into public subnets, and the alarms target tracking creates; run offline
end to end on a copy of the project with one setting changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from costing.catalog import EMBEDDED_SNAPSHOT, load_catalog
from costing.estimate import estimate
from costing.inventory.stack import load_stack

ROOT = Path(__file__).resolve().parent.parent


def project_with(tmp_path: Path, stack: str, settings: str) -> Path:
    """A copy of this project with one more stack: dev's settings and `settings` appended."""
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "components", tmp_path / "components", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / f"Pulumi.{stack}.yaml").write_text((ROOT / "stacks" / "Pulumi.dev.yaml").read_text()
                                                              + settings)
    return tmp_path


@pytest.fixture(scope="module")
def public_only(tmp_path_factory):
    project = project_with(tmp_path_factory.mktemp("project"), "edge",
                           "  webstack:architecture: public-only\n  webstack:natStrategy: none\n")
    return estimate(load_stack("edge", project, use_cache=False), load_catalog(EMBEDDED_SNAPSHOT))


def line(result, type_token: str, description: str):
    urns = result.resources.loc[result.resources["type"] == type_token, "urn"]
    lines = result.lines[result.lines["urn"].isin(urns) & (result.lines["description"] == description)]
    assert len(lines) == 1, lines
    return lines.iloc[0]


def test_public_only_instances_pay_an_address_each(public_only):
    addresses = line(public_only, "aws:autoscaling/group:Group", "public IPv4 addresses")
    # dev's one instance, in a public subnet (mapPublicIpOnLaunch): 0.005 x 730 = 3.65 an instance-month
    assert (addresses["quantity"], round(addresses["monthly_usd"], 2)) == (1.0, 3.65)
    ranges = public_only.asg_ranges.iloc[0]  # each instance more (dev allows 2) brings its address too
    per_instance = ranges["monthly_usd_at_max"] - ranges["monthly_usd_at_min"]
    assert per_instance == pytest.approx(public_only.resources.set_index("type").loc[
        "aws:autoscaling/group:Group", "monthly_usd"])


def test_the_target_tracking_policy_pays_for_its_two_alarms(public_only):
    alarms = line(public_only, "aws:autoscaling/policy:Policy",
                  "CloudWatch alarms target tracking creates (scale out, scale in)")
    assert (alarms["quantity"], round(alarms["monthly_usd"], 2)) == (2.0, 0.20)  # 2 x 0.10


def test_private_instances_pay_no_address():
    result = estimate(load_stack("dev"), load_catalog(EMBEDDED_SNAPSHOT))
    groups = result.resources.loc[result.resources["type"] == "aws:autoscaling/group:Group", "urn"]
    assert "public IPv4 addresses" not in set(result.lines.loc[result.lines["urn"].isin(groups), "description"])
