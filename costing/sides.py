"""What `costing diff` compares: two sides, each a stack of this project, a git revision of it, or a file.

A side spec is
- `git:REF[:STACK]`: the program and stack file as of REF (a branch, tag or commit), run offline in a
  temporary worktree that is always removed; STACK defaults to the other side's stack, else "dev";
- a path to a `pulumi preview --json` or `pulumi stack export` file (which one, its content says);
- otherwise a stack name of the project (its Pulumi.<name>.yaml).
`diff_preview(path)` takes both sides from one preview: each step's oldState (before) and newState (after).

Every program runs through the runner protocol (costing.inventory.stack), each in a fresh interpreter (a
revision imports its own modules, never the working tree's): the stack sides' runners start first and
run while a git side's worktree is checked out and its program runs. A revision's program runs in the
project's interpreter (a worktree has no virtualenv of its own) and is cached as a revision of the
project's folder. A stack or git side carries its stack's monthly budget; file sides have none.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from costing.budget import budget_from_config
from costing.errors import InputError
from costing.git_worktree import Worktree, temporary_worktree
from costing.inventory import Inventory, load_preview, load_state
from costing.inventory.frame import build_inventory
from costing.inventory.stack import PendingStack, start_stack
from costing.inventory.state import read_json, resource_from_state
from costing.project import NODEJS, Project, find_project, load_project
from costing.project_node import share_node_modules

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


def load_sides(base: str, head: str, *, project_dir: Project | Path | None = None, use_cache: bool = True,
               overrides: Iterable[str] = (), config_file: str | None = None) -> tuple[Side, Side]:
    """Both sides' inventories and budgets; the files and stacks first, so a git side can take their stack.
    `project_dir`: the project of the stack and git sides (default: found from the current folder);
    `overrides` (-c KEY=VALUE) and `config_file` apply to every stack and git side."""
    specs = (parse_side(base), parse_side(head))
    needs_project = any(spec.kind != FILE for spec in specs)
    project = _project(project_dir) if needs_project else None
    options = {"use_cache": use_cache, "overrides": tuple(overrides), "config_file": config_file}
    started = {index: start_stack(spec.stack, project, **options)
               for index, spec in enumerate(specs) if spec.kind == STACK}
    sides: dict[int, Side] = {index: Side(_load_file(spec.path), None)
                              for index, spec in enumerate(specs) if spec.kind == FILE}
    for index, spec in enumerate(specs):
        if spec.kind == GIT:
            other = 1 - index
            stack = (spec.stack or specs[other].stack or (sides[other].stack if other in sides else None)
                     or DEFAULT_STACK)
            sides[index] = load_git_side(spec.ref, stack, project_dir=project, **options)
    for index, pending in started.items():
        sides[index] = _stack_side(pending)
    return sides[0], sides[1]


def load_git_side(ref: str, stack: str, *, project_dir: Project | Path | None = None, use_cache: bool = True,
                  overrides: Iterable[str] = (), config_file: str | None = None) -> Side:
    """`stack` as of git revision `ref`, run from a temporary worktree that is removed after."""
    project = _project(project_dir)
    with temporary_worktree(project.root, ref) as tree:
        inventory, budget = _run_revision(tree, ref, stack, project, use_cache=use_cache, overrides=overrides,
                                          config_file=config_file)
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


def _project(project: Project | Path | None) -> Project:
    if isinstance(project, Project):
        return project
    return find_project() if project is None else load_project(project)


def _stack_side(pending: PendingStack) -> Side:
    return Side(pending.inventory(), budget_from_config(pending.config))


def _load_file(path: str) -> Inventory:
    """A preview or a stack export, told apart by content (`steps` or `deployment`)."""
    label, document = read_json(path)
    if isinstance(document, dict) and "steps" in document:
        return load_preview(path)
    if isinstance(document, dict) and "deployment" in document:
        return load_state(path)
    raise InputError(f"{label}: neither a `pulumi preview --json` document (no `steps`) nor a "
                     "`pulumi stack export` document (no `deployment`)")


def _run_revision(tree: Worktree, ref: str, stack: str, project: Project, **options) -> tuple[Inventory, float | None]:
    """The revision's inventory and budget: its own program and stack files, the project's interpreter,
    cached as a revision of the project's folder; a failure says which revision (and names its files
    `REF:path`, not by the temporary folder)."""
    try:
        revision = load_project(tree.project_dir)
        if revision.runtime == NODEJS:
            share_node_modules(project, revision)  # never committed: the revision runs with the project's
        pending = start_stack(stack, revision, identity=project.root, interpreter=project.interpreter(),
                              environment={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, **options)
        try:
            side = _stack_side(pending)
        finally:  # a runner interrupted (SIGTERM, Ctrl-C) ends before its worktree is removed, not after
            pending.stop()
    except InputError as error:
        detail = str(error).replace(f"{tree.project_dir}{os.sep}", "").replace(f"{tree.root}{os.sep}", f"{ref}:")
        raise InputError(f"git:{ref}:{stack}: {detail.replace(str(tree.root), ref)}") from None
    return side.inventory, side.budget
