"""S3 buckets, directory buckets, analytics and inventory to the cent on hand-checked us-east-1 prices
(aws-pricing-pages/s3.json): Standard storage 0.023 / 0.022 / 0.021 per GB-month (first 50 TB, next 450 TB,
over 500 TB), Standard-IA 0.0125, One Zone-IA 0.01; PUT requests 0.005 and GET 0.0004 per 1,000; Express
One Zone storage 0.11; analytics 0.10 and inventory 0.0025 per million objects."""

from __future__ import annotations

from costing.rules.declare import by_usage_type
from costing.schema import UNKNOWN
from costing.usage import load_usage
from tests.pricing_helpers import cents, lines_of, of, priced, prices, resource

BUCKET = "aws:s3/bucket:Bucket"
BUCKET_V2 = "aws:s3/bucketV2:BucketV2"
LIFECYCLE_V2 = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
DIRECTORY = "aws:s3/directoryBucket:DirectoryBucket"
ANALYTICS = "aws:s3/analyticsConfiguration:AnalyticsConfiguration"
INVENTORY = "aws:s3/inventory:Inventory"

PRICES = prices(
    ("s3", "us-east-1", "storage", "standard|tier1", "GB-month", 0.023),
    ("s3", "us-east-1", "storage", "standard|tier2", "GB-month", 0.022),
    ("s3", "us-east-1", "storage", "standard|tier3", "GB-month", 0.021),
    ("s3", "us-east-1", "storage", "standard-ia", "GB-month", 0.0125),
    ("s3", "us-east-1", "storage", "one-zone-ia", "GB-month", 0.01),
    ("s3", "us-east-1", "storage", "express-one-zone", "GB-month", 0.11),
    ("s3", "us-east-1", "requests-tier1", "standard", "1k requests", 0.005),
    ("s3", "us-east-1", "requests-tier2", "standard", "1k requests", 0.0004),
    ("s3", "us-east-1", "select-scanned", "standard", "GB", 0.002),
    ("s3", "us-east-1", "select-returned", "standard", "GB", 0.0007),
    ("s3", "us-east-1", "retrieval", "standard-ia", "GB", 0.01),
    ("s3", "us-east-1", "retrieval", "one-zone-ia", "GB", 0.01),
    ("s3", "us-east-1", "retrieval", "express-one-zone", "GB", 0.0006),
    ("s3", "us-east-1", "retrieval", "glacier-deep-archive|standard", "GB", 0.02),
    ("s3", "us-east-1", "retrieval", "glacier-deep-archive|bulk", "GB", 0.0025),
    ("s3", "us-east-1", "upload", "express-one-zone", "GB", 0.0032),
    *[("s3", "us-east-1", "requests-tier1", variant, "1k requests", usd)
      for variant, usd in (("standard-ia", 0.01), ("one-zone-ia", 0.01), ("express-one-zone", 0.00113))],
    *[("s3", "us-east-1", "requests-tier2", variant, "1k requests", usd)
      for variant, usd in (("standard-ia", 0.001), ("one-zone-ia", 0.001), ("express-one-zone", 0.00003),
                           ("glacier-deep-archive", 0.0004))],
    *[("s3", "us-east-1", "lifecycle-transitions", variant, "1k requests", usd)
      for variant, usd in (("standard-ia", 0.01), ("one-zone-ia", 0.01), ("glacier-deep-archive", 0.05))],
    *[("s3", "us-east-1", kind, variant, "GB", usd) for variant in ("standard-ia", "one-zone-ia")
      for kind, usd in (("select-scanned", 0.002), ("select-returned", 0.01))],
    ("s3", "us-east-1", "storage-class-analysis", "", "1M objects", 0.10),
    ("s3", "us-east-1", "inventory", "", "1M objects", 0.0025),
    ("data-transfer", "us-east-1", "out-to-internet", "0-10TB", "GB", 0.09),
)
STANDARD_LINES = ["Standard storage (first 50 TB)", "Standard PUT, COPY, POST, LIST requests",
                  "Standard GET, SELECT and all other requests", "Standard data scanned by S3 Select",
                  "Standard data returned by S3 Select", "data transfer out to the internet (first 10 TB)"]


def price(*rows, usage=None):
    return priced(*rows, usage=usage, table=PRICES)


def usage_of(tmp_path, text: str):
    """A usage file of `text`, loaded as `--usage-file` loads it (dotted keys and all)."""
    path = tmp_path / "usage.yaml"
    path.write_text(text)
    return load_usage(path)


def test_a_bucket_costs_nothing_until_used_and_shows_standard_class_usage_lines():
    result = price(resource(BUCKET, "site", {"bucket": "site"}), resource(BUCKET_V2, "old", {}))
    for name in ("site", "old"):
        assert (of(result, name)["status"], of(result, name)["monthly_usd"]) == ("priced", 0.0)
        assert list(lines_of(result, name).index) == STANDARD_LINES
        assert set(lines_of(result, name)["reason"]) == {"depends on usage"}


def test_standard_storage_splits_across_the_volume_tiers(tmp_path):
    usage = usage_of(tmp_path, "resources:\n  site:\n    standard.storage_gb: 600000\n"
                               "    standard.monthly_tier_1_requests: 2000000\n"
                               "    standard.monthly_tier_2_requests: 5e6\n")
    result = price(resource(BUCKET, "site", {}), usage=usage)
    lines = lines_of(result, "site")
    assert lines.loc["Standard storage (first 50 TB)", "quantity"] == 51_200
    assert lines.loc["Standard storage (next 450 TB)", "quantity"] == 460_800
    assert lines.loc["Standard storage (over 500 TB)", "quantity"] == 88_000
    # 51,200 x 0.023 + 460,800 x 0.022 + 88,000 x 0.021 + 2,000 x 0.005 + 5,000 x 0.0004
    assert of(result, "site")["usage_monthly_usd"] == cents(1177.60 + 10137.60 + 1848.00 + 10.00 + 2.00)


def test_a_class_a_lifecycle_rule_moves_objects_to_gets_its_lines_and_keys(tmp_path):
    rules = [{"enabled": True, "transitions": [{"days": 30, "storageClass": "STANDARD_IA"}]},
             {"enabled": False, "transitions": [{"days": 30, "storageClass": "GLACIER"}]},
             {"enabled": True, "noncurrentVersionTransitions": [{"days": 30, "storageClass": "ONEZONE_IA"}]}]
    usage = usage_of(tmp_path, "resources:\n  logs:\n    standard_infrequent_access.storage_gb: 1000\n"
                               "    standard_infrequent_access.monthly_retrieval_gb: 300\n")  # infracost's older name
    result = price(resource(BUCKET, "logs", {"lifecycleRules": rules}), usage=usage)
    descriptions = list(lines_of(result, "logs").index)
    assert "Standard-IA storage" in descriptions and "One Zone-IA storage" in descriptions
    assert not any(description.startswith("Glacier") for description in descriptions)  # the disabled rule's
    assert of(result, "logs")["usage_monthly_usd"] == cents(12.50 + 3.00)  # 1,000 x 0.0125 + 300 x 0.01


def test_a_lifecycle_configuration_resource_adds_its_classes_to_its_bucket_by_reference_or_id():
    rules = [{"status": "Enabled", "transitions": [{"storageClass": "STANDARD_IA"}]}]
    bucket, other = resource(BUCKET, "data", {}, id="data-bucket"), resource(BUCKET, "other", {})
    by_reference = resource(LIFECYCLE_V2, "data-rules", {"bucket": UNKNOWN, "rules": rules},
                            refs={"bucket": [bucket["urn"]]})
    by_id = resource(LIFECYCLE_V2, "other-rules", {"bucket": "other-id", "rules": rules})
    result = price(bucket, other, by_reference, by_id)
    assert "Standard-IA storage" in lines_of(result, "data").index
    assert "Standard-IA storage" in lines_of(result, "other").index
    assert of(result, "data-rules")["status"] == "free"


def test_glacier_deep_archive_storage_has_no_price_and_says_so():
    rules = [{"enabled": True, "transitions": [{"days": 180, "storageClass": "DEEP_ARCHIVE"}]}]
    result = price(resource(BUCKET, "vault", {"lifecycleRules": rules}))
    # the bucket's other classes stay priced: partly priced, the Deep Archive storage a line of its own
    assert of(result, "vault")["status"] == "partial"
    assert of(result, "vault")["reason"] == "no price for S3 Glacier Deep Archive storage in the price snapshot"
    gap = result.lines[result.lines["description"] == "Glacier Deep Archive storage"]
    assert list(gap["reason"]) == ["no price for S3 Glacier Deep Archive storage in the price snapshot"]
    assert gap["unit_usd"].isna().all() and result.totals["partial"] == 1


def test_a_directory_bucket_is_priced_in_an_availability_zone_only(tmp_path):
    usage = usage_of(tmp_path, "resources:\n  hot:\n    storage_gb: 100\n")
    result = price(resource(DIRECTORY, "hot", {"location": {"name": "use1-az4", "type": "AvailabilityZone"}}),
                   resource(DIRECTORY, "edge", {"location": {"name": "use1-mia2-lz1", "type": "LocalZone"},
                                                "dataRedundancy": "SingleLocalZone"}),
                   resource(DIRECTORY, "later", {"location": UNKNOWN}), usage=usage)
    assert of(result, "hot")["usage_monthly_usd"] == cents(11.00)  # 100 x 0.11
    assert of(result, "edge")["reason"] == ("directory buckets in a LocalZone (SingleLocalZone) are not priced "
                                            "(priced: S3 Express One Zone in an Availability Zone)")
    assert of(result, "later")["reason"] == "bucket location unknown until apply"


def test_analytics_is_charged_only_with_storage_class_analysis_and_inventory_per_object_listed(tmp_path):
    usage = usage_of(tmp_path, "resources:\n  analysis:\n    monthly_monitored_objects: 50000000\n"
                               "  listing:\n    monthly_listed_objects: 100000000\n")
    result = price(resource(ANALYTICS, "analysis", {"storageClassAnalysis": {}}),
                   resource(ANALYTICS, "filter-only", {"filter": {"prefix": "docs/"}}),
                   resource(ANALYTICS, "unknown", {"storageClassAnalysis": UNKNOWN}),
                   resource(INVENTORY, "listing", {"schedule": {"frequency": "Daily"}}), usage=usage)
    assert of(result, "analysis")["usage_monthly_usd"] == cents(5.00)  # 50 x 0.10
    assert (of(result, "filter-only")["status"], of(result, "filter-only")["monthly_usd"]) == ("free", 0.0)
    assert of(result, "unknown")["reason"] == "storage class analysis unknown until apply"
    assert of(result, "listing")["usage_monthly_usd"] == cents(0.25)  # 100 x 0.0025


def test_a_usage_type_fills_a_family_field_with_or_without_its_region_prefix():
    fill = by_usage_type({"Requests-Tier1": "standard", "Requests-SIA-Tier1": "standard-ia"})

    class Row:
        def __init__(self, usage_type):
            self.usage_type = usage_type

    assert [fill(Row(name)) for name in ("Requests-Tier1", "EU-Requests-SIA-Tier1", "USE1-Requests-Tier1",
                                         "EU-Requests-ZIA-Tier1")] == ["standard", "standard-ia", "standard", None]
