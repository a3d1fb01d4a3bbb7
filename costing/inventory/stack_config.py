"""Merge a stack's configuration the way the Pulumi CLI does, without the CLI.

Project defaults from Pulumi.yaml's typed `config:` block come first, then the stack file
(stacks/Pulumi.<stack>.yaml). The values' types, unset required keys and unknown keys are the program's
to check (components/settings.py), as they are under `pulumi preview`: it refuses them in one line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from costing.errors import InputError

SECRET_PLACEHOLDER = "[secret]"
# libyaml's loader when PyYAML was built with it: ~8x faster on Pulumi.yaml, same safe subset.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class StackConfig:
    """A stack's merged configuration: full keys (`webstack:azCount`, `aws:region`) to values."""

    project: str
    stack: str
    values: dict[str, Any]
    secret_keys: frozenset[str]
    stack_file: Path

    @property
    def region(self) -> str | None:
        return self.values.get("aws:region")

    def as_engine_config(self) -> dict[str, str]:
        """Values as the engine hands them to a program: strings, with lists and maps JSON-encoded."""
        return {key: _encode(value) for key, value in self.values.items()}


def load_yaml(path: Path) -> Any:
    """Read a YAML file, naming the file in the error when it is missing or malformed."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML ({_first_line(error)})") from None


def read_project(project_dir: Path) -> dict[str, Any]:
    """Pulumi.yaml as a mapping, checked to have a name."""
    document = load_yaml(project_dir / "Pulumi.yaml")
    if not isinstance(document, dict) or not isinstance(document.get("name"), str):
        raise InputError(f"{project_dir / 'Pulumi.yaml'}: not a Pulumi project file (no `name:`)")
    return document


def stack_file_path(project_dir: Path, project: dict[str, Any], stack: str) -> Path:
    return project_dir / project.get("stackConfigDir", ".") / f"Pulumi.{stack}.yaml"


def available_stacks(project_dir: Path) -> list[str]:
    """Stack names that have a stack file, sorted."""
    project = read_project(project_dir)
    folder = project_dir / project.get("stackConfigDir", ".")
    return sorted(path.name[len("Pulumi.") : -len(".yaml")] for path in folder.glob("Pulumi.*.yaml"))


def load_stack_config(project_dir: Path, stack: str) -> StackConfig:
    """Merge Pulumi.yaml defaults and the stack file; fail on unknown stacks and malformed files."""
    project = read_project(project_dir)
    name = project["name"]
    stack_file = stack_file_path(project_dir, project, stack)
    if not stack_file.exists():
        known = ", ".join(available_stacks(project_dir)) or "none"
        raise InputError(f"unknown stack '{stack}': no {stack_file.relative_to(project_dir)} (stacks: {known})")
    declared = project.get("config") or {}
    values: dict[str, Any] = {}
    for key, spec in declared.items():
        full_key = _full_key(name, key)
        if isinstance(spec, dict) and ("default" in spec or "value" in spec):
            values[full_key] = spec.get("value", spec.get("default"))
        elif not isinstance(spec, dict):
            values[full_key] = spec
    stack_document = load_yaml(stack_file) or {}
    if not isinstance(stack_document, dict):
        raise InputError(f"{stack_file}: expected a mapping with a `config:` key")
    secret_keys = set()
    for key, value in (stack_document.get("config") or {}).items():
        full_key = _full_key(name, key)
        if isinstance(value, dict) and set(value) == {"secure"}:
            value = SECRET_PLACEHOLDER
            secret_keys.add(full_key)
        values[full_key] = value
    return StackConfig(name, stack, values, frozenset(secret_keys), stack_file)


def _full_key(project: str, key: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def _encode(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]
