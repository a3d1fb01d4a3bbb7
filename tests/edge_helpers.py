"""Helpers for the network, edge, security and management rule tests: estimates on the embedded snapshot
(these rules' prices come from the pricing pages, checked against ../shared/pricing in the golden cases)."""

from __future__ import annotations

from typing import Any

from costing.catalog import EMBEDDED_SNAPSHOT, load_catalog
from costing.estimate import estimate
from costing.result import Estimate
from costing.rules import rule_lines, usage_keys
from tests.pricing_helpers import frame, inventory


def snapshot_priced(*rows: dict[str, Any], usage: Any = None) -> Estimate:
    """The estimate of an inventory of `rows` on the embedded price snapshot."""
    return estimate(inventory(*rows), load_catalog(EMBEDDED_SNAPSHOT), usage=usage)


def unread_usage_keys(*rows: dict[str, Any]) -> set[tuple[str, str]]:
    """(type, key) of the usage keys the rows' types declare that none of their lines reads."""
    resources = frame(*rows)
    lines = rule_lines(resources, resources)
    usage = lines[lines["usage"]].merge(resources[["urn", "type"]], on="urn")
    read = {(row.type, name) for row in usage.itertuples() for name in row.usage_key.split("*")}
    declared = {(type_token, key.name) for type_token in set(resources["type"]) for key in usage_keys(type_token)}
    return declared - read
