"""API Gateway: REST APIs, their stages' caches, and HTTP and WebSocket APIs
(https://aws.amazon.com/api-gateway/pricing/).

- REST API: requests per month (`monthly_requests`) in AWS's volume tiers: first 333 million, next
  667 million, next 19 billion, over 20 billion.
- REST API stage: when `cacheClusterEnabled`, the cache per hour by its size (`cacheClusterSize`, in
  GB: 0.5 to 237); a cache enabled without a size is the 0.5 GB cache API Gateway creates by default,
  and its line says so. A stage without a cache costs nothing of its own.
- HTTP API (`protocolType` HTTP): requests per month in two tiers (first 300 million, over), each
  512 KB of a request billed as a request (`request_size_kb`).
- WebSocket API (`protocolType` WEBSOCKET): messages per month in two tiers (first 1 billion, over),
  each 32 KB of a message billed as a message (`message_size_kb`), and connection minutes
  (`monthly_connection_mins`).
- The free tier (1 million calls, messages or 750,000 connection minutes a month in an account's first
  12 months) is stated on the lines, not applied. Deployments, resources, methods, integrations,
  routes, authorizers, domain names, usage plans and API keys cost nothing (costing/rules/free.py).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, flag, number, text
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey

REST_API = "aws:apigateway/restApi:RestApi"
STAGE = "aws:apigateway/stage:Stage"
API = "aws:apigatewayv2/api:Api"
TYPES = (REST_API, STAGE, API)
PER_MILLION = 1_000_000
FREE_12_MONTHS = "the first 1 million {what} a month are free in an account's first 12 months (not applied)"


def _tier(item: str, variant: str, upto: float, label: str, description: str, metric: str, usage: str,
          ending_range: str, family: str = "API Calls", free_tier: str = "") -> Tier:
    """One volume tier, per million; `ending_range` is the Price List's, in requests or messages."""
    return Tier(upto, label, Price(
        "apigateway", item, f"1M {item}", f"{description}, {label}", variant=variant, free_tier=free_tier,
        sources=[Page("apigateway.json", metric, factor=PER_MILLION)],
        refresh=[OfferFilter("AmazonApiGateway", families=family, usage=usage,
                             attributes={"endingRange": ending_range}, factor=PER_MILLION)]))


REST_USAGE = "ApiGatewayRequest"
REST_REQUESTS = Tiered([  # in millions of requests
    _tier("requests", "rest|tier1", 333, "first 333 million", "REST API requests",
          "API Calls Number of up to 333 million", REST_USAGE, "333000000",
          free_tier=FREE_12_MONTHS.format(what="REST API calls")),
    _tier("requests", "rest|tier2", 1_000, "next 667 million", "REST API requests",
          "API Calls Number of Request Next 667 million", REST_USAGE, "1000000000"),
    _tier("requests", "rest|tier3", 20_000, "next 19 billion", "REST API requests",
          "API Calls Number of Request Next 19 billion", REST_USAGE, "20000000000"),
    _tier("requests", "rest|tier4", INF, "over 20 billion", "REST API requests",
          "API Calls Number of Request Over 20 billion", REST_USAGE, "Inf"),
])
HTTP_REQUESTS = Tiered([
    _tier("requests", "http|tier1", 300, "first 300 million", "HTTP API requests", "ApiGatewayHttpApi First 300 million",
          "ApiGatewayHttpRequest", "300000000", free_tier=FREE_12_MONTHS.format(what="HTTP API calls")),
    _tier("requests", "http|tier2", INF, "over 300 million", "HTTP API requests",
          "ApiGatewayHttpApi more than 300 million", "ApiGatewayHttpRequest", "Inf"),
])
WEBSOCKET_MESSAGES = Tiered([
    _tier("messages", "websocket|tier1", 1_000, "first 1 billion", "WebSocket messages",
          "WebSocket Messages Messages first 1 billion", "ApiGatewayMessage", "1000000000", family="WebSocket",
          free_tier=FREE_12_MONTHS.format(what="WebSocket messages")),
    _tier("messages", "websocket|tier2", INF, "over 1 billion", "WebSocket messages",
          "WebSocket Messages Messages over 1 billion", "ApiGatewayMessage", "Inf", family="WebSocket"),
])
CONNECTION_MINUTES = Price(
    "apigateway", "connection-minutes", "1M minutes", "WebSocket connection minutes", variant="websocket",
    free_tier="750,000 connection minutes a month are free in an account's first 12 months (not applied)",
    sources=[Page("apigateway.json", "WebSocket Connection Minutes", factor=PER_MILLION)],
    refresh=[OfferFilter("AmazonApiGateway", families="WebSocket", usage="ApiGatewayMinute", factor=PER_MILLION)])

# Cache sizes in GB, as the stage's `cacheClusterSize` and the Price List's `cacheMemorySizeGb` give them,
# and as the pricing page's metric names spell them ("Caching Memory Size 0 5").
CACHE_SIZES = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")
DEFAULT_CACHE_SIZE = "0.5"
CACHE_HOURS = Price(
    "apigateway", "cache", "hour", "cache ({size} GB)", variant="{size}",
    sources=[Page("apigateway.json", re.compile(r"Caching Memory Size (?P<size>[\d ]+)"),
                  values={"size": {size.replace(".", " "): size for size in CACHE_SIZES}})],
    refresh=[OfferFilter("AmazonApiGateway", families="Amazon API Gateway Cache", fill={"size": "cacheMemorySizeGb"},
                         values={"size": {size: size for size in CACHE_SIZES}})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"apigateway": "API Gateway"}
PRICES = (REST_REQUESTS, HTTP_REQUESTS, WEBSOCKET_MESSAGES, CONNECTION_MINUTES, CACHE_HOURS)

MONTHLY_REQUESTS = UsageKey("monthly_requests", "requests", "API requests per month")
REQUEST_SIZE_KB = UsageKey("request_size_kb", "KB", "an HTTP API request's average size; each 512 KB is billed as a "
                           "request", chunk=512)
MONTHLY_MESSAGES = UsageKey("monthly_messages", "messages", "WebSocket messages per month (sent and received)")
MESSAGE_SIZE_KB = UsageKey("message_size_kb", "KB", "a WebSocket message's average size; each 32 KB is billed as a "
                           "message", chunk=32)
MONTHLY_CONNECTION_MINS = UsageKey("monthly_connection_mins", "minutes", "WebSocket connection minutes per month")
USAGE = {REST_API: (MONTHLY_REQUESTS,),
         API: (MONTHLY_REQUESTS, REQUEST_SIZE_KB, MONTHLY_MESSAGES, MESSAGE_SIZE_KB, MONTHLY_CONNECTION_MINS)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        REST_API: (lambda row: REST_REQUESTS.usage_lines(row.urn, MONTHLY_REQUESTS, "REST API requests",
                                                         factor=1 / PER_MILLION), "API Gateway REST API"),
        STAGE: (_stage, "API Gateway stage"),
        API: (_api, "API Gateway API"),
    })


def _stage(resource: Any) -> list[dict[str, Any]]:
    inputs = resource.inputs
    if not flag(inputs, "cacheClusterEnabled", "stage cache"):
        return []
    size = number(inputs, "cacheClusterSize", "cache size")
    if size is None:
        return [CACHE_HOURS.line(resource.urn, 1.0, f"cache ({DEFAULT_CACHE_SIZE} GB, API Gateway's default size)",
                                 size=DEFAULT_CACHE_SIZE)]
    if f"{size:g}" not in CACHE_SIZES:
        raise Unpriceable(f"cache size {size:g} GB is not one API Gateway offers ({', '.join(CACHE_SIZES)})")
    return [CACHE_HOURS.line(resource.urn, 1.0, size=f"{size:g}")]


def _api(resource: Any) -> list[dict[str, Any]]:
    protocol = text(resource.inputs, "protocolType", "API protocol").upper()
    urn = resource.urn
    if protocol == "HTTP":
        return HTTP_REQUESTS.usage_lines(urn, (MONTHLY_REQUESTS, REQUEST_SIZE_KB), "HTTP API requests",
                                         factor=1 / PER_MILLION)
    if protocol == "WEBSOCKET":
        return [*WEBSOCKET_MESSAGES.usage_lines(urn, (MONTHLY_MESSAGES, MESSAGE_SIZE_KB), "WebSocket messages",
                                                factor=1 / PER_MILLION),
                CONNECTION_MINUTES.usage_line(urn, MONTHLY_CONNECTION_MINS, factor=1 / PER_MILLION)]
    raise Unpriceable(f"API protocol {protocol or 'not set'}: priced are HTTP and WEBSOCKET")
