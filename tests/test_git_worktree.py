"""costing's temporary git worktrees leave nothing behind: not when a signal comes while `git worktree add`
runs, and not after a run killed outright (the next run removes what it left)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from costing.git_worktree import temporary_worktree
from tests.git_project import git, worktrees

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not hasattr(signal, "SIGHUP"),
                                reason="needs git and POSIX signals")


@pytest.fixture
def repository(tmp_path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text("name: tiny\n")
    git(folder, "init", "--quiet")
    git(folder, "add", "Pulumi.yaml")
    git(folder, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "--quiet", "-m", "one")
    return folder


def dead_pid() -> int:
    """The process id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def leftover(repository: Path, scratch: Path, pid: int, tag: str, *, lock: bool = True) -> Path:
    """A worktree as a costing run with process id `pid` makes it, locked "initializing" as `git worktree
    add` leaves it when it is killed."""
    folder = scratch / f"costing-git-{pid}-{tag}"
    folder.mkdir()
    checkout = folder / folder.name
    git(repository, "worktree", "add", "--detach", "--quiet", str(checkout), "HEAD")
    if lock:
        git(repository, "worktree", "lock", "--reason", "initializing", str(checkout))
    return checkout


def test_the_next_run_removes_what_killed_runs_left_and_nothing_else(repository, scratch, tmp_path):
    gone = dead_pid()
    locked = leftover(repository, scratch, gone, "locked")
    shutil.rmtree(locked.parent)  # SIGKILL after the checkout's folder was removed: only git's entry is left
    complete = leftover(repository, scratch, gone, "complete", lock=False)  # SIGKILL mid-run
    (scratch / f"costing-git-{gone}-empty").mkdir()  # SIGKILL before `git worktree add`
    half = Path(git(repository, "rev-parse", "--absolute-git-dir")) / "worktrees" / f"costing-git-{gone}-half"
    half.mkdir(parents=True)  # killed after git wrote its lock, before the rest of the entry
    (half / "locked").write_text("initializing")
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = leftover(repository, scratch, running.pid, "running")  # another costing run, still going
        mine = tmp_path / "my-worktree"
        git(repository, "worktree", "add", "--detach", "--quiet", str(mine), "HEAD")  # not costing's
        with temporary_worktree(repository, "HEAD") as tree:
            assert (tree.root / "Pulumi.yaml").read_text() == "name: tiny\n"
            assert sorted(worktrees(repository)) == sorted(map(str, [repository, theirs, mine, tree.root]))
        assert sorted(worktrees(repository)) == sorted(map(str, [repository, theirs, mine]))
        assert [path.name for path in scratch.iterdir()] == [theirs.parent.name]
        assert not half.exists() and complete.parent not in scratch.iterdir()
    finally:
        running.kill()
        running.wait()


WRAPPER = """#!/bin/sh
# git, except that `git worktree add` is stopped half-way (its entry locked "initializing", as when git
# is killed mid-add) and the costing process that runs it gets {signal} meanwhile.
if [ "$3" = worktree ] && [ "$4" = add ]; then
    {git} "$@" || exit $?
    {git} -C "$2" worktree lock --reason initializing "$7"
    kill -{signal} $PPID
    sleep 1
    {git} -C "$2" worktree unlock "$7"
    exit 0
fi
exec {git} "$@"
"""


@pytest.mark.parametrize("signum, exit_code", [(signal.SIGTERM, 128 + signal.SIGTERM),
                                               (signal.SIGHUP, 128 + signal.SIGHUP),
                                               (signal.SIGINT, -signal.SIGINT)])
def test_a_signal_while_the_worktree_is_added_leaves_nothing(repository, scratch, tmp_path, signum, exit_code):
    tools = tmp_path / "bin"
    tools.mkdir()
    wrapper = tools / "git"
    wrapper.write_text(WRAPPER.format(git=shutil.which("git"), signal=signal.Signals(signum).name[3:]))
    wrapper.chmod(0o755)
    script = textwrap.dedent(f"""
        import tempfile, time
        from pathlib import Path
        from costing.git_worktree import temporary_worktree
        tempfile.tempdir = {str(scratch)!r}
        with temporary_worktree(Path({str(repository)!r}), "HEAD"):
            print("the block ran")
            time.sleep(30)
    """)
    environment = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == exit_code, done.stderr
    assert "the block ran" not in done.stdout  # the signal is acted on before the block, the worktree complete
    assert worktrees(repository) == [str(repository)]
    assert list(scratch.iterdir()) == []
