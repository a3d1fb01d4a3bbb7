"""A cost diff as JSON (`"schema": "costing.diff/v1"`): the `base` and `head` totals, `delta_monthly_usd`,
and every resource row (unchanged ones included) with `change` add|remove|update|same, its base, head
and delta monthly amounts (null where a side lacks the resource or cannot price it) and the explanation.

Monthly amounts of the rows and the delta include usage priced from a usage file; each side's
`monthly_usd` is its baseline alone and `total_monthly_usd` adds the usage, as in `estimate`.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from costing.diff import CostDiff
from costing.report.common import price_ages
from costing.report.json_doc import _totals, dumps, money, records
from costing.result import Estimate
from costing.schema import HOURS_PER_MONTH

SCHEMA = "costing.diff/v1"
ROW_KINDS = {"key": "text", "change": "text", "type": "text", "name": "text", "component": "text",
             "base_urn": "optional", "head_urn": "optional", "base_status": "optional", "head_status": "optional",
             "base_monthly_usd": "money", "head_monthly_usd": "money", "delta_monthly_usd": "money",
             "explanation": "text"}
TYPE_COUNT_KINDS = {"type": "text", "label": "text", "base": "value", "head": "value"}


def render_diff(cost_diff: CostDiff, *, today: date, notes: Sequence[str] = ()) -> str:
    return dumps(diff_document(cost_diff, today, notes))


def diff_document(cost_diff: CostDiff, today: date, notes: Sequence[str] = ()) -> dict:
    return {
        "schema": SCHEMA,
        "currency": "USD",
        "hours_per_month": HOURS_PER_MONTH,
        "base": _side(cost_diff.base, cost_diff.base_monthly_usd),
        "head": _side(cost_diff.head, cost_diff.head_monthly_usd),
        "delta_monthly_usd": money(cost_diff.delta_monthly_usd),
        "delta_percent": money(cost_diff.delta_percent),
        "changes": cost_diff.counts(),
        "type_counts": records(cost_diff.type_counts, TYPE_COUNT_KINDS),
        "prices": {age.service: {"as_of": age.as_of, "origin": age.origin, "age_days": age.age_days}
                   for age in price_ages(cost_diff.prices, today)},
        "notes": list(notes),
        "resources": records(cost_diff.rows, ROW_KINDS),
    }


def _side(estimate: Estimate, total_monthly: float) -> dict:
    return {"source": dict(estimate.source), "region": estimate.region,
            **_totals(estimate.totals), "total_monthly_usd": money(total_monthly)}
