"""Lightsail instances: the bundle's price (https://aws.amazon.com/lightsail/pricing/), by size, platform
(Linux or Windows) and network (dual-stack, or IPv6-only, which AWS sells cheaper).

AWS quotes a bundle per month and bills it by the hour at the monthly price / 744 (a 31-day month),
up to the monthly price: the snapshot holds that hourly rate, so a 730-hour month comes to slightly
under the quoted monthly price. The bundle's transfer allowance, storage and public IPv4 address are
included; data beyond the allowance is not estimated.

Bundles priced: the current ones, `<size>[_win][_ipv6]_3_0` (nano to 4xlarge); other bundles
(memory- and compute-optimized, older generations) are left unpriced with the reason.
Not refreshed from the Bulk API: which of its attributes tell IPv6-only bundles from dual-stack ones
is not verified against a real offer file, so the pricing-page prices stand.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, text
from costing.rules.declare import Page, Price

INSTANCE = "aws:lightsail/instance:Instance"
TYPES = (INSTANCE,)

# bundle size -> memory as the page's metric names write it ("0 5GB" is 0.5 GB)
SIZES = {"nano": "0 5", "micro": "1", "small": "2", "medium": "4", "large": "8", "xlarge": "16",
         "2xlarge": "32", "4xlarge": "64"}
BUNDLE = re.compile(rf"(?P<size>{'|'.join(SIZES)})(?P<windows>_win)?(?P<ipv6>_ipv6)?_3_0")

BUNDLE_HOURS = Price(
    "lightsail", "{size}", "hour", "{size} bundle ({platform}, {network})", variant="{platform}|{network}",
    sources=[Page("lightsail.json", re.compile(r"Lightsail Instance Bundle (?P<size>[\d ]+)GB (?P<network>IPv6 |)"
                                               r"(?P<platform>Linux|Windows) .* Quota"),
                  values={"size": {memory: size for size, memory in SIZES.items()},
                          "network": {"": "dualstack", "IPv6 ": "ipv6"},
                          "platform": {"Linux": "linux", "Windows": "windows"}})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"lightsail": "Lightsail"}
PRICES = (BUNDLE_HOURS,)


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {INSTANCE: (_instance, "Lightsail instance")})


def _instance(resource: Any) -> list[dict[str, Any]]:
    bundle = text(resource.inputs, "bundleId", "bundle")
    found = BUNDLE.fullmatch(bundle)
    if found is None:
        raise Unpriceable(f"bundle {bundle!r} is not priced (priced: <size>[_win][_ipv6]_3_0, nano to 4xlarge)")
    return [BUNDLE_HOURS.line(resource.urn, 1.0, size=found["size"],
                              platform="windows" if found["windows"] else "linux",
                              network="ipv6" if found["ipv6"] else "dualstack")]
