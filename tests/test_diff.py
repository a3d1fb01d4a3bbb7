"""costing.diff: resources matched by URN without the stack, add/remove/update/same rows, deltas to the
cent, what changed in cost terms, and the --max-increase limit. Prices: see tests/diff_helpers.py."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from costing.diff import (
    IncreaseLimit,
    diff,
    increase_exceeded,
    parse_increase_limit,
    resource_key,
)
from costing.errors import InputError
from tests.diff_helpers import NAT, RDS, VAULT, VPC, database, estimate_of, web_group
from tests.pricing_helpers import cents


@pytest.fixture
def changed(tmp_path):
    """dev -> dev: the database grows (class, Multi-AZ, storage), two NAT gateways join the one there was,
    an old NAT gateway goes, an S3 bucket (unpriced) arrives, the VPC stays."""
    base = estimate_of(tmp_path, "dev", [
        (VPC, "vpc", {"cidrBlock": "10.0.0.0/16"}),
        (RDS, "db", database()),
        (NAT, "nat-a", {"subnetId": "subnet-a"}),
        (NAT, "nat-old", {"subnetId": "subnet-x"}),
    ], label="base")
    head = estimate_of(tmp_path, "dev", [
        (VPC, "vpc", {"cidrBlock": "10.0.0.0/16"}),
        (RDS, "db", database("db.m6g.large", 100, multi_az=True)),
        (NAT, "nat-a", {"subnetId": "subnet-a"}),
        (NAT, "nat-b", {"subnetId": "subnet-b"}),
        (NAT, "nat-c", {"subnetId": "subnet-c"}),
        (VAULT, "assets", {}),
    ], label="head")
    return diff(base, head)


def row(cost_diff, name: str) -> dict:
    rows = cost_diff.rows[cost_diff.rows["name"] == name]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def test_rows_say_what_was_added_removed_changed_and_kept(changed):
    changes = dict(zip(changed.rows["name"], changed.rows["change"]))
    assert changes == {"db": "update", "nat-b": "add", "nat-c": "add", "nat-old": "remove", "nat-a": "same",
                       "vpc": "same", "assets": "add"}
    assert changed.counts() == {"add": 3, "remove": 1, "update": 1, "same": 2}


def test_deltas_to_the_cent(changed):
    # db: 0.016 x 730 + 20 x 0.115 = 13.98 -> 0.318 x 730 + 100 x 0.23 = 255.14; a NAT gateway with its
    # own public IPv4 is (0.045 + 0.005) x 730 = 36.50; the bucket is unpriced (its delta unknown).
    database_row = row(changed, "db")
    assert (round(database_row["base_monthly_usd"], 2), round(database_row["head_monthly_usd"], 2),
            round(database_row["delta_monthly_usd"], 2)) == (13.98, 255.14, 241.16)
    added = row(changed, "nat-b")
    assert (added["base_urn"], added["base_status"], round(added["delta_monthly_usd"], 2)) == (None, None, 36.5)
    assert math.isnan(added["base_monthly_usd"])
    removed = row(changed, "nat-old")
    assert (removed["head_urn"], round(removed["delta_monthly_usd"], 2)) == (None, -36.5)
    assert math.isnan(row(changed, "assets")["delta_monthly_usd"])
    # 13.98 + 2 x 36.50 = 86.98 -> 255.14 + 3 x 36.50 = 364.64 (the bucket is in neither total)
    assert (round(changed.base_monthly_usd, 2), round(changed.head_monthly_usd, 2),
            round(changed.delta_monthly_usd, 2)) == (86.98, 364.64, 277.66)
    assert round(changed.delta_percent, 2) == 319.22


def test_explanations_in_cost_terms(changed):
    assert row(changed, "db")["explanation"] == (
        "instance class db.t4g.micro -> db.m6g.large; single-az -> multi-az; storage (gp3) 20 GB -> 100 GB")
    assert row(changed, "nat-b")["explanation"] == "new: NAT gateway hours"
    assert row(changed, "nat-old")["explanation"] == "removed: NAT gateway hours"
    assert row(changed, "assets")["explanation"] == "new: unpriced: no pricing rule for aws:glacier/vault:Vault"
    assert row(changed, "vpc")["explanation"] == ""
    assert changed.type_counts.to_dict("records") == [
        {"type": NAT, "label": "NAT gateways", "base": 2, "head": 3},
        {"type": VAULT, "label": "glacier/vault", "base": 0, "head": 1},
    ]


def test_biggest_movers_come_first_and_unknown_deltas_last(changed):
    assert changed.rows["name"].tolist() == ["db", "nat-b", "nat-c", "nat-old", "nat-a", "vpc", "assets"]


def test_stacks_of_one_program_match_without_their_stack_name(tmp_path):
    resources = [(RDS, "db", database()), (NAT, "nat-a", {"subnetId": "subnet-a"})]
    cost_diff = diff(estimate_of(tmp_path, "dev", resources), estimate_of(tmp_path, "prod", resources))
    assert cost_diff.rows["change"].tolist() == ["same", "same"]
    assert cost_diff.delta_monthly_usd == 0
    assert cost_diff.rows["base_urn"].str.contains("urn:pulumi:dev::").all()
    assert cost_diff.rows["head_urn"].str.contains("urn:pulumi:prod::").all()


def test_resource_key_strips_stack_and_project():
    urns = pd.Series(["urn:pulumi:prod::webstack::webstack:index:Network$aws:ec2/eip:Eip::network-nat-eip"])
    assert resource_key(urns).tolist() == ["webstack:index:Network$aws:ec2/eip:Eip::network-nat-eip"]


def test_desired_capacity_is_said_once(tmp_path):
    # one instance: t3.micro 0.0104 x 730 = 7.592 plus a 20 GB gp3 root volume 1.60 and a public IPv4 address 3.65
    # (no subnets given: default subnets, which map one) = 12.842; three: 38.526
    cost_diff = diff(estimate_of(tmp_path, "dev", web_group("dev", 1), "base"),
                     estimate_of(tmp_path, "dev", web_group("dev", 3), "head"))
    group = row(cost_diff, "web-asg")
    assert (group["change"], group["explanation"]) == ("update", "desired capacity 1 -> 3")
    assert round(group["delta_monthly_usd"], 2) == 25.68
    assert row(cost_diff, "web-lt")["change"] == "same"


def test_a_region_move_explains_unit_prices(tmp_path):
    resources = [(NAT, "nat-a", {"subnetId": "subnet-a"})]
    base = estimate_of(tmp_path, "dev", resources, "base")
    head = estimate_of(tmp_path, "dev", [(NAT, "nat-a", {"subnetId": "subnet-a", "region": "eu-west-1"})], "head")
    # eu-west-1: NAT gateway $0.048/h and $0.048/GB processed, public IPv4 $0.005/h as in us-east-1
    assert row(diff(base, head), "nat-a")["explanation"] == (
        "region us-east-1 -> eu-west-1; NAT gateway hours $0.045/hour -> $0.048/hour; "
        "data processed $0.045/GB -> $0.048/GB")


def test_a_resource_that_becomes_unpriced_or_partly_priced_says_why_and_its_delta_is_unknown(tmp_path):
    base = estimate_of(tmp_path, "dev", [(RDS, "db", database()), (RDS, "replica", database())], "base")
    head = estimate_of(tmp_path, "dev", [(RDS, "db", database("db.nope.large")),
                                         (RDS, "replica", database() | {"engine": "nope"})], "head")
    cost_diff = diff(base, head)
    # its storage is still priced, its instance hours not: the known part is no longer comparable
    found = row(cost_diff, "db")
    assert (found["head_status"], found["explanation"]) == (
        "partial", "now partly priced: no price for rds db.nope.large (postgres|none|single-az) in us-east-1; "
                   "instance class db.t4g.micro -> db.nope.large")
    assert math.isnan(found["delta_monthly_usd"]) and found["head_monthly_usd"] == cents(20 * 0.115)
    replica = row(cost_diff, "replica")
    assert replica["head_status"] == "unpriced" and math.isnan(replica["delta_monthly_usd"])
    assert replica["explanation"].startswith("now unpriced: ")


def test_a_diff_names_the_prices_either_side_used(tmp_path):
    base = estimate_of(tmp_path, "dev", [(RDS, "db", database()), (NAT, "nat-a", {"subnetId": "a"})], "base")
    head = estimate_of(tmp_path, "dev", [(NAT, "nat-a", {"subnetId": "a"})], "head")  # the database removed
    cost_diff = diff(base, head)
    assert [price.service for price in head.prices] == ["data-transfer", "nat", "vpc"]
    assert [price.service for price in cost_diff.prices] == ["data-transfer", "nat", "rds", "rds-storage", "vpc"]
    assert {price.origin for price in cost_diff.prices} == {"embedded snapshot"}


# --- --max-increase ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("50", IncreaseLimit(50.0, False)), ("$1,250.50", IncreaseLimit(1250.5, False)), ("0", IncreaseLimit(0.0, False)),
    ("10%", IncreaseLimit(10.0, True)), (" 12.5 % ", IncreaseLimit(12.5, True)), (".5", IncreaseLimit(0.5, False)),
])
def test_increase_limit_parses_dollars_and_percent(text, expected):
    assert parse_increase_limit(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "-5", "10%%", "inf", "nan", "5 USD", "%"])
def test_bad_increase_limit_names_the_option_and_the_forms(text):
    with pytest.raises(InputError) as error:
        parse_increase_limit(text)
    assert str(error.value) == (f"--max-increase {text!r}: expected US dollars a month such as 50 or 1250.50, "
                                "or a percentage of the base such as 10%")


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_any_amount_in_cents_round_trips(amount):
    assert parse_increase_limit(f"{amount:f}").amount == float(amount)
    assert parse_increase_limit(f"{amount:f}%") == IncreaseLimit(float(amount), True)


def test_increase_limit_in_dollars_and_percent(changed):
    # the delta is +$277.66 on $86.98: +319.2%
    assert increase_exceeded(changed, parse_increase_limit("300")) is None
    assert increase_exceeded(changed, parse_increase_limit("320%")) is None
    assert increase_exceeded(changed, parse_increase_limit("277.65")) == (
        "monthly cost rises by +$277.66 (+319.2%), from $86.98 to $364.64: above --max-increase $277.65")
    assert increase_exceeded(changed, parse_increase_limit("10%")) == (
        "monthly cost rises by +$277.66 (+319.2%), from $86.98 to $364.64: above --max-increase 10%")


def test_a_decrease_never_exceeds_and_from_zero_any_increase_exceeds_a_percentage(tmp_path):
    nothing = estimate_of(tmp_path, "dev", [], "empty")
    some = estimate_of(tmp_path, "dev", [(NAT, "nat-a", {"subnetId": "subnet-a"})], "some")
    assert increase_exceeded(diff(some, nothing), parse_increase_limit("0")) is None
    assert increase_exceeded(diff(nothing, some), parse_increase_limit("1000%")) == (
        "monthly cost rises by +$36.50 (from $0.00), from $0.00 to $36.50: above --max-increase 1000%")
    assert increase_exceeded(diff(nothing, some), parse_increase_limit("36.50")) is None


# --- lines paired by their price identity ----------------------------------------------------------

def test_lines_pair_by_price_identity_whatever_their_descriptions_say():
    from costing.diff_explain import Line, resource_change

    before = [Line("secret", "secret-month", 1.0, 0.4, False, "secretsmanager", "secret", "")]
    after = [Line("secret, replicated to 2 more regions", "secret-month", 3.0, 0.4, False, "secretsmanager",
                  "secret", "")]
    # one line, its quantity and wording changed: not a line dropped and another added
    assert resource_change(before, after) == ("none -> replicated to 2 more regions; "
                                              "secret, replicated to 2 more regions 1 -> 3")


def test_a_changed_identity_pairs_within_its_service_and_unit():
    from costing.diff_explain import Line, resource_change

    before = [Line("t3.micro instance (Linux, on-demand)", "hour", 1.0, 0.0104, False, "ec2", "t3.micro", "l"),
              Line("root volume: gp3 storage", "GB-month", 8.0, 0.08, False, "ebs", "gp3", "")]
    after = [Line("m5.large instance (Linux, on-demand)", "hour", 1.0, 0.096, False, "ec2", "m5.large", "l"),
             Line("root volume: gp3 storage", "GB-month", 8.0, 0.08, False, "ebs", "gp3", ""),
             Line("public IPv4 address", "hour", 1.0, 0.005, False, "vpc", "public-ipv4-in-use", "")]
    assert resource_change(before, after) == "instance type t3.micro -> m5.large; added public IPv4 address"
