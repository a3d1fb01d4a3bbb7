"""The diff page: before and after totals, the biggest movers, and every resource that moved."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Sequence

from costing.diff import ADD, REMOVE, UPDATE, CostDiff
from costing.report import charts, common, diff_common
from costing.report.html import markup, svg
from costing.report.html.markup import Card, Column

ROW_COLUMNS = [Column("Resource"), Column("Change"), Column("Before", numeric=True), Column("After", numeric=True),
               Column("Delta", numeric=True), Column("What changed")]


def render_diff_page(cost_diff: CostDiff, *, today: date, notes: Sequence[str] = ()) -> str:
    """`notes`: the budget and increase-limit messages, shown as warnings under the headline."""
    title = diff_common.title(cost_diff)
    return markup.page(title, [
        markup.heading(1, title),
        headline(cost_diff, today, notes),
        movement(cost_diff),
        rows_table(cost_diff),
        markup.footer(today),
    ])


def headline(cost_diff: CostDiff, today: date, notes: Sequence[str]) -> str:
    before, after = charts.before_after(cost_diff)
    delta, percent = cost_diff.delta_monthly_usd, cost_diff.delta_percent
    counts = cost_diff.counts()
    items = [
        Card("Before", common.usd(before.monthly_usd), detail=before.label),
        Card("After", common.usd(after.monthly_usd), detail=after.label, css="total"),
        Card("Change a month", diff_common.delta(delta), css=_direction(delta),
             detail=f"{percent:+.1f}%" if percent is not None else "from $0.00"),
        Card("Hourly after", common.hourly_usd(cost_diff.head.totals["hourly_usd"])),
        Card("Resources changed", f"{sum(counts[change] for change in (ADD, REMOVE, UPDATE)):,}",
             detail=diff_common.counts_line(cost_diff)),
    ]
    parts = [markup.cards(items), markup.paragraph(diff_common.summary(cost_diff), "headline")]
    parts += [markup.paragraph(diff_common.sentence(note), "warning") for note in notes]
    unpriced = diff_common.unpriced_note(cost_diff)
    if unpriced:
        parts.append(markup.paragraph(diff_common.sentence(unpriced)))
    parts.append(markup.paragraph(diff_common.prices_line(cost_diff, today), "muted"))
    warning = common.stale_warning(cost_diff.prices, today)
    if warning:
        parts.append(markup.paragraph(f"Warning: {warning}", "warning"))
    return "\n".join(parts)


def movement(cost_diff: CostDiff) -> str:
    before, after = charts.before_after(cost_diff)
    totals = [svg.Row("Before", before.monthly_usd, common.usd(before.monthly_usd), hint=f"Before: {before.label}"),
              svg.Row("After", after.monthly_usd, common.usd(after.monthly_usd),
                      css=_direction(cost_diff.delta_monthly_usd), hint=f"After: {after.label}")]
    parts = [markup.heading(2, "Before and after"),
             markup.figure(svg.bar_chart(totals, chart_id="before-after", title="Monthly total before and after",
                                         width=920, label_width=90),
                           "Monthly totals: baseline plus the usage the usage file gave.")]
    movers = charts.movers(cost_diff)
    parts.append(markup.heading(2, "Biggest movers"))
    if not movers:
        parts.append(markup.paragraph("No resource's monthly cost moved."))
        return "\n".join(parts)
    rows = [svg.Row(mover.name, mover.delta_monthly_usd,
                    f"{common.signed_usd(mover.delta_monthly_usd)} ({diff_common.CHANGE_WORDS[mover.change]})",
                    css=_direction(mover.delta_monthly_usd),
                    hint=f"{mover.name} ({common.short_type(mover.type)}): "
                         f"{common.usd(mover.base_monthly_usd)} -> {common.usd(mover.head_monthly_usd)}")
            for mover in movers]
    chart = svg.diverging_chart(rows, chart_id="movers", title="Resources whose monthly cost moved most")
    parts.append(markup.figure(chart, f"The {len(movers)} resource(s) whose monthly cost moved most: "
                                      "increases right, decreases left."))
    return "\n".join(parts)


def rows_table(cost_diff: CostDiff) -> str:
    listed = diff_common.listed(cost_diff, include_all=False)
    parts = [markup.heading(2, "What changed")]
    if listed.empty:
        parts.append(markup.paragraph("No resource was added, removed or changed in a way that costs money."))
    else:
        rows = [_row_cells(row) for row in listed.itertuples(index=False)]
        parts.append(markup.sortable_table("changes", ROW_COLUMNS, rows))
    quiet = len(cost_diff.rows) - len(listed)
    if quiet:
        parts.append(markup.paragraph(f"{quiet:,} unchanged or free added/removed resource(s) not listed "
                                      "(costing diff --format json lists every one).", "muted"))
    type_changes = diff_common.type_changes(cost_diff)
    if type_changes:
        parts += [markup.heading(3, "Billable resources per type"), markup.bullets(type_changes)]
    return "\n".join(parts)


def _row_cells(row) -> list[markup.Cell]:
    name, type_label, change, before, after, delta, explanation = diff_common.row_cells(row)
    resource = f"{escape(name)}<span class=\"type\">{escape(type_label)}</span>"
    delta_markup = f'<span class="{_direction(row.delta_monthly_usd)}">{escape(delta)}</span>'
    return [markup.Cell(resource), markup.text_cell(change),
            markup.number_cell(before, row.base_monthly_usd), markup.number_cell(after, row.head_monthly_usd),
            markup.Cell(delta_markup, row.delta_monthly_usd), markup.text_cell(explanation)]


def _direction(delta: float) -> str:
    """The class of an amount that went up (costs more) or down."""
    return "up" if delta > 0 else "down" if delta < 0 else ""
