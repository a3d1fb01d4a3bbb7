"""A git revision of the project checked out in a temporary worktree that is always removed.

`git worktree add --detach` shares the repository's objects, so checking out a revision is quick and
leaves the user's working tree, index and branches alone. The worktree lives in a scratch folder named
`costing-git-<pid>-<random>` (its git administrative entry is named after it too), next to a private
workspace.

Removal runs on success, on error and on SIGINT, SIGTERM and SIGHUP alike (SIGINT raises
KeyboardInterrupt; SIGTERM and SIGHUP raise SystemExit(128 + signal) while a worktree exists, so that
`finally` runs). The three signals are held back while `git worktree add` runs, so that neither this
process nor git (which inherits the mask) is stopped half-way, which left an entry locked
"initializing" that `git worktree prune` never clears; one that came meanwhile is acted on once the
worktree is complete. They are ignored during the clean-up, which removes even a locked worktree.
What SIGKILL leaves behind (it cannot be caught) is cleaned up by the next run: any worktree or scratch
folder of costing's whose process is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from costing.errors import InputError

PREFIX = "costing-git-"
_OURS = re.compile(rf"{re.escape(PREFIX)}(\d+)-")
_EXIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_HELD_SIGNALS = (signal.SIGINT, *_EXIT_SIGNALS)
_OLD_SCRATCH_SECONDS = 24 * 3600  # a scratch folder without a process id (older versions) this old is stale


@dataclass(frozen=True)
class Worktree:
    root: Path  # the checkout
    project_dir: Path  # the project inside it (the project may live in a subfolder of the repository)
    commit: str  # the full commit id checked out
    workspace: Path  # a private scratch folder next to the checkout, removed with it


def resolve_commit(project_dir: Path, ref: str) -> tuple[Path, str]:
    """(repository root, full commit id of `ref`); an InputError when either is not found."""
    repository = Path(_git(project_dir, "rev-parse", "--show-toplevel",
                           failure=f"{project_dir} is not in a git repository"))
    commit = _git(repository, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}",
                  failure=f"unknown git revision {ref!r} in {repository} (a branch, tag or commit; in CI, "
                          "fetch the history with fetch-depth: 0)")
    return repository, commit


@contextmanager
def temporary_worktree(project_dir: Path, ref: str) -> Iterator[Worktree]:
    """The project as of `ref`, checked out in a temporary folder for the duration of the block."""
    repository, commit = resolve_commit(project_dir, ref)
    inside = Path(project_dir).resolve().relative_to(repository.resolve())
    remove_stale(repository)
    previous = _raise_on_exit_signals()
    scratch = None
    try:
        with _held(_HELD_SIGNALS):
            scratch = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
            root = scratch / scratch.name  # git names the worktree's entry after this folder: ours, by its name
            workspace = scratch / "work"
            workspace.mkdir()
            _git(repository, "worktree", "add", "--detach", "--quiet", str(root), commit,
                 failure=f"cannot check out {ref!r} in a temporary worktree")
        yield Worktree(root=root, project_dir=root / inside, commit=commit, workspace=workspace)
    finally:
        with _ignored(_HELD_SIGNALS):
            if scratch is not None:
                _remove(repository, scratch / scratch.name, scratch)
        _restore(previous)


def remove_stale(repository: Path) -> None:
    """Remove the worktrees and scratch folders of costing runs whose process is gone (SIGKILL, a crash,
    a machine that went down); best effort, and never another run's that is still going."""
    for entry in _worktree_entries(repository):
        found = _OURS.match(entry.name)
        if not found or _running(int(found.group(1))):
            continue
        gitdir = _read(entry / "gitdir")
        checkout = Path(gitdir).parent if gitdir else None
        if checkout is None or not _git_ok(repository, "worktree", "remove", "--force", "--force", str(checkout)):
            shutil.rmtree(entry, ignore_errors=True)  # what prune would do, were the entry not locked
        if checkout is not None and _OURS.match(checkout.parent.name):
            shutil.rmtree(checkout.parent, ignore_errors=True)
    for scratch in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        if _stale_scratch(scratch):
            shutil.rmtree(scratch, ignore_errors=True)
    _git_ok(repository, "worktree", "prune")


def _worktree_entries(repository: Path) -> list[Path]:
    """The administrative folders of the repository's linked worktrees (`.git/worktrees/<name>`)."""
    common = _git_ok(repository, "rev-parse", "--git-common-dir")
    if not common:
        return []
    folder = (repository / common.strip()) / "worktrees"
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _stale_scratch(scratch: Path) -> bool:
    """A scratch folder of this user's whose run is gone (by its process id, else by its age)."""
    try:
        info = scratch.lstat()
    except OSError:
        return False
    if not scratch.is_dir() or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return False
    found = _OURS.match(scratch.name)
    if found:
        return not _running(int(found.group(1)))
    return time.time() - info.st_mtime > _OLD_SCRATCH_SECONDS


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # another user's process: running
        return True
    return True


def _remove(repository: Path, root: Path, scratch: Path) -> None:
    _git_ok(repository, "worktree", "remove", "--force", "--force", str(root))  # twice: even if locked
    shutil.rmtree(scratch, ignore_errors=True)
    _git_ok(repository, "worktree", "prune")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _git(folder: Path, *args: str, failure: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise InputError("git is not installed: `git:` sides need the git command") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise InputError(failure + (f" ({detail[-1]})" if detail else ""))
    return done.stdout.strip()


def _git_ok(folder: Path, *args: str) -> str | None:
    """git's output, or None when it failed (or is missing): for the best-effort clean-ups."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _raise_on_exit_signals() -> dict:
    """SIGTERM and SIGHUP raise SystemExit(128 + signal) while a worktree exists, so it gets removed."""
    if not _in_main_thread():
        return {}

    def leave(signum, _frame):
        raise SystemExit(128 + signum)

    return {signum: signal.signal(signum, leave) for signum in _EXIT_SIGNALS}


def _restore(previous: dict) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


@contextmanager
def _held(signals: tuple[int, ...]) -> Iterator[None]:
    """Signals held back (pending) during the block, for this thread and the processes it starts; one
    that came meanwhile is delivered as the block ends."""
    if not _in_main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _ignored(signals: tuple[int, ...]) -> Iterator[None]:
    if not _in_main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in signals}
    try:
        yield
    finally:
        _restore(previous)
