"""Directory Service directories (https://aws.amazon.com/directoryservice/pricing/ and
https://aws.amazon.com/directoryservice/other-directories-pricing/), per hour.

- AWS Managed Microsoft AD: per domain controller hour by edition (Standard or Enterprise, `Enterprise`
  when unset, the provider's default), for its domain controllers: two, AWS's minimum, or
  `desiredNumberOfDomainControllers`.
- Simple AD and AD Connector: per directory hour by size (Small or Large, `Large` when unset, the
  provider's default); the Price List bills them "per directory", its two domain controllers included.
The directory type is `SimpleAD` when unset (the provider's default). Directory sharing and data
transfer are not priced.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, number, text
from costing.rules.declare import OfferFilter, Page, Price

DIRECTORY = "aws:directoryservice/directory:Directory"
TYPES = (DIRECTORY,)
FILE = "directoryservice.json"
MIN_DOMAIN_CONTROLLERS = 2  # every directory runs at least two domain controllers, in two Availability Zones
EDITIONS = {"Standard": "standard", "Enterprise": "enterprise"}
SIZES = {"Small": "small", "Large": "large"}



def _hours(item: str, description: str, field: str, values: dict[str, str], directory_type: str,
           *metrics: str) -> Price:
    """Hours of one kind of directory, a family by edition or size (`field`): the metrics it is read from,
    and the Price List rows of its directory type (infracost's filter: directoryType, directorySize)."""
    return Price("directoryservice", item, "hour", description, variant=f"{{{field}}}",
                 sources=[Page(FILE, re.compile(metric), values={field: values}) for metric in metrics],
                 refresh=[OfferFilter("AWSDirectoryService", families="AWS Directory Service",
                                      attributes={"directoryType": directory_type}, fill={field: "directorySize"},
                                      values={field: values})])


DOMAIN_CONTROLLER_HOURS = _hours("microsoft-ad", "domain controller hours ({edition})", "edition", EDITIONS,
                                 "Microsoft AD",
                                 r"(?P<edition>Standard|Enterprise) Domain Controller for Microsoft Active Directory")
SIMPLE_AD_HOURS = _hours("simple-ad", "Simple AD directory hours ({size})", "size", SIZES, "Simple AD",
                         r"(?P<size>Small) Simple AD or AD Connector", r"(?P<size>Large) Simple AD")
AD_CONNECTOR_HOURS = _hours("ad-connector", "AD Connector directory hours ({size})", "size", SIZES, "AD Connector",
                            r"(?P<size>Small) Simple AD or AD Connector", r"(?P<size>Small|Large) AD Connector")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"directoryservice": "Directory Service"}
PRICES = (DOMAIN_CONTROLLER_HOURS, SIMPLE_AD_HOURS, AD_CONNECTOR_HOURS)


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {DIRECTORY: (_directory, "Directory Service directory")})


def _directory(resource: Any) -> list[dict[str, Any]]:
    inputs = resource.inputs
    directory_type = text(inputs, "type", "directory type", "SimpleAD")
    if directory_type == "MicrosoftAD":
        edition = text(inputs, "edition", "edition", "Enterprise")
        if edition not in EDITIONS:
            raise Unpriceable(f"Microsoft AD edition {edition!r} is not Standard or Enterprise")
        controllers = max(number(inputs, "desiredNumberOfDomainControllers", "domain controllers",
                                 MIN_DOMAIN_CONTROLLERS), MIN_DOMAIN_CONTROLLERS)
        return [DOMAIN_CONTROLLER_HOURS.line(resource.urn, controllers, edition=EDITIONS[edition])]
    prices = {"SimpleAD": SIMPLE_AD_HOURS, "ADConnector": AD_CONNECTOR_HOURS}
    if directory_type not in prices:
        raise Unpriceable(f"directory type {directory_type!r} is not SimpleAD, ADConnector or MicrosoftAD")
    size = text(inputs, "size", "directory size", "Large")
    if size not in SIZES:
        raise Unpriceable(f"directory size {size!r} is not Small or Large")
    return [prices[directory_type].line(resource.urn, 1.0, size=SIZES[size])]
