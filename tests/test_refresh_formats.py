"""The refresh against AWS's real published files (../shared/pricing/price-list-api-examples) and the
mapping rules that do not need a server."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from costing.refresh.bulk_api import region_files, region_index_url
from costing.refresh.collect import OfferPrices
from costing.refresh.mapping import Match, Row, match, usage_suffix
from costing.refresh.offer_csv import OfferCsv
from tests.refresh_server import offer_csv

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "pricing" / "price-list-api-examples"
SAMPLE = EXAMPLES / "jtdelia_ec2-priceit"
ENDPOINT = "https://pricing.us-east-1.amazonaws.com"
needs_examples = pytest.mark.skipif(not SAMPLE.is_dir(), reason=f"the AWS examples are not at {EXAMPLES}")


@needs_examples
def test_the_real_ec2_csv_sample_parses_row_by_row():
    data = (SAMPLE / "3-global-pricing-file-sample.csv").read_bytes()
    offer_file = OfferCsv(io.BytesIO(data), url="sample.csv", offer="AmazonEC2")
    assert (offer_file.publication_date, offer_file.version) == ("2025-09-12", "20250912225308")
    rows = list(offer_file.rows())
    assert len(rows) == offer_file.rows_read == data.count(b"\n") - 6
    first_line, first = rows[0]
    assert (first_line, first.sku, first.term_type, first.lease, first.purchase_option, first.price) == (
        7, "2223B6PCG6QAUYY6", "Reserved", "3yr", "Partial Upfront", "0.1046300000")
    assert (first.instance_type, first.operating_system, first.tenancy, first.region_code) == (
        "c6i.large", "Windows", "Dedicated", "ap-northeast-1")
    kept = [row for _, row in rows if match("AmazonEC2", row) is not None]
    assert {(row.operating_system, row.tenancy) for row in kept} <= {("Linux", "Shared")}


@needs_examples
def test_the_real_offer_index_leads_to_the_region_index():
    index = json.loads((SAMPLE / "1-global-service-index.json").read_text())
    assert [region_index_url(ENDPOINT, index, offer, "index.json") for offer in ("AmazonEC2", "awskms")] == [
        f"{ENDPOINT}/offers/v1.0/aws/AmazonEC2/current/region_index.json",
        f"{ENDPOINT}/offers/v1.0/aws/awskms/current/region_index.json"]


def test_a_region_index_gives_the_csv_twin_of_each_version_url():
    index = {"regions": {code: {"regionCode": code, "currentVersionUrl":
                                f"/offers/v1.0/aws/AmazonEC2/20250912225308/{code}/index.json"}
                         for code in ("us-east-1", "eu-west-1", "us-east-1-bos-1")}}
    every = region_files(ENDPOINT, index, None, "region_index.json")
    assert every.files == {code: f"{ENDPOINT}/offers/v1.0/aws/AmazonEC2/20250912225308/{code}/index.csv"
                           for code in ("eu-west-1", "us-east-1")}  # a Local Zone code is not a region
    wanted = region_files(ENDPOINT, index, ["eu-west-1", "ap-east-2"], "region_index.json")
    assert (list(wanted.files), wanted.missing) == (["eu-west-1"], ("ap-east-2",))


@pytest.mark.parametrize("usage_type, found", [
    ("NatGateway-Hours", "NatGateway-Hours"),  # us-east-1: no prefix
    ("EUW2-NatGateway-Hours", "NatGateway-Hours"),
    ("sa-east-1-KMS-Keys", "KMS-Keys"),  # KMS prefixes the region code
    ("USE1-VPN-large-Usage-Hours:ipsec.1", None),  # a larger VPN, not the standard one
    ("USE1-ReservedLCUUsage", None),  # "LCUUsage" only after a dash
    ("APN1-EBS:VolumeP-IOPS.io2.tier2", "EBS:VolumeP-IOPS.io2.tier2"),
])
def test_usage_types_match_after_their_region_prefix(usage_type, found):
    names = {"NatGateway-Hours", "KMS-Keys", "VPN-Usage-Hours:ipsec.1", "LCUUsage", "EBS:VolumeP-IOPS.io2",
             "EBS:VolumeP-IOPS.io2.tier2"}
    assert usage_suffix(usage_type, names) == found


def row(**fields: str) -> Row:
    return Row(**{name: fields.get(name, "") for name in Row._fields})


def test_reserved_terms_pair_hourly_and_upfront_fees_and_keep_the_dearest_sku():
    prices = OfferPrices("us-east-1", "file.csv", "2026-09-01")
    key = Match("ec2", "m5.large", "linux-ondemand-shared", "hour", reservable=True)
    all_upfront = {"term_type": "Reserved", "lease": "1yr", "purchase_option": "All Upfront",
                   "offering_class": "standard"}
    prices.add(row(sku="A", term_code="T", unit="Hrs", price="0.0", **all_upfront), key, 7)
    prices.add(row(sku="A", term_code="T", unit="Quantity", price="500", **all_upfront), key, 8)
    prices.add(row(sku="B", term_code="T", unit="Hrs", price="0.001", **all_upfront), key, 9)
    prices.add(row(sku="B", term_code="T", unit="Quantity", price="490", **all_upfront), key, 10)
    # A: 500 / 8760 = 0.05708 an hour; B: 0.001 + 490 / 8760 = 0.05694: A is dearer
    assert prices.reserved_rows() == [["ec2", "us-east-1", "m5.large", "linux-ondemand-shared",
                                       "reserved-1y-all-upfront", "hour", "0", "500", "file.csv", "2026-09-01"]]


def test_on_demand_duplicates_keep_the_highest_price_and_convert_units():
    prices = OfferPrices("us-east-1", "file.csv", "2026-09-01")
    throughput = Match("ebs", "gp3-throughput", "", "MiBps-month", Decimal(1) / Decimal(1024))
    prices.add(row(term_type="OnDemand", unit="GiBps-mo", price="40.96"), throughput, 7)
    storage = Match("rds-storage", "gp2", "single-az", "GB-month")
    prices.add(row(term_type="OnDemand", unit="GB-Mo", price="0.115"), storage, 8)
    prices.add(row(term_type="OnDemand", unit="GB-Mo", price="0.1150000000"), storage, 9)
    prices.add(row(term_type="OnDemand", unit="GB-Mo", price="0.12"), storage, 10)
    assert [r[:6] for r in prices.price_rows()] == [["ebs", "us-east-1", "gp3-throughput", "", "MiBps-month", "0.04"],
                                                    ["rds-storage", "us-east-1", "gp2", "single-az", "GB-month",
                                                     "0.12"]]


_field = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00\r"),
                 max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_field, _field, _field), min_size=1, max_size=8))
def test_any_quoted_text_reads_back_as_written(values):
    """Commas, quotes and newlines inside fields (AWS quotes every non-empty field): each row reads back whole,
    numbered by the line it ends on."""
    header = ["SKU", "TermType", "Unit", "PricePerUnit", "Currency", "Product Family", "usageType"]
    rows = [{"SKU": sku, "TermType": "OnDemand", "Unit": unit, "PricePerUnit": "1", "Currency": "USD",
             "Product Family": family, "usageType": "x"} for sku, unit, family in values]
    data = offer_csv("awskms", rows, header)
    offer_file = OfferCsv(io.BytesIO(data), url="f.csv", offer="awskms")
    read = list(offer_file.rows())
    assert [(row.sku, row.unit, row.product_family) for _, row in read] == values
    assert read[-1][0] == data.decode().count("\n")
