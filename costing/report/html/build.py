"""What `costing report` prices before it draws: the estimate and the same resources in many regions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from costing.estimate import compare_regions, estimate
from costing.result import Estimate, RegionComparison

if TYPE_CHECKING:
    from costing.catalog import Catalog
    from costing.inventory.frame import Inventory
    from costing.usage import Usage


@dataclass(frozen=True)
class EstimateReport:
    estimate: Estimate
    comparison: RegionComparison


def estimate_report(inventory: Inventory, catalog: Catalog, *, regions: list[str] | None = None,
                    usage: Usage | None = None, on: date | None = None) -> EstimateReport:
    """The inventory priced in its own region, and in `regions` (default: every region of the catalog), both
    on the day `on` (default today)."""
    on = on or date.today()
    return EstimateReport(estimate(inventory, catalog, usage=usage, on=on),
                          compare_regions(inventory, catalog, regions=regions, usage=usage, on=on))
