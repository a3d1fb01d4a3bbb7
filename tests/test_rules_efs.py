"""EFS file systems to the cent on hand-checked us-east-1 prices (aws-pricing-pages/efs.json): Standard
0.30, Standard-IA 0.025, Archive 0.008, One Zone 0.16, One Zone-IA 0.0133 per GB-month; IA reads and writes
0.01 per GB; elastic throughput 0.03 per GB read and 0.06 per GB written; provisioned 6.00 per MB/s-month."""

from __future__ import annotations

from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.pricing_helpers import cents, lines_of, of, priced, prices, resource

FILE_SYSTEM = "aws:efs/fileSystem:FileSystem"
PRICES = prices(*[("efs", "us-east-1", item, variant, unit, usd) for item, variant, unit, usd in (
    ("storage", "standard", "GB-month", 0.30), ("storage", "standard-ia", "GB-month", 0.025),
    ("storage", "archive", "GB-month", 0.008), ("storage", "one-zone", "GB-month", 0.16),
    ("storage", "one-zone-ia", "GB-month", 0.0133), ("tier-access", "infrequent-access|read", "GB", 0.01),
    ("tier-access", "infrequent-access|write", "GB", 0.01), ("tier-access", "archive|read", "GB", 0.03),
    ("tier-access", "archive|write", "GB", 0.03), ("elastic-throughput", "read", "GB", 0.03),
    ("elastic-throughput", "write", "GB", 0.06), ("provisioned-throughput", "", "MBps-month", 6.00))])
IA = [{"transitionToIa": "AFTER_30_DAYS"}]


def price(*rows, usage=None):
    return priced(*rows, usage=usage, table=PRICES)


def test_a_bursting_file_system_costs_its_storage_only():
    result = price(resource(FILE_SYSTEM, "home", {"encrypted": True}),
                   usage=Usage("usage.yaml", resources={"home": {"storage_gb": 100}}))
    assert list(lines_of(result, "home").index) == ["Standard storage"]
    assert (of(result, "home")["monthly_usd"], of(result, "home")["usage_monthly_usd"]) == (0.0, cents(30.00))


def test_one_zone_file_systems_use_the_one_zone_classes():
    usage = Usage("usage.yaml", resources={"dev": {"storage_gb": 100, "infrequent_access_storage_gb": 300,
                                                   "monthly_infrequent_access_write_gb": 10}})
    result = price(resource(FILE_SYSTEM, "dev", {"availabilityZoneName": "us-east-1a", "lifecyclePolicies": IA}),
                   usage=usage)
    assert list(lines_of(result, "dev").index) == ["One Zone storage", "One Zone-IA storage", "Infrequent Access reads",
                                                   "Infrequent Access writes"]
    assert of(result, "dev")["usage_monthly_usd"] == cents(16.00 + 3.99 + 0.10)  # 100 x 0.16 + 300 x 0.0133 + 10 x 0.01


def test_provisioned_throughput_is_priced_per_mbps_month_and_says_what_it_does_not_deduct():
    result = price(resource(FILE_SYSTEM, "builds", {"throughputMode": "provisioned",
                                                    "provisionedThroughputInMibps": 25}))
    line = lines_of(result, "builds").loc["provisioned throughput"]
    assert (line["quantity"], of(result, "builds")["monthly_usd"]) == (25, cents(150.00))  # 25 x 6.00
    assert line["note"] == "the baseline the Standard storage would get in bursting mode is not deducted"


def test_what_cannot_be_priced_says_why():
    result = price(
        resource(FILE_SYSTEM, "no-rate", {"throughputMode": "provisioned"}),
        resource(FILE_SYSTEM, "odd", {"throughputMode": "turbo"}),
        resource(FILE_SYSTEM, "zone-archive", {"availabilityZoneName": "us-east-1a", "lifecyclePolicies": [
            {"transitionToArchive": "AFTER_90_DAYS"}]}),
        resource(FILE_SYSTEM, "later", {"lifecyclePolicies": UNKNOWN}))
    assert of(result, "no-rate")["reason"] == "provisioned throughput mode without provisionedThroughputInMibps"
    assert of(result, "odd")["reason"] == (
        "throughput mode 'turbo' is not priced (priced: bursting, provisioned, elastic)")
    assert of(result, "zone-archive")["reason"] == (
        "Archive storage of a One Zone file system is not priced (no price in the snapshot)")
    assert of(result, "later")["reason"] == "lifecycle policies unknown until apply"
