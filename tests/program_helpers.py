"""Helpers of the tests that price programs written as real projects are (tests/programs/), each from its
own folder by the installed console script (tests/installed.py): Python programs in tests/test_programs.py,
TypeScript and JavaScript ones in tests/test_programs_node.py."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from costing.inventory import load_stack
from costing.schema import SECRET
from tests.installed import tool_python


def default_subnets(region: str, letters: str) -> list[str]:
    """The answers table's default subnets: subnet-<sha256("default-subnet-<zone>/<region>")[:17]>."""
    return [f"subnet-{hashlib.sha256(f'default-subnet-{region}{letter}/{region}'.encode()).hexdigest()[:17]}"
            for letter in letters]


@pytest.fixture(scope="module")
def costing_script() -> Path:
    return tool_python().parent / "costing"


@pytest.fixture(autouse=True)
def environment(tmp_path, monkeypatch) -> None:
    """No AWS region, virtualenv or TypeScript setting from the caller's shell; an inventory cache of the
    test's own, which the console script fills (cold) and load_stack then reads."""
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "VIRTUAL_ENV", "PYTHONPATH", "PULUMI_NODEJS_TRANSPILE_ONLY",
                 "NODE_OPTIONS", "NODE_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COSTING_CACHE_DIR", str(tmp_path / "cache"))


def costing(script: Path, folder: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The installed console script run in `folder`."""
    done = subprocess.run([str(script), *args], cwd=folder, capture_output=True, text=True, timeout=300, env=env)
    return done.returncode, done.stdout, done.stderr


def lines(stderr: str) -> list[str]:
    """stderr without the stale-prices warning (the embedded snapshot is old)."""
    return [line for line in stderr.splitlines() if not line.startswith("costing: warning: prices for ")]


def inventory_of(folder: Path, stack: str = "dev", **options):
    """The inventory the runner recorded (read from the cache when the console script just ran the same)."""
    resources = load_stack(stack, folder, **options).resources
    return resources, resources.set_index("name")


def counts(resources) -> dict[str, int]:
    return dict(Counter(resources["type"]))


def of_type(resources, type_token: str):
    """The one resource of a type (a row of the inventory)."""
    [row] = [row for _, row in resources[resources["type"] == type_token].iterrows()]
    return row


def estimate_json(script: Path, folder: Path, *args: str) -> dict:
    code, out, err = costing(script, folder, "estimate", "--stack", "dev", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def error_of(script: Path, folder: Path) -> tuple[int, list[str]]:
    """The exit code and the error lines of `estimate --stack dev` of a program that has no stack file."""
    code, out, err = costing(script, folder, "estimate", "--stack", "dev")
    assert out == ""
    return code, lines(err)[1:]  # after the note that the stack has no stack file


def commit_all(folder: Path, ignored: str) -> None:
    """`folder` as a git repository with one commit of everything in it but `ignored`."""
    (folder / ".gitignore").write_text(f"{ignored}\n")
    for args in (["init", "--quiet"], ["add", "--all"],
                 ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "--quiet", "-m", "base"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True)


# --- the checks a program written in either language must pass ------------------------------------------

def check_required_config_and_a_secret(script: Path, folder: Path) -> None:
    """billing-db (tests/programs/billing-db, js-billing-db): RDS PostgreSQL in eu-west-1, its owner a
    required key of Pulumi.yaml, its cost centre a key only the program requires, its password a secret.
    db.t4g.small Single-AZ $0.035/h, db.t4g.medium $0.069/h (x 730 = $50.37)."""
    code, out, err = costing(script, folder, "estimate", "--stack", "prod")
    assert code == 0, err
    assert "db.t4g.small instance (postgres, single-az)" in out
    _, by_name = inventory_of(folder, "prod")
    database = by_name.loc["billing"]
    assert database["inputs"]["password"] == SECRET  # a secure value: never decrypted, reported as secret
    assert database["inputs"]["tags"] == {"Owner": "finance", "CostCenter": "cc-1234"}
    assert database["inputs"]["instanceClass"] == "db.t4g.small"

    code, out, err = costing(script, folder, "estimate", "--stack", "prod", "--format", "json",
                             "-c", "instanceClass=db.t4g.medium")
    assert code == 0, err
    [row] = json.loads(out)["resources"]
    assert "db.t4g.medium instance (postgres, single-az)" in [line["description"] for line in row["lines"]]
    assert [line["monthly_usd"] for line in row["lines"] if line["unit"] == "hour"] == [50.37]
    assert "r4IbETHc" not in out + err  # the ciphertext reaches no output

    code, out, err = costing(script, folder, "estimate", "--stack", "qa")
    assert (code, out, lines(err)) == (2, "", [
        f"costing: error: {folder}/Pulumi.qa.yaml: required config key 'billing-db:owner' has no value; set it "
        "with `pulumi config set owner <value> --stack qa`, or give it with -c billing-db:owner=VALUE"])
    code, out, err = costing(script, folder, "estimate", "--stack", "staging")
    assert (code, out, lines(err)) == (2, "", [
        "costing: error: stack staging: the program requires config key 'billing-db:costCenter', which has no "
        "value; set it with `pulumi config set costCenter <value> --stack staging`, or give it with "
        "-c billing-db:costCenter=VALUE"])


def check_multi_language_components(script: Path, folder: Path) -> None:
    """awsx-network (tests/programs/awsx-network, js-awsx-network): two awsx components listed as not
    expanded, the program's own Elastic IP priced ($0.005/h x 730 = $3.65)."""
    document = estimate_json(script, folder)
    assert document["unexpanded_components"] == [
        {"urn": "urn:pulumi:dev::awsx-network::awsx:ec2:Vpc::vpc", "type": "awsx:ec2:Vpc", "name": "vpc"},
        {"urn": "urn:pulumi:dev::awsx-network::awsx:ecs:FargateService::web", "type": "awsx:ecs:FargateService",
         "name": "web"}]
    assert document["totals"]["monthly_usd"] == 3.65
    code, out, err = costing(script, folder, "estimate", "--stack", "dev", "--format", "markdown")
    assert code == 0, err
    assert "#### Not expanded offline (2), not in the totals" in out
    # (a line is literal text in a pull-request comment: its backticks escaped, as every line's markup is)
    assert ("- vpc (awsx:ec2:Vpc): a multi-language component, built by its provider plugin, cannot expand "
            "offline; price its children from \\`pulumi preview --json\\` (costing estimate --preview FILE)\n") in out
    code, out, err = costing(script, folder, "report", "--stack", "dev", "--regions", "us-east-1")
    assert code == 0, err
    assert ("<h2>Not expanded offline (2), not in the totals</h2><ul class=\"reasons\"><li>vpc (awsx:ec2:Vpc): a "
            "multi-language component, built by its provider plugin, cannot expand offline; price its children from "
            "`pulumi preview --json` (costing estimate --preview FILE)</li><li>web (awsx:ecs:FargateService): ") in out


def check_diff_against_a_git_revision(script: Path, folder: Path, ignored: str) -> None:
    """billing-db committed (but `ignored`, its packages), then its prod stack's instance class changed:
    db.t4g.small -> db.t4g.medium in eu-west-1, (0.069 - 0.035) x 730 = $24.82 a month more."""
    commit_all(folder, ignored)
    stack_file = folder / "Pulumi.prod.yaml"
    stack_file.write_text(stack_file.read_text() + "  billing-db:instanceClass: db.t4g.medium\n")
    code, out, err = costing(script, folder, "diff", "git:HEAD:prod", "prod", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["changes"]["update"] == 1
    assert round(document["delta_monthly_usd"], 2) == 24.82


UNANSWERED = ("(after invokes costing cannot answer offline, whose results were unknown: "
              "aws:ec2/getInstanceType:getInstanceType; price it from a real preview: "
              "`pulumi preview --json > plan.json; costing estimate --preview plan.json`)")


def check_an_unanswered_invoke_used_as_an_input(script: Path, folder: Path) -> None:
    """A program whose instance `web` takes an input from aws.ec2.getInstanceType, which the table does not
    answer: priced all the same, with a warning naming the invoke."""
    code, out, err = costing(script, folder, "estimate", "--stack", "dev", "--format", "json")
    assert code == 0, err
    assert lines(err)[1:] == ["costing: warning: the program's invoke aws:ec2/getInstanceType:getInstanceType has no "
                              "offline answer: its results were unknown, as for a resource not yet created"]
    assert json.loads(out)["resources"][0]["name"] == "web"
