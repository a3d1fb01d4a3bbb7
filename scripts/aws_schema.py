"""The pulumi-aws provider's input schema, built from the pinned Python SDK, and a check of resources against it.

The provider's schema.json is not reachable offline, but the SDK is generated from it: every resource's
`<Name>Args` class and nested input types carry each property's wire name (`@pulumi.getter(name=...)`), its
type (the `__init__` annotations), whether it is required (no default), closed enums (an Enum type with no
`str` beside it) and deprecations (`@_utilities.deprecated`). This script turns them into a schema of the same
shape as Pulumi's (`resources[token].inputProperties`, `requiredInputs`, `types`), and checks recorded
resources against it: unknown properties at any nesting level, wrong types, missing required inputs, values
outside a closed enum, and deprecated properties. Mocks accept anything; the provider does not.

    python scripts/aws_schema.py check --stack dev            # run the stack offline and check it
    python scripts/aws_schema.py check INVENTORY.json         # resources: [{"urn", "type", "inputs"}, ...]
    python scripts/aws_schema.py schema aws:ec2/subnet:Subnet [--output schema.json]

`check` prints one line per problem and exits 1 when there is any, 2 on bad input.
"""

from __future__ import annotations

import argparse
import difflib
import enum
import functools
import importlib
import inspect
import json
import re
import sys
import typing
from collections import abc
from pathlib import Path
from typing import Any, Iterable

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

PACKAGES = {"aws": "pulumi_aws", "random": "pulumi_random"}
PROVIDER_PREFIX = "pulumi:providers:"
# Values the schema cannot judge: a secret (costing masks it) or a value unknown until apply.
SECRET = "[secret]"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
_SECRET_MARKER = "4dabf18193072939515e22adb298388d"
_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean"}


class SchemaBuilder:
    """Builds the schema of the resources it is asked for, and of every input type they reach."""

    def __init__(self) -> None:
        self.resources: dict[str, dict[str, Any]] = {}
        self.types: dict[str, dict[str, Any]] = {}

    def schema(self) -> dict[str, Any]:
        return {"resources": self.resources, "types": self.types}

    def resource(self, token: str) -> dict[str, Any] | None:
        """The schema of `token`, built once; None for a token of no known package (a component, say)."""
        if token not in self.resources:
            args_class = args_class_of(token)
            if args_class is None:
                return None
            properties, required = self._object(args_class)
            self.resources[token] = {"inputProperties": properties, "requiredInputs": required}
        return self.resources[token]

    def _object(self, args_class: type) -> tuple[dict[str, Any], list[str]]:
        from pulumi._types import input_type_py_to_pulumi_names

        names = input_type_py_to_pulumi_names(args_class)
        module_globals = vars(sys.modules[args_class.__module__])
        properties, required = {}, []
        for parameter in list(inspect.signature(args_class.__init__).parameters.values())[1:]:
            name = names.get(parameter.name, parameter.name)
            spec = self._type(parameter.annotation, module_globals)
            deprecation = _deprecation(args_class, parameter.name)
            if deprecation:
                spec = {**spec, "deprecationMessage": deprecation}
            properties[name] = spec
            if parameter.default is inspect.Parameter.empty:
                required.append(name)
        return properties, required

    def _type(self, annotation: Any, module_globals: dict[str, Any]) -> dict[str, Any]:
        """A schema type from an SDK annotation: Input[T] and Optional[T] unwrapped, forward references resolved."""
        if isinstance(annotation, typing.ForwardRef):
            annotation = annotation.__forward_arg__
        if isinstance(annotation, str):
            if annotation.startswith("Output["):
                return {}
            annotation = eval(annotation, module_globals)  # noqa: S307 (a name from the SDK's own annotations)
        origin = typing.get_origin(annotation)
        if origin is typing.Union:
            members = [member for member in typing.get_args(annotation) if _is_value_type(member)]
            if len(members) == 1:
                return self._type(members[0], module_globals)
            specs = [self._type(member, module_globals) for member in members]
            if all(spec.get("type") == "string" for spec in specs):  # str or an Enum: an open enum
                return {"type": "string"}
            return {"oneOf": specs}
        if origin in (list, abc.Sequence, typing.Sequence):
            return {"type": "array", "items": self._type(typing.get_args(annotation)[0], module_globals)}
        if origin in (dict, abc.Mapping, typing.Mapping):
            values = self._type(typing.get_args(annotation)[1], module_globals)
            return {"type": "object", "additionalProperties": values}
        if annotation in _SCALARS:
            return {"type": _SCALARS[annotation]}
        if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
            return {"type": "string", "enum": sorted(str(member.value) for member in annotation)}
        if inspect.isclass(annotation) and getattr(annotation, "_pulumi_input_type", False):
            return {"$ref": f"#/types/{self._input_type(annotation)}"}
        return {}  # Any, or a JSON value

    def _input_type(self, input_class: type) -> str:
        name = f"{input_class.__module__}.{input_class.__qualname__}"
        if name not in self.types:
            self.types[name] = {}  # reserved first: input types can refer to themselves
            properties, required = self._object(input_class)
            self.types[name] = {"properties": properties, "required": required}
        return name


def _is_value_type(member: Any) -> bool:
    """Union members that are the value, not the Input plumbing (None, Awaitable[T], Output[T])."""
    if member is type(None):
        return False
    if typing.get_origin(member) in (abc.Awaitable, typing.Awaitable):
        return False
    return not (isinstance(member, typing.ForwardRef) and member.__forward_arg__.startswith("Output["))


def _deprecation(args_class: type, python_name: str) -> str | None:
    """The message of `@_utilities.deprecated` on the property's getter, None when it is not deprecated."""
    getter = getattr(getattr(args_class, python_name, None), "fget", None)
    if getter is None or not hasattr(getter, "_pulumi_deprecated_callable"):
        return None
    messages = [cell.cell_contents for cell in getter.__closure__ or () if isinstance(cell.cell_contents, str)]
    return messages[0] if messages else "deprecated"


def args_class_of(token: str) -> type | None:
    """The SDK's Args class of a resource token (`aws:ec2/subnet:Subnet`, `pulumi:providers:aws`)."""
    if token.startswith(PROVIDER_PREFIX):
        package = PACKAGES.get(token[len(PROVIDER_PREFIX):])
        return getattr(importlib.import_module(f"{package}.provider"), "ProviderArgs", None) if package else None
    parts = token.split(":")
    if len(parts) != 3 or parts[0] not in PACKAGES:
        return None
    module = _module_of(PACKAGES[parts[0]], parts[1].split("/")[0], token)
    return getattr(module, f"{parts[2]}Args", None) if module else None


def _module_of(package: str, folder: str, token: str):
    """The module whose resource registers `token`: found by its text, then imported."""
    name = _token_modules(package, "" if folder == "index" else folder).get(token)
    return importlib.import_module(name) if name else None


@functools.cache
def _token_modules(package: str, folder: str) -> dict[str, str]:
    """token -> module name, for every resource module of one folder of a package (read as text: fast)."""
    root = Path(importlib.util.find_spec(package).origin).parent
    directory = root / folder if folder else root
    found = {}
    for path in sorted(directory.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for token in re.findall(r"__init__\(\s*'([a-z]+:[A-Za-z0-9/]+:[A-Za-z0-9]+)'", text):
            module = ".".join(filter(None, [package, folder.replace("/", "."), path.stem]))
            found.setdefault(token, module)
    return found


# --- checking resources -----------------------------------------------------------------------------

def check_resources(resources: Iterable[dict[str, Any]], builder: SchemaBuilder | None = None) -> list[str]:
    """One line per problem of each resource ({"urn" or "name", "type", "inputs"}) against the schema."""
    builder = builder or SchemaBuilder()
    problems = []
    for resource in resources:
        schema = builder.resource(resource["type"])
        if schema is None:
            continue
        inputs = resource.get("inputs") or {}
        if resource["type"].startswith(PROVIDER_PREFIX):  # the engine passes provider inputs JSON-encoded
            properties = schema["inputProperties"]
            inputs = {key: value if properties.get(key, {}).get("type") == "string" else _decoded(value)
                      for key, value in inputs.items() if key != "version"}
        where = resource.get("urn") or resource.get("name") or resource["type"]
        problems += [f"{where}: {problem}" for problem in
                     _check_object(inputs, schema["inputProperties"], schema["requiredInputs"], "", builder.schema())]
    return problems


def _decoded(value: Any) -> Any:
    """A provider input's value from its JSON text; a value that is not JSON is itself."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _check_object(values: dict[str, Any], properties: dict[str, Any], required: list[str], path: str,
                  schema: dict[str, Any]) -> list[str]:
    problems = [f"{path}{name}: required input is missing" for name in required if name not in values]
    for name, value in values.items():
        if name not in properties:
            close = [known for known in properties if known.lower() == name.lower()] or \
                difflib.get_close_matches(name, list(properties), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            problems.append(f"{path}{name}: not a property of this type{hint}")
            continue
        spec = properties[name]
        if "deprecationMessage" in spec:
            problems.append(f"{path}{name}: deprecated: {spec['deprecationMessage']}")
        problems += _check_value(value, spec, f"{path}{name}", schema)
    return problems


def _check_value(value: Any, spec: dict[str, Any], path: str, schema: dict[str, Any]) -> list[str]:
    if value is None or value in (SECRET, UNKNOWN) or (isinstance(value, dict) and _SECRET_MARKER in value):
        return []
    if "$ref" in spec:
        target = schema["types"][spec["$ref"].removeprefix("#/types/")]
        if not isinstance(value, dict):
            return [f"{path}: expected an object, got {json.dumps(value)}"]
        return _check_object(value, target["properties"], target["required"], f"{path}.", schema)
    if "oneOf" in spec:
        return [] if any(not _check_value(value, option, path, schema) for option in spec["oneOf"]) else [
            f"{path}: {json.dumps(value)} matches none of its types"]
    kind = spec.get("type")
    if kind == "array":
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {json.dumps(value)}"]
        return [problem for index, item in enumerate(value)
                for problem in _check_value(item, spec["items"], f"{path}[{index}]", schema)]
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{path}: expected a map, got {json.dumps(value)}"]
        return [problem for key, item in value.items()
                for problem in _check_value(item, spec["additionalProperties"], f"{path}.{key}", schema)]
    if kind and not _is_scalar(value, kind):
        return [f"{path}: expected {kind}, got {json.dumps(value)}"]
    if "enum" in spec and value not in spec["enum"]:
        return [f"{path}: {json.dumps(value)} is not one of {', '.join(spec['enum'])}"]
    return []


def _is_scalar(value: Any, kind: str) -> bool:
    """Numbers cross the wire as floats (30.0): an integral float is an integer."""
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return kind == "number" or float(value).is_integer()


# --- the command line -------------------------------------------------------------------------------

def stack_resources(stack: str) -> list[dict[str, Any]]:
    """The stack's resources as the program registers them offline, secrets masked."""
    from costing.inventory.program import plain_resources, run_stack

    return plain_resources(run_stack(stack))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check resources against the schema")
    check.add_argument("inventory", nargs="?", help='a JSON list of {"urn", "type", "inputs"}')
    check.add_argument("--stack", help="run this project's stack offline and check it")
    build = commands.add_parser("schema", help="write the schema of resource types")
    build.add_argument("types", nargs="+", metavar="TOKEN")
    build.add_argument("--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    if args.command == "schema":
        builder = SchemaBuilder()
        unknown = [token for token in args.types if builder.resource(token) is None]
        if unknown:
            print(f"aws_schema: error: not a resource of {', '.join(PACKAGES.values())}: {', '.join(unknown)}",
                  file=sys.stderr)
            return 2
        text = json.dumps(builder.schema(), indent=1, sort_keys=True)
        (args.output.write_text(text + "\n") if args.output else print(text))
        return 0
    if (args.inventory is None) == (args.stack is None):
        print("aws_schema: error: give an inventory file or --stack NAME", file=sys.stderr)
        return 2
    try:
        resources = stack_resources(args.stack) if args.stack else json.loads(Path(args.inventory).read_text())
    except (OSError, ValueError) as error:
        print(f"aws_schema: error: {args.inventory}: {error}", file=sys.stderr)
        return 2
    if not isinstance(resources, list) or not all(isinstance(item, dict) and "type" in item for item in resources):
        print(f"aws_schema: error: {args.inventory}: expected a list of resources with a `type`", file=sys.stderr)
        return 2
    problems = check_resources(resources)
    for problem in problems:
        print(problem)
    print(f"{len(resources)} resources checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
