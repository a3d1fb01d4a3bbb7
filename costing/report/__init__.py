"""Render estimates, region comparisons and price tables as text.

One module per format, imported only when that format is asked for, so a run pays only for the
format it prints.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import pandas as pd

    from costing.result import Estimate, RegionComparison


class EstimateFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


class RegionsFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class PricesFormat(str, Enum):
    table = "table"
    json = "json"


def render_estimate(estimate: Estimate, fmt: str, *, today: date, width: int = 100, color: bool = False) -> str:
    """`width` and `color` apply to the terminal table only."""
    return "".join(estimate_pieces(estimate, fmt, today=today, width=width, color=color))


def estimate_pieces(estimate: Estimate, fmt: str, *, today: date, width: int = 100,
                    color: bool = False) -> Iterable[str]:
    """The report in the order it is written: json and csv a resource or a chunk of them at a time (they
    have a row per resource: a million-resource report is never whole in memory); the other formats,
    which add up a component's resources beyond common.DETAIL_LIMIT, in one piece."""
    if fmt == "table":
        from costing.report import table

        return [table.render_estimate(estimate, today=today, width=width, color=color)]
    if fmt == "json":
        from costing.report import json_doc

        return json_doc.estimate_pieces(estimate, today=today)
    if fmt == "csv":
        from costing.report import csv_rows

        return csv_rows.estimate_pieces(estimate)
    if fmt == "markdown":
        from costing.report import markdown

        return [markdown.render_estimate(estimate, today=today)]
    if fmt == "html":
        from costing.report import html_page

        return [html_page.render_estimate(estimate, today=today)]
    raise ValueError(f"unknown estimate format {fmt!r}")


def render_regions(comparison: RegionComparison, fmt: str, *, width: int = 100, color: bool = False) -> str:
    if fmt == "table":
        from costing.report import table

        return table.render_regions(comparison, width=width, color=color)
    if fmt == "json":
        from costing.report import json_doc

        return json_doc.render_regions(comparison)
    if fmt == "csv":
        from costing.report import csv_rows

        return csv_rows.render_regions(comparison)
    if fmt == "markdown":
        from costing.report import markdown

        return markdown.render_regions(comparison)
    raise ValueError(f"unknown regions format {fmt!r}")


def render_frame(frame: pd.DataFrame, fmt: str, *, title: str, width: int = 100, color: bool = False) -> str:
    """A plain table of prices (`prices info`, `prices lookup`)."""
    if fmt == "table":
        from costing.report import table

        return table.render_frame(frame, title=title, width=width, color=color)
    if fmt == "json":
        from costing.report import json_doc

        return json_doc.render_frame(frame)
    raise ValueError(f"unknown prices format {fmt!r}")


def render_price_rows(rows: pd.DataFrame, fmt: str, *, title: str, width: int = 100, color: bool = False) -> str:
    """Catalog rows (PRICE_COLUMNS) of a `prices lookup`: the table shows what differs between them."""
    if fmt == "table":
        from costing.report import table

        return table.render_price_rows(rows, title=title, width=width, color=color)
    return render_frame(rows, fmt, title=title)

