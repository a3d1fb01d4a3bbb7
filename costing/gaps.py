"""`--fail-on-unpriced`: a gate that sees gaps. What is billable and not wholly priced (an unpriced
resource, a partly priced one) in an estimate, a region comparison or either side of a diff, said in
one line; None when every billable cost is known."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from costing.diff import CostDiff
    from costing.result import Estimate, RegionComparison

FLAG = "--fail-on-unpriced"


def gap_count(totals: dict) -> int:
    """The billable resources an estimate's totals do not wholly count: unpriced and partly priced."""
    return int(totals["unpriced"]) + int(totals.get("partial", 0))


def estimate_gaps(estimate: Estimate) -> str | None:
    gaps = gap_count(estimate.totals)
    if not gaps:
        return None
    return f"{gaps:,} billable resource{'s are' if gaps > 1 else ' is'} unpriced or partly priced ({FLAG})"


def region_gaps(comparison: RegionComparison) -> str | None:
    incomplete = comparison.regions[~comparison.regions["complete"].astype(bool)]
    if incomplete.empty:
        return None
    names = ", ".join(incomplete["region"].head(3)) + (f" and {len(incomplete) - 3:,} more" if len(incomplete) > 3
                                                        else "")
    return (f"{len(incomplete):,} of {len(comparison.regions):,} regions are incomplete, with resources unpriced or "
            f"partly priced there ({names}) ({FLAG})")


def diff_gaps(cost_diff: CostDiff) -> str | None:
    before, after = gap_count(cost_diff.base.totals), gap_count(cost_diff.head.totals)
    if not before and not after:
        return None
    return (f"unpriced or partly priced resources: {before:,} before, {after:,} after; the change in cost is not "
            f"wholly known ({FLAG})")
