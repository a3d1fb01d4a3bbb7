"""The project's stack settings as Pulumi.yaml declares them: the one place each setting's type and default
live. Found next to this package (the project folder), so it reads the same under `pulumi preview`, under
costing's offline run and when the package serves the components to other languages.

The components take their argument defaults from here through their `SETTINGS` maps (argument path ->
setting key); components/settings.py reads and checks the stack's values against the same declarations.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROJECT_FILE = PROJECT_DIR / "Pulumi.yaml"
NO_DEFAULT = object()  # a required setting: every stack file must set it


@dataclass(frozen=True)
class Setting:
    """One declared setting: its key in the project's namespace, its Pulumi type and its default."""

    key: str
    type: str  # string, integer, boolean, array or object
    default: Any = NO_DEFAULT
    items: str | None = None  # the element type of an array


@dataclass(frozen=True)
class Project:
    name: str
    stack_config_dir: str
    settings: Mapping[str, Setting]

    def stack_file(self, stack: str) -> str:
        """The stack's settings file, relative to the project folder, as messages name it."""
        folder = self.stack_config_dir.strip("/")
        return f"{folder}/Pulumi.{stack}.yaml" if folder not in ("", ".") else f"Pulumi.{stack}.yaml"

    def full_key(self, key: str) -> str:
        """`vpcCidr` -> `webstack:vpcCidr`; a key with a namespace (`aws:region`) is already full."""
        return key if ":" in key else f"{self.name}:{key}"

    def default(self, key: str) -> Any:
        """The declared default of `key` (a copy: lists and maps are never shared)."""
        return copy.deepcopy(self.settings[key].default)


@functools.cache
def project() -> Project:
    """Pulumi.yaml, read once per process."""
    with PROJECT_FILE.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (safe)
    settings = {}
    for key, spec in (document.get("config") or {}).items():
        spec = spec if isinstance(spec, dict) else {"type": type_name(spec), "default": spec}
        items = spec.get("items") or {}
        settings[key] = Setting(key, spec.get("type", "string"), spec.get("default", NO_DEFAULT), items.get("type"))
    return Project(document["name"], str(document.get("stackConfigDir", ".")), settings)


def type_name(value: Any) -> str:
    """The Pulumi config type a YAML value has."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def defaults(setting_of: Mapping[str, str]) -> dict[str, Any]:
    """A component's argument defaults from its SETTINGS map; `a.b` paths make nested arguments."""
    return nest({path: project().default(key) for path, key in setting_of.items()
                 if ":" not in key and project().settings[key].default is not NO_DEFAULT})


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """{"health_check.path": "/"} -> {"health_check": {"path": "/"}}."""
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, leaf = path.split(".")
        level = nested
        for parent in parents:
            level = level.setdefault(parent, {})
        level[leaf] = value
    return nested
