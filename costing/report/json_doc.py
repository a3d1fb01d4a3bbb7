"""JSON output: the stable `costing.estimate/v1` document, region comparisons and price tables.

Money is rounded to 6 decimal places (cents are too coarse for unit prices, full float precision
only shows noise such as 32.849999999999994); a missing amount is null, never 0.
"""

from __future__ import annotations

import json
from collections import abc
from datetime import date
from typing import Iterator

import numpy as np
import pandas as pd

from costing.report import common
from costing.report.common import is_missing, price_ages, resource_chunks
from costing.result import Estimate, RegionComparison
from costing.schema import HOURS_PER_MONTH

SCHEMA = "costing.estimate/v1"
MONEY_PLACES = 6
# The documented fields, in order, and how each column becomes JSON (see `records`).
RESOURCE_KINDS = {"urn": "text", "type": "text", "name": "text", "component": "text", "region": "optional",
                  "status": "text", "reason": "text", "hourly_usd": "money", "monthly_usd": "money",
                  "usage_monthly_usd": "money"}
LINE_KINDS = {"description": "text", "quantity": "money", "unit": "text", "unit_usd": "money",
              "monthly_usd": "money", "usage": "flag"}
# Under a reserved term (--pricing), each line also has these, and each resource its saving_monthly_usd.
RESERVED_LINE_KINDS = {"pricing": "text", "on_demand_unit_usd": "money", "saving_monthly_usd": "money"}
ASG_KINDS = {"urn": "text", "name": "text", "min_size": "value", "desired": "value", "max_size": "value",
             "monthly_usd_at_min": "money", "monthly_usd_at_desired": "money", "monthly_usd_at_max": "money"}
REGION_KINDS = {"region": "text", "hourly_usd": "money", "monthly_usd": "money", "usage_monthly_usd": "money",
                "unpriced": "value", "complete": "flag", "delta_monthly_usd": "money"}
REGION_FIELDS = list(REGION_KINDS)


def render_estimate(estimate: Estimate, *, today: date) -> str:
    return "".join(estimate_pieces(estimate, today=today))


def estimate_pieces(estimate: Estimate, *, today: date) -> Iterator[str]:
    """The document in the order it is written, a resource a piece: never whole in memory, as text or as
    Python objects (a million-resource report is larger than the preview it comes from)."""
    return pieces(estimate_document(estimate, today))


def render_regions(comparison: RegionComparison) -> str:
    return dumps(regions_document(comparison))


def render_frame(frame: pd.DataFrame) -> str:
    """Any table (price info, price lookups) as a list of records."""
    return dumps(records(frame, dict.fromkeys(frame.columns, "value")))


def dumps(document: object) -> str:
    return "".join(pieces(document))


def pieces(document: object) -> Iterator[str]:
    """Objects indented, each list item on one line: readable, line-diffable, and written by json's C
    encoder (`indent=` switches json to its pure-Python encoder, ten times slower on 100,000 resources).
    A list may be an iterator, whose items are made as they are written."""
    yield from _pieces(document, "")
    yield "\n"


_ENCODER = json.JSONEncoder(allow_nan=False)  # one instance: json.dumps(allow_nan=...) builds one per call
_END = object()


def _pieces(value: object, pad: str) -> Iterator[str]:
    if isinstance(value, dict) and value:
        yield "{\n"
        for position, (key, member) in enumerate(value.items()):
            separator = ",\n" if position else ""
            yield f"{separator}{pad}  {_ENCODER.encode(key)}: "
            yield from _pieces(member, pad + "  ")
        yield f"\n{pad}}}"
    elif isinstance(value, (list, abc.Iterator)):
        items = iter(value)
        first = next(items, _END)
        if first is _END:
            yield "[]"
            return
        yield f"[\n{pad}  {_ENCODER.encode(first)}"
        for item in items:
            yield f",\n{pad}  {_ENCODER.encode(item)}"
        yield f"\n{pad}]"
    else:
        yield _ENCODER.encode(value)


def estimate_document(estimate: Estimate, today: date) -> dict:
    """The document, its resources and Auto Scaling groups iterators (made as they are written, once)."""
    source = estimate.source
    return {
        "schema": SCHEMA,
        "source": {key: source.get(key) for key in ("kind", "stack", "project", "path")},
        "region": estimate.region,
        "currency": "USD",
        "hours_per_month": HOURS_PER_MONTH,
        "prices": {
            age.service: {"as_of": age.as_of, "origin": age.origin, "age_days": age.age_days}
            for age in price_ages(estimate.prices, today)
        },
        **_pricing(estimate),
        "resources": _resources(estimate),
        "autoscaling_groups": _chunked_records(estimate.asg_ranges, ASG_KINDS),
        # multi-language components a stack's offline run could not expand (not in the totals)
        "unexpanded_components": [{key: component[key] for key in ("urn", "type", "name")}
                                  for component in source.get("unexpanded_components", ())],
        "totals": _totals(estimate.totals),
    }


def regions_document(comparison: RegionComparison) -> list[dict]:
    """Regions in the comparison's order (cheapest complete first), the home region flagged."""
    regions = records(comparison.regions, REGION_KINDS)
    for region in regions:
        region["home"] = region["region"] == comparison.home_region
    return regions


def records(frame: pd.DataFrame, kinds: dict[str, str]) -> list[dict]:
    """The frame's `kinds` columns as JSON-ready dicts, converted a column at a time (fast on 100,000 rows):
    money rounded with NaN as null, text with missing as "", optional text with missing as null."""
    columns = [_column(frame[name], kind) for name, kind in kinds.items()]
    return [dict(zip(kinds, values)) for values in zip(*columns)]


def _column(values: pd.Series, kind: str) -> list:
    if kind == "money":
        rounded = values.to_numpy(dtype="float64", na_value=np.nan).round(MONEY_PLACES)
        amounts = rounded.astype(object)
        amounts[np.isnan(rounded)] = None
        return amounts.tolist()
    if kind == "flag":
        return values.astype(bool).tolist()
    if kind == "text":
        return values.astype(object).where(values.notna(), "").astype(str).tolist()
    if kind == "optional":
        return values.astype(object).where(values.notna(), None).tolist()
    return [plain(value) for value in values.tolist()]


def money(value: object) -> float | None:
    return None if is_missing(value) else round(float(value), MONEY_PLACES)


def plain(value: object) -> object:
    """A JSON-ready scalar: numpy and pandas scalars unwrapped, NaN/NA as null, floats rounded."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return money(value)
    if isinstance(value, (str, int, bool)):
        return value
    return str(value)


def _pricing(estimate: Estimate) -> dict:
    """`{"pricing": ...}` under a reserved term: the term, the on-demand total and the saving; {} on demand."""
    reserved = estimate.reserved
    if reserved is None:
        return {}
    return {"pricing": {"term": reserved.term, "monthly_usd": money(estimate.totals["monthly_usd"]),
                        "on_demand_monthly_usd": money(reserved.on_demand_monthly_usd),
                        "saving_monthly_usd": money(reserved.saving_monthly_usd),
                        "on_demand_without_term": list(reserved.without_term)}}


def _resources(estimate: Estimate) -> Iterator[dict]:
    """Each resource with its lines (and, under a reserved term, its saving), made CHUNK_ROWS at a time."""
    reserved = estimate.reserved
    kinds = LINE_KINDS if reserved is None else LINE_KINDS | RESERVED_LINE_KINDS
    for resources, lines, owners in resource_chunks(estimate.resources, estimate.lines):
        chunk = records(resources, RESOURCE_KINDS)
        if reserved is not None:
            lines = lines.join(reserved.lines).rename(columns={"term": "pricing"})
            _add_savings(chunk, lines)
        owned: list[list[dict]] = [[] for _ in chunk]
        for owner, line in zip(owners.tolist(), records(lines, kinds)):
            owned[owner].append(line)
        for resource, its_lines in zip(chunk, owned):
            resource["lines"] = its_lines
            yield resource


def _chunked_records(frame: pd.DataFrame, kinds: dict[str, str]) -> Iterator[dict]:
    """`records` of a frame with a row per resource of a type (Auto Scaling groups), CHUNK_ROWS at a time."""
    for start in range(0, len(frame), common.CHUNK_ROWS):
        yield from records(frame.iloc[start:start + common.CHUNK_ROWS], kinds)


def _add_savings(resources: list[dict], lines: pd.DataFrame) -> None:
    """Each priced resource's baseline saving against on-demand (null when it is not priced)."""
    baseline = lines[~lines["usage"].astype(bool)]
    savings = baseline.groupby("urn", sort=False)["saving_monthly_usd"].sum()
    for resource in resources:
        priced = resource["status"] == "priced"
        resource["saving_monthly_usd"] = money(savings.get(resource["urn"], 0.0)) if priced else None


def _totals(totals: dict) -> dict:
    return {
        "hourly_usd": money(totals["hourly_usd"]),
        "monthly_usd": money(totals["monthly_usd"]),
        "usage_monthly_usd": money(totals["usage_monthly_usd"]),
        **{count: int(totals[count]) for count in ("resources", "priced", "free", "unpriced")},
    }
