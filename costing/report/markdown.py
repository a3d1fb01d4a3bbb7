"""Markdown output, made to be pasted into a pull-request comment: a table per component, usage
apart, unpriced resources with their reasons, totals and the price snapshot's date."""

from __future__ import annotations

import re
from datetime import date

from costing.report import common
from costing.report.text_table import CONTROL
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
        out += [_item(line) for line in unpriced]
    unexpanded = common.unexpanded_lines(estimate)
    if unexpanded:
        out += ["", f"#### Not expanded offline ({len(unexpanded):,}), not in the totals", ""]
        out += [_item(line) for line in unexpanded]
    asg = common.asg_lines(estimate)
    if asg:
        out += [""] + [_item(line) for line in asg]
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
        heading = _code(block.heading)
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


# Markdown that text from a preview or state file (a resource's name, type or inputs, quoted in reasons
# and descriptions) could otherwise make in a pull-request comment: emphasis, code, links and images
# ([...](...)), HTML and autolinks (<...>), tables (|), strikethrough (~), math ($x$), entities (&lt;),
# and at the start of a line or cell a heading, quote, list or thematic break.
_SYNTAX = re.compile(r"[\\`*\[\]<|~]|(?<![^\W_])_|_(?![^\W_])|\$(?!\d)|&(?=#?\w+;)")  # (an intraword _ is text)
_AT_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")
# What GitHub turns into a link or a notification in plain text (a mention, an issue reference, a URL, an
# address): a word joiner (U+2060, invisible) breaks the pattern without changing how the text reads.
_AUTOLINKED = re.compile(r"(?i)(?<=[@#])(?=\w)|(?<=\bh)(?=ttps?:)|(?<=\bw)(?=ww\.)|(?<=\bf)(?=tp:)")
WORD_JOINER = "\u2060"


def _escape(value: object) -> str:
    """`value` as literal text on one line of markdown, inside a line (a table cell, after a label): every
    character that could make markup escaped (a name like `![x](https://...)` or `<img src=...>` shows
    as it is written), autolinks broken, line breaks flattened so that a cell stays in its row, other
    control characters replaced."""
    text = CONTROL.sub("\ufffd", " ".join(str(value).splitlines()))
    text = _SYNTAX.sub(lambda found: "\\" + found.group(0), text)
    return _AUTOLINKED.sub(WORD_JOINER, text)


def _item(value: object) -> str:
    """A list item of `value`, literal (a leading `#`, `>`, `-` or `1.` would make a heading, a quote or a
    nested list)."""
    return "- " + _AT_START.sub(_escape_start, _escape(value), count=1)


def _escape_start(found: re.Match) -> str:
    """A heading, quote, list or break marker at the start, escaped: `\\#`, `\\-`, `1\\.`."""
    space, mark, number, delimiter = found.groups()
    return f"{space}\\{mark}" if mark else f"{space}{number}\\{delimiter}"


def _code(value: object) -> str:
    """`value` as a code span (shown literally: no markup, no links), delimited by more backticks than it
    holds in a row; pipes escaped, which a table needs even inside code."""
    text = CONTROL.sub("\ufffd", " ".join(str(value).splitlines())).replace("|", "\\|")
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"
