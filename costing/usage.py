"""The usage file (`--usage-file`): how much of what is billed by use a stack is expected to use.

    defaults:                          # per resource type: the type token or its short form
      aws:ec2/natGateway:NatGateway:
        monthly_gb_processed: 500
      aws:lb/loadBalancer:             # (the aws:alb/ alias works too)
        lcu_per_hour: 2
    resources:                         # per resource, by name or URN; wins over the type's defaults
      web-alb:
        lcu_per_hour: 5

Keys, by type (all numbers from 0 to 1,000,000,000; a usage line without a value shows its unit price
and "depends on usage"):
- aws:ec2/natGateway: `monthly_gb_processed` (GB through the gateway per month),
  `monthly_data_transfer_out_gb` (GB it sends to the internet per month).
- aws:lb/loadBalancer: `lcu_per_hour` (an ALB's average load balancer capacity units),
  `nlcu_per_hour` (an NLB's), `monthly_data_transfer_out_gb`.
- aws:elb/loadBalancer (classic): `monthly_gb_processed`, `monthly_data_transfer_out_gb`.
- aws:ec2/instance, aws:autoscaling/group: `monthly_data_transfer_out_gb` (the instances' own
  traffic to the internet, for instances with a public IP; the group's total).
- aws:rds/instance: `backup_storage_gb` (backup storage beyond the free allowance, which is as much
  as the database's storage).
- aws:ec2/vpcEndpoint: `monthly_gb_processed` (interface endpoints).
- aws:cloudwatch/logGroup: `monthly_gb_ingested`, `stored_gb`.
Data transfer out is priced at AWS's first tier (up to 10 TB a month), without the account-wide
100 GB free allowance.

A usage file is read as hostile input: at most USAGE_FILE_LIMIT bytes, nesting and numbers bounded,
every failure one InputError naming the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from costing.errors import InputError
from costing.inventory.frame import canonical_type
from costing.rules import USAGE_KEYS
from costing.rules.common import MAX_QUANTITY
from costing.yaml_file import load_yaml_file

SECTIONS = ("defaults", "resources")
QUANTITY_COLUMNS = ["urn", "usage_key", "quantity"]
_SHORT_TYPES = {token.rsplit(":", 1)[0]: token for token in USAGE_KEYS}
_ALL_KEYS = sorted({key for keys in USAGE_KEYS.values() for key in keys})
USAGE_FILE_LIMIT = 8 * 1024 * 1024  # a line per resource of a 100,000-resource stack: about 6 MB


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads a plain `1e3` as a string; read it as the number YAML 1.2 (and people) mean. An
    integer with more digits than Python converts (4,300) is a _LongNumber instead of an error."""

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return _LongNumber(sum(char.isdigit() for char in str(node.value)))


class _LongNumber(int):
    """An integer too long to convert, known by its number of digits (always refused as a usage value)."""

    def __repr__(self) -> str:
        return f"a number of {int(self):,} digits"


_EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+$")
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT, list("-+.0123456789"))
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


@dataclass(frozen=True)
class Usage:
    """Usage values: per type token, and per resource name or URN (which win)."""

    path: str = ""
    defaults: dict[str, dict[str, float]] = field(default_factory=dict)
    resources: dict[str, dict[str, float]] = field(default_factory=dict)

    def quantities(self, resources: pd.DataFrame) -> pd.DataFrame:
        """QUANTITY_COLUMNS for `resources` (urn, type, name): each resource's value of each key it
        has one for, a per-URN value first, then per-name, then the type's default."""
        candidates = [
            _merge(resources[["urn", "urn"]].set_axis(["urn", "match"], axis=1), self.resources, 0),
            _merge(resources[["urn", "name"]].set_axis(["urn", "match"], axis=1), self.resources, 1),
            _merge(resources[["urn", "type"]].set_axis(["urn", "match"], axis=1), self.defaults, 2),
        ]
        chosen = pd.concat(candidates, ignore_index=True).sort_values("priority", kind="stable")
        return chosen.drop_duplicates(["urn", "usage_key"])[QUANTITY_COLUMNS].reset_index(drop=True)


def _merge(keys: pd.DataFrame, values: dict[str, dict[str, float]], priority: int) -> pd.DataFrame:
    table = pd.DataFrame([(match, key, quantity) for match, entry in values.items() for key, quantity in entry.items()],
                         columns=["match", "usage_key", "quantity"]).astype({"match": "str", "usage_key": "str",
                                                                           "quantity": "float64"})
    merged = keys.astype({"match": "str"}).merge(table, on="match")
    return merged.assign(priority=priority)


def load_usage(path: str | Path) -> Usage:
    """The usage file at `path`, or an InputError naming the file and the bad section, key or value."""
    label = str(path)
    document = load_yaml_file(path, _Loader, limit=USAGE_FILE_LIMIT)
    if document is None:
        return Usage(label)
    if not isinstance(document, dict):
        raise InputError(f"{label}: a usage file is a mapping with `defaults` and/or `resources`, "
                         f"got {type(document).__name__}")
    unknown = [str(section) for section in document if section not in SECTIONS]
    if unknown:
        raise InputError(f"{label}: unknown section {unknown[0]!r} (allowed: {', '.join(SECTIONS)})")
    defaults = {}
    for type_name, entry in _mapping(document.get("defaults"), f"{label}: defaults").items():
        type_token = _type_token(type_name, label)
        defaults[type_token] = _values(entry, f"{label}: defaults.{type_name}", USAGE_KEYS[type_token])
    resources = {}
    for resource, entry in _mapping(document.get("resources"), f"{label}: resources").items():
        allowed = _keys_for_resource(str(resource))
        resources[str(resource)] = _values(entry, f"{label}: resources.{resource}", allowed)
    return Usage(label, defaults, resources)


def _mapping(value: Any, where: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{where}: must be a mapping, got {type(value).__name__}")
    return value


def _type_token(name: Any, label: str) -> str:
    """A full type token or its short form (`aws:ec2/natGateway`), aliases (`aws:alb/`) included."""
    text = canonical_type(str(name))
    token = text if text in USAGE_KEYS else _SHORT_TYPES.get(text)
    if token is None:
        raise InputError(f"{label}: defaults.{name}: no usage keys for this resource type "
                         f"(types with usage: {', '.join(sorted(_SHORT_TYPES))})")
    return token


def _keys_for_resource(resource: str) -> tuple[str, ...]:
    """The keys a resource entry may set: its type's when it is a URN of a known type, else any key."""
    if resource.startswith("urn:pulumi:") and resource.count("::") >= 3:
        type_token = canonical_type(resource.split("::")[2].rsplit("$", 1)[-1])
        return USAGE_KEYS.get(type_token, ())
    return tuple(_ALL_KEYS)


def _values(entry: Any, where: str, allowed: tuple[str, ...]) -> dict[str, float]:
    values = {}
    for key, value in _mapping(entry, where).items():
        if key not in allowed:
            choices = ", ".join(allowed) if allowed else "none: this resource type has no usage lines"
            raise InputError(f"{where}.{key}: unknown usage key (allowed: {choices})")
        if (isinstance(value, (bool, _LongNumber)) or not isinstance(value, (int, float))
                or not 0 <= value <= MAX_QUANTITY):  # (False for NaN)
            shown = _LongNumber(len(str(abs(value)))) if type(value) is int and abs(value) > 10**15 else value
            raise InputError(f"{where}.{key}: must be a number from 0 to {MAX_QUANTITY:,}, got {shown!r}")
        values[str(key)] = float(value)
    return values
