"""The pieces every report page is made of: the page itself, headline cards, figures and sortable tables.

Everything that takes text escapes it; arguments named `markup` are HTML already.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Sequence

from costing.report.html.assets import SORT_SCRIPT, STYLE


def page(title: str, sections: Sequence[str]) -> str:
    """A whole self-contained page: inline style, inline script, nothing fetched."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body><main>\n"
            + "\n".join(section for section in sections if section)
            + f"\n</main><script>{SORT_SCRIPT}</script></body></html>\n")


def footer(today: date) -> str:
    return f"<footer>Made by costing on {today.isoformat()}: one self-contained page, nothing fetched.</footer>"


def heading(level: int, text: str) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


def paragraph(text: str, css: str = "") -> str:
    return f"<p{_class(css)}>{escape(text)}</p>"


def bullets(items: Sequence[str], css: str = "") -> str:
    return f"<ul{_class(css)}>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


@dataclass(frozen=True)
class Card:
    name: str
    value: str
    detail: str = ""
    css: str = ""  # "total" for the card of the headline amount
    small: bool = False  # a long value (a stack's source) in a smaller font


def cards(items: Sequence[Card]) -> str:
    return '<div class="cards">' + "".join(
        f'<div class="{" ".join(filter(None, ("card", card.css)))}"><div class="name">{escape(card.name)}</div>'
        f'<div class="value{" small" if card.small else ""}">{escape(card.value)}</div>'
        + (f'<div class="detail">{escape(card.detail)}</div>' if card.detail else "") + "</div>"
        for card in items) + "</div>"


def figure(svg: str, caption: str = "") -> str:
    return f"<figure>{svg}" + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "") + "</figure>"


@dataclass(frozen=True)
class Column:
    title: str
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    markup: str
    sort: float | None = None  # a numeric column's value; NaN (unknown) sorts last


def text_cell(text: str) -> Cell:
    return Cell(escape(text))


def number_cell(text: str, value: float) -> Cell:
    return Cell(escape(text), value)


def sortable_table(table_id: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> str:
    """A table whose headers sort it (the page's script); numeric cells carry their value in data-sort."""
    head = "".join(f'<th scope="col"{_class("num" if column.numeric else "")}><button type="button">'
                   f"{escape(column.title)}</button></th>" for column in columns)
    body = "".join("<tr>" + "".join(_cell(cell, column) for cell, column in zip(row, columns)) + "</tr>"
                   for row in rows)
    return (f'<table class="sortable" id="{escape(table_id)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _cell(cell: Cell, column: Column) -> str:
    if not column.numeric:
        return f"<td>{cell.markup}</td>"
    value = "" if cell.sort is None or math.isnan(cell.sort) else repr(round(float(cell.sort), 6))
    return f'<td class="num" data-sort="{value}">{cell.markup}</td>'


def _class(css: str) -> str:
    return f' class="{css}"' if css else ""
