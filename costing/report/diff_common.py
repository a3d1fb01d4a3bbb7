"""What every format of a cost diff says the same way: the sides' names, the one-line summary, which rows
are listed, how a row's amounts read. Formats differ only in markup.

Listed by default: every added, removed or changed resource except free ones added or removed (a new
route table costs nothing); unchanged resources and those free ones are counted in one note, and
`--all` lists them too. JSON always carries every row.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from costing.diff import ADD, REMOVE, SAME, UPDATE, CostDiff
from costing.diff_explain import count_changes
from costing.report.common import short_type, signed_usd, snapshot_line, source_label, unpriced_share, usd

MOVERS = 5
NO_CHARGE = ("free", "not-aws")  # added or removed, such a resource is only counted, not listed
CHANGE_WORDS = {ADD: "added", REMOVE: "removed", UPDATE: "changed", SAME: "unchanged"}
ROW_HEADER = ["Resource", "Change", "Before", "After", "Delta", "What changed"]


def side_label(source: dict) -> str:
    """`git:main:prod (1a2b3c4)`, `stack dev`, `preview plan.json (stack dev, project shop), before`."""
    if source.get("kind") == "git":
        return f"git:{source.get('ref')}:{source.get('stack')} ({str(source.get('commit'))[:7]})"
    label = source_label(source)
    return f"{label}, {source['side']}" if source.get("side") else label


def diff_stack(cost_diff: CostDiff) -> str:
    """The stack a diff is about: the head's, else the base's."""
    return cost_diff.head.source.get("stack") or cost_diff.base.source.get("stack") or "stack"


def title(cost_diff: CostDiff) -> str:
    return f"Cost diff: {side_label(cost_diff.base.source)} -> {side_label(cost_diff.head.source)}"


def summary(cost_diff: CostDiff) -> str:
    """`$83.99 -> $156.26 a month (+$72.27, +86.0%)`."""
    percent = cost_diff.delta_percent
    if percent is None:
        relative = "new" if cost_diff.delta_monthly_usd else "no change"
    else:
        relative = f"{percent:+.1f}%"
    return (f"{usd(cost_diff.base_monthly_usd)} -> {usd(cost_diff.head_monthly_usd)} a month "
            f"({signed_usd(cost_diff.delta_monthly_usd) if cost_diff.delta_monthly_usd else '$0.00'}, {relative})")


def counts_line(cost_diff: CostDiff) -> str:
    """`2 added, 1 removed, 3 changed, 35 unchanged`."""
    counts = cost_diff.counts()
    return ", ".join(f"{counts[change]:,} {CHANGE_WORDS[change]}" for change in (ADD, REMOVE, UPDATE, SAME))


def type_changes(cost_diff: CostDiff) -> list[str]:
    return count_changes(cost_diff.type_counts)


def unpriced_note(cost_diff: CostDiff) -> str | None:
    """Unpriced resources are left out of both totals (and partly priced ones counted for what is known):
    the delta says nothing about them. The share of the head's billable resources they are."""
    before, after = (int(side.totals["unpriced"]) + int(side.totals.get("partial", 0))
                     for side in (cost_diff.base, cost_diff.head))
    if not before and not after:
        return None
    share = unpriced_share(cost_diff.head.totals)
    return (f"not in the totals: {before:,} unpriced or partly priced resource(s) before, {after:,} after"
            + (f"; after the change, {share}" if share else ""))


def listed(cost_diff: CostDiff, include_all: bool) -> pd.DataFrame:
    """The rows a human report lists (see the module docstring), biggest movers first."""
    if include_all:
        return cost_diff.rows
    return cost_diff.rows[~(_quiet(cost_diff.rows))]


def hidden_note(cost_diff: CostDiff, include_all: bool) -> str | None:
    """`35 unchanged and 6 free added or removed resources not listed (--all lists them)`."""
    if include_all:
        return None
    rows = cost_diff.rows
    unchanged = int((rows["change"] == SAME).sum())
    quiet = _quiet(rows) & (rows["change"] != SAME)
    free = int(quiet.sum())
    other = (rows["head_status"] == "not-aws") | (rows["base_status"] == "not-aws")
    kind = "free or not-AWS" if (quiet & other).any() else "free"
    parts = [f"{unchanged:,} unchanged"] if unchanged else []
    parts += [f"{free:,} {kind} added or removed"] if free else []
    if not parts:
        return None
    return f"{' and '.join(parts)} resource{'s' if unchanged + free > 1 else ''} not listed (--all lists them)"


def movers(cost_diff: CostDiff, count: int = MOVERS) -> pd.DataFrame:
    """The rows whose monthly cost moved most (a known, non-zero delta)."""
    rows = cost_diff.rows
    return rows[rows["delta_monthly_usd"].abs() > 0.005].head(count)


def row_cells(row) -> list[str]:
    """Name, short type, then Change, Before, After, Delta, What changed (a row of CostDiff.rows); the
    formats join the first two into their Resource column."""
    return [row.name, short_type(row.type), CHANGE_WORDS[row.change], amount(row.base_urn, row.base_monthly_usd),
            amount(row.head_urn, row.head_monthly_usd), delta(row.delta_monthly_usd), row.explanation]


def amount(urn: str | None, monthly: float) -> str:
    """`-` where the resource does not exist on that side, `n/a` where it is unpriced."""
    return "-" if urn is None else usd(monthly)


def delta(value: float) -> str:
    return signed_usd(value) if value else "$0.00"


def sentence(text: str) -> str:
    """`stack dev: ...` -> `Stack dev: ...`: a message from the library shown on a line of its own."""
    return text[:1].upper() + text[1:]


def prices_line(cost_diff: CostDiff, today: date) -> str:
    return snapshot_line(cost_diff.prices, today)


def _quiet(rows: pd.DataFrame) -> pd.Series:
    """Unchanged rows, and free resources added or removed."""
    added_free = (rows["change"] == ADD) & rows["head_status"].isin(NO_CHARGE)
    removed_free = (rows["change"] == REMOVE) & rows["base_status"].isin(NO_CHARGE)
    return (rows["change"] == SAME) | added_free | removed_free
