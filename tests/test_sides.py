"""costing.sides: what each side of a diff names, `git:` revisions run offline in a temporary worktree
(always removed: after success, an error, Ctrl-C or SIGTERM) by a runner of their own, and `diff_preview`.

The git repository is tests/git_project.py's. Embedded us-east-1 prices: RDS PostgreSQL Single-AZ
db.t4g.micro $0.016/h, db.t4g.medium $0.065/h; NAT gateway $0.045/h; public IPv4 $0.005/h.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from costing import sides
from costing.catalog import load_catalog
from costing.diff import diff, increase_exceeded, parse_increase_limit
from costing.errors import InputError
from costing.estimate import estimate
from costing.inventory.runners import client
from costing.sides import SideSpec, diff_preview, load_sides, parse_side
from tests.diff_helpers import NAT, RDS, VPC, database, state, write_json
from tests.git_project import (
    BUDGET, assert_cleaned, check_a_signal_stops_a_revisions_runner, shared_inventory_cache, shared_repository,
    worktrees,
)


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    return shared_repository(tmp_path_factory)


@pytest.fixture(autouse=True)
def inventory_cache(tmp_path_factory, cache_dir):
    """One inventory cache for the module (the git sides' child processes inherit it): a revision run
    once is read back, not run again."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COSTING_CACHE_DIR", str(shared_inventory_cache(tmp_path_factory)))
        yield


def estimates(base: sides.Side, head: sides.Side):
    catalog = load_catalog()
    return estimate(base.inventory, catalog), estimate(head.inventory, catalog)


# --- what a side names --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("prod", SideSpec("prod", "stack", stack="prod")),
    ("git:main", SideSpec("git:main", "git", ref="main")),
    ("git:1a2b3c4:prod", SideSpec("git:1a2b3c4:prod", "git", stack="prod", ref="1a2b3c4")),
    ("git:HEAD~1:", SideSpec("git:HEAD~1:", "git", ref="HEAD~1")),
    ("plan.json", SideSpec("plan.json", "file", path="plan.json")),
    ("out/state", SideSpec("out/state", "file", path="out/state")),
])
def test_parse_side(text, expected):
    assert parse_side(text) == expected


@pytest.mark.parametrize("text, message", [
    ("", "a diff side is empty: give a stack name, git:REF[:STACK], or a preview or state file"),
    ("git:", "'git:': name a git revision, as in git:main or git:main:prod (git:REF[:STACK])"),
    ("git::prod", "'git::prod': name a git revision, as in git:main or git:main:prod (git:REF[:STACK])"),
    ("-", "a diff side cannot be stdin (-): save the document to a file first, e.g. "
          "`pulumi preview --json > plan.json`"),
])
def test_bad_sides(text, message):
    with pytest.raises(InputError) as error:
        parse_side(text)
    assert str(error.value) == message


def test_an_existing_file_wins_over_a_stack_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dev").write_text("{}")
    assert parse_side("dev") == SideSpec("dev", "file", path="dev")


# --- git revisions ------------------------------------------------------------------------------

def test_git_revisions_diff_to_the_cent(repository, scratch, monkeypatch):
    base, head = load_sides("git:base", "git:head:dev", project_dir=repository)
    assert base.inventory.source["kind"] == head.inventory.source["kind"] == "git"
    assert (base.stack, base.inventory.source["ref"], head.inventory.source["ref"]) == ("dev", "base", "head")
    assert head.inventory.source["commit"] == subprocess.run(
        ["git", "-C", str(repository), "rev-parse", "head^{commit}"], capture_output=True, text=True).stdout.strip()
    assert (base.budget, head.budget) == (None, float(BUDGET))
    cost_diff = diff(*estimates(base, head))
    # database-primary: (0.065 - 0.016) x 730 = 35.77; per-az adds the second AZ's NAT gateway,
    # 0.045 x 730 = 32.85, and its Elastic IP's public IPv4 address, 0.005 x 730 = 3.65: +72.27 in all.
    # Base: 84.197 (dev as in the repository), head 156.467.
    assert round(cost_diff.delta_monthly_usd, 2) == 72.27
    assert (round(cost_diff.base_monthly_usd, 2), round(cost_diff.head_monthly_usd, 2)) == (84.2, 156.47)
    moved = cost_diff.rows[cost_diff.rows["delta_monthly_usd"] != 0]
    assert [(row.name, row.change, round(row.delta_monthly_usd, 2), row.explanation)
            for row in moved.itertuples(index=False)] == [
        ("database-primary", "update", 35.77, "instance class db.t4g.micro -> db.t4g.medium"),
        ("network-nat-us-east-1b", "add", 32.85, "new: NAT gateway hours"),
        ("network-nat-us-east-1b-eip", "add", 3.65, "new: public IPv4 address"),
    ]
    assert cost_diff.type_counts[["label", "base", "head"]].values.tolist() == [
        ["Elastic IPs", 1, 2], ["NAT gateways", 1, 2]]
    # +$72.27 on $84.20 is +85.8%
    assert increase_exceeded(cost_diff, parse_increase_limit("72.27")) is None
    assert increase_exceeded(cost_diff, parse_increase_limit("50")) == (
        "monthly cost rises by +$72.27 (+85.8%), from $84.20 to $156.47: above --max-increase $50.00")
    assert increase_exceeded(cost_diff, parse_increase_limit("90%")) is None
    assert increase_exceeded(cost_diff, parse_increase_limit("80%")) is not None
    assert_cleaned(repository, scratch)
    started = []
    monkeypatch.setattr(client.RunnerJob, "__init__", lambda self, request, *args, **kwargs: started.append(request))
    load_sides("git:base", "git:head:dev", project_dir=repository)
    assert started == []  # both revisions' inventories were kept: the same diff again runs no program
    assert_cleaned(repository, scratch)


def test_a_git_side_takes_the_other_sides_stack(repository, scratch):
    base, head = load_sides("git:base", "staging", project_dir=repository)
    assert (base.stack, base.inventory.source["kind"], head.stack, head.inventory.source["kind"]) == (
        "staging", "git", "staging", "stack")
    assert diff(*estimates(base, head)).counts()["same"] == len(head.inventory.resources[
        head.inventory.resources["custom"]])
    base, head = load_sides("git:base", "git:head:prod", project_dir=repository)
    assert (base.stack, head.stack) == ("prod", "prod")
    assert_cleaned(repository, scratch)


def test_each_revision_runs_its_own_components(repository, scratch):
    import components.settings  # noqa: F401 (this project's components, now in sys.modules)

    base, head = load_sides("git:head", "git:code", project_dir=repository)
    cost_diff = diff(*estimates(base, head))
    group = cost_diff.rows[cost_diff.rows["name"] == "web-asg"].iloc[0]
    # t3.micro $0.0104/h -> t3.small $0.0208/h, one instance: +7.592
    assert (group["explanation"], round(group["delta_monthly_usd"], 2)) == ("instance type t3.micro -> t3.small", 7.59)
    assert_cleaned(repository, scratch)


def test_unknown_revision(repository, scratch):
    with pytest.raises(InputError) as error:
        load_sides("git:no-such-branch", "git:head", project_dir=repository)
    assert str(error.value) == (f"unknown git revision 'no-such-branch' in {repository} (a branch, tag or commit; "
                                "in CI, fetch the history with fetch-depth: 0)")
    assert_cleaned(repository, scratch)


def test_not_a_git_repository(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: demo\nruntime: python\n")
    with pytest.raises(InputError) as error:
        sides.load_git_side("main", "dev", project_dir=tmp_path)
    assert str(error.value).startswith(f"{tmp_path} is not in a git repository (")


def test_unknown_stack_at_a_revision_is_removed_after(repository, scratch):
    with pytest.raises(InputError) as error:
        load_sides("git:base:qa", "git:head", project_dir=repository)
    assert str(error.value) == (
        "git:base:qa: stack 'qa' has no stack file stacks/Pulumi.qa.yaml (stacks with one: dev, prod, staging): "
        "required config key 'webstack:environment' has no value; set it with `pulumi config set environment "
        "<value> --stack qa`, or give it with -c webstack:environment=VALUE")
    assert_cleaned(repository, scratch)


def test_a_program_that_fails_at_a_revision_names_the_setting(repository, scratch):
    with pytest.raises(InputError) as error:
        sides.load_git_side("broken", "dev", project_dir=repository)
    assert str(error.value) == (
        "git:broken:dev: stacks/Pulumi.dev.yaml: webstack:azCount 9 is out of range: the region has 6 availability "
        "zones (us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f); allowed: 1 to 6")
    assert_cleaned(repository, scratch)


def test_ctrl_c_while_the_revision_runs_removes_the_worktree(repository, scratch, monkeypatch):
    seen = []

    def interrupted(tree, ref, stack, project, **options):
        seen.append((len(worktrees(repository)), (tree.project_dir / "Pulumi.yaml").is_file()))
        raise KeyboardInterrupt

    monkeypatch.setattr(sides, "_run_revision", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_sides("git:base", "git:head", project_dir=repository)
    assert seen == [(2, True)]  # the worktree existed, with the project in it
    assert_cleaned(repository, scratch)


# Python ends on an uncaught KeyboardInterrupt by dying of SIGINT (after `finally`); SIGTERM becomes exit 143.
@pytest.mark.parametrize("signum, exit_code", [(signal.SIGINT, -signal.SIGINT), (signal.SIGTERM, 128 + signal.SIGTERM)])
def test_signals_to_the_process_remove_the_worktree(repository, tmp_path, signum, exit_code):
    """A real process, interrupted while its worktree exists (the child process replaced by a wait)."""
    ready = tmp_path / "ready"
    folder = tmp_path / "tmp"
    folder.mkdir()
    script = textwrap.dedent(f"""
        import tempfile, time
        from pathlib import Path
        from costing import sides
        tempfile.tempdir = {str(folder)!r}

        def wait(tree, ref, stack, project, **options):
            Path({str(ready)!r}).write_text(str(tree.root))
            time.sleep(60)

        sides._run_revision = wait
        sides.load_git_side("base", "dev", project_dir=Path({str(repository)!r}))
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert ready.exists(), process.stderr.read()
    assert len(worktrees(repository)) == 2 and Path(ready.read_text()).is_dir()
    process.send_signal(signum)
    assert process.wait(timeout=30) == exit_code
    assert_cleaned(repository, folder)


SLOW_PROGRAM = """\
import os
import pathlib
import time

pathlib.Path(os.environ["COSTING_TEST_READY"]).write_text(str(os.getpid()))
while True:  # a program that keeps writing its build folder beside itself
    (pathlib.Path(__file__).parent / "build").mkdir(parents=True, exist_ok=True)
    time.sleep(0.01)
"""


# (Ctrl-C's KeyboardInterrupt becomes typer's Exit(130), the shell's code for SIGINT.)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_while_a_revisions_program_runs_stops_its_runner_before_the_worktree_goes(tmp_path, signum):
    """costing (`python -m costing`: the console script's main), signalled while the runner runs a revision's
    program in the worktree: the runner is ended (and waited for) before the worktree is removed, so neither
    it nor what it writes outlives the run."""
    repository = tmp_path / "slow"
    repository.mkdir()
    (repository / "Pulumi.yaml").write_text("name: slow\nruntime: python\n")
    (repository / "__main__.py").write_text(SLOW_PROGRAM)
    check_a_signal_stops_a_revisions_runner([sys.executable, "-m", "costing"], repository, tmp_path, signum)


# --- files --------------------------------------------------------------------------------------

def test_files_are_told_apart_by_content(tmp_path):
    preview = write_json(tmp_path / "plan", {"steps": [
        {"op": "create", "urn": state("dev", NAT, "nat", {})["urn"], "newState": state("dev", NAT, "nat", {})}]})
    export = write_json(tmp_path / "export", {"version": 3, "deployment": {"resources": [
        state("dev", NAT, "nat", {}), state("dev", VPC, "vpc", {})]}})
    base, head = load_sides(str(preview), str(export))
    assert (base.inventory.source["kind"], head.inventory.source["kind"]) == ("preview", "state")
    assert (base.budget, head.budget, base.stack) == (None, None, "dev")
    neither = write_json(tmp_path / "other.json", {"resources": []})
    with pytest.raises(InputError) as error:
        load_sides(str(neither), str(export))
    assert str(error.value) == (f"{neither}: neither a `pulumi preview --json` document (no `steps`) nor a "
                                "`pulumi stack export` document (no `deployment`)")


def test_one_preview_holds_both_sides(tmp_path):
    old_db, new_db = state("dev", RDS, "db", database()), state("dev", RDS, "db", database("db.t4g.medium"))
    old_nat, new_nat = state("dev", NAT, "nat", {"subnetId": "a"}), state("dev", NAT, "nat", {"subnetId": "b"})
    vpc = state("dev", VPC, "vpc", {"cidrBlock": "10.0.0.0/16"})
    gone, added = state("dev", NAT, "nat-old", {}), state("dev", NAT, "nat-new", {})
    data_source = state("dev", "aws:ec2/getAmi:getAmi", "ami", {})
    path = write_json(tmp_path / "plan.json", {"config": {"aws:region": "us-east-1"}, "steps": [
        {"op": "same", "urn": vpc["urn"], "oldState": vpc, "newState": vpc},
        {"op": "update", "urn": old_db["urn"], "oldState": old_db, "newState": new_db},
        {"op": "create-replacement", "urn": old_nat["urn"], "oldState": old_nat, "newState": new_nat},
        {"op": "replace", "urn": old_nat["urn"], "oldState": old_nat, "newState": new_nat},
        {"op": "delete-replaced", "urn": old_nat["urn"], "oldState": old_nat},
        {"op": "delete", "urn": gone["urn"], "oldState": gone},
        {"op": "create", "urn": added["urn"], "newState": added},
        {"op": "read", "urn": data_source["urn"], "newState": data_source},
    ]})
    before, after = diff_preview(path)
    assert sorted(before.inventory.resources["name"]) == ["db", "nat", "nat-old", "vpc"]
    assert sorted(after.inventory.resources["name"]) == ["db", "nat", "nat-new", "vpc"]
    assert (before.inventory.source["side"], after.inventory.source["side"]) == ("before", "after")
    assert before.inventory.default_region == after.inventory.default_region == "us-east-1"
    cost_diff = diff(*estimates(before, after))
    assert dict(zip(cost_diff.rows["name"], cost_diff.rows["change"])) == {
        "db": "update", "nat": "same", "nat-old": "remove", "nat-new": "add", "vpc": "same"}
    # db.t4g.micro -> db.t4g.medium: (0.065 - 0.016) x 730; a NAT gateway out, one in: 0
    assert round(cost_diff.delta_monthly_usd, 2) == 35.77


def test_a_bad_old_state_names_the_step(tmp_path):
    vpc = state("dev", VPC, "vpc", {})
    path = write_json(tmp_path / "plan.json", {"steps": [
        {"op": "update", "urn": vpc["urn"], "oldState": {"urn": vpc["urn"]}, "newState": vpc}]})
    with pytest.raises(InputError) as error:
        diff_preview(path)
    assert str(error.value) == f"{path}: steps[0] ({vpc['urn']}): oldState has no `type`"


def test_a_file_side_is_read_as_estimate_reads_it(tmp_path):
    """The same rows as `costing estimate --preview` gets."""
    from costing.inventory import load_preview

    path = write_json(tmp_path / "plan.json", {"steps": [
        {"op": "create", "urn": state("dev", NAT, "nat", {})["urn"], "newState": state("dev", NAT, "nat", {})}]})
    side, _ = load_sides(str(path), str(path))
    assert side.inventory.resources.equals(load_preview(path).resources)
