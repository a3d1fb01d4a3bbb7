"""The AWS Price List Bulk API's layout: offer index -> region index -> per-region offer file.

`<endpoint>/offers/v1.0/aws/index.json` lists every offer with its `currentRegionIndexUrl`; that
region index maps region codes to `currentVersionUrl` (`.../<version>/<region>/index.json`), whose
CSV twin is `index.csv`. No credentials are needed. Which offers price which catalog services:
OFFERS. The indexes' URLs are followed only to http(s) URLs on the endpoint's own host: an index that
names a `file://` URL or another host is refused, not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from costing.errors import InputError

DEFAULT_ENDPOINT = "https://pricing.us-east-1.amazonaws.com"
OFFER_INDEX_PATH = "/offers/v1.0/aws/index.json"
REGION_CODE = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d+$")

# Offer code -> the catalog services its files price.
OFFERS = {
    "AmazonEC2": ("ec2", "ebs", "nat"),
    "AmazonRDS": ("rds", "rds-storage"),
    "AWSELB": ("elb",),
    "AmazonVPC": ("vpc",),
    "AWSDataTransfer": ("data-transfer",),
    "AmazonCloudWatch": ("cloudwatch",),
    "AWSSecretsManager": ("secretsmanager",),
    "awskms": ("kms",),
}


class IndexFormatError(Exception):
    """An offer or region index that does not have the Bulk API's shape; names the URL."""


@dataclass(frozen=True)
class RegionFiles:
    """The CSV offer file of each wanted region, and the wanted regions the offer's index lacks."""

    index_url: str
    files: dict[str, str]  # region -> CSV URL
    missing: tuple[str, ...]


def parse_endpoint(text: str) -> str:
    """An http(s) base URL without a trailing slash, or an InputError naming --endpoint."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"--endpoint {text!r}: expected an http(s) URL such as {DEFAULT_ENDPOINT}")
    return text.strip().rstrip("/")


def parse_services(names: list[str] | None) -> list[str]:
    """Offer codes for service names (offer codes such as AmazonRDS, or catalog services such as rds,
    case-insensitive); every offer for None."""
    if not names:
        return list(OFFERS)
    by_name = {code.lower(): code for code in OFFERS}
    by_name |= {service: code for code, services in OFFERS.items() for service in services}
    offers = []
    for name in names:
        code = by_name.get(name.strip().lower())
        if code is None:
            raise InputError(f"--services {name!r}: not a service the rules price; use offer codes "
                             f"({', '.join(OFFERS)}) or catalog services "
                             f"({', '.join(s for services in OFFERS.values() for s in services)})")
        if code not in offers:
            offers.append(code)
    return offers


def parse_region_codes(codes: list[str] | None) -> list[str] | None:
    """The region codes given (None: every region of each offer), or an InputError for a malformed one."""
    if codes is None:
        return None
    bad = [code for code in codes if not REGION_CODE.match(code)]
    if bad or not codes:
        raise InputError(f"--regions {','.join(codes)!r}: {bad[0] if bad else '(none)'!r} is not a region code; "
                         f"use codes such as us-east-1,eu-west-1, or all")
    return codes


def offer_index_url(endpoint: str) -> str:
    return endpoint + OFFER_INDEX_PATH


def region_index_url(endpoint: str, offer_index: dict, offer: str, index_url: str) -> str:
    """The offer's current region index, from the offer index."""
    offers = offer_index.get("offers")
    entry = offers.get(offer) if isinstance(offers, dict) else None
    if not isinstance(entry, dict) or not isinstance(entry.get("currentRegionIndexUrl"), str):
        raise IndexFormatError(f"{index_url}: offer {offer} is not listed (or has no currentRegionIndexUrl)")
    return on_endpoint(endpoint, entry["currentRegionIndexUrl"], f"{index_url}: offer {offer}")


def on_endpoint(endpoint: str, reference: str, where: str) -> str:
    """`reference` (relative to the endpoint, or absolute) as a URL, or an IndexFormatError when it leads
    anywhere but http(s) on the endpoint's host and port."""
    url = urljoin(endpoint + "/", reference)
    parts, home = urlsplit(url), urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != home.netloc.lower():
        raise IndexFormatError(f"{where}: {reference[:200]!r} is not an http(s) URL on {home.netloc}: refused")
    return url


def region_files(endpoint: str, region_index: dict, regions: list[str] | None, index_url: str) -> RegionFiles:
    """The CSV file of every wanted region (every AWS region of the index for None)."""
    listed = region_index.get("regions")
    if not isinstance(listed, dict):
        raise IndexFormatError(f"{index_url}: no 'regions' object: not a region index")
    files = {}
    for code, entry in listed.items():
        version_url = entry.get("currentVersionUrl") if isinstance(entry, dict) else None
        if not isinstance(version_url, str) or not version_url.endswith(".json"):
            raise IndexFormatError(f"{index_url}: region {code} has no currentVersionUrl ending in .json")
        files[code] = on_endpoint(endpoint, version_url[:-len(".json")] + ".csv", f"{index_url}: region {code}")
    if regions is None:
        wanted = sorted(code for code in files if REGION_CODE.match(code))
        return RegionFiles(index_url, {code: files[code] for code in wanted}, ())
    return RegionFiles(index_url, {code: files[code] for code in regions if code in files},
                       tuple(code for code in regions if code not in files))
