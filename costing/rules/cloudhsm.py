"""CloudHSM (https://aws.amazon.com/cloudhsm/pricing/): each HSM of a cluster is billed per hour; the
cluster itself is free. The shared pricing data has no CloudHSM prices, so an HSM's line stays unpriced
with that reason."""

from __future__ import annotations

import re

import pandas as pd

from costing.rules.common import each_type
from costing.rules.declare import OfferFilter, Price

HSM = "aws:cloudhsmv2/hsm:Hsm"
TYPES = (HSM,)

HSM_HOURS = Price("cloudhsm", "hsm", "hour", "HSM hours",
                  missing="no price for CloudHSM in the shared pricing data (no pricing-page file covers it)",
                  refresh=[OfferFilter("CloudHSM", families="Dedicated-Host", attributes={"instanceFamily": "CloudHSM-v2"},
                                       usage_pattern=re.compile(r"CloudHSMv2Usage$"),
                                       example={"usageType": "USE1-CloudHSMv2Usage"})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"cloudhsm": "CloudHSM"}
PRICES = (HSM_HOURS,)


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {HSM: (lambda row: [HSM_HOURS.line(row.urn, 1.0)], "CloudHSM HSM")})
