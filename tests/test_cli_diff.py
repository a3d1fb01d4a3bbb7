"""`costing diff` and the budget check of `costing estimate`, end to end: exit codes 0/1/2, the stderr
lines, --max-increase, --budget, --preview, --output and --all, on tests/git_project.py's repository
and on this project's own stacks.

Amounts (embedded us-east-1 prices): in the repository, dev costs $84.00 at `base` (83.997) and
$156.27 at `head` (156.267: db.t4g.micro -> db.t4g.medium is (0.065 - 0.016) x 730 = 35.77, the
second NAT gateway 0.045 x 730 = 32.85 and its public IPv4 0.005 x 730 = 3.65), +$72.27 (+86.0%);
`head` sets dev's budget to $150. This project's prod costs $736.325 a month. The exit-code matrix
runs on a one-preview diff (in-process, fast); see `plan`.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from costing import review as review_module
from costing.cli import main
from tests.diff_helpers import NAT, RDS, database, state, write_json
from tests.git_project import shared_inventory_cache, shared_repository, worktrees


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    return shared_repository(tmp_path_factory)


@pytest.fixture(autouse=True)
def inventory_cache(tmp_path_factory, cache_dir):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COSTING_CACHE_DIR", str(shared_inventory_cache(tmp_path_factory)))
        yield


@pytest.fixture
def in_repository(repository, monkeypatch) -> Path:
    """`costing diff` with the repository as the project (the CLI's is this one, whose git we leave alone)."""
    monkeypatch.setattr(review_module, "review", functools.partial(review_module.review, project_dir=repository))
    return repository


def run(capsys, *args) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return exited.value.code, out, err


def messages(err: str) -> list[str]:
    """stderr without the stale-prices warning (the embedded snapshot is old)."""
    return [line for line in err.splitlines() if not line.startswith("costing: warning: prices for ")]


BUDGET_EXCEEDED = "costing: stack dev: monthly estimate $156.27 is above its budget of $150.00 (104% of the budget)"


def test_git_revisions_json_and_the_heads_budget(capsys, in_repository):
    code, out, err = run(capsys, "diff", "git:base:dev", "git:head", "--format", "json")
    document = json.loads(out)
    assert (document["base"]["total_monthly_usd"], document["head"]["total_monthly_usd"],
            document["delta_monthly_usd"]) == (83.997, 156.267, 72.27)
    assert document["changes"] == {"add": 6, "remove": 2, "update": 1, "same": 37}
    assert document["notes"] == [BUDGET_EXCEEDED.removeprefix("costing: ")]
    assert (code, messages(err)) == (1, [BUDGET_EXCEEDED])
    assert worktrees(in_repository) == [str(in_repository)]


def test_the_ci_command_markdown_to_a_file(capsys, in_repository, tmp_path):
    """What .github/workflows/cost.yml runs: the base revision against the working tree's stack."""
    output = tmp_path / "cost-dev.md"
    code, out, err = run(capsys, "diff", "git:base:dev", "dev", "--format", "markdown", "--output", output,
                         "--max-increase", "50", "--budget", "1000")
    text = output.read_text()
    assert text.splitlines()[0] == "**Cost of stack `dev`: $84.00 -> $156.27 a month (+$72.27, +86.0%)**"
    assert text.rstrip().endswith("<!-- costing-diff:dev -->")
    increase = "monthly cost rises by +$72.27 (+86.0%), from $84.00 to $156.27: above --max-increase $50.00"
    assert f"> **M{increase[1:]}**" in text.splitlines()
    assert (code, out) == (1, "")
    assert messages(err) == [f"costing: wrote the markdown cost diff to {output}", f"costing: {increase}"]


@pytest.fixture
def plan(tmp_path) -> Path:
    """One preview: the database db.t4g.micro -> db.t4g.medium, a NAT gateway unchanged. Before: 13.98 +
    36.50 = $50.48; after: +(0.065 - 0.016) x 730 = +$35.77 (+70.9%), $86.25."""
    old_db, new_db = state("dev", RDS, "db", database()), state("dev", RDS, "db", database("db.t4g.medium"))
    nat = state("dev", NAT, "nat", {"subnetId": "a"})
    return write_json(tmp_path / "plan.json", {"config": {"aws:region": "us-east-1"}, "steps": [
        {"op": "update", "urn": old_db["urn"], "oldState": old_db, "newState": new_db},
        {"op": "same", "urn": nat["urn"], "oldState": nat, "newState": nat},
    ]})


INCREASE = "monthly cost rises by +$35.77 (+70.9%), from $50.48 to $86.25: above --max-increase"


@pytest.mark.parametrize("limit, budget, code, lines", [
    ("35.77", None, 0, []),
    ("35.76", None, 1, [f"costing: {INCREASE} $35.76"]),
    ("71%", None, 0, []),
    ("70%", None, 1, [f"costing: {INCREASE} 70%"]),
    ("$1,000", "120", 0, []),  # 72% of the budget
    ("1000", "100", 0, ["costing: warning: stack dev: monthly estimate $86.25 is 86% of its budget of $100.00 "
                        "(warning from 80%)"]),
    ("1000", "86.25", 0, ["costing: warning: stack dev: monthly estimate $86.25 is 100% of its budget of $86.25 "
                          "(warning from 80%)"]),
    ("1000", "80", 1, ["costing: stack dev: monthly estimate $86.25 is above its budget of $80.00 "
                       "(108% of the budget)"]),
    ("10", "80", 1, ["costing: stack dev: monthly estimate $86.25 is above its budget of $80.00 (108% of the budget)",
                     f"costing: {INCREASE} $10.00"]),
])
def test_exit_codes_of_the_limits(capsys, plan, limit, budget, code, lines):
    args = ["diff", "--preview", plan, "--max-increase", limit, "-f", "json"]
    found = run(capsys, *args, *(["--budget", budget] if budget else []))
    assert (found[0], messages(found[2])) == (code, lines)
    assert json.loads(found[1])["delta_monthly_usd"] == 35.77  # the report is out whatever the exit code


@pytest.mark.parametrize("args, message", [
    (["diff"], "nothing to compare: give BASE and HEAD (each a stack name, git:REF[:STACK], or a `pulumi preview "
               "--json` or `pulumi stack export` file), or --preview FILE"),
    (["diff", "dev"], "HEAD is missing: give BASE and HEAD (each a stack name, git:REF[:STACK], or a `pulumi "
                      "preview --json` or `pulumi stack export` file), or --preview FILE"),
    (["diff", "dev", "prod", "--preview", "plan.json"],
     "--preview FILE holds both sides: give it alone, without BASE and HEAD"),
    (["diff", "dev", "prod", "--max-increase", "ten"],
     "--max-increase 'ten': expected US dollars a month such as 50 or 1250.50, or a percentage of the base such "
     "as 10%"),
    (["diff", "dev", "prod", "--budget", "-3"],
     "--budget '-3': expected an amount of US dollars of 0 or more, such as 500 or 1250.50"),
    (["diff", "git:no-such-branch:dev", "dev"], None),
])
def test_bad_input_is_one_line_and_exit_2(capsys, in_repository, args, message):
    code, out, err = run(capsys, *args)
    if message is None:
        message = (f"unknown git revision 'no-such-branch' in {in_repository} (a branch, tag or commit; in CI, "
                   "fetch the history with fetch-depth: 0)")
    assert (code, out, err) == (2, "", f"costing: error: {message}\n")
    assert worktrees(in_repository) == [str(in_repository)]


def test_one_preview_both_sides_and_all_rows(capsys, plan):
    path = plan
    code, out, err = run(capsys, "diff", "--preview", path, "--max-increase", "35.77")
    lines = out.splitlines()
    assert code == 0 and messages(err) == []
    title = " ".join(out.split("\n Resource ")[0].split())  # a long path wraps the title
    assert title == f"Cost diff: preview {path} (stack dev, project shop), before -> preview {path} (stack dev, " \
                    "project shop), after"
    assert "Monthly: $50.48 -> $86.25 a month (+$35.77, +70.9%)" in lines
    assert "1 unchanged resource not listed (--all lists them)" in lines
    code, out, _ = run(capsys, "diff", "--preview", path, "--all", "--max-increase", "35.76")
    assert code == 1 and any(line.split()[:3] == ["nat", "(ec2/natGateway)", "unchanged"] for line in out.splitlines())


def test_environments_of_this_project(capsys):
    """`costing diff dev prod`: the stacks differ by their stack name in every URN, and still match."""
    code, out, _ = run(capsys, "diff", "dev", "prod", "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["notes"] == []
    # 736.325 - 83.997
    assert (document["base"]["source"]["stack"], document["head"]["source"]["stack"],
            document["delta_monthly_usd"]) == ("dev", "prod", 652.328)
    database_row = next(row for row in document["resources"] if row["name"] == "database-primary")
    assert database_row["explanation"] == ("instance class db.t4g.micro -> db.m6g.large; single-az -> multi-az; "
                                           "storage (gp3) 20 GB -> 100 GB")
    assert {"type": NAT, "label": "NAT gateways", "base": 1, "head": 3} in document["type_counts"]


# --- the budget in `costing estimate` -----------------------------------------------------------

@pytest.mark.parametrize("budget, code, lines", [
    (None, 0, []),
    (150, 0, []),  # $84.00 is 56%
    (100, 0, ["costing: warning: stack dev: monthly estimate $84.00 is 84% of its budget of $100.00 "
              "(warning from 80%)"]),
    (80, 1, ["costing: stack dev: monthly estimate $84.00 is above its budget of $80.00 (105% of the budget)"]),
])
def test_estimate_checks_the_stacks_budget(capsys, monkeypatch, budget, code, lines):
    from costing import budget as budget_module

    asked = []
    monkeypatch.setattr(budget_module, "budget_from_config", lambda config: asked.append(config.stack) or budget)
    found = run(capsys, "estimate", "--stack", "dev", "--format", "json")
    assert (found[0], messages(found[2]), asked) == (code, lines, ["dev"])
    assert json.loads(found[1])["totals"]["monthly_usd"] == 83.997  # the report is out either way
