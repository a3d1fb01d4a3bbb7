"""Inline SVG charts drawn from plain rows: horizontal bars, bars either side of zero, and ranges.

Pure functions returning markup: no script, no fonts or images fetched. Colours come from the page's
CSS classes (bar, bar home, bar incomplete, bar up, bar down), so charts and page share one palette.
Every text is escaped; a label too long for the gutter is cut with an ellipsis and kept whole in a
<title> (the browser's tooltip).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Sequence

ROW_HEIGHT = 26
BAR_HEIGHT = 16
TOP = 6
CHAR_WIDTH = 7.0  # average width of a 12px system-ui character, to fit labels and values


@dataclass(frozen=True)
class Row:
    """One bar: `value` sets its length (negative values go left of zero in a diverging chart)."""

    label: str
    value: float
    text: str  # the amount written at the bar's end
    css: str = ""  # an extra class of the bar: home, incomplete, up, down, other
    hint: str = ""  # the tooltip; the label when empty


@dataclass(frozen=True)
class RangeRow:
    label: str
    low: float
    mid: float
    high: float
    texts: tuple[str, str, str]  # what low, mid and high read


def bar_chart(rows: Sequence[Row], *, chart_id: str, title: str, width: int = 460, label_width: int = 130,
              value_width: float | None = None) -> str:
    """Bars from zero, longest for the largest value; `value_width` (room for the amounts right of the
    bars) defaults to what the longest amount needs."""
    plot = width - label_width - (value_width or _value_width(rows, width - label_width))
    top = max((row.value for row in rows), default=0.0)
    body = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        length = _length(row.value, top, plot)
        body.append(_bar_row(row, y, label_width, length, label_width + length + 6, "start"))
    return _svg(chart_id, title, width, len(rows), body)


def diverging_chart(rows: Sequence[Row], *, chart_id: str, title: str, width: int = 920, label_width: int = 220,
                    value_width: float | None = None) -> str:
    """Increases right of the zero line, decreases left of it, on one scale; the zero line sits where
    the largest decrease and the largest increase both fit (at the left edge when nothing went down)."""
    rise = max((row.value for row in rows if row.value > 0), default=0.0)
    fall = max((-row.value for row in rows if row.value < 0), default=0.0)
    sides = max((rise > 0) + (fall > 0), 1)
    value_width = value_width or _value_width(rows, (width - label_width) / sides)
    plot = width - label_width - value_width * sides
    scale = plot / (rise + fall) if rise + fall else 0.0
    zero = label_width + (value_width if fall else 0) + fall * scale
    body = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        length = max(abs(row.value) * scale, 2.0) if row.value else 0.0
        if row.value >= 0:
            body.append(_bar_row(row, y, label_width, length, zero + length + 6, "start", x=zero))
        else:
            body.append(_bar_row(row, y, label_width, length, zero - length - 6, "end", x=zero - length))
    height = TOP * 2 + len(rows) * ROW_HEIGHT
    body.append(f'<line class="axis" x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{height}"/>')
    return _svg(chart_id, title, width, len(rows), body)


def range_chart(rows: Sequence[RangeRow], *, chart_id: str, title: str, width: int = 920, label_width: int = 160,
                value_width: int = 150) -> str:
    """Per row a line from low to high, a dot at each end and a diamond at mid; mid's text above the
    line, low's and high's below it (high's beside its dot when the range is too short for both)."""
    plot = width - label_width - value_width
    top = max((row.high for row in rows), default=0.0)
    body = []
    for index, row in enumerate(rows):
        y = TOP + ROW_HEIGHT + index * ROW_HEIGHT * 2
        low, mid, high = (label_width + _length(value, top, plot) for value in (row.low, row.mid, row.high))
        low_text, mid_text, high_text = row.texts
        mid_x = max(mid, label_width + _text_width(mid_text) / 2)
        if high - low >= _text_width(low_text) + _text_width(high_text) + 12:
            high_label = _text(high_text, high, y + 20, "end")
        else:
            high_label = _text(high_text, high + 10, y + 4, "start")
        body.append(f"<g>{_label(row.label, y, label_width)}"
                    f'<line class="range" x1="{low:.1f}" y1="{y:.1f}" x2="{high:.1f}" y2="{y:.1f}"/>'
                    f'<circle class="end" cx="{low:.1f}" cy="{y:.1f}" r="5"/>'
                    f'<circle class="end" cx="{high:.1f}" cy="{y:.1f}" r="5"/>'
                    f'<rect class="mid" x="{mid - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" '
                    f'transform="rotate(45 {mid:.1f} {y:.1f})"/>'
                    + _text(mid_text, mid_x, y - 12, "middle") + _text(low_text, low, y + 20, "start")
                    + high_label + "</g>")
    return _svg(chart_id, title, width, len(rows) * 2, body)


def _value_width(rows: Sequence[Row], room: float) -> float:
    """What the longest amount needs, leaving at least half of `room` to the bars."""
    return min(max((_text_width(row.text) for row in rows), default=0.0) + 12, room / 2)


def _length(value: float, top: float, plot: float) -> float:
    """A bar's length on a scale where `top` fills `plot`; a visible sliver for any positive value."""
    if top <= 0 or value <= 0:
        return 0.0
    return max(value / top * plot, 2.0)


def _bar_row(row: Row, y: float, label_width: int, length: float, text_x: float, anchor: str,
             x: float | None = None) -> str:
    x = label_width if x is None else x
    middle = y + ROW_HEIGHT / 2
    return (f"<g><title>{escape(row.hint or row.label)}</title>{_label(row.label, middle, label_width)}"
            f'<rect class="{f"bar {row.css}".strip()}" x="{x:.1f}" y="{middle - BAR_HEIGHT / 2:.1f}" '
            f'width="{length:.1f}" height="{BAR_HEIGHT}" rx="2"/>'
            + _text(row.text, text_x, middle + 4, anchor) + "</g>")


def _label(text: str, middle_y: float, label_width: int) -> str:
    fits = int((label_width - 10) / CHAR_WIDTH)
    shown = text if len(text) <= fits else text[:max(fits - 1, 1)] + "\u2026"
    return (f'<text class="label" x="{label_width - 8}" y="{middle_y + 4:.1f}" '
            f'text-anchor="end">{escape(shown)}</text>')


def _text(text: str, x: float, y: float, anchor: str) -> str:
    return f'<text class="value" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _svg(chart_id: str, title: str, width: int, rows: int, body: list[str]) -> str:
    height = TOP * 2 + rows * ROW_HEIGHT
    return (f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{escape(chart_id)}-title" preserveAspectRatio="xMinYMin meet">'
            f'<title id="{escape(chart_id)}-title">{escape(title)}</title>' + "".join(body) + "</svg>")
