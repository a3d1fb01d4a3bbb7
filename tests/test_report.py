"""The report formats, on a hand-built Estimate whose every figure is checked by hand here.

The sample stack (us-east-1): a NAT gateway ($0.045/h + one public IPv4 at $0.005/h, 100 GB of
data processed from the usage file), an Auto Scaling group of 3 m6i.large ($0.096/h) with 8 GB gp3
roots ($0.08/GB-month), an ALB ($0.0225/h + 2 public IPv4, LCUs without a usage value), a Multi-AZ
db.m6g.large postgres ($0.318/h) with 100 GB gp3 ($0.23/GB-month) and its master secret ($0.40),
two free resources and one unpriced bucket.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date

import pandas as pd
import pytest

from costing.report import render_estimate, render_frame, render_regions
from costing.report.common import snapshot_line, stale_warning, unit_price
from costing.result import LINE_RESULT_COLUMNS, RESOURCE_COLUMNS, Estimate, PriceProvenance, RegionComparison

NAN = math.nan
TODAY = date(2026, 3, 1)  # ec2 prices (2025-11-20) are 101 days old, rds prices (2025-12-05) 86
SOURCE = {"kind": "stack", "stack": "prod", "project": "webstack", "path": None}
ASG_COLUMNS = ["urn", "name", "min_size", "desired", "max_size", "monthly_usd_at_min", "monthly_usd_at_desired",
               "monthly_usd_at_max"]


def urn(type_chain: str, name: str) -> str:
    return f"urn:pulumi:prod::webstack::{type_chain}::{name}"


VPC = urn("webstack:index:Network$aws:ec2/vpc:Vpc", "vpc")
NAT = urn("webstack:index:Network$aws:ec2/natGateway:NatGateway", "nat-0")
SUBNET = urn("webstack:index:Network$aws:ec2/subnet:Subnet", "public-0")
ASG = urn("webstack:index:WebTier$aws:autoscaling/group:Group", "web-asg")
ALB = urn("webstack:index:WebTier$aws:lb/loadBalancer:LoadBalancer", "web-alb")
DB = urn("webstack:index:Database$aws:rds/instance:Instance", "db")
BUCKET = urn("aws:s3/bucketV2:BucketV2", "logs")


def sample_estimate(*, prices: tuple[PriceProvenance, ...] | None = None, names: dict[str, str] | None = None,
                    with_usage: bool = True) -> Estimate:
    names = names or {}
    resources = pd.DataFrame([
        (VPC, "aws:ec2/vpc:Vpc", "vpc", "network", "us-east-1", "free", "", 0.0, 0.0, 0.0),
        (NAT, "aws:ec2/natGateway:NatGateway", names.get("nat", "nat-0"), "network", "us-east-1", "priced", "",
         0.05, 36.5, 4.5 if with_usage else 0.0),
        (SUBNET, "aws:ec2/subnet:Subnet", "public-0", "network", "us-east-1", "free", "", 0.0, 0.0, 0.0),
        (ASG, "aws:autoscaling/group:Group", "web-asg", "web", "us-east-1", "priced", "", 0.288 + 1.92 / 730,
         212.16, 0.0),
        (ALB, "aws:lb/loadBalancer:LoadBalancer", "web-alb", "web", "us-east-1", "priced", "", 0.0325, 23.725,
         0.0),
        (DB, "aws:rds/instance:Instance", "db", "database", "us-east-1", "priced", "", 0.318 + 23.4 / 730,
         255.54, 0.0),
        (BUCKET, "aws:s3/bucketV2:BucketV2", "logs", "", "us-east-1", "unpriced",
         "no pricing rule for aws:s3/bucketV2:BucketV2", NAN, NAN, 0.0),
    ], columns=RESOURCE_COLUMNS)
    lines = [
        (NAT, "NAT gateway", 1.0, "hour", 0.045, 0.045, 32.85, False, "priced", ""),
        (NAT, "Public IPv4 address", 1.0, "hour", 0.005, 0.005, 3.65, False, "priced", ""),
        (ASG, "m6i.large instances", 3.0, "hour", 0.096, 0.288, 210.24, False, "priced", ""),
        (ASG, "gp3 root volumes", 24.0, "GB-month", 0.08, 1.92 / 730, 1.92, False, "priced", ""),
        (ALB, "Application Load Balancer", 1.0, "hour", 0.0225, 0.0225, 16.425, False, "priced", ""),
        (ALB, "Public IPv4 addresses (one per subnet)", 2.0, "hour", 0.005, 0.01, 7.3, False, "priced", ""),
        (DB, "db.m6g.large postgres Multi-AZ", 1.0, "hour", 0.318, 0.318, 232.14, False, "priced", ""),
        (DB, "gp3 storage, Multi-AZ", 100.0, "GB-month", 0.23, 23.0 / 730, 23.0, False, "priced", ""),
        (DB, "Secrets Manager secret (master password)", 1.0, "secret-month", 0.4, 0.4 / 730, 0.4, False,
         "priced", ""),
    ]
    if with_usage:
        lines += [
            (NAT, "NAT data processed", 100.0, "GB", 0.045, 4.5 / 730, 4.5, True, "priced", ""),
            (ALB, "Load balancer capacity units", NAN, "LCU-hour", 0.008, NAN, NAN, True, "priced",
             "depends on usage"),
        ]
    totals = {"hourly_usd": 0.05 + 0.288 + 1.92 / 730 + 0.0325 + 0.318 + 23.4 / 730, "monthly_usd": 527.925,
              "usage_monthly_usd": 4.5 if with_usage else 0.0, "resources": 7, "priced": 4, "free": 2,
              "unpriced": 1}
    asg = pd.DataFrame([(ASG, "web-asg", 3, 3, 9, 212.16, 212.16, 636.48)], columns=ASG_COLUMNS)
    prices = prices if prices is not None else (PriceProvenance("ec2", "2025-11-20", "embedded snapshot"),
                                                PriceProvenance("rds", "2025-12-05", "embedded snapshot"))
    return Estimate(SOURCE, "us-east-1", resources, pd.DataFrame(lines, columns=LINE_RESULT_COLUMNS), prices,
                    totals, asg)


def sample_comparison(usage: float = 0.0) -> RegionComparison:
    regions = pd.DataFrame([
        ("us-east-2", 0.70, 511.0, 0, True, -16.925, usage),
        ("us-east-1", 0.723185, 527.925, 0, True, 0.0, usage),
        ("eu-west-1", 0.80, 584.0, 0, True, 56.075, usage),
        ("ap-east-2", 0.50, 365.0, 3, False, NAN, usage),
    ], columns=["region", "hourly_usd", "monthly_usd", "unpriced", "complete", "delta_monthly_usd",
                "usage_monthly_usd"])
    return RegionComparison(SOURCE, "us-east-1", regions)


# --- json ---------------------------------------------------------------------------------------

def estimate_json(estimate: Estimate | None = None) -> dict:
    return json.loads(render_estimate(estimate or sample_estimate(), "json", today=TODAY))


def test_json_top_level_is_the_documented_schema():
    document = estimate_json()
    assert list(document) == ["schema", "source", "region", "currency", "hours_per_month", "prices", "resources",
                              "autoscaling_groups", "unexpanded_components", "totals"]
    assert document["unexpanded_components"] == []
    assert document["schema"] == "costing.estimate/v1"
    assert document["source"] == {"kind": "stack", "stack": "prod", "project": "webstack", "path": None}
    assert document["region"] == "us-east-1"
    assert document["currency"] == "USD"
    assert document["hours_per_month"] == 730
    assert document["prices"] == {
        "ec2": {"as_of": "2025-11-20", "origin": "embedded snapshot", "age_days": 101},
        "rds": {"as_of": "2025-12-05", "origin": "embedded snapshot", "age_days": 86},
    }


def test_json_totals_round_money_to_six_places_and_counts_are_integers():
    assert estimate_json()["totals"] == {"hourly_usd": 0.723185, "monthly_usd": 527.925, "usage_monthly_usd": 4.5,
                                         "resources": 7, "priced": 4, "free": 2, "unpriced": 1}


def test_json_resource_has_exact_keys_values_and_its_lines():
    resources = {resource["name"]: resource for resource in estimate_json()["resources"]}
    assert len(resources) == 7
    nat = resources["nat-0"]
    assert nat == {
        "urn": NAT, "type": "aws:ec2/natGateway:NatGateway", "name": "nat-0", "component": "network",
        "region": "us-east-1", "status": "priced", "reason": "", "hourly_usd": 0.05, "monthly_usd": 36.5,
        "usage_monthly_usd": 4.5,
        "lines": [
            {"description": "NAT gateway", "quantity": 1.0, "unit": "hour", "unit_usd": 0.045,
             "monthly_usd": 32.85, "usage": False},
            {"description": "Public IPv4 address", "quantity": 1.0, "unit": "hour", "unit_usd": 0.005,
             "monthly_usd": 3.65, "usage": False},
            {"description": "NAT data processed", "quantity": 100.0, "unit": "GB", "unit_usd": 0.045,
             "monthly_usd": 4.5, "usage": True},
        ],
    }
    assert resources["web-asg"]["hourly_usd"] == 0.29063  # 0.288 + 1.92 / 730, rounded to 6 places


def test_json_missing_amounts_are_null_never_zero():
    resources = {resource["name"]: resource for resource in estimate_json()["resources"]}
    bucket = resources["logs"]
    assert (bucket["status"], bucket["hourly_usd"], bucket["monthly_usd"], bucket["lines"]) == \
        ("unpriced", None, None, [])
    assert bucket["reason"] == "no pricing rule for aws:s3/bucketV2:BucketV2"
    assert bucket["component"] == ""
    lcu = resources["web-alb"]["lines"][-1]
    assert lcu == {"description": "Load balancer capacity units", "quantity": None, "unit": "LCU-hour",
                   "unit_usd": 0.008, "monthly_usd": None, "usage": True}
    assert resources["vpc"]["lines"] == [] and resources["vpc"]["monthly_usd"] == 0.0


def test_json_reports_the_autoscaling_range():
    assert estimate_json()["autoscaling_groups"] == [{
        "urn": ASG, "name": "web-asg", "min_size": 3, "desired": 3, "max_size": 9,
        "monthly_usd_at_min": 212.16, "monthly_usd_at_desired": 212.16, "monthly_usd_at_max": 636.48}]


def test_regions_json_keeps_the_order_flags_home_and_incomplete():
    document = json.loads(render_regions(sample_comparison(), "json"))
    assert [entry["region"] for entry in document] == ["us-east-2", "us-east-1", "eu-west-1", "ap-east-2"]
    assert document[0] == {"region": "us-east-2", "hourly_usd": 0.7, "monthly_usd": 511.0, "usage_monthly_usd": 0.0,
                           "unpriced": 0, "complete": True, "delta_monthly_usd": -16.925, "home": False}
    assert [entry["home"] for entry in document] == [False, True, False, False]
    assert document[3]["complete"] is False and document[3]["delta_monthly_usd"] is None
    assert document[3]["unpriced"] == 3


def test_frame_json_turns_numpy_values_and_nan_into_plain_json():
    frame = pd.DataFrame({"service": ["ec2", "rds"], "regions": [36, 35], "usd": [0.1234567891, NAN]})
    assert json.loads(render_frame(frame, "json", title="x")) == [
        {"service": "ec2", "regions": 36, "usd": 0.123457}, {"service": "rds", "regions": 35, "usd": None}]


# --- csv ----------------------------------------------------------------------------------------

def csv_rows(estimate: Estimate) -> list[dict]:
    return list(csv.DictReader(io.StringIO(render_estimate(estimate, "csv", today=TODAY))))


def test_csv_has_one_row_per_line_plus_one_per_lineless_resource():
    text = render_estimate(sample_estimate(), "csv", today=TODAY)
    assert text.splitlines()[0] == ("urn,type,name,component,region,status,reason,description,quantity,unit,"
                                    "unit_usd,hourly_usd,monthly_usd,usage,line_status,line_reason")
    rows = csv_rows(sample_estimate())
    assert len(rows) == 11 + 3  # 11 lines; the VPC, the subnet and the bucket have none
    nat_rows = [row for row in rows if row["name"] == "nat-0"]
    assert [row["description"] for row in nat_rows] == ["NAT gateway", "Public IPv4 address", "NAT data processed"]
    assert nat_rows[0]["monthly_usd"] == "32.85" and nat_rows[0]["component"] == "network"
    bucket = next(row for row in rows if row["name"] == "logs")
    assert (bucket["status"], bucket["description"], bucket["monthly_usd"]) == ("unpriced", "", "")


def test_csv_monthly_column_sums_to_baseline_plus_usage():
    rows = csv_rows(sample_estimate())
    assert sum(float(row["monthly_usd"]) for row in rows if row["monthly_usd"]) == pytest.approx(527.925 + 4.5)


def test_regions_csv():
    lines = render_regions(sample_comparison(), "csv").splitlines()
    assert lines[0] == "region,hourly_usd,monthly_usd,usage_monthly_usd,unpriced,complete,delta_monthly_usd,home"
    assert lines[2] == "us-east-1,0.723185,527.925,0.0,0,True,0.0,True"
    assert lines[4] == "ap-east-2,0.5,365.0,0.0,3,False,,False"


# --- markdown -----------------------------------------------------------------------------------

def test_markdown_has_a_table_per_component_with_totals():
    text = render_estimate(sample_estimate(), "markdown", today=TODAY)
    assert text.startswith("### Cost estimate: stack prod (project webstack), us-east-1\n")
    assert [line for line in text.splitlines() if line.startswith("#### ")] == [
        "#### network", "#### web", "#### database", "#### (stack)",
        "#### Usage (from the usage file; not in the baseline)", "#### Unpriced (1), not in the totals"]
    assert "| `nat-0` | NAT gateway | 1 | hour | $0.0450 | $32.85 |" in text
    assert "|  | Public IPv4 address | 1 | hour | $0.0050 | $3.65 |" in text
    assert "| **network total** |  |  |  | **$0.0500** | **$36.50** |" in text
    assert "| _2 free_ |  |  |  |  |  |" in text
    assert "| **database total** |  |  |  | **$0.3501** | **$255.54** |" in text
    assert ("**$527.92/month ($0.7232/hour) + $4.50/month usage = $532.42/month "
            "(1 unpriced resource not included)**") in text
    assert "7 resources: 4 priced, 2 free, 1 unpriced." in text


def test_markdown_usage_unpriced_snapshot_and_warning():
    text = render_estimate(sample_estimate(), "markdown", today=TODAY)
    assert "| nat-0: NAT data processed | 100 | $0.045/GB | $4.50 |" in text
    assert "| web-alb: Load balancer capacity units | - | $0.008/LCU-hour | depends on usage |" in text
    assert "- logs: no pricing rule for aws:s3/bucketV2:BucketV2" in text
    assert ("- Auto Scaling group web-asg: 3 instances now, 3..9 allowed; $212.16/month at min, $212.16 at "
            "desired, $636.48 at max") in text
    assert "_Prices: embedded snapshot as of 2025-11-20 to 2025-12-05 (86 days to 101 days old)_" in text
    assert ("> **Warning:** prices for ec2 are more than 90 days old (oldest: ec2, 101 days): AWS may have "
            "changed them since") in text


def test_markdown_keeps_a_pipe_in_a_name_inside_its_cell():
    text = render_estimate(sample_estimate(names={"nat": "nat|a`b"}), "markdown", today=TODAY)
    assert "| ``nat\\|a`b`` | NAT gateway | 1 |" in text  # the backtick kept: a longer fence holds it


def test_markdown_all_unpriced_component_total_is_not_zero():
    text = render_estimate(sample_estimate(), "markdown", today=TODAY)
    assert "| **(stack) total** |  |  |  | **n/a** | **n/a** |" in text


def test_regions_markdown_marks_home_and_incomplete():
    text = render_regions(sample_comparison(), "markdown")
    assert text.splitlines()[0] == ("### Region comparison: stack prod (project webstack), "
                                    "home region us-east-1")
    assert "| us-east-2 | $0.7000 | $511.00 | -$16.93 |  |" in text
    assert "| us-east-1 | $0.7232 | $527.92 | $0.00 | home |" in text
    assert "| ap-east-2 | $0.5000 | >= $365.00 | n/a | incomplete: 3 unpriced |" in text
    assert "| Region | Hourly | Monthly | vs home | Note |" in text


def test_regions_markdown_shows_usage_only_when_a_usage_file_gave_some():
    text = render_regions(sample_comparison(usage=12.5), "markdown")
    assert "| Region | Hourly | Monthly | Usage | vs home | Note |" in text
    assert "| us-east-1 | $0.7232 | $527.92 | $12.50 | $0.00 | home |" in text


# --- html ---------------------------------------------------------------------------------------

def test_html_is_one_self_contained_page_with_the_totals():
    page = render_estimate(sample_estimate(names={"nat": "<script>alert(1)</script>"}), "html", today=TODAY)
    assert page.startswith("<!DOCTYPE html>")
    assert "$527.92/month ($0.7232/hour) + $4.50/month usage = $532.42/month" in page
    cards = dict(re.findall(r'<div class="name">([^<]+)</div><div class="value[^"]*">([^<]+)</div>', page))
    assert [cards[name] for name in ("Priced", "Free", "Unpriced")] == ["4", "2", "1"]
    assert "as of 2025-11-20 to 2025-12-05" in page
    assert "<td>network</td>" in page and "<h2>Unpriced (1), not in the totals</h2>" in page
    assert "no pricing rule for aws:s3/bucketV2:BucketV2" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert re.findall(r"<script[^>]*>", page) == ["<script>"]  # the one inline script (table sorting)
    assert not re.search(r"https?://|<link|src=|url\(", page)


# --- table --------------------------------------------------------------------------------------

def test_table_groups_lines_under_components_and_fits_100_columns():
    text = render_estimate(sample_estimate(), "table", today=TODAY)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "\x1b[" not in text
    assert lines[0] == "Cost estimate: stack prod (project webstack), us-east-1"
    assert re.search(r"^ {5}NAT gateway +1 +hour +\$0\.0450 +\$32\.85$", text, re.M)
    assert re.search(r"^ {3}network subtotal +\$0\.0500 +\$36\.50$", text, re.M)
    assert re.search(r"^ {3}\(stack\) subtotal +n/a +n/a$", text, re.M)
    assert re.search(r"^ {3}web-alb: Load balancer capacity units at +- +LCU-hour +depends on usage$", text, re.M)
    assert "  logs: no pricing rule for aws:s3/bucketV2:BucketV2" in lines
    assert "7 resources: 4 priced, 2 free, 1 unpriced" in lines
    assert "Prices: embedded snapshot as of 2025-11-20 to 2025-12-05 (86 days to 101 days old)" in lines
    headings = [line.strip() for line in lines if line.strip() in ("network", "web", "database", "(stack)")]
    assert headings == ["network", "web", "database", "(stack)"]


def test_table_prints_names_literally_and_colours_only_when_asked():
    estimate = sample_estimate(names={"nat": "[bold]nat[/bold]"})
    assert "[bold]nat[/bold] ec2/natGateway" in render_estimate(estimate, "table", today=TODAY)
    assert "\x1b[" in render_estimate(estimate, "table", today=TODAY, color=True)


def test_table_without_usage_has_no_usage_section():
    text = render_estimate(sample_estimate(with_usage=False), "table", today=TODAY)
    assert "usage (not in the baseline)" not in text
    assert "Total: $527.92/month ($0.7232/hour) (1 unpriced resource not included)" in text


def test_regions_table():
    lines = render_regions(sample_comparison(), "table").splitlines()
    assert lines[0].startswith("Region comparison: stack prod (project webstack), home region")
    rows = [line.split() for line in lines if line.strip().startswith(("us-", "eu-", "ap-"))]
    assert rows == [["us-east-2", "$0.7000", "$511.00", "-$16.93"], ["us-east-1", "$0.7232", "$527.92", "$0.00",
                                                                     "home"],
                    ["eu-west-1", "$0.8000", "$584.00", "+$56.08"],
                    ["ap-east-2", "$0.5000", ">=", "$365.00", "n/a", "incomplete:", "3", "unpriced"]]


# --- the price snapshot's age -------------------------------------------------------------------

def test_no_warning_when_every_price_is_at_most_90_days_old():
    prices = (PriceProvenance("ec2", "2025-12-01", "embedded snapshot"),)
    assert stale_warning(prices, date(2026, 3, 1)) is None  # 90 days
    assert stale_warning(prices, date(2026, 3, 2)) == (
        "prices for ec2 are more than 90 days old (oldest: ec2, 91 days): AWS may have changed them since")
    both = (*prices, PriceProvenance("rds", "2025-11-01", "embedded snapshot"))
    assert stale_warning(both, date(2026, 3, 2)) == (
        "prices for all 2 services are more than 90 days old (oldest: rds, 121 days): AWS may have changed "
        "them since")
    assert snapshot_line(prices, date(2026, 3, 1)) == "Prices: embedded snapshot as of 2025-12-01 (90 days old)"


def test_unit_prices_keep_their_significant_digits():
    assert unit_price(0.045, "GB") == "$0.045/GB"
    assert unit_price(0.000003, "request") == "$0.000003/request"
    assert unit_price(1.5, "hour") == "$1.50/hour"
    assert unit_price(NAN, "GB") == "n/a per GB"


# --- big inventories: human formats add up, machine formats keep every resource -----------------

def many_nat_gateways(count: int) -> Estimate:
    """`count` NAT gateways ($0.045/h + IPv4 $0.005/h each, 100 GB processed) and 7 unpriced buckets."""
    nats = [urn("webstack:index:Network$aws:ec2/natGateway:NatGateway", f"nat-{index}") for index in range(count)]
    buckets = [urn("aws:s3/bucketV2:BucketV2", f"bucket-{index}") for index in range(7)]
    resources = pd.DataFrame(
        [(nat, "aws:ec2/natGateway:NatGateway", f"nat-{index}", "network", "us-east-1", "priced", "", 0.05, 36.5, 4.5)
         for index, nat in enumerate(nats)]
        + [(bucket, "aws:s3/bucketV2:BucketV2", f"bucket-{index}", "", "us-east-1", "unpriced",
            "no pricing rule for aws:s3/bucketV2:BucketV2", NAN, NAN, 0.0) for index, bucket in enumerate(buckets)],
        columns=RESOURCE_COLUMNS)
    lines = pd.DataFrame(
        [row for nat in nats for row in (
            (nat, "NAT gateway", 1.0, "hour", 0.045, 0.045, 32.85, False, "priced", ""),
            (nat, "public IPv4 address", 1.0, "hour", 0.005, 0.005, 3.65, False, "priced", ""),
            (nat, "data processed", 100.0, "GB", 0.045, 4.5 / 730, 4.5, True, "priced", ""))],
        columns=LINE_RESULT_COLUMNS)
    totals = {"hourly_usd": 0.05 * count, "monthly_usd": 36.5 * count, "usage_monthly_usd": 4.5 * count,
              "resources": count + 7, "priced": count, "free": 0, "unpriced": 7}
    return Estimate(SOURCE, "us-east-1", resources, lines, (PriceProvenance("nat", "2026-02-01", "embedded snapshot"),),
                    totals, pd.DataFrame(columns=ASG_COLUMNS))


def test_a_big_component_is_added_up_by_type_and_line():
    text = render_estimate(many_nat_gateways(41), "markdown", today=TODAY)
    assert "| `ec2/natGateway x 41` | NAT gateway | 41 | hour | $1.8450 | $1,346.85 |" in text
    assert "|  | public IPv4 address | 41 | hour | $0.2050 | $149.65 |" in text
    assert "| ec2/natGateway x 41: data processed | 4,100 | $0.045/GB | $184.50 |" in text
    assert "nat-7" not in text


def test_up_to_the_limit_every_resource_is_shown():
    text = render_estimate(many_nat_gateways(40), "markdown", today=TODAY)
    assert sum(line.startswith("| `nat-") for line in text.splitlines()) == 40
    assert sum(line.startswith("| nat-") for line in text.splitlines()) == 40  # usage lines


def test_unpriced_resources_are_grouped_by_reason():
    text = render_estimate(many_nat_gateways(2), "table", today=TODAY)
    assert ("bucket-0, bucket-1, bucket-2, bucket-3, bucket-4 and 2 more: no pricing rule for "
            "aws:s3/bucketV2:BucketV2") in " ".join(text.split())  # wrapped at 100 columns
    assert "Unpriced (7), not in the totals:" in text.splitlines()


def test_json_puts_each_resource_on_its_own_line():
    text = render_estimate(many_nat_gateways(41), "json", today=TODAY)
    lines = text.splitlines()
    assert lines[:2] == ["{", '  "schema": "costing.estimate/v1",']
    assert sum(line.startswith('    {"urn": ') for line in lines) == 41 + 7
    assert len(json.loads(text)["resources"]) == 48
