"""Reading a text file a user gives (a preview, a stack export, a usage file; `-` is stdin): bounded in
size, decoded from the encodings tools write, each failure one InputError naming the file.

At most MAX_INPUT_BYTES (512 MiB) is read: a `pulumi preview --json` of 100,000 resources is about
90 MB, and a larger input (or an endless one: /dev/zero, a stuck pipe) would only exhaust memory. A
regular file is measured before it is read; a stream is read in chunks up to the limit, and one whose
first chunk is not text is refused at once. Text is UTF-8 (with or without a byte-order mark) or
UTF-16 (LE or BE, with or without one: what Windows PowerShell 5.1's `>` writes).
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import sys
from pathlib import Path
from typing import Iterator

from costing.errors import InputError

STDIN = "-"
MAX_INPUT_BYTES = 512 * 1024 * 1024
_CHUNK = 4 * 1024 * 1024


def label_of(path: str | Path) -> str:
    """How messages name an input: its path, or `stdin`."""
    return "stdin" if str(path) == STDIN else str(path)


def read_text(path: str | Path, limit: int = MAX_INPUT_BYTES) -> str:
    """The text of the file at `path` (`-`: stdin), or an InputError naming it: not found, unreadable,
    stdin closed, larger than `limit` bytes (nothing beyond the limit is read), or not UTF-8 or UTF-16."""
    return "".join(text_chunks(path, limit))


def text_chunks(path: str | Path, limit: int = MAX_INPUT_BYTES) -> Iterator[str]:
    """read_text's text in pieces, decoded as they are read: for a reader that need not hold it all."""
    label = label_of(path)
    try:
        if str(path) == STDIN:
            yield from _decoded(_stdin(label), label, limit)
            return
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise _too_large(label, limit)
            yield from _decoded(handle, label, limit)
    except FileNotFoundError:
        raise InputError(f"{label}: file not found") from None
    except OSError as error:
        raise InputError(f"{label}: cannot read ({error.strerror or error})") from None


def _stdin(label: str):
    """stdin's binary stream, or an InputError when there is none (`costing ... --preview - <&-`)."""
    stream = sys.stdin  # None when the process started without one
    if stream is None or stream.closed:
        raise InputError(f"{label}: standard input is closed: pipe the file in, or give its path instead of -")
    return getattr(stream, "buffer", stream)


def _decoded(stream, label: str, limit: int) -> Iterator[str]:
    """The text of `stream`, chunk by chunk, in the encoding its first bytes show: /dev/zero or a binary
    file fails with its first chunk, not after `limit` bytes."""
    decoder, total = None, 0
    try:
        while True:
            chunk = stream.read(_CHUNK)
            if isinstance(chunk, str):
                chunk = chunk.encode()
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise _too_large(label, limit)
            if decoder is None:
                decoder = codecs.getincrementaldecoder(_encoding(chunk, label))()
            yield decoder.decode(chunk, final=False)
        if decoder is not None:
            yield decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _not_text(label) from None


def _encoding(data: bytes | bytearray, label: str) -> str:
    """json's detection of the encoding: a byte-order mark, else the pattern of zero bytes ASCII leaves in
    UTF-16. Its UTF-32 guess is what zero bytes give (/dev/zero): not text any tool here writes."""
    encoding = json.detect_encoding(data[:4])
    if encoding.startswith("utf-32"):
        raise _not_text(label)
    return encoding


def _not_text(label: str) -> InputError:
    return InputError(f"{label}: cannot read (not UTF-8 or UTF-16 text)")


def _too_large(label: str, limit: int) -> InputError:
    return InputError(f"{label}: larger than {limit // (1024 * 1024):,} MiB, the most costing reads from one file "
                      f"(is it the right file?)")
