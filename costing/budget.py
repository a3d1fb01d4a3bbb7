"""A stack's monthly budget: one config key, checked by `costing estimate`, `costing diff` and the policy pack.

The key is `<project>:monthlyBudgetUsd` (`webstack:monthlyBudgetUsd` here): a whole number of US
dollars a month, declared in Pulumi.yaml with default 0, which means no budget. A stack file sets it:

    config:
      webstack:monthlyBudgetUsd: 500

An estimate at WARN_FRACTION (80%) of the budget or more gives a warning; above the budget it is
exceeded (the command line exits 1, the policy pack's mandatory policy fails). An incomplete estimate
(billable resources unpriced or partly priced: its total a floor) says so in the message, and gives a
warning however far below the budget it is: a gap never passes the budget silently. Preview and state
files carry no stack config: they have a budget only when one is given on the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from costing.errors import InputError
from costing.report.common import usd

if TYPE_CHECKING:
    from costing.inventory.stack_config import StackConfig

BUDGET_KEY = "monthlyBudgetUsd"
WARN_FRACTION = 0.8
NONE, OK, WARN, EXCEEDED = "none", "ok", "warn", "exceeded"


@dataclass(frozen=True)
class BudgetResult:
    """Where an estimate stands against a budget; `message` is None unless it warns or is exceeded."""

    level: str  # NONE | OK | WARN | EXCEEDED
    message: str | None = None

    @property
    def exceeded(self) -> bool:
        return self.level == EXCEEDED


def budget_key(project: str) -> str:
    return f"{project}:{BUDGET_KEY}"


def budget_from_config(config: StackConfig) -> float | None:
    """The stack's monthly budget in USD, None when unset or 0; an InputError for a negative value."""
    key = budget_key(config.project)
    value = config.values.get(key)
    if value is None or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise InputError(f"{config.stack_file}: config key '{key}' must be a whole number of US dollars "
                         f"of 0 (no budget) or more, got {value!r}")
    return float(value)


def check_budget(total: float, budget: float | None, stack: str | None, gaps: int = 0) -> BudgetResult:
    """Compare a monthly estimate (baseline plus known usage) with the budget of `stack`; `gaps`: the
    billable resources the estimate does not wholly count (unpriced or partly priced)."""
    if budget is None or budget <= 0:
        return BudgetResult(NONE)
    share = total / budget
    name = f"stack {stack}" if stack else "the stack"
    incomplete = (f" (incomplete: {gaps:,} billable resource{'s' if gaps > 1 else ''} unpriced or partly priced, "
                  f"not wholly counted)") if gaps else ""
    if total > budget:
        return BudgetResult(EXCEEDED, f"{name}: monthly estimate {usd(total)} is above its budget of "
                                      f"{usd(budget)} ({share:.0%} of the budget){incomplete}")
    if share >= WARN_FRACTION:
        return BudgetResult(WARN, f"{name}: monthly estimate {usd(total)} is {share:.0%} of its budget of "
                                  f"{usd(budget)} (warning from {WARN_FRACTION:.0%}){incomplete}")
    if gaps:
        return BudgetResult(WARN, f"{name}: monthly estimate {usd(total)} is {share:.0%} of its budget of "
                                  f"{usd(budget)}, but the real total may be higher{incomplete}")
    return BudgetResult(OK)
