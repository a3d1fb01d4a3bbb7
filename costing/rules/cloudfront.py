"""CloudFront distributions and functions (https://aws.amazon.com/cloudfront/pricing/): all usage.

A distribution has no fixed charge. Per region group its edge locations serve (the groups of its price
class: `PriceClass_All`, AWS's default, serves all eight; `PriceClass_200` leaves out South America and
Australia / New Zealand; `PriceClass_100` serves North America, Europe and Israel only, the CloudFront
Developer Guide's "price classes"), usage lines for:
- data transfer out to the internet per GB, in AWS's seven volume tiers (first 10 TB, next 40 TB, next
  100 TB, next 350 TB, next 524 TB, next 4 PB, over 5 PB), tiered per group as AWS measures them;
- data transfer out to the origin per GB, HTTP and HTTPS requests per 10,000.
And per distribution: invalidation paths (every path at the paid rate: the first 1,000 a month are free
account-wide, stated, not applied); field-level encryption requests when a cache behavior names a
field-level encryption config; real-time log lines when a cache behavior names a real-time log config
(no price in the shared data: a gap, the distribution partly priced); origin shield requests per 10,000
in the origin shield region when an origin enables it (a region AWS does not offer origin shield in is
refused), one line per usage group however many origins are shielded in its regions (the usage file
gives one value per group, and the regions of a group share a price); a dedicated IP custom SSL
certificate ($600 a month, pro-rated by the hour) when the viewer certificate's SSL support method is
`vip`.

Usage keys are infracost's, per region group (`monthly_https_requests.us`, written nested or flat in the
usage file): us (United States, Mexico, Canada), europe (Europe, Israel), south_africa (South Africa,
Kenya, Middle East), south_america, japan, australia (and New Zealand), asia_pacific (Hong Kong,
Indonesia, Philippines, Singapore, South Korea, Taiwan, Thailand, ...), india. The data transfer rows are
the pricing page's "Regional DT ... to Internet" metrics, checked against AWS's CloudFront pricing page
(all eight groups and seven tiers agree); the always-free tier (1 TB out, 10 million requests, 2 million
function invocations a month, account-wide) is stated on the first lines, not applied. CloudFront's
prices are global: read from the snapshot only (the Price List refresh keeps regional rows).

A CloudFront function: invocations per million (`monthly_requests`); the shared data has no price for
them, so the line stays unpriced with that reason (the function's only line: unpriced).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, flag, known, known_value, text
from costing.rules.declare import INF, Page, Price, Tier, Tiered, UsageKey

DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
FUNCTION = "aws:cloudfront/function:Function"
TYPES = (DISTRIBUTION, FUNCTION)
FILE = "cloudfront.json"

# Region group -> (the pricing page's name for it, AWS's grouping on the pricing page).
GROUPS = {
    "us": ("United States", "United States, Mexico, Canada"),
    "europe": ("EU", "Europe, Israel"),
    "south_africa": ("South Africa", "South Africa, Kenya, Middle East"),
    "south_america": ("South America", "South America"),
    "japan": ("Japan", "Japan"),
    "australia": ("Australia", "Australia, New Zealand"),
    "asia_pacific": ("Asia Pacific", "Hong Kong, Singapore, South Korea, Asia Pacific"),
    "india": ("India", "India"),
}
PAGE_GROUP = {"group": {page: group for group, (page, _) in GROUPS.items()}}
# Price class -> the groups its edge locations serve (AWS CloudFront Developer Guide, "price classes").
PRICE_CLASSES = {
    "PriceClass_All": tuple(GROUPS),
    "PriceClass_200": ("us", "europe", "south_africa", "japan", "asia_pacific", "india"),
    "PriceClass_100": ("us", "europe"),
}
DEFAULT_PRICE_CLASS = "PriceClass_All"  # CloudFront's default when a distribution sets none
FREE_TIER = ("1 TB out, 10 million requests and 2 million function invocations a month are free, "
             "account-wide (not applied)")


def _transfer_tier(number: int, upto: float, label: str, page_label: str, ending: str) -> Tier:
    metric = re.compile(rf"\[Regional DT to Internet (?i:{page_label})\] \S+ JRTCKXETXF\.\w+ Transfer;"
                        rf"Regional DT from (?P<group>.+?) to Internet (?i:{page_label})")
    return Tier(upto, label, Price(
        "cloudfront", "data-transfer-out", "GB", f"data transfer out to the internet, {label}",
        variant=f"{{group}}|tier{number}",
        sources=[Page(FILE, metric, values=PAGE_GROUP, location=f" (Per Month: {ending})")],
        free_tier=FREE_TIER if number == 1 else ""))


DATA_OUT = Tiered([
    _transfer_tier(1, 10240, "first 10 TB", "First 10 TB", "10240"),
    _transfer_tier(2, 51200, "next 40 TB", "Next 40 TB", "51200"),
    _transfer_tier(3, 153600, "next 100 TB", "next 100 TB", "153600"),
    _transfer_tier(4, 512000, "next 350 TB", "Next 350 TB", "512000"),
    _transfer_tier(5, 1048576, "next 524 TB", "next 524 TB", "1048576"),
    _transfer_tier(6, 5242880, "next 4 PB", "Next 4 PB", "5242880"),
    _transfer_tier(7, INF, "over 5 PB", "Over 5 PB", "Inf"),
])
DATA_TO_ORIGIN = Price(
    "cloudfront", "data-transfer-to-origin", "GB", "data transfer out to the origin", variant="{group}",
    sources=[Page(FILE, re.compile(r"Regional DT to Origin from (?P<group>.+)"), values=PAGE_GROUP,
                  location=" (Per Month: Inf)")])


def _requests(protocol: str) -> Price:
    return Price(
        "cloudfront", f"requests-{protocol.lower()}", "10K requests", f"{protocol} requests", variant="{group}",
        sources=[Page(FILE, re.compile(rf"Request {protocol} Methods from (?P<group>.+)"), factor=10_000,
                      values=PAGE_GROUP, location="")],
        free_tier=FREE_TIER)


HTTP_REQUESTS, HTTPS_REQUESTS = _requests("HTTP"), _requests("HTTPS")
INVALIDATIONS = Price(
    "cloudfront", "invalidation-paths", "path", "invalidation paths",
    sources=[Page(FILE, "Charge for invalidating objects removing the objects from CloudFront edge locations",
                  location="")],
    free_tier="the first 1,000 paths a month are free, account-wide (not applied)")
FIELD_LEVEL_ENCRYPTION = Price(
    "cloudfront", "field-level-encryption-requests", "10K requests", "field-level encryption requests",
    sources=[Page(FILE, "HTTPS Proxy requests with Field Level Encryption", factor=10_000, location="United States")])
REALTIME_LOG_LINES = Price(
    "cloudfront", "realtime-log-lines", "1M lines", "real-time log lines",
    missing="no price for real-time log lines in the shared pricing data (cloudfront.json has none)")
DEDICATED_IP_SSL = Price(
    "cloudfront", "dedicated-ip-ssl-certificate", "certificate-month", "dedicated IP custom SSL certificate",
    sources=[Page(FILE, "Charge for using an SSL certificate with a CloudFront alternate domain name", location="Any")])
FUNCTION_INVOCATIONS = Price(
    "cloudfront", "function-invocations", "1M invocations", "function invocations",
    missing="no price for CloudFront Functions invocations in the shared pricing data (cloudfront.json has none)")

# Origin shield: per 10,000 requests in the origin shield region, the thirteen regions AWS offers it in
# (the pricing page's locations; the CloudFront Developer Guide's origin shield regions). Each region's
# price is one identity, read in every region: the line is priced where the shield is, not the stack.
SHIELD_METRIC = "CloudFront Request-Origin-Shield Origin Shield Requests"
SHIELD_REGIONS = {  # region code -> (pricing-page location, infracost's usage group)
    "us-east-1": ("US East (N. Virginia)", "us"), "us-east-2": ("US East (Ohio)", "us"),
    "us-west-1": ("US West (N. California)", "us"), "us-west-2": ("US West (Oregon)", "us"),
    "eu-central-1": ("EU (Frankfurt)", "europe"), "eu-west-1": ("EU (Ireland)", "europe"),
    "eu-west-2": ("EU (London)", "europe"), "sa-east-1": ("South America (Sao Paulo)", "south_america"),
    "ap-northeast-1": ("Asia Pacific (Tokyo)", "japan"), "ap-southeast-2": ("Asia Pacific (Sydney)", "australia"),
    "ap-southeast-1": ("Asia Pacific (Singapore)", "singapore"),
    "ap-northeast-2": ("Asia Pacific (Seoul)", "south_korea"), "ap-south-1": ("Asia Pacific (Mumbai)", "india"),
}
SHIELD_REQUESTS = {
    code: Price("cloudfront", "origin-shield-requests", "10K requests", f"origin shield requests ({code})",
                variant=code, sources=[Page(FILE, SHIELD_METRIC, factor=10_000, location=location)])
    for code, (location, _) in SHIELD_REGIONS.items()
}
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"cloudfront": "CloudFront"}
PRICES = (DATA_OUT, DATA_TO_ORIGIN, HTTP_REQUESTS, HTTPS_REQUESTS, INVALIDATIONS, FIELD_LEVEL_ENCRYPTION,
          REALTIME_LOG_LINES, *SHIELD_REQUESTS.values(), DEDICATED_IP_SSL, FUNCTION_INVOCATIONS)


def _per_group(name: str, unit: str, what: str) -> dict[str, UsageKey]:
    return {group: UsageKey(f"{name}.{group}", unit, f"{what} ({served})") for group, (_, served) in GROUPS.items()}


DATA_OUT_GB = _per_group("monthly_data_transfer_to_internet_gb", "GB", "data sent to viewers per month")
DATA_TO_ORIGIN_GB = _per_group("monthly_data_transfer_to_origin_gb", "GB", "data sent to the origin per month")
HTTP_COUNT = _per_group("monthly_http_requests", "requests", "HTTP requests per month")
HTTPS_COUNT = _per_group("monthly_https_requests", "requests", "HTTPS requests per month")
SHIELD_COUNT = {group: UsageKey(f"monthly_shield_requests.{group}", "requests",
                                f"origin shield requests per month (shield in {group})")
                for group in dict.fromkeys(group for _, group in SHIELD_REGIONS.values())}
INVALIDATION_PATHS = UsageKey("monthly_invalidation_requests", "paths", "invalidation paths requested per month")
ENCRYPTION_COUNT = UsageKey("monthly_encryption_requests", "requests", "field-level encryption requests per month")
LOG_LINES = UsageKey("monthly_log_lines", "lines", "real-time log lines per month")
INVOCATIONS = UsageKey("monthly_requests", "requests", "function invocations per month")
USAGE = {
    DISTRIBUTION: (*DATA_OUT_GB.values(), *DATA_TO_ORIGIN_GB.values(), *HTTP_COUNT.values(), *HTTPS_COUNT.values(),
                   *SHIELD_COUNT.values(), INVALIDATION_PATHS, ENCRYPTION_COUNT, LOG_LINES),
    FUNCTION: (INVOCATIONS,),
}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        DISTRIBUTION: (_distribution, "CloudFront distribution"),
        FUNCTION: (lambda row: [FUNCTION_INVOCATIONS.usage_line(row.urn, INVOCATIONS, factor=1e-6)],
                   "CloudFront function"),
    })


def _distribution(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    price_class = text(inputs, "priceClass", "price class", DEFAULT_PRICE_CLASS)
    if price_class not in PRICE_CLASSES:
        raise Unpriceable(f"price class {price_class!r} is not one of {', '.join(PRICE_CLASSES)}")
    rows = []
    for group in PRICE_CLASSES[price_class]:
        served = GROUPS[group][1]
        rows += DATA_OUT.usage_lines(urn, DATA_OUT_GB[group], f"data transfer out to the internet, {served}",
                                     group=group)
        rows += [DATA_TO_ORIGIN.usage_line(urn, DATA_TO_ORIGIN_GB[group], f"data transfer out to the origin, {served}",
                                           group=group),
                 HTTP_REQUESTS.usage_line(urn, HTTP_COUNT[group], f"HTTP requests, {served}", factor=1e-4, group=group),
                 HTTPS_REQUESTS.usage_line(urn, HTTPS_COUNT[group], f"HTTPS requests, {served}", factor=1e-4,
                                           group=group)]
    rows.append(INVALIDATIONS.usage_line(urn, INVALIDATION_PATHS))
    behaviors = _cache_behaviors(inputs)
    if any(behavior.get("fieldLevelEncryptionId") for behavior in behaviors):
        rows.append(FIELD_LEVEL_ENCRYPTION.usage_line(urn, ENCRYPTION_COUNT, factor=1e-4))
    if any(behavior.get("realtimeLogConfigArn") for behavior in behaviors):
        rows.append(REALTIME_LOG_LINES.usage_line(urn, LOG_LINES, factor=1e-6))
    rows += [SHIELD_REQUESTS[regions[0]].usage_line(
                 urn, SHIELD_COUNT[group], f"origin shield requests ({', '.join(regions)})", factor=1e-4)
             for group, regions in _shield_groups(inputs).items()]
    certificate = known(inputs, "viewerCertificate", "viewer certificate") or {}
    if text(certificate, "sslSupportMethod", "SSL support method") == "vip":
        rows.append(DEDICATED_IP_SSL.line(urn, 1.0))
    return rows


def _cache_behaviors(inputs: dict[str, Any]) -> list[dict[str, Any]]:
    default = known(inputs, "defaultCacheBehavior", "default cache behavior") or {}
    ordered = known(inputs, "orderedCacheBehaviors", "ordered cache behaviors") or []
    behaviors = [known_value(behavior, "cache behavior") for behavior in [default, *ordered]]
    for behavior in behaviors:
        known(behavior, "fieldLevelEncryptionId", "field-level encryption config")
        known(behavior, "realtimeLogConfigArn", "real-time log config")
    return behaviors


def _shield_groups(inputs: dict[str, Any]) -> dict[str, list[str]]:
    """The usage group of each origin shield region the origins enable, with its regions, in order: the usage
    file gives one value per group, so a group is one line (its regions share a price: AWS's page prices origin
    shield per group), never its value charged once per region."""
    groups: dict[str, list[str]] = {}
    for region in _shield_regions(inputs):
        groups.setdefault(SHIELD_REGIONS[region][1], []).append(region)
    return groups


def _shield_regions(inputs: dict[str, Any]) -> list[str]:
    """The origin shield region of each origin that enables one, in order, once each."""
    regions = []
    for origin in known(inputs, "origins", "origins") or []:
        shield = known(known_value(origin, "origin"), "originShield", "origin shield") or {}
        if not flag(known_value(shield, "origin shield"), "enabled", "origin shield"):
            continue
        region = text(shield, "originShieldRegion", "origin shield region")
        if not region:
            raise Unpriceable("origin shield enabled without an origin shield region")
        if region not in SHIELD_REGIONS:
            raise Unpriceable(f"origin shield region {region!r} is not one AWS offers origin shield in "
                              f"({', '.join(sorted(SHIELD_REGIONS))})")
        regions.append(region)
    return list(dict.fromkeys(regions))
