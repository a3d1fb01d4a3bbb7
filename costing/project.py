"""The Pulumi project costing runs, found and read as the Pulumi CLI does, without the CLI.

- The project is the folder of `Pulumi.yaml` (or `Pulumi.yml`) in the current folder or its nearest
  parent (`-C/--cwd DIR` starts the search elsewhere).
- Its stack files are `Pulumi.<stack>.yaml` in `stackConfigDir` (the project folder by default), with the
  project file's extension; `org/project/stack` names the stack `stack`.
- The program: `main` (relative, inside the project) names a folder to run instead of the project's, or
  a file; the program runs from that folder (the CLI's getPwdMain). A Python folder's entry point is its
  `__main__.py`.
- Its interpreter (Python): with `runtime.options.toolchain` poetry or uv, the python of the environment
  that toolchain manages for the project (costing/project_python.py); with pip (the default), the
  virtualenv that `runtime.options.virtualenv` names (relative to the project), else the project's `venv`
  or `.venv`, else an activated virtualenv ($VIRTUAL_ENV, where the CLI's `python3` on PATH would come
  from), else the interpreter costing runs on.
- Its interpreter (Node.js, `runtime: nodejs`: TypeScript and JavaScript): the `node` on PATH with the
  options `runtime.options.nodeargs` gives it, as Pulumi's language host runs it (costing/project_node.py).
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from costing.errors import InputError
from costing.yaml_file import load_yaml_file

PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")
# The repository this `costing` was imported from, when it is a checkout of the webstack project (its
# tests and policy pack run that project); an installed costing has no such folder.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
PYTHON, NODEJS = "python", "nodejs"
SUPPORTED_RUNTIMES = (PYTHON, NODEJS)
# A project or stack file is a few KB: a larger one is the wrong file (or an endless stream).
CONFIG_FILE_LIMIT = 8 * 1024 * 1024
PYTHON_INSTALL_HINT = ("install the project's dependencies: `pulumi install`, or "
                       "`python -m venv venv && venv/bin/pip install -r requirements.txt`")


@dataclass(frozen=True)
class Interpreter:
    """The interpreter that runs the program (a Python, or node), and why that one (for messages)."""

    executable: Path
    origin: str  # "the virtualenv venv (Pulumi.yaml)", "the project's .venv", "node on PATH"...
    missing: str | None = None  # a virtualenv Pulumi.yaml names that does not exist
    runtime: str = PYTHON
    arguments: tuple[str, ...] = ()  # node's own options, before the runner (Pulumi.yaml's nodeargs)
    install_hint: str = PYTHON_INSTALL_HINT  # the command that installs the program's dependencies

    @property
    def own(self) -> bool:
        """costing's own interpreter: its packages are on this process's sys.path."""
        return self.runtime == PYTHON and self.executable == Path(sys.executable)


@dataclass(frozen=True)
class Project:
    root: Path  # the folder of the project file
    file: Path  # Pulumi.yaml or Pulumi.yml
    document: dict[str, Any]  # the project file, parsed

    @property
    def name(self) -> str:
        return self.document["name"]

    @property
    def runtime(self) -> str:
        runtime = self.document.get("runtime")
        return runtime.get("name", "") if isinstance(runtime, dict) else str(runtime or "")

    @property
    def runtime_options(self) -> dict[str, Any]:
        runtime = self.document.get("runtime")
        options = runtime.get("options") if isinstance(runtime, dict) else None
        return options if isinstance(options, dict) else {}

    @property
    def stack_config_dir(self) -> Path:
        return self.root / str(self.document.get("stackConfigDir") or ".")

    def stack_file(self, stack: str) -> Path:
        """Pulumi.<stack>.yaml (with the project file's extension) in stackConfigDir."""
        return self.stack_config_dir / f"Pulumi.{stack_name(stack)}{self.file.suffix}"

    def stacks(self) -> list[str]:
        """Stack names that have a stack file, sorted."""
        prefix, suffix = "Pulumi.", self.file.suffix
        return sorted(path.name[len(prefix):-len(suffix)]
                      for path in self.stack_config_dir.glob(f"{prefix}*{suffix}") if path.name != self.file.name)

    def entry(self) -> tuple[Path, str]:
        """(the folder the program runs from, what to run there: "." for the folder's entry point, or a file
        name), from `main` as the CLI reads it; an InputError when main is not inside the project."""
        main = self.document.get("main")
        if main is None or main == "":
            return self.root, "."
        where = f"{self.file}: main {main!r}"
        if not isinstance(main, str) or Path(main).is_absolute():
            raise InputError(f"{where}: `main` must be a path relative to the project folder")
        target = Path(os.path.normpath(self.root / main))
        if target != self.root and self.root not in target.parents:
            raise InputError(f"{where}: `main` must be a folder or file inside the project folder")
        if target.is_dir():
            return target, "."
        if target.is_file():
            return target.parent, target.name
        raise InputError(f"{where}: no such file or folder")

    def check_runtime(self) -> None:
        if self.runtime not in SUPPORTED_RUNTIMES:
            raise InputError(f"{self.file}: runtime {self.runtime or '(none)'!r}: costing runs Python, TypeScript "
                             "and JavaScript programs offline; price this one from `pulumi preview --json > "
                             "plan.json` with `costing estimate --preview plan.json`")

    def program(self) -> tuple[Path, str]:
        """(the folder the program runs from, what to run there), checked as far as the runtime allows: a
        Node.js program's entry point is found by the runner, as by Pulumi's language host."""
        return self.python_program() if self.runtime == PYTHON else self.entry()

    def runner_options(self) -> dict[str, Any]:
        """The runtime options the runner reads (the runner protocol's `options`)."""
        if self.runtime != NODEJS:
            return {}
        from costing.project_node import runner_options

        return runner_options(self)

    def python_program(self) -> tuple[Path, str]:
        """entry(), checked to name a Python program that exists."""
        pwd, program = self.entry()
        if program == "." and not (pwd / "__main__.py").is_file():
            raise InputError(f"{pwd}: no __main__.py, the entry point of a Pulumi Python program (or name the "
                             f"program's file or folder with `main:` in {self.file.name})")
        return pwd, program

    def interpreter(self) -> Interpreter:
        """The interpreter that runs the program (see the module docstring)."""
        if self.runtime == NODEJS:
            from costing.project_node import node_interpreter

            return node_interpreter(self, shutil.which("node"))
        from costing.project_python import toolchain_interpreter

        managed = toolchain_interpreter(self)  # Poetry's or uv's environment; None for pip
        if managed is not None:
            return managed
        named = self.runtime_options.get("virtualenv")
        missing = None
        if isinstance(named, str) and named:
            found = venv_python(self.root / named)
            if found is not None:
                return Interpreter(found, f"the virtualenv {named} (Pulumi.yaml)")
            missing = named
        for folder in ("venv", ".venv"):
            found = venv_python(self.root / folder)
            if found is not None:
                return Interpreter(found, f"the project's {folder}", missing)
        active = os.environ.get("VIRTUAL_ENV")
        found = venv_python(Path(active)) if active else None
        if found is not None:
            return Interpreter(found, f"the active virtualenv {active}", missing)
        return Interpreter(Path(sys.executable), "costing's own interpreter", missing)


def find_project(start: Path | str | None = None) -> Project:
    """The project of `start` (default: the current folder) or its nearest parent, as the CLI finds it."""
    folder = Path(start if start is not None else os.getcwd()).resolve()
    if not folder.is_dir():
        raise InputError(f"-C/--cwd {start}: no such folder")
    for candidate in (folder, *folder.parents):
        if any((candidate / name).is_file() for name in PROJECT_FILES):
            return load_project(candidate)
    raise InputError(f"no Pulumi.yaml in {folder} or any folder above it: run costing in a Pulumi project's folder, "
                     "or name one with -C/--cwd DIR")


def load_project(root: Path) -> Project:
    """The project whose project file is in `root`."""
    root = Path(root).resolve()
    file = next((root / name for name in PROJECT_FILES if (root / name).is_file()), root / PROJECT_FILES[0])
    document = load_yaml(file)
    if not isinstance(document, dict) or not isinstance(document.get("name"), str) or not document["name"]:
        raise InputError(f"{file}: not a Pulumi project file (no `name:`)")
    return Project(root, file, document)


def stack_name(stack: str) -> str:
    """`org/project/stack` -> `stack`, the name its stack file carries."""
    return stack.rsplit("/", 1)[-1]


def venv_python(folder: Path) -> Path | None:
    """The interpreter of the virtualenv in `folder`, None when there is none."""
    for candidate in (folder / "bin" / "python", folder / "Scripts" / "python.exe"):
        if candidate.is_file():
            return candidate
    return None


def load_yaml(path: Path) -> Any:
    """A project or stack file's document (costing.yaml_file: bounded, UTF-8 or UTF-16, one line when bad)."""
    return load_yaml_file(path, _Loader, limit=CONFIG_FILE_LIMIT)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's when PyYAML has it: ~8x faster
    """The safe loader, except that an integer too long for Python to convert (over 4,300 digits) is its
    text, as Pulumi's YAML reader, which cannot make a number of it either, leaves it."""

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
