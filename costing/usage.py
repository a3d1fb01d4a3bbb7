"""The usage file (`--usage-file`): how much of what is billed by use a stack is expected to use.

    defaults:                          # per resource type: the type token or its short form
      aws:ec2/natGateway:NatGateway:
        monthly_gb_processed: 500
      aws:lb/loadBalancer:             # (the aws:alb/ alias works too)
        lcu_per_hour: 2
    resources:                         # per resource, by name or URN; wins over the type's defaults
      web-alb:
        lcu_per_hour: 5

A value may nest one level, as infracost gives values per region group: `monthly_https_requests:
{us: 2000000}` is the key `monthly_https_requests.us`, which may also be written flat.

Keys, by type (all numbers >= 0; a usage line without a value shows its unit price and
"depends on usage"):
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
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from costing.errors import InputError
from costing.inventory.frame import canonical_type
from costing.rules import RULE_MODULES, usage_keys
from costing.rules.declare import UsageKey

SECTIONS = ("defaults", "resources")
QUANTITY_COLUMNS = ["urn", "usage_key", "quantity"]


@cache
def _declared() -> dict[str, tuple[UsageKey, ...]]:
    """Type token -> its usage keys, for the types that have some."""
    return {type_token: keys for type_token in RULE_MODULES if (keys := usage_keys(type_token))}


@cache
def _short_types() -> dict[str, str]:
    return {token.rsplit(":", 1)[0]: token for token in _declared()}


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads a plain `1e3` as a string; read it as the number YAML 1.2 (and people) mean."""


_EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+$")
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT, list("-+.0123456789"))


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
        return _in_chunks(chosen.drop_duplicates(["urn", "usage_key"])[QUANTITY_COLUMNS], resources)


def _in_chunks(quantities: pd.DataFrame, resources: pd.DataFrame) -> pd.DataFrame:
    """Sizes AWS bills in whole chunks (`UsageKey.chunk`) as a number of chunks: ceil(value / chunk), at
    least one, and one for a resource whose value is not given (a payload within one chunk)."""
    chunked = pd.DataFrame([(type_token, key.name, key.chunk) for type_token in resources["type"].unique()
                            for key in usage_keys(type_token) if key.chunk],
                           columns=["type", "usage_key", "chunk"])
    if chunked.empty:
        return quantities.reset_index(drop=True)
    wanted = resources[["urn", "type"]].merge(chunked, on="type")[["urn", "usage_key", "chunk"]]
    sizes = wanted.merge(quantities, on=["urn", "usage_key"], how="left")
    sizes["quantity"] = np.ceil(sizes["quantity"] / sizes["chunk"]).clip(lower=1).fillna(1.0)
    others = quantities.merge(wanted[["urn", "usage_key"]], on=["urn", "usage_key"], how="left", indicator=True)
    others = others[others["_merge"] == "left_only"]
    return pd.concat([others[QUANTITY_COLUMNS], sizes[QUANTITY_COLUMNS]], ignore_index=True)


def _merge(keys: pd.DataFrame, values: dict[str, dict[str, float]], priority: int) -> pd.DataFrame:
    table = pd.DataFrame([(match, key, quantity) for match, entry in values.items() for key, quantity in entry.items()],
                         columns=["match", "usage_key", "quantity"]).astype({"match": "str", "usage_key": "str",
                                                                           "quantity": "float64"})
    merged = keys.astype({"match": "str"}).merge(table, on="match")
    return merged.assign(priority=priority)


def load_usage(path: str | Path) -> Usage:
    """The usage file at `path`, or an InputError naming the file and the bad section, key or value."""
    label = str(path)
    document = _read_yaml(Path(path), label)
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
        where = f"{label}: defaults.{type_name}"
        defaults[type_token] = _values(_flattened(entry, where), where, _declared()[type_token])
    resources = {}
    for resource, entry in _mapping(document.get("resources"), f"{label}: resources").items():
        allowed = _keys_for_resource(str(resource))
        where = f"{label}: resources.{resource}"
        resources[str(resource)] = _values(_flattened(entry, where), where, allowed)
    return Usage(label, defaults, resources)


def _read_yaml(path: Path, label: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise InputError(f"{label}: cannot read the usage file: {reason}") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"{label}: not valid YAML: {problem}{where}") from None


def _mapping(value: Any, where: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{where}: must be a mapping, got {type(value).__name__}")
    return value


def _type_token(name: Any, label: str) -> str:
    """A full type token or its short form (`aws:ec2/natGateway`), aliases (`aws:alb/`) included."""
    text = canonical_type(str(name))
    token = text if text in _declared() else _short_types().get(text)
    if token is None:
        raise InputError(f"{label}: defaults.{name}: no usage keys for this resource type "
                         f"(types with usage: {', '.join(sorted(_short_types()))})")
    return token


def _keys_for_resource(resource: str) -> tuple[UsageKey, ...]:
    """The keys a resource entry may set: its type's when it is a URN of a known type, else any key."""
    if resource.startswith("urn:pulumi:") and resource.count("::") >= 3:
        return usage_keys(canonical_type(resource.split("::")[2].rsplit("$", 1)[-1]))
    return tuple({key.name: key for keys in _declared().values() for key in keys}.values())


def _flattened(entry: Any, where: str) -> dict[Any, Any]:
    """An entry whose values may nest one level, as infracost writes values per region group
    (`monthly_data_transfer_to_internet_gb: {us: 100}`), as flat dotted keys
    (`monthly_data_transfer_to_internet_gb.us: 100`), which the entry may also give directly."""
    flat: dict[Any, Any] = {}
    for key, value in _mapping(entry, where).items():
        if isinstance(value, dict):
            flat.update({f"{key}.{sub}": sub_value for sub, sub_value in value.items()})
        else:
            flat[key] = value
    return flat


def _values(entry: Any, where: str, allowed: tuple[UsageKey, ...]) -> dict[str, float]:
    """The entry's values by their keys' names. A key's older name (an alias) is read as that key's name,
    as the names of every key it is an alias of (a resource given by name may be of any type), but a
    key's own name always means that key (`backup_storage_gb` is a DocumentDB key and an RDS alias)."""
    names = {key.name for key in allowed}
    aliases: dict[str, list[str]] = {}
    for key in allowed:
        for alias in key.aliases:
            aliases.setdefault(alias, []).append(key.name)
    values, from_aliases = {}, {}
    for key, value in _mapping(entry, where).items():
        if key not in names and key not in aliases:
            choices = ", ".join(sorted(names)) if allowed else "none: this resource type has no usage lines"
            raise InputError(f"{where}.{key}: unknown usage key (allowed: {choices})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise InputError(f"{where}.{key}: must be a number >= 0, got {value!r}")
        if key in names:
            values[key] = float(value)
        from_aliases |= dict.fromkeys(aliases.get(key, ()), float(value))
    return from_aliases | values
