"""The HTML report: the data behind each chart (costing/report/charts.py), the SVG it is drawn as, the
pages, and `costing report` end to end on small preview documents.

The sample stack `shop` (us-east-1), every figure checked by hand:
  network   nat       NAT gateway 1 h x $0.045 = $32.85 + public IPv4 1 h x $0.005 = $3.65   -> $36.50
                      (and 100 GB processed at $0.045 = $4.50 of usage, apart from the baseline)
  network   vpc       free
  web       web-asg   2 m6i.large x $0.096/h = $140.16 (min 1 $70.08, max 6 $420.48)
  web       web-lb    classic LB 1 h x $0.025 = $18.25 + 2 public IPv4 x $0.005 = $7.30     -> $25.55
  database  db        db.m6g.large Multi-AZ $0.318/h = $232.14 + 100 GB gp3 x $0.23 = $23.00 -> $255.14
  (stack)   key       KMS key $1.00 a month
  (stack)   logs      unpriced (no pricing rule for aws:s3/bucketV2:BucketV2)
Baseline $458.35 a month ($0.6279 an hour): database $255.14, web $165.71, network $36.50, (stack) $1.00;
by service RDS $255.14, EC2 $140.16, VPC $36.50, Elastic Load Balancing $25.55, KMS $1.00.
The diff's base (dev) has a db.t4g.micro ($11.68 + 20 GB x $0.115 = $2.30), one instance ($70.08), no NAT
gateway and an Elastic IP ($3.65): $114.26 against the head's $458.35 + $4.50 usage = $462.85.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from costing.cli import main
from costing.diff import diff
from costing.report import charts
from costing.report.html import render_diff_page, render_estimate_page, svg
from costing.result import (LINE_RESULT_COLUMNS, RESERVED_LINE_COLUMNS, RESOURCE_COLUMNS, Estimate, PriceProvenance,
                            RegionComparison, ReservedPricing)
from tests.documents import preview_document

NAN = math.nan
TODAY = date(2026, 3, 1)
PRICES = (PriceProvenance("ec2", "2026-01-15", "embedded snapshot"),)
ASG_COLUMNS = ["urn", "name", "min_size", "desired", "max_size", "monthly_usd_at_min", "monthly_usd_at_desired",
               "monthly_usd_at_max"]
NAT, EIP = "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip"
ASG, CLB = "aws:autoscaling/group:Group", "aws:elb/loadBalancer:LoadBalancer"
RDS, KMS, BUCKET = "aws:rds/instance:Instance", "aws:kms/key:Key", "aws:s3/bucketV2:BucketV2"


def urn(stack: str, type_token: str, name: str) -> str:
    return f"urn:pulumi:{stack}::shop::{type_token}::{name}"


def build_estimate(stack: str, members: list[tuple], asg: tuple | None = None) -> Estimate:
    """members: (type, name, component, lines) with lines (description, quantity, unit, unit_usd, usage), or
    lines None for an unpriced resource and [] for a free one. A line in an hourly unit costs 730 hours."""
    resources, lines = [], []
    for type_token, name, component, own_lines in members:
        resource_urn = urn(stack, type_token, name)
        if own_lines is None:
            resources.append((resource_urn, type_token, name, component, "us-east-1", "unpriced",
                              f"no pricing rule for {type_token}", NAN, NAN, 0.0))
            continue
        hourly = monthly = usage = 0.0
        for description, quantity, unit, unit_usd, is_usage in own_lines:
            line_monthly = quantity * unit_usd * (730 if unit == "hour" else 1)
            line_hourly = line_monthly / 730
            lines.append((resource_urn, description, quantity, unit, unit_usd, line_hourly, line_monthly, is_usage,
                          "priced", ""))
            if is_usage:
                usage += line_monthly
            else:
                hourly, monthly = hourly + line_hourly, monthly + line_monthly
        resources.append((resource_urn, type_token, name, component, "us-east-1",
                          "priced" if own_lines else "free", "", hourly, monthly, usage))
    frame = pd.DataFrame(resources, columns=RESOURCE_COLUMNS)
    priced = frame[frame["status"] == "priced"]
    totals = {"hourly_usd": float(priced["hourly_usd"].sum()), "monthly_usd": float(priced["monthly_usd"].sum()),
              "usage_monthly_usd": float(priced["usage_monthly_usd"].sum()), "resources": len(frame),
              **{status: int((frame["status"] == status).sum()) for status in ("priced", "free", "unpriced")}}
    ranges = pd.DataFrame([(urn(stack, ASG, "web-asg"), *asg)] if asg else [], columns=ASG_COLUMNS)
    return Estimate(source={"kind": "stack", "stack": stack, "project": "shop", "path": None}, region="us-east-1",
                    resources=frame, lines=pd.DataFrame(lines, columns=LINE_RESULT_COLUMNS), prices=PRICES,
                    totals=totals, asg_ranges=ranges)


NAT_LINES = [("NAT gateway hours", 1.0, "hour", 0.045, False), ("public IPv4 address", 1.0, "hour", 0.005, False),
             ("data processed", 100.0, "GB", 0.045, True)]
CLB_LINES = [("classic load balancer hours", 1.0, "hour", 0.025, False),
             ("public IPv4 addresses (one per subnet)", 2.0, "hour", 0.005, False)]
KEY_LINES = [("customer managed key", 1.0, "key-month", 1.0, False)]


def shop(stack: str = "prod") -> Estimate:
    return build_estimate(stack, [
        ("aws:ec2/vpc:Vpc", "vpc", "network", []),
        (NAT, "nat", "network", NAT_LINES),
        (ASG, "web-asg", "web", [("m6i.large instance (Linux, on-demand)", 2.0, "hour", 0.096, False)]),
        (CLB, "web-lb", "web", CLB_LINES),
        (RDS, "db", "database", [("db.m6g.large instance (postgres, multi-az)", 1.0, "hour", 0.318, False),
                                 ("storage (gp3)", 100.0, "GB-month", 0.23, False)]),
        (KMS, "key", "", KEY_LINES),
        (BUCKET, "logs", "", None),
    ], asg=("web-asg", 1, 2, 6, 70.08, 140.16, 420.48))


def shop_before() -> Estimate:
    """The base of the diff: a small database, one instance, no NAT gateway, an Elastic IP since removed."""
    return build_estimate("dev", [
        ("aws:ec2/vpc:Vpc", "vpc", "network", []),
        (EIP, "old-ip", "network", [("public IPv4 address", 1.0, "hour", 0.005, False)]),
        (ASG, "web-asg", "web", [("m6i.large instance (Linux, on-demand)", 1.0, "hour", 0.096, False)]),
        (CLB, "web-lb", "web", CLB_LINES),
        (RDS, "db", "database", [("db.t4g.micro instance (postgres, single-az)", 1.0, "hour", 0.016, False),
                                 ("storage (gp3)", 20.0, "GB-month", 0.115, False)]),
        (KMS, "key", "", KEY_LINES),
        (BUCKET, "logs", "", None),
    ], asg=("web-asg", 1, 1, 6, 70.08, 70.08, 420.48))


def comparison(home: str | None = "us-east-1") -> RegionComparison:
    """Deliberately not in order: the chart sorts complete regions cheapest first, incomplete ones last."""
    regions = pd.DataFrame([
        ("eu-west-1", 0.6575, 480.0, 0, True, 21.65, 0.0),
        ("ap-east-2", 0.41, 300.0, 1, False, NAN, 0.0),
        ("us-east-2", 0.6279, 458.35, 0, True, 0.0, 0.0),
        ("us-east-1", 0.6279, 458.35, 0, True, 0.0, 0.0),
    ], columns=["region", "hourly_usd", "monthly_usd", "unpriced", "complete", "delta_monthly_usd",
                "usage_monthly_usd"])
    return RegionComparison(source=shop().source, home_region=home, regions=regions)


def bars_of(breakdown: charts.Breakdown) -> list[tuple[str, float]]:
    return [(bar.label, round(bar.monthly_usd, 3)) for bar in breakdown.bars]


# --- the data behind the charts --------------------------------------------------------------------

def test_cost_by_component_largest_first_with_the_stacks_own_resources():
    breakdown = charts.by_component(shop())
    assert bars_of(breakdown) == [("database", 255.14), ("web", 165.71), ("network", 36.5), ("(stack)", 1.0)]
    assert round(breakdown.total_usd, 3) == 458.35 and breakdown.unpriced == 1
    assert [round(breakdown.share(bar), 4) for bar in breakdown.bars] == [0.5566, 0.3615, 0.0796, 0.0022]


def test_cost_by_service_names_the_aws_service_that_bills_each_type():
    breakdown = charts.by_service(shop())
    assert bars_of(breakdown) == [("RDS", 255.14), ("EC2", 140.16), ("VPC", 36.5), ("Elastic Load Balancing", 25.55),
                                  ("KMS", 1.0)]
    assert round(breakdown.total_usd, 3) == 458.35


@pytest.mark.parametrize("type_token, service", [
    (NAT, "VPC"), (EIP, "VPC"), ("aws:ec2/instance:Instance", "EC2"), (ASG, "EC2"),
    ("aws:alb/loadBalancer:LoadBalancer", "Elastic Load Balancing"),
    ("aws:ebs/volume:Volume", "EBS"), (BUCKET, "S3"), ("aws:sqs/queue:Queue", "sqs"),
    ("random:index/randomPassword:RandomPassword", "random")])
def test_service_of_a_type(type_token, service):
    assert charts.service_of(type_token) == service


def test_the_smallest_groups_become_one_others_bar():
    breakdown = charts.by_service(shop(), limit=3)
    assert bars_of(breakdown) == [("RDS", 255.14), ("EC2", 140.16), ("3 others", 63.05)]
    assert [bar.others for bar in breakdown.bars] == [0, 0, 3]
    assert round(breakdown.total_usd, 3) == 458.35


COMPONENTS = st.sampled_from(["network", "web", "database", "", "cache", "queue"])
MEMBERS = st.lists(st.tuples(COMPONENTS, st.sampled_from(["priced", "free", "unpriced"]),
                             st.integers(min_value=1, max_value=100_000)), max_size=30)


@settings(max_examples=60, deadline=None)
@given(members=MEMBERS, limit=st.integers(min_value=2, max_value=6))
def test_breakdown_bars_add_up_to_the_baseline_largest_first(members, limit):
    resources = pd.DataFrame([
        (f"urn:pulumi:p::shop::{KMS}::k{index}", KMS, f"k{index}", component, "us-east-1", status, "",
         cents / 73000 if status == "priced" else 0.0 if status == "free" else NAN,
         cents / 100 if status == "priced" else 0.0 if status == "free" else NAN, 0.0)
        for index, (component, status, cents) in enumerate(members)], columns=RESOURCE_COLUMNS)
    breakdown = charts.by_component(replace(shop(), resources=resources), limit=limit)
    priced_total = sum(cents for _, status, cents in members if status == "priced") / 100
    assert math.isclose(breakdown.total_usd, priced_total, abs_tol=1e-9)
    assert math.isclose(sum(bar.monthly_usd for bar in breakdown.bars), priced_total, abs_tol=1e-9)
    assert len(breakdown.bars) <= limit and all(bar.monthly_usd > 0 for bar in breakdown.bars)
    named = [bar.monthly_usd for bar in breakdown.bars if not bar.others]
    assert named == sorted(named, reverse=True)
    assert breakdown.unpriced == sum(status == "unpriced" for _, status, _ in members)


def test_regions_complete_cheapest_first_incomplete_last_home_highlighted():
    bars = charts.region_bars(comparison())
    assert [(bar.region, bar.monthly_usd, bar.complete, bar.home) for bar in bars] == [
        ("us-east-1", 458.35, True, True), ("us-east-2", 458.35, True, False), ("eu-west-1", 480.0, True, False),
        ("ap-east-2", 300.0, False, False)]
    assert [bar.delta_monthly_usd for bar in bars] == [0.0, 0.0, 21.65, None]
    assert (bars[0].name, bars[3].unpriced) == ("US East (N. Virginia)", 1)


def test_no_region_is_highlighted_without_a_home_region():
    assert not any(bar.home for bar in charts.region_bars(comparison(home=None)))
    page = render_estimate_page(shop(), today=TODAY, comparison=comparison(home=None))
    assert "bar home" not in chart(page, "regions")
    assert "4 regions, cheapest first; the source names no region of its own." in page


def test_auto_scaling_range_at_min_desired_and_max():
    assert charts.asg_ranges(shop()) == (charts.AsgRange("web-asg", 1, 2, 6, 70.08, 140.16, 420.48),)


def test_movers_biggest_first_and_the_totals_before_and_after():
    cost_diff = diff(shop_before(), shop())
    movers = charts.movers(cost_diff)
    assert [(mover.name, mover.change, round(mover.delta_monthly_usd, 3)) for mover in movers] == [
        ("db", "update", 241.16), ("web-asg", "update", 70.08), ("nat", "add", 41.0), ("old-ip", "remove", -3.65)]
    assert math.isnan(movers[2].base_monthly_usd) and round(movers[2].head_monthly_usd, 2) == 41.0
    assert [mover.name for mover in charts.movers(cost_diff, count=2)] == ["db", "web-asg"]
    before, after = charts.before_after(cost_diff)
    assert (before.label, round(before.monthly_usd, 3)) == ("stack dev (project shop)", 114.26)
    assert (after.label, round(after.monthly_usd, 3)) == ("stack prod (project shop)", 462.85)


# --- the SVG ---------------------------------------------------------------------------------------

def rects(markup: str) -> list[tuple[str, float, float]]:
    """(class, x, width) of each bar."""
    return [(css, float(x), float(width)) for css, x, width in
            re.findall(r'<rect class="([^"]*)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', markup)]


def test_bars_are_proportional_and_labels_escaped_and_cut_with_the_whole_in_the_tooltip():
    rows = [svg.Row("a very long component name indeed", 200.0, "$200.00"), svg.Row("<b>", 50.0, "$50.00", css="home"),
            svg.Row("tiny", 0.01, "$0.01")]
    markup = svg.bar_chart(rows, chart_id="c", title="Costs", width=460, label_width=130, value_width=120)
    assert rects(markup) == [("bar", 130.0, 210.0), ("bar home", 130.0, 52.5), ("bar", 130.0, 2.0)]
    assert "<title>a very long component name indeed</title>" in markup
    assert ">a very long comp\u2026</text>" in markup  # 17 characters fit in 130 - 10 px
    assert "&lt;b&gt;" in markup and "<b>" not in markup
    assert markup.startswith('<svg class="chart" id="c" viewBox="0 0 460 90" role="img" aria-labelledby="c-title"')


def test_the_amounts_get_the_room_the_longest_one_needs():
    rows = [svg.Row("(stack)", 344_508.88, "$344,508.88 · 100%")]  # 18 characters x 7 px + 12
    assert rects(svg.bar_chart(rows, chart_id="c", title="t", width=460, label_width=130)) == [("bar", 130.0, 192.0)]
    wide = [svg.Row("x", 1.0, "n" * 60)]  # never more than half the room right of the labels
    assert rects(svg.bar_chart(wide, chart_id="c", title="t", width=460, label_width=130)) == [("bar", 130.0, 165.0)]


def test_diverging_bars_put_zero_where_both_directions_fit():
    both = svg.diverging_chart([svg.Row("up", 300.0, "+$300"), svg.Row("down", -100.0, "-$100")], chart_id="m",
                               title="Movers", width=920, label_width=220, value_width=150)
    # plot 920 - 220 - 2 x 150 = 400 for $400: zero at 220 + 150 + 100
    assert rects(both) == [("bar", 470.0, 300.0), ("bar", 370.0, 100.0)]
    assert '<line class="axis" x1="470.0"' in both
    rises = svg.diverging_chart([svg.Row("up", 50.0, "+$50")], chart_id="m", title="Movers", width=920,
                                label_width=220, value_width=150)
    assert rects(rises) == [("bar", 220.0, 550.0)]


# --- the pages -------------------------------------------------------------------------------------

def chart(page: str, chart_id: str) -> str:
    found = re.search(rf'<svg class="chart" id="{chart_id}".*?</svg>', page, re.S)
    assert found, f"no chart {chart_id}"
    return found.group(0)


def labels(markup: str) -> list[str]:
    return re.findall(r'<text class="label"[^>]*>([^<]*)</text>', markup)


def values(markup: str) -> list[str]:
    return re.findall(r'<text class="value"[^>]*>([^<]*)</text>', markup)


def cards_of(page: str) -> dict[str, str]:
    """The headline cards: name -> value."""
    return dict(re.findall(r'<div class="name">([^<]+)</div><div class="value[^"]*">([^<]+)</div>', page))


def table_rows(page: str, table_id: str) -> list[list[tuple[str, str | None]]]:
    """Per body row, each cell's text (its first line: a resource's name) and its data-sort value."""
    table = re.search(rf'<table class="sortable" id="{table_id}">.*?</table>', page, re.S).group(0)
    body = table.split("<tbody>")[1]
    return [[(re.sub(r"<[^>]+>", "\n", cell).strip().split("\n")[0], sort)
             for sort, cell in re.findall(r'<td(?: class="num" data-sort="([^"]*)")?>(.*?)</td>', row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_estimate_page_headline_breakdown_table_and_ranges():
    page = render_estimate_page(shop(), today=TODAY)
    cards = cards_of(page)
    assert cards == {"Monthly": "$458.35", "Hourly": "$0.6279", "Priced": "5", "Free": "1", "Unpriced": "1",
                     "Stack": "prod", "Region": "us-east-1", "Prices as of": "2026-01-15"}
    assert "$458.35/month ($0.6279/hour) + $4.50/month usage = $462.85/month (1 unpriced resource not included)" \
        in page
    assert labels(chart(page, "by-component")) == ["database", "web", "network", "(stack)"]
    assert values(chart(page, "by-component")) == ["$255.14 · 56%", "$165.71 · 36%", "$36.50 · 8%",
                                                   "$1.00 · &lt;1%"]
    assert labels(chart(page, "by-service")) == ["RDS", "EC2", "VPC", "Elastic Load Balancing", "KMS"]
    assert "Baseline $458.35 a month; 1 unpriced resource(s) left out." in page
    rows = table_rows(page, "resources")
    assert [(row[0][0], row[5]) for row in rows] == [
        ("db", ("$255.14", "255.14")), ("web-asg", ("$140.16", "140.16")), ("nat", ("$36.50", "36.5")),
        ("web-lb", ("$25.55", "25.55")), ("key", ("$1.00", "1.0")), ("logs", ("n/a", ""))]
    assert [row[2][0] for row in rows] == ["RDS", "EC2", "VPC", "Elastic Load Balancing", "KMS", "S3"]
    assert "NAT gateway hours: 1 hour at $0.045/hour = $32.85/month" in page
    assert "usage, data processed: 100 GB at $0.045/GB = $4.50" in page
    assert "1 free resource (no charge of their own)" in page and "<li>ec2/vpc x 1</li>" in page
    assert "<li>logs: no pricing rule for aws:s3/bucketV2:BucketV2</li>" in page
    assert values(chart(page, "auto-scaling")) == ["desired 2: $140.16", "min 1: $70.08", "max 6: $420.48"]
    assert 'id="regions"' not in page and "Region comparison" not in page


def test_a_reserved_term_is_named_with_its_saving():
    reserved = ReservedPricing(term="reserved-1y-no-upfront", lines=pd.DataFrame(columns=RESERVED_LINE_COLUMNS),
                               on_demand_monthly_usd=500.0, saving_monthly_usd=41.65)
    page = render_estimate_page(replace(shop(), reserved=reserved), today=TODAY)
    assert ("<p>Pricing: reserved 1 year, no upfront for EC2 and RDS instances (effective rates, upfront fees spread "
            "over the term): $458.35/month against $500.00 on demand, saving $41.65/month (8.3%)</p>") in page
    assert "<p>Pricing:" not in render_estimate_page(shop(), today=TODAY)


def test_report_page_has_the_region_chart_cheapest_first_home_highlighted():
    page = render_estimate_page(shop(), today=TODAY, comparison=comparison())
    regions = chart(page, "regions")
    assert labels(regions) == ["us-east-1 · US East (N. Virginia)", "us-east-2 · US East (Ohio)",
                               "eu-west-1 · EU (Ireland)", "ap-east-2 · Asia Pacific (Taipei)"]
    assert [css for css, _, _ in rects(regions)] == ["bar home", "bar", "bar", "bar incomplete"]
    assert values(regions) == ["$458.35 · home", "$458.35 · same as home", "$480.00 · +$21.65",
                               "&gt;= $300.00 · incomplete: 1 unpriced"]
    assert ("4 regions, cheapest first; the stack&#x27;s own region, us-east-1, highlighted. 1 incomplete region(s) "
            "(dashed, last)") in page


def test_diff_page_movers_totals_and_rows():
    page = render_diff_page(diff(shop_before(), shop()), today=TODAY,
                            notes=["stack prod: monthly estimate $462.85 is above its budget of $400.00 (116% of "
                                   "the budget)"])
    assert values(chart(page, "before-after")) == ["$114.26", "$462.85"]
    assert [css for css, _, _ in rects(chart(page, "before-after"))] == ["bar", "bar up"]
    movers = chart(page, "movers")
    assert labels(movers) == ["db", "web-asg", "nat", "old-ip"]
    assert values(movers) == ["+$241.16 (changed)", "+$70.08 (changed)", "+$41.00 (added)", "-$3.65 (removed)"]
    assert [css for css, _, _ in rects(movers)] == ["bar up", "bar up", "bar up", "bar down"]
    assert '<p class="warning">Stack prod: monthly estimate $462.85 is above its budget of $400.00' in page
    assert "$114.26 -&gt; $462.85 a month (+$348.59, +305.1%)" in page
    cards = cards_of(page)
    assert cards == {"Before": "$114.26", "After": "$462.85", "Change a month": "+$348.59", "Hourly after": "$0.6279",
                     "Resources changed": "4"}
    assert '<div class="detail">1 added, 1 removed, 2 changed, 4 unchanged</div>' in page
    assert re.findall(r'<tr><td>([\w-]+)<span', page) == ["db", "web-asg", "nat", "old-ip"]


def test_a_diff_where_nothing_moved_says_so():
    page = render_diff_page(diff(shop("dev"), shop()), today=TODAY)
    assert "No resource&#x27;s monthly cost moved." in page and 'id="movers"' not in page
    assert "No resource was added, removed or changed in a way that costs money." in page


# --- `costing report` ------------------------------------------------------------------------------

def run(capsys, *args) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return exited.value.code, out, err


def write_preview(path: Path, extra_nat: bool = False) -> Path:
    document = preview_document()
    if extra_nat:
        steps = [step for step in document["steps"] if step["urn"].endswith(("::nat", "::nat-ip"))]
        document["steps"] += [json.loads(json.dumps(step).replace("::nat", "::nat-2")) for step in steps]
    path.write_text(json.dumps(document))
    return path


def test_report_of_a_preview_in_two_regions(capsys, tmp_path):
    output = tmp_path / "report.html"
    code, out, err = run(capsys, "report", "--preview", write_preview(tmp_path / "plan.json"),
                         "--regions", "eu-west-1,us-east-1", "--output", output)
    assert (code, out, err) == (0, "", f"costing: wrote the html report to {output}\n")
    page = output.read_text()
    assert '<div class="name">Monthly</div><div class="value">$40.15</div>' in page
    regions = chart(page, "regions")
    assert labels(regions) == ["us-east-1 · US East (N. Virginia)", "eu-west-1 · EU (Ireland)"]
    assert values(regions) == ["$40.15 · home", "$42.34 · +$2.19"]
    assert "<li>assets: no pricing rule for aws:s3/bucketV2:BucketV2</li>" in page


def test_report_diff_of_two_previews(capsys, tmp_path):
    base = write_preview(tmp_path / "base.json")
    head = write_preview(tmp_path / "head.json", extra_nat=True)
    code, out, _ = run(capsys, "report", "--diff", base, head)
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    assert labels(chart(out, "movers")) == ["nat-2", "nat-2-ip"]
    assert values(chart(out, "movers")) == ["+$36.50 (added)", "+$3.65 (added)"]
    assert values(chart(out, "before-after")) == ["$40.15", "$80.30"]


def test_estimate_format_html_is_the_page_without_regions(capsys, tmp_path):
    code, out, _ = run(capsys, "estimate", "--preview", write_preview(tmp_path / "plan.json"), "--format", "html")
    assert code == 0 and 'id="by-component"' in out and 'id="regions"' not in out


@pytest.mark.parametrize("args, message", [
    (["--diff", "dev", "prod", "--stack", "dev"],
     "--diff BASE HEAD compares the two sides it names: drop --stack (a side is a stack name, git:REF[:STACK], "
     "or a preview or state file)"),
    (["--diff", "dev", "prod", "--regions", "all"],
     "--diff BASE HEAD compares the two sides it names: drop --regions (a side is a stack name, git:REF[:STACK], "
     "or a preview or state file)"),
    (["--stack", "dev", "--regions", "us-east-1,,eu-west-1"],
     "--regions 'us-east-1,,eu-west-1': expected comma-separated region codes such as us-east-1,eu-west-1, or all"),
    ([], "no resources to price: give one of --stack NAME (a stack of the Pulumi project in this folder, run "
         "offline), --preview FILE (`pulumi preview --json`) or --state FILE (`pulumi stack export`)"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, "report", *args)
    assert (code, out, err) == (2, "", f"costing: error: {message}\n")
