"""Resources -> the inventory DataFrame, by the same rules whatever the source.

Each adapter (mock run, preview JSON, stack export) turns its format into `Resource`s, the stack and
providers included; this module decides what is a row, normalises type aliases, names each row's
component and resolves the region it is priced in, so the three sources cannot drift apart.
Per-resource work is plain dict operations and the DataFrame is built once: a 100,000-resource
preview loads in seconds.
"""

from __future__ import annotations

import gc
import json
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, NamedTuple

import pandas as pd

from costing.errors import InputError
from costing.schema import INVENTORY_COLUMNS, SECRET, UNKNOWN

STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_TYPE_PREFIX = "pulumi:providers:"
_STACK_URN_MARKER = f"::{STACK_TYPE}::"
# How the engine marks a secret value in a stack export (and the SDK in a mock run).
SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
# pulumi-aws's `aws:alb/...` tokens are aliases of `aws:lb/...`: the rules know only the latter.
_ALIAS_PREFIX, _CANONICAL_PREFIX = "aws:alb/", "aws:lb/"
# The order of build_inventory's row tuples.
_RECORD_ORDER = ("urn", "type", "name", "component", "parent", "provider", "region", "id", "inputs", "refs",
                 "custom")
# Columns never null get a real dtype; the nullable ones (parent, provider, region, id) stay object
# so that a missing value is None, not NaN.
_COLUMN_DTYPES = {"urn": "str", "type": "str", "name": "str", "component": "str", "custom": bool}


@dataclass(frozen=True)
class Inventory:
    """Where resources come from and what they are: one row per resource (schema.INVENTORY_COLUMNS)."""

    source: dict  # {"kind": "stack"|"preview"|"state", "stack": str|None, "project": str|None, "path": str|None}
    default_region: str | None  # the stack's aws:region when known
    resources: pd.DataFrame


class Resource(NamedTuple):
    """One resource as a source describes it, before the shared rules apply."""

    urn: str
    type: str
    custom: bool  # False for components (and the stack)
    parent: str | None
    provider: str | None  # a provider reference (`<urn>::<id>`) or a provider URN
    id: str | None
    inputs: dict[str, Any]  # camelCase, secrets already masked as SECRET
    refs: dict[str, list[str]]


def build_inventory(resources: Iterable[Resource], *, source: dict, default_region: str | None,
                    where: str) -> Inventory:
    """Apply the shared row rules; `where` names the input in error messages."""
    by_urn = {resource.urn: resource for resource in resources}  # a replace pair collapses to one
    provider_regions = {}
    rows: list[Resource] = []
    for resource in by_urn.values():
        if resource.type.startswith(PROVIDER_TYPE_PREFIX):
            region = region_input(resource.inputs)
            if region is not None:
                provider_regions[resource.urn] = region
        elif resource.type != STACK_TYPE:
            rows.append(resource)
    parents = {row.urn: _parent_urn(row.parent) for row in rows}
    tops = _top_ancestors(parents, where)
    provider_urns = {reference: provider_urn(reference) for reference in {row.provider for row in rows}}
    records = []
    for row in rows:
        top = tops[row.urn]
        provider = provider_urns[row.provider]
        region = region_input(row.inputs) or provider_regions.get(provider) or default_region
        component = "" if top == row.urn and row.custom else urn_name(top)
        records.append((row.urn, canonical_type(row.type), urn_name(row.urn), component, parents[row.urn],
                        provider, region, row.id, row.inputs, row.refs, row.custom))
    values = zip(*records) if records else ([] for _ in _RECORD_ORDER)
    by_name = dict(zip(_RECORD_ORDER, values))
    frame = pd.DataFrame({name: pd.Series(by_name[name], dtype=_COLUMN_DTYPES.get(name, object))
                          for name in INVENTORY_COLUMNS})
    return Inventory(source=source, default_region=default_region, resources=frame)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk load.

    Parsing a large document creates millions of objects and no cycles; the collector would only
    rescan them again and again (it doubles the time of a 100,000-resource preview).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def canonical_type(type_token: str) -> str:
    if type_token.startswith(_ALIAS_PREFIX):
        return _CANONICAL_PREFIX + type_token[len(_ALIAS_PREFIX):]
    return type_token


def is_urn(value: Any) -> bool:
    """`urn:pulumi:<stack>::<project>::<type>::<name>`, printable (URNs are quoted in messages)."""
    return (isinstance(value, str) and value.startswith("urn:pulumi:") and value.count("::") >= 3
            and value.isprintable())


def urn_name(urn: str) -> str:
    return urn.split("::", 3)[3]


def stack_and_project(urn: str) -> tuple[str, str]:
    stack, project = urn[len("urn:pulumi:"):].split("::", 2)[:2]
    return stack, project


def provider_urn(reference: str | None) -> str | None:
    """A provider reference is `<provider urn>::<provider id>`; the row keeps the URN."""
    if not reference:
        return None
    if reference.count("::") >= 4:
        return reference.rsplit("::", 1)[0]
    return reference


def region_input(inputs: dict[str, Any]) -> str | None:
    """A resource's or provider's own `region` input (pulumi-aws 7), when it names one."""
    return region_name(inputs.get("region"))


def region_name(value: Any) -> str | None:
    """`value` when it can name a region: a non-empty string that is not a masked secret."""
    if isinstance(value, str) and value and value != SECRET:
        return value
    return None


def is_secret(value: dict) -> bool:
    return value.get(SECRET_SIG_KEY) == SECRET_SIG


def references(property_dependencies: dict[str, Any], dependencies: Iterable[str],
               inputs: dict[str, Any]) -> dict[str, list[str]]:
    """Input name -> URNs it depends on.

    From propertyDependencies; without them (older engines, some languages) an input that is
    unknown at preview time depends on the resource's `dependencies` as a whole.
    """
    if not property_dependencies:
        dependencies = list(dependencies)
        return {key: dependencies for key, value in inputs.items() if dependencies and contains_unknown(value)}
    return {key: list(urns) for key, urns in property_dependencies.items() if urns}


def contains_unknown(value: Any) -> bool:
    if value == UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, list):
        return any(contains_unknown(item) for item in value)
    return False


def shown(value: Any, limit: int = 60) -> str:
    """An untrusted value quoted on one line for an error message."""
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parent_urn(parent: str | None) -> str | None:
    """Resources right under the stack have no parent row."""
    if not parent or _STACK_URN_MARKER in parent:
        return None
    return parent


def _top_ancestors(parents: dict[str, str | None], where: str) -> dict[str, str]:
    """Each row's ancestor right below the stack (itself at the root).

    A parent that is not a row (a resource the source leaves out) is the highest ancestor known.
    """
    tops: dict[str, str] = {}
    for urn in parents:
        chain, on_chain = [urn], {urn}
        parent = parents[urn]
        while parent is not None and parent in parents and parent not in tops:
            if parent in on_chain:
                raise InputError(f"{where}: resource {parent} is its own ancestor (a `parent` cycle)")
            chain.append(parent)
            on_chain.add(parent)
            parent = parents[parent]
        if parent is None:
            top = chain[-1]
        else:
            top = tops.get(parent, parent)
        for member in chain:
            tops[member] = top
    return tops
