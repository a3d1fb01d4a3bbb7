"""Direct Connect connections and gateway associations (https://aws.amazon.com/directconnect/pricing/).

- Connection: port hours by port speed, dedicated (1, 10, 100, 400 Gbps) or hosted (the speeds only a
  partner's hosted connection has: 50 Mbps to 500 Mbps, 2, 5 and 25 Gbps), and the data it carries out of
  AWS per GB (usage, `monthly_outbound_region_to_dx_location_gb`, infracost's key). Prices are set per
  Direct Connect location, and the location input is a code (`EqDC2`) the shared data does not name: a
  connection is priced at its region's locations' rate, the highest where they differ (Tokyo's 1 Gbps
  ports cost $0.285 or $0.30 an hour by location; a location in another country served from the region
  can cost more per GB), so it never errs low. Speeds the shared data has no price for (100 and 400 Gbps
  dedicated ports) are shown unpriced.
- Gateway association: a Direct Connect gateway associated with a transit gateway is a transit gateway
  attachment, per hour, plus the GB the transit gateway processes from it (usage,
  `monthly_data_processed_gb`); associated with a virtual private gateway it costs nothing.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, known, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey
from costing.rules.shared import MONTHLY_DATA_PROCESSED_GB
from costing.rules.transit_gateway import TRANSIT_GATEWAY, attachment_lines

CONNECTION = "aws:directconnect/connection:Connection"
GATEWAY_ASSOCIATION = "aws:directconnect/gatewayAssociation:GatewayAssociation"
TYPES = (CONNECTION, GATEWAY_ASSOCIATION)
FILE = "directconnect.json"

# Pulumi's bandwidth -> the pricing page's speed; the speeds only hosted connections come in.
SPEEDS = {"50Mbps": "50M", "100Mbps": "100M", "200Mbps": "200M", "300Mbps": "300M", "400Mbps": "400M",
          "500Mbps": "500M", "1Gbps": "1G", "2Gbps": "2G", "5Gbps": "5G", "10Gbps": "10G", "25Gbps": "25G",
          "100Gbps": "100G", "400Gbps": "400G"}
HOSTED_ONLY = frozenset({"50M", "100M", "200M", "300M", "400M", "500M", "2G", "5G", "25G"})
PORT_HOURS = Price(
    "directconnect", "port-{speed}", "hour", "{connection_type} port hours ({speed})", variant="{connection_type}",
    sources=[Page(FILE, re.compile(r"Direct Connect (?P<connection_type>)(?P<speed>\d+[GM]) .+"),
                  values={"connection_type": {"": "dedicated"}}),
             Page(FILE, re.compile(r"Direct Connect (?P<connection_type>HC) (?P<speed>\d+[GM]) .+"),
                  values={"connection_type": {"HC": "hosted"}})],
    refresh=[OfferFilter("AWSDirectConnect", families="Direct Connect",
                         fill={"speed": "capacity", "connection_type": "connectionType"},
                         values={"connection_type": {"Dedicated": "dedicated", "Hosted": "hosted"}})])
DATA_OUT = Price(
    "directconnect", "data-transfer-out", "GB", "data transfer out over Direct Connect",
    sources=[Page(FILE, re.compile(r"DataTransfer IntraRegion Outbound to .+"))],
    refresh=[OfferFilter("AWSDirectConnect", families="Data Transfer",
                         usage_pattern=re.compile(r"-DataXfer-Out"), example={"usageType": "USE1-EqDC2-DataXfer-Out"})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"directconnect": "Direct Connect"}
PRICES = (PORT_HOURS, DATA_OUT)

OUTBOUND_GB = UsageKey("monthly_outbound_region_to_dx_location_gb", "GB",
                       "data sent from the region over the connection per month")
USAGE = {CONNECTION: (OUTBOUND_GB,), GATEWAY_ASSOCIATION: (MONTHLY_DATA_PROCESSED_GB,)}
HIGHEST = "the highest port price among the region's Direct Connect locations"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, TRANSIT_GATEWAY)
    return each_type(resources, {
        CONNECTION: (_connection, "Direct Connect connection"),
        GATEWAY_ASSOCIATION: (lambda row: _gateway_association(row, index), "Direct Connect gateway association"),
    })


def _connection(resource: Any) -> list[dict[str, Any]]:
    bandwidth = text(resource.inputs, "bandwidth", "bandwidth")
    if bandwidth not in SPEEDS:
        raise Unpriceable(f"bandwidth {bandwidth or '(unset)'!r} is not one Direct Connect offers "
                          f"({', '.join(SPEEDS)})")
    speed = SPEEDS[bandwidth]
    connection_type = "hosted" if speed in HOSTED_ONLY else "dedicated"
    return [PORT_HOURS.line(resource.urn, 1.0, note=HIGHEST, speed=speed, connection_type=connection_type),
            DATA_OUT.usage_line(resource.urn, OUTBOUND_GB, note="the highest rate among the region's locations")]


def _gateway_association(resource: Any, index: Index) -> list[dict[str, Any]]:
    """A transit gateway (of the stack, or a `tgw-` id) is an attachment; any other gateway (a virtual
    private gateway of the stack, a `vgw-` id) is free."""
    value = resource.inputs.get("associatedGatewayId")
    if index.referenced(resource, "associatedGatewayId", TRANSIT_GATEWAY, value) is not None:
        return attachment_lines(resource.urn, "direct-connect")
    if (resource.refs or {}).get("associatedGatewayId"):
        return []
    gateway = str(known(resource.inputs, "associatedGatewayId", "associated gateway") or "")
    if gateway.startswith("tgw-"):
        return attachment_lines(resource.urn, "direct-connect")
    if gateway.startswith("vgw-"):
        return []
    raise Unpriceable(f"associated gateway {gateway or '(unset)'!r} is neither a transit gateway (billed per "
                      f"attachment hour) nor a virtual private gateway (free)")
