"""A small plain-text table engine for the terminal reports, in place of rich: importing rich and its
layout of ~100 rows cost ~90 ms of a one-second estimate, this takes a few.

It lays tables out as rich's `Table(box=box.SIMPLE_HEAD, show_edge=False)` did (same column widths,
word wrap, folding), so the reports read the same. Widths count characters: the reports are ASCII
plus a few one-cell symbols (─, …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

_WORD = re.compile(r"\s*\S+\s*")  # a word with the spaces around it, as rich splits lines
_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
Segment = tuple[str, str]  # (text, style): style is words of _SGR ("bold cyan"), "" for none
Line = list[Segment]


# Control characters other than the line break, which a file's text could carry to the terminal (an escape
# sequence can recolour it, retitle the window, move the cursor): each shown as one replacement character.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Text:
    """A string with styled character ranges (start, end, style); `indent` spaces start each of its
    wrapped lines (a leading space in the string would wrap back to column 0). Control characters are
    replaced (CONTROL): the only escape codes a page prints are its own colours."""

    plain: str
    spans: tuple[tuple[int, int, str], ...] = ()
    indent: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "plain", CONTROL.sub("\ufffd", self.plain))


def styled(*parts: str | tuple[str, str], indent: int = 0) -> Text:
    """Text from plain strings and (string, style) pairs, e.g. a block heading: its name, then its type dim."""
    plain, spans = "", []
    for part in parts:
        value, style = (part, "") if isinstance(part, str) else part
        if style:
            spans.append((len(plain), len(plain) + len(value), style))
        plain += value
    return Text(plain, tuple(spans), indent)


@dataclass(frozen=True)
class Column:
    """A column as rich's add_column took it: a header, left or right, a least width, wrapping or not."""

    header: str
    justify: str = "left"  # or "right"
    min_width: int = 0
    no_wrap: bool = False
    overflow: str = "ellipsis"  # a word longer than the column: cut with "…", or "fold" it onto the next lines


class Table:
    """Cells padded by one space each side, columns one space apart, a rule under the header."""

    def __init__(self, *columns: Column) -> None:
        self.columns = columns
        self.rows: list[tuple[list[Text], str, bool]] = []

    def add_row(self, *cells: str | Text, style: str = "", end_section: bool = False) -> None:
        """Missing cells are empty; `end_section` puts a blank line under the row (unless it is the last)."""
        texts = [_as_text(cell) for cell in cells] + [Text("")] * (len(self.columns) - len(cells))
        self.rows.append((texts, style, end_section))

    def render(self, width: int) -> list[Line]:
        """Header, rule, rows; lines cut at `width`, as a terminal would (only a table squeezed under its
        columns' min_width is wider)."""
        widths = self.column_widths(width)
        lines = self._row([Text(column.header) for column in self.columns], widths, "bold", header=True)
        lines.append([("─" * (sum(widths) + len(widths) - 1), "")])
        for index, (cells, style, end_section) in enumerate(self.rows):
            lines += self._row(cells, widths, style)
            if end_section and index < len(self.rows) - 1:
                lines.append([])
        return [_crop(line, width) for line in lines]

    def column_widths(self, width: int) -> list[int]:
        """Widths with padding, by rich's rules: a column is as wide as its widest cell (and min_width);
        a table wider than `width` shrinks its widest wrappable columns first, then all evenly."""
        available = width - len(self.columns) + 1
        natural = [max(_width(text) for text in [Text(column.header), *(row[0][index] for row in self.rows)]) + 2
                   for index, column in enumerate(self.columns)]

        def fit(caps: list[int]) -> list[int]:  # a column squeezed to nothing stays so (min_width aside)
            return [max(min(need, cap), column.min_width and column.min_width + 2) if cap > 0 else 0
                    for need, cap, column in zip(natural, caps, self.columns)]

        widths = fit([available] * len(natural))
        if sum(widths) > available:
            widths = _collapse(widths, [not column.no_wrap for column in self.columns], available)
            if sum(widths) > available:
                widths = _reduce(sum(widths) - available, [1] * len(widths), widths, widths)
            widths = fit(widths)
        return widths

    def _row(self, cells: list[Text], widths: list[int], style: str, header: bool = False) -> list[Line]:
        """Cells wrapped in their columns; the header sits at the bottom of its row, other cells at the top."""
        blocks = [wrap(cell, width - 2, style=style, justify=column.justify, overflow=column.overflow,
                       no_wrap=column.no_wrap) for cell, width, column in zip(cells, widths, self.columns)]
        height = max(1, *map(len, blocks))
        lines = []
        for index in range(height):
            line: Line = []
            for block, width in zip(blocks, widths):
                at = index - (height - len(block) if header else 0)
                content = block[at] if 0 <= at < len(block) else [(" " * (width - 2), "")]
                line += [(" " if line else "", ""), *_crop([(" ", ""), *content, (" ", "")], width)]
            lines.append(line)
        return lines


def wrap(text: Text, width: int, *, style: str = "", justify: str | None = None, overflow: str = "fold",
         no_wrap: bool = False) -> list[Line]:
    """rich's word wrap: a word that does not fit moves whole to the next line, a word longer than a line
    is folded (or cut with "…"); styles follow their characters onto the wrapped lines. A justified line
    is padded to `width`. No room, no lines."""
    inner = width - text.indent
    lines: list[Line] = []
    start = 0
    for paragraph in text.plain.split("\n") if inner > 0 else []:
        cuts = [] if no_wrap else _breaks(paragraph, inner, overflow == "fold")
        for begin, end in zip([0, *cuts], [*cuts, len(paragraph)]):
            begin, end = start + begin, start + begin + len(paragraph[begin:end].rstrip())
            ellipsis = overflow == "ellipsis" and end - begin > inner
            end = min(end, begin + inner - ellipsis)
            line = _pieces(text, begin, end, style)
            if ellipsis:  # in the style of the first character it hides
                line += [("…", hidden) for _, hidden in _pieces(text, end, end + 1, style)]
            gap = [(" " * (inner - (end - begin) - ellipsis), "")] if justify else []
            lines.append([(" " * text.indent, ""), *(gap + line if justify == "right" else line + gap)])
        start += len(paragraph) + 1
    return lines


def _breaks(line: str, width: int, fold: bool) -> list[int]:
    """Offsets at which the line breaks (rich's divide_line)."""
    breaks, offset = [], 0
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            pieces = range(0, len(word), width) if fold else [0]
            breaks += [start + piece for piece in pieces if start + piece]
            offset = len(word) - pieces[-1]
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def _pieces(text: Text, start: int, end: int, style: str) -> Line:
    """Characters start..end of the text, cut where their style changes."""
    cuts = sorted({start, end, *(at for span in text.spans for at in span[:2] if start < at < end)})
    return [(text.plain[a:b], " ".join(filter(None, [style, *(s for s0, s1, s in text.spans if s0 <= a < s1)])))
            for a, b in zip(cuts, cuts[1:])]


def _collapse(widths: list[int], wrappable: list[bool], limit: int) -> list[int]:
    """rich's Table._collapse_widths: the widest wrappable columns shrink, at most to the next widest, until
    the table fits."""
    while sum(widths) > limit and any(wrappable):
        widest = max(width for width, ok in zip(widths, wrappable) if ok)
        next_widest = max((width for width, ok in zip(widths, wrappable) if ok and width != widest), default=0)
        if widest == next_widest:
            break
        excess = sum(widths) - limit
        widths = _reduce(excess, [int(ok and width == widest) for width, ok in zip(widths, wrappable)],
                         [min(excess, widest - next_widest)] * len(widths), widths)
    return widths


def _reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich's ratio_reduce: take `total` off the values in proportion to the ratios, each at most its maximum."""
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums)]
    total_ratio, result = sum(ratios), []
    for ratio, maximum, value in zip(ratios, maximums, values):
        taken = min(maximum, round(ratio * total / total_ratio)) if ratio else 0
        result.append(value - taken)
        total, total_ratio = total - taken, total_ratio - ratio
    return result


class Page:
    """What one report prints, `width` columns wide: wrapped text and tables; ANSI colour only when `color`."""

    def __init__(self, width: int, color: bool) -> None:
        self.width, self.color = width, color
        self.lines: list[Line] = []

    def print(self, text: str | Text = "", style: str = "") -> None:
        """Text wrapped at the width (long words folded); `style` for all of it."""
        self.lines += wrap(_as_text(text), self.width, style=style)

    def table(self, table: Table) -> None:
        self.lines += table.render(self.width)

    def text(self) -> str:
        """Lines without trailing spaces; escape codes around styled pieces when colour is on."""
        render = _ansi if self.color else _plain
        return "".join(render(_crop(line, len(_plain(line).rstrip()))) + "\n" for line in self.lines)


def _plain(line: Line) -> str:
    return "".join(piece for piece, _ in line)


def _ansi(line: Line) -> str:
    """SGR codes around each run of styled characters: `\\x1b[1;36m` ... `\\x1b[0m`."""
    runs = [(_plain(run), style) for style, run in groupby(line, key=lambda segment: segment[1])]
    return "".join(f"\x1b[{';'.join(dict.fromkeys(_SGR[word] for word in style.split()))}m{piece}\x1b[0m"
                   if style and piece.strip() else piece for piece, style in runs)


def _crop(line: Line, width: int) -> Line:
    """At most `width` characters, as a terminal of that width would show."""
    cropped = []
    for piece, style in line:
        cropped.append((piece[:width], style))
        width -= len(cropped[-1][0])
    return cropped


def _width(text: Text) -> int:
    return max(map(len, text.plain.split("\n"))) + text.indent


def _as_text(cell: str | Text) -> Text:
    return Text(cell) if isinstance(cell, str) else cell
