"""`costing diff` as one library call: load both sides, price them, compare, and check the head's monthly
budget and the increase limit, so the command line only parses, calls this and renders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from costing.budget import BudgetResult, check_budget
from costing.diff import CostDiff, IncreaseLimit, diff, increase_exceeded, increase_unsure
from costing.errors import InputError
from costing.gaps import gap_count
from costing.project import Project
from costing.usage import Usage

SIDES_HINT = "each a stack name, git:REF[:STACK], or a `pulumi preview --json` or `pulumi stack export` file"


@dataclass(frozen=True)
class Review:
    diff: CostDiff
    budget: BudgetResult  # the head's total against its budget (the head stack's, or the one given)
    increase: str | None  # why the increase is above the limit, None when it is not (or no limit)
    increase_unsure: str | None = None  # within the limit, but a side is incomplete (a warning)

    @property
    def notes(self) -> list[str]:
        """The budget warning or breach and the increase's breach or warning, for the report and stderr."""
        return [message for message in (self.budget.message, self.increase, self.increase_unsure) if message]

    @property
    def failed(self) -> bool:
        """A limit was exceeded: the command exits 1."""
        return self.budget.exceeded or self.increase is not None


def review(base: str | None, head: str | None, *, preview: str | None = None, usage: Usage | None = None,
           budget: float | None = None, limit: IncreaseLimit | None = None,
           project_dir: Project | Path | None = None, use_cache: bool = True, overrides: Iterable[str] = (),
           config_file: str | None = None, on: date | None = None) -> Review:
    """Compare BASE with HEAD, or the two sides of one preview; `budget` overrides the head stack's.
    `project_dir` is the project of stack and git sides (default: found from the current folder);
    `overrides` (-c KEY=VALUE) and `config_file` apply to both sides' stacks. Both sides are priced on one
    day, `on` (default today), so a price that depends on the day (EKS extended support) never shows as a
    change."""
    import pandas as pd

    from costing.catalog import load_catalog
    from costing.estimate import check_aws, estimate, has_aws
    from costing.sides import diff_preview, load_sides

    _check_sides(base, head, preview)
    if preview is not None:
        before, after = diff_preview(preview)
    else:
        before, after = load_sides(base, head, project_dir=project_dir, use_cache=use_cache, overrides=overrides,
                                   config_file=config_file)
    catalog = load_catalog()
    if not has_aws(before.inventory):  # a new stack's base is empty: the head must have something to price
        check_aws(after.inventory)
    if usage is not None:  # a resource the usage file names may exist on one side only
        both = pd.concat([before.inventory.resources, after.inventory.resources], ignore_index=True)
        usage = usage.checked_against(both, "either side")
    on = on or date.today()
    cost_diff = diff(estimate(before.inventory, catalog, usage=usage, require_aws=False, on=on),
                     estimate(after.inventory, catalog, usage=usage, require_aws=False, on=on))
    head_budget = budget if budget is not None else after.budget
    return Review(cost_diff,
                  check_budget(cost_diff.head_monthly_usd, head_budget, after.stack, gap_count(cost_diff.head.totals)),
                  increase_exceeded(cost_diff, limit) if limit is not None else None,
                  increase_unsure(cost_diff, limit) if limit is not None else None)


def _check_sides(base: str | None, head: str | None, preview: str | None) -> None:
    if preview is not None and (base is not None or head is not None):
        raise InputError("--preview FILE holds both sides: give it alone, without BASE and HEAD")
    if preview is None and base is None:
        raise InputError(f"nothing to compare: give BASE and HEAD ({SIDES_HINT}), or --preview FILE")
    if preview is None and head is None:
        raise InputError(f"HEAD is missing: give BASE and HEAD ({SIDES_HINT}), or --preview FILE")
