"""The pricing rules: which module turns resources of each type into cost lines (schema.LINE_COLUMNS).

Each rule module exposes `TYPES` (the type tokens it prices), `lines(resources, inventory)` (the
lines of `resources`, all of its types; `inventory` is every row, to follow references) and, when it
writes usage lines, `USAGE_KEYS` (type token -> the usage-file keys its usage lines read).
"""

from __future__ import annotations

from types import ModuleType

import pandas as pd

from costing.rules import ebs, ec2, elb, monitoring, network, rds
from costing.rules.common import lines_frame
from costing.rules.free import FREE_TYPES

MODULES: tuple[ModuleType, ...] = (ec2, ebs, rds, elb, network, monitoring)
RULES: dict[str, ModuleType] = {type_token: module for module in MODULES for type_token in module.TYPES}
USAGE_KEYS: dict[str, tuple[str, ...]] = {
    type_token: keys for module in MODULES for type_token, keys in getattr(module, "USAGE_KEYS", {}).items()
}


def is_free(type_token: str) -> bool:
    return type_token in FREE_TYPES


def free_note(type_token: str) -> str:
    return FREE_TYPES.get(type_token, "")


def rule_lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    """The lines of every resource a rule prices (other rows give none), each module called once
    with its rows, in the order of MODULES."""
    positions: dict[ModuleType, list[int]] = {}
    for position, type_token in enumerate(resources["type"].tolist()):
        module = RULES.get(type_token)
        if module is not None:
            positions.setdefault(module, []).append(position)
    frames = [module.lines(resources.take(positions[module]), inventory)
              for module in MODULES if module in positions]
    return pd.concat([lines_frame([]), *frames], ignore_index=True)
