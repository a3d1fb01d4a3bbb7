"""`--stack NAME`: a Pulumi project's program run offline for that stack, with the inventory cached.

The program runs in the project's own interpreter through the runner protocol (costing.inventory.runners);
its response is kept in costing's cache directory (`inventory/`, a costing.memo: data, read only when it is
the user's own), keyed by a hash of everything the inventory depends on: the project's path (or, for a git
revision, the path of the project it is a revision of), the request (stack, config in engine form, region,
program, runtime options), the program's files (its sources under the project folder: Python's, or
TypeScript's and JavaScript's with package.json and tsconfig; Pulumi.yaml, the stack file or --config-file,
requirements and lock files, the files its config values name), the interpreter (Python: its path, its
version and the versions of its pulumi packages; node: its path, options and the @pulumi packages,
typescript and ts-node of the program's node_modules) and the runner's own code and answers. A cached
inventory is never stale; several are kept per stack (the 8 used last), so two checkouts, or a diff's two
sides, of one stack do not evict each other.

`start_stack` starts the program's runner at once on a cache miss (it runs on the second core while the
caller imports pandas); `.inventory()` collects it. Importing this module imports neither pandas nor pulumi.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from costing.cache import cache_root
from costing.errors import InputError
from costing.inventory.runners import ANSWERS, PROTOCOL, RUNNER_FILES
from costing.inventory.stack_config import StackConfig, stack_config
from costing.memo import all_but_recent, read_memo, touch, write_memo
from costing.project import NODEJS, Interpreter, Project, find_project, load_project, stack_name
from costing.project_node import LOCK_FILES
from costing.project_node import SOURCE_SUFFIXES as NODE_SOURCE_SUFFIXES
from costing.project_node import installed_packages

if TYPE_CHECKING:
    from costing.inventory.frame import Inventory, Resource
    from costing.inventory.runners.client import RunnerJob

DEFAULT_REGION = "us-east-1"
KEPT_PER_STACK = 8
# Folders under a project that are not its program: tools' and tests' (a test's own Pulumi programs
# are projects of their own, skipped as any folder with a project file is).
EXCLUDED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages", "tests", "test"})
SOURCE_SUFFIXES = (".py",)
DEPENDENCY_FILES = ("requirements.txt", "requirements-dev.txt", "pyproject.toml", "setup.py", "setup.cfg",
                    "Pipfile.lock", "poetry.lock", "uv.lock", *LOCK_FILES)


def load_stack(stack: str, project_dir: Path | None = None, *, use_cache: bool = True,
               overrides: Iterable[str] = (), config_file: str | None = None) -> Inventory:
    """The stack's inventory: from the cache when nothing it depends on changed, else a fresh run."""
    return start_stack(stack, project_dir, use_cache=use_cache, overrides=overrides,
                       config_file=config_file).inventory()


def start_stack(stack: str, project_dir: Project | Path | None = None, *, use_cache: bool = True,
                overrides: Iterable[str] = (), config_file: str | None = None, identity: Path | None = None,
                interpreter: Interpreter | None = None, environment: dict[str, str] | None = None) -> PendingStack:
    """load_stack's first half: the project (`project_dir`, or found from the current folder) and the stack's
    config, then its cached inventory or its program's runner, started. Bad input (a malformed stack
    file, a bad -c, no program, a key unset in a stack with no stack file) fails here, before any run; a key
    unset or mistyped in the stack file fails in `.inventory()`, once the program had its say (stack_config.py).

    `identity` is the project folder the cache knows this one by (a git revision's worktree is known by
    its project's folder); `interpreter` runs the program instead of the project's own (a git revision
    has no virtualenv of its own); `environment` is the runner's."""
    project = project_dir if isinstance(project_dir, Project) else (
        find_project() if project_dir is None else load_project(project_dir))
    project.check_runtime()
    config = stack_config(project, stack, overrides=overrides, config_file=config_file, check=False)
    if config.problem is not None and not config.has_stack_file:  # the stack name may be a typo: say so first,
        raise InputError(config.problem)  # not the program's refusal naming a file that is not there
    interpreter = interpreter or project.interpreter()
    request = runner_request(project, config)
    cache_file = None
    if use_cache and config.problem is None:  # a config the CLI refuses is never cached: it never prices
        cache_file = cache_path(config, cache_key(project, config, request, interpreter, identity or project.root))
        cached = read_memo(cache_file)
        if _is_response(cached):
            touch(cache_file)
            return PendingStack(config, request, cache_file, cached=cached)
    from costing.inventory.runners.client import RunnerJob

    return PendingStack(config, request, cache_file, job=RunnerJob(request, interpreter, environment=environment))


@dataclass(frozen=True, eq=False)
class PendingStack:
    """A stack's inventory on its way: the cached response, or the runner's job (cached once it answers)."""

    config: StackConfig
    request: dict[str, Any]
    cache_file: Path | None  # None: the cache is not used
    cached: dict[str, Any] | None = None
    job: RunnerJob | None = field(default=None, repr=False)

    def inventory(self) -> Inventory:
        """load_stack's second half: waits for the program when it runs."""
        from costing.inventory.frame import build_inventory

        response = self.cached
        if response is None:
            response = self._run()
            if self.cache_file is not None:
                write_memo(self.cache_file, response, stale=_older_of_the_stack(self.cache_file))
        rows = in_tree_order(response["resources"])
        by_urn = {row["urn"]: row for row in rows}
        source = {"kind": "stack", "stack": self.config.stack, "project": self.config.project, "path": None,
                  "unexpanded_components": [{key: by_urn[urn][key] for key in ("urn", "type", "name")}
                                            for urn in response["unexpanded_components"] if urn in by_urn],
                  "unanswered_invokes": list(response["unanswered_invokes"])}
        return build_inventory([resource_from_recorded(row) for row in rows], source=source,
                               default_region=self.request["region"], where=str(self.config.stack_file))

    def _run(self) -> dict[str, Any]:
        """The runner's response. A config the CLI would refuse (StackConfig.problem) fails with the
        program's own refusal when it refuses (a pulumi.RunError naming its setting), else with the problem."""
        from costing.inventory.runners.client import ProgramFailure

        problem = self.config.problem
        try:
            response = self.job.result(show_output=problem is None)
        except ProgramFailure as failure:
            if problem is None or failure.kind == "run_error":
                raise
            raise InputError(problem) from None
        if problem is not None:
            raise InputError(problem)
        return response

    def stop(self) -> None:
        """The runner ended, if it still runs (see RunnerJob.stop); nothing to do for a cached inventory."""
        if self.job is not None:
            self.job.stop()


def runner_request(project: Project, config: StackConfig) -> dict[str, Any]:
    """The runner protocol's request for the stack's program."""
    pwd, program = project.program()
    return {"protocol": PROTOCOL, "project": config.project, "stack": stack_name(config.stack),
            "organization": "organization", "root": str(project.root), "pwd": str(pwd), "program": program,
            "config": config.as_engine_config(), "secret_keys": sorted(config.secret_keys),
            "region": stack_region(config), "answers": str(ANSWERS), "options": project.runner_options()}


def stack_region(config: StackConfig) -> str:
    """The stack's region as the AWS provider finds it: aws:region, else $AWS_REGION, else
    $AWS_DEFAULT_REGION; us-east-1 when none is set."""
    return (config.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
            or DEFAULT_REGION)


def cache_dir() -> Path:
    """`inventory/` in costing's cache directory ($COSTING_CACHE_DIR, else the user's cache directory)."""
    return cache_root() / "inventory"


def cache_path(config: StackConfig, key: str) -> Path:
    return cache_dir() / f"{_safe(config.project)}.{_safe(stack_name(config.stack))}.{key}.memo"


def cache_key(project: Project, config: StackConfig, request: dict[str, Any], interpreter: Interpreter,
              identity: Path) -> str:
    """sha256 over every input of the inventory; see the module docstring."""
    digest = hashlib.sha256()
    located = {**request, "root": ".", "pwd": os.path.relpath(request["pwd"], request["root"]), "answers": ""}
    packages = (installed_packages(Path(request["pwd"]), interpreter) if interpreter.runtime == NODEJS
                else interpreter_packages(interpreter))
    for part in (f"protocol {PROTOCOL}", str(identity), json.dumps(located, sort_keys=True),
                 str(interpreter.executable), *packages):
        digest.update(part.encode() + b"\0")
    for label, path in _keyed_files(project, config):
        digest.update(label.encode() + b"\0")
        try:
            with path.open("rb") as handle:  # in pieces: a file config names may be large (a data file)
                for piece in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(piece)
        except OSError:  # a file that went away while the key was made: the next run finds out
            digest.update(b"\0missing")
        digest.update(b"\0")
    return digest.hexdigest()


def interpreter_packages(interpreter: Interpreter) -> list[str]:
    """The interpreter's Python version and `name==version` of each pulumi package it has, read from
    package metadata folders (no interpreter is started, nothing is imported)."""
    if interpreter.own:
        folders, version = [Path(entry or ".") for entry in sys.path], f"python {sys.version_info[:2]}"
    else:
        venv = interpreter.executable.parent.parent
        folders = [*venv.glob("lib/python*/site-packages"), venv / "Lib" / "site-packages"]
        config = venv / "pyvenv.cfg"
        version = config.read_text(errors="replace") if config.is_file() else "python unknown"
    packages = set()
    for folder in folders:
        try:
            entries = os.listdir(folder)
        except OSError:  # a zip file, a path hook, a folder that is gone
            continue
        packages.update(entry for entry in entries if entry.lower().startswith("pulumi")
                        and entry.endswith((".dist-info", ".egg-info")))
    return [version, *sorted(packages)]


def program_files(root: Path, excluded: Iterable[Path] = (), suffixes: tuple[str, ...] = SOURCE_SUFFIXES) -> list[Path]:
    """The program's source files (`suffixes`: Python's by default) under the project folder: not tests,
    caches, virtualenvs, node_modules, hidden folders or other projects' folders."""
    skipped = {Path(path) for path in excluded}
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if _is_program_folder(Path(folder, name), skipped))
        found.extend(Path(folder, name) for name in sorted(files) if name.endswith(suffixes))
    return found


def _is_program_folder(folder: Path, skipped: set[Path]) -> bool:
    name = folder.name
    return not (name in EXCLUDED_DIRS or name.startswith(".") or folder in skipped
                or (folder / "pyvenv.cfg").is_file() or (folder / "Pulumi.yaml").is_file()
                or (folder / "Pulumi.yml").is_file())


def resource_from_recorded(recorded: dict[str, Any]) -> Resource:
    """A row of the runner's response as a Resource."""
    from costing.inventory.frame import Resource, references

    return Resource(
        urn=recorded["urn"],
        type=recorded["type"],
        custom=recorded["custom"],
        parent=recorded["parent"],
        provider=recorded["provider"],
        id=recorded["id"],
        inputs=recorded["inputs"],
        refs=references(recorded["propertyDependencies"], recorded["dependencies"], recorded["inputs"]),
    )


def in_tree_order(recorded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parents before children, siblings by type and name.

    The SDK registers resources from worker threads, so the order of a run varies; sorting makes two
    runs of the same program (and a cache hit) list the same rows in the same order.
    """
    by_urn = {resource["urn"]: resource for resource in recorded}

    def path(resource: dict[str, Any] | None) -> list[tuple[str, str]]:
        steps = []
        while resource is not None:
            steps.append((resource["type"], resource["name"]))
            resource = by_urn.get(resource["parent"])
        return steps[::-1]

    return sorted(recorded, key=path)


def _keyed_files(project: Project, config: StackConfig) -> list[tuple[str, Path]]:
    root = project.root
    virtualenv = project.runtime_options.get("virtualenv")
    excluded = [root / virtualenv] if isinstance(virtualenv, str) and virtualenv else []
    suffixes = NODE_SOURCE_SUFFIXES if project.runtime == NODEJS else SOURCE_SUFFIXES
    files = [(_relative(path, root), path) for path in program_files(root, excluded, suffixes)]
    files.append(("project file", project.file))
    if config.has_stack_file:
        files.append(("stack file", config.stack_file))
    files.extend((name, root / name) for name in DEPENDENCY_FILES if (root / name).is_file())
    files.extend((f"config names {value}", path) for value, path in _files_named_by_config(config, root))
    files.extend((f"runner {path.name}", path) for path in RUNNER_FILES)
    return files


def _files_named_by_config(config: StackConfig, root: Path) -> list[tuple[str, Path]]:
    """(config value, file) for files the program reads because config names them (a user-data script, say)."""
    named = set()
    for value in config.values.values():
        if not isinstance(value, str) or not value:
            continue
        try:
            if (root / value).is_file():
                named.add((value, root / value))
        except (OSError, ValueError):  # not a possible path name
            continue
    return sorted(named)


def _older_of_the_stack(path: Path):
    """write_memo's `stale`: the stack's other inventories but the KEPT_PER_STACK - 1 used last."""
    stack_prefix = path.name.rsplit(".", 2)[0] + "."
    keep = all_but_recent(KEPT_PER_STACK)
    return lambda others: keep([other for other in others if other.name.startswith(stack_prefix)])


def _is_response(value: Any) -> bool:
    return (isinstance(value, dict) and value.get("protocol") == PROTOCOL and value.get("ok") is True
            and isinstance(value.get("resources"), list))


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root))


def _safe(name: str) -> str:
    """A name as a file name part: letters, digits, `-` and `_`."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)
