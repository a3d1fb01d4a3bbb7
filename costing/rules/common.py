"""What the rule modules share: how a cost line is written, how inputs are read, how references resolve.

A rule builds the lines of one resource at a time (a loop over resources, never over prices); when
a value it needs is unknown, secret or missing, it raises `Unpriceable` and the resource gets a
single line that says why instead of a price.
"""

from __future__ import annotations

import math
from collections import namedtuple
from typing import Any, Callable, Iterable, NamedTuple

import numpy as np
import pandas as pd

from costing.errors import InputError
from costing.inventory.frame import shown
from costing.schema import INVENTORY_COLUMNS, LINE_COLUMNS, SECRET, UNKNOWN

NAN = float("nan")
SUBNET = "aws:ec2/subnet:Subnet"
LINE_DTYPES = {column: "str" for column in LINE_COLUMNS} | {"quantity": "float64", "usage": "bool"}

DATA_TRANSFER_OUT = "monthly_data_transfer_out_gb"
# Data transfer out is priced at the first tier (0-10 TB/month): the volume tiers and the 100 GB free
# allowance are account-wide, so they cannot be applied resource by resource.
_DATA_TRANSFER_TIER = "0-10TB"


# The largest quantity a rule or the usage file accepts (a count, GB, IOPS, MiB/s, seconds, LCUs): above
# every value AWS accepts for the inputs the rules read (the largest: an io2 Block Express volume's
# 256,000 IOPS and 65,536 GiB, https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html),
# and far enough from a float's limit that a price times it, summed, stays a finite amount.
MAX_QUANTITY = 1_000_000_000


class Unpriceable(Exception):
    """A value the price depends on is not known (unknown until apply, secret, unresolvable) or not a
    quantity (NaN, negative, out of range)."""


class BadInputType(Exception):
    """An input of a JSON type pulumi-aws never gives it (a number where an object belongs): bad input,
    reported as an input error naming the resource, not as a gap in the prices."""


def line(urn: str, description: str, service: str, item: str, unit: str, quantity: float,
         variant: str = "") -> dict[str, Any]:
    """A baseline line: `quantity` units of one catalog price."""
    return {"urn": urn, "description": description, "service": service, "item": item, "variant": variant,
            "unit": unit, "quantity": float(quantity), "usage": False, "usage_key": "", "reason": ""}


def usage_line(urn: str, description: str, service: str, item: str, unit: str, usage_key: str,
               variant: str = "") -> dict[str, Any]:
    """A usage line: its quantity comes from the usage file's `usage_key` (NaN until it does)."""
    return {"urn": urn, "description": description, "service": service, "item": item, "variant": variant,
            "unit": unit, "quantity": NAN, "usage": True, "usage_key": usage_key, "reason": ""}


def unpriced_line(urn: str, description: str, reason: str) -> dict[str, Any]:
    return {"urn": urn, "description": description, "service": "", "item": "", "variant": "", "unit": "",
            "quantity": NAN, "usage": False, "usage_key": "", "reason": reason}


def public_ipv4_line(urn: str, count: float, description: str = "public IPv4 address") -> dict[str, Any]:
    """AWS bills every public IPv4 address by the hour, in use or idle, at the same rate."""
    return line(urn, description, "vpc", "public-ipv4-in-use", "hour", count)


def data_transfer_out_line(urn: str) -> dict[str, Any]:
    return usage_line(urn, "data transfer out to the internet", "data-transfer", "out-to-internet", "GB",
                      DATA_TRANSFER_OUT, _DATA_TRANSFER_TIER)


def lines_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """LINE_COLUMNS with stable dtypes, even when there is no line: built column by column in each
    column's dtype (a frame of dicts converted by `astype` costs six times more)."""
    return pd.DataFrame({column: _column([row[column] for row in rows], LINE_DTYPES[column])
                         for column in LINE_COLUMNS})


def _column(values: list[Any], dtype: str) -> Any:
    if dtype == "str":
        return pd.array(values, dtype="str")
    return np.array(values, dtype=dtype)


def each_resource(resources: pd.DataFrame, build: Callable[[Any], Iterable[dict[str, Any]]],
                  what: str) -> pd.DataFrame:
    """The lines `build(row)` gives for every row; for a row whose price depends on a value that is
    not known, one unpriced line, described as `what`, that says why."""
    return lines_frame(_lines_of(records(resources), build, what))


def each_type(resources: pd.DataFrame,
              builders: dict[str, tuple[Callable[[Any], Iterable[dict[str, Any]]], str]]) -> pd.DataFrame:
    """`each_resource` for the resources of each type, with the builder and description of that type:
    the lines of one type after another, in the order of `builders`."""
    of_type: dict[str, list[Record]] = {type_token: [] for type_token in builders}
    for resource in records(resources):
        if resource.type in of_type:
            of_type[resource.type].append(resource)
    rows: list[dict[str, Any]] = []
    for type_token, (build, what) in builders.items():
        rows.extend(_lines_of(of_type[type_token], build, what))
    return lines_frame(rows)


def _lines_of(resources: Iterable[Any], build: Callable[[Any], Iterable[dict[str, Any]]],
              what: str) -> list[dict[str, Any]]:
    """The lines of each resource; an InputError naming the resource when its inputs have types a rule
    cannot read (BadInputType names the input; an error the rule did not foresee quotes nothing)."""
    rows: list[dict[str, Any]] = []
    for resource in resources:
        try:
            rows.extend(build(resource))
        except Unpriceable as problem:
            rows.append(unpriced_line(resource.urn, what, str(problem)))
        except BadInputType as problem:
            raise InputError(f"resource {resource.urn}: {problem}") from None
        except (TypeError, AttributeError, KeyError, IndexError, ValueError) as error:
            raise InputError(f"resource {resource.urn}: an input does not have the type pulumi-aws gives it "
                             f"({type(error).__name__})") from None
    return rows


# --- reading inputs ----------------------------------------------------------------------------

_TYPE_WORDS = {dict: "an object", list: "a list", str: "a string", bool: "true or false"}


def known(inputs: dict[str, Any], key: str, what: str, kind: type | None = None) -> Any:
    """inputs[key] (None when absent), or Unpriceable when it is unknown until apply or secret;
    BadInputType when `kind` is given and a known value is not of it."""
    value = known_value(inputs.get(key), what)
    if kind is not None and value is not None and not isinstance(value, kind):
        raise BadInputType(f"input {key} must be {_TYPE_WORDS[kind]}, got {shown(value)}")
    return value


def known_value(value: Any, what: str) -> Any:
    if value == UNKNOWN:
        raise Unpriceable(f"{what} unknown until apply")
    if value == SECRET:
        raise Unpriceable(f"{what} is secret")
    return value


def number(inputs: dict[str, Any], key: str, what: str, default: float | None = None) -> float | None:
    """A quantity input: a number from 0 to MAX_QUANTITY (numbers may arrive as strings in JSON documents);
    `default` when absent. Anything else makes the resource unpriced: NaN or a negative count would drop
    it from the total or lower it, infinity would break the totals."""
    value = known(inputs, key, what)
    if value is None or value == "":
        return default
    if isinstance(value, (bool, dict, list)) or not isinstance(value, (int, float, str)):
        raise Unpriceable(f"{what} is not a number ({_kind(value)})")
    try:
        quantity = float(value)
    except ValueError:
        raise Unpriceable(f"{what} is not a number (text)") from None
    except OverflowError:  # an integer beyond a float's range
        quantity = math.inf
    if not math.isfinite(quantity):
        raise Unpriceable(f"{what} is not a finite number")
    if not 0 <= quantity <= MAX_QUANTITY:
        raise Unpriceable(f"{what} {quantity:g} is out of range (0 to {MAX_QUANTITY:,})")
    return quantity


def _kind(value: Any) -> str:
    """What a value is, in words, without quoting it."""
    return {bool: "true or false", dict: "an object", list: "a list"}.get(type(value), type(value).__name__)


def flag(inputs: dict[str, Any], key: str, what: str) -> bool:
    """A boolean input; some providers type booleans as strings ("true")."""
    value = known(inputs, key, what)
    return value is True or (isinstance(value, str) and value.lower() == "true")


def text(inputs: dict[str, Any], key: str, what: str, default: str = "") -> str:
    value = known(inputs, key, what)
    return default if value in (None, "") else str(value)


# --- rows and references between resources -----------------------------------------------------

Record = namedtuple("Record", INVENTORY_COLUMNS)


def records(frame: pd.DataFrame) -> list[Record]:
    """The rows of an inventory frame as named tuples (column by column: far faster than itertuples)."""
    return list(map(Record._make, zip(*(frame[column].tolist() for column in INVENTORY_COLUMNS))))


class Index(NamedTuple):
    """The inventory's resources of some types by URN and by id, to follow references to them."""

    by_urn: dict[str, Record]
    by_id: dict[str, Record]

    @classmethod
    def of(cls, inventory: pd.DataFrame, *type_tokens: str) -> "Index":
        rows = records(inventory[inventory["type"].isin(type_tokens)])
        return cls({row.urn: row for row in rows},
                   {row.id: row for row in rows if isinstance(row.id, str) and row.id})

    def referenced(self, resource: Any, key: str, type_token: str, value: Any = None) -> Any | None:
        """The `type_token` resource that `resource`'s input `key` refers to: through the input's
        dependencies (works when ids are unknown, in a preview), else by the id given as `value`."""
        for urn in (resource.refs or {}).get(key, ()):
            row = self.by_urn.get(urn)
            if row is not None and row.type == type_token:
                return row
        if isinstance(value, str):
            row = self.by_id.get(value)
            if row is not None and row.type == type_token:
                return row
        return None

    def count_referenced(self, resource: Any, key: str, type_token: str) -> int:
        """How many distinct `type_token` resources the input `key` depends on."""
        urns = set((resource.refs or {}).get(key, ()))
        return sum(1 for urn in urns if urn in self.by_urn and self.by_urn[urn].type == type_token)


def subnet_count(resource: Any, index: Index, *keys: str) -> int:
    """How many subnets the first of `keys` that is set lists; when the list itself is unknown until
    apply, how many subnets (in `index`) it depends on."""
    inputs = resource.inputs
    for key in keys:
        value = inputs.get(key)
        if value is None:
            continue
        if isinstance(value, list):
            return len(value)
        counted = index.count_referenced(resource, key, SUBNET)
        if counted:
            return counted
        known_value(value, "subnets")
        raise Unpriceable(f"subnets are not a list ({_kind(value)})")
    return 0
