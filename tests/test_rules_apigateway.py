"""API Gateway on the embedded snapshot (us-east-1, apigateway.json): REST 3.50/2.80/2.38/1.51 per million
in tiers of 333M, 667M, 19B; HTTP 1.00/0.90 per million (300M), each 512 KB a request; WebSocket
1.00/0.80 per million messages (1B), each 32 KB a message, 0.25 per million connection minutes;
REST stage cache per hour by size."""

from __future__ import annotations

import pytest

from costing.schema import SECRET, UNKNOWN
from tests.pricing_helpers import cents, of, resource
from tests.snapshot_pricing import line_table, on_snapshot, reason

REST_API = "aws:apigateway/restApi:RestApi"
STAGE = "aws:apigateway/stage:Stage"
API = "aws:apigatewayv2/api:Api"


def test_rest_requests_split_across_all_four_tiers():
    result = on_snapshot(resource(REST_API, "api"), usage={"api": {"monthly_requests": 21e9}})
    # 333M x 3.50 + 667M x 2.80 + 19,000M x 2.38 + 1,000M x 1.51
    assert of(result, "api")["usage_monthly_usd"] == cents(1165.50 + 1867.60 + 45220.00 + 1510.00)
    assert [line[1] for line in line_table(result, "api")] == [333, 667, 19_000, 1_000]


@pytest.mark.parametrize("size, hourly", [("0.5", 0.02), ("1.6", 0.038), ("13.5", 0.25), ("28.4", 0.50),
                                          ("58.2", 1.00), ("118", 1.90), ("237", 3.80), (237, 3.80)])
def test_a_stage_cache_costs_its_size_by_the_hour(size, hourly):
    result = on_snapshot(resource(STAGE, "prod", {"cacheClusterEnabled": True, "cacheClusterSize": size}))
    assert of(result, "prod")["monthly_usd"] == cents(hourly * 730)


@pytest.mark.parametrize("inputs, why", [
    ({"cacheClusterEnabled": True, "cacheClusterSize": "3"},
     "cache size 3 GB is not one API Gateway offers (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237)"),
    ({"cacheClusterEnabled": True, "cacheClusterSize": UNKNOWN}, "cache size unknown until apply"),
    ({"cacheClusterEnabled": UNKNOWN}, "stage cache unknown until apply"),
])
def test_a_stage_cache_that_cannot_be_priced_says_why(inputs, why):
    assert reason(on_snapshot(resource(STAGE, "prod", inputs)), "prod") == why


def test_a_stage_without_a_cache_is_free():
    result = on_snapshot(resource(STAGE, "dev", {"cacheClusterEnabled": False, "cacheClusterSize": "6.1"}))
    assert (of(result, "dev")["status"], of(result, "dev")["monthly_usd"]) == ("free", 0.0)


def test_an_http_api_bills_each_512_kb_as_a_request():
    result = on_snapshot(resource(API, "http", {"protocolType": "HTTP"}),
                         usage={"http": {"monthly_requests": 100_000_000, "request_size_kb": 1025}})
    assert line_table(result, "http") == [("HTTP API requests (first 300 million)", 300, 300.0)]  # 100M x 3 x 1.00


def test_a_websocket_api_bills_messages_past_a_billion_and_connection_minutes():
    result = on_snapshot(resource(API, "ws", {"protocolType": "websocket"}), usage={"ws": {
        "monthly_messages": 1_500_000_000, "message_size_kb": 10, "monthly_connection_mins": 40_000_000}})
    assert line_table(result, "ws") == [("WebSocket messages (first 1 billion)", 1000, 1000.0),
                                        ("WebSocket messages (over 1 billion)", 500, 400.0),  # 500M x 0.80
                                        ("WebSocket connection minutes", 40, 10.0)]  # 40M x 0.25


@pytest.mark.parametrize("protocol, why", [("GRPC", "API protocol GRPC: priced are HTTP and WEBSOCKET"),
                                           (None, "API protocol not set: priced are HTTP and WEBSOCKET"),
                                           (SECRET, "API protocol is secret")])
def test_an_api_of_an_unknown_protocol_says_why(protocol, why):
    assert reason(on_snapshot(resource(API, "api", {"protocolType": protocol})), "api") == why
