"""AppSync on the embedded snapshot (us-east-1, appsync.json): 4.00 per million operations, 2.00 per
million real-time updates, 0.08 per million connection minutes; caches per hour by type."""

from __future__ import annotations

import pytest

from tests.pricing_helpers import cents, of, resource
from tests.snapshot_pricing import on_snapshot, reason

API = "aws:appsync/graphQLApi:GraphQLApi"
CACHE = "aws:appsync/apiCache:ApiCache"


def test_a_graphql_api_costs_its_operations_updates_and_minutes():
    result = on_snapshot(resource(API, "api"), usage={"api": {"monthly_operations": 3_000_000,
                                                              "monthly_realtime_updates": 1_000_000,
                                                              "monthly_connection_mins": 50_000_000}})
    assert of(result, "api")["usage_monthly_usd"] == cents(12.00 + 2.00 + 4.00)
    assert of(result, "api")["monthly_usd"] == 0.0  # nothing before usage


@pytest.mark.parametrize("cache_type, hourly", [("SMALL", 0.044), ("MEDIUM", 0.089), ("LARGE_2X", 1.189),
                                                ("LARGE_4X", 2.379), ("LARGE_8X", 4.758), ("LARGE_12X", 6.775),
                                                ("T2_SMALL", 0.044), ("R4_8XLARGE", 4.758), ("large", 0.298)])
def test_a_cache_costs_its_type_by_the_hour_legacy_types_as_their_generic_twins(cache_type, hourly):
    assert of(on_snapshot(resource(CACHE, "cache", {"type": cache_type})), "cache")["monthly_usd"] == cents(hourly * 730)


def test_a_cache_without_a_type_says_so():
    assert reason(on_snapshot(resource(CACHE, "cache", {})), "cache").startswith("cache type not set: priced are SMALL")
