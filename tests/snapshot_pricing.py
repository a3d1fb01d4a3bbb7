"""Inventories priced on the embedded price snapshot, for rule tests whose expected figures are the
shared pricing pages' prices checked by hand (each test's comments give the arithmetic)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from costing.catalog import EMBEDDED_SNAPSHOT, Catalog, load_catalog
from costing.estimate import estimate
from costing.result import Estimate
from costing.usage import Usage
from tests.pricing_helpers import inventory, of


@cache
def snapshot() -> Catalog:
    return load_catalog(EMBEDDED_SNAPSHOT)


def on_snapshot(*rows: dict[str, Any], usage: dict[str, dict[str, float]] | None = None) -> Estimate:
    """The estimate of `rows` in us-east-1, with `usage` (resource name -> key -> value) when given."""
    return estimate(inventory(*rows), snapshot(), usage=Usage("usage.yaml", resources=usage) if usage else None)


def reason(result: Estimate, name: str) -> str:
    return of(result, name)["reason"]


def line_table(result: Estimate, name: str) -> list[tuple[str, float, float]]:
    """(description, quantity, monthly USD rounded to the cent) of each line of the resource `name`."""
    lines = result.lines[result.lines["urn"] == of(result, name)["urn"]]
    return [(row.description, None if pd.isna(row.quantity) else round(row.quantity, 6),
             None if pd.isna(row.monthly_usd) else round(row.monthly_usd, 2)) for row in lines.itertuples()]
