"""A single self-contained HTML page: inline CSS, no script, nothing fetched from the network."""

from __future__ import annotations

from datetime import date
from html import escape

from costing.report import common
from costing.result import Estimate

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1d2430; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; }
.headline { font-size: 1.6rem; font-weight: 600; margin: .6rem 0; }
.muted { color: #5b6472; }
.warning { background: #fff4d6; border-left: 4px solid #e0a100; padding: .5rem .8rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1.2rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #e3e6ea; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.subtotal td { font-weight: 600; border-top: 2px solid #c5cad1; }
h2 { font-size: 1.1rem; margin-top: 1.6rem; }
"""


def render_estimate(estimate: Estimate, *, today: date) -> str:
    title = common.estimate_title(estimate)
    body = [f"<h1>{escape(title)}</h1>",
            f'<p class="headline">{escape(common.headline(estimate.totals))}</p>',
            f"<p>{escape(common.counts_line(estimate.totals))}</p>",
            f'<p class="muted">{escape(common.snapshot_line(estimate.prices, today))}</p>']
    warning = common.stale_warning(estimate.prices, today)
    if warning:
        body.append(f'<p class="warning">Warning: {escape(warning)}</p>')
    body += [f"<p>{escape(line)}</p>" for line in common.asg_lines(estimate)]
    for group in common.component_groups(estimate):
        body += [f"<h2>{escape(group.component)}</h2>", _component_table(group)]
    usage = common.usage_rows(estimate)
    if len(usage):
        body += ["<h2>Usage (from the usage file; not in the baseline)</h2>", _usage_table(usage)]
    unpriced = common.unpriced_groups(estimate)
    if unpriced:
        body.append(f"<h2>Unpriced ({int(estimate.totals['unpriced']):,}), not in the totals</h2><ul>")
        body += [f"<li>{escape(line)}</li>" for line in unpriced]
        body.append("</ul>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _component_table(group: common.ComponentGroup) -> str:
    rows = [_row("th", ["Resource", "Line", "Quantity", "Unit", "Hourly", "Monthly"])]
    for block in group.blocks:
        heading = block.heading
        for line in block.lines.itertuples(index=False):
            rows.append(_row("td", [heading, line.description, common.quantity(line.quantity), line.unit,
                                    common.hourly_usd(line.hourly_usd), common.usd(line.monthly_usd)]))
            heading = ""
    note = common.status_note(group)
    if note:
        rows.append(_row("td", [f"({note})", "", "", "", "", ""]))
    rows.append(_row("td", [f"{group.component} subtotal", "", "", "", common.hourly_usd(group.hourly_usd),
                            common.usd(group.monthly_usd)], css="subtotal"))
    return "<table>" + "".join(rows) + "</table>"


def _usage_table(usage) -> str:
    rows = [_row("th", ["Line", "Quantity", "Unit price", "Monthly"], numeric=(1, 2, 3))]
    rows += [_row("td", [line.label, common.quantity(line.quantity), common.unit_price(line.unit_usd, line.unit),
                         common.usage_monthly(line.quantity, line.monthly_usd)], numeric=(1, 2, 3))
             for line in usage.itertuples(index=False)]
    return "<table>" + "".join(rows) + "</table>"


def _row(tag: str, cells: list[str], numeric: tuple[int, ...] = (2, 4, 5), css: str = "") -> str:
    row_class = f' class="{css}"' if css else ""
    num = ' class="num"'
    return f"<tr{row_class}>" + "".join(
        f"<{tag}{num if index in numeric else ''}>{escape(str(cell))}</{tag}>"
        for index, cell in enumerate(cells)) + "</tr>"
