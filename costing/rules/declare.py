"""Price identities and usage keys, declared once beside the rule that writes their lines.

A `Price` is one identity of the price catalog, (service, item, variant, unit), with a short
description. It is a *family* when its item or variant is a template such as "{instance_type}" or
"{engine}|{licence}|{deployment}": one price per value, the rule filling the fields. It says where
its prices come from, so that nothing else keeps a list of its own:

- `sources`, read by scripts/build_price_snapshot.py from ../shared/pricing: the rows of a normalized
  table (`Normalized("ec2")`) whose key fits the price, or pricing-page metrics (`Page("lambda.json",
  "Lambda Requests", factor=1_000_000)`; a compiled pattern for a family, whose named groups fill
  its fields).
- `refresh`, read by costing/refresh/mapping.py: which rows of which Price List offer file
  `costing prices refresh` maps to it (`OfferFilter("AWSLambda", families=("Serverless",),
  usage=("Request",))`), the product filter of infracost's resource files.

A rule writes its lines from the declarations, never restating a service, item or unit by hand:
`INSTANCE_HOURS.line(urn, 2, instance_type="t3.micro")`, `GB_PROCESSED_PRICE.usage_line(urn,
MONTHLY_DATA_PROCESSED_GB)`. A `UsageKey` is a value the usage file gives per resource (named as
infracost names it); a `Tiered` price splits a quantity across AWS's volume tiers. A free allowance
(`free_tier`) is stated on the line as a note, never applied: it is account-wide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping, Union

INF = float("inf")
_FIELD = re.compile(r"\{(\w+)\}")
_RESERVED_FIELDS = frozenset({"urn", "quantity", "description", "keys", "factor", "note"})


@dataclass(frozen=True)
class UsageKey:
    """A usage-file key: infracost's name where it has one, the unit its value is in, what it means,
    and older names a usage file may still use.

    `chunk`: the value is a size that AWS bills in whole chunks of this many units (each 64 KB of an SQS
    request is a request of its own): a usage line reads how many chunks, ceil(value / chunk), at least
    one, and one when the usage file gives no value (a payload within one chunk).

    `optional`: a line reading it is left out of an estimate until the usage file gives it a value (an SNS
    topic's subscribers outside the stack: most topics have none of a kind), so that it adds no line that
    would only say "depends on usage"; the usage template still lists it."""

    name: str
    unit: str
    description: str
    aliases: tuple[str, ...] = ()
    chunk: float = 0.0
    optional: bool = False


# --- where the snapshot builder reads a price ---------------------------------------------------

@dataclass(frozen=True)
class Normalized:
    """The rows of ../shared/pricing/normalized/<table>.csv whose service, unit, item and variant fit
    the price (a family takes every row its templates match)."""

    table: str


@dataclass(frozen=True)
class Page:
    """Metrics of ../shared/pricing/aws-pricing-pages/<file>: exactly `metric`, or every metric a
    compiled pattern matches whole, its named groups filling the family's fields (through `values`,
    captured text -> field value, when given). `detail` is searched in a location's bracketed detail
    ("US East (Ohio) (Instance Type: db.r6g.large)") and fills fields too. Prices are multiplied by
    `factor` (a per-request price x 1,000,000 is per million). `location`: read only this location's
    price ("Any", "Global") and apply it in every region, for prices AWS does not set per region.

    `most_common`: the pattern's metrics are one place each (Direct Connect's locations), several giving a
    region the same price key: keep, per region and key, the price most of them share (a tie: the higher)
    instead of the highest, the row's source naming how many share it and the others' prices. With it,
    `suspect_above`: a place's price more than this many times the one most places of every region share
    for the key is left out as suspect data (named in the source too); a key left with none has no price."""

    file: str
    metric: Union[str, re.Pattern]
    factor: Decimal = Decimal(1)
    detail: re.Pattern | None = None
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    location: str | None = None
    most_common: bool = False
    suspect_above: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "factor", Decimal(str(self.factor)))


Source = Union[Normalized, Page]

# A row attribute's wanted value: one value, any of several, or a pattern it must match (re.search).
Wanted = Union[str, tuple, re.Pattern]


@dataclass(frozen=True)
class OfferFilter:
    """The rows of a Price List offer file (`code`: AmazonEC2, AWSLambda, ...) that give a price, as
    infracost's ProductFilter: product `families`, usage types (`usage`: names matched after the
    region prefix, "EUW2-NatGateway-Hours" is "NatGateway-Hours"; or `usage_pattern`, searched), and
    `attributes` (AWS's attribute names, camelCase as in the Price List API: {"cacheEngine": "Redis"}).

    A family's fields come from `fill` (field -> the attribute that gives it, or a function of the
    row reading the attributes listed in `reads`), translated through `values` when given (a value not
    listed there leaves the row out).
    `factor` converts AWS's unit to the price's (per GiBps-mo -> per MiBps-month: 1/1024).
    `reservable`: the row's Reserved terms are kept too (EC2 and RDS instances). `example`: attribute
    values of a row this filter matches, for what a test cannot derive (patterns, fill functions)."""

    code: str
    families: tuple[str, ...] = ()
    usage: tuple[str, ...] = ()
    usage_pattern: re.Pattern | None = None
    attributes: Mapping[str, Wanted] = field(default_factory=dict)
    fill: Mapping[str, Union[str, Callable[[Any], Union[str, None]]]] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    reads: tuple[str, ...] = ()
    factor: Decimal = Decimal(1)
    reservable: bool = False
    example: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "families", _tuple(self.families))
        object.__setattr__(self, "usage", _tuple(self.usage))
        object.__setattr__(self, "reads", _tuple(self.reads))
        object.__setattr__(self, "factor", Decimal(str(self.factor)))


def _tuple(value: Union[str, Iterable[str]]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def by_usage_type(values: Mapping[str, str]) -> Callable[[Any], Union[str, None]]:
    """A `fill` function for a family whose field the row's usage type gives: `values` maps usage types
    (as after the region prefix: "Requests-SIA-Tier1") to field values, for rows with or without the prefix
    ("USE1-Requests-SIA-Tier1", "Requests-SIA-Tier1"); a row of another usage type gets None (left out)."""
    def fill(row: Any) -> Union[str, None]:
        for usage_type, value in values.items():
            if row.usage_type == usage_type or row.usage_type.endswith("-" + usage_type):
                return value
        return None
    return fill


# --- price identities ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Price:
    """One price identity (a family when `item` or `variant` has {fields}), its sources and the
    lines that price it. `unit` ending in "hour" is hourly; any other unit is per month.

    `missing` says why ../shared/pricing has no price for it at all (no `sources`): its lines are
    still written, so the estimate shows each as a gap ("no price for ...", `missing` as its note) instead
    of leaving the charge out: the resource partly priced for its other lines (unpriced when none of its
    fixed lines has a price); a refresh from the Bulk API (`refresh`) can fill it."""

    service: str
    item: str
    unit: str
    description: str
    variant: str = ""
    sources: tuple[Source, ...] = ()
    refresh: tuple[OfferFilter, ...] = ()
    free_tier: str = ""
    missing: str = ""

    def __post_init__(self) -> None:
        if self.missing and self.sources:
            raise ValueError(f"{self.service} {self.item}: a price with sources is not missing")
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "refresh", tuple(self.refresh))
        fields = tuple(dict.fromkeys(_FIELD.findall(self.item) + _FIELD.findall(self.variant)))
        clash = _RESERVED_FIELDS.intersection(fields)
        if clash:
            raise ValueError(f"{self.service} {self.item}: field name(s) {sorted(clash)} are taken by line()")
        object.__setattr__(self, "fields", fields)

    @property
    def is_family(self) -> bool:
        return bool(self.fields)

    def key(self, **fields: str) -> tuple[str, str]:
        """(item, variant) for the family's `fields` (none for a single price)."""
        if set(fields) != set(self.fields):
            raise TypeError(f"{self.service} {self.item} {self.variant}: fields {sorted(fields)} given, "
                            f"{list(self.fields)} declared")
        if not fields:
            return self.item, self.variant
        return self.item.format(**fields), self.variant.format(**fields)

    def line(self, urn: str, quantity: float, description: str | None = None, note: str | None = None,
             **fields: str) -> dict[str, Any]:
        """A baseline line: `quantity` units of this price (the description defaults to the declared one)."""
        item, variant = self.key(**fields) if fields or self.fields else (self.item, self.variant)
        return _line(urn, self._described(description, fields), self, item, variant, float(quantity), False, "",
                     1.0, 0.0, INF, self._note(note))

    def unknown_line(self, urn: str, reason: str, description: str | None = None, note: str | None = None,
                     **fields: str) -> dict[str, Any]:
        """A baseline line whose quantity is not known before apply (why: `reason`): the resource is priced
        for its other lines, this one shown with its unit price, and the totals marked incomplete."""
        item, variant = self.key(**fields)
        return _line(urn, self._described(description, fields), self, item, variant, float("nan"), False, "",
                     1.0, 0.0, INF, self._note(note)) | {"reason": reason}

    def usage_line(self, urn: str, keys: Union[UsageKey, tuple[UsageKey, ...]], description: str | None = None,
                   factor: float = 1.0, note: str | None = None, **fields: str) -> dict[str, Any]:
        """A usage line: its quantity is `factor` x the product of the usage file's values of `keys`
        (a Lambda function's GB-seconds: monthly_requests x request_duration_ms x GB / 1000); until
        the usage file gives them all, it shows the unit price and "depends on usage"."""
        item, variant = self.key(**fields) if fields or self.fields else (self.item, self.variant)
        return _line(urn, self._described(description, fields), self, item, variant, float("nan"), True,
                     usage_names(keys), float(factor), 0.0, INF, self._note(note))

    @property
    def default_note(self) -> str:
        """What its lines say when the rule gives no note: the free allowance, or why the price is missing."""
        return self.free_tier or self.missing

    def fields_of(self, item: str, variant: str) -> dict[str, str] | None:
        """The fields that make this price's (item, variant) the given one; None when no fields do."""
        found_item = template_pattern(self.item).fullmatch(item)
        found_variant = template_pattern(self.variant).fullmatch(variant)
        if found_item is None or found_variant is None:
            return None
        fields = found_item.groupdict()
        for name, value in found_variant.groupdict().items():
            if fields.setdefault(name, value) != value:
                return None
        return fields

    def _note(self, note: str | None) -> str:
        return self.default_note if note is None else note

    def _described(self, description: str | None, fields: Mapping[str, str]) -> str:
        if description is not None:
            return description
        return self.description.format(**fields) if fields else self.description


def usage_names(keys: Union[UsageKey, tuple[UsageKey, ...]]) -> str:
    """The `usage_key` of a line: the key's name, or the names of keys multiplied, joined by "*"."""
    return keys.name if isinstance(keys, UsageKey) else "*".join(key.name for key in keys)


def _line(urn: str, description: str, price: Price, item: str, variant: str, quantity: float, usage: bool,
          usage_key: str, factor: float, low: float, high: float, note: str) -> dict[str, Any]:
    return {"urn": urn, "description": description, "service": price.service, "item": item, "variant": variant,
            "unit": price.unit, "quantity": quantity, "usage": usage, "usage_key": usage_key, "usage_factor": factor,
            "tier_low": low, "tier_high": high, "note": note, "reason": ""}


@dataclass(frozen=True)
class Tier:
    """One volume tier: its price applies to the quantity up to `upto` (in the price's unit, past
    the previous tier's bound); `label` names it in line descriptions ("first 10 TB")."""

    upto: float
    label: str
    price: Price


@dataclass(frozen=True)
class Tiered:
    """A price in volume tiers, in order, the last one unbounded (`upto` = INF). A quantity splits across
    them as AWS bills it (per resource: AWS's tiers are per account, so a resource alone never errs low)."""

    tiers: tuple[Tier, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "tiers", tuple(self.tiers))
        bounds = [tier.upto for tier in self.tiers]
        if not bounds or bounds != sorted(set(bounds)) or bounds[-1] != INF:
            raise ValueError(f"tiers must rise and end unbounded (INF), got {bounds}")

    @property
    def prices(self) -> tuple[Price, ...]:
        return tuple(tier.price for tier in self.tiers)

    def bounds(self) -> Iterable[tuple[float, float, Tier]]:
        low = 0.0
        for tier in self.tiers:
            yield low, tier.upto, tier
            low = tier.upto

    def lines(self, urn: str, quantity: float, description: str, **fields: str) -> list[dict[str, Any]]:
        """A known quantity split across the tiers: one line per tier it reaches."""
        rows = []
        for low, high, tier in self.bounds():
            in_tier = min(quantity, high) - low
            if in_tier > 0:
                rows.append(tier.price.line(urn, in_tier, f"{description} ({tier.label})", **fields))
        return rows

    def usage_lines(self, urn: str, keys: Union[UsageKey, tuple[UsageKey, ...]], description: str,
                    factor: float = 1.0, **fields: str) -> list[dict[str, Any]]:
        """The first tier's usage line, bounded by that tier; the estimate adds the line of each further
        tier the usage file's quantity reaches (`further`), so a resource without usage that far costs
        one line, not one per tier."""
        first = self.tiers[0]
        row = first.price.usage_line(urn, keys, f"{description} ({first.label})", factor, **fields)
        row["tier_high"] = first.upto
        return [row]

    def further(self, item: str, variant: str) -> FurtherTiers | None:
        """The further tiers of a line of this price's first tier, (item, variant): its first tier's label
        and, per further tier, (item, variant, label, note, low, high), the family's fields as the line's;
        None when the line is not of this price's first tier."""
        first = self.tiers[0]
        fields = first.price.fields_of(item, variant)
        if fields is None:
            return None
        return first.label, tuple((*tier.price.key(**fields), tier.label, tier.price.default_note, low, high)
                                  for low, high, tier in list(self.bounds())[1:])


# A first tier's label and its further tiers, (item, variant, label, note, low, high) each.
FurtherTiers = tuple[str, tuple[tuple[str, str, str, str, float, float], ...]]


@cache
def template_pattern(template: str) -> re.Pattern:
    """What a family's item or variant template can become ("{engine}|{licence}" -> "(?P<engine>[^|]+)\\|..."),
    each field a named group (a value has no "|": the separator of a variant's parts)."""
    parts = _FIELD.split(template)
    return re.compile("".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>[^|]+)"
                              for index, part in enumerate(parts)))


def prices_of(declared: Iterable[Union[Price, Tiered]]) -> tuple[Price, ...]:
    """The price identities of a module's PRICES (a Tiered price stands for its tiers' prices)."""
    found: list[Price] = []
    for entry in declared:
        found.extend(entry.prices if isinstance(entry, Tiered) else (entry,))
    return tuple(found)
