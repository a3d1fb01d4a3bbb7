"""CloudFront rules: the region groups a price class serves, origin shield regions, the optional features'
lines, and every reason a distribution is left unpriced (exact messages)."""

from __future__ import annotations

import pytest

from costing.catalog import EMBEDDED_SNAPSHOT, load_catalog
from costing.rules import cloudfront, rule_lines
from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.edge_helpers import snapshot_priced, unread_usage_keys
from tests.pricing_helpers import cents, frame, lines_of, of, resource

DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
ORIGIN = {"domainName": "assets.s3.amazonaws.com", "originId": "s3"}


def distribution(name: str, **inputs):
    return resource(DISTRIBUTION, name, {"origins": [ORIGIN], "defaultCacheBehavior": {"targetOriginId": "s3"}, **inputs})


def groups_of(result, name: str) -> list[str]:
    lines = lines_of(result, name)
    return [variant.split("|")[0] for variant in lines.loc[lines["item"] == "data-transfer-out", "variant"]]


@pytest.mark.parametrize("price_class, groups", [
    (None, ["us", "europe", "south_africa", "south_america", "japan", "australia", "asia_pacific", "india"]),
    ("PriceClass_200", ["us", "europe", "south_africa", "japan", "asia_pacific", "india"]),
    ("PriceClass_100", ["us", "europe"]),
])
def test_a_price_class_serves_its_region_groups_all_by_default(price_class, groups):
    inputs = {"priceClass": price_class} if price_class else {}
    result = snapshot_priced(distribution("cdn", **inputs))
    assert groups_of(result, "cdn") == groups  # without usage each group shows its first data transfer tier
    assert len(lines_of(result, "cdn")) == 4 * len(groups) + 1  # out, to origin, HTTP, HTTPS per group; invalidations


def test_data_out_splits_across_the_groups_own_tiers():
    usage = Usage("usage.yaml", resources={"cdn": {"monthly_data_transfer_to_internet_gb.india": 200_000}})
    result = snapshot_priced(distribution("cdn", priceClass="PriceClass_200"), usage=usage)
    india = lines_of(result, "cdn").loc[lambda lines: lines["variant"].str.startswith("india|")]
    # 10,240 x 0.109 + 40,960 x 0.085 + 102,400 x 0.082 + 46,400 x 0.080 (AWS's page: India's tiers)
    assert list(india["quantity"]) == [10240, 40960, 102400, 46400]
    assert of(result, "cdn")["usage_monthly_usd"] == cents(1116.16 + 3481.60 + 8396.80 + 3712.00)


def test_optional_features_add_their_lines_from_any_cache_behavior():
    row = distribution(
        "cdn", priceClass="PriceClass_100",
        orderedCacheBehaviors=[{"pathPattern": "/api/*", "fieldLevelEncryptionId": "fle-1"}],
        origins=[ORIGIN, {**ORIGIN, "originId": "b", "originShield": {"enabled": "true", "originShieldRegion": "sa-east-1"}}],
        viewerCertificate={"sslSupportMethod": "vip"})
    result = snapshot_priced(row)
    lines = lines_of(result, "cdn")
    assert lines.loc["field-level encryption requests", "unit_usd"] == pytest.approx(0.02)
    assert lines.loc["origin shield requests (sa-east-1)", "unit_usd"] == pytest.approx(0.016)  # Sao Paulo's rate
    shield = rule_lines(frame(row), frame(row)).set_index("description").loc["origin shield requests (sa-east-1)"]
    assert (shield["variant"], shield["usage_key"]) == ("sa-east-1", "monthly_shield_requests.south_america")
    assert of(result, "cdn")["monthly_usd"] == cents(600.00)  # the dedicated IP certificate, the only fixed line


def test_sni_and_default_certificates_cost_nothing():
    result = snapshot_priced(distribution("sni", viewerCertificate={"sslSupportMethod": "sni-only"}),
                             distribution("default", viewerCertificate={"cloudfrontDefaultCertificate": True}))
    assert (of(result, "sni")["monthly_usd"], of(result, "default")["monthly_usd"]) == (0.0, 0.0)


@pytest.mark.parametrize("inputs, reason", [
    ({"priceClass": "PriceClass_300"},
     "price class 'PriceClass_300' is not one of PriceClass_All, PriceClass_200, PriceClass_100"),
    ({"priceClass": UNKNOWN}, "price class unknown until apply"),
    ({"origins": [{**ORIGIN, "originShield": {"enabled": True}}]},
     "origin shield enabled without an origin shield region"),
    ({"origins": [{**ORIGIN, "originShield": {"enabled": True, "originShieldRegion": "af-south-1"}}]},
     "origin shield region 'af-south-1' is not one AWS offers origin shield in (ap-northeast-1, ap-northeast-2, "
     "ap-south-1, ap-southeast-1, ap-southeast-2, eu-central-1, eu-west-1, eu-west-2, sa-east-1, us-east-1, "
     "us-east-2, us-west-1, us-west-2)"),
    ({"viewerCertificate": UNKNOWN}, "viewer certificate unknown until apply"),
    ({"defaultCacheBehavior": {"targetOriginId": "s3", "fieldLevelEncryptionId": UNKNOWN}},
     "field-level encryption config unknown until apply"),
])
def test_a_value_the_lines_depend_on_that_is_unknown_or_invalid_leaves_it_unpriced(inputs, reason):
    result = snapshot_priced(distribution("cdn", **inputs))
    assert (of(result, "cdn")["status"], of(result, "cdn")["reason"]) == ("unpriced", reason)


def test_a_missing_price_is_named_never_zero():
    result = snapshot_priced(resource("aws:cloudfront/function:Function", "fn", {"code": "x"}),
                             distribution("logged", defaultCacheBehavior={"realtimeLogConfigArn": "arn:rt"}))
    assert of(result, "fn")["reason"] == "no price for cloudfront function-invocations in us-east-1"
    assert of(result, "logged")["reason"] == "no price for cloudfront realtime-log-lines in us-east-1"
    assert lines_of(result, "fn").iloc[0]["note"] == (
        "no price for CloudFront Functions invocations in the shared pricing data (cloudfront.json has none)")


def test_every_usage_key_of_a_distribution_is_read_by_a_line():
    shields = ["us-east-1", "eu-west-1", "sa-east-1", "ap-northeast-1", "ap-southeast-2", "ap-southeast-1",
               "ap-northeast-2", "ap-south-1"]
    rows = [distribution(f"d{number}", origins=[{**ORIGIN, "originShield": {"enabled": True, "originShieldRegion": region}}],
                         defaultCacheBehavior={"fieldLevelEncryptionId": "f", "realtimeLogConfigArn": "r"})
            for number, region in enumerate(shields)]
    rows.append(resource("aws:cloudfront/function:Function", "fn", {}))
    assert unread_usage_keys(*rows) == set()


def test_origins_shielded_in_one_region_group_share_one_line_of_its_usage_value():
    """The usage file gives one value per region group: two shield regions of a group (AWS prices them alike)
    are one line, never the value charged twice."""
    shielded = [{**ORIGIN, "originId": origin, "originShield": {"enabled": True, "originShieldRegion": region}}
                for origin, region in (("a", "us-east-1"), ("b", "us-west-2"), ("c", "eu-west-1"))]
    usage = Usage("usage.yaml", resources={"cdn": {"monthly_shield_requests.us": 20_000_000,
                                                   "monthly_shield_requests.europe": 10_000_000}})
    lines = lines_of(snapshot_priced(distribution("cdn", origins=shielded), usage=usage), "cdn")
    shield = lines[lines["item"] == "origin-shield-requests"]
    assert list(zip(shield.index, shield["variant"], shield["quantity"], shield["monthly_usd"])) == [
        ("origin shield requests (us-east-1, us-west-2)", "us-east-1", 2000.0, 15.00),  # 2,000 x 10K x $0.0075
        ("origin shield requests (eu-west-1)", "eu-west-1", 1000.0, 9.00)]  # 1,000 x 10K x $0.009


def test_the_origin_shield_regions_of_a_usage_group_share_one_price():
    """Why one line per group is right: the snapshot prices every region of a group alike (us $0.0075, europe
    $0.009 per 10,000 requests)."""
    prices = load_catalog(EMBEDDED_SNAPSHOT).prices
    shield = prices[prices["item"] == "origin-shield-requests"].drop_duplicates(["variant"]).set_index("variant")["usd"]
    by_group: dict[str, set[float]] = {}
    for region, (_, group) in cloudfront.SHIELD_REGIONS.items():
        by_group.setdefault(group, set()).add(float(shield[region]))
    assert (by_group["us"], by_group["europe"]) == ({0.0075}, {0.009})
    assert all(len(usd) == 1 for usd in by_group.values())
