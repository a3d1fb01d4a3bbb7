"""Markdown output, made to be pasted into a pull-request comment: a table per component, usage
apart, unpriced resources with their reasons, totals and the price snapshot's date."""

from __future__ import annotations

from datetime import date

from costing.report import common
from costing.result import Estimate, RegionComparison

LINE_HEADER = ["Resource", "Line", "Quantity", "Unit", "Hourly", "Monthly"]
USAGE_HEADER = ["Line", "Quantity", "Unit price", "Monthly"]


def render_estimate(estimate: Estimate, *, today: date) -> str:
    out = [f"### {_escape(common.estimate_title(estimate))}", "",
           f"**{_escape(common.headline(estimate.totals))}**", "",
           common.counts_line(estimate.totals) + "."]
    pricing = common.pricing_line(estimate)
    if pricing:
        out += ["", _escape(pricing)]
    for group in common.component_groups(estimate):
        out += ["", f"#### {_escape(group.component)}", ""]
        out += _table(LINE_HEADER, _component_rows(group), right=(2, 4, 5))
    usage = common.usage_rows(estimate)
    if len(usage):
        out += ["", "#### Usage (from the usage file; not in the baseline)", ""]
        out += _table(USAGE_HEADER, _usage_rows(usage), right=(1, 2, 3))
    unpriced = common.unpriced_groups(estimate)
    if unpriced:
        out += ["", f"#### Unpriced ({int(estimate.totals['unpriced']):,}), not in the totals", ""]
        out += [f"- {_escape(line)}" for line in unpriced]
    unexpanded = common.unexpanded_lines(estimate)
    if unexpanded:
        out += ["", f"#### Not expanded offline ({len(unexpanded):,}), not in the totals", ""]
        out += [f"- {_escape(line)}" for line in unexpanded]
    asg = common.asg_lines(estimate)
    if asg:
        out += [""] + [f"- {_escape(line)}" for line in asg]
    out += ["", f"_{_escape(common.snapshot_line(estimate.prices, today))}_"]
    warning = common.stale_warning(estimate.prices, today)
    if warning:
        out += ["", f"> **Warning:** {_escape(warning)}"]
    return "\n".join(out) + "\n"


def render_regions(comparison: RegionComparison) -> str:
    header, rows = common.region_table(comparison)
    right = tuple(index for index, name in enumerate(header) if name not in ("Region", "Note"))
    return "\n".join([f"### {_escape(common.comparison_title(comparison))}", "",
                      *_table(header, [[_escape(cell) for cell in row] for row in rows], right=right)]) + "\n"


def _component_rows(group: common.ComponentGroup) -> list[list[str]]:
    rows = []
    for block in group.blocks:
        heading = f"`{_code(block.heading)}`"
        for line in block.lines.itertuples(index=False):
            rows.append([heading, _escape(line.description), common.quantity(line.quantity), _escape(line.unit),
                         common.hourly_usd(line.hourly_usd), common.usd(line.monthly_usd)])
            heading = ""
    note = common.status_note(group)
    if note:
        rows.append([f"_{note}_", "", "", "", "", ""])
    rows.append([f"**{_escape(group.component)} total**", "", "", "",
                 f"**{common.hourly_usd(group.hourly_usd)}**", f"**{common.usd(group.monthly_usd)}**"])
    return rows


def _usage_rows(usage) -> list[list[str]]:
    return [[_escape(line.label), common.quantity(line.quantity), common.unit_price(line.unit_usd, line.unit),
             common.usage_monthly(line.quantity, line.monthly_usd)]
            for line in usage.itertuples(index=False)]


def _table(header: list[str], rows: list[list[str]], right: tuple[int, ...]) -> list[str]:
    align = ["---:" if index in right else "---" for index in range(len(header))]
    return ["| " + " | ".join(cells) + " |" for cells in (header, align, *rows)]


def _escape(value: str) -> str:
    """Keep a cell in its column: pipes escaped, newlines flattened."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _code(value: str) -> str:
    """Text for inside a code span (a backtick would end it; a pipe would end the cell)."""
    return _escape(value).replace("`", "'")
