"""A progress bar per offer file on stderr: bytes (of the total when known), speed, rows parsed.

Quiet when stderr is not a terminal (CI logs, pipes) or when the caller asks for no progress.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                           TransferSpeedColumn)


class FileProgress:
    """The bar of one file: `advance(bytes)` as bytes arrive, `rows(count)` as rows are parsed."""

    def __init__(self, progress: Progress, description: str):
        self._progress = progress
        self._task = progress.add_task(description, total=None, rows=0)

    def advance(self, count: int) -> None:
        self._progress.advance(self._task, count)

    def size(self, total: int | None) -> None:
        if total is not None:
            self._progress.update(self._task, total=total)

    def rows(self, count: int) -> None:
        self._progress.update(self._task, rows=count)

    def done(self) -> None:
        self._progress.stop_task(self._task)


class RefreshProgress:
    """One bar per offer file, shown only on a terminal."""

    def __init__(self, enabled: bool = True, console: Console | None = None):
        console = console or Console(stderr=True)
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
            TextColumn("{task.fields[rows]:,} rows"), TimeRemainingColumn(),
            console=console, disable=not (enabled and console.is_terminal), transient=False)

    @contextmanager
    def running(self) -> Iterator["RefreshProgress"]:
        with self._progress:
            yield self

    def file(self, description: str) -> FileProgress:
        return FileProgress(self._progress, description)
