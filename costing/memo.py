"""Memo files: values saved in costing's cache directory (costing.cache.cache_root) so that a later
command need not compute them again, such as a stack's inventory or a parsed price snapshot.

A memo's file name carries a hash of everything its value depends on, so a memo is never stale,
only missing. Reading one that is missing, truncated, of another layout or not to be trusted gives
None (the caller computes the value again and rewrites it); failing to write one costs only speed.
Writes are atomic: a reader never sees half a memo.

A memo is data, never code: no pickle, whose loading runs whatever the file says (a file planted in
a shared cache folder would run as the user). The format is MAGIC, the length of a JSON header (8
bytes, little-endian), the header, then the columns' data:
- a DataFrame: the header lists its columns in order, each with its dtype and where its data is; a
  categorical column is its categories (in the header) and its codes (raw integers), a numeric or
  boolean column its raw values (numpy's bytes, read with np.frombuffer), any other column (strings,
  None, the nested dicts and lists of an inventory's inputs) a JSON list;
- any other value (a stack's inventory, the runner's response): its JSON document, written only when it
  reads back equal.
So reading a memo costs a JSON parse and a few array copies, and imports nothing that pandas has not.

A memo is read only when the file and its folder belong to the user running costing and no one else
may write to them (costing.cache.trusted), and its folder is created private (0700): another user's
file could otherwise make an estimate silently wrong.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from costing.atomic import write_bytes_atomic
from costing.cache import private_folder, trusted

if TYPE_CHECKING:
    import pandas as pd

MAGIC = b"costing-memo 1\n"
_LENGTH_BYTES = 8
_RAW_DTYPES = frozenset({"float64", "float32", "int64", "int32", "int16", "int8", "bool"})


def read_memo(path: Path) -> Any | None:
    """The value saved at `path`, or None when there is none that can be read and trusted."""
    try:
        with path.open("rb") as handle:
            if not trusted(os.fstat(handle.fileno())) or not trusted(path.parent.stat()):
                return None
            data = handle.read()
        return _decode(data)
    except Exception:  # noqa: BLE001 (missing, truncated, another layout...: compute it again)
        return None


def read_frame_memo(path: Path, columns: Sequence[str]) -> pd.DataFrame | None:
    """The DataFrame saved at `path` if it has exactly `columns`, else None (an older layout is recomputed)."""
    value = read_memo(path)
    if value is None:
        return None
    import pandas as pd  # (already imported by the decoding of a frame; a memo alone needs no pandas)

    return value if isinstance(value, pd.DataFrame) and list(value.columns) == list(columns) else None


def write_memo(path: Path, value: Any, stale: Callable[[list[Path]], list[Path]] = lambda others: []) -> None:
    """Save `value` (a DataFrame, or a JSON value) at `path` atomically, then remove the memos that `stale`
    picks among the others of its folder (same suffix). A value the format cannot hold exactly is not saved."""
    data = _encode(value)
    if data is None:
        return
    try:
        private_folder(path.parent)
        if not trusted(path.parent.stat()):
            return
        write_bytes_atomic(path, data)
        others = [other for other in path.parent.iterdir() if other != path and other.suffix == path.suffix]
    except OSError:
        return
    for other in stale(others):
        other.unlink(missing_ok=True)


def touch(path: Path) -> None:
    """Mark a memo as just used (its modification time), for all_but_recent; failing is harmless."""
    try:
        os.utime(path)
    except OSError:
        pass


def all_but_recent(kept: int) -> Callable[[list[Path]], list[Path]]:
    """A `stale` for write_memo that keeps the memo just written and the kept - 1 others used last."""

    def stale(others: list[Path]) -> list[Path]:
        return sorted(others, key=_used_at, reverse=True)[kept - 1:]

    return stale


def _used_at(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


# --- the format ----------------------------------------------------------------------------------

def _encode(value: Any) -> bytes | None:
    """The bytes of a memo of `value`, or None when the format cannot hold it exactly."""
    if type(value).__name__ == "DataFrame":
        return _encode_frame(value)
    try:
        text = json.dumps(value)
        if json.loads(text) != value:
            return None
    except (TypeError, ValueError):
        return None
    data = text.encode()
    return _framed({"json": {"length": len(data)}}, [data])


def _encode_frame(frame: pd.DataFrame) -> bytes | None:
    index = frame.index
    if (not frame.columns.is_unique or not all(isinstance(name, str) for name in frame.columns)
            or type(index).__name__ != "RangeIndex" or index.start != 0 or index.step != 1):
        return None
    columns, blocks, offset = [], [], 0

    def block(data: bytes) -> dict:
        nonlocal offset
        blocks.append(data)
        offset += len(data)
        return {"offset": offset - len(data), "length": len(data)}

    for name in frame.columns:
        series = frame[name]
        dtype = str(series.dtype)
        if dtype == "category":
            categories = series.cat.categories
            codes = series.cat.codes.to_numpy()
            columns.append({"name": name, "kind": "category", "categories": categories.tolist(),
                            "categories_dtype": str(categories.dtype), "ordered": bool(series.cat.ordered),
                            "codes_dtype": str(codes.dtype), **block(codes.tobytes())})
        elif dtype in _RAW_DTYPES:
            columns.append({"name": name, "kind": "raw", "dtype": dtype, **block(series.to_numpy().tobytes())})
        else:  # strings (missing ones as null), or objects as they are
            values = series.tolist() if dtype == "object" else series.astype(object).where(series.notna(), None).tolist()
            try:
                text = json.dumps(values)
                if json.loads(text) != values:  # a tuple, a key that is not a string, NaN...: not exact
                    return None
            except (TypeError, ValueError):
                return None
            columns.append({"name": name, "kind": "json", "dtype": dtype, **block(text.encode())})
    return _framed({"frame": {"rows": len(frame), "columns": columns}}, blocks)


def _framed(header: dict, blocks: list[bytes]) -> bytes:
    encoded = json.dumps(header).encode()
    return b"".join([MAGIC, len(encoded).to_bytes(_LENGTH_BYTES, "little"), encoded, *blocks])


def _decode(data: bytes) -> Any:
    """The value of a memo's bytes; an exception when they are not a whole memo."""
    if not data.startswith(MAGIC):
        raise ValueError("not a memo")
    start = len(MAGIC) + _LENGTH_BYTES
    length = int.from_bytes(data[len(MAGIC):start], "little")
    header = json.loads(data[start:start + length])
    body = memoryview(data)[start + length:]
    if "json" in header:  # the document after the header, not a string in it (parsed once, not unescaped first)
        if len(body) != header["json"]["length"]:
            raise ValueError("truncated")
        return json.loads(bytes(body))
    return _decode_frame(header["frame"], body)


def _decode_frame(layout: dict, body: memoryview) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    rows, columns = layout["rows"], {}
    for column in layout["columns"]:
        part = body[column["offset"]:column["offset"] + column["length"]]
        if len(part) != column["length"]:
            raise ValueError("truncated")
        kind = column["kind"]
        if kind == "category":
            codes = np.frombuffer(part, dtype=column["codes_dtype"]).copy()
            categories = pd.Index(column["categories"], dtype=column["categories_dtype"])
            values = pd.Categorical.from_codes(codes, categories=categories, ordered=column["ordered"])
        elif kind == "raw":
            values = np.frombuffer(part, dtype=column["dtype"]).copy()
        else:  # a Series keeps a list value as one element, where an array would make a second dimension
            values = pd.Series(json.loads(bytes(part)), dtype=column["dtype"])
        if len(values) != rows:
            raise ValueError("a column of another length")
        columns[column["name"]] = values
    return pd.DataFrame(columns, index=pd.RangeIndex(rows))
