"""Route 53 hosted zones, records, health checks and Resolver endpoints (https://aws.amazon.com/route53/pricing/).

- Hosted zone: per zone per month, $0.50 for the first 25 hosted zones and $0.10 beyond. AWS counts
  zones per account; here the stack's zones in URN order, the 26th and later at the lower rate (other
  zones in the account could only lower this stack's share, so it never errs low).
- Record: queries per million (usage), in AWS's two volume tiers (first billion, over a billion), at the
  rate of its routing policy: standard (simple, weighted, failover, multivalue answer), latency,
  geolocation, geoproximity, IP-based (CIDR). An alias record routing to an AWS resource (load balancer,
  CloudFront distribution, S3 website, API Gateway, ...) answers queries for free: no line. An alias to a
  record of its own hosted zone is not among the free targets: priced as its policy's queries.
- Health check: per check per month, for an AWS endpoint or not, plus each optional feature (HTTPS,
  string matching, the 10-second request interval, latency measurement) per month. An endpoint is AWS's
  when the check's address refers to a resource of the stack; calculated and CloudWatch-metric checks
  watch no endpoint and are priced as AWS endpoints; any other address at the non-AWS rate, so an
  estimate never errs low (AWS's first 50 checks of AWS endpoints are free account-wide: stated, not
  applied). Recovery-control checks belong to Application Recovery Controller: not priced.
- Resolver endpoint (regional: the only Route 53 prices the Price List refresh updates; the others are
  global, read from the snapshot): one elastic network interface per IP address per hour (AWS requires at least two;
  fewer is priced as two), and the DNS queries it handles per million (usage), first billion and over.
  Addresses unknown until apply leave the interface hours a line of unknown quantity (partly priced).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, flag, known, known_value, number, text
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey
from costing.schema import SECRET, UNKNOWN

ZONE = "aws:route53/zone:Zone"
RECORD = "aws:route53/record:Record"
HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
RESOLVER_ENDPOINT = "aws:route53/resolverEndpoint:ResolverEndpoint"
TYPES = (ZONE, RECORD, HEALTH_CHECK, RESOLVER_ENDPOINT)
FILE = "route53.json"
FIRST_ZONES = 25  # "$0.50 per hosted zone / month for the first 25 hosted zones"
MIN_RESOLVER_ADDRESSES = 2  # Route 53 Resolver API, CreateResolverEndpoint: IpAddresses, minimum 2


def _zone(variant: str, label: str, metric: str) -> Price:
    return Price("route53", "hosted-zone", "zone-month", f"hosted zone ({label})", variant=variant,
                 sources=[Page(FILE, metric, location="Any")])


ZONE_FIRST_25, ZONE_OVER_25 = (_zone("first-25", "first 25", "DNS Zone first 25"), _zone("over-25", "over 25", "DNS Zone"))

# Routing policy -> its pricing-page metric stem.
POLICIES = {
    "standard": "Query Standard External",
    "latency": "Query Latency Based Routing External",
    "geolocation": "Query Geo DNS External",
    "geoproximity": "Query Geoproximity External",
    "ip-based": "Query IP Based Routing External",
}


def _query_tier(policy: str, number: int, upto: float, label: str, page: str) -> Tier:
    stem = POLICIES[policy]
    # The global price (location ""), and per region where a region has its own (GovCloud's higher rates:
    # the higher price wins per region).
    sources = [Page(FILE, f"{stem} {page}", factor=1_000_000, location=""),
               Page(FILE, f"{stem} {page}", factor=1_000_000)]
    return Tier(upto, label, Price(
        "route53", f"queries-{policy}", "1M queries", f"{policy} queries, {label}", variant=f"tier{number}",
        sources=sources))


QUERIES = {policy: Tiered([_query_tier(policy, 1, 1000, "first 1 billion", "first 1B"),
                           _query_tier(policy, 2, INF, "over 1 billion", "over 1B")])
           for policy in POLICIES}
AWS_FREE_CHECKS = "the first 50 health checks of AWS endpoints are free, account-wide (not applied)"
HEALTH_CHECK_MONTH = {
    "aws": Price("route53", "health-check", "check-month", "health check (AWS endpoint)", variant="aws",
                 sources=[Page(FILE, "Basic Health checks AWS per Mo", location="")],
                 free_tier=AWS_FREE_CHECKS),
    "non-aws": Price("route53", "health-check", "check-month", "health check (non-AWS endpoint)", variant="non-aws",
                     sources=[Page(FILE, "Basic Health checks External Non AWS per Mo", location="")]),
}
HEALTH_CHECK_OPTIONS = {
    "aws": Price("route53", "health-check-option", "feature-month", "optional health check features (AWS endpoint)",
                 variant="aws", sources=[Page(FILE, "Optional Health Check Features AWS per Mo", location="")]),
    "non-aws": Price("route53", "health-check-option", "feature-month",
                     "optional health check features (non-AWS endpoint)", variant="non-aws",
                     sources=[Page(FILE, "Optional Health Check Features External Non AWS per Mo", location="")]),
}
RESOLVER_ENI = Price("route53", "resolver-endpoint-eni", "hour", "Resolver endpoint network interfaces",
                     sources=[Page(FILE, "Query ENI")],
                     refresh=[OfferFilter("AmazonRoute53", families="DNS Query",
                                          usage_pattern=re.compile(r"ResolverNetworkInterface$"),
                                          example={"usageType": "USE1-ResolverNetworkInterface"})])


def _resolver_tier(number: int, upto: float, label: str, page: str) -> Tier:
    return Tier(upto, label, Price(
        "route53", "resolver-queries", "1M queries", f"Resolver queries, {label}", variant=f"tier{number}",
        sources=[Page(FILE, f"Query {page}", factor=1_000_000), Page(FILE, f"Query Resolver {page}", factor=1_000_000)]))


RESOLVER_QUERIES = Tiered([_resolver_tier(1, 1000, "first 1 billion", "first 1B"),
                           _resolver_tier(2, INF, "over 1 billion", "over 1B")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"route53": "Route 53"}
PRICES = (ZONE_FIRST_25, ZONE_OVER_25, *QUERIES.values(), *HEALTH_CHECK_MONTH.values(),
          *HEALTH_CHECK_OPTIONS.values(), RESOLVER_ENI, RESOLVER_QUERIES)

STANDARD_QUERIES = UsageKey("monthly_standard_queries", "queries", "standard queries per month")
LATENCY_QUERIES = UsageKey("monthly_latency_based_queries", "queries", "latency-based routing queries per month")
GEO_QUERIES = UsageKey("monthly_geo_queries", "queries", "geolocation and geoproximity queries per month")
IP_QUERIES = UsageKey("monthly_ip_based_queries", "queries", "IP-based (CIDR) routing queries per month")
RESOLVER_QUERY_COUNT = UsageKey("monthly_queries", "queries", "DNS queries through the endpoint per month")
POLICY_KEYS = {"standard": STANDARD_QUERIES, "latency": LATENCY_QUERIES, "geolocation": GEO_QUERIES,
               "geoproximity": GEO_QUERIES, "ip-based": IP_QUERIES}
USAGE = {RECORD: (STANDARD_QUERIES, LATENCY_QUERIES, GEO_QUERIES, IP_QUERIES),
         RESOLVER_ENDPOINT: (RESOLVER_QUERY_COUNT,)}

# Record input -> its routing policy (the Route 53 Developer Guide's routing policies).
POLICY_INPUTS = {"latencyRoutingPolicies": "latency", "geolocationRoutingPolicies": "geolocation",
                 "geoproximityRoutingPolicy": "geoproximity", "cidrRoutingPolicy": "ip-based"}
# Health check type -> (priced as an AWS endpoint without looking at its address, optional features it is).
CHECK_TYPES = {"HTTP": (False, 0), "HTTPS": (False, 1), "HTTP_STR_MATCH": (False, 1), "HTTPS_STR_MATCH": (False, 2),
               "TCP": (False, 0), "CALCULATED": (True, 0), "CLOUDWATCH_METRIC": (True, 0)}
FAST_INTERVAL_SECONDS = 10.0  # request interval 10 or 30 seconds (30 when unset): 10 is the fast, paid one


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    zones = sorted(resources.loc[resources["type"] == ZONE, "urn"])
    over = set(zones[FIRST_ZONES:])
    stack = set(inventory["urn"].tolist()) if (resources["type"] == HEALTH_CHECK).any() else set()
    return each_type(resources, {
        ZONE: (lambda row: [(ZONE_OVER_25 if row.urn in over else ZONE_FIRST_25).line(row.urn, 1.0)],
               "Route 53 hosted zone"),
        RECORD: (_record, "Route 53 record"),
        HEALTH_CHECK: (lambda row: _health_check(row, stack), "Route 53 health check"),
        RESOLVER_ENDPOINT: (_resolver_endpoint, "Route 53 Resolver endpoint"),
    })


def _record(resource: Any) -> list[dict[str, Any]]:
    inputs = resource.inputs
    policies = [policy for key, policy in POLICY_INPUTS.items() if known(inputs, key, key)]
    policy = policies[0] if policies else "standard"
    aliases = known(inputs, "aliases", "alias") or []
    if aliases and not _alias_to_own_zone(resource, known_value(aliases[0], "alias")):
        return []
    return QUERIES[policy].usage_lines(resource.urn, POLICY_KEYS[policy], f"{policy} queries", factor=1e-6)


def _alias_to_own_zone(resource: Any, alias: dict[str, Any]) -> bool:
    """Whether an alias targets a record of the record's own hosted zone (same zone id, or both following
    the same zone of the stack); an unknown target zone is taken to be another (an AWS resource's)."""
    refs = resource.refs or {}
    own, target = resource.inputs.get("zoneId"), alias.get("zoneId")
    if isinstance(own, str) and own == target and own not in (UNKNOWN, SECRET):
        return True
    zones = set(refs.get("zoneId", ()))
    return bool(zones) and bool(zones & set(refs.get("aliases", ())))


def _health_check(resource: Any, stack: set[str]) -> list[dict[str, Any]]:
    inputs = resource.inputs
    check_type = text(inputs, "type", "health check type")
    if check_type not in CHECK_TYPES:
        raise Unpriceable(f"{check_type or 'unset'} health checks are not priced "
                          f"(priced: {', '.join(CHECK_TYPES)})")
    watches_no_endpoint, features = CHECK_TYPES[check_type]
    endpoint = "aws" if watches_no_endpoint or _refers_to_the_stack(resource, stack) else "non-aws"
    if number(inputs, "requestInterval", "request interval", 30.0) == FAST_INTERVAL_SECONDS:
        features += 1
    if flag(inputs, "measureLatency", "latency measurement"):
        features += 1
    note = "" if endpoint == "aws" else "endpoint not known to run in AWS: priced at the non-AWS rate"
    rows = [HEALTH_CHECK_MONTH[endpoint].line(resource.urn, 1.0, note=note or None)]
    if features:
        rows.append(HEALTH_CHECK_OPTIONS[endpoint].line(resource.urn, features))
    return rows


def _refers_to_the_stack(resource: Any, stack: set[str]) -> bool:
    """Whether the check's address (fqdn or IP address) is read from a resource of the stack (`stack`: its
    URNs)."""
    refs = resource.refs or {}
    return any(urn in stack for key in ("fqdn", "ipAddress") for urn in refs.get(key, ()))


def _resolver_endpoint(resource: Any) -> list[dict[str, Any]]:
    try:
        interfaces = _interfaces(resource.inputs)
    except Unpriceable as unknown:  # a line of unknown quantity: the endpoint partly priced
        eni = RESOLVER_ENI.unknown_line(resource.urn, str(unknown), "Resolver endpoint network interfaces")
    else:
        eni = RESOLVER_ENI.line(resource.urn, interfaces, f"Resolver endpoint network interfaces ({interfaces} IP "
                                                          f"addresses)")
    return [eni, *RESOLVER_QUERIES.usage_lines(resource.urn, RESOLVER_QUERY_COUNT, "Resolver queries", factor=1e-6)]


def _interfaces(inputs: dict[str, Any]) -> int:
    """One network interface per IP address, at least AWS's minimum of two."""
    addresses = known(inputs, "ipAddresses", "IP addresses")
    if not isinstance(addresses, list):
        raise Unpriceable("resolver endpoint without a list of IP addresses: number of network interfaces unknown")
    return max(len(addresses), MIN_RESOLVER_ADDRESSES)
