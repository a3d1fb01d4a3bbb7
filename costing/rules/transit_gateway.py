"""Transit Gateway attachments (https://aws.amazon.com/transit-gateway/pricing/).

AWS bills a transit gateway by its attachments: each is billed per hour, and the GB the transit gateway
processes from it per GB (usage, `monthly_data_processed_gb`, infracost's key). The transit gateway itself,
its route tables, routes, associations and propagations are free.
- VPC attachment: per hour, and the data processed from it.
- Peering attachment (to a transit gateway in another region or account): per hour; AWS charges no data
  processing on data it receives over a peering attachment (the sender's VPC attachment pays it), and the
  inter-region data transfer is billed on the sending side.
- Connect attachment (GRE tunnels over a VPC or Direct Connect attachment): per hour; its traffic is
  processed and billed on its transport attachment.
The VPN attachment is priced on the VPN connection (network.py) and the Direct Connect gateway attachment
on the Direct Connect gateway association (directconnect.py), with `attachment_lines`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import each_type
from costing.rules.declare import OfferFilter, Page, Price
from costing.rules.shared import MONTHLY_DATA_PROCESSED_GB

TRANSIT_GATEWAY = "aws:ec2transitgateway/transitGateway:TransitGateway"
VPC_ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment"
PEERING_ATTACHMENT = "aws:ec2transitgateway/peeringAttachment:PeeringAttachment"
CONNECT_ATTACHMENT = "aws:ec2transitgateway/connect:Connect"
TYPES = (VPC_ATTACHMENT, PEERING_ATTACHMENT, CONNECT_ATTACHMENT)
FILE = "vpc.json"

# Attachment kind -> (description, pricing-page name, the Price List operation infracost reads, if any).
KINDS = {
    "vpc": ("VPC", "VPC Attachments", "TransitGatewayVPC"),
    "peering": ("peering", "Peering Attachments", "TransitGatewayPeering"),
    "connect": ("Connect", "Connect attachments", ""),
    "direct-connect": ("Direct Connect gateway", "AWS Direct Connect Gateway attachments",
                       "TransitGatewayDirectConnect"),
}
ATTACHMENT_HOURS = {
    kind: Price("vpc", f"tgw-{kind}-attachment", "hour", f"transit gateway {label} attachment hours",
                sources=[Page(FILE, f"Hourly charge for Transit Gateway {page} per hour")],
                refresh=[OfferFilter("AmazonVPC", usage="TransitGateway-Hours", attributes={"operation": operation})]
                if operation else [])
    for kind, (label, page, operation) in KINDS.items()
}
# Data processed, by the attachment it comes from (the kinds AWS charges processing for).
DATA_PROCESSED = {
    kind: Price("vpc", "tgw-data-processed", "GB", "data processed by the transit gateway", variant=kind,
                sources=[Page(FILE, f"Charge for per GB data processed by AWS Transit Gateways for {page} per GigaBytes")],
                refresh=[OfferFilter("AmazonVPC", usage="TransitGateway-Bytes", attributes={"operation": operation})])
    for kind, page, operation in [("vpc", "VPC attachments", "TransitGatewayVPC"),
                                  ("direct-connect", "AWS Direct Connect Gateway attachments",
                                   "TransitGatewayDirectConnect")]
}
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"vpc": "VPC"}
PRICES = (*ATTACHMENT_HOURS.values(), *DATA_PROCESSED.values())
USAGE = {VPC_ATTACHMENT: (MONTHLY_DATA_PROCESSED_GB,)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        VPC_ATTACHMENT: (lambda row: attachment_lines(row.urn, "vpc"), "transit gateway VPC attachment"),
        PEERING_ATTACHMENT: (lambda row: attachment_lines(row.urn, "peering"), "transit gateway peering attachment"),
        CONNECT_ATTACHMENT: (lambda row: attachment_lines(row.urn, "connect"), "transit gateway Connect attachment"),
    })


def attachment_lines(urn: str, kind: str) -> list[dict[str, Any]]:
    """An attachment's hours, and the data processed from it where AWS charges processing."""
    rows = [ATTACHMENT_HOURS[kind].line(urn, 1.0)]
    if kind in DATA_PROCESSED:
        rows.append(DATA_PROCESSED[kind].usage_line(urn, MONTHLY_DATA_PROCESSED_GB))
    return rows
