"""`--state FILE`: what is deployed, from `pulumi stack export` (`-` reads stdin).

Also the reader of the engine's resource-state objects, which a preview's `newState` shares, and of
JSON input files: both adapters fail the same way, with one line naming the file and the resource.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from costing.errors import InputError
from costing.input_file import label_of, read_text
from costing.inventory.frame import (
    PROVIDER_TYPE_PREFIX,
    SECRET_SIG,
    Inventory,
    Resource,
    build_inventory,
    collector_paused,
    is_secret,
    is_urn,
    references,
    region_input,
    shown,
    stack_and_project,
    urn_name,
)
from costing.inventory.json_stream import JsonStream
from costing.schema import SECRET, UNKNOWN

# The optional fields of a resource-state object and the JSON type each must have when present.
_FIELD_TYPES = (("inputs", dict), ("propertyDependencies", dict), ("dependencies", list), ("parent", str),
                ("provider", str), ("id", str), ("custom", bool))
_TYPE_NAMES = {dict: "an object", list: "a list", str: "a string", bool: "true or false"}


def load_state(path: str | Path) -> Inventory:
    """The resources of a stack export, without pending deletes, providers or the stack itself (read as
    a stream: see json_stream)."""
    with collector_paused(), out_of_memory_named(path):
        stream = json_stream(path, ("deployment", "resources"))
        label = stream.label
        resources = [
            resource_from_state(entry, f"{label}: deployment.resources[{index}]")
            for index, entry in enumerate(stream.items())
            if not (isinstance(entry, dict) and entry.get("delete") is True)  # replaced, awaiting deletion
        ]
        if not stream.found:
            raise InputError(f"{label}: not a `pulumi stack export` document (no `deployment.resources` list)"
                             f"{stream.what_it_is()}")
        return build_inventory(resources, source=json_source("state", label, resources),
                               default_region=default_provider_region(resources), where=label)


def json_stream(path: str | Path, array_path: tuple[str, ...]) -> JsonStream:
    """The items of the array at `array_path` of the JSON file at `path`, secrets masked (see read_json)."""
    return JsonStream(path, array_path, object_hook=_mask_secret, needs_hook=_next_secret_text,
                      long_int=_bounded_int)


def _next_secret_text(text: str, start: int) -> int:
    """Where, from `start`, `text` first holds the secret signature or a \\u-escape (which could spell it);
    -1 when it does not. The escape is looked for only up to the signature: a file of many secrets and no
    escape is not scanned to the end of the buffer once per secret."""
    secret = text.find(SECRET_SIG, start)
    escape = text.find("\\u", start, secret if secret >= 0 else len(text))
    return escape if escape >= 0 else secret


@contextmanager
def out_of_memory_named(path: str | Path) -> Iterator[None]:
    """Out of memory while reading a file: an InputError naming it and its size."""
    try:
        yield
    except MemoryError:
        label = label_of(path)
        size = os.stat(path).st_size if label != "stdin" else 0
        raise InputError(f"{label}: not enough memory to read it" + (f" ({size / 2**20:,.0f} MiB)" if size else "")
                         ) from None


def read_json(path: str | Path) -> tuple[str, Any]:
    """(label for messages, document with every secret masked); each failure is one InputError naming the file.

    The text is decoded first (costing.input_file: UTF-8 or UTF-16, bounded in size), then secrets are
    masked on the parsed objects, so that neither an encoding nor a \\u-escape hides the engine's
    signature. A number too long to be one (over 4,300 digits) reads as infinity, which no rule prices."""
    with out_of_memory_named(path):
        return label_of(path), _parsed(label_of(path), read_text(path))


def _parsed(label: str, text: str) -> Any:
    """The JSON document `text`, secrets masked."""
    # Secrets are rare in previews ("[secret]" there): mask objects only when the signature can be there,
    # as it is or with some of its characters \\u-escaped.
    hook = _mask_secret if _next_secret_text(text, 0) >= 0 else None
    try:
        try:
            return json.loads(text, object_hook=hook)
        except ValueError as error:
            if isinstance(error, json.JSONDecodeError) or "integer string conversion" not in str(error):
                raise
            return json.loads(text, object_hook=hook, parse_int=_bounded_int)
    except json.JSONDecodeError as error:
        raise InputError(f"{label}: not JSON (line {error.lineno} column {error.colno})") from None
    except RecursionError:
        raise InputError(f"{label}: cannot read (JSON nested too deeply)") from None


def _bounded_int(digits: str) -> int | float:
    """An integer of JSON, or infinity (signed) for one with more digits than Python converts."""
    try:
        return int(digits)
    except ValueError:
        return float("-inf") if digits.startswith("-") else float("inf")


def resource_from_state(state: Any, where: str, *, urn: Any = None, prefix: str = "") -> Resource:
    """A resource-state object (`{urn, custom, type, inputs, parent, provider, ...}`) as a Resource.

    `urn` is used when the object has none; `prefix` names the object in messages ("newState ").
    """
    if not isinstance(state, dict):
        raise InputError(f"{where}: {prefix or 'a resource '}must be an object, got {shown(state)}")
    urn = state.get("urn", urn)
    if not is_urn(urn):
        raise InputError(f"{where}: {prefix}`urn` is not a Pulumi URN, got {shown(urn)}")
    where = f"{where} ({urn})"
    type_token = state.get("type")
    if type_token is None:
        raise InputError(f"{where}: {prefix}has no `type`")
    if not isinstance(type_token, str) or not type_token:
        raise InputError(f"{where}: {prefix}`type` must be a non-empty string, got {shown(type_token)}")
    _check_fields(state, where, prefix)
    dependencies = state.get("dependencies") or []
    try:
        inputs = _shared_keys(state.get("inputs") or {})
        inputs.pop("__defaults", None)  # the engine's note of which inputs are provider defaults
        refs = references(state.get("propertyDependencies") or {}, dependencies, inputs)
    except RecursionError:
        raise InputError(f"{where}: {prefix}`inputs` nested too deeply") from None
    return Resource(  # the type, parent and provider, shared by many resources, are kept once (interned)
        urn=urn,
        type=sys.intern(type_token),
        custom=state.get("custom") is not False,
        parent=_interned(state.get("parent")),
        provider=_interned(state.get("provider")),
        id=_known_id(state.get("id")),
        inputs=inputs,
        refs=refs,
    )


def _shared_keys(value: Any) -> Any:
    """`value` with every object's keys interned: read item by item (json_stream), each resource would
    otherwise hold its own copy of names that thousands share ("instanceType", "tags")."""
    if type(value) is dict:
        return {sys.intern(key): _shared_keys(member) if type(member) in _NESTED else member
                for key, member in value.items()}
    return [_shared_keys(member) if type(member) in _NESTED else member for member in value]


_NESTED = (dict, list)


def _interned(text: str | None) -> str | None:
    return sys.intern(text) if text else None


def json_source(kind: str, label: str, resources: list[Resource]) -> dict:
    """The `source` of an inventory read from a file: stack and project from the URNs."""
    stack, project = stack_and_project(resources[0].urn) if resources else (None, None)
    return {"kind": kind, "stack": stack, "project": project, "path": label}


def default_provider_region(resources: list[Resource]) -> str | None:
    """A stack export has no config: the default AWS provider's region is the stack's aws:region."""
    for resource in resources:
        if resource.type == PROVIDER_TYPE_PREFIX + "aws" and urn_name(resource.urn).startswith("default"):
            region = region_input(resource.inputs)
            if region is not None:
                return region
    return None


def _check_fields(state: dict, where: str, prefix: str) -> None:
    for key, kind in _FIELD_TYPES:
        value = state.get(key)
        if value is not None and not isinstance(value, kind):
            raise InputError(f"{where}: {prefix}`{key}` must be {_TYPE_NAMES[kind]}, got {shown(value)}")
    for key, urns in (state.get("propertyDependencies") or {}).items():
        if not _urn_list_or_null(urns):  # real exports hold null for an input without dependencies
            raise InputError(f"{where}: {prefix}`propertyDependencies[{key!a}]` must be a list of URNs, "
                             f"got {shown(urns)}")
    if not _urn_list_or_null(state.get("dependencies")):
        raise InputError(f"{where}: {prefix}`dependencies` must be a list of URNs, got {shown(state['dependencies'])}")
    for key in ("parent", "provider"):  # a provider reference is the provider's URN, `::`, its id
        if state.get(key) and not is_urn(state[key]):
            raise InputError(f"{where}: {prefix}`{key}` is not a Pulumi URN, got {shown(state[key])}")


def _urn_list_or_null(urns: Any) -> bool:
    return urns is None or isinstance(urns, list) and (not urns or all(isinstance(urn, str) for urn in urns))


def _known_id(value: str | None) -> str | None:
    return None if not value or value == UNKNOWN else value


def _mask_secret(value: dict) -> Any:
    """json object hook: a secret (`{"4dabf...": "1b47...", "ciphertext": ...}`) becomes SECRET."""
    return SECRET if is_secret(value) else value
