"""Write a file so that readers see the old content or the new, never half of it.

The new content goes to a temporary file in the target's directory (same filesystem, so the final
`os.replace` is atomic); on any failure the temporary file is removed and the target is untouched.
Only a regular file (or a name not yet taken, or a symbolic link, replaced as a name) is ever renamed
over: renaming over /dev/null or a FIFO would replace the device with a file.

`write_output` is for a file a user names (`--output`): it writes where a shell's `>` would.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator, TextIO

# Names of an open file descriptor: /dev/stdout, /dev/stderr, /dev/stdin, /dev/fd/N, /proc/self/fd/N, /proc/PID/fd/N.
_DESCRIPTOR_NAME = re.compile(r"/dev/std(?P<std>in|out|err)|/dev/fd/(?P<fd>\d+)|/proc/(?P<pid>self|\d+)/fd/(?P<procfd>\d+)")
_STANDARD = {"in": 0, "out": 1, "err": 2}
_MAX_LINKS = 40  # as the kernel's MAXSYMLINKS: a longer chain is a loop


@contextmanager
def atomic_writer(path: str | os.PathLike[str], encoding: str = "utf-8") -> Iterator[TextIO]:
    """Yield a text file that replaces `path` when the block exits normally, and vanishes otherwise."""
    with _replacing(Path(path), "w", encoding=encoding, newline="") as handle:
        yield handle


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace `path` with `data` atomically."""
    with _replacing(Path(path), "wb") as handle:
        handle.write(data)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Replace `path` with `text` atomically."""
    write_pieces_atomic(path, [text])


def write_pieces_atomic(path: str | os.PathLike[str], pieces: Iterable[str]) -> None:
    """Replace `path` atomically with the text of `pieces`, written one by one as they come (a report as it is
    rendered: never whole in memory); when making one fails, `path` is left as it was."""
    with atomic_writer(path) as handle:
        handle.writelines(pieces)


def write_output(path: str | os.PathLike[str], pieces: Iterable[str]) -> None:
    """Write the text of `pieces` (UTF-8), one by one as they come, to the file a user named, where a shell's
    `>` would write it:

    - the name of an open descriptor (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N, or a link to
      one): written to that descriptor, as it is open (appending to a log stays appending);
    - a FIFO or a character device (/dev/null, a terminal): written through (a reader sees the pieces as
      they come, and those before an error);
    - a regular file, or a name not yet taken: replaced atomically, once every piece is written; a symbolic
      link is followed, so the file it names is replaced and the link stays;
    - anything else (a folder, a socket, a block device): an OSError, and nothing is written.
    """
    descriptor = descriptor_named(path)
    if descriptor is not None:
        _write_descriptor(descriptor, pieces)
        return
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:  # a new file, or a link to one
        write_pieces_atomic(os.path.realpath(path), pieces)
        return
    if stat.S_ISREG(mode):
        write_pieces_atomic(os.path.realpath(path), pieces)
    elif stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(pieces)
    elif stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    else:
        raise OSError(errno.EINVAL, "not a regular file, a FIFO or a character device", str(path))


def descriptor_named(path: str | os.PathLike[str]) -> int | None:
    """The descriptor number `path` names, following symbolic links (/dev/stdout -> /proc/self/fd/1 -> 1),
    or None when it names a file. /proc/PID/fd/N names one of this process's descriptors only."""
    current = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        current = os.path.join(os.path.realpath(os.path.dirname(current)), os.path.basename(current))
        found = _DESCRIPTOR_NAME.fullmatch(current)
        if found:
            if found["std"]:
                return _STANDARD[found["std"]]
            if found["fd"]:
                return int(found["fd"])
            return int(found["procfd"]) if found["pid"] in ("self", str(os.getpid())) else None
        if not os.path.islink(current):
            return None
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    return None


def _write_descriptor(descriptor: int, pieces: Iterable[str]) -> None:
    for stream in (sys.stdout, sys.stderr):  # what was printed before comes before the report
        if stream is not None:
            stream.flush()
    with os.fdopen(os.dup(descriptor), "w", encoding="utf-8", newline="") as handle:
        handle.writelines(pieces)


@contextmanager
def _replacing(target: Path, mode: str, **options: str) -> Iterator[IO]:
    _refuse_special(target)
    handle = tempfile.NamedTemporaryFile(
        mode, dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False, **options,
    )
    try:
        with handle:
            os.chmod(handle.name, _mode_for(target))
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _refuse_special(target)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _refuse_special(target: Path) -> None:
    """An OSError when `target` is there and is neither a regular file nor a symbolic link (a name)."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        error = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
        raise OSError(error, os.strerror(error) if stat.S_ISDIR(mode) else "not a regular file", str(target))


def _mode_for(target: Path) -> int:
    """The target's current permissions, or what a plain open() would give a new file (the temporary
    file is created 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
