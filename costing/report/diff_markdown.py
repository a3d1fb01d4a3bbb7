"""A cost diff as a pull-request comment: the one-line summary first, what moved per type, budget and
limit notes, the biggest movers, every listed change in a collapsible block, the price snapshot's
date, and a hidden marker (`<!-- costing-diff:<stack> -->`) by which CI finds and updates its own
comment instead of adding one per push.

GitHub refuses comments over 65,536 characters: the full table stops at TABLE_BUDGET characters and
says how many rows it left out.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Sequence

from costing.diff import CostDiff
from costing.report import diff_common
from costing.report.markdown import _code, _escape, _table

TABLE_BUDGET = 50_000
MARKER = "<!-- costing-diff:{stack} -->"


def marker(stack: str) -> str:
    """The hidden marker, the stack's name reduced to characters that cannot end an HTML comment."""
    return MARKER.format(stack=re.sub(r"-{2,}", "-", re.sub(r"[^\w.-]", "_", stack)))


def render_diff(cost_diff: CostDiff, *, today: date, include_all: bool = False, notes: Sequence[str] = ()) -> str:
    stack = diff_common.diff_stack(cost_diff)
    out = [f"**Cost of stack {_code(stack)}: {_escape(diff_common.summary(cost_diff))}**", "",
           f"{_escape(diff_common.title(cost_diff))}. {diff_common.counts_line(cost_diff)}."]
    types = diff_common.type_changes(cost_diff)
    if types:
        out += ["", "Billable resources: " + ", ".join(_escape(change) for change in types) + "."]
    out.append("")
    for note in notes:
        out += [f"> **{_escape(diff_common.sentence(note))}**", ""]
    unpriced = diff_common.unpriced_note(cost_diff)
    if unpriced:
        out += [f"_{_escape(diff_common.sentence(unpriced))}._", ""]
    movers = diff_common.movers(cost_diff)
    if len(movers):
        out += ["#### Biggest movers", ""] + _rows_table(movers, TABLE_BUDGET) + [""]
    listed = diff_common.listed(cost_diff, include_all)
    out += [f"<details><summary>All listed changes ({len(listed):,})</summary>", ""]
    out += (_rows_table(listed, TABLE_BUDGET) if len(listed) else ["No resource changed."]) + [""]
    hidden = diff_common.hidden_note(cost_diff, include_all)
    if hidden:
        out += [f"_{_escape(diff_common.sentence(hidden))}._", ""]
    out += ["</details>", "", f"_{_escape(diff_common.prices_line(cost_diff, today))}_", "", marker(stack)]
    return "\n".join(out) + "\n"


def _rows_table(rows, budget: int) -> list[str]:
    """The rows as a markdown table, cut (with a last line saying so) before it grows past `budget` characters."""
    cells = [[f"{_code(name)} ({_escape(type_label)})", *map(_escape, rest)]
             for name, type_label, *rest in (diff_common.row_cells(row) for row in rows.itertuples(index=False))]
    table = _table(diff_common.ROW_HEADER, [], right=(2, 3, 4))
    size = sum(len(line) + 1 for line in table)
    for index, row in enumerate(cells):
        line = _table(diff_common.ROW_HEADER, [row], right=(2, 3, 4))[-1]
        if size + len(line) > budget:
            table.append(f"| _{len(cells) - index:,} more rows: see `costing diff ... --format json`_ "
                         "|  |  |  |  |  |")
            break
        table.append(line)
        size += len(line) + 1
    return table
