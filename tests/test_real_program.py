"""A program shaped like the ones teams write (tests/programs/mixed: a serverless API on API Gateway, Lambda and
DynamoDB; a queue-driven worker; a Fargate service behind an ALB; an EKS cluster with a node group; a static site
on S3 and CloudFront; Aurora PostgreSQL; ElastiCache; OpenSearch; and the IAM roles, permissions, listeners,
task definitions, bucket policies and `random` / `command` resources such programs carry): every billable
resource priced, each line as checked by hand in its expected.yaml and shown in the README, no free or
non-AWS resource unpriced, and its usage template filled in and read back."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.golden_cases import actual, assert_priced_as_expected, expected_of, priced
from tests.cli_helpers import run

ROOT = Path(__file__).resolve().parent.parent
MIXED = ROOT / "tests" / "programs" / "mixed"
DAY = date(2025, 12, 6)  # the shared pricing data's date; EKS 1.35 is in standard support


@pytest.fixture(scope="module")
def result():
    return priced(MIXED, on=DAY)


def test_every_billable_resource_is_priced_as_checked_by_hand(result):
    assert_priced_as_expected(actual(result), expected_of(MIXED))


def test_the_totals_count_every_resource_and_miss_nothing(result):
    totals = result.totals
    assert {key: totals[key] for key in ("resources", "priced", "partial", "free", "not_aws", "unpriced")} == {
        "resources": 37, "priced": 16, "partial": 0, "free": 19, "not_aws": 2, "unpriced": 0}
    # the sum of expected.yaml's lines: 661.83 a month fixed, 175.26 of usage
    assert (round(totals["monthly_usd"], 2), round(totals["usage_monthly_usd"], 2)) == (661.83, 175.26)
    not_aws = result.resources.loc[result.resources["status"] == "not-aws", "name"].tolist()
    assert sorted(not_aws) == ["app-secret", "migrate"]


def test_the_usage_template_filled_in_reads_back_as_the_usage_file(capsys, tmp_path):
    """`costing usage template` lists every key of usage.yaml, each null; filled with usage.yaml's values it
    prices as usage.yaml does, and no usage line is left without a quantity."""
    code, template, _ = run(capsys, "usage", "template", "--preview", MIXED / "preview.json")
    assert code == 0
    values = yaml.safe_load((MIXED / "usage.yaml").read_text())["resources"]
    filled, resource, listed = [], None, {}
    for line in template.splitlines():
        if entry := re.match(r'  "([^"]+)":', line):
            resource = entry.group(1)
        elif key := re.match(r"    (\S+): null", line):
            listed.setdefault(resource, []).append(key.group(1))
            line = line.replace(": null", f": {values[resource][key.group(1)]}", 1)
        filled.append(line)
    assert listed == {name: list(keys) for name, keys in values.items()}
    usage = tmp_path / "usage.yaml"
    usage.write_text("\n".join(filled) + "\n")
    code, out, _ = run(capsys, "estimate", "--preview", MIXED / "preview.json", "-f", "json", "--usage-file", usage)
    document = json.loads(out)
    assert code == 0 and round(document["totals"]["usage_monthly_usd"], 2) == 175.26
    assert [line["description"] for resource in document["resources"] for line in resource["lines"]
            if line["usage"] and line["quantity"] is None] == []


def program_table() -> str:
    """The README's table of the mixed program: every priced line of expected.yaml with how it was checked."""
    rows = ["| Resource | Line | Monthly | How (../shared/pricing) |", "| --- | --- | ---: | --- |"]
    for name, resource in expected_of(MIXED)["resources"].items():
        for line in resource.get("lines", []):
            how = line["how"].replace("|", "\\|")
            rows.append(f"| `{name}` | {line['description']} | ${line['monthly_usd']:,.2f} | {how} |")
    return "\n".join(rows) + "\n"


def test_the_readme_shows_each_line_of_the_mixed_program():
    readme = (ROOT / "README.md").read_text()
    assert program_table() in readme, "README's mixed-program table differs: print " \
                                      "tests.test_real_program.program_table() and paste it"
    assert "Total: $661.83 a month fixed + $175.26 of usage = $837.08" in readme
