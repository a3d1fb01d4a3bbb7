"""Global Accelerator accelerators and endpoint groups (https://aws.amazon.com/global-accelerator/pricing/).

- Accelerator: a fixed fee per hour. The shared pricing data has no price for it (globalaccelerator.json
  holds the data transfer premium only): the line stays unpriced with that reason.
- Endpoint group: the data transfer premium (DT-Premium) per GB, by the AWS region group of its endpoints
  (the group's `endpointGroupRegion`, else its own region) and the location group of the clients (usage,
  per destination: `monthly_outbound_data_transfer_gb.us`, ... as infracost names them). AWS bills the
  premium on the dominant direction of each hour's traffic only, at one rate for either direction: give
  the dominant direction's GB (usually what the endpoints send back to clients). Standard data transfer
  out of the endpoints' region is billed on top, on the endpoints themselves.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, text
from costing.rules.declare import Page, Price, UsageKey

ACCELERATOR = "aws:globalaccelerator/accelerator:Accelerator"
ENDPOINT_GROUP = "aws:globalaccelerator/endpointGroup:EndpointGroup"
TYPES = (ACCELERATOR, ENDPOINT_GROUP)
FILE = "globalaccelerator.json"

# AWS region group of the endpoints -> its name in the pricing page's metrics.
SOURCES = {"NA": "United States and Canada", "EU": "Europe", "AP": "Asia Pacific", "AU": "Australia",
           "IN": "India", "KR": "South Korea", "ME": "Middle East", "SA": "South America", "ZA": "ZA"}
# Client location group (infracost's usage key) -> its name in the metrics.
DESTINATIONS = {"us": "United States and Canada", "europe": "Europe", "asia_pacific": "Asia Pacific",
                "australia": "Australia", "india": "India", "south_korea": "South Korea",
                "middle_east": "Middle East", "south_america": "South America", "south_africa": "ZA"}
# Region -> its source region group (the pricing page's groups; infracost's mapping, with Seoul, Sydney,
# Melbourne and the Indian regions in the groups of their own that the page prices). Regions whose group
# is not known (Jakarta, Malaysia, Thailand, Taipei, New Zealand, Mexico, GovCloud) are refused.
REGION_GROUPS = {
    **dict.fromkeys(("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1"), "NA"),
    **dict.fromkeys(("eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
                     "eu-west-2", "eu-west-3", "il-central-1"), "EU"),
    **dict.fromkeys(("ap-east-1", "ap-northeast-1", "ap-northeast-3", "ap-southeast-1"), "AP"),
    **dict.fromkeys(("ap-southeast-2", "ap-southeast-4"), "AU"), **dict.fromkeys(("ap-south-1", "ap-south-2"), "IN"),
    "ap-northeast-2": "KR", "me-south-1": "ME", "me-central-1": "ME", "sa-east-1": "SA", "af-south-1": "ZA",
}

ACCELERATOR_HOURS = Price(
    "globalaccelerator", "accelerator", "hour", "accelerator fixed fee",
    missing="no price for the accelerator's fixed hourly fee in the shared pricing data "
            "(globalaccelerator.json has the DT-Premium only)")
DT_PREMIUM = Price(
    "globalaccelerator", "dt-premium", "GB", "data transfer premium", variant="{source}|{destination}",
    sources=[Page(FILE, re.compile(rf"\[Data Transfer AWS In Destination [^\]]+\] Client Location AWS Traffic "
                                   rf"Direction In Data Transfer from (?P<source>{re.escape(name)}) to "
                                   rf"(?P<destination>.+)"),
                  values={"source": {name: code}, "destination": {page: key for key, page in DESTINATIONS.items()}},
                  location=f"{code} (Source AWS Regions: {code})")
             for code, name in SOURCES.items()])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"globalaccelerator": "Global Accelerator"}
PRICES = (ACCELERATOR_HOURS, DT_PREMIUM)

DATA_GB = {destination: UsageKey(f"monthly_outbound_data_transfer_gb.{destination}", "GB",
                                 f"GB a month between the endpoints and clients in {page} (the dominant direction)")
           for destination, page in DESTINATIONS.items()}
USAGE = {ENDPOINT_GROUP: tuple(DATA_GB.values())}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        ACCELERATOR: (lambda row: [ACCELERATOR_HOURS.line(row.urn, 1.0)], "Global Accelerator accelerator"),
        ENDPOINT_GROUP: (_endpoint_group, "Global Accelerator endpoint group"),
    })


def _endpoint_group(resource: Any) -> list[dict[str, Any]]:
    region = text(resource.inputs, "endpointGroupRegion", "endpoint group region", resource.region or "")
    source = source_group(region)
    return [DT_PREMIUM.usage_line(resource.urn, DATA_GB[destination], f"data transfer premium, {region} to clients "
                                                                      f"in {page}", source=source,
                                  destination=destination)
            for destination, page in DESTINATIONS.items()]


def source_group(region: str) -> str:
    """The pricing page's region group of the AWS region `region`."""
    if region in REGION_GROUPS:
        return REGION_GROUPS[region]
    raise Unpriceable(f"no Global Accelerator region group for region {region or '(none)'!r}")
