"""What `costing diff` compares: two sides, each a stack of this project, a git revision of it, or a file.

A side spec is
- `git:REF[:STACK]`: the program and stack file as of REF (a branch, tag or commit), run offline in a
  temporary worktree that is always removed; STACK defaults to the other side's stack, else "dev";
- a path to a `pulumi preview --json` or `pulumi stack export` file (which one, its content says);
- otherwise a stack name (stacks/Pulumi.<name>.yaml).
`diff_preview(path)` takes both sides from one preview: each step's oldState (before) and newState (after).

Each git side runs in a child process (costing._side_worker): a program imports its `components`
package, and a process that already ran another revision would reuse the modules it imported.
A stack or git side carries its stack's monthly budget; file sides have none.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import costing
from costing.budget import budget_from_config
from costing.errors import InputError
from costing.git_worktree import Worktree, temporary_worktree
from costing.inventory import PROJECT_ROOT, Inventory, load_preview, load_state
from costing.inventory.frame import build_inventory
from costing.inventory.stack import start_stack
from costing.inventory.state import read_json, resource_from_state

GIT_PREFIX = "git:"
DEFAULT_STACK = "dev"
STACK, GIT, FILE = "stack", "git", "file"
# Ops whose oldState is not a resource the stack manages before the update.
_NOT_BEFORE_OPS = frozenset({"read", "read-replacement", "discard", "discard-replaced"})


@dataclass(frozen=True)
class SideSpec:
    text: str
    kind: str  # STACK | GIT | FILE
    stack: str | None = None  # a git side's STACK, None when left to the other side
    ref: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class Side:
    inventory: Inventory  # source: {"kind": "stack"|"git"|"preview"|"state", "stack", "project", "path", ...}
    budget: float | None  # the stack's monthly budget in USD (webstack:monthlyBudgetUsd), None when none

    @property
    def stack(self) -> str | None:
        return self.inventory.source.get("stack")


def parse_side(text: str) -> SideSpec:
    """Decide what a side names; an InputError for an empty side, a bare `git:` or stdin."""
    if not text.strip():
        raise InputError("a diff side is empty: give a stack name, git:REF[:STACK], or a preview or state file")
    if text.startswith(GIT_PREFIX):
        ref, _, stack = text[len(GIT_PREFIX):].partition(":")
        if not ref:
            raise InputError(f"{text!r}: name a git revision, as in git:main or git:main:prod (git:REF[:STACK])")
        return SideSpec(text, GIT, stack=stack or None, ref=ref)
    if text == "-":
        raise InputError("a diff side cannot be stdin (-): save the document to a file first, e.g. "
                         "`pulumi preview --json > plan.json`")
    if Path(text).is_file() or "/" in text or os.sep in text or text.endswith(".json"):
        return SideSpec(text, FILE, path=text)
    return SideSpec(text, STACK, stack=text)


def load_sides(base: str, head: str, *, project_dir: Path = PROJECT_ROOT,
               use_cache: bool = True) -> tuple[Side, Side]:
    """Both sides' inventories and budgets; the files and stacks first, so a git side can take their stack."""
    specs = (parse_side(base), parse_side(head))
    sides: dict[int, Side] = {index: _load_direct(spec, project_dir, use_cache)
                              for index, spec in enumerate(specs) if spec.kind != GIT}
    for index, spec in enumerate(specs):
        if spec.kind == GIT:
            other = 1 - index
            stack = spec.stack or specs[other].stack or (sides[other].stack if other in sides else None) \
                or DEFAULT_STACK
            sides[index] = load_git_side(spec.ref, stack, project_dir=project_dir, use_cache=use_cache)
    return sides[0], sides[1]


def load_git_side(ref: str, stack: str, *, project_dir: Path = PROJECT_ROOT, use_cache: bool = True) -> Side:
    """`stack` as of git revision `ref`, run in a temporary worktree by a child process."""
    with temporary_worktree(project_dir, ref) as tree:
        inventory, budget = _run_worker(tree, ref, stack, use_cache)
    source = {**inventory.source, "kind": GIT, "ref": ref, "commit": tree.commit}
    return Side(replace(inventory, source=source), budget)


def diff_preview(path: str | Path) -> tuple[Side, Side]:
    """(before, after) from one `pulumi preview --json`: every step's oldState, then its newState."""
    after = load_preview(path)  # checks the document and every step
    label, document = read_json(path)
    resources = [resource_from_state(step["oldState"], f"{label}: steps[{index}]", prefix="oldState ")
                 for index, step in enumerate(document["steps"])
                 if step.get("oldState") is not None and step["op"] not in _NOT_BEFORE_OPS]
    before = build_inventory(resources, source={**after.source, "side": "before"},
                             default_region=after.default_region, where=label)
    after = replace(after, source={**after.source, "side": "after"})
    return Side(before, None), Side(after, None)


def _load_direct(spec: SideSpec, project_dir: Path, use_cache: bool) -> Side:
    if spec.kind == STACK:
        pending = start_stack(spec.stack, project_dir, use_cache=use_cache, in_worker=False)
        return Side(pending.inventory(), budget_from_config(pending.config))
    return Side(_load_file(spec.path), None)


def _load_file(path: str) -> Inventory:
    """A preview or a stack export, told apart by content (`steps` or `deployment`)."""
    label, document = read_json(path)
    if isinstance(document, dict) and "steps" in document:
        return load_preview(path)
    if isinstance(document, dict) and "deployment" in document:
        return load_state(path)
    raise InputError(f"{label}: neither a `pulumi preview --json` document (no `steps`) nor a "
                     "`pulumi stack export` document (no `deployment`)")


def _run_worker(tree: Worktree, ref: str, stack: str, use_cache: bool) -> tuple[Inventory, float | None]:
    output = tree.workspace / "side.pkl"
    command = [sys.executable, "-m", "costing._side_worker", str(tree.project_dir), stack, str(output)]
    if not use_cache:
        command.append("--no-cache")
    done = subprocess.run(command, cwd=tree.workspace, env=_worker_environment(), capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no message"]
        detail = lines[-1].replace(f"{tree.root}{os.sep}", f"{ref}:").replace(str(tree.root), ref)
        what = "" if done.returncode == 2 else f"the program failed at {tree.commit[:12]}: "
        raise InputError(f"git:{ref}:{stack}: {what}{detail}")
    with output.open("rb") as handle:
        return pickle.load(handle)


def _worker_environment() -> dict[str, str]:
    """This process's environment, with this `costing` first on the path (the revision's program runs
    with today's pricing code) and no bytecode written into the worktree."""
    home = str(Path(costing.__file__).resolve().parents[1])
    paths = [home, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PYTHONDONTWRITEBYTECODE": "1"}
