"""Memo files: values saved in costing's cache directory (costing.cache.cache_root) so that a later
command need not compute them again, such as a stack's inventory or a parsed price snapshot.

A memo's file name carries a hash of everything its value depends on, so a memo is never stale,
only missing. Reading one that is missing, truncated or written by another version of a library
gives None (the caller computes the value again and rewrites it); failing to write one costs only
speed. Writes are atomic: a reader never sees half a memo.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from costing.atomic import write_bytes_atomic

if TYPE_CHECKING:
    import pandas as pd


def read_memo(path: Path) -> Any | None:
    """The value saved at `path`, or None when there is none that can be read."""
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 (missing, truncated, pickled by another pandas...: compute it again)
        return None


def read_frame_memo(path: Path, columns: Sequence[str]) -> pd.DataFrame | None:
    """The DataFrame saved at `path` if it has exactly `columns`, else None (an older layout is recomputed)."""
    value = read_memo(path)
    if value is None:
        return None
    import pandas as pd  # (already imported by the unpickling of a frame; a memo alone needs no pandas)

    return value if isinstance(value, pd.DataFrame) and list(value.columns) == list(columns) else None


def read_json_memo(path: Path) -> Any | None:
    """The JSON value saved at `path` (write_json_memo), or None when there is none that can be read."""
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except Exception:  # noqa: BLE001 (missing, truncated, not JSON: compute it again)
        return None


def write_json_memo(path: Path, value: Any, stale: Callable[[list[Path]], list[Path]] = lambda others: []) -> None:
    """write_memo for plain JSON data (no pickle: nothing runs when it is read back)."""
    _write(path, json.dumps(value).encode("utf-8"), stale)


def write_memo(path: Path, value: Any, stale: Callable[[list[Path]], list[Path]] = lambda others: []) -> None:
    """Save `value` at `path` atomically, then remove the memos that `stale` picks among the others of
    its folder (same suffix)."""
    _write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), stale)


def _write(path: Path, data: bytes, stale: Callable[[list[Path]], list[Path]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
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
