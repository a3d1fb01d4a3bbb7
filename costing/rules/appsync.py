"""AppSync GraphQL APIs and their caches (https://aws.amazon.com/appsync/pricing/).

- GraphQL API: usage only: query and mutation operations (`monthly_operations`), real-time updates
  delivered to subscribers (`monthly_realtime_updates`) and real-time connection minutes
  (`monthly_connection_mins`), per million. AWS's free tier (250,000 operations and updates, 600,000
  connection minutes a month in an account's first 12 months) is stated, not applied.
- API cache (`aws:appsync/apiCache`): per hour by its instance type, from SMALL (1.55 GiB) to LARGE_12X
  (317.77 GiB); the legacy EC2-style types (T2_SMALL ... R4_8XLARGE) are the generic types of the same
  memory (AppSync's ApiCache API reference), priced as those.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, text
from costing.rules.declare import Page, Price, UsageKey

GRAPHQL_API = "aws:appsync/graphQLApi:GraphQLApi"
API_CACHE = "aws:appsync/apiCache:ApiCache"
TYPES = (GRAPHQL_API, API_CACHE)
PER_MILLION = 1_000_000
FREE = "{what} a month are free in an account's first 12 months (not applied)"


def _per_million(item: str, unit: str, description: str, metric: str, free: str) -> Price:
    return Price("appsync", item, unit, description, free_tier=FREE.format(what=free),
                 sources=[Page("appsync.json", metric, factor=PER_MILLION)])


OPERATIONS = _per_million("operations", "1M operations", "query and mutation operations",
                          "API Query and Data Modifications Operations", "250,000 query and mutation operations")
REALTIME_UPDATES = _per_million("realtime-updates", "1M updates", "real-time updates", "RealTime Updates per Messages",
                                "250,000 real-time updates")
CONNECTION_MINUTES = _per_million("connection-minutes", "1M minutes", "real-time connection minutes",
                                  "RealTime Connection per Minutes", "600,000 connection minutes")

# Cache type -> its memory as the pricing page's metrics name it ("API Calls CacheMemorySize 1 55 per Hrs").
CACHE_MEMORY = {"SMALL": "1 55", "MEDIUM": "3 22", "LARGE": "12 3", "XLARGE": "25 05", "LARGE_2X": "50 47",
                "LARGE_4X": "101 38", "LARGE_8X": "203 26", "LARGE_12X": "317 77"}
LEGACY_TYPES = {"T2_SMALL": "SMALL", "T2_MEDIUM": "MEDIUM", "R4_LARGE": "LARGE", "R4_XLARGE": "XLARGE",
                "R4_2XLARGE": "LARGE_2X", "R4_4XLARGE": "LARGE_4X", "R4_8XLARGE": "LARGE_8X"}
CACHE_HOURS = Price(
    "appsync", "cache", "hour", "cache ({cache_type})", variant="{cache_type}",
    sources=[Page("appsync.json", re.compile(r"API Calls CacheMemorySize (?P<cache_type>[\d ]+) per Hrs"),
                  values={"cache_type": {memory: cache_type for cache_type, memory in CACHE_MEMORY.items()}})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"appsync": "AppSync"}
PRICES = (OPERATIONS, REALTIME_UPDATES, CONNECTION_MINUTES, CACHE_HOURS)

MONTHLY_OPERATIONS = UsageKey("monthly_operations", "operations", "GraphQL query and mutation operations per month")
MONTHLY_REALTIME_UPDATES = UsageKey("monthly_realtime_updates", "updates",
                                    "real-time updates delivered to subscribers per month")
MONTHLY_CONNECTION_MINS = UsageKey("monthly_connection_mins", "minutes", "real-time connection minutes per month")
USAGE = {GRAPHQL_API: (MONTHLY_OPERATIONS, MONTHLY_REALTIME_UPDATES, MONTHLY_CONNECTION_MINS)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {GRAPHQL_API: (_graphql_api, "AppSync GraphQL API"),
                                 API_CACHE: (_api_cache, "AppSync API cache")})


def _graphql_api(resource: Any) -> list[dict[str, Any]]:
    urn = resource.urn
    return [OPERATIONS.usage_line(urn, MONTHLY_OPERATIONS, factor=1 / PER_MILLION),
            REALTIME_UPDATES.usage_line(urn, MONTHLY_REALTIME_UPDATES, factor=1 / PER_MILLION),
            CONNECTION_MINUTES.usage_line(urn, MONTHLY_CONNECTION_MINS, factor=1 / PER_MILLION)]


def _api_cache(resource: Any) -> list[dict[str, Any]]:
    given = text(resource.inputs, "type", "cache type").upper()
    cache_type = LEGACY_TYPES.get(given, given)
    if cache_type not in CACHE_MEMORY:
        raise Unpriceable(f"cache type {given or 'not set'}: priced are {', '.join([*CACHE_MEMORY, *LEGACY_TYPES])}")
    description = f"cache ({cache_type}, legacy type {given})" if given != cache_type else None
    return [CACHE_HOURS.line(resource.urn, 1.0, description, cache_type=cache_type)]
