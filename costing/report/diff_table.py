"""A cost diff for the terminal (costing.report.text_table): the listed changes, then the summary,
per-type counts and notes.

At most ROW_LIMIT rows, the biggest movers (nobody reads thousands of rows in a terminal); the JSON
format lists every row.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from costing.diff import ADD, REMOVE, CostDiff
from costing.report import diff_common
from costing.report.text_table import Column, Page, Table

_CHANGE_STYLES = {ADD: "green", REMOVE: "red"}
ROW_LIMIT = 200


def render_diff(cost_diff: CostDiff, *, today: date, include_all: bool = False, notes: Sequence[str] = (),
                width: int = 100, color: bool = False) -> str:
    page = Page(width, color)
    page.print(diff_common.title(cost_diff), style="bold")
    listed = diff_common.listed(cost_diff, include_all)
    if len(listed):
        page.table(_changes_table(listed.head(ROW_LIMIT)))
        if len(listed) > ROW_LIMIT:
            page.print(f"... and {len(listed) - ROW_LIMIT:,} more rows (--format json lists every row)")
    else:
        page.print("No resource changed.")
    page.print()
    page.print("Monthly: " + diff_common.summary(cost_diff), style="bold")
    page.print(diff_common.counts_line(cost_diff))
    types = diff_common.type_changes(cost_diff)
    if types:
        page.print("Billable resources: " + ", ".join(types))
    for line in (diff_common.hidden_note(cost_diff, include_all), diff_common.unpriced_note(cost_diff)):
        if line:
            page.print(diff_common.sentence(line), style="dim")
    page.print(diff_common.prices_line(cost_diff, today), style="dim")
    for note in notes:
        page.print(diff_common.sentence(note), style="bold yellow")
    return page.text()


def _changes_table(rows) -> Table:
    numeric = ("Before", "After", "Delta")
    table = Table(*(Column(name, justify="right" if name in numeric else "left", no_wrap=name in numeric)
                    for name in diff_common.ROW_HEADER))
    for row in rows.itertuples(index=False):
        name, type_label, *cells = diff_common.row_cells(row)
        table.add_row(f"{name} ({type_label})", *cells, style=_CHANGE_STYLES.get(row.change, ""))
    return table
