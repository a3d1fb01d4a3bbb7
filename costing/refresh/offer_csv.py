"""Read a Bulk API CSV offer file as a stream, one row at a time, and prove it was read whole.

The file is 5 metadata rows ("FormatVersion", "Disclaimer", "Publication Date", "Version",
"OfferCode", each `"key","value"`), the header row (starting "SKU"), then one row per SKU x term x
price dimension. Columns are found by name, so a column AWS adds later is simply ignored. Memory
stays bounded: rows are parsed and dropped one by one.

Checks, each failing with the file and line: the metadata names the offer expected and a
publication date; the header is present and has the columns the mapping needs; every row has the
header's number of fields and valid quoting; the file ends with a complete line and has at least
one row (a file cut short mid-row or before its first row is truncated).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from operator import itemgetter
from typing import BinaryIO, Callable, Iterator, Optional

from costing.refresh.mapping import COLUMNS, REQUIRED, Row

HEADER_START = "SKU"
MAX_METADATA_ROWS = 10
TEXT_BUFFER = 1 << 20


class OfferFileError(Exception):
    """An offer file that cannot be trusted; the message names the file (and line) and the problem."""


def _normalized(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


class OfferCsv:
    """The metadata and rows of one CSV offer file (`rows()` may be iterated once)."""

    def __init__(self, stream: BinaryIO, *, url: str, offer: str):
        self.url = url
        buffered = stream if isinstance(stream, io.BufferedIOBase) else io.BufferedReader(stream, TEXT_BUFFER)
        text = io.TextIOWrapper(buffered, encoding="utf-8", newline="")
        self._last_line = ""
        self._reader = csv.reader(self._tracked(text), strict=True)
        self.metadata, header = self._read_metadata()
        self.offer_code = self._metadata_value("OfferCode")
        if self.offer_code != offer:
            raise OfferFileError(f"{url}: the offer file of {self.offer_code!r}, expected {offer!r}")
        self.publication_date = self._publication_date()
        self.version = self.metadata.get("Version", "")
        self._width = len(header)
        self._indexes, self._missing = self._column_indexes(header)
        self._getter = itemgetter(*self._indexes.values())
        self.rows_read = 0

    def rows(self, on_rows: Optional[Callable[[int], None]] = None, every: int = 20_000,
             screen: Optional[tuple[str, frozenset[str]]] = None) -> Iterator[tuple[int, Row]]:
        """(line number, Row) for every price row, or only those whose `screen` field (a Row field name) has
        one of the screen's values; every row is verified all the same. `on_rows(count)` every `every`
        rows and at the end."""
        width, getter, padding = self._width, self._getter, [""] * self._missing
        at, allowed = (self._indexes[screen[0]], screen[1]) if screen else (0, None)
        make = Row._make
        reader = self._reader
        try:
            for fields in reader:
                if len(fields) != width:
                    raise OfferFileError(f"{self.url} line {reader.line_num}: expected {width} fields as in the "
                                         f"header, got {len(fields)}" + self._truncation_hint())
                self.rows_read += 1
                if on_rows is not None and self.rows_read % every == 0:
                    on_rows(self.rows_read)
                if padding:
                    fields.extend(padding)
                if allowed is None or fields[at] in allowed:
                    yield reader.line_num, make(getter(fields))
        except csv.Error as error:
            raise OfferFileError(f"{self.url} line {reader.line_num}: {error}{self._truncation_hint()}") from None
        except UnicodeDecodeError:
            raise OfferFileError(f"{self.url} after line {reader.line_num}: not UTF-8 text") from None
        if not self._last_line.endswith("\n"):
            raise OfferFileError(f"{self.url}: truncated, the last line ({reader.line_num}) is incomplete")
        if self.rows_read == 0:
            raise OfferFileError(f"{self.url}: no price rows after the header (truncated?)")
        if on_rows is not None:
            on_rows(self.rows_read)

    def _tracked(self, text: io.TextIOBase) -> Iterator[str]:
        """The lines of `text`, remembering the last one (a truncated file's does not end with a newline)."""
        for line in text:
            self._last_line = line
            yield line

    def _truncation_hint(self) -> str:
        return " (the file ends here: truncated?)" if not self._last_line.endswith("\n") else ""

    def _read_metadata(self) -> tuple[dict[str, str], list[str]]:
        metadata: dict[str, str] = {}
        try:
            for _ in range(MAX_METADATA_ROWS):
                fields = next(self._reader, None)
                if fields is None:
                    raise OfferFileError(f"{self.url}: ends before its header row (truncated, or not a CSV "
                                         f"offer file)")
                if fields and fields[0] == HEADER_START:
                    return metadata, fields
                if len(fields) == 2:
                    metadata[fields[0]] = fields[1]
        except csv.Error as error:
            raise OfferFileError(f"{self.url} line {self._reader.line_num}: {error}{self._truncation_hint()}") from None
        except UnicodeDecodeError:
            raise OfferFileError(f"{self.url}: not UTF-8 text: not a CSV offer file") from None
        raise OfferFileError(f"{self.url}: no header row (starting {HEADER_START!r}) in its first "
                             f"{MAX_METADATA_ROWS} lines: not a CSV offer file")

    def _metadata_value(self, key: str) -> str:
        if key not in self.metadata:
            raise OfferFileError(f"{self.url}: the metadata rows lack {key!r} (found: "
                                 f"{', '.join(self.metadata) or 'none'})")
        return self.metadata[key]

    def _publication_date(self) -> str:
        text = self._metadata_value("Publication Date")
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            try:
                return date.fromisoformat(text[:10]).isoformat()
            except ValueError:
                raise OfferFileError(f"{self.url}: Publication Date {text!r} is not a date") from None

    def _column_indexes(self, header: list[str]) -> tuple[dict[str, int], int]:
        """Each Row field's position in a row, in Row order, and how many absent (optional) columns are
        read from padding appended to each row."""
        positions = {}
        for position, name in enumerate(header):
            positions.setdefault(_normalized(name), position)
        lacking = [COLUMNS[field] for field in REQUIRED if _normalized(COLUMNS[field]) not in positions]
        if lacking:
            raise OfferFileError(f"{self.url}: the header lacks the column(s) {', '.join(lacking)}")
        indexes, missing = {}, 0
        for field, name in COLUMNS.items():
            if _normalized(name) in positions:
                indexes[field] = positions[_normalized(name)]
            else:
                indexes[field] = len(header) + missing
                missing += 1
        return indexes, missing
