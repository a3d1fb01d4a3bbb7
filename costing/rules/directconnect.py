"""Direct Connect connections and gateway associations (https://aws.amazon.com/directconnect/pricing/).

- Connection: port hours by port speed, dedicated (1, 10, 100, 400 Gbps) or hosted (the speeds only a
  partner's hosted connection has: 50 Mbps to 500 Mbps, 2, 5 and 25 Gbps), and the data it carries out of
  AWS per GB (usage, `monthly_outbound_region_to_dx_location_gb`, infracost's key). Speeds the shared data
  has no price for (100 and 400 Gbps dedicated ports) are shown unpriced.

Which location's price: the shared data prices each Direct Connect location (one metric per location, per
region it serves), and the `location` input is a code (`EqDC2`) the data does not name, so a connection
takes the price most of its region's locations share (`Page(most_common=True)`), each snapshot row's source
naming how many share it and the others' prices (`costing prices lookup directconnect port-1G --region R`):
- Ports: AWS's Direct Connect pricing page (https://aws.amazon.com/directconnect/pricing/) gives one price
  per speed, lower in Japan (1 Gbps dedicated $0.30 an hour, $0.285 in Japan; 10 Gbps $2.25, $2.142).
  The data agrees at all but a few places: Tokyo's region serves locations in Japan (most) and elsewhere,
  so Tokyo takes Japan's rate; two Paris locations give a 1 Gbps port the 10 Gbps price ($2.25), a copy
  error: a port price over twice the one most locations of every region charge for that speed is left out
  as suspect (`suspect_above=2`), so Paris takes $0.30 like every other region.
- Data out: the rate from the region to a location in its own country or area, which most of its
  locations share (eu-west-1 $0.02/GB to Dublin or London; its two South African locations, $0.11, are the
  exception and named in the source). A connection to a location abroad costs more than the line says.
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
                  values={"connection_type": {"": "dedicated"}}, most_common=True, suspect_above=2),
             Page(FILE, re.compile(r"Direct Connect (?P<connection_type>HC) (?P<speed>\d+[GM]) .+"),
                  values={"connection_type": {"HC": "hosted"}}, most_common=True, suspect_above=2)],
    refresh=[OfferFilter("AWSDirectConnect", families="Direct Connect",
                         fill={"speed": "capacity", "connection_type": "connectionType"},
                         values={"connection_type": {"Dedicated": "dedicated", "Hosted": "hosted"}})])
DATA_OUT = Price(
    "directconnect", "data-transfer-out", "GB", "data transfer out over Direct Connect",
    sources=[Page(FILE, re.compile(r"DataTransfer IntraRegion Outbound to .+"), most_common=True)],
    refresh=[OfferFilter("AWSDirectConnect", families="Data Transfer",
                         usage_pattern=re.compile(r"-DataXfer-Out"), example={"usageType": "USE1-EqDC2-DataXfer-Out"})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"directconnect": "Direct Connect"}
PRICES = (PORT_HOURS, DATA_OUT)

OUTBOUND_GB = UsageKey("monthly_outbound_region_to_dx_location_gb", "GB",
                       "data sent from the region over the connection per month")
USAGE = {CONNECTION: (OUTBOUND_GB,), GATEWAY_ASSOCIATION: (MONTHLY_DATA_PROCESSED_GB,)}
PORT_NOTE = ("the port price most of the region's Direct Connect locations share (the location code is not "
             "mapped to a location; AWS charges one price per speed, less in Japan)")
DATA_OUT_NOTE = ("the rate to most of the region's Direct Connect locations, those in its own country or area; "
                 "a location abroad costs more")


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
    return [PORT_HOURS.line(resource.urn, 1.0, note=PORT_NOTE, speed=speed, connection_type=connection_type),
            DATA_OUT.usage_line(resource.urn, OUTBOUND_GB, note=DATA_OUT_NOTE)]


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
