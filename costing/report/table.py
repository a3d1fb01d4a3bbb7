"""The terminal table (rich): readable in 100 columns, colour only when asked for (a TTY).

Data is passed to rich as Text, never as markup, so a resource named `[bold]` prints as is.
"""

from __future__ import annotations

from datetime import date
from io import StringIO

import pandas as pd
from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from costing.report import common
from costing.result import Estimate, RegionComparison
from costing.schema import HOURS_PER_MONTH

DEFAULT_WIDTH = 100


def render_estimate(estimate: Estimate, *, today: date, width: int = DEFAULT_WIDTH, color: bool = False) -> str:
    console = _console(width, color)
    console.print(Text(common.estimate_title(estimate), style="bold"))
    console.print(_estimate_table(estimate))
    unpriced = common.unpriced_groups(estimate)
    if unpriced:
        console.print(Text(f"Unpriced ({int(estimate.totals['unpriced']):,}), not in the totals:",
                           style="bold yellow"))
        for line in unpriced:
            console.print(_indented(line, 2))
    console.print()
    console.print(Text("Total: " + common.headline(estimate.totals), style="bold"))
    console.print(Text(common.counts_line(estimate.totals)))
    pricing = common.pricing_line(estimate)
    if pricing:
        console.print(Text(pricing, style="bold green"))
    for line in common.asg_lines(estimate):
        console.print(Text(line))
    console.print(Text(common.snapshot_line(estimate.prices, today), style="dim"))
    warning = common.stale_warning(estimate.prices, today)
    if warning:
        console.print(Text("Warning: " + warning, style="yellow"))
    return _text(console)


def render_regions(comparison: RegionComparison, *, width: int = DEFAULT_WIDTH, color: bool = False) -> str:
    header, rows = common.region_table(comparison)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for name in header:
        table.add_column(name, justify="left" if name in ("Region", "Note") else "right")
    for row, region in zip(rows, comparison.regions.itertuples(index=False)):
        style = "bold" if region.region == comparison.home_region else ("" if region.complete else "yellow")
        table.add_row(*map(Text, row), style=style)
    console = _console(width, color)
    console.print(Text(common.comparison_title(comparison), style="bold"))
    console.print(table)
    return _text(console)


def render_frame(frame: pd.DataFrame, *, title: str, width: int = DEFAULT_WIDTH, color: bool = False) -> str:
    """Any small table (price info, price lookups), columns as they come."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column])
        table.add_column(str(column), justify="right" if numeric else "left", overflow="fold")
    for record in frame.itertuples(index=False):
        table.add_row(*(Text(common.text(value)) for value in record))
    console = _console(width, color)
    console.print(Text(title, style="bold"))
    console.print(table)
    return _text(console)


def render_price_info(overview: pd.DataFrame, *, title: str, width: int = DEFAULT_WIDTH,
                      color: bool = False) -> str:
    """`prices info`: one short row per service (gaps: items without a price in some region); the
    (long) lists of missing regions below the table."""
    shown = overview.drop(columns=["missing_regions"]).rename(columns={
        "as_of": "as of", "age_days": "days old", "items_with_gaps": "gaps"})
    text = render_frame(shown, title=title, width=width, color=color)
    gaps = overview[overview["missing_regions"] != ""]
    text += "gaps: items (instance types, classes...) priced in some regions but not in all\n"
    return text + "".join(f"{service}: no prices in {regions}\n"
                          for service, regions in zip(gaps["service"], gaps["missing_regions"]))


def render_price_rows(rows: pd.DataFrame, *, title: str, width: int = DEFAULT_WIDTH, color: bool = False) -> str:
    """Variant, unit, price and its monthly equivalent; the (long) sources once, below the table."""
    shown = pd.DataFrame({
        "variant": rows["variant"].astype(str),
        "unit": rows["unit"].astype(str),
        "usd": rows["usd"].map(lambda usd: f"{usd:.10g}"),
        "per month": [common.usd(usd * HOURS_PER_MONTH) if unit.endswith("hour") else ""
                      for usd, unit in zip(rows["usd"], rows["unit"].astype(str))],
        "as of": rows["as_of"].astype(str),
    })
    text = render_frame(shown, title=title, width=width, color=color)
    sources = "".join(f"Source: {source}\n" for source in dict.fromkeys(rows["source"].astype(str)))
    return text + sources


def _estimate_table(estimate: Estimate) -> Table:
    """Baseline lines under their component and resource, then the usage lines in their own section."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Name", min_width=16)
    table.add_column("Quantity", justify="right", no_wrap=True)
    table.add_column("Unit", no_wrap=True)
    table.add_column("Hourly", justify="right", no_wrap=True)
    table.add_column("Monthly", justify="right", min_width=9)
    for group in common.component_groups(estimate):
        table.add_row(Text(group.component, style="bold cyan"))
        for block in group.blocks:
            table.add_row(_indented(Text(f"{block.heading} ").append(block.type_label, style="dim"), 2))
            for description, quantity, unit, hourly, monthly in common.values(
                    block.lines, "description", "quantity", "unit", "hourly_usd", "monthly_usd"):
                table.add_row(_indented(description, 4), common.quantity(quantity), unit, common.hourly_usd(hourly),
                              common.usd(monthly))
        note = common.status_note(group)
        if note:
            table.add_row(_indented(f"({note})", 2, style="dim"))
        table.add_row(_indented(f"{group.component} subtotal", 2), "", "", common.hourly_usd(group.hourly_usd),
                      common.usd(group.monthly_usd), style="bold", end_section=True)
    usage = common.usage_rows(estimate)
    if len(usage):
        table.add_row(Text("usage (not in the baseline)", style="bold cyan"))
        for label, quantity, unit, unit_usd, monthly in common.values(
                usage, "label", "quantity", "unit", "unit_usd", "monthly_usd"):
            table.add_row(_indented(f"{label} at {common.unit_price(unit_usd, unit)}", 2), common.quantity(quantity),
                          unit, "", common.usage_monthly(quantity, monthly))
    return table


def _indented(content: str | Text, spaces: int, style: str = "") -> Padding:
    """Text whose wrapped lines keep the indent (leading spaces in a Text wrap back to column 0)."""
    return Padding(Text(content, style=style) if isinstance(content, str) else content, (0, 0, 0, spaces))


def _text(console: Console) -> str:
    """What was printed; without colour, lines lose the padding rich adds up to the table's edge."""
    printed = console.file.getvalue()
    return printed if console.is_terminal else "\n".join(line.rstrip() for line in printed.split("\n"))


def _console(width: int, color: bool) -> Console:
    return Console(file=StringIO(), width=width, force_terminal=color, no_color=not color, highlight=False,
                   emoji=False, markup=False, color_system="standard" if color else None)
