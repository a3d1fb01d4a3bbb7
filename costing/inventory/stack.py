"""`--stack NAME`: this project's program run offline for that stack, with the inventory cached.

Running the program imports pulumi and pulumi_aws, which costs more than the rest of an estimate;
an unchanged stack reuses the inventory of its last run. The cache key is a hash of everything the
inventory depends on (the program's files, Pulumi.yaml, the stack file and the files its config
names, requirements, the pulumi, pulumi-aws and pandas versions, and this package's own code), so a
cached inventory is never stale.

`load_stack` runs the program in this process. `start_stack` is the same in two halves for a caller
with other work to do meanwhile: on a cache miss the program starts at once in a worker process
(worker.py), and `.inventory()` collects it. Importing this module imports neither pandas nor pulumi,
so the run can start before the caller imports pandas.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from costing.cache import cache_root
from costing.inventory.stack_config import StackConfig, load_stack_config
from costing.memo import read_frame_memo, write_memo
from costing.schema import INVENTORY_COLUMNS, SECRET

if TYPE_CHECKING:
    import pandas as pd

    from costing.inventory.frame import Inventory, Resource
    from costing.inventory.program import ProgramRun

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Folders of the project that are not the program (walking .venv alone would take longer than a run).
EXCLUDED_DIRS = frozenset({".venv", "tests", ".git", "benchmarks", "costing", "__pycache__"})
KEYED_PACKAGES = ("pulumi", "pulumi-aws", "pandas")  # pandas: the cache is a pickled DataFrame
_INVENTORY_CODE = Path(__file__).resolve().parent


def load_stack(stack: str, project_dir: Path = PROJECT_ROOT, *, use_cache: bool = True) -> Inventory:
    """The stack's inventory: from the cache when nothing it depends on changed, else a fresh run."""
    return _start(stack, project_dir, use_cache, in_worker=False).inventory()


def start_stack(stack: str, project_dir: Path = PROJECT_ROOT, *, use_cache: bool = True,
                in_worker: bool = True) -> PendingStack:
    """load_stack's first half: the stack's config and cached inventory; on a cache miss, the program
    started in a worker process (`in_worker`), else run in this process by `.inventory()`. Bad input
    (an unknown stack, a malformed stack file) fails here."""
    return _start(stack, project_dir, use_cache, in_worker)


@dataclass(frozen=True, eq=False)
class PendingStack:
    """A stack's inventory on its way: its cached rows, or `run`, which gives the program's resources
    (plain_resources) and is cached for next time."""

    config: StackConfig
    cache_file: Path | None  # None: the cache is not used
    cached: pd.DataFrame | None = None
    run: Callable[[], list[dict[str, Any]]] | None = None

    def inventory(self) -> Inventory:
        """load_stack's second half: waits for the program when it runs."""
        from costing.inventory.frame import Inventory, build_inventory

        config = self.config
        source = {"kind": "stack", "stack": config.stack, "project": config.project, "path": None}
        if self.cached is not None:
            return Inventory(source=source, default_region=config.region, resources=self.cached)
        resources = [resource_from_recorded(recorded) for recorded in in_tree_order(self.run())]
        inventory = build_inventory(resources, source=source, default_region=config.region,
                                    where=str(config.stack_file))
        if self.cache_file is not None:
            _write_cache(self.cache_file, inventory.resources)
        return inventory


def _start(stack: str, project_dir: Path, use_cache: bool, in_worker: bool) -> PendingStack:
    config = load_stack_config(project_dir, stack)
    cache_file = cache_path(config, cache_key(config, project_dir)) if use_cache else None
    cached = read_frame_memo(cache_file, INVENTORY_COLUMNS) if cache_file is not None else None
    if cached is not None:
        return PendingStack(config, cache_file, cached=cached)
    if in_worker:
        from costing.inventory.worker import ProgramWorker

        return PendingStack(config, cache_file, run=ProgramWorker(config, project_dir).resources)
    return PendingStack(config, cache_file, run=lambda: _run_here(config, project_dir))


def _run_here(config: StackConfig, project_dir: Path) -> list[dict[str, Any]]:
    from costing.inventory import program  # imports pulumi: only when the program really runs

    return plain_resources(program.run_stack_config(config, project_dir))


def cache_dir() -> Path:
    """`inventory/` in costing's cache directory ($COSTING_CACHE_DIR, else the user's cache directory)."""
    return cache_root() / "inventory"


def cache_path(config: StackConfig, key: str) -> Path:
    return cache_dir() / f"{config.project}.{config.stack}.{key}.pkl"


def cache_key(config: StackConfig, project_dir: Path) -> str:
    """sha256 over every input of the inventory; see the module docstring."""
    digest = hashlib.sha256()
    for part in (config.project, config.stack, f"python {sys.version_info[:2]}"):
        digest.update(part.encode() + b"\0")
    for name in KEYED_PACKAGES:
        digest.update(f"{name}=={package_version(name)}".encode() + b"\0")
    for label, path in _keyed_files(config, project_dir):
        digest.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def package_version(name: str) -> str:
    """The installed version, read from package metadata (this does not import the package): the name
    of its `<name>-<version>.dist-info` folder, the first on sys.path as for an import (how pip installs),
    else importlib.metadata, whose import (with the email package's) would add 30 ms to every cache hit."""
    wanted = _distribution_name(name)
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:  # a zip file, a path hook, a folder that is gone
            continue
        for entry in entries:
            distribution, _, version = entry.removesuffix(".dist-info").partition("-")
            if entry.endswith(".dist-info") and version and _distribution_name(distribution) == wanted:
                return version
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _distribution_name(name: str) -> str:
    """A distribution's name as its metadata folders spell it: pulumi-aws, pulumi_aws, Pulumi.AWS -> pulumi_aws."""
    return re.sub(r"[-_.]+", "_", name).lower()


def program_files(project_dir: Path) -> list[Path]:
    """The program's Python files: __main__.py, components/ and the like, not tooling or tests."""
    found = []
    for folder, subfolders, files in os.walk(project_dir):
        subfolders[:] = sorted(name for name in subfolders
                               if name not in EXCLUDED_DIRS and not name.startswith("."))
        found.extend(Path(folder, name) for name in sorted(files) if name.endswith(".py"))
    return found


def plain_resources(run: ProgramRun) -> list[dict[str, Any]]:
    """What the inventory needs of each resource a run recorded, as plain data: what a worker process
    sends back (reading it imports no pulumi)."""
    return [{"urn": resource.urn, "type": resource.type, "name": resource.name, "custom": resource.custom,
             "parent": resource.parent, "provider": resource.provider, "id": resource.id,
             "inputs": plain(resource.inputs), "dependencies": list(resource.dependencies),
             "property_dependencies": {key: list(urns) for key, urns in resource.property_dependencies.items()}}
            for resource in run.resources]


def plain(value: Any) -> Any:
    """A JSON-like copy of a value the SDK recorded, with every secret replaced by SECRET.

    Anything that is not JSON (an SDK asset object, say) becomes its type name, so the cached rows
    unpickle without importing pulumi. Secrets are told by the SDK's own marker: pulumi is loaded when
    there are recorded values, and frame.is_secret would import pandas into the worker process.
    """
    from pulumi.runtime.rpc import is_rpc_secret

    def copy(item: Any) -> Any:
        kind = type(item)
        if kind is str or kind is int or kind is float or kind is bool or item is None:
            return item
        if kind is dict:
            return SECRET if is_rpc_secret(item) else {key: copy(member) for key, member in item.items()}
        if kind is list or kind is tuple:
            return [copy(member) for member in item]
        return f"<{kind.__name__}>"

    return copy(value)


def resource_from_recorded(recorded: dict[str, Any]) -> Resource:
    """A resource of the program's run (plain_resources) as a Resource."""
    from costing.inventory.frame import Resource, references

    return Resource(
        urn=recorded["urn"],
        type=recorded["type"],
        custom=recorded["custom"],
        parent=recorded["parent"],
        provider=recorded["provider"],
        id=recorded["id"],
        inputs=recorded["inputs"],
        refs=references(recorded["property_dependencies"], recorded["dependencies"], recorded["inputs"]),
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


def _keyed_files(config: StackConfig, project_dir: Path) -> list[tuple[str, Path]]:
    files = [(str(path.relative_to(project_dir)), path) for path in program_files(project_dir)]
    files.append(("Pulumi.yaml", project_dir / "Pulumi.yaml"))
    files.append(("stack file", config.stack_file))
    files.extend((path.name, path) for path in sorted(project_dir.glob("requirements*.txt")))
    files.extend((f"config names {value}", path) for value, path in _files_named_by_config(config, project_dir))
    files.extend((f"costing {path.name}", path) for path in sorted(_INVENTORY_CODE.glob("*.py")))
    return files


def _files_named_by_config(config: StackConfig, project_dir: Path) -> list[tuple[str, Path]]:
    """(config value, file) for files the program reads because config names them (a user-data script, say)."""
    named = set()
    for value in config.values.values():
        if not isinstance(value, str) or not value:
            continue
        try:
            if (project_dir / value).is_file():
                named.add((value, project_dir / value))
        except (OSError, ValueError):  # not a possible path name
            continue
    return sorted(named)


def _write_cache(path: Path, resources: pd.DataFrame) -> None:
    """Save the rows, and drop the stack's older entries."""
    stack_stem = path.name.rsplit(".", 2)[0]
    write_memo(path, resources,
               stale=lambda others: [old for old in others if old.name.rsplit(".", 2)[0] == stack_stem])
