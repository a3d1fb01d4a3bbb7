"""VPC Traffic Mirroring sessions (https://aws.amazon.com/vpc/pricing/, Traffic Mirroring): AWS bills each
elastic network interface with traffic mirroring enabled per hour. A session is priced on its source
network interface; further sessions of the same interface (a stack's sessions in URN order, the
interface by id or by the resource it follows) add nothing."""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import each_type, known
from costing.rules.declare import OfferFilter, Page, Price

SESSION = "aws:ec2/trafficMirrorSession:TrafficMirrorSession"
TYPES = (SESSION,)

SOURCE_HOURS = Price("vpc", "traffic-mirror-source", "hour", "mirrored network interface hours",
                     sources=[Page("vpc.json", "Hourly charge for Traffic Mirroring Source per hour")],
                     refresh=[OfferFilter("AmazonVPC", usage="ENI-Mirror")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"vpc": "VPC"}
PRICES = (SOURCE_HOURS,)


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    first_of_interface: dict[Any, str] = {}
    for row in resources[resources["type"] == SESSION].sort_values("urn").itertuples():
        first_of_interface.setdefault(_interface(row), row.urn)
    return each_type(resources, {SESSION: (lambda row: _session(row, first_of_interface), "traffic mirror session")})


def _interface(resource: Any) -> Any:
    """The source network interface: the resource it follows, else its id, else the session alone."""
    refs = tuple(sorted((resource.refs or {}).get("networkInterfaceId", ())))
    value = resource.inputs.get("networkInterfaceId")
    return refs or (value if isinstance(value, str) and value.startswith("eni-") else resource.urn)


def _session(resource: Any, first_of_interface: dict[Any, str]) -> list[dict[str, Any]]:
    if not (resource.refs or {}).get("networkInterfaceId"):
        known(resource.inputs, "networkInterfaceId", "source network interface")
    if first_of_interface.get(_interface(resource)) != resource.urn:
        return []
    return [SOURCE_HOURS.line(resource.urn, 1.0)]
