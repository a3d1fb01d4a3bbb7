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

Two locks (files in the price cache's folder) keep refreshes and readers from hurting one another:
- REFRESH_LOCK, exclusive: refreshes take turns from reading the live generation to removing the old
  ones (`publish_next`; the download comes before it), so a refresh builds on what another published
  and never removes a generation another is making live.
- LIVE_LOCK: a reader holds it shared from resolving CURRENT to reading the last file of the generation
  it names (`live`); a refresh holds it exclusive only to swap CURRENT and remove the old generations.
  While a reader holds it, CURRENT cannot move and no generation can be removed, so the generation it
  resolved stays live and whole until it is done: no retry, and no window (shutil.rmtree removes a
  folder's files before the folder, so a reader that merely re-read CURRENT when a file went missing
  could find the folder still there and take the gap for damage). A reader waits at most for one swap
  and clean-up (a rename and a few deletions), never for a download or a build; a swap waits for the
  loads in progress.
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

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt

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
REFRESH_LOCK = ".refresh.lock"
LIVE_LOCK = ".live.lock"
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


@contextmanager
def live(directory: Path | None = None) -> Iterator[Path | None]:
    """The live generation of the price cache `directory` (default: price_cache()), None when nothing was ever
    refreshed there; it stays live and whole until the block ends (LIVE_LOCK shared: read its files in it)."""
    root = directory or price_cache()
    if not root.is_dir():  # nothing refreshed there (or the folder is a file)
        yield None
        return
    try:
        _check_trusted(root, [root.stat()])  # before creating the lock file in it
        descriptor = _lock(root / LIVE_LOCK, exclusive=False)
    except OSError as error:
        raise InputError(f"cannot read the price cache {root}: {error}") from None
    try:
        yield _resolve(root)
    finally:
        os.close(descriptor)  # releases the lock


def live_generation(directory: Path | None = None) -> Path | None:
    """The live generation, as of now: a refresh may replace and remove it as soon as this returns, so read
    its files within `live`; publish_next reads the one it builds on under REFRESH_LOCK, without which
    no refresh can replace it."""
    with live(directory) as generation:
        return generation


def _resolve(root: Path) -> Path | None:
    """The generation CURRENT names in the (trusted) folder `root`: a trusted directory, or an InputError."""
    try:
        with open(root / POINTER, encoding="utf-8") as pointer:
            name = pointer.read().strip()
            infos = [os.fstat(pointer.fileno())]
    except FileNotFoundError:  # nothing refreshed there
        return None
    except OSError as error:
        raise InputError(f"cannot read the price cache {root}: {error}") from None
    generation = root / name
    if name.startswith(GENERATION_PREFIX) and "/" not in name and "\\" not in name and generation.is_dir():
        _check_trusted(root, [*infos, generation.stat()])
        return generation
    raise InputError(f"the price cache {root} is damaged ({POINTER} names {name!r}, not a generation "
                     f"directory): delete {root} and run `costing prices refresh` again")


def _check_trusted(root: Path, infos: list[os.stat_result]) -> None:
    if not all(map(trusted, infos)):
        raise InputError(f"the price cache {root} belongs to another user or others may write to it, so its "
                         f"prices cannot be trusted: delete it, or set {CACHE_ENV} to a folder of your own")


@contextmanager
def _locked(path: Path, exclusive: bool) -> Iterator[None]:
    descriptor = _lock(path, exclusive)
    try:
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _lock(path: Path, exclusive: bool) -> int:
    """A descriptor holding a lock on the file `path` (created private if need be), waited for: shared or
    exclusive (on Windows, whose msvcrt locks are exclusive only, always exclusive)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            return descriptor
        while True:
            try:
                msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
                return descriptor
            except OSError:  # LK_LOCK gives up after 10 s: keep waiting
                continue
    except BaseException:
        os.close(descriptor)
        raise


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
    """publish the files and manifest `build` makes from the live generation (None when there is none), all
    under REFRESH_LOCK (what another refresh publishes meanwhile is built on, never lost or deleted), the
    swap and clean-up under LIVE_LOCK too (once no one reads the generations they replace and remove)."""
    try:
        private_folder(root)
        _check_trusted(root, [root.stat()])
        with _locked(root / REFRESH_LOCK, exclusive=True):
            files, manifest = build(live_generation(root))
            generation = _write_generation(root, files, manifest)
            with _locked(root / LIVE_LOCK, exclusive=True):
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
