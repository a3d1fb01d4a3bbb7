"""One array of a large JSON file, item by item, without the whole document in memory.

A preview's `steps` and a stack export's `deployment.resources` are most of their file, and each item
is a resource whose inputs are all the inventory keeps (a step's outputs, old state and diffs are
dropped). `JsonStream` reads the text in chunks (costing.input_file), parses the members along the
path to the array with json's own parser, and yields the array's items one at a time, each parsed
whole by `json.JSONDecoder.raw_decode`; what it has parsed is dropped from its buffer. So memory holds
what the caller keeps of the items, and a chunk of text (or one item, however large), instead of the
text, the parsed document and the caller's copy at once.

Secrets are masked on the parsed objects by the caller's object hook, used for the items whose text
holds the engine's signature or a \\u-escape (the only ways to write one); other items, nearly all,
are parsed without a hook, at the C parser's speed. A document that is not JSON fails with the line
and column json reports, counted from the start of the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Iterator

from costing.errors import InputError
from costing.input_file import label_of, text_chunks

_WHITESPACE = " \t\n\r"
_NUMBER = "0123456789eE.+-"
_AFTER_ITEM = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*|(\]))")  # a separator, or the end of the array (group 1)
_CONTAINERS = (dict, list)
_MIN_READ = 1 << 20  # characters to read at least when the buffer runs out


class JsonStream:
    """The items of the array at `array_path` (member names from the top) of the JSON document at `path`.

    Iterate `items()` once; afterwards `found` says whether the path led to an array, and `others` holds
    the top-level members that are not on the path (a preview's `config`, say). Text that is not JSON is an
    InputError naming the file, line and column."""

    def __init__(self, path: str | Path, array_path: tuple[str, ...], object_hook: Callable[[dict], Any],
                 needs_hook: Callable[[str, int], int], long_int: Callable[[str], Any]):
        self.label = label_of(path)
        self.found = False
        self.others: dict[str, Any] = {}
        self._chunks = text_chunks(path)
        self._path = array_path
        self._plain = json.JSONDecoder()
        self._scan = self._plain.scan_once  # raw_decode without its wrapper: (value, end), or StopIteration
        self._masking = json.JSONDecoder(object_hook=object_hook)
        # for a value holding an integer too long for int() (over 4,300 digits): `long_int` reads them all
        self._long = json.JSONDecoder(object_hook=object_hook, parse_int=long_int)
        self._needs_hook = needs_hook  # (buffer, start) -> where the next text needing the hook is, or -1
        self._buffer, self._at, self._eof = "", 0, False
        self._line, self._column = 1, 0  # where the buffer starts in the document
        self._hook_at = -1  # cached position of the next text needing the hook, from _hook_from
        self._hook_from = -1

    def items(self) -> Iterator[Any]:
        try:
            if self._peek() == "{":
                yield from self._members(self._path, top=True)
            else:
                self._value()
            if self._peek():
                raise json.JSONDecodeError("Extra data", self._buffer, self._at)
        except json.JSONDecodeError as error:
            raise InputError(f"{self.label}: not JSON (line {self._line + error.lineno - 1} column "
                             f"{error.colno + (self._column if error.lineno == 1 else 0)})") from None
        except RecursionError:
            raise InputError(f"{self.label}: cannot read (JSON nested too deeply)") from None

    def what_it_is(self) -> str:
        """When the path was not found: which other Pulumi document the top-level keys say this is, and the
        option that reads it, as `: it is ...` (empty when they say nothing, or only name the path's own
        member in another shape)."""
        keys = set(self.others) - {self._path[0]}
        if "steps" in keys:
            return ": it is a `pulumi preview --json` document: give it with --preview FILE"
        if "deployment" in keys or "checkpoint" in keys:
            return ": it is a `pulumi stack export` document: give it with --state FILE"
        if "resourcePlans" in keys:
            return (": it is an update plan (`pulumi preview --save-plan`), which costing does not read: give "
                    "`pulumi preview --json` output with --preview FILE")
        return ""

    # --- the document's structure -----------------------------------------------------------------

    def _members(self, path: tuple[str, ...], top: bool) -> Iterator[Any]:
        """The members of the object starting here: on the path, walked into; the others parsed (kept at
        the top level, dropped below it)."""
        self._expect("{")
        if self._peek() == "}":
            self._at += 1
            return
        while True:
            if self._peek() != '"':
                raise json.JSONDecodeError("Expecting property name enclosed in double quotes", self._buffer, self._at)
            key = self._value()
            self._expect(":")
            opening = self._peek()
            if path and key == path[0] and len(path) == 1 and opening == "[":
                self.found = True
                yield from self._array()
            elif path and key == path[0] and len(path) > 1 and opening == "{":
                yield from self._members(path[1:], top=False)
            elif top:
                self.others[key] = self._value()
            else:
                self._value()
            if self._peek() == ",":
                self._at += 1
                continue
            self._expect("}")
            return

    def _array(self) -> Iterator[Any]:
        self._expect("[")
        if self._peek() == "]":
            self._at += 1
            return
        self._peek()
        while True:
            yield self._item()
            separator = _AFTER_ITEM.match(self._buffer, self._at)
            if separator and separator.end() < len(self._buffer):  # (else the text may go on in the next chunk)
                self._at = separator.end()
                if separator.group(1):
                    return
                continue
            if self._peek() == ",":
                self._at += 1
                self._peek()
                continue
            self._expect("]")
            return

    def _item(self) -> Any:
        """An item of the array, starting here: parsed at once when it is an object or array the buffer holds
        whole and without text that needs the hook (nearly always), else by _value."""
        try:
            value, end = self._scan(self._buffer, self._at)
        except (StopIteration, ValueError):
            return self._value()
        if type(value) in _CONTAINERS and not self._hook_needed(end):
            self._at = end
            return value
        return self._value()

    # --- the text -----------------------------------------------------------------------------------

    def _value(self) -> Any:
        """The JSON value that starts here (after whitespace), parsed whole: more text is read until it is."""
        decoder = self._plain
        while True:
            try:
                value, end = decoder.raw_decode(self._buffer, self._at)
            except json.JSONDecodeError:
                if self._eof:
                    raise
            except ValueError as error:
                if "integer string conversion" not in str(error):
                    raise
                decoder = self._long
                continue
            else:
                if self._eof or self._ended(value, end):
                    if decoder is self._plain and self._hook_needed(end):
                        decoder = self._masking
                        continue
                    self._at = end
                    return value
            self._read_more()

    def _ended(self, value: Any, end: int) -> bool:
        """Whether the text read so far shows that `value` ends at `end`: a number at the end of the buffer
        (or followed only by what could carry it on: 1, 1e, 1.) may go on in the next chunk."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return bool(self._buffer[end:end + 64].lstrip(_NUMBER))
        return True

    def _hook_needed(self, end: int) -> bool:
        if self._hook_from < 0 or (0 <= self._hook_at < self._at) or self._hook_from > self._at:
            self._hook_at, self._hook_from = self._needs_hook(self._buffer, self._at), self._at
        return 0 <= self._hook_at < end

    def _peek(self) -> str:
        """The next character that is not whitespace ("" at the end), moved to."""
        while True:
            while self._at < len(self._buffer) and self._buffer[self._at] in _WHITESPACE:
                self._at += 1
            if self._at < len(self._buffer) or self._eof:
                return self._buffer[self._at:self._at + 1]
            self._read_more()

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise json.JSONDecodeError(f"Expecting {char!r} delimiter", self._buffer, self._at)
        self._at += 1

    def _read_more(self) -> None:
        """Drop the text already parsed, then read at least as much again as is left (doubling: one
        item larger than a chunk costs linear time) or to the end."""
        consumed = self._buffer[:self._at]
        newlines = consumed.count("\n")
        self._line += newlines
        self._column = len(consumed) - consumed.rfind("\n") - 1 if newlines else self._column + len(consumed)
        left = self._buffer[self._at:]
        pieces, wanted = [left], max(len(left), _MIN_READ)
        while wanted > 0:
            chunk = next(self._chunks, None)
            if chunk is None:
                self._eof = True
                break
            pieces.append(chunk)
            wanted -= len(chunk)
        self._buffer, self._at = "".join(pieces), 0
        self._hook_from = -1
