"""`--stack NAME`: this project's program run offline for that stack, with the inventory cached.

Running the program imports pulumi and pulumi_aws, which costs more than the rest of an estimate;
an unchanged stack reuses the inventory of its last run. The cache key is a hash of everything the
inventory depends on (the program's files, Pulumi.yaml, the stack file and the files its config
names, requirements, the pulumi and pulumi-aws versions, and this package's own code), so a cached
inventory is never stale.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from costing.cache import cache_root
from costing.inventory.frame import Inventory, Resource, build_inventory, is_secret, references
from costing.inventory.stack_config import StackConfig, load_stack_config
from costing.schema import INVENTORY_COLUMNS, SECRET

if TYPE_CHECKING:
    from costing.inventory.program import RecordedResource

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Folders of the project that are not the program (walking .venv alone would take longer than a run).
EXCLUDED_DIRS = frozenset({".venv", "tests", ".git", "benchmarks", "costing", "__pycache__"})
KEYED_PACKAGES = ("pulumi", "pulumi-aws")
_INVENTORY_CODE = Path(__file__).resolve().parent


def load_stack(stack: str, project_dir: Path = PROJECT_ROOT, *, use_cache: bool = True) -> Inventory:
    """The stack's inventory: from the cache when nothing it depends on changed, else a fresh run."""
    config = load_stack_config(project_dir, stack)
    source = {"kind": "stack", "stack": config.stack, "project": config.project, "path": None}
    if not use_cache:
        return _run(config, project_dir, source)
    path = cache_path(config, cache_key(config, project_dir))
    resources = _read_cache(path)
    if resources is not None:
        return Inventory(source=source, default_region=config.region, resources=resources)
    inventory = _run(config, project_dir, source)
    _write_cache(path, inventory.resources)
    return inventory


def cache_dir() -> Path:
    """`inventory/` in costing's cache directory ($COSTING_CACHE_DIR, else the user's cache directory)."""
    return cache_root() / "inventory"


def cache_path(config: StackConfig, key: str) -> Path:
    return cache_dir() / f"{config.project}.{config.stack}.{key}.pkl"


def cache_key(config: StackConfig, project_dir: Path) -> str:
    """sha256 over every input of the inventory; see the module docstring."""
    digest = hashlib.sha256()
    for part in (config.project, config.stack, f"python {sys.version_info[:2]}", f"pandas {pd.__version__}"):
        digest.update(part.encode() + b"\0")
    for name in KEYED_PACKAGES:
        digest.update(f"{name}=={package_version(name)}".encode() + b"\0")
    for label, path in _keyed_files(config, project_dir):
        digest.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def package_version(name: str) -> str:
    """The installed version, read from package metadata (this does not import the package)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def program_files(project_dir: Path) -> list[Path]:
    """The program's Python files: __main__.py, components/ and the like, not tooling or tests."""
    found = []
    for folder, subfolders, files in os.walk(project_dir):
        subfolders[:] = sorted(name for name in subfolders
                               if name not in EXCLUDED_DIRS and not name.startswith("."))
        found.extend(Path(folder, name) for name in sorted(files) if name.endswith(".py"))
    return found


def resource_from_recorded(recorded: RecordedResource) -> Resource:
    """A RecordedResource of the mock run as a Resource."""
    inputs = plain(recorded.inputs)
    return Resource(
        urn=recorded.urn,
        type=recorded.type,
        custom=recorded.custom,
        parent=recorded.parent,
        provider=recorded.provider,
        id=recorded.id,
        inputs=inputs,
        refs=references(recorded.property_dependencies, recorded.dependencies, inputs),
    )


def plain(value: Any) -> Any:
    """A JSON-like copy of a value the SDK recorded, with every secret replaced by SECRET.

    Anything that is not JSON (an SDK asset object, say) becomes its type name, so the cached rows
    unpickle without importing pulumi.
    """
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict:
        return SECRET if is_secret(value) else {key: plain(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [plain(item) for item in value]
    return f"<{kind.__name__}>"


def _run(config: StackConfig, project_dir: Path, source: dict) -> Inventory:
    from costing.inventory import program  # imports pulumi: only when the program really runs

    run = program.run_stack_config(config, project_dir)
    return build_inventory([resource_from_recorded(recorded) for recorded in in_tree_order(run.resources)],
                           source=source, default_region=config.region, where=str(config.stack_file))


def in_tree_order(recorded: list[RecordedResource]) -> list[RecordedResource]:
    """Parents before children, siblings by type and name.

    The SDK registers resources from worker threads, so the order of a run varies; sorting makes two
    runs of the same program (and a cache hit) list the same rows in the same order.
    """
    by_urn = {resource.urn: resource for resource in recorded}

    def path(resource: RecordedResource) -> list[tuple[str, str]]:
        steps = []
        while resource is not None:
            steps.append((resource.type, resource.name))
            resource = by_urn.get(resource.parent)
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


def _read_cache(path: Path) -> pd.DataFrame | None:
    """The cached rows, or None when missing or unreadable (a corrupt file is rewritten)."""
    try:
        with path.open("rb") as handle:
            resources = pickle.load(handle)
    except Exception:  # noqa: BLE001 (missing, truncated, from another pandas...: run the program again)
        return None
    if not isinstance(resources, pd.DataFrame) or list(resources.columns) != INVENTORY_COLUMNS:
        return None
    return resources


def _write_cache(path: Path, resources: pd.DataFrame) -> None:
    """Write atomically (temp file + rename), then drop the stack's older entries; failing costs only speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pkl")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump(resources, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    stack_stem = path.name.rsplit(".", 2)[0]
    for old in path.parent.glob("*.pkl"):
        if old != path and old.name.rsplit(".", 2)[0] == stack_stem:
            old.unlink(missing_ok=True)
