"""Client VPN endpoints and their network associations (https://aws.amazon.com/vpn/pricing/, AWS Client VPN).

- Endpoint: each active client connection per hour (usage: `monthly_connection_hours`, the month's
  connection hours; a connection counts from connect to disconnect).
- Network association: each subnet associated with an endpoint per hour (AWS bills endpoint
  associations; an endpoint with no association costs only its connections, and accepts none).
"""

from __future__ import annotations

import pandas as pd

from costing.rules.common import each_type
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

ENDPOINT = "aws:ec2clientvpn/endpoint:Endpoint"
NETWORK_ASSOCIATION = "aws:ec2clientvpn/networkAssociation:NetworkAssociation"
TYPES = (ENDPOINT, NETWORK_ASSOCIATION)

CONNECTION_HOURS = Price("vpc", "client-vpn-connection", "connection-hours", "client connection hours",
                         sources=[Page("vpc.json", "Hourly charge for Client VPN connections per Hourly")],
                         refresh=[OfferFilter("AmazonVPC", usage="ClientVPN-ConnectionHours")])
ASSOCIATION_HOURS = Price("vpc", "client-vpn-association", "hour", "endpoint association hours",
                          sources=[Page("vpc.json", "Hourly charge for Client VPN Endpoints per Hourly")],
                          refresh=[OfferFilter("AmazonVPC", usage="ClientVPN-EndpointHours")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"vpc": "VPC"}
PRICES = (CONNECTION_HOURS, ASSOCIATION_HOURS)

MONTHLY_CONNECTION_HOURS = UsageKey("monthly_connection_hours", "hours", "client connection hours per month")
USAGE = {ENDPOINT: (MONTHLY_CONNECTION_HOURS,)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        ENDPOINT: (lambda row: [CONNECTION_HOURS.usage_line(row.urn, MONTHLY_CONNECTION_HOURS)],
                   "Client VPN endpoint"),
        NETWORK_ASSOCIATION: (lambda row: [ASSOCIATION_HOURS.line(row.urn, 1.0)], "Client VPN network association"),
    })
