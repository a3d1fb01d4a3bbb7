"""The user's price cache: refreshed price tables, replaced atomically as a whole.

Where: `prices/` in costing's cache directory, $COSTING_CACHE_DIR or else the platform's user cache
directory (platformdirs) for "costing" (which other caches, such as the stack inventories', share).
Layout: `prices/CURRENT` names the live generation, a directory `prices/prices-<time>-<random>/`
holding the files of one refresh (prices.csv.gz and reserved.csv.gz in the snapshot format of
costing/catalog.py, and manifest.json). A refresh writes a new generation completely in a
temporary directory, renames it into place, then swaps it in by replacing CURRENT with os.replace,
which is atomic: a reader sees the old generation or the new one, never a mix, and an interrupted
or failed refresh leaves the previous one live. Superseded generations are removed afterwards.

Every folder of the cache is created readable by its user only (0700), and prices are read only from
a price cache that belongs to the user running costing and that no one else may write to (`trusted`):
in a shared COSTING_CACHE_DIR, another user could otherwise plant prices.

Refreshes running at the same time take turns: `locked` (an exclusive lock on the price cache's
folder) covers reading the live generation, writing the next and removing the older ones, so a
refresh never deletes a generation another is about to make live, nor builds on one being replaced.
A reader takes no lock: a generation removed under it is read again from the new CURRENT
(live_generation, costing.catalog.load_catalog).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Mapping

import platformdirs

from costing.atomic import write_text_atomic
from costing.errors import InputError

CACHE_ENV = "COSTING_CACHE_DIR"
PRICES_DIR = "prices"
POINTER = "CURRENT"
GENERATION_PREFIX = "prices-"
INCOMING_PREFIX = ".incoming-"
PRICES_FILE = "prices.csv.gz"
RESERVED_FILE = "reserved.csv.gz"
MANIFEST_FILE = "manifest.json"
ABANDONED_AFTER_SECONDS = 24 * 3600  # an incoming directory this old belongs to no running refresh


def cache_root() -> Path:
    """$COSTING_CACHE_DIR, else the user's cache directory for costing."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    return Path(configured).expanduser() if configured else Path(platformdirs.user_cache_dir("costing"))


def price_cache(root: Path | None = None) -> Path:
    """The price cache's directory in costing's cache directory `root` (default: cache_root())."""
    return (root or cache_root()) / PRICES_DIR


def private_folder(folder: Path) -> None:
    """Create `folder` and its missing parents readable by this user only (0700); an existing one is left as
    it is (`trusted` decides whether it may be used)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)


def trusted(info: os.stat_result) -> bool:
    """Whether a cache file or folder may be used: owned by this user, and writable by no one else (on
    systems with owners and modes: POSIX)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def live_generation(directory: Path | None = None) -> Path | None:
    """The live generation of the price cache `directory` (default: price_cache()), or None when nothing
    was ever refreshed there. CURRENT is read again when the generation it named is gone by the time it
    is looked at (a refresh swapped in another and removed it)."""
    root = directory or price_cache()
    for _ in range(3):
        try:
            with open(root / POINTER, encoding="utf-8") as pointer:
                name = pointer.read().strip()
                infos = [os.fstat(pointer.fileno()), root.stat()]
        except (FileNotFoundError, NotADirectoryError):  # nothing refreshed there (or the folder is a file)
            return None
        except OSError as error:
            raise InputError(f"cannot read the price cache {root}: {error}") from None
        generation = root / name
        if not name.startswith(GENERATION_PREFIX) or "/" in name or "\\" in name:
            break
        if generation.is_dir():
            _check_trusted(root, [*infos, generation.stat()])
            return generation
    raise InputError(f"the price cache {root} is damaged ({POINTER} names {name!r}, not a generation "
                     f"directory): delete {root} and run `costing prices refresh` again")


def _check_trusted(root: Path, infos: list[os.stat_result]) -> None:
    if not all(map(trusted, infos)):
        raise InputError(f"the price cache {root} belongs to another user or others may write to it, so its "
                         f"prices cannot be trusted: delete it, or set {CACHE_ENV} to a folder of your own")


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the price cache `root` (created if need be, private) for one refresh's read, write and clean-up:
    an exclusive lock on its folder (on a `.lock` file in it where folders cannot be locked), waited for."""
    private_folder(root)
    _check_trusted(root, [root.stat()])
    descriptor = _lock(root)
    try:
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _lock(root: Path) -> int:
    """A descriptor holding an exclusive lock on `root`."""
    try:
        import fcntl
    except ImportError:  # Windows: lock the first byte of a file in the folder
        import msvcrt

        descriptor = os.open(root / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        while True:
            try:
                msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
                return descriptor
            except OSError:  # LK_LOCK gives up after 10 s: keep waiting
                continue
    descriptor = os.open(root, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return descriptor


def read_manifest(generation: Path) -> dict:
    try:
        return json.loads((generation / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the price cache manifest {generation / MANIFEST_FILE}: {error}: "
                         f"run `costing prices refresh` again") from None


def publish(root: Path, files: Mapping[str, bytes], manifest: dict) -> Path:
    """Write a new generation of the price cache `root` with `files` and `manifest`, make it the live one,
    drop the old ones. An InputError naming the folder when it cannot be written (the old one stays live)."""
    return publish_next(root, lambda previous: (files, manifest))


def publish_next(root: Path, build: Callable[[Path | None], tuple[Mapping[str, bytes], dict]]) -> Path:
    """publish the files and manifest `build` makes from the live generation (None when there is none),
    all under `locked(root)`: what another refresh publishes meanwhile is built on, never lost or deleted."""
    try:
        with locked(root):
            files, manifest = build(live_generation(root))
            generation = _write_generation(root, files, manifest)
            write_text_atomic(root / POINTER, generation.name + "\n")
            _remove_superseded(root, generation.name)
    except OSError as error:
        raise InputError(f"cannot write the price cache {root}: {error.strerror or error}; the previous prices "
                         f"are kept (set {CACHE_ENV} to a writable folder)") from None
    return generation


def _write_generation(root: Path, files: Mapping[str, bytes], manifest: dict) -> Path:
    """A complete new generation directory, or none at all."""
    incoming = Path(tempfile.mkdtemp(prefix=INCOMING_PREFIX, dir=root))
    try:
        for name, data in {**files, MANIFEST_FILE: json.dumps(manifest, indent=2).encode()}.items():
            _write_synced(incoming / name, data)
        generation = root / f"{GENERATION_PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
        os.rename(incoming, generation)
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    return generation


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _remove_superseded(root: Path, live: str) -> None:
    """Old generations, and incoming directories of refreshes that died long ago. Best effort: what is
    left behind takes space but is never read."""
    now = time.time()
    try:
        for entry in root.iterdir():
            superseded = entry.name.startswith(GENERATION_PREFIX) and entry.name != live
            abandoned = (entry.name.startswith(INCOMING_PREFIX)
                         and now - entry.stat().st_mtime > ABANDONED_AFTER_SECONDS)
            if entry.is_dir() and (superseded or abandoned):
                shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        pass
