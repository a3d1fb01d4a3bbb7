"""Network Firewall firewalls (https://aws.amazon.com/network-firewall/pricing/).

A firewall has one endpoint per subnet it is mapped to (`subnetMappings`, one per Availability Zone; or
`availabilityZoneMappings` for a firewall attached to a transit gateway), each billed per hour, and the
traffic it inspects per GB (usage, `monthly_data_processed_gb`, infracost's key). Each endpoint hour and
GB processed brings a NAT gateway hour and GB at no charge (stated, not applied: the NAT gateway is
priced on itself). Mappings unknown until apply (or none) leave the endpoint hours a line of unknown
quantity: the firewall partly priced. Advanced inspection (TLS) is not priced. Policies, rule groups and
logging configurations are free.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known, line_or_unknown
from costing.rules.declare import OfferFilter, Page, Price
from costing.rules.shared import MONTHLY_DATA_PROCESSED_GB

FIREWALL = "aws:networkfirewall/firewall:Firewall"
TYPES = (FIREWALL,)
NAT_OFFSET = "each endpoint hour and GB processed include a NAT gateway hour and GB free (not applied)"

ENDPOINT_HOURS = Price("networkfirewall", "endpoint", "hour", "firewall endpoint hours (one per subnet)",
                       sources=[Page("networkfirewall.json", "AWS Firewall per Endpoint")],
                       refresh=[OfferFilter("AWSNetworkFirewall", families="AWS Firewall", usage="Endpoint-Hour")],
                       free_tier=NAT_OFFSET)
DATA_PROCESSED = Price("networkfirewall", "data-processed", "GB", "data processed",
                       sources=[Page("networkfirewall.json", "AWS Firewall per Throughput")],
                       refresh=[OfferFilter("AWSNetworkFirewall", families="AWS Firewall",
                                            usage="Traffic-GB-Processed")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"networkfirewall": "Network Firewall"}
PRICES = (ENDPOINT_HOURS, DATA_PROCESSED)
USAGE = {FIREWALL: (MONTHLY_DATA_PROCESSED_GB,)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {FIREWALL: (_firewall, "Network Firewall firewall")})


def _firewall(resource: Any) -> list[dict[str, Any]]:
    return [line_or_unknown(ENDPOINT_HOURS, resource.urn, lambda: _endpoints(resource.inputs)),
            DATA_PROCESSED.usage_line(resource.urn, MONTHLY_DATA_PROCESSED_GB)]


def _endpoints(inputs: dict[str, Any]) -> int:
    """One endpoint per subnet (AZ) mapping; Unpriceable when they are unknown until apply or not given (the
    endpoint hours a line of unknown quantity: the firewall partly priced)."""
    mappings = known(inputs, "subnetMappings", "subnet mappings") or known(
        inputs, "availabilityZoneMappings", "Availability Zone mappings") or []
    if not isinstance(mappings, list) or not mappings:
        raise Unpriceable("firewall without subnet or Availability Zone mappings: number of endpoints unknown")
    return len(mappings)
