"""The usage file (`--usage-file`): how much of what is billed by use a stack is expected to use.

    defaults:                          # per resource type: the type token or its short form
      aws:ec2/natGateway:NatGateway:
        monthly_data_processed_gb: 500
      aws:lb/loadBalancer:             # (the aws:alb/ alias works too)
        lcu_per_hour: 2
    resources:                         # per resource, by name or URN; wins over the type's defaults
      web-alb:
        lcu_per_hour: 5
        monthly_outbound_internet_gb: null   # no value yet: the line shows its unit price

The keys of each type are the usage keys its rule module declares (costing/rules/*.py `USAGE`), named as
infracost names them; an older name of a key (`monthly_gb_processed`) still reads as the key.
`costing usage template` writes every key of a stack's resources with its unit and unit price. Values
are numbers from 0 to 1,000,000,000,000,000 (MAX_USAGE), or null for none. A value may nest one level, as
infracost gives values per region group: `monthly_https_requests: {us: 2000000}` is the key
`monthly_https_requests.us`, which may also be written flat. A type without usage keys, a resource that
is not in the priced inventory and a key its type does not read are errors, each with the closest names.

A usage file is read as hostile input: at most USAGE_FILE_LIMIT bytes, nesting and numbers bounded,
every failure one InputError naming the file and the key.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from costing.errors import InputError
from costing.inventory.frame import canonical_type
from costing.rules import RULE_MODULES, usage_keys
from costing.rules.declare import UsageKey
from costing.yaml_file import load_yaml_file

SECTIONS = ("defaults", "resources")
QUANTITY_COLUMNS = ["urn", "usage_key", "quantity"]
USAGE_FILE_LIMIT = 8 * 1024 * 1024  # a line per resource of a 100,000-resource stack: about 6 MB

# The largest usage value: a month's requests, queries or samples of a busy service reach the billions
# (an SQS queue at 60,000 messages a second is 155 billion requests), far below this; a price times it,
# summed, stays a finite amount.
MAX_USAGE = 10**15


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
    """Usage values: per type token, and per resource name or URN (which win). `checked`: the resource
    entries were matched with an inventory (`checked_against`), their keys read as the keys' names."""

    path: str = ""
    defaults: dict[str, dict[str, float]] = field(default_factory=dict)
    resources: dict[str, dict[str, float]] = field(default_factory=dict)
    checked: bool = False

    def checked_against(self, resources: pd.DataFrame, where: str) -> "Usage":
        """This usage with each resource entry matched with `resources` (urn, type, name; `where` names
        them), its keys read as the keys' names; an InputError, with the closest names, for an entry that
        names no resource or a key its resource's type does not read."""
        by_match: dict[str, set[str]] = {}
        for urn, name, type_token in zip(resources["urn"], resources["name"], resources["type"]):
            by_match.setdefault(urn, set()).add(type_token)
            by_match.setdefault(name, set()).add(type_token)
        checked = {}
        for entry, values in self.resources.items():
            if entry not in by_match:
                raise InputError(f"{self.path}: resources.{entry}: no resource of that name or URN in {where}"
                                 f"{_closest(entry, [name for name in by_match if not name.startswith('urn:')])}")
            allowed = tuple({key.name: key for type_token in sorted(by_match[entry])
                             for key in usage_keys(type_token)}.values())
            checked[entry] = _named(values, f"{self.path}: resources.{entry}", allowed)
        return replace(self, resources=checked, checked=True)

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
        where = f"{label}: defaults.{type_name}"
        defaults[type_token] = _named(_values(entry, where), where, usage_keys(type_token))
    resources = {str(resource): _values(entry, f"{label}: resources.{resource}")
                 for resource, entry in _mapping(document.get("resources"), f"{label}: resources").items()}
    return Usage(label, defaults, resources)


def _mapping(value: Any, where: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{where}: must be a mapping, got {type(value).__name__}")
    return value


def _type_token(name: Any, label: str) -> str:
    """A full type token or its short form (`aws:ec2/natGateway`), aliases (`aws:alb/`) included, of a
    type with usage keys."""
    text = canonical_type(str(name))
    short = {token.rsplit(":", 1)[0]: token for token in RULE_MODULES}
    token = text if text in RULE_MODULES else short.get(text)
    if token is None or not usage_keys(token):
        with_usage = sorted(form for form, full in short.items() if usage_keys(full))
        # compared as `module/name`, without the `aws:` every token shares and the class name it repeats
        bare = text.split(":")[1] if ":" in text else text
        close = difflib.get_close_matches(bare, [form.split(":")[1] for form in with_usage], n=3, cutoff=0.6)
        hint = f" (closest: {', '.join('aws:' + form for form in close)})" if close else ""
        raise InputError(f"{label}: defaults.{name}: no usage keys for this resource type{hint} "
                         f"(types with usage: {', '.join(with_usage)})")
    return token


def _values(entry: Any, where: str) -> dict[str, float]:
    """An entry's values, each a number >= 0; a key set to null has none (as in a usage template). A value
    may nest one level, as infracost writes values per region group (`monthly_data_transfer_to_internet_gb:
    {us: 100}`): read as the flat dotted key (`monthly_data_transfer_to_internet_gb.us`), which the entry
    may also give directly."""
    values = {}
    for key, value in _mapping(entry, where).items():
        nested = _mapping(value, f"{where}.{key}") if isinstance(value, dict) else {None: value}
        for sub, sub_value in nested.items():
            name = str(key) if sub is None else f"{key}.{sub}"
            if sub_value is None:
                continue
            if (isinstance(sub_value, (bool, _LongNumber)) or not isinstance(sub_value, (int, float))
                    or not 0 <= sub_value <= MAX_USAGE):  # (False for NaN)
                shown = (_LongNumber(len(str(abs(sub_value)))) if type(sub_value) is int and abs(sub_value) > 10**15
                         else sub_value)
                raise InputError(f"{where}.{name}: must be a number from 0 to {MAX_USAGE:,}, got {shown!r}")
            values[name] = float(sub_value)
    return values


def _named(values: dict[str, float], where: str, allowed: tuple[UsageKey, ...]) -> dict[str, float]:
    """`values` by their keys' names; an InputError, with the closest names, for a key none of `allowed` is.
    A key's older name (an alias) is read as the name of every key it is an alias of (an entry naming
    resources of several types), but a key's own name always means that key (`backup_storage_gb` is a
    DocumentDB key and an RDS alias)."""
    names = {key.name for key in allowed}
    aliases: dict[str, list[str]] = {}
    for key in allowed:
        for alias in key.aliases:
            aliases.setdefault(alias, []).append(key.name)
    named, from_aliases = {}, {}
    for key, value in values.items():
        if key not in names and key not in aliases:
            choices = ", ".join(sorted(names)) if allowed else "none: this resource type has no usage lines"
            close = [*dict.fromkeys(name for match in difflib.get_close_matches(key, [*names, *aliases], n=3,
                                                                               cutoff=0.6)
                                    for name in ([match] if match in names else aliases[match]))]
            hint = f" (closest: {', '.join(close)})" if close else ""
            raise InputError(f"{where}.{key}: unknown usage key{hint} (allowed: {choices})")
        if key in names:
            named[key] = value
        from_aliases |= dict.fromkeys(aliases.get(key, ()), value)
    return from_aliases | named


def _closest(wanted: str, options: list[str]) -> str:
    """` (closest: a, b)` when some options are close to `wanted`, else ""."""
    close = difflib.get_close_matches(wanted, options, n=3, cutoff=0.6)
    return f" (closest: {', '.join(close)})" if close else ""
