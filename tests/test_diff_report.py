"""The diff renderers: the pull-request comment (summary first, movers, full table in <details>, price
date, the marker CI updates its comment by), the JSON document, the terminal table, and what is listed.
Amounts: see tests/diff_helpers.py and tests/test_diff.py."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from costing.diff import diff
from costing.diff_explain import type_label
from costing.report import diff_markdown
from costing.report.common import snapshot_line
from costing.report.diff_common import hidden_note, listed, side_label
from costing.report.diff_formats import render_diff
from costing.rules.index import RULE_MODULES
from tests.diff_helpers import NAT, RDS, VPC, database, estimate_of

TODAY = date(2026, 1, 15)
NOTE = "stack dev: monthly estimate $364.64 is above its budget of $300.00 (122% of the budget)"


@pytest.fixture
def changed(tmp_path):
    """db.t4g.micro 20 GB -> db.m6g.large Multi-AZ 100 GB (+$241.16), nat-b added (+$36.50), the VPC kept,
    a free VPC added."""
    base = estimate_of(tmp_path, "dev", [(VPC, "vpc", {}), (RDS, "db", database()),
                                         (NAT, "nat-a", {"subnetId": "a"})], "base")
    head = estimate_of(tmp_path, "dev", [(VPC, "vpc", {}), (VPC, "vpc-2", {}),
                                         (RDS, "db", database("db.m6g.large", 100, multi_az=True)),
                                         (NAT, "nat-a", {"subnetId": "a"}), (NAT, "nat-b", {"subnetId": "b"})],
                       "head")
    return diff(base, head)


def test_markdown_comment(changed, tmp_path):
    text = render_diff(changed, "markdown", today=TODAY, notes=[NOTE])
    lines = text.splitlines()
    # $13.98 + $36.50 = $50.48 -> $255.14 + 2 x $36.50 = $328.14: +$277.66, +550.0%
    assert lines[0] == "**Cost of stack `dev`: $50.48 -> $328.14 a month (+$277.66, +550.0%)**"
    assert lines[2] == (f"Cost diff: preview {tmp_path / 'base-dev.json'} (stack dev, project shop) -> preview "
                        f"{tmp_path / 'head-dev.json'} (stack dev, project shop). 2 added, 0 removed, 1 changed, "
                        "2 unchanged.")
    assert "Billable resources: NAT gateways 1 -> 2." in lines
    assert f"> **S{NOTE[1:]}**" in lines
    movers = lines[lines.index("#### Biggest movers") + 2:]
    assert movers[:4] == [
        "| Resource | Change | Before | After | Delta | What changed |",
        "| --- | --- | ---: | ---: | ---: | --- |",
        "| `db` (rds/instance) | changed | $13.98 | $255.14 | +$241.16 | instance class db.t4g.micro -> db.m6g.large; "
        "single-az -> multi-az; storage (gp3) 20 GB -> 100 GB |",
        "| `nat-b` (ec2/natGateway) | added | - | $36.50 | +$36.50 | new: NAT gateway hours |",
    ]
    assert "<details><summary>All listed changes (2)</summary>" in lines
    assert "_2 unchanged and 1 free added or removed resources not listed (--all lists them)._" in lines
    assert lines.index("</details>") > lines.index("<details><summary>All listed changes (2)</summary>")
    assert lines[-3] == f"_{snapshot_line(changed.head.prices, TODAY)}_"
    assert lines[-1] == "<!-- costing-diff:dev -->"


def test_markdown_all_lists_unchanged_and_free_rows(changed):
    lines = render_diff(changed, "markdown", today=TODAY, include_all=True).splitlines()
    assert "<details><summary>All listed changes (5)</summary>" in lines
    assert "| `vpc-2` (ec2/vpc) | added | - | $0.00 | $0.00 | new: no charge |" in lines
    assert "| `vpc` (ec2/vpc) | unchanged | $0.00 | $0.00 | $0.00 |  |" in lines
    assert not any("not listed" in line for line in lines)


def test_a_long_markdown_table_stops_within_its_budget(changed):
    rows = changed.rows[changed.rows["change"] != "same"]
    table = diff_markdown._rows_table(rows, budget=400)
    assert len("\n".join(table)) < 400 + 200
    assert table[-1] == "| _1 more rows: see `costing diff ... --format json`_ |  |  |  |  |  |"


def test_the_marker_cannot_close_the_html_comment():
    assert diff_markdown.marker("a--b") == "<!-- costing-diff:a-b -->"


def test_json_document(changed):
    document = json.loads(render_diff(changed, "json", today=TODAY, notes=[NOTE]))
    assert document["schema"] == "costing.diff/v1"
    assert (document["base"]["total_monthly_usd"], document["head"]["total_monthly_usd"],
            document["delta_monthly_usd"], document["delta_percent"]) == (50.48, 328.14, 277.66, 550.03962)
    assert document["base"]["source"]["kind"] == "preview"
    assert (document["head"]["monthly_usd"], document["head"]["resources"], document["head"]["free"]) == (
        328.14, 5, 2)
    assert document["changes"] == {"add": 2, "remove": 0, "update": 1, "same": 2}
    assert document["type_counts"] == [{"type": NAT, "label": "NAT gateways", "base": 1, "head": 2}]
    assert document["notes"] == [NOTE]
    assert document["resources"][0] == {
        "key": f"{RDS}::db", "change": "update", "type": RDS, "name": "db", "component": "",
        "base_urn": f"urn:pulumi:dev::shop::{RDS}::db", "head_urn": f"urn:pulumi:dev::shop::{RDS}::db",
        "base_status": "priced", "head_status": "priced", "base_monthly_usd": 13.98, "head_monthly_usd": 255.14,
        "delta_monthly_usd": 241.16,
        "explanation": "instance class db.t4g.micro -> db.m6g.large; single-az -> multi-az; storage (gp3) 20 GB -> 100 GB",
    }
    added = next(row for row in document["resources"] if row["name"] == "nat-b")
    assert (added["change"], added["base_urn"], added["base_monthly_usd"], added["head_monthly_usd"]) == (
        "add", None, None, 36.5)
    assert [row["change"] for row in document["resources"]].count("same") == 2  # json lists every row
    # the services either side's lines use
    assert sorted(document["prices"]) == ["data-transfer", "nat", "rds", "rds-storage", "vpc"]


def test_terminal_table(changed):
    text = render_diff(changed, "table", today=TODAY, notes=[NOTE], width=160)
    lines = text.splitlines()
    assert lines[0].startswith("Cost diff: preview ")
    assert any(line.split()[:8] == ["db", "(rds/instance)", "changed", "$13.98", "$255.14", "+$241.16", "instance",
                                    "class"] for line in lines)
    assert "Monthly: $50.48 -> $328.14 a month (+$277.66, +550.0%)" in lines
    assert "Billable resources: NAT gateways 1 -> 2" in lines
    assert "2 unchanged and 1 free added or removed resources not listed (--all lists them)" in lines
    assert lines[-1] == f"S{NOTE[1:]}"
    assert "\x1b[" not in text


def test_the_terminal_lists_at_most_its_row_limit(changed, monkeypatch):
    from costing.report import diff_table

    monkeypatch.setattr(diff_table, "ROW_LIMIT", 1)
    lines = render_diff(changed, "table", today=TODAY, width=160).splitlines()
    assert "... and 1 more rows (--format json lists every row)" in lines
    assert not any(line.startswith(" nat-b") for line in lines)


def test_nothing_changed(tmp_path):
    same = estimate_of(tmp_path, "dev", [(VPC, "vpc", {})])
    cost_diff = diff(same, same)
    assert "No resource changed." in render_diff(cost_diff, "table", today=TODAY)
    lines = render_diff(cost_diff, "markdown", today=TODAY).splitlines()
    assert lines[0] == "**Cost of stack `dev`: $0.00 -> $0.00 a month ($0.00, no change)**"
    assert "No resource changed." in lines and "#### Biggest movers" not in lines
    assert len(listed(cost_diff, include_all=False)) == 0
    assert hidden_note(cost_diff, include_all=False) == "1 unchanged resource not listed (--all lists them)"


def test_side_labels():
    assert side_label({"kind": "git", "ref": "main", "stack": "prod", "commit": "1a2b3c4d5e6f"}) == (
        "git:main:prod (1a2b3c4)")
    assert side_label({"kind": "stack", "stack": "dev", "project": "webstack"}) == "stack dev (project webstack)"
    assert side_label({"kind": "preview", "path": "plan.json", "stack": "dev", "side": "before"}) == (
        "preview plan.json (stack dev), before")


@pytest.mark.parametrize("type_token, label", [
    ("aws:sns/topic:Topic", "SNS topics"),
    ("aws:lambda/function:Function", "Lambda functions"),
    ("aws:eks/nodeGroup:NodeGroup", "EKS node groups"),
    ("aws:rds/cluster:Cluster", "Aurora clusters"),
    ("aws:apigatewayv2/api:Api", "API Gateway APIs (V2)"),  # the module's version
    ("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "Transit Gateway VPC attachments"),  # not "VPC vpc ..."
    ("aws:fsx/openZfsFileSystem:OpenZfsFileSystem", "FSx OpenZFS file systems"),
    ("aws:wafregional/webAcl:WebAcl", "WAF Classic (regional) web ACLs"),
    ("aws:dynamodb/tableReplica:TableReplica", "DynamoDB table replicas"),
    ("aws:ecr/repository:Repository", "ECR repositories"),
    ("aws:s3/bucketV2:BucketV2", "S3 buckets (V2)"),
    ("aws:ec2/natGateway:NatGateway", "NAT gateways"),  # a label of its own
    ("aws:ec2/dedicatedHost:DedicatedHost", "EC2 dedicated hosts"),
    ("random:index/randomPassword:RandomPassword", "random:index/randomPassword:RandomPassword"),
])
def test_a_billable_type_reads_as_its_service_and_kind(type_token, label):
    """Types without a label of their own read as the service their module declares and the kind of resource."""
    assert type_label(type_token) == label


def test_no_two_priced_types_read_alike():
    labels = [type_label(type_token) for type_token in RULE_MODULES]
    assert sorted(label for label, count in Counter(labels).items() if count > 1) == []


def test_the_summary_names_new_types_by_their_service(tmp_path):
    base = estimate_of(tmp_path, "dev", [(NAT, "nat", {"subnetId": "a"})], "base")
    head = estimate_of(tmp_path, "dev", [(NAT, "nat", {"subnetId": "a"}), ("aws:sns/topic:Topic", "alerts", {}),
                                         ("aws:sqs/queue:Queue", "jobs", {})], "head")
    text = render_diff(diff(base, head), "markdown", today=TODAY)
    assert "Billable resources: SNS topics 0 -> 1, SQS queues 0 -> 1." in text.splitlines()
