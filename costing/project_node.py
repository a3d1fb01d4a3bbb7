"""A Pulumi Node.js project (`runtime: nodejs`: TypeScript and JavaScript), as Pulumi's language host
(pulumi-language-nodejs) reads it, without the CLI.

- The interpreter is the `node` on PATH, given `runtime.options.nodeargs` (split as a shell would) before
  the runner; the program's packages are the project's own node_modules (found from the program's folder
  upwards, as `require` finds them), installed by the user (`npm install` or `pulumi install`).
- `runtime.options`: `typescript` (default true: TypeScript through ts-node), `tsconfig` (the tsconfig
  file, relative to the program's folder), `nodeargs`, `packagemanager` (auto, npm, yarn, pnpm or bun:
  the install command an error names; auto looks for the lock file of each); the language host rejects
  an option of the wrong type, and so does costing. $PULUMI_NODEJS_TRANSPILE_ONLY (set: "true" or not)
  turns ts-node's type checks off or on, as for Pulumi.
- The inventory cache knows the program by its sources, package.json, the lock file and the versions of
  the @pulumi packages, typescript and ts-node installed in its node_modules.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

from costing.errors import InputError
from costing.input_file import read_text

if TYPE_CHECKING:
    from costing.project import Interpreter, Project

SOURCE_SUFFIXES = (".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".json")
LOCK_FILES = {"yarn.lock": "yarn", "pnpm-lock.yaml": "pnpm", "bun.lock": "bun", "bun.lockb": "bun",
              "package-lock.json": "npm", "npm-shrinkwrap.json": "npm"}
PACKAGE_MANAGERS = ("auto", "npm", "yarn", "pnpm", "bun")
# Besides the @pulumi packages, what decides how the program runs: its TypeScript compiler and loader.
COMPILER_PACKAGES = ("typescript", "ts-node")
TRANSPILE_ONLY = "PULUMI_NODEJS_TRANSPILE_ONLY"
MANIFEST_LIMIT = 1024 * 1024  # an installed package's package.json is a few KB


def node_interpreter(project: Project, node: str | None) -> Interpreter:
    """node (the one on PATH, `node`) with the project's nodeargs; an InputError when there is none."""
    from costing.project import NODEJS, Interpreter

    if node is None:
        raise InputError(f"{project.file}: runtime nodejs: no `node` on PATH; install Node.js (Pulumi runs the "
                         "program with the node on PATH, and so does costing)")
    nodeargs = _option(project, "nodeargs", str) or ""
    try:
        arguments = tuple(shlex.split(nodeargs))
    except ValueError as error:
        raise InputError(f"{project.file}: runtime.options.nodeargs {nodeargs!r}: {error}") from None
    return Interpreter(Path(node), "node on PATH", runtime=NODEJS, arguments=arguments,
                       install_hint=install_hint(project))


def runner_options(project: Project) -> dict[str, Any]:
    """The options the Node.js runner reads: typescript, tsconfig and transpileOnly (None: tsconfig's noCheck)."""
    typescript = _option(project, "typescript", bool)
    transpile_only = os.environ.get(TRANSPILE_ONLY)
    return {"typescript": typescript is not False, "tsconfig": _option(project, "tsconfig", str) or None,
            "transpileOnly": transpile_only == "true" if transpile_only else None}


def install_hint(project: Project) -> str:
    """The command that installs the project's packages: its package manager's, or `pulumi install`."""
    manager = _option(project, "packagemanager", str) or "auto"
    if manager not in PACKAGE_MANAGERS:
        raise InputError(f"{project.file}: runtime.options.packagemanager {manager!r}: must be one of "
                         f"{', '.join(PACKAGE_MANAGERS)}")
    if manager == "auto":
        pwd = project.entry()[0]
        manager = next((LOCK_FILES[name] for folder in (pwd, project.root) for name in LOCK_FILES
                        if (folder / name).is_file()), "npm")
    return f"install the project's dependencies: `{manager} install` (or `pulumi install`)"


def node_modules_of(folder: Path) -> Path | None:
    """The node_modules folder `require` searches first from `folder`: the nearest at or above it."""
    for candidate in (folder, *folder.parents):
        if (candidate / "node_modules").is_dir():
            return candidate / "node_modules"
    return None


def installed_packages(pwd: Path, interpreter: Interpreter) -> list[str]:
    """What decides how the program runs, for the inventory cache's key: the node binary (its path, size and
    time), its options, and `name version` of each @pulumi package, typescript and ts-node in the program's
    node_modules (read from their package.json files; nothing is started)."""
    node = Path(os.path.realpath(interpreter.executable))
    try:
        status = node.stat()
        identity = f"node {node} {status.st_size} {status.st_mtime_ns}"
    except OSError:
        identity = f"node {node} missing"
    modules = node_modules_of(pwd)
    packages = []
    if modules is not None:
        scoped = sorted(modules.glob("@pulumi/*/package.json"))
        for manifest in [*scoped, *(modules / name / "package.json" for name in COMPILER_PACKAGES)]:
            packages.append(f"{manifest.parent.relative_to(modules)} {_version(manifest)}")
    return [identity, shlex.join(interpreter.arguments), *packages]


def share_node_modules(project: Project, revision: Project) -> None:
    """A git revision of `project`, checked out in `revision`'s folder, has no node_modules (they are never
    committed): it runs with the project's, linked where `require` will find them."""
    modules = node_modules_of(project.entry()[0])
    if modules is None:
        return
    inside = modules.parent == project.root or project.root in modules.parent.parents
    place = revision.root / modules.parent.relative_to(project.root) if inside else revision.root
    link = place / "node_modules"
    if place.is_dir() and not link.exists() and not link.is_symlink():
        link.symlink_to(modules, target_is_directory=True)


def _option(project: Project, name: str, kind: type) -> Any:
    """runtime.options.NAME, checked to be of `kind` as the language host checks it; None when not set."""
    value = project.runtime_options.get(name)
    if value is not None and not isinstance(value, kind):
        wanted = "true or false" if kind is bool else "a string"
        raise InputError(f"{project.file}: runtime.options.{name} {value!r}: must be {wanted}")
    return value


def _version(manifest: Path) -> str:
    """An installed package's version, read as any file costing reads (bounded, costing.input_file)."""
    try:
        return str(json.loads(read_text(manifest, limit=MANIFEST_LIMIT)).get("version"))
    except (InputError, ValueError, RecursionError, AttributeError):
        return "unreadable"
