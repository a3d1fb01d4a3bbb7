"""What an estimate is, independent of how it is computed (estimate.py) or shown (report.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

# Columns of Estimate.resources: one row per resource of the inventory.
#   status: one of STATUSES; reason: why it is unpriced, partial, free or not AWS (or "").
#   hourly_usd / monthly_usd: baseline (non-usage) cost, NaN when unpriced, the known lines' when partial,
#   0 when free or not AWS; usage_monthly_usd: cost of usage lines whose quantity is known (0.0 when none).
RESOURCE_COLUMNS = ["urn", "type", "name", "component", "region", "status", "reason",
                    "hourly_usd", "monthly_usd", "usage_monthly_usd"]
# priced: every line known; partial: priced but for a quantity unknown until apply (its own line); free:
# AWS never bills it; not-aws: another provider's (random, kubernetes, ...); unpriced: no price or rule.
STATUSES = ("priced", "partial", "free", "not-aws", "unpriced")
COUNTED = ("priced", "partial")  # the statuses whose (known) cost the totals add up
BILLABLE = ("priced", "partial", "unpriced")  # the statuses of resources AWS bills
TOTAL_KEYS = {"priced": "priced", "partial": "partial", "free": "free", "not-aws": "not_aws", "unpriced": "unpriced"}

# Columns of Estimate.lines: one row per cost line.
#   quantity NaN on a usage line without a usage value ("depends on usage"); unit_usd NaN when the
#   price is missing; hourly_usd = monthly_usd / 730 for lines priced per month. service, item and
#   variant: the line's price identity ("" on an unpriced resource's line); note: what the price leaves
#   out (a free allowance), "" when nothing; usage_key: the usage-file key(s) a usage line reads ("a*b").
LINE_RESULT_COLUMNS = ["urn", "description", "quantity", "unit", "unit_usd", "hourly_usd", "monthly_usd",
                       "usage", "status", "reason", "service", "item", "variant", "note", "usage_key"]


@dataclass(frozen=True)
class PriceProvenance:
    """Where one service's prices came from and how old they are."""

    service: str
    as_of: str  # ISO date
    origin: str  # "embedded snapshot" or the cache path / URL


# Columns of ReservedPricing.lines, row for row with Estimate.lines:
#   term: the pricing the line's unit_usd is under (the reserved term, or "on-demand" for lines it does
#   not apply to: other services, or a type without a reserved price); on_demand_unit_usd and
#   on_demand_monthly_usd: the line at its on-demand price; saving_monthly_usd: on-demand minus reserved.
RESERVED_LINE_COLUMNS = ["term", "on_demand_unit_usd", "on_demand_monthly_usd", "saving_monthly_usd"]


@dataclass(frozen=True)
class ReservedPricing:
    """An estimate under a reserved term: its effective rates (upfront fees spread over the term) against
    on-demand prices. Totals are of the baseline of priced resources, as Estimate.totals."""

    term: str  # "reserved-1y-no-upfront", ...
    lines: pd.DataFrame  # RESERVED_LINE_COLUMNS
    on_demand_monthly_usd: float  # what Estimate.totals["monthly_usd"] would be on demand
    saving_monthly_usd: float
    without_term: tuple[str, ...] = ()  # instances left on demand: no price for the term ("db.x.large in eu-west-1")


@dataclass(frozen=True)
class Estimate:
    source: dict  # {"kind": "stack"|"preview"|"state", "stack": str|None, "project": str|None, "path": str|None}
    region: str | None  # the region priced in (the stack's, or --region)
    resources: pd.DataFrame  # RESOURCE_COLUMNS
    lines: pd.DataFrame  # LINE_RESULT_COLUMNS
    prices: tuple[PriceProvenance, ...]
    totals: dict  # hourly_usd, monthly_usd, usage_monthly_usd, resources, and a count per status (TOTAL_KEYS)
    asg_ranges: pd.DataFrame  # urn, name, min_size, desired, max_size, monthly_usd_at_min, monthly_usd_at_desired, monthly_usd_at_max
    reserved: ReservedPricing | None = None  # under --pricing reserved-*: the term and the saving


@dataclass(frozen=True)
class RegionComparison:
    """The same inventory priced in many regions, cheapest complete region first."""

    source: dict
    home_region: str | None
    # columns: region, hourly_usd, monthly_usd, unpriced (count), complete (bool), delta_monthly_usd (vs home),
    # usage_monthly_usd (usage lines with a quantity, apart from the baseline as in an estimate)
    regions: pd.DataFrame
