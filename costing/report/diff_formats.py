"""The formats of a cost diff and the one function that renders any of them.

Light on purpose (the command line imports DiffFormat to build its options): each format's module,
and pandas with it, is imported only when that format is rendered.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from costing.diff import CostDiff


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def render_diff(cost_diff: CostDiff, fmt: str, *, today: date, include_all: bool = False,
                notes: Sequence[str] = (), width: int = 100, color: bool = False) -> str:
    """`notes`: budget and --max-increase messages to show with the report; `width` and `color` apply to
    the terminal table only; JSON always lists every row."""
    if fmt == "table":
        from costing.report import diff_table

        return diff_table.render_diff(cost_diff, today=today, include_all=include_all, notes=notes, width=width,
                                      color=color)
    if fmt == "json":
        from costing.report import diff_json

        return diff_json.render_diff(cost_diff, today=today, notes=notes)
    if fmt == "markdown":
        from costing.report import diff_markdown

        return diff_markdown.render_diff(cost_diff, today=today, include_all=include_all, notes=notes)
    raise ValueError(f"unknown diff format {fmt!r}")
