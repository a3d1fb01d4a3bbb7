"""The pricing rules: one module per AWS service, each turning the resources of its types into cost lines
(schema.LINE_COLUMNS) from the prices it declares (docs/adding-a-resource-type.md).

A rule module declares `TYPES` (the type tokens it prices), `PRICES` (its price identities, Price and
Tiered of costing/rules/declare.py, with where each is read from), `USAGE` (type token -> the UsageKeys
its usage lines read; none when absent) and `lines(resources, inventory)` (the lines of `resources`,
all of its types; `inventory` is every row, to follow references). A rule whose price depends on the day
(EKS extended support) takes the estimate's date too: `lines(resources, inventory, on)`. A module with
PRICES and no TYPES (shared.py) declares prices that several rules write.

An estimate imports only the modules of the types it meets: RULE_MODULES (costing/rules/index.py,
generated from the modules' TYPES by scripts/index_rules.py; a test fails when it is stale) says
which module prices each type, and TIERED_MODULES which modules declare a service's volume-tiered prices
(the further tiers of a usage line whose quantity passes its first tier: `further_tiers`).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date
from functools import cache
from types import ModuleType

import pandas as pd

from costing.rules.common import lines_frame
from costing.rules.declare import FurtherTiers, Price, Tiered, UsageKey, prices_of
from costing.rules.free import FREE_TYPES
from costing.rules.index import RULE_MODULES, TIERED_MODULES

# The package's modules that are not rule modules.
INFRASTRUCTURE = frozenset({"common", "declare", "free", "index"})


def has_rule(type_token: str) -> bool:
    return type_token in RULE_MODULES


def is_free(type_token: str) -> bool:
    return type_token in FREE_TYPES


def free_note(type_token: str) -> str:
    return FREE_TYPES.get(type_token, "")


@cache
def rule_module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


def usage_keys(type_token: str) -> tuple[UsageKey, ...]:
    """The usage keys a type's lines read (none for a type without a rule)."""
    name = RULE_MODULES.get(type_token)
    return getattr(rule_module(name), "USAGE", {}).get(type_token, ()) if name else ()


def rule_lines(resources: pd.DataFrame, inventory: pd.DataFrame, on: date | None = None) -> pd.DataFrame:
    """The lines of every resource a rule prices (other rows give none), each module called once with its
    rows, then in the order of `resources` (a resource's lines in the order its rule wrote them). `on`: the
    day the estimate prices (default today), for the rules that take it."""
    positions: dict[str, list[int]] = {}
    for position, type_token in enumerate(resources["type"].tolist()):
        name = RULE_MODULES.get(type_token)
        if name is not None:
            positions.setdefault(name, []).append(position)
    frames = [rule_module(name).lines(resources.take(rows), inventory, **_dated(name, on))
              for name, rows in positions.items()]
    lines = pd.concat([lines_frame([]), *frames], ignore_index=True)
    if len(frames) < 2:
        return lines
    order = pd.Index(resources["urn"]).get_indexer(lines["urn"])
    return lines.take(order.argsort(kind="stable")).reset_index(drop=True)


def _dated(name: str, on: date | None) -> dict[str, date]:
    """The keyword a rule module's lines() takes the estimate's date by (`on`), when it takes one."""
    return {"on": on or date.today()} if _takes_date(name) else {}


@cache
def _takes_date(name: str) -> bool:
    return "on" in inspect.signature(rule_module(name).lines).parameters


def further_tiers(service: str, item: str, variant: str) -> FurtherTiers:
    """The further tiers of a first-tier usage line (service, item, variant) of a declared Tiered price."""
    for tiered in _tiered_prices(service):
        found = tiered.further(item, variant)
        if found is not None:
            return found
    raise KeyError(f"no declared Tiered price has {service} {item} {variant} as its first tier")


@cache
def _tiered_prices(service: str) -> tuple[Tiered, ...]:
    return tuple(entry for name in TIERED_MODULES.get(service, ()) for entry in rule_module(name).PRICES
                 if isinstance(entry, Tiered) and entry.tiers[0].price.service == service)


def all_rule_modules() -> tuple[ModuleType, ...]:
    """Every rule module of the package (those declaring PRICES), imported, by name: for the snapshot
    build, the refresh mapping, the index and the tests, never for an estimate."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name not in INFRASTRUCTURE)
    return tuple(module for module in map(rule_module, names) if hasattr(module, "PRICES"))


def declared_prices() -> tuple[Price, ...]:
    """Every price identity the rule modules declare, once each."""
    found: dict[int, Price] = {}
    for module in all_rule_modules():
        for price in prices_of(module.PRICES):
            found.setdefault(id(price), price)
    return tuple(found.values())
