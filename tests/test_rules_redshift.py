"""Redshift clusters (nodes, Multi-AZ, RA3 managed storage) and Redshift Serverless (RPU-hours for the hours
a workgroup works, managed storage on its namespace)."""

from __future__ import annotations

import pandas as pd
import pytest

from costing.rules import redshift
from costing.schema import UNKNOWN
from tests.pricing_helpers import frame, resource


def rule_lines(*rows: dict) -> pd.DataFrame:
    inventory = frame(*rows)
    return redshift.lines(inventory, inventory)


def test_a_cluster_is_its_nodes_twice_over_with_multi_az_and_ra3_adds_managed_storage():
    lines = rule_lines(resource(redshift.CLUSTER, "one", {"nodeType": "dc2.large"}),
                       resource(redshift.CLUSTER, "ra3", {"nodeType": "ra3.4xlarge", "numberOfNodes": 3,
                                                          "multiAz": True}))
    assert list(zip(lines["item"], lines["quantity"].fillna(-1), lines["description"])) == [
        ("dc2.large", 1.0, "dc2.large nodes"),
        ("ra3.4xlarge", 6.0, "ra3.4xlarge nodes (3 x 2 Availability Zones)"),
        ("managed-storage", -1, "managed storage")]
    storage = lines.iloc[-1]
    assert (storage["usage_key"], storage["note"]) == (
        "managed_storage_gb", "the shared price data (aws-pricing-pages/redshift.json) has no Redshift managed "
                              "storage price")


def test_a_workgroup_bills_its_base_rpus_for_the_hours_it_works():
    lines = rule_lines(resource(redshift.WORKGROUP, "default", {"namespaceName": "n"}),
                       resource(redshift.WORKGROUP, "small", {"namespaceName": "n", "baseCapacity": 8}))
    # RPUs x hours a month / 730 h: the month's average RPUs, at the hourly RPU price
    assert list(lines["usage_factor"]) == pytest.approx([128 / 730, 8 / 730])
    assert list(lines["description"]) == ["Serverless compute (128 RPUs while it runs queries)",
                                          "Serverless compute (8 RPUs while it runs queries)"]
    assert set(lines["usage_key"]) == {"monthly_compute_hours"}


@pytest.mark.parametrize("inputs, message", [
    ({}, "node type not set"),
    ({"nodeType": "dc2.large", "numberOfNodes": UNKNOWN}, "number of nodes unknown until apply"),
])
def test_reasons_a_cluster_is_unpriced(inputs, message):
    assert list(rule_lines(resource(redshift.CLUSTER, "c", inputs))["reason"]) == [message]
