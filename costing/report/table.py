"""The terminal table (costing.report.text_table): readable in 100 columns, colour only when asked for (a TTY).

The engine reads no markup, so a resource named `[bold]` prints as is.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from costing.report import common
from costing.report.text_table import Column, Page, Table, styled
from costing.result import Estimate, RegionComparison
from costing.schema import HOURS_PER_MONTH

DEFAULT_WIDTH = 100


def render_estimate(estimate: Estimate, *, today: date, width: int = DEFAULT_WIDTH, color: bool = False) -> str:
    page = Page(width, color)
    page.print(common.estimate_title(estimate), style="bold")
    page.table(_estimate_table(estimate))
    for status, heading in (("partial", common.partial_heading), ("unpriced", common.unpriced_heading)):
        groups = common.unpriced_groups(estimate, status=status)
        if groups:
            page.print(f"{heading(estimate.totals)}:", style="bold yellow")
            for line in groups:
                page.print(styled(line, indent=2))
    unexpanded = common.unexpanded_lines(estimate)
    if unexpanded:
        page.print(f"Not expanded offline ({len(unexpanded):,}), not in the totals:", style="bold yellow")
        for line in unexpanded:
            page.print(styled(line, indent=2))
    page.print()
    page.print("Total: " + common.headline(estimate.totals), style="bold")
    page.print(common.counts_line(estimate.totals))
    pricing = common.pricing_line(estimate)
    if pricing:
        page.print(pricing, style="bold green")
    for line in common.asg_lines(estimate):
        page.print(line)
    page.print(common.snapshot_line(estimate.prices, today), style="dim")
    warning = common.stale_warning(estimate.prices, today)
    if warning:
        page.print("Warning: " + warning, style="yellow")
    return page.text()


def render_regions(comparison: RegionComparison, *, width: int = DEFAULT_WIDTH, color: bool = False) -> str:
    header, rows = common.region_table(comparison)
    table = Table(*(Column(name, justify="left" if name in ("Region", "Note") else "right") for name in header))
    for row, region in zip(rows, comparison.regions.itertuples(index=False)):
        style = "bold" if region.region == comparison.home_region else ("" if region.complete else "yellow")
        table.add_row(*row, style=style)
    page = Page(width, color)
    page.print(common.comparison_title(comparison), style="bold")
    page.table(table)
    return page.text()


def render_frame(frame: pd.DataFrame, *, title: str, width: int = DEFAULT_WIDTH, color: bool = False) -> str:
    """Any small table (price info, price lookups), columns as they come."""
    table = Table(*(Column(str(column), justify="right" if _numeric(frame[column]) else "left", overflow="fold")
                    for column in frame.columns))
    for record in frame.itertuples(index=False):
        table.add_row(*map(common.text, record))
    page = Page(width, color)
    page.print(title, style="bold")
    page.table(table)
    return page.text()


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
    table = Table(Column("Name", min_width=16), Column("Quantity", justify="right", no_wrap=True),
                  Column("Unit", no_wrap=True), Column("Hourly", justify="right", no_wrap=True),
                  Column("Monthly", justify="right", min_width=9))
    for group in common.component_groups(estimate):
        table.add_row(styled((group.component, "bold cyan")))
        for block in group.blocks:
            table.add_row(styled(f"{block.heading} ", (block.type_label, "dim"), indent=2))
            for description, quantity, unit, hourly, monthly in common.values(
                    block.lines, "description", "quantity", "unit", "hourly_usd", "monthly_usd"):
                table.add_row(styled(description, indent=4), common.quantity(quantity), unit,
                              common.hourly_usd(hourly), common.usd(monthly))
        note = common.status_note(group)
        if note:
            table.add_row(styled((f"({note})", "dim"), indent=2))
        table.add_row(styled(f"{group.component} subtotal", indent=2), "", "", common.hourly_usd(group.hourly_usd),
                      common.usd(group.monthly_usd), style="bold", end_section=True)
    usage = common.usage_rows(estimate)
    if len(usage):
        table.add_row(styled(("usage (not in the baseline)", "bold cyan")))
        for label, quantity, unit, unit_usd, monthly in common.values(
                usage, "label", "quantity", "unit", "unit_usd", "monthly_usd"):
            table.add_row(styled(f"{label} at {common.unit_price(unit_usd, unit)}", indent=2),
                          common.quantity(quantity), unit, "", common.usage_monthly(quantity, monthly, unit_usd))
    return table


def _numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
