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
    label = label_of(path)
    data = _read_bytes(path, label, limit)
    encoding = _encoding(data, label)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _not_text(label) from None


def _read_bytes(path: str | Path, label: str, limit: int) -> bytearray:
    try:
        if str(path) == STDIN:
            return _read_stream(_stdin(label), label, limit)
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise _too_large(label, limit)
            return _read_stream(handle, label, limit)
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


def _read_stream(stream, label: str, limit: int) -> bytearray:
    """Everything `stream` holds, in chunks; the first is checked to be text, so that /dev/zero or a binary
    file fails at once instead of after `limit` bytes."""
    data = bytearray()
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return data
        data += chunk.encode() if isinstance(chunk, str) else chunk
        if len(data) > limit:
            raise _too_large(label, limit)
        if len(data) == len(chunk):
            try:
                codecs.getincrementaldecoder(_encoding(data, label))().decode(bytes(data), final=False)
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
