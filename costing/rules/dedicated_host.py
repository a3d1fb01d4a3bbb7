"""EC2 Dedicated Hosts: billed per host-hour by instance family (https://aws.amazon.com/ec2/dedicated-hosts/
pricing/), whatever runs on them. The shared pricing data has no Dedicated Host prices (normalized/ec2.csv
is shared-tenancy instances only, and no pricing-page file covers hosts), so a host is declared here and
left unpriced with that reason, never $0; the instances placed on it are priced as instances."""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, text

DEDICATED_HOST = "aws:ec2/dedicatedHost:DedicatedHost"
TYPES = (DEDICATED_HOST,)
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES: dict[str, str] = {}  # no prices of its own
PRICES = ()


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {DEDICATED_HOST: (_host, "EC2 Dedicated Host")})


def _host(resource: Any) -> list[dict[str, Any]]:
    inputs = resource.inputs
    family = text(inputs, "instanceFamily", "instance family") or text(inputs, "instanceType", "instance type")
    raise Unpriceable(f"no price for EC2 Dedicated Hosts ({family.split('.')[0] or 'family not set'}) in the "
                      f"snapshot: the shared pricing data has none")
