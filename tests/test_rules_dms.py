"""DMS replication instances: hours by class and deployment, storage above what each class includes."""

from __future__ import annotations

import pandas as pd
import pytest

from costing.rules import dms
from costing.schema import UNKNOWN
from tests.pricing_helpers import frame, resource


def rule_lines(**inputs) -> pd.DataFrame:
    inventory = frame(resource(dms.REPLICATION_INSTANCE, "ri", {"replicationInstanceId": "ri", **inputs}))
    return dms.lines(inventory, inventory)


@pytest.mark.parametrize("inputs, expected", [
    ({"replicationInstanceClass": "dms.t3.medium"}, [("dms.t3.medium", "single-az", 1.0)]),
    ({"replicationInstanceClass": "dms.t3.medium", "allocatedStorage": 50}, [("dms.t3.medium", "single-az", 1.0)]),
    ({"replicationInstanceClass": "dms.t3.medium", "allocatedStorage": 80},  # 50 GB included with t3
     [("dms.t3.medium", "single-az", 1.0), ("storage", "single-az", 30.0)]),
    ({"replicationInstanceClass": "dms.r6i.large", "allocatedStorage": 80, "multiAz": True},  # 100 GB included
     [("dms.r6i.large", "multi-az", 1.0)]),
    ({"replicationInstanceClass": "dms.c5.xlarge", "allocatedStorage": 250, "multiAz": True},
     [("dms.c5.xlarge", "multi-az", 1.0), ("storage", "multi-az", 150.0)]),
])
def test_hours_by_class_and_deployment_and_storage_above_the_included(inputs, expected):
    lines = rule_lines(**inputs)
    assert list(zip(lines["item"], lines["variant"], lines["quantity"])) == expected


@pytest.mark.parametrize("inputs, message", [
    ({}, "replication instance class not set: expected dms.<type>.<size>"),
    ({"replicationInstanceClass": "t3.medium"}, "replication instance class t3.medium: expected dms.<type>.<size>"),
    ({"replicationInstanceClass": UNKNOWN}, "replication instance class unknown until apply"),
    ({"replicationInstanceClass": "dms.t3.medium", "allocatedStorage": UNKNOWN},
     "allocated storage unknown until apply"),
])
def test_reasons_an_instance_is_unpriced(inputs, message):
    assert list(rule_lines(**inputs)["reason"]) == [message]
