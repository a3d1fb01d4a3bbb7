"""Write a file so that readers see the old content or the new, never half of it.

The new content goes to a temporary file in the target's directory (same filesystem, so the final
`os.replace` is atomic); on any failure the temporary file is removed and the target is untouched.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, TextIO


@contextmanager
def atomic_writer(path: str | os.PathLike[str], encoding: str = "utf-8") -> Iterator[TextIO]:
    """Yield a text file that replaces `path` when the block exits normally, and vanishes otherwise."""
    with _replacing(Path(path), "w", encoding=encoding, newline="") as handle:
        yield handle


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace `path` with `data` atomically."""
    with _replacing(Path(path), "wb") as handle:
        handle.write(data)


@contextmanager
def _replacing(target: Path, mode: str, **options: str) -> Iterator[IO]:
    handle = tempfile.NamedTemporaryFile(
        mode, dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False, **options,
    )
    try:
        with handle:
            os.chmod(handle.name, _mode_for(target))
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The target's current permissions, or what a plain open() would give a new file (the temporary
    file is created 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Replace `path` with `text` atomically."""
    with atomic_writer(path) as handle:
        handle.write(text)
