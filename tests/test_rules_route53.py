"""Route 53 rules: the hosted zone tiers across a stack, the query rate of each routing policy, which
alias records are free, health check endpoints and features, Resolver endpoint interfaces."""

from __future__ import annotations

import pytest

from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.edge_helpers import snapshot_priced, unread_usage_keys
from tests.pricing_helpers import cents, lines_of, of, resource

ZONE, RECORD = "aws:route53/zone:Zone", "aws:route53/record:Record"
HEALTH_CHECK, RESOLVER = "aws:route53/healthCheck:HealthCheck", "aws:route53/resolverEndpoint:ResolverEndpoint"


def test_the_26th_zone_of_a_stack_and_later_cost_the_lower_rate():
    zones = [resource(ZONE, f"zone-{number:02d}", {"name": f"z{number}.example.com"}) for number in range(27)]
    result = snapshot_priced(*zones)
    assert [of(result, f"zone-{number:02d}")["monthly_usd"] for number in (0, 24, 25, 26)] == [
        cents(0.50), cents(0.50), cents(0.10), cents(0.10)]
    assert result.totals["monthly_usd"] == cents(25 * 0.50 + 2 * 0.10)


@pytest.mark.parametrize("inputs, item, unit_usd", [
    ({}, "queries-standard", 0.40),
    ({"weightedRoutingPolicies": [{"weight": 10}]}, "queries-standard", 0.40),
    ({"failoverRoutingPolicies": [{"type": "PRIMARY"}]}, "queries-standard", 0.40),
    ({"latencyRoutingPolicies": [{"region": "us-east-1"}]}, "queries-latency", 0.60),
    ({"geolocationRoutingPolicies": [{"country": "FR"}]}, "queries-geolocation", 0.70),
    ({"geoproximityRoutingPolicy": {"awsRegion": "us-east-1"}}, "queries-geoproximity", 0.70),
    ({"cidrRoutingPolicy": {"collectionId": "c", "locationName": "l"}}, "queries-ip-based", 0.80),
])
def test_a_record_is_priced_at_its_routing_policys_query_rate(inputs, item, unit_usd):
    result = snapshot_priced(resource(RECORD, "r", {"name": "a.example.com", "type": "A", "zoneId": "Z1", **inputs}))
    line = lines_of(result, "r").iloc[0]
    assert (line["item"], line["unit_usd"], line["reason"]) == (item, pytest.approx(unit_usd), "depends on usage")


def test_an_alias_to_an_aws_resource_is_free_and_one_to_its_own_zone_is_not():
    zone = resource(ZONE, "zone", {"name": "example.com"})
    alias = {"name": "d1.cloudfront.net", "zoneId": "Z2FDTNDATAQYW2", "evaluateTargetHealth": False}
    own = [resource(ZONE, "zone", {})["urn"]]
    result = snapshot_priced(
        zone,
        resource(RECORD, "to-cdn", {"zoneId": UNKNOWN, "aliases": [alias]}, refs={"zoneId": own}),
        resource(RECORD, "to-unknown", {"zoneId": "Z1", "aliases": [{"name": UNKNOWN, "zoneId": UNKNOWN}]}),
        resource(RECORD, "to-sibling", {"zoneId": UNKNOWN, "aliases": [{"name": UNKNOWN, "zoneId": UNKNOWN}]},
                 refs={"zoneId": own, "aliases": own}))
    assert (of(result, "to-cdn")["status"], of(result, "to-unknown")["status"]) == ("free", "free")
    assert lines_of(result, "to-sibling").iloc[0]["item"] == "queries-standard"


def test_queries_split_at_a_billion():
    usage = Usage("usage.yaml", resources={"r": {"monthly_latency_based_queries": 3e9}})
    result = snapshot_priced(resource(RECORD, "r", {"latencyRoutingPolicies": [{"region": "eu-west-1"}]}), usage=usage)
    assert of(result, "r")["usage_monthly_usd"] == cents(1000 * 0.60 + 2000 * 0.30)


def test_health_check_features_are_counted_and_an_endpoint_of_the_stack_is_aws():
    ip = resource("aws:ec2/eip:Eip", "ip", {"domain": "vpc"})
    result = snapshot_priced(
        ip,
        resource(HEALTH_CHECK, "tcp", {"type": "TCP", "ipAddress": "192.0.2.10", "port": 22}),
        resource(HEALTH_CHECK, "https-fast", {"type": "HTTPS", "ipAddress": UNKNOWN, "requestInterval": "10",
                                              "measureLatency": "true"}, refs={"ipAddress": [ip["urn"]]}),
        resource(HEALTH_CHECK, "alarm", {"type": "CLOUDWATCH_METRIC", "cloudwatchAlarmName": "cpu"}))
    assert of(result, "tcp")["monthly_usd"] == cents(0.75)  # non-AWS, no feature
    assert of(result, "https-fast")["monthly_usd"] == cents(0.50 + 3 * 1.00)  # AWS: HTTPS, 10 s, latency
    assert of(result, "alarm")["monthly_usd"] == cents(0.50)


@pytest.mark.parametrize("inputs, reason", [
    ({}, "unset health checks are not priced (priced: HTTP, HTTPS, HTTP_STR_MATCH, HTTPS_STR_MATCH, TCP, CALCULATED, "
         "CLOUDWATCH_METRIC)"),
    ({"type": "HTTP", "requestInterval": UNKNOWN}, "request interval unknown until apply"),
    ({"type": "HTTP", "measureLatency": UNKNOWN}, "latency measurement unknown until apply"),
])
def test_a_health_check_left_unpriced_says_why(inputs, reason):
    result = snapshot_priced(resource(HEALTH_CHECK, "hc", inputs))
    assert of(result, "hc")["reason"] == reason


def test_a_resolver_endpoint_has_a_network_interface_per_address_at_least_two():
    result = snapshot_priced(resource(RESOLVER, "one", {"ipAddresses": [{"subnetId": "a"}]}),
                             resource(RESOLVER, "four", {"ipAddresses": [{"subnetId": s} for s in "abcd"]}),
                             resource(RESOLVER, "none", {"direction": "INBOUND"}))
    assert of(result, "one")["monthly_usd"] == cents(2 * 0.125 * 730)
    assert of(result, "four")["monthly_usd"] == cents(4 * 0.125 * 730)
    assert of(result, "none")["reason"] == (
        "resolver endpoint without a list of IP addresses: number of network interfaces unknown")


def test_every_usage_key_is_read_by_a_line():
    policies = [{}, {"latencyRoutingPolicies": [{}]}, {"geolocationRoutingPolicies": [{}]}, {"cidrRoutingPolicy": {"collectionId": "c"}}]
    rows = [resource(RECORD, f"r{number}", inputs) for number, inputs in enumerate(policies)]
    assert unread_usage_keys(*rows, resource(RESOLVER, "e", {"ipAddresses": [{}, {}]})) == set()
