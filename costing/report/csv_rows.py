"""CSV output: one row per cost line, with its resource's columns, for spreadsheets.

Resource totals are left out on purpose: summing `monthly_usd` over the rows gives the estimate's
total (baseline plus known usage) without double counting. A resource with no lines (free, or
unpriced before any line) still gets one row, with the line columns empty.
"""

from __future__ import annotations

from typing import Iterator

from costing.report.common import resource_chunks
from costing.report.json_doc import MONEY_PLACES, REGION_FIELDS
from costing.result import Estimate, RegionComparison

RESOURCE_FIELDS = ["urn", "type", "name", "component", "region", "status", "reason"]
LINE_FIELDS = ["description", "quantity", "unit", "unit_usd", "hourly_usd", "monthly_usd", "usage",
               "line_status", "line_reason"]
MONEY_FIELDS = ["unit_usd", "hourly_usd", "monthly_usd"]


def render_estimate(estimate: Estimate) -> str:
    return "".join(estimate_pieces(estimate))


def estimate_pieces(estimate: Estimate) -> Iterator[str]:
    """The header and the rows, common.CHUNK_ROWS resources at a time: never whole in memory."""
    chunks = resource_chunks(estimate.resources, estimate.lines)
    for position, (resources, lines, _) in enumerate(chunks):
        lines = lines.rename(columns={"status": "line_status", "reason": "line_reason"})
        rows = resources[RESOURCE_FIELDS].merge(lines[["urn", *LINE_FIELDS]], on="urn", how="left")
        rows[MONEY_FIELDS] = rows[MONEY_FIELDS].astype(float).round(MONEY_PLACES)
        rows["quantity"] = rows["quantity"].astype(float).round(MONEY_PLACES)
        yield rows.to_csv(index=False, header=position == 0, lineterminator="\n")


def render_regions(comparison: RegionComparison) -> str:
    regions = comparison.regions[REGION_FIELDS].copy()
    money = ["hourly_usd", "monthly_usd", "usage_monthly_usd", "delta_monthly_usd"]
    regions[money] = regions[money].astype(float).round(MONEY_PLACES)
    regions["home"] = regions["region"] == comparison.home_region
    return regions.to_csv(index=False, lineterminator="\n")
