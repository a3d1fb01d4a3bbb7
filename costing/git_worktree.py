"""A git revision of the project checked out in a temporary worktree that is always removed.

`git worktree add --detach` shares the repository's objects, so checking out a revision is quick and
leaves the user's working tree, index and branches alone. Removal runs on success, on error, on
Ctrl-C (KeyboardInterrupt) and on SIGTERM/SIGHUP (turned into SystemExit while the worktree
exists, so `finally` runs); a second Ctrl-C during the clean-up is ignored, and `git worktree prune`
forgets any worktree whose folder is gone.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from costing.errors import InputError

_EXIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


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
    scratch = Path(tempfile.mkdtemp(prefix="costing-git-"))
    root = scratch / "tree"
    workspace = scratch / "work"
    workspace.mkdir()
    previous = _raise_on_exit_signals()
    try:
        _git(repository, "worktree", "add", "--detach", "--quiet", str(root), commit,
             failure=f"cannot check out {ref!r} in a temporary worktree")
        yield Worktree(root=root, project_dir=root / inside, commit=commit, workspace=workspace)
    finally:
        with _interrupts_ignored():
            _remove(repository, root, scratch)
        _restore(previous)


def _remove(repository: Path, root: Path, scratch: Path) -> None:
    subprocess.run(["git", "-C", str(repository), "worktree", "remove", "--force", str(root)],
                   capture_output=True, check=False)
    shutil.rmtree(scratch, ignore_errors=True)
    subprocess.run(["git", "-C", str(repository), "worktree", "prune"], capture_output=True, check=False)


def _git(folder: Path, *args: str, failure: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise InputError("git is not installed: `git:` sides need the git command") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise InputError(failure + (f" ({detail[-1]})" if detail else ""))
    return done.stdout.strip()


def _raise_on_exit_signals() -> dict:
    """SIGTERM and SIGHUP raise SystemExit(128 + signal) while a worktree exists, so it gets removed."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def leave(signum, _frame):
        raise SystemExit(128 + signum)

    return {signum: signal.signal(signum, leave) for signum in _EXIT_SIGNALS}


def _restore(previous: dict) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
