"""A local git repository holding a copy of this project's program, for the `git:` sides of a diff.

Three tagged commits:
- `base`: the program as it is (dev: db.t4g.micro, natStrategy single, no budget);
- `head`: dev's database class db.t4g.micro -> db.t4g.medium, natStrategy single -> per-az, and a
  monthly budget of $150 (webstack:monthlyBudgetUsd);
- `code` (on a branch of its own): components/settings.py forces the web servers to t3.small, a
  change of code, not config, which only a fresh interpreter per revision sees;
- `broken` (on another branch): dev asks for 9 availability zones, which the Network component refuses.
The working tree stays at `head`, whose components are this project's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from costing.inventory import PROJECT_ROOT

PROGRAM_FILES = ("Pulumi.yaml", "__main__.py", "components", "stacks")
BUDGET = 150


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def copy_program(folder: Path, names: tuple[str, ...] = PROGRAM_FILES) -> Path:
    """This project's files `names` (folders without their bytecode) copied into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)
    return folder


def build_repository(folder: Path) -> Path:
    copy_program(folder)
    git(folder, "init", "--quiet")
    git(folder, "config", "user.email", "tests@example.com")
    git(folder, "config", "user.name", "tests")
    commit(folder, "base")
    dev = folder / "stacks" / "Pulumi.dev.yaml"
    text = dev.read_text()
    for old, new in (("webstack:dbInstanceClass: db.t4g.micro", "webstack:dbInstanceClass: db.t4g.medium"),
                     ("webstack:natStrategy: single", "webstack:natStrategy: per-az")):
        assert old in text
        text = text.replace(old, new)
    dev.write_text(text + f"  webstack:monthlyBudgetUsd: {BUDGET}\n")
    commit(folder, "head")
    on_branch(folder, "code", components_settings=('        args["user_data"] = self._user_data()\n',
                                                   '        args["user_data"] = self._user_data()\n'
                                                   '        args["instance_type"] = "t3.small"\n'))
    on_branch(folder, "broken", dev_stack=("webstack:azCount: 2", "webstack:azCount: 9"))
    return folder


def on_branch(folder: Path, tag: str, **edits: tuple[str, str]) -> None:
    """Commit `edits` (file key -> (old, new)) on a branch named `tag`, tag it, and come back."""
    paths = {"components_settings": folder / "components" / "settings.py",
             "dev_stack": folder / "stacks" / "Pulumi.dev.yaml"}
    git(folder, "switch", "--quiet", "--create", f"{tag}-branch")
    for key, (old, new) in edits.items():
        text = paths[key].read_text()
        assert old in text
        paths[key].write_text(text.replace(old, new))
    commit(folder, tag)
    git(folder, "switch", "--quiet", "-")


def commit(folder: Path, tag: str) -> None:
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "--message", tag)
    git(folder, "tag", tag)


def worktrees(folder: Path) -> list[str]:
    """The repository's worktrees (the main checkout first)."""
    return [line.split(" ", 1)[1] for line in git(folder, "worktree", "list", "--porcelain").splitlines()
            if line.startswith("worktree ")]


def shared_repository(tmp_path_factory) -> Path:
    """One repository for the test session, built by the first test module that asks for it."""
    folder = tmp_path_factory.getbasetemp() / "git-project"
    return folder if (folder / ".git").is_dir() else build_repository(folder)


def shared_inventory_cache(tmp_path_factory) -> Path:
    """One inventory cache for the session: a revision one module ran is read back by the next."""
    folder = tmp_path_factory.getbasetemp() / "inventory-cache"
    folder.mkdir(exist_ok=True)
    return folder


def assert_cleaned(repository: Path, scratch: Path) -> None:
    """No worktree but the main checkout, nothing in the scratch folder (the temporary directory)."""
    assert worktrees(repository) == [str(repository)]
    assert list(scratch.iterdir()) == []


def check_a_signal_stops_a_revisions_runner(costing: list[str], repository: Path, tmp_path: Path, signum: int):
    """`costing diff git:HEAD:dev git:HEAD:dev` (the command `costing`) on `repository`, a project whose
    program writes $COSTING_TEST_READY (its process id, the runner's) and then runs until stopped, committed
    as it is, signalled once the first revision's program runs: exit 128 + signal with no output, the runner
    ended and reaped (not left running, nor a zombie, in a removed folder), no worktree or scratch left."""
    git(repository, "init", "--quiet")
    git(repository, "add", "--all")
    git(repository, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "--quiet", "-m", "slow")
    folder, ready = tmp_path / "tmp", tmp_path / "ready"
    folder.mkdir()
    environment = {**os.environ, "TMPDIR": str(folder), "COSTING_TEST_READY": str(ready)}
    process = subprocess.Popen([*costing, "diff", "git:HEAD:dev", "git:HEAD:dev"], cwd=repository, env=environment,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert ready.exists(), process.communicate()
    runner = int(ready.read_text())
    assert len(worktrees(repository)) == 2
    process.send_signal(signum)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out, err) == (128 + signum, "", "")
    with pytest.raises(ProcessLookupError):
        os.kill(runner, 0)
    assert_cleaned(repository, folder)
