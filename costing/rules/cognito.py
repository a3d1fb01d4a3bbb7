"""Cognito user pools: monthly active users by feature plan (https://aws.amazon.com/cognito/pricing/).

- Lite (`userPoolTier` LITE): MAUs per month (`monthly_active_users`) in AWS's volume tiers, counted
  from the first user: up to 100,000, next 900,000, next 9 million, beyond. The pricing page lists the
  commercial regions' tiers after their free allowance (its "0 upto 50000" is the 50,001st to the
  100,000th user) and GovCloud's from zero; both give these tiers. The free allowance (account-wide)
  is stated, not applied.
- Essentials (the default plan of a new user pool, Cognito's developer guide) and Plus: the price
  data holds no price for their MAUs, so the line is shown unpriced with that reason, never $0.
Identity pools, app clients, domains and the rest cost nothing of their own (costing/rules/free.py).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, text, unpriced_line
from costing.rules.declare import INF, Page, Price, Tier, Tiered, UsageKey

USER_POOL = "aws:cognito/userPool:UserPool"
TYPES = (USER_POOL,)
FILE = "cognito.json"
DEFAULT_TIER = "ESSENTIALS"


def _tier(position: int, upto: float, label: str, commercial: str, govcloud: str) -> Tier:
    return Tier(upto, label, Price(
        "cognito", "mau", "MAU", f"monthly active users (Lite), {label}", variant=f"lite|tier{position}",
        sources=[Page(FILE, f"User Pool MAU {commercial} per Requests"), Page(FILE, f"User Pool MAU {govcloud} per Requests")],
        free_tier="a free allowance of MAUs a month applies, account-wide (not applied)" if position == 1 else ""))


LITE_MAUS = Tiered([
    _tier(1, 100_000, "first 100,000", "0 upto 50000", "0 upto 100000"),
    _tier(2, 1_000_000, "next 900,000", "50000 upto 950000", "100000 upto 1000000"),
    _tier(3, 10_000_000, "next 9 million", "950000 upto 9950000", "1000000 upto 10000000"),
    _tier(4, INF, "over 10 million", "9950000 upto Inf", "10000000 upto Inf"),
])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"cognito": "Cognito"}
PRICES = (LITE_MAUS,)

MONTHLY_ACTIVE_USERS = UsageKey("monthly_active_users", "MAU", "users with an identity operation in the month")
USAGE = {USER_POOL: (MONTHLY_ACTIVE_USERS,)}
TIERS = ("LITE", "ESSENTIALS", "PLUS")


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {USER_POOL: (_user_pool, "Cognito user pool")})


def _user_pool(resource: Any) -> list[dict[str, Any]]:
    tier = text(resource.inputs, "userPoolTier", "feature plan", DEFAULT_TIER).upper()
    if tier == "LITE":
        return LITE_MAUS.usage_lines(resource.urn, MONTHLY_ACTIVE_USERS, "monthly active users (Lite)")
    if tier not in TIERS:
        raise Unpriceable(f"feature plan {tier}: expected one of {', '.join(TIERS)}")
    return [unpriced_line(resource.urn, f"monthly active users ({tier.title()})",
                          f"no price for the {tier} feature plan's monthly active users in the snapshot")]
