"""KMS keys with imported key material (https://aws.amazon.com/kms/pricing/): an external key, and a
multi-Region replica of one, is billed per key per month like any customer managed key (the KMS key of
costing/rules/monitoring.py, whose price it shares). Requests to keys are not estimated."""

from __future__ import annotations

import pandas as pd

from costing.rules.common import each_type
from costing.rules.monitoring import KEY_MONTH

EXTERNAL_KEY = "aws:kms/externalKey:ExternalKey"
REPLICA_EXTERNAL_KEY = "aws:kms/replicaExternalKey:ReplicaExternalKey"
TYPES = (EXTERNAL_KEY, REPLICA_EXTERNAL_KEY)
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"kms": "KMS"}
PRICES = (KEY_MONTH,)


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        EXTERNAL_KEY: (lambda row: [KEY_MONTH.line(row.urn, 1.0, "customer managed key (imported key material)")],
                       "KMS external key"),
        REPLICA_EXTERNAL_KEY: (lambda row: [KEY_MONTH.line(row.urn, 1.0, "replica key (imported key material)")],
                               "KMS external key"),
    })
