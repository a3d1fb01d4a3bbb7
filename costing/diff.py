"""Two estimates side by side: which resources were added, removed or changed, and what that does to
the monthly bill.

Resources are matched by URN without its `urn:pulumi:<stack>::<project>::` prefix (the key), so the
same program's stacks compare resource by resource (`costing diff dev prod`). A resource in both is
`same` when its status and cost lines are identical, else `update`. Monthly amounts here are the
baseline plus the usage the usage file gave (what budgets and --max-increase are checked against);
an unpriced side has no amount (NaN), so its delta is unknown, never a made-up $0; so is the delta of
a resource that is partly priced on one side and not alike on the other (its known parts differ in
what they leave out).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from costing import diff_explain
from costing.errors import InputError
from costing.report.common import grand_total_monthly, signed_usd, usd
from costing.result import Estimate, PriceProvenance

ADD, REMOVE, UPDATE, SAME = "add", "remove", "update", "same"
CHANGES = (ADD, REMOVE, UPDATE, SAME)
DIFF_COLUMNS = ["key", "change", "type", "name", "component", "base_urn", "head_urn", "base_status",
                "head_status", "base_monthly_usd", "head_monthly_usd", "delta_monthly_usd", "explanation"]
_SIDE_COLUMNS = ["key", "urn", "type", "name", "component", "region", "status", "reason", "monthly_usd", "signature"]
# What makes two versions of a resource cost the same: its status, reason and every line.
_LINE_SIGNATURE = ["description", "unit", "quantity", "unit_usd", "usage", "status", "reason"]


@dataclass(frozen=True)
class CostDiff:
    base: Estimate
    head: Estimate
    rows: pd.DataFrame  # DIFF_COLUMNS; the biggest movers first (largest |delta|), then by change and key
    type_counts: pd.DataFrame  # diff_explain.TYPE_COUNT_COLUMNS: billable resources per type, where they differ

    @property
    def prices(self) -> tuple[PriceProvenance, ...]:
        """The prices either side used: per service, the newer as-of date and every origin (by service)."""
        merged: dict[str, PriceProvenance] = {}
        for price in (*self.base.prices, *self.head.prices):
            seen = merged.get(price.service)
            if seen is None:
                merged[price.service] = price
                continue
            origins = "; ".join(dict.fromkeys([*seen.origin.split("; "), *price.origin.split("; ")]))
            merged[price.service] = PriceProvenance(price.service, max(seen.as_of, price.as_of), origins)
        return tuple(merged[service] for service in sorted(merged))

    @property
    def base_monthly_usd(self) -> float:
        return grand_total_monthly(self.base.totals)

    @property
    def head_monthly_usd(self) -> float:
        return grand_total_monthly(self.head.totals)

    @property
    def delta_monthly_usd(self) -> float:
        return self.head_monthly_usd - self.base_monthly_usd

    @property
    def delta_percent(self) -> float | None:
        """The delta as a percentage of the base; None when the base costs nothing."""
        if self.base_monthly_usd == 0:
            return None
        return self.delta_monthly_usd / self.base_monthly_usd * 100

    def counts(self) -> dict[str, int]:
        found = self.rows["change"].value_counts()
        return {change: int(found.get(change, 0)) for change in CHANGES}


def diff(base: Estimate, head: Estimate) -> CostDiff:
    """Match `base` and `head` resources by key and say, per resource, how its monthly cost moved and why."""
    merged = _side(base).merge(_side(head), on="key", how="outer", suffixes=("_base", "_head"), sort=False)
    in_base, in_head = merged["urn_base"].notna(), merged["urn_head"].notna()
    same = in_base & in_head & (merged["signature_base"] == merged["signature_head"]) \
        & (merged["status_base"] == merged["status_head"])
    change = np.select([~in_base, ~in_head, same], [ADD, REMOVE, SAME], UPDATE)
    base_monthly = merged["monthly_usd_base"].where(in_base, 0.0)
    head_monthly = merged["monthly_usd_head"].where(in_head, 0.0)
    # a partly priced side's amount is its known part: comparable only with the same gaps on the other side
    partial = (merged["status_base"] == "partial") | (merged["status_head"] == "partial")
    same_gaps = (merged["status_base"] == merged["status_head"]) & (merged["reason_base"] == merged["reason_head"])
    gaps_moved = in_base & in_head & partial & ~same_gaps
    rows = pd.DataFrame({
        "key": merged["key"],
        "change": change,
        "type": merged["type_head"].fillna(merged["type_base"]),
        "name": merged["name_head"].fillna(merged["name_base"]),
        "component": merged["component_head"].fillna(merged["component_base"]),
        "base_urn": merged["urn_base"].astype(object).where(in_base, None),
        "head_urn": merged["urn_head"].astype(object).where(in_head, None),
        "base_status": merged["status_base"].astype(object).where(in_base, None),
        "head_status": merged["status_head"].astype(object).where(in_head, None),
        "base_monthly_usd": merged["monthly_usd_base"].astype("float64"),  # NaN where absent or unpriced
        "head_monthly_usd": merged["monthly_usd_head"].astype("float64"),
        "delta_monthly_usd": (head_monthly - base_monthly).where(~gaps_moved).astype("float64"),
    })
    rows["explanation"] = _explanations(rows, merged, base, head)
    return CostDiff(base=base, head=head, rows=_ordered(rows)[DIFF_COLUMNS],
                    type_counts=diff_explain.type_counts(base.resources, head.resources))


def resource_key(urns: pd.Series) -> pd.Series:
    """A URN without `urn:pulumi:<stack>::<project>::`: the same resource in any stack of the program."""
    return urns.astype(str).str.split("::", n=2).str[2]


# --- the --max-increase limit -------------------------------------------------------------------

@dataclass(frozen=True)
class IncreaseLimit:
    """At most this much more a month: US dollars, or percent of the base."""

    amount: float
    percent: bool

    def __str__(self) -> str:
        return f"{self.amount:g}%" if self.percent else usd(self.amount)


_LIMIT = re.compile(r"^\$?\s*(?P<number>[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\s*(?P<percent>%?)$")


def parse_increase_limit(text: str) -> IncreaseLimit:
    """`50`, `$1,250.50` (USD) or `10%` (of the base's monthly cost); an InputError naming the option."""
    found = _LIMIT.match(text.strip())
    amount = float(found["number"].replace(",", "")) if found else math.nan
    if not math.isfinite(amount):
        raise InputError(f"--max-increase {text!r}: expected US dollars a month such as 50 or 1250.50, "
                         "or a percentage of the base such as 10%")
    return IncreaseLimit(amount, bool(found["percent"]))


def increase_exceeded(cost_diff: CostDiff, limit: IncreaseLimit) -> str | None:
    """The message when the monthly increase is above `limit`, else None (a decrease never exceeds it)."""
    delta, percent = cost_diff.delta_monthly_usd, cost_diff.delta_percent
    if delta <= 0:
        return None
    if limit.percent:
        exceeded = percent is None or percent > limit.amount  # from $0, any increase is infinitely many %
    else:
        exceeded = delta > limit.amount
    if not exceeded:
        return None
    shown = f" ({percent:+.1f}%)" if percent is not None else " (from $0.00)"
    return (f"monthly cost rises by {signed_usd(delta)}{shown}, from {usd(cost_diff.base_monthly_usd)} to "
            f"{usd(cost_diff.head_monthly_usd)}: above --max-increase {limit}")


def increase_unsure(cost_diff: CostDiff, limit: IncreaseLimit) -> str | None:
    """The warning when the change is within `limit` but either side is incomplete (unpriced or partly
    priced resources): a gap never passes --max-increase silently. None when both sides are whole or the
    limit is exceeded (increase_exceeded says so)."""
    from costing.gaps import gap_count

    before, after = gap_count(cost_diff.base.totals), gap_count(cost_diff.head.totals)
    if not (before or after) or increase_exceeded(cost_diff, limit) is not None:
        return None
    return (f"monthly cost moves by {signed_usd(cost_diff.delta_monthly_usd)}, within --max-increase {limit}, but "
            f"unpriced or partly priced resources ({before:,} before, {after:,} after) are not wholly counted: the "
            f"real change may differ")


# --- internals ----------------------------------------------------------------------------------

def _side(estimate: Estimate) -> pd.DataFrame:
    """_SIDE_COLUMNS of one estimate: each resource's key, monthly cost with usage, and line signature."""
    resources = estimate.resources
    lines = estimate.lines
    line_hashes = pd.util.hash_pandas_object(lines[_LINE_SIGNATURE], index=False)
    signature = line_hashes.groupby(lines["urn"].to_numpy()).sum()  # order-free; wraps around, as hashes may
    own_hash = pd.util.hash_pandas_object(resources[["status", "reason"]], index=False).to_numpy()
    side = resources[["urn", "type", "name", "component", "region", "status", "reason"]].copy()
    side.insert(0, "key", resource_key(resources["urn"]))
    side["monthly_usd"] = resources["monthly_usd"] + resources["usage_monthly_usd"].fillna(0.0)
    side["signature"] = signature.reindex(resources["urn"], fill_value=0).to_numpy(dtype="uint64") + own_hash
    return side[_SIDE_COLUMNS]


def _explanations(rows: pd.DataFrame, merged: pd.DataFrame, base: Estimate, head: Estimate) -> list[str]:
    """Per row: what an added or removed resource costs, or what changed in an updated one."""
    base_lines = diff_explain.lines_by_urn(base.lines, set(rows.loc[rows["change"].isin([REMOVE, UPDATE]), "base_urn"]))
    head_lines = diff_explain.lines_by_urn(head.lines, set(rows.loc[rows["change"].isin([ADD, UPDATE]), "head_urn"]))
    base_capacity, head_capacity = _capacities(base), _capacities(head)
    explained = []
    for row, reason_base, reason_head, region_base, region_head in zip(
            rows.itertuples(index=False), merged["reason_base"], merged["reason_head"], merged["region_base"],
            merged["region_head"]):
        if row.change == ADD:
            explained.append("new: " + diff_explain.summary(head_lines.get(row.head_urn, []), row.head_status,
                                                            reason_head))
        elif row.change == REMOVE:
            explained.append("removed: " + diff_explain.summary(base_lines.get(row.base_urn, []), row.base_status,
                                                                reason_base))
        elif row.change == UPDATE:
            moved = f"region {region_base} -> {region_head}" if region_base != region_head else ""
            text = _update_text(row, reason_head, base_lines, head_lines, base_capacity, head_capacity)
            explained.append("; ".join(part for part in (moved, text) if part))
        else:
            explained.append("")
    return explained


def _update_text(row, reason_head: str, base_lines: dict, head_lines: dict, base_capacity: dict,
                 head_capacity: dict) -> str:
    if row.head_status == "unpriced" and row.base_status != "unpriced":
        return f"now unpriced: {reason_head}"
    capacity = None
    if row.base_urn in base_capacity and row.head_urn in head_capacity:
        capacity = (base_capacity[row.base_urn], head_capacity[row.head_urn])
    text = diff_explain.resource_change(base_lines.get(row.base_urn, []), head_lines.get(row.head_urn, []), capacity)
    if row.head_status == "partial" and row.base_status != "partial":
        text = "; ".join(part for part in (f"now partly priced: {reason_head}", text) if part)
    elif row.base_status != row.head_status:
        text = "; ".join(part for part in (f"{row.base_status} -> {row.head_status}", text) if part)
    return text


def _capacities(estimate: Estimate) -> dict[str, float]:
    """Auto Scaling group URN -> desired capacity (what its instance lines were counted with)."""
    ranges = estimate.asg_ranges
    return dict(zip(ranges["urn"].tolist(), ranges["desired"].tolist()))


def _ordered(rows: pd.DataFrame) -> pd.DataFrame:
    """Biggest movers first (unknown deltas after the known ones), then add, remove, update, same, by key."""
    order = rows.assign(_size=rows["delta_monthly_usd"].abs().fillna(-1.0),
                        _change=rows["change"].map({change: rank for rank, change in enumerate(CHANGES)}))
    order = order.sort_values(["_size", "_change", "key"], ascending=[False, True, True], kind="stable")
    return order.reset_index(drop=True)
