"""Merge a stack's configuration the way the Pulumi CLI does for `pulumi preview`, without the CLI.

Later wins: the project's `config:` block in Pulumi.yaml (plain values, `value:` and typed `default:`),
the stack file (Pulumi.<stack>.yaml in stackConfigDir, or the file `--config-file` names), then the
`-c/--config KEY=VALUE` overrides. A stack with no stack file runs on the project's values, as a new
stack does. Secure values (`{secure: ...}`) are never decrypted: the program sees them as unknown and
they are reported as secret. A declared key with no value is an error naming the key and how to set it;
declared types are checked as the CLI checks them (an integer may be written "3", a boolean "true").

A program that checks its own settings speaks first: `stack_config(check=False)` keeps such a problem of
the stack file's values in `StackConfig.problem` instead of raising it, and the stack's run (stack.py)
reports the program's own refusal (a pulumi.RunError, one line naming the stack file and key) when it
refuses, else this problem. A bad `-c` value is refused at once: the option is costing's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from costing.errors import InputError
from costing.project import Project, load_project, load_yaml
from costing.schema import UNKNOWN

_PYTHON_TYPES = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict}


@dataclass(frozen=True)
class StackConfig:
    """A stack's merged configuration: full keys (`webstack:azCount`, `aws:region`) to values."""

    project: str
    stack: str
    values: dict[str, Any]  # a secure value is UNKNOWN
    secret_keys: frozenset[str]
    stack_file: Path  # the stack file (or --config-file) the values come from, found or not
    has_stack_file: bool = True  # False: the stack has no stack file and runs on the project's values
    overrides: tuple[str, ...] = field(default=())  # the keys -c set
    problem: str | None = None  # what the CLI refuses in the values (kept by stack_config(check=False))
    environments: tuple[str, ...] = ()  # the Pulumi ESC environments the stack file imports (never read)

    @property
    def region(self) -> str | None:
        region = self.values.get("aws:region")
        return region if isinstance(region, str) and region and region != UNKNOWN else None

    def as_engine_config(self) -> dict[str, str]:
        """Values as the engine hands them to a program: strings, with lists and maps JSON-encoded."""
        return {key: _encode(value) for key, value in self.values.items()}


def read_project(project_dir: Path) -> dict[str, Any]:
    """Pulumi.yaml as a mapping, checked to have a name."""
    return load_project(project_dir).document


def stack_file_path(project_dir: Path, project: dict[str, Any], stack: str) -> Path:
    return load_project(project_dir).stack_file(stack)


def available_stacks(project_dir: Path) -> list[str]:
    """Stack names that have a stack file, sorted."""
    return load_project(project_dir).stacks()


def load_stack_config(project_dir: Path, stack: str, *, overrides: Iterable[str] = (),
                      config_file: str | Path | None = None) -> StackConfig:
    """The config of `stack` of the project in `project_dir` (see the module docstring)."""
    return stack_config(load_project(project_dir), stack, overrides=overrides, config_file=config_file)


def stack_config(project: Project, stack: str, *, overrides: Iterable[str] = (),
                 config_file: str | Path | None = None, check: bool = True) -> StackConfig:
    """Merge the project's values, the stack file (or `config_file`) and the `-c KEY=VALUE` overrides;
    `check` False keeps a missing or mistyped value as `problem` (see the module docstring)."""
    name = project.name
    declared = project.document.get("config") or {}
    if not isinstance(declared, dict):
        raise InputError(f"{project.file}: `config:` must be a mapping of keys to values or declarations")
    values: dict[str, Any] = {}
    secret_keys = set()
    for key, spec in declared.items():
        if isinstance(spec, dict) and ("default" in spec or "value" in spec):
            values[_full_key(name, key)] = spec.get("value", spec.get("default"))
        elif not isinstance(spec, dict):
            values[_full_key(name, key)] = spec
        if isinstance(spec, dict) and spec.get("secret") is True:
            secret_keys.add(_full_key(name, key))
    source = Path(config_file) if config_file is not None else project.stack_file(stack)
    found = source.is_file() if config_file is None else source.exists()  # (--config-file <(...) is a pipe)
    if config_file is not None and not found:
        raise InputError(f"--config-file {config_file}: file not found")
    environments: tuple[str, ...] = ()
    if found:
        document = load_yaml(source) or {}
        if not isinstance(document, dict) or not isinstance(document.get("config") or {}, dict):
            raise InputError(f"{source}: expected a mapping with a `config:` mapping")
        environments = esc_imports(document.get("environment"))
        for key, value in (document.get("config") or {}).items():
            full_key = _full_key(name, str(key))
            value, secret = _unsealed(value)
            values[full_key] = value
            if secret:
                secret_keys.add(full_key)
    given = []
    for override in overrides:
        key, value = _override(name, override, declared)
        values[key] = value
        secret_keys.discard(key)
        given.append(key)
    config = StackConfig(name, stack, values, frozenset(secret_keys), source, found, tuple(given),
                         environments=environments)
    problem = _first_problem(config, project, declared)
    if problem is not None and check:
        raise InputError(problem)
    return replace(config, problem=problem)


def _first_problem(config: StackConfig, project: Project, declared: dict[str, Any]) -> str | None:
    """The first declared key with no value or with a value not of its declared type; a `-c` value of the
    wrong type is raised at once."""
    for key, spec in declared.items():
        full_key = _full_key(config.project, key)
        if full_key not in config.values:
            return missing_key_message(config, project, full_key)
        problem = _type_problem(config, full_key, spec, config.values[full_key])
        if problem is not None and full_key in config.overrides:
            raise InputError(problem)
        if problem is not None:
            return problem
    return None


def missing_key_message(config: StackConfig, project: Project, full_key: str) -> str:
    """A required config key with no value: where it was looked for, and the two ways to give it."""
    short = full_key.split(":", 1)[1] if full_key.startswith(config.project + ":") else full_key
    where = (f"{config.stack_file}" if config.has_stack_file else
             f"stack '{config.stack}' has no stack file {_shown(config.stack_file, project.root)} "
             f"(stacks with one: {', '.join(project.stacks()) or 'none'})")
    esc = (f" (the stack file imports the Pulumi ESC environment{'s' if len(config.environments) > 1 else ''} "
           f"{', '.join(config.environments)}, which costing cannot read offline)" if config.environments else "")
    return (f"{where}: required config key '{full_key}' has no value{esc}; set it with "
            f"`pulumi config set {short} <value> --stack {config.stack}`, or give it with -c {full_key}=VALUE")


def esc_imports(section: Any) -> tuple[str, ...]:
    """The names of the Pulumi ESC environments a stack file's `environment:` imports: a list of names, or
    `imports:` under it (Pulumi ESC docs, "Use with Pulumi IaC": the `environment` block). Their values
    come from Pulumi Cloud, which costing never reaches: the config they would set is absent."""
    imports = section.get("imports") if isinstance(section, dict) else section
    if isinstance(imports, str):
        imports = [imports]
    if not isinstance(imports, list):
        return ()
    return tuple(str(next(iter(item))) if isinstance(item, dict) and item else str(item) for item in imports)


def _unsealed(value: Any) -> tuple[Any, bool]:
    """A stack file value with every `{secure: ...}` in it replaced by UNKNOWN, and whether there was one."""
    if isinstance(value, dict) and set(value) == {"secure"}:
        return UNKNOWN, True
    if isinstance(value, dict):
        pairs = {key: _unsealed(item) for key, item in value.items()}
        return {key: item for key, (item, _) in pairs.items()}, any(secret for _, secret in pairs.values())
    if isinstance(value, list):
        items = [_unsealed(item) for item in value]
        return [item for item, _ in items], any(secret for _, secret in items)
    return value, False


def _override(project: str, text: str, declared: dict[str, Any]) -> tuple[str, Any]:
    """`-c KEY=VALUE`: the full key and the value, typed as Pulumi.yaml declares the key (else a string, as
    the engine passes every value)."""
    key, equals, value = text.partition("=")
    if not equals or not key.strip():
        raise InputError(f"-c/--config {text!r}: expected KEY=VALUE, as in -c aws:region=eu-west-1")
    key = key.strip()
    full_key = _full_key(project, key)
    spec = next((spec for name, spec in declared.items() if _full_key(project, name) == full_key), None)
    declared_type = spec.get("type") if isinstance(spec, dict) else None
    if declared_type in ("array", "object"):
        try:
            return full_key, json.loads(value)
        except ValueError:
            raise InputError(f"-c/--config {text!r}: {full_key} is of type {declared_type}: give it as JSON, "
                             f"as in -c {key}='[\"a\", \"b\"]'") from None
    if declared_type == "integer" and _valid("integer", None, value):
        return full_key, int(value)
    if declared_type == "boolean" and value in ("true", "false"):
        return full_key, value == "true"
    return full_key, value


def _full_key(project: str, key: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def _type_problem(config: StackConfig, key: str, spec: Any, value: Any) -> str | None:
    declared = spec.get("type") if isinstance(spec, dict) else None
    if declared not in _PYTHON_TYPES or value == UNKNOWN or key in config.secret_keys:
        return None
    if _valid(declared, spec.get("items"), value):
        return None
    where = "-c/--config" if key in config.overrides else str(config.stack_file)
    return f"{where}: config key '{key}' must be of type {declared}, got {value!r}"


def _valid(declared: str, items: Any, value: Any) -> bool:
    """The CLI's ValidateConfigValue: integers may be whole floats or strings of digits, booleans the
    strings "true" and "false"; array items are checked against `items`."""
    if declared == "integer":
        if isinstance(value, str):
            return value.strip().lstrip("+-").isdigit()
        return not isinstance(value, bool) and (isinstance(value, int) or
                                                (isinstance(value, float) and value.is_integer()))
    if declared == "boolean":
        return isinstance(value, bool) or value in ("true", "false")
    if declared == "array":
        item_type = items.get("type") if isinstance(items, dict) else None
        return isinstance(value, list) and (item_type is None or
                                            all(_valid(item_type, items.get("items"), item) for item in value))
    return isinstance(value, _PYTHON_TYPES[declared])


def _encode(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
