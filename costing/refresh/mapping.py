"""Which rows of an AWS offer file the rules need, and the catalog key each becomes: derived from the
refresh filters (`OfferFilter`) of the prices the rule modules declare (costing/rules/declare.py),
so that a new price needs no change here.

A row of a Bulk API CSV offer file is one price dimension of one product under one term; its
product attributes are repeated on every row, so each row is classified on its own, without
joining (that is what lets the parser stream). `match(offer, row)` returns the catalog key of a row
a declared price reads (service, item, variant, unit, conversion factor) or None.

Usage types carry a region prefix ("EUW2-NatGateway-Hours", "sa-east-1-KMS-Keys"; none in
us-east-1 for some), so a filter's usage names match by suffix after a dash (`usage_suffix`). Rows
of Local Zones, Wavelength Zones and Outposts (Location Type other than "AWS Region") and prices in
another currency are left out.
"""

from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Container, Iterable, Optional

from costing.rules import declared_prices
from costing.rules.declare import OfferFilter, Price

# The CSV columns every offer file is read for: field name -> the header name, compared without case,
# spaces or punctuation ("usageType" == "Usage Type"). Columns not in a file read as "".
BASE_COLUMNS = {
    "sku": "SKU", "term_code": "OfferTermCode", "term_type": "TermType", "unit": "Unit",
    "price": "PricePerUnit", "currency": "Currency", "ending_range": "EndingRange",
    "lease": "LeaseContractLength", "purchase_option": "PurchaseOption", "offering_class": "OfferingClass",
    "product_family": "Product Family", "location_type": "Location Type", "region_code": "Region Code",
    "usage_type": "usageType",
}
REQUIRED = ("sku", "term_type", "unit", "price", "currency", "product_family", "usage_type")
REGION_LOCATION = ("", "AWS Region")

# A first cut on one column, before a row is looked at closely: the values a row the rules use can have
# there. Most AmazonEC2 rows are other operating systems' (Windows, RHEL, SUSE, ...), dropped cheaply;
# every AmazonEC2 filter reads Linux instances or products without an operating system (EBS, NAT).
SCREENS = {"AmazonEC2": ("operating_system", frozenset({"", "Linux"}))}

# AWS unit -> factor to the catalog's unit, where they differ (gp3 throughput is sold per MiB/s but
# listed per GiB/s: 40.96 per GiBps-mo is 0.04 per MiBps-month).
UNIT_FACTORS = {"gibps-mo": Decimal(1) / Decimal(1024)}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def field_name(attribute: str) -> str:
    """The Row field of an AWS attribute: `instanceType` -> `instance_type` (`capacitystatus` stays)."""
    return _CAMEL.sub("_", attribute).lower()


@dataclass(frozen=True)
class Match:
    """The catalog key a row prices, and the factor from AWS's unit to the catalog's."""

    service: str
    item: str
    variant: str
    unit: str
    factor: Decimal = Decimal(1)
    reservable: bool = False  # EC2 instances and RDS instances: their Reserved terms are kept too


def _declared_filters(prices: Iterable[Price]) -> dict[str, list[tuple[OfferFilter, Price]]]:
    """Offer code -> its (filter, price) pairs, in the order the prices are declared; offers by code."""
    found: dict[str, list[tuple[OfferFilter, Price]]] = {}
    for price in prices:
        for offer_filter in price.refresh:
            found.setdefault(offer_filter.code, []).append((offer_filter, price))
    return dict(sorted(found.items(), key=lambda entry: entry[0].lower()))


def _read_attributes(filters: Iterable[OfferFilter]) -> list[str]:
    names: dict[str, None] = {}
    for offer_filter in filters:
        names.update(dict.fromkeys(offer_filter.attributes))
        names.update(dict.fromkeys(source for source in offer_filter.fill.values() if isinstance(source, str)))
        names.update(dict.fromkeys(offer_filter.reads))
    return list(names)


FILTERS = _declared_filters(declared_prices())
# Offer code -> the catalog services its files price.
OFFERS: dict[str, tuple[str, ...]] = {
    code: tuple(sorted({price.service for _, price in entries})) for code, entries in FILTERS.items()}
COLUMNS = BASE_COLUMNS | {field_name(attribute): attribute for attribute in
                          _read_attributes(offer_filter for entries in FILTERS.values() for offer_filter, _ in entries)
                          if field_name(attribute) not in BASE_COLUMNS}
Row = namedtuple("Row", list(COLUMNS))


def usage_suffix(usage_type: str, table: Container[str]) -> Optional[str]:
    """The longest name in `table` that `usage_type` is, or ends with after a dash (its region prefix)."""
    if usage_type in table:
        return usage_type
    start = usage_type.find("-")
    while start != -1:
        candidate = usage_type[start + 1:]
        if candidate in table:
            return candidate
        start = usage_type.find("-", start + 1)
    return None


class OfferMatcher:
    """The filters of one offer, indexed so that a row is compared with the few that may take it: those
    naming its usage type, those of its product family, and those naming neither."""

    def __init__(self, entries: list[tuple[OfferFilter, Price]]):
        self.by_usage: dict[str, list[tuple[int, OfferFilter, Price]]] = {}
        self.by_family: dict[str, list[tuple[int, OfferFilter, Price]]] = {}
        self.others: list[tuple[int, OfferFilter, Price]] = []
        for order, (offer_filter, price) in enumerate(entries):
            entry = (order, offer_filter, price)
            if offer_filter.usage:
                for name in offer_filter.usage:
                    self.by_usage.setdefault(name, []).append(entry)
            elif offer_filter.families:
                for family in offer_filter.families:
                    self.by_family.setdefault(family, []).append(entry)
            else:
                self.others.append(entry)

    def match(self, row: Row) -> Optional[Match]:
        """The key of the first filter (in declaration order) that takes the row."""
        found = usage_suffix(row.usage_type, self.by_usage)
        candidates = [*(self.by_usage[found] if found is not None else ()),
                      *self.by_family.get(row.product_family, ()), *self.others]
        for _, offer_filter, price in sorted(candidates, key=lambda entry: entry[0]):
            matched = filter_match(offer_filter, price, row)
            if matched is not None:
                return matched
        return None


def filter_match(offer_filter: OfferFilter, price: Price, row: Any) -> Optional[Match]:
    """The key `price` gives the row when `offer_filter` takes it, else None."""
    if offer_filter.families and row.product_family not in offer_filter.families:
        return None
    if offer_filter.usage and usage_suffix(row.usage_type, offer_filter.usage) is None:
        return None
    if offer_filter.usage_pattern is not None and not offer_filter.usage_pattern.search(row.usage_type):
        return None
    for attribute, wanted in offer_filter.attributes.items():
        if not _wanted(getattr(row, field_name(attribute)), wanted):
            return None
    fields = {}
    for name, source in offer_filter.fill.items():
        value = source(row) if callable(source) else getattr(row, field_name(source))
        table = offer_filter.values.get(name)
        value = table.get(value) if table is not None else value
        if not value:
            return None
        fields[name] = value
    item, variant = price.key(**fields)
    factor = offer_filter.factor * UNIT_FACTORS.get(row.unit.lower(), Decimal(1))
    return Match(price.service, item, variant, price.unit, factor, offer_filter.reservable)


def _wanted(value: str, wanted: Any) -> bool:
    if isinstance(wanted, str):
        return value == wanted
    if isinstance(wanted, re.Pattern):
        return wanted.search(value) is not None
    return value in wanted


MATCHERS = {code: OfferMatcher(entries) for code, entries in FILTERS.items()}


def match(offer: str, row: Row) -> Optional[Match]:
    """The catalog key of a row of `offer`'s file that a declared price reads, or None (left out)."""
    if row.location_type not in REGION_LOCATION or row.currency not in ("", "USD"):
        return None
    return MATCHERS[offer].match(row)
