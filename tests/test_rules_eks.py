"""EKS clusters and node groups: which Kubernetes versions pay for extended support on a given day (AWS's
release calendar), and what a node group cannot be priced without. Prices: cluster 0.10/h, extended
support 0.50/h (aws-pricing-pages/eks.json); m5.large 0.096/h, gp2 0.10/GB-month (normalized)."""

from __future__ import annotations

from datetime import date

import pytest

from costing.estimate import compare_regions, estimate
from costing.review import review
from costing.rules.common import Unpriceable
from costing.rules.eks import in_extended_support
from costing.schema import UNKNOWN
from tests.diff_helpers import preview_of, write_json
from tests.pricing_helpers import catalog, cents, inventory, of, priced, resource, with_prices

CLUSTER = "aws:eks/cluster:Cluster"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
TABLE = with_prices(("eks", "us-east-1", "cluster", "", "hour", 0.10),
                    ("eks", "us-east-1", "extended-support", "", "hour", 0.50))


def test_a_version_is_in_extended_support_the_day_after_its_standard_support_ends():
    assert not in_extended_support("1.29", date(2025, 3, 23))  # the last day of standard support
    assert in_extended_support("1.29", date(2025, 3, 24))
    assert in_extended_support("1.29.8", date(2025, 3, 24))  # a patch version is its minor's
    assert in_extended_support("1.22", date(2024, 1, 1))  # older than the calendar: extended support
    assert not in_extended_support("1.99", date(2030, 1, 1))  # newer than the calendar: standard support
    assert not in_extended_support("", date(2030, 1, 1))  # none: EKS creates the latest


def test_a_version_that_is_not_a_number_is_unpriced():
    with pytest.raises(Unpriceable, match="^Kubernetes version 'latest' is not a version number$"):
        in_extended_support("latest", date(2025, 1, 1))


def test_clusters_pay_the_control_plane_and_the_extended_support_surcharge():
    result = priced(resource(CLUSTER, "old", {"version": "1.24"}),
                    resource(CLUSTER, "old-standard", {"version": "1.24",
                                                       "upgradePolicy": {"supportType": "STANDARD"}}),
                    resource(CLUSTER, "unknown", {"version": UNKNOWN}), table=TABLE)
    assert of(result, "old")["monthly_usd"] == cents(438.00)  # (0.10 + 0.50) x 730
    assert of(result, "old-standard")["monthly_usd"] == cents(73.00)
    assert of(result, "unknown")["reason"] == "Kubernetes version unknown until apply"


def test_node_groups_need_a_desired_size_on_demand_linux_capacity_and_their_template():
    scaling = {"desiredSize": 2, "minSize": 1, "maxSize": 3}
    result = priced(
        resource(NODE_GROUP, "unsized", {"scalingConfig": {"minSize": 1, "maxSize": 3}}),
        resource(NODE_GROUP, "windows", {"amiType": "WINDOWS_CORE_2022_x86_64", "scalingConfig": scaling}),
        resource(NODE_GROUP, "orphan", {"launchTemplate": {"id": "lt-0abc", "version": "1"}, "scalingConfig": scaling}),
        resource(NODE_GROUP, "m5", {"instanceTypes": ["m5.large", "m5a.large"], "scalingConfig": scaling}),
        table=TABLE)
    assert of(result, "unsized")["reason"] == "scaling config has no desired size"
    assert of(result, "windows")["reason"] == "WINDOWS_CORE_2022_x86_64 nodes are not priced (Linux only)"
    assert of(result, "orphan")["reason"] == "launch template not found among the stack's resources"
    assert of(result, "m5")["monthly_usd"] == cents(144.16)  # 2 x 0.096 x 730 + 2 x 20 GB x 0.10


def test_a_template_without_block_devices_leaves_the_node_disk_at_its_default():
    template = resource(LAUNCH_TEMPLATE, "lt", {"instanceType": "m5.large"})
    group = resource(NODE_GROUP, "templated", {"launchTemplate": {"id": UNKNOWN, "version": "1"},
                                               "scalingConfig": {"desiredSize": 1, "minSize": 1, "maxSize": 1}},
                     refs={"launchTemplate": [template["urn"]]})
    assert of(priced(template, group, table=TABLE), "templated")["monthly_usd"] == cents(72.08)  # 70.08 + 20 x 0.10


def test_extended_support_is_judged_on_the_estimates_date_an_explicit_input():
    """The same cluster priced on two days: the day its standard support ends, then the day after (a diff of two
    days, a test: the same result whatever today is)."""
    cluster = resource(CLUSTER, "c", {"version": "1.31"})  # standard support to 2025-11-26
    inventory_, catalog_ = inventory(cluster), catalog(TABLE)
    last_day = estimate(inventory_, catalog_, on=date(2025, 11, 26))
    next_day = estimate(inventory_, catalog_, on=date(2025, 11, 27))
    assert (of(last_day, "c")["monthly_usd"], of(next_day, "c")["monthly_usd"]) == (cents(73.00), cents(438.00))
    assert list(next_day.lines["description"]) == ["EKS cluster (control plane)", "extended support for Kubernetes 1.31"]
    regions = compare_regions(inventory_, catalog_, regions=["us-east-1"], on=date(2025, 11, 27))
    assert regions.regions["monthly_usd"].tolist() == [cents(438.00)]


def test_both_sides_of_a_diff_are_priced_on_the_one_day_given(tmp_path):
    """A diff prices base and head on one day (`on`): a cluster unchanged across the day its standard support
    ends never reads as a change, and the day given decides (snapshot: 0.10 + 0.50 an hour in us-east-1)."""
    base = write_json(tmp_path / "base.json", preview_of("dev", [(CLUSTER, "c", {"version": "1.31"})]))
    head = write_json(tmp_path / "head.json", preview_of("dev", [(CLUSTER, "c", {"version": "1.31"})]))
    for day, monthly in ((date(2025, 11, 26), 73.00), (date(2025, 11, 27), 438.00)):
        result = review(str(base), str(head), on=day)
        assert (result.diff.base_monthly_usd, result.diff.head_monthly_usd) == (cents(monthly), cents(monthly))
        assert result.diff.delta_monthly_usd == 0
