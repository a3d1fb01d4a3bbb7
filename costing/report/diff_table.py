"""A cost diff for the terminal (rich): the listed changes, then the summary, per-type counts and notes.

At most ROW_LIMIT rows, the biggest movers (rich takes seconds for thousands of rows, and nobody
reads them in a terminal); the JSON format lists every row.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from costing.diff import ADD, REMOVE, CostDiff
from costing.report import diff_common
from costing.report.table import _console, _text

_CHANGE_STYLES = {ADD: "green", REMOVE: "red"}
ROW_LIMIT = 200


def render_diff(cost_diff: CostDiff, *, today: date, include_all: bool = False, notes: Sequence[str] = (),
                width: int = 100, color: bool = False) -> str:
    console = _console(width, color)
    console.print(Text(diff_common.title(cost_diff), style="bold"))
    listed = diff_common.listed(cost_diff, include_all)
    if len(listed):
        console.print(_changes_table(listed.head(ROW_LIMIT)))
        if len(listed) > ROW_LIMIT:
            console.print(Text(f"... and {len(listed) - ROW_LIMIT:,} more rows (--format json lists every row)"))
    else:
        console.print(Text("No resource changed."))
    console.print()
    console.print(Text("Monthly: " + diff_common.summary(cost_diff), style="bold"))
    console.print(Text(diff_common.counts_line(cost_diff)))
    types = diff_common.type_changes(cost_diff)
    if types:
        console.print(Text("Billable resources: " + ", ".join(types)))
    for line in (diff_common.hidden_note(cost_diff, include_all), diff_common.unpriced_note(cost_diff)):
        if line:
            console.print(Text(diff_common.sentence(line), style="dim"))
    console.print(Text(diff_common.prices_line(cost_diff, today), style="dim"))
    for note in notes:
        console.print(Text(diff_common.sentence(note), style="bold yellow"))
    return _text(console)


def _changes_table(rows) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for name in diff_common.ROW_HEADER:
        numeric = name in ("Before", "After", "Delta")
        table.add_column(name, justify="right" if numeric else "left", no_wrap=numeric,
                         ratio=2 if name == "What changed" else None)
    for row in rows.itertuples(index=False):
        name, type_label, *cells = diff_common.row_cells(row)
        table.add_row(Text(f"{name} ({type_label})"), *map(Text, cells), style=_CHANGE_STYLES.get(row.change, ""))
    return table
