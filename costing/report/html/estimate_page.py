"""The estimate page: headline, where the money goes (charts, then the resources), usage, unpriced
resources and components not expanded offline, the Auto Scaling ranges and, for `costing report`, the region comparison."""

from __future__ import annotations

import math
from datetime import date
from html import escape

import pandas as pd

from costing.regions import region_name
from costing.report import charts, common
from costing.report.html import markup, svg
from costing.report.html.markup import Card, Column
from costing.result import BILLABLE, Estimate, RegionComparison

# The resource table lists this many resources (the most expensive first); json and csv list them all.
RESOURCE_ROWS = 300
RESOURCE_COLUMNS = [Column("Resource"), Column("Component"), Column("Service"), Column("Status"),
                    Column("Hourly", numeric=True), Column("Monthly", numeric=True),
                    Column("Usage / month", numeric=True)]
USAGE_COLUMNS = [Column("Line"), Column("Quantity", numeric=True), Column("Unit price"),
                 Column("Monthly", numeric=True)]


def render_estimate_page(estimate: Estimate, *, today: date, comparison: RegionComparison | None = None) -> str:
    """The whole page; the region section only when a comparison is given."""
    title = common.estimate_title(estimate)
    return markup.page(title, [
        markup.heading(1, title),
        headline(estimate, today),
        breakdown(estimate),
        resource_table(estimate),
        usage(estimate),
        unpriced(estimate),
        auto_scaling(estimate),
        regions(comparison) if comparison is not None else "",
        markup.footer(today),
    ])


def headline(estimate: Estimate, today: date) -> str:
    totals = estimate.totals
    usage_monthly = float(totals["usage_monthly_usd"])
    source = estimate.source
    unpriced_count, partial_count = int(totals["unpriced"]), int(totals.get("partial", 0))
    amounts = [
        Card("Monthly", common.usd(totals["monthly_usd"]), css="total",
             detail=f"+ {common.usd(usage_monthly)} usage" if usage_monthly else "baseline, 730 hours"),
        Card("Hourly", common.hourly_usd(totals["hourly_usd"])),
        Card("Priced", f"{int(totals['priced']):,}", detail=f"of {int(totals['resources']):,} resources"),
        Card("Free", f"{int(totals['free']):,}", detail="no charge"),
        Card("Unpriced", f"{unpriced_count:,}", css="alert" if unpriced_count or partial_count else "",
             detail=_gaps_detail(unpriced_count, partial_count)),
    ]
    from_file = source.get("kind") != "stack"
    context = [
        Card("Stack", source.get("stack") or "-", small=True,
             detail=common.source_label(source) if from_file else f"project {source.get('project')}"),
        Card("Region", common.region_label(estimate), small=True, detail=region_name(estimate.region or "")),
        Card("Prices as of", prices_as_of(estimate), small=True,
             detail=", ".join(dict.fromkeys(price.origin for price in estimate.prices))),
    ]
    parts = [markup.cards(amounts), markup.cards(context), markup.paragraph(common.headline(totals), "headline")]
    pricing = common.pricing_line(estimate)
    if pricing:
        parts.append(markup.paragraph(pricing))
    parts.append(markup.paragraph(common.snapshot_line(estimate.prices, today), "muted"))
    warning = common.stale_warning(estimate.prices, today)
    if warning:
        parts.append(markup.paragraph(f"Warning: {warning}", "warning"))
    return "\n".join(parts)


def prices_as_of(estimate: Estimate) -> str:
    """The price snapshot's date, or the range of dates when services' prices differ in age."""
    dates = sorted({price.as_of for price in estimate.prices})
    if not dates:
        return "none used"
    return dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"


# --- where the money goes ----------------------------------------------------------------------

def _gaps_detail(unpriced_count: int, partial_count: int) -> str:
    if not unpriced_count and not partial_count:
        return "every cost known"
    partly = f"{partial_count:,} partly priced" if partial_count else ""
    return ", ".join(part for part in ("not in the totals" if unpriced_count else "", partly) if part)


def breakdown(estimate: Estimate) -> str:
    by_component, by_service = charts.by_component(estimate), charts.by_service(estimate)
    if not by_component.bars:
        return markup.heading(2, "Where the money goes") + markup.paragraph("No resource here has a known cost.")
    note = (f"; {by_component.unpriced:,} unpriced resource(s) left out" if by_component.unpriced else "")
    return (markup.heading(2, "Where the money goes") + '<div class="charts">'
            + _breakdown_figure(by_component, "by-component", "Monthly cost by component", note)
            + _breakdown_figure(by_service, "by-service", "Monthly cost by AWS service", note) + "</div>")


def _breakdown_figure(data: charts.Breakdown, chart_id: str, title: str, note: str) -> str:
    rows = [svg.Row(bar.label, bar.monthly_usd, f"{common.usd(bar.monthly_usd)} · {_percent(data.share(bar))}",
                    css="other" if bar.others else "")
            for bar in data.bars]
    chart = svg.bar_chart(rows, chart_id=chart_id, title=title, width=500, label_width=165)
    return markup.figure(markup.heading(3, title) + chart,
                         f"Baseline {common.usd(data.total_usd)} a month{note}.")


def _percent(share: float) -> str:
    """`52%`; `<1%` for a small but real share (a $1 key in a $700 stack is not 0%)."""
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def resource_table(estimate: Estimate) -> str:
    """Priced and unpriced resources, most expensive first, each with its cost lines; free ones summed up."""
    resources = estimate.resources
    billable = resources[resources["status"].isin(BILLABLE)].sort_values("monthly_usd", ascending=False,
                                                                         na_position="last", kind="stable")
    shown = billable.head(RESOURCE_ROWS)
    lines = estimate.lines[estimate.lines["urn"].isin(set(shown["urn"]))]
    lines_of = dict(tuple(lines.groupby("urn", sort=False)))
    rows = [[markup.Cell(_resource_markup(row, lines_of.get(row.urn))),
             markup.text_cell(common.text(row.component) or common.ROOT_COMPONENT),
             markup.text_cell(_service(row, lines_of.get(row.urn))),
             markup.Cell(_status_markup(row.status, row.reason)),
             markup.number_cell(common.hourly_usd(row.hourly_usd), row.hourly_usd),
             markup.number_cell(common.usd(row.monthly_usd), row.monthly_usd),
             markup.number_cell(common.usd(row.usage_monthly_usd) if row.usage_monthly_usd else "-",
                                row.usage_monthly_usd)]
            for row in shown.itertuples(index=False)]
    parts = [markup.heading(2, "Resources"),
             markup.paragraph("Click a column's header to sort by it. A resource's cost lines open under its name.",
                              "muted"),
             markup.sortable_table("resources", RESOURCE_COLUMNS, rows)]
    if len(billable) > len(shown):
        parts.append(markup.paragraph(f"{len(billable) - len(shown):,} cheaper resources not listed here "
                                      "(--format csv or json lists every one).", "muted"))
    parts.append(_summed_up(resources[resources["status"] == "free"], "free resource", "no charge of their own"))
    parts.append(_summed_up(resources[resources["status"] == "not-aws"], "resource", "not AWS: not priced"))
    return "\n".join(parts)


def _service(row, lines: pd.DataFrame | None) -> str:
    """The AWS service of a resource's first priced line (an RDS instance's), else of its type."""
    services = [] if lines is None else [service for service in lines["service"] if service]
    return charts.line_service(services[0]) if services else charts.service_of(row.type)


def _resource_markup(row, lines: pd.DataFrame | None) -> str:
    name = f"{escape(row.name)}<span class=\"type\">{escape(common.short_type(row.type))}</span>"
    if lines is None or lines.empty:
        return name
    items = "".join(f"<li>{escape(_line_text(line))}</li>" for line in lines.itertuples(index=False))
    count = len(lines)
    return f"{name}<details><summary>{count} cost line{'s' if count > 1 else ''}</summary><ul>{items}</ul></details>"


def _line_text(line) -> str:
    """`storage (gp3): 100 GB-month at $0.23/GB-month = $23.00/month`, usage lines marked as such."""
    rate = f"{common.quantity(line.quantity)} {line.unit} at {common.unit_price(line.unit_usd, line.unit)}"
    if line.usage:
        return (f"usage, {line.description}: {rate} = "
                f"{common.usage_monthly(line.quantity, line.monthly_usd, line.unit_usd)}")
    text = f"{line.description}: {rate} = {common.usd(line.monthly_usd)}/month"
    return f"{text} ({line.reason})" if line.reason else text


def _status_markup(status: str, reason: str) -> str:
    pill = f'<span class="status {escape(status)}">{escape(status)}</span>'
    return pill + (f'<span class="type">{escape(reason)}</span>' if status in ("unpriced", "partial") and reason
                   else "")


def _summed_up(resources: pd.DataFrame, noun: str, what: str) -> str:
    """Resources of no charge (or of another provider) per type, with a free type's note, in a closed block."""
    if resources.empty:
        return ""
    by_type = resources.groupby("type", sort=False).agg(resources=("urn", "size"), note=("reason", "first"))
    by_type = by_type.sort_values("resources", ascending=False, kind="stable")
    items = [f"{common.short_type(type_token)} x {row.resources:,}"
             + (f": {row.note}" if row.note and noun == "free resource" else "")
             for type_token, row in by_type.iterrows()]
    count = len(resources)
    return (f"<details><summary>{count:,} {noun}{'s' if count > 1 else ''} ({what})</summary>"
            + markup.bullets(items) + "</details>")


# --- usage, unpriced, Auto Scaling ---------------------------------------------------------------

def usage(estimate: Estimate) -> str:
    rows = common.usage_rows(estimate)
    if rows.empty:
        return ""
    cells = [[markup.text_cell(row.label),
              markup.number_cell(common.quantity(row.quantity), row.quantity),
              markup.text_cell(common.unit_price(row.unit_usd, row.unit)),
              markup.number_cell(common.usage_monthly(row.quantity, row.monthly_usd, row.unit_usd),
                                 math.nan if common.is_missing(row.quantity) else row.monthly_usd)]
             for row in rows.itertuples(index=False)]
    return (markup.heading(2, "Usage (from the usage file; not in the baseline)")
            + markup.sortable_table("usage", USAGE_COLUMNS, cells))


def unpriced(estimate: Estimate) -> str:
    """The partly priced and the unpriced resources, grouped by reason, then the multi-language components
    the offline run could not expand (a stack's)."""
    parts = []
    for status, heading in (("partial", common.partial_heading), ("unpriced", common.unpriced_heading)):
        groups = common.unpriced_groups(estimate, status=status)
        if groups:
            parts.append(markup.heading(2, heading(estimate.totals)) + markup.bullets(groups, "reasons"))
    unexpanded = common.unexpanded_lines(estimate)
    if unexpanded:
        parts.append(markup.heading(2, f"Not expanded offline ({len(unexpanded):,}), not in the totals")
                     + markup.bullets(unexpanded, "reasons"))
    return "\n".join(parts)


def auto_scaling(estimate: Estimate) -> str:
    ranges = charts.asg_ranges(estimate)
    if not ranges:
        return ""
    known = [group for group in ranges if not any(map(math.isnan, (group.at_min, group.at_desired, group.at_max)))]
    rows = [svg.RangeRow(group.name, group.at_min, group.at_desired, group.at_max,
                         (f"min {common.quantity(group.min_size)}: {common.usd(group.at_min)}",
                          f"desired {common.quantity(group.desired)}: {common.usd(group.at_desired)}",
                          f"max {common.quantity(group.max_size)}: {common.usd(group.at_max)}"))
            for group in known]
    chart = svg.range_chart(rows, chart_id="auto-scaling", title="Monthly cost of each Auto Scaling group "
                                                                   "at its minimum, desired and maximum size")
    return (markup.heading(2, "Auto Scaling range")
            + (markup.figure(chart) if rows else "") + markup.bullets(common.asg_lines(estimate)))


# --- regions -------------------------------------------------------------------------------------

def regions(comparison: RegionComparison) -> str:
    bars = charts.region_bars(comparison)
    rows = [svg.Row(f"{bar.region} · {bar.name}" if bar.name else bar.region, bar.monthly_usd, _region_text(bar),
                    css="home" if bar.home else "" if bar.complete else "incomplete")
            for bar in bars]
    incomplete = sum(not bar.complete for bar in bars)
    home = (f"the stack's own region, {comparison.home_region}, highlighted" if comparison.home_region
            else "the source names no region of its own")
    caption = f"The same resources priced in {len(bars)} region{'s' if len(bars) > 1 else ''}, cheapest first; {home}."
    if incomplete:
        caption += (f" {incomplete} incomplete region(s) (dashed, last): a price is missing there, or a resource is "
                    "unpriced or partly priced, so the total is a floor, not a saving.")
    chart = svg.bar_chart(rows, chart_id="regions", title="Monthly cost of the stack in each region",
                          width=920, label_width=320)
    return markup.heading(2, "Region comparison") + markup.figure(chart, caption)


def _region_text(bar: charts.RegionBar) -> str:
    parts = [common.region_monthly(bar.monthly_usd, bar.complete)]
    if bar.delta_monthly_usd is not None and not bar.home:
        parts.append(common.signed_usd(bar.delta_monthly_usd) if bar.delta_monthly_usd else "same as home")
    note = common.region_note(bar.region, bar.complete, bar.unpriced, bar.region if bar.home else None)
    return " · ".join(parts + ([note] if note else []))
