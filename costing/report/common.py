"""What every report format says the same way: money, quantities, the price snapshot's age, the
grouping by component, the Auto Scaling ranges. Formats differ only in markup."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from datetime import date
from typing import Iterator

import numpy as np
import pandas as pd

from costing.pricing import TERM_LABELS
from costing.result import BILLABLE, STATUSES, TOTAL_KEYS, Estimate, PriceProvenance, RegionComparison

STALE_AFTER_DAYS = 90
ROOT_COMPONENT = "(stack)"
DEPENDS_ON_USAGE = "depends on usage"


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def usd(value: float | None, places: int = 2) -> str:
    """`$1,234.56`, or `n/a` for a missing amount (an unpriced line is never shown as $0). Half a cent
    rounds up, whatever noise the order of a float sum left in the last bits ($736.525 is $736.53, be
    it summed as 736.5249999999 or 736.5250000001)."""
    if is_missing(value):
        return "n/a"
    exact = Decimal(repr(round(float(value), 9))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"${exact:,.{places}f}"


def hourly_usd(value: float | None) -> str:
    """Hourly amounts need more than cents: a public IPv4 address is $0.0050 an hour."""
    return usd(value, 4)


def quantity(value: float | None) -> str:
    if is_missing(value):
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def unit_price(value: float | None, unit: str) -> str:
    """`$0.045/GB`, with as many decimals as a small unit price needs."""
    if is_missing(value):
        return f"n/a per {unit}"
    whole, _, decimals = f"{value:,.10f}".partition(".")
    return f"${whole}.{decimals.rstrip('0').ljust(2, '0')}/{unit}"


def text(value: object) -> str:
    """A string cell: missing values (None, NaN) become empty."""
    return "" if is_missing(value) else str(value)


def values(frame: pd.DataFrame, *columns: str) -> Iterator[tuple]:
    """The values of `columns`, row by row: read column by column, several times cheaper than
    itertuples on the small frames a report walks through."""
    return zip(*(frame[column].tolist() for column in columns))


# Resources (with their lines) that the reports written row by row (json, csv) turn into text at a time: enough
# to convert a column at a time, few enough that a million-resource report is never whole in memory.
CHUNK_ROWS = 10_000


def resource_chunks(resources: pd.DataFrame,
                    lines: pd.DataFrame) -> Iterator[tuple[pd.DataFrame, pd.DataFrame, np.ndarray]]:
    """`resources` CHUNK_ROWS at a time (at least one chunk, empty when there are none), each with its lines (a
    resource's lines in their order in `lines`; a line of no resource in none) and each line's resource as
    a position in the chunk. URNs are unique: costing.inventory.frame.build_inventory keeps one per URN."""
    owners = pd.Index(resources["urn"]).get_indexer(lines["urn"])  # -1: no resource
    order = np.argsort(owners, kind="stable")
    owners = owners[order]
    for start in range(0, max(len(resources), 1), CHUNK_ROWS):
        first, last = np.searchsorted(owners, [start, start + CHUNK_ROWS])
        yield resources.iloc[start:start + CHUNK_ROWS], lines.take(order[first:last]), owners[first:last] - start


def grand_total_monthly(totals: dict) -> float:
    """Baseline plus the usage whose quantity the usage file gave: what --max-monthly is checked against."""
    return float(totals["monthly_usd"]) + float(totals["usage_monthly_usd"])


# --- the source and the price snapshot ---------------------------------------------------------

def source_label(source: dict) -> str:
    """`stack prod (project webstack)`, `preview plan.json (stack dev, project shop)`, `state stdin`."""
    kind = source.get("kind") or "inventory"
    stack, project = source.get("stack"), source.get("project")
    if kind == "stack":
        return f"stack {stack}" + (f" (project {project})" if project else "")
    path = source.get("path") or "-"
    known = ", ".join(f"{label} {value}" for label, value in (("stack", stack), ("project", project)) if value)
    return f"{kind} {'stdin' if path == '-' else path}" + (f" ({known})" if known else "")


@dataclass(frozen=True)
class PriceAge:
    service: str
    as_of: str
    origin: str
    age_days: int


def price_ages(prices: tuple[PriceProvenance, ...], today: date) -> list[PriceAge]:
    return [PriceAge(p.service, p.as_of, p.origin, (today - date.fromisoformat(p.as_of)).days) for p in prices]


def snapshot_line(prices: tuple[PriceProvenance, ...], today: date) -> str:
    """`Prices: embedded snapshot as of 2025-11-20 (371 days old)`; a range when services differ."""
    ages = price_ages(prices, today)
    if not ages:
        return "Prices: none used"
    # a service priced from two sources has "origin; origin" (Catalog.provenance): name each source once
    origins = ", ".join(dict.fromkeys(part for age in ages for part in age.origin.split("; ")))
    oldest = max(ages, key=lambda age: age.age_days)
    newest = min(ages, key=lambda age: age.age_days)
    if oldest.as_of == newest.as_of:
        return f"Prices: {origins} as of {oldest.as_of} ({_days(oldest.age_days)} old)"
    return (f"Prices: {origins} as of {oldest.as_of} to {newest.as_of} "
            f"({_days(newest.age_days)} to {_days(oldest.age_days)} old)")


def stale_warning(prices: tuple[PriceProvenance, ...], today: date) -> str | None:
    """One line naming the services whose prices are more than STALE_AFTER_DAYS old, or None."""
    ages = price_ages(prices, today)
    stale = [age for age in ages if age.age_days > STALE_AFTER_DAYS]
    if not stale:
        return None
    oldest = max(stale, key=lambda age: age.age_days)
    services = ("both services" if len(stale) == len(ages) == 2
                else f"all {len(ages)} services" if len(stale) == len(ages) > 2
                else ", ".join(sorted(age.service for age in stale)))
    return (f"prices for {services} are more than {STALE_AFTER_DAYS} days old (oldest: {oldest.service}, "
            f"{_days(oldest.age_days)}): AWS may have changed them since")


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


# --- grouping ----------------------------------------------------------------------------------

# Up to this many resources with lines, a component (or the usage section) shows them one by one;
# beyond it, one block per resource type with the lines added up, so that a 100,000-resource preview
# still gives a readable report in a second (json and csv always keep every resource).
DETAIL_LIMIT = 40
LINE_KEY = ["description", "unit", "unit_usd"]


@dataclass(frozen=True)
class Block:
    """The rows under one heading: a resource and its lines or, in a big component, every resource of
    one type with their lines added up by description, unit and unit price."""

    heading: str
    type_label: str
    lines: pd.DataFrame  # description, quantity, unit, unit_usd, hourly_usd, monthly_usd


@dataclass(frozen=True)
class ComponentGroup:
    """A component's resources (in inventory order), its baseline lines in blocks and their sum (NaN when
    every resource is unpriced: nothing known is not $0)."""

    component: str
    resources: pd.DataFrame
    blocks: list[Block]
    monthly_usd: float
    hourly_usd: float


def component_groups(estimate: Estimate) -> Iterator[ComponentGroup]:
    """Components in order of first appearance; the stack's own resources under ROOT_COMPONENT."""
    resources = estimate.resources.assign(
        component=estimate.resources["component"].fillna("").replace("", ROOT_COMPONENT))
    baseline = estimate.lines[~estimate.lines["usage"].astype(bool)]
    baseline = baseline.join(resources.set_index("urn")[["component", "name", "type"]], on="urn")
    lines_by_component = dict(tuple(baseline.groupby("component", sort=False)))
    for component, members in resources.groupby("component", sort=False):
        yield ComponentGroup(
            component=component,
            resources=members,
            blocks=_blocks(lines_by_component.get(component, baseline.iloc[0:0])),
            monthly_usd=float(members["monthly_usd"].sum(min_count=1)),
            hourly_usd=float(members["hourly_usd"].sum(min_count=1)),
        )


def _blocks(lines: pd.DataFrame) -> list[Block]:
    if lines["urn"].nunique() <= DETAIL_LIMIT:
        return [Block(rows["name"].iat[0], short_type(rows["type"].iat[0]), rows)
                for _, rows in lines.groupby("urn", sort=False)]
    counts = lines.groupby("type", sort=False)["urn"].nunique()
    added = _added_up(lines, ["type", *LINE_KEY])
    return [Block(f"{short_type(type_token)} x {counts[type_token]:,}", "",
                  rows.drop(columns="type").reset_index(drop=True))
            for type_token, rows in added.groupby("type", sort=False)]


def _added_up(lines: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Lines with the same key as one line, in one grouping for every key; a sum of unknowns stays
    unknown (NaN), not 0."""
    return lines.groupby(key, sort=False, dropna=False)[["quantity", "hourly_usd", "monthly_usd"]].sum(
        min_count=1).reset_index()


STATUS_WORDS = {"priced": "priced", "partial": "partly priced", "free": "free", "not-aws": "not AWS",
                "unpriced": "unpriced"}


def status_note(group: ComponentGroup) -> str:
    """`3 free, 1 unpriced`: the component's resources that have no baseline lines to show."""
    counts = group.resources["status"].value_counts()
    return ", ".join(f"{int(counts[status]):,} {STATUS_WORDS[status]}" for status in ("free", "not-aws", "unpriced")
                     if counts.get(status, 0))


def usage_rows(estimate: Estimate) -> pd.DataFrame:
    """Usage lines labelled `resource: description` (or `type x count: description`, added up, when
    many resources have usage): label, quantity, unit, unit_usd, monthly_usd."""
    usage = estimate.lines[estimate.lines["usage"].astype(bool)]
    usage = usage.join(estimate.resources.set_index("urn")[["name", "type"]], on="urn")
    if usage["urn"].nunique() <= DETAIL_LIMIT:
        return usage.assign(label=usage["name"] + ": " + usage["description"])
    counts = usage.groupby("type", sort=False)["urn"].nunique()
    added = _added_up(usage, ["type", *LINE_KEY])
    labels = [f"{short_type(type_token)} x {counts[type_token]:,}: {description}"
              for type_token, description in zip(added["type"], added["description"])]
    return added.assign(label=labels)


NO_PRICE = "no price"


def usage_monthly(quantity: float, monthly_usd: float, unit_usd: float = 0.0) -> str:
    """A usage line's monthly cost; `no price` when its price is missing (a gap, whatever the usage), else
    `depends on usage` when the usage file gave no quantity."""
    if is_missing(unit_usd):
        return NO_PRICE
    return DEPENDS_ON_USAGE if is_missing(quantity) else usd(monthly_usd)


def unpriced_groups(estimate: Estimate, shown: int = 5, status: str = "unpriced") -> list[str]:
    """`logs, assets: no pricing rule for aws:s3/bucketV2:BucketV2`, one line per reason, for the resources
    of `status` (unpriced, or partial: what their unknown part is)."""
    unpriced = estimate.resources[estimate.resources["status"] == status]
    groups = []
    for reason, rows in unpriced.groupby(unpriced["reason"].fillna(""), sort=False):
        names = list(rows["name"])
        more = f" and {len(names) - shown:,} more" if len(names) > shown else ""
        groups.append(f"{', '.join(names[:shown])}{more}: {reason or 'no reason given'}")
    return groups


def unexpanded_lines(estimate: Estimate) -> list[str]:
    """One line per multi-language component (awsx, eks...) the offline run could not expand: the
    source's `unexpanded_components` (urn, type, name), set for a stack run."""
    return [f"{component['name']} ({component['type']}): a multi-language component, built by its provider "
            "plugin, cannot expand offline; price its children from `pulumi preview --json` "
            "(costing estimate --preview FILE)" for component in estimate.source.get("unexpanded_components", ())]


def counts_line(totals: dict) -> str:
    """`69 resources: 15 priced, 54 free, 0 unpriced`; partly priced and not-AWS resources when there are."""
    counts = [f"{int(totals[TOTAL_KEYS[status]]):,} {STATUS_WORDS[status]}" for status in STATUSES
              if status in ("priced", "free", "unpriced") or totals.get(TOTAL_KEYS[status])]
    count = int(totals["resources"])
    return f"{count:,} resource{'' if count == 1 else 's'}: " + ", ".join(counts)


def partial_heading(totals: dict) -> str:
    return f"Partly priced ({int(totals['partial']):,}): the known part in the totals, not the rest"


def unpriced_heading(totals: dict) -> str:
    return f"Unpriced ({int(totals['unpriced']):,}), not in the totals"


def is_complete(totals: dict) -> bool:
    """Every billable resource's every cost known: nothing unpriced, nothing partly priced."""
    return not int(totals["unpriced"]) and not int(totals.get("partial", 0))


def unpriced_share(totals: dict) -> str:
    """`2 of 20 billable resources (10%) unpriced or partly priced`, or "" when every cost is known."""
    gaps = int(totals["unpriced"]) + int(totals.get("partial", 0))
    billable = sum(int(totals.get(TOTAL_KEYS[status], 0)) for status in BILLABLE)
    if not gaps:
        return ""
    return f"{gaps:,} of {billable:,} billable resources ({gaps / billable:.0%}) unpriced or partly priced"


def asg_lines(estimate: Estimate) -> list[str]:
    """One sentence per Auto Scaling group: the instance count range and the monthly cost at each end (an
    instance's cost with a gap says so instead)."""
    return [
        f"Auto Scaling group {row.name}: "
        f"{'desired capacity unknown' if is_missing(row.desired) else _instances(row.desired) + ' now'}, "
        f"{quantity(row.min_size)}..{quantity(row.max_size)} allowed; "
        + ("the cost at each size is not wholly known (its lines say why)"
           if is_missing(row.monthly_usd_at_min) and is_missing(row.monthly_usd_at_max)
           else f"{usd(row.monthly_usd_at_min)}/month at min, {usd(row.monthly_usd_at_desired)} at desired, "
                f"{usd(row.monthly_usd_at_max)} at max")
        for row in estimate.asg_ranges.itertuples(index=False)
    ]


def _instances(count: float) -> str:
    if is_missing(count):
        return "an unknown number of instances"
    return f"{quantity(count)} instance" + ("" if count == 1 else "s")


def region_label(estimate: Estimate) -> str:
    return estimate.region or "each resource's own region"


def short_type(type_token: str) -> str:
    """`aws:ec2/natGateway:NatGateway` -> `ec2/natGateway`; other tokens unchanged."""
    parts = type_token.split(":")
    return parts[1] if len(parts) == 3 and parts[0] == "aws" else type_token


def signed_usd(value: float | None) -> str:
    if is_missing(value):
        return "n/a"
    return ("+" if value > 0 else "-" if value < 0 else "") + usd(abs(value))


def region_note(region: str, complete: bool, unpriced: int, home_region: str | None) -> str:
    """`home`, `incomplete: 2 unpriced or partly priced` or both: an incomplete total is a lower bound, not a
    saving."""
    notes = ["home"] if region == home_region else []
    if not complete:
        notes.append(f"incomplete: {unpriced} unpriced or partly priced")
    return ", ".join(notes)


def region_monthly(monthly: float, complete: bool) -> str:
    """An incomplete region's total leaves out what it cannot price: shown as a floor, `>= $365.00`."""
    return usd(monthly) if complete else f">= {usd(monthly)}"


def region_table(comparison: RegionComparison) -> tuple[list[str], list[list[str]]]:
    """Header and text cells of a region comparison; a Usage column only when a usage file gave some."""
    regions = comparison.regions
    with_usage = bool((regions["usage_monthly_usd"] > 0).any())
    header = ["Region", "Hourly", "Monthly", *(["Usage"] if with_usage else []), "vs home", "Note"]
    rows = [
        [row.region, hourly_usd(row.hourly_usd), region_monthly(row.monthly_usd, bool(row.complete)),
         *([usd(row.usage_monthly_usd)] if with_usage else []), signed_usd(row.delta_monthly_usd),
         region_note(row.region, bool(row.complete), int(row.unpriced), comparison.home_region)]
        for row in regions.itertuples(index=False)
    ]
    return header, rows


def comparison_title(comparison: RegionComparison) -> str:
    home = comparison.home_region or "none"
    return f"Region comparison: {source_label(comparison.source)}, home region {home}"


def estimate_title(estimate: Estimate) -> str:
    return f"Cost estimate: {source_label(estimate.source)}, {region_label(estimate)}"


def pricing_line(estimate: Estimate, shown: int = 3) -> str | None:
    """Under a reserved term: the instance rates the totals use and the saving against on-demand; None on demand."""
    reserved = estimate.reserved
    if reserved is None:
        return None
    on_demand = reserved.on_demand_monthly_usd
    share = f" ({reserved.saving_monthly_usd / on_demand:.1%})" if on_demand else ""
    line = (f"Pricing: {TERM_LABELS[reserved.term]} for EC2 and RDS instances (effective rates, upfront fees "
            f"spread over the term): {usd(estimate.totals['monthly_usd'])}/month against {usd(on_demand)} on "
            f"demand, saving {usd(reserved.saving_monthly_usd)}/month{share}")
    left = reserved.without_term
    if left:
        more = f" and {len(left) - shown:,} more" if len(left) > shown else ""
        line += f"; on demand (no price for the term): {', '.join(left[:shown])}{more}"
    return line


def headline(totals: dict) -> str:
    """The totals in one sentence; usage added only when there is some; unpriced makes it a floor."""
    baseline = f"{usd(totals['monthly_usd'])}/month ({hourly_usd(totals['hourly_usd'])}/hour)"
    usage = float(totals["usage_monthly_usd"])
    sentence = (f"{baseline} + {usd(usage)}/month usage = {usd(grand_total_monthly(totals))}/month"
                if usage else baseline)
    partial, unpriced = int(totals.get("partial", 0)), int(totals["unpriced"])
    gaps = ([f"{partial:,} partly priced resource{'s' if partial > 1 else ''} counted for what is known"]
            if partial else []) + ([f"{unpriced:,} unpriced resource{'s' if unpriced > 1 else ''} not included"]
                                   if unpriced else [])
    if gaps:
        sentence += f" (incomplete: {'; '.join(gaps)})"
    return sentence
