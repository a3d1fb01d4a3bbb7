"""The `costing` command line end to end: exit codes, the one-line errors, --output, and the wiring of
each option to the library, on small preview/state documents priced with the embedded catalog.

Embedded us-east-1 prices used below: NAT gateway $0.045/h and $0.045/GB processed, public IPv4
$0.005/h. eu-west-1: NAT gateway $0.048/h. The sample preview (NAT gateway with its own public IPv4,
an Elastic IP, a VPC, a Glacier vault) costs 0.045 + 0.005 + 0.005 = $0.055/h = $40.15 a month in
us-east-1, and 0.048 + 0.01 = $0.058/h = $42.34 in eu-west-1; the vault is unpriced.
"""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costing import atomic
from costing.cli import main
from costing.inventory import PROJECT_ROOT

from tests.cli_helpers import error_line, run
from tests.documents import UNKNOWN, preview_document


@pytest.fixture
def preview(tmp_path: Path) -> Path:
    path = tmp_path / "preview.json"
    path.write_text(json.dumps(preview_document()))
    return path


# --- estimate: success and the budget ----------------------------------------------------------

def test_estimate_json_of_a_preview(capsys, preview):
    code, out, err = run(capsys, "estimate", "--preview", preview, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["source"] == {"kind": "preview", "stack": "dev", "project": "shop", "path": str(preview)}
    assert document["totals"] == {"hourly_usd": 0.055, "monthly_usd": 40.15, "usage_monthly_usd": 0.0,
                                  "resources": 4, "priced": 2, "partial": 0, "free": 1, "not_aws": 0, "unpriced": 1,
                                  "complete": False}
    ages = {service: entry["age_days"] for service, entry in document["prices"].items()}
    assert sorted(ages) == ["data-transfer", "nat", "vpc"]  # the services its lines use, not the whole catalog's
    as_of = date.fromisoformat(document["prices"]["nat"]["as_of"])
    assert ages["nat"] == (date.today() - as_of).days
    assert err.startswith("costing: warning: prices for ")  # the snapshot is older than 90 days


def test_estimate_table_is_the_default(capsys, preview):
    code, out, _ = run(capsys, "estimate", "--preview", preview)
    assert code == 0
    title = " ".join(out.split("\n Name ")[0].split())  # a long path wraps the title
    assert title == f"Cost estimate: preview {preview} (stack dev, project shop), us-east-1"
    assert "Total: $40.15/month ($0.0550/hour) (incomplete: 1 unpriced resource not included)" in out
    assert "  assets: no pricing rule for aws:glacier/vault:Vault" in out.splitlines()
    assert "\x1b[" not in out


def test_region_option_prices_everything_elsewhere(capsys, preview):
    code, out, _ = run(capsys, "estimate", "--preview", preview, "--region", "eu-west-1", "-f", "json")
    document = json.loads(out)
    assert (code, document["region"], document["totals"]["monthly_usd"]) == (0, "eu-west-1", 42.34)


def test_usage_file_adds_usage_apart_from_the_baseline(capsys, preview, tmp_path):
    usage = tmp_path / "usage.yaml"
    usage.write_text("resources:\n  nat:\n    monthly_gb_processed: 100\n")
    code, out, _ = run(capsys, "estimate", "--preview", preview, "--usage-file", usage, "-f", "json")
    totals = json.loads(out)["totals"]
    assert (code, totals["monthly_usd"], totals["usage_monthly_usd"]) == (0, 40.15, 4.5)  # 100 GB x $0.045


def test_max_monthly_exceeded_exits_1_and_still_reports(capsys, preview):
    code, out, err = run(capsys, "estimate", "--preview", preview, "-f", "json", "--max-monthly", "40")
    assert code == 1
    assert json.loads(out)["totals"]["monthly_usd"] == 40.15
    assert err.splitlines()[-1] == "costing: monthly estimate $40.15 is above --max-monthly $40.00"


def test_max_monthly_counts_known_usage(capsys, preview, tmp_path):
    usage = tmp_path / "usage.yaml"
    usage.write_text("resources:\n  nat:\n    monthly_gb_processed: 100\n")
    code, _, err = run(capsys, "estimate", "--preview", preview, "--usage-file", usage, "--max-monthly", "44")
    assert code == 1
    assert err.splitlines()[-1] == "costing: monthly estimate $44.65 is above --max-monthly $44.00"


def test_max_monthly_not_exceeded_exits_0(capsys, preview):
    code, _, _ = run(capsys, "estimate", "--preview", preview, "--max-monthly", "40.15")
    assert code == 0


def test_preview_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(preview_document()).encode())))
    code, out, _ = run(capsys, "estimate", "--preview", "-", "-f", "markdown")
    assert code == 0
    assert out.splitlines()[0] == "### Cost estimate: preview stdin (stack dev, project shop), us-east-1"


def test_state_export(capsys, tmp_path):
    provider = "urn:pulumi:prod::shop::pulumi:providers:aws::default_7_51_1"
    state = {"version": 3, "deployment": {"manifest": {}, "resources": [
        {"urn": provider, "custom": True, "id": "prov-1", "type": "pulumi:providers:aws",
         "inputs": {"region": "eu-west-1"}},
        {"urn": "urn:pulumi:prod::shop::aws:ec2/natGateway:NatGateway::nat", "custom": True, "id": "nat-1",
         "type": "aws:ec2/natGateway:NatGateway", "inputs": {"subnetId": "subnet-1"},
         "provider": f"{provider}::prov-1"},
    ]}}
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state))
    code, out, _ = run(capsys, "estimate", "--state", path, "-f", "json")
    document = json.loads(out)
    assert (code, document["source"]["kind"], document["region"]) == (0, "state", "eu-west-1")
    assert document["totals"]["monthly_usd"] == 38.69  # (0.048 NAT + 0.005 IPv4) x 730


@pytest.mark.parametrize("fmt, marker", [("csv", "urn,type,name,component,region,status,reason,description"),
                                         ("markdown", "### Cost estimate:"),
                                         ("html", "<!DOCTYPE html>")])
def test_every_format_renders(capsys, preview, fmt, marker):
    code, out, _ = run(capsys, "estimate", "--preview", preview, "--format", fmt)
    assert code == 0 and out.startswith(marker)


def test_estimate_of_this_projects_dev_stack(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("COSTING_CACHE_DIR", str(tmp_path))
    code, out, _ = run(capsys, "estimate", "--stack", "dev", "-f", "json")
    document = json.loads(out)
    assert code == 0
    assert document["source"] == {"kind": "stack", "stack": "dev", "project": "webstack", "path": None}
    assert document["totals"]["unpriced"] == 0
    assert {resource["component"] for resource in document["resources"]} >= {"network", "web", "database"}


# --- bad input: exit 2, one line ---------------------------------------------------------------

def test_no_source(capsys):
    assert error_line(capsys, "estimate") == (
        "costing: error: no resources to price: give one of --stack NAME (a stack of the Pulumi project in this "
        "folder, run offline), --preview FILE (`pulumi preview --json`) or --state FILE (`pulumi stack export`)")


def test_two_sources(capsys, preview):
    assert error_line(capsys, "estimate", "--stack", "dev", "--preview", preview) == (
        "costing: error: --stack and --preview given: price one source at a time (one of --stack, --preview, "
        "--state)")


def test_a_stack_without_a_stack_file_names_the_stacks_that_have_one(capsys):
    assert error_line(capsys, "estimate", "--stack", "nope") == (
        "costing: error: stack 'nope' has no stack file stacks/Pulumi.nope.yaml (stacks with one: dev, prod, "
        "staging): required config key 'webstack:environment' has no value; set it with `pulumi config set "
        "environment <value> --stack nope`, or give it with -c webstack:environment=VALUE")


def test_a_stack_importing_esc_environments_says_they_are_not_read(capsys, tmp_path):
    stack_file = tmp_path / "Pulumi.dev.yaml"
    stack_file.write_text((PROJECT_ROOT / "stacks" / "Pulumi.dev.yaml").read_text() + "environment:\n  - acme/dev\n")
    code, _, err = run(capsys, "estimate", "--stack", "dev", "--config-file", str(stack_file))
    assert code == 0
    assert (f"costing: note: {stack_file} imports the Pulumi ESC environment acme/dev, which costing cannot read "
            "offline: the config it sets is absent (give it with -c KEY=VALUE or --config-file)\n") in err


def test_config_overrides_reach_the_program_and_the_budget(capsys):
    code, out, err = run(capsys, "estimate", "--stack", "dev", "-f", "json", "-c", "aws:region=eu-west-1",
                         "--config", "monthlyBudgetUsd=50")
    document = json.loads(out)
    assert (code, document["region"]) == (1, "eu-west-1")  # dev in eu-west-1 is above $50
    assert {row["region"] for row in document["resources"]} == {"eu-west-1"}
    assert "costing: stack dev: monthly estimate $" in err and "above its budget of $50.00" in err


def test_a_config_file_stands_in_for_the_stack_file(capsys, tmp_path):
    stack_file = tmp_path / "ci.yaml"
    stack_file.write_text((PROJECT_ROOT / "stacks" / "Pulumi.dev.yaml").read_text()
                          .replace("webstack:instanceType: t3.micro", "webstack:instanceType: t3.large"))
    code, out, _ = run(capsys, "estimate", "--stack", "dev", "-f", "json", "--config-file", stack_file)
    group = next(row for row in json.loads(out)["resources"] if row["name"] == "web-asg")
    assert code == 0 and "t3.large" in group["lines"][0]["description"]


def test_project_options_are_refused_for_files(capsys, preview):
    assert error_line(capsys, "estimate", "--preview", preview, "-c", "aws:region=eu-west-1") == (
        "costing: error: -c/--config applies to a stack's program: a --preview file is priced as it is")


def test_version(capsys):
    assert run(capsys, "--version") == (0, "costing 0.1.0\n", "")


def test_unknown_region(capsys, preview):
    assert error_line(capsys, "estimate", "--preview", preview, "--region", "eu-west-9") == (
        "costing: error: unknown region 'eu-west-9': use a region code such as eu-west-3 "
        "(known: af-south-1, ap-east-1, ap-east-2 and 33 more)")


def test_missing_file(capsys, tmp_path):
    missing = tmp_path / "missing.json"
    assert error_line(capsys, "estimate", "--preview", missing) == f"costing: error: {missing}: file not found"


def test_unreadable_file(capsys, tmp_path):
    # A folder cannot be read as a file, even by root (chmod 000 would not stop root).
    assert error_line(capsys, "estimate", "--state", tmp_path) == (
        f"costing: error: {tmp_path}: cannot read (Is a directory)")


def test_non_json_file(capsys, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("Previewing update (dev):\n")
    assert error_line(capsys, "estimate", "--preview", path) == f"costing: error: {path}: not JSON (line 1 column 1)"


def test_non_pulumi_json(capsys, tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"name": "not pulumi"}')
    assert error_line(capsys, "estimate", "--preview", path) == (
        f"costing: error: {path}: not a `pulumi preview --json` document (no `steps` list)")
    assert error_line(capsys, "estimate", "--state", path) == (
        f"costing: error: {path}: not a `pulumi stack export` document (no `deployment.resources` list)")


@pytest.mark.parametrize("text, message", [
    ("defaults:\n  aws:ec2/natGateway:NatGateway:\n    monthly_gb_procesed: 10\n",
     "defaults.aws:ec2/natGateway:NatGateway.monthly_gb_procesed: unknown usage key (closest: "
     "monthly_data_processed_gb) (allowed: monthly_data_processed_gb, monthly_outbound_internet_gb)"),
    ("resources:\n  nat:\n    monthly_gb_processed: -5\n",
     "resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000,000,000, got -5"),
    ("resources:\n  nat:\n    monthly_gb_processed: lots\n",
     "resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000,000,000, got 'lots'"),
])
def test_malformed_usage_file(capsys, preview, tmp_path, text, message):
    usage = tmp_path / "usage.yaml"
    usage.write_text(text)
    assert error_line(capsys, "estimate", "--preview", preview, "--usage-file", usage) == (
        f"costing: error: {usage}: {message}")


def test_bad_option_values(capsys, preview):
    assert error_line(capsys, "estimate", "--preview", preview, "--max-monthly", "lots") == (
        "costing: error: --max-monthly 'lots': expected an amount of US dollars of 0 or more, such as 500 or "
        "1250.50")
    assert error_line(capsys, "estimate", "--preview", preview, "--format", "xml") == (
        "costing: error: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json', "
        "'csv', 'markdown', 'html'. (see `costing estimate --help`)")
    assert error_line(capsys, "estimate", "--colour") == (
        "costing: error: No such option: --colour (see `costing estimate --help`)")


def test_no_traceback_from_the_installed_entry_point(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("[1, 2")
    result = subprocess.run([sys.executable, "-m", "costing", "estimate", "--preview", str(path)],
                            capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"costing: error: {path}: not JSON (line 1 column 6)\n"


def run_script(*args: object, code: str = "from costing.cli import console_main; console_main()",
               stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """The console script's entry point in a fresh interpreter, as `costing ARGS` runs it."""
    return subprocess.run([sys.executable, "-c", f"import sys; sys.argv[1:] = {[str(arg) for arg in args]!r}; {code}"],
                          stdout=stdout, stderr=subprocess.PIPE, text=True, cwd=PROJECT_ROOT)


def test_the_script_skips_teardown_but_not_the_output_the_exit_code_or_atexit(preview):
    at_exit = "import atexit; atexit.register(print, 'atexit ran', file=sys.stderr); "
    result = run_script("estimate", "--preview", preview, "-f", "json", "--max-monthly", "10",
                        code=at_exit + "from costing.cli import console_main; console_main()")
    assert result.returncode == 1  # $40.15 is above --max-monthly 10
    assert json.loads(result.stdout)["totals"]["monthly_usd"] == 40.15  # every byte of the report arrived
    assert result.stderr.splitlines()[-2:] == ["costing: monthly estimate $40.15 is above --max-monthly $10.00",
                                               "atexit ran"]  # after the snapshot's age warning


def test_the_script_says_nothing_when_its_reader_goes_away(preview):
    read_end, write_end = os.pipe()
    os.close(read_end)  # `costing estimate ... | head -1` once head has exited
    with os.fdopen(write_end, "wb") as gone:
        result = run_script("estimate", "--preview", preview, "-f", "json", stdout=gone)
    # click's convention for a broken pipe: exit 1, no traceback; only the snapshot's age warning on stderr
    assert (result.returncode, result.stderr.splitlines()[1:]) == (1, [])


def test_a_repeated_stack_estimate_loads_neither_pulumi_nor_rich():
    """The warm path: the inventory and the parsed prices come from the cache, the table is our own."""
    loaded = ("import atexit; atexit.register(lambda: print(sorted({name.split('.')[0] for name in sys.modules} "
              "& {'pulumi', 'pulumi_aws', 'rich', 'yaml', 'pandas'}), file=sys.stderr)); ")
    script = loaded + "from costing.cli import console_main; console_main()"
    first, again = (run_script("estimate", "--stack", "dev", code=script) for _ in range(2))
    assert first.stdout == again.stdout and "Total: $84.20/month" in again.stdout
    assert again.stderr.splitlines()[-1] == "['pandas', 'yaml']"  # yaml: the stack's config


@pytest.mark.parametrize("code, expected, stderr", [(None, 0, ""), (0, 0, ""), (2, 2, ""), ("stopped", 1, "stopped\n")])
def test_exit_codes_mean_what_sys_exit_makes_them_mean(capsys, code, expected, stderr):
    from costing.cli import _exit_code

    assert (_exit_code(code), capsys.readouterr().err) == (expected, stderr)


# --- --output ----------------------------------------------------------------------------------

def test_output_is_written_and_confirmed(capsys, preview, tmp_path):
    target = tmp_path / "cost.json"
    code, out, err = run(capsys, "estimate", "--preview", preview, "-f", "json", "--output", target)
    assert (code, out) == (0, "")
    assert json.loads(target.read_text())["totals"]["monthly_usd"] == 40.15
    assert f"costing: wrote the json estimate to {target}" in err.splitlines()


def test_output_in_a_missing_folder(capsys, preview, tmp_path):
    target = tmp_path / "no" / "cost.md"
    assert error_line(capsys, "estimate", "--preview", preview, "--output", target) == (
        f"costing: error: --output {target}: folder {target.parent} does not exist; create it or choose "
        "another path")


def test_output_failing_mid_write_leaves_the_old_file_and_no_temporary(capsys, monkeypatch, preview, tmp_path):
    target = tmp_path / "cost.json"
    target.write_text("previous report\n")

    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    assert error_line(capsys, "estimate", "--preview", preview, "-f", "json", "--output", target) == (
        f"costing: error: --output {target}: cannot write it (No space left on device)")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cost.json", "preview.json"]
    assert target.read_text() == "previous report\n"


def test_output_failing_mid_render_writes_nothing(capsys, monkeypatch, preview, tmp_path):
    from costing.report import markdown

    def broken(*args, **kwargs):
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(markdown, "render_estimate", broken)
    with pytest.raises(RuntimeError, match="renderer bug"):
        main(["estimate", "--preview", str(preview), "-f", "markdown", "--output", str(tmp_path / "cost.md")])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["preview.json"]


def test_atomic_writer_removes_its_temporary_file_on_error(tmp_path):
    target = tmp_path / "report.txt"
    with pytest.raises(ValueError):
        with atomic.atomic_writer(target) as handle:
            handle.write("half")
            raise ValueError("interrupted")
    assert list(tmp_path.iterdir()) == []
    atomic.write_text_atomic(target, "whole\n")
    umask = os.umask(0)
    os.umask(umask)
    assert (target.read_text(), target.stat().st_mode & 0o777) == ("whole\n", 0o666 & ~umask)


# --- regions -----------------------------------------------------------------------------------

def test_regions_json_sorted_cheapest_first_with_the_home_region(capsys, preview):
    code, out, _ = run(capsys, "regions", "--preview", preview, "--regions", "ap-southeast-2,eu-west-1,us-east-1",
                       "-f", "json")
    assert code == 0
    # the vault is unpriced everywhere: no region is complete, yet the deltas compare like with like
    assert json.loads(out) == [
        {"region": "us-east-1", "hourly_usd": 0.055, "monthly_usd": 40.15, "usage_monthly_usd": 0.0, "unpriced": 1,
         "complete": False, "delta_monthly_usd": 0.0, "home": True},
        {"region": "eu-west-1", "hourly_usd": 0.058, "monthly_usd": 42.34, "usage_monthly_usd": 0.0, "unpriced": 1,
         "complete": False, "delta_monthly_usd": 2.19, "home": False},
        {"region": "ap-southeast-2", "hourly_usd": 0.069, "monthly_usd": 50.37, "usage_monthly_usd": 0.0,
         "unpriced": 1, "complete": False, "delta_monthly_usd": 10.22, "home": False},
    ]


def test_regions_all_by_default(capsys, preview):
    code, out, _ = run(capsys, "regions", "--preview", preview, "-f", "csv")
    assert code == 0
    assert len(out.splitlines()) == 1 + 36  # header + every region of the embedded catalog


def test_regions_bad_list(capsys, preview):
    assert error_line(capsys, "regions", "--preview", preview, "--regions", "us-east-1,,eu-west-1") == (
        "costing: error: --regions 'us-east-1,,eu-west-1': expected comma-separated region codes such as "
        "us-east-1,eu-west-1, or all")
    assert error_line(capsys, "regions", "--preview", preview, "--regions", "us-east-1,mars-1") == (
        "costing: error: unknown region 'mars-1': use a region code such as eu-west-1 "
        "(known: af-south-1, ap-east-1, ap-east-2 and 33 more)")


# --- prices ------------------------------------------------------------------------------------

def test_prices_lookup_one_variant(capsys):
    code, out, _ = run(capsys, "prices", "lookup", "rds", "db.m6g.large", "--region", "eu-west-1",
                       "--variant", "postgres|none|multi-az", "-f", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    assert (rows[0]["variant"], rows[0]["unit"], rows[0]["usd"]) == ("postgres|none|multi-az", "hour", 0.352)


def test_prices_lookup_lists_every_variant_without_one(capsys):
    code, out, _ = run(capsys, "prices", "lookup", "rds", "db.m6g.large", "--region", "eu-west-1")
    assert code == 0
    assert out.splitlines()[0] == "rds db.m6g.large in eu-west-1"
    assert " postgres|none|multi-az    hour   0.352   $256.96     2025-12-01" in out.splitlines()
    assert sum(line.startswith((" mysql|", " mariadb|", " postgres|")) for line in out.splitlines()) == 6


def test_prices_lookup_unknown_item(capsys):
    assert error_line(capsys, "prices", "lookup", "rds", "db.m6g.lrge", "--region", "eu-west-1") == (
        "costing: error: unknown rds item 'db.m6g.lrge' in eu-west-1: closest: 'db.m6g.large', "
        "'db.m6gd.large', 'db.m6g.xlarge'")


def test_prices_info(capsys):
    code, out, _ = run(capsys, "prices", "info", "-f", "json")
    services = {row["service"]: row for row in json.loads(out)}
    assert code == 0
    assert {"ec2", "rds", "ebs", "nat", "elb", "vpc"} <= set(services)
    assert services["ebs"]["regions"] == 31
    assert services["ebs"]["age_days"] == (date.today() - date.fromisoformat(services["ebs"]["as_of"])).days


def test_prices_info_table_lists_each_service_once_and_the_missing_regions_below(capsys):
    code, out, _ = run(capsys, "prices", "info")
    assert code == 0
    lines = out.splitlines()
    ebs = next(line for line in lines if line.split()[:1] == ["ebs"])
    assert ebs.split()[:7] == ["ebs", "31", "14", "374", "2024-07-18",
                               str((date.today() - date(2024, 7, 18)).days), "4"]
    assert "ebs: no prices in ap-east-2, ap-southeast-5, ap-southeast-6, ap-southeast-7, mx-central-1" in \
        lines[lines.index(ebs) + 1:]


# --- malformed documents, property-based -------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8) | st.just(UNKNOWN) | st.just("[secret]"),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=10)
INPUT_NAMES = ["instanceClass", "instanceType", "engine", "allocatedStorage", "multiAz", "region", "storageType",
               "iops", "desiredCapacity", "minSize", "maxSize", "loadBalancerType", "internal", "subnets",
               "launchTemplate", "domain", "connectivityType", "vpcEndpointType", "subnetIds"]
TYPES = ["aws:ec2/natGateway:NatGateway", "aws:rds/instance:Instance", "aws:ec2/instance:Instance",
         "aws:autoscaling/group:Group", "aws:lb/loadBalancer:LoadBalancer", "aws:ec2/eip:Eip",
         "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ebs/volume:Volume", "pulumi:providers:aws"]
RESOURCE_STATES = st.fixed_dictionaries(
    {"urn": st.sampled_from([f"urn:pulumi:dev::p::{token}::r" for token in TYPES[:3]]) | JSON_VALUES,
     "type": st.sampled_from(TYPES) | JSON_VALUES},
    optional={"custom": st.booleans() | JSON_VALUES,
              "inputs": st.dictionaries(st.sampled_from(INPUT_NAMES), JSON_VALUES, max_size=5) | JSON_VALUES,
              "parent": JSON_VALUES, "provider": JSON_VALUES, "id": JSON_VALUES,
              "dependencies": JSON_VALUES, "propertyDependencies": JSON_VALUES})
PREVIEWS = JSON_VALUES | st.fixed_dictionaries(
    {"steps": st.lists(st.fixed_dictionaries(
        {"op": st.sampled_from(["create", "update", "same", "delete", "replace"]) | JSON_VALUES},
        optional={"urn": JSON_VALUES, "newState": RESOURCE_STATES | JSON_VALUES}), max_size=4)},
    optional={"config": st.fixed_dictionaries({"aws:region": st.sampled_from(["us-east-1", "nowhere"])})
              | JSON_VALUES})
STATES = JSON_VALUES | st.fixed_dictionaries(
    {"version": st.just(3) | JSON_VALUES,
     "deployment": st.fixed_dictionaries({"resources": st.lists(RESOURCE_STATES | JSON_VALUES, max_size=4)})
     | JSON_VALUES})


def assert_priced_or_one_error_line(capsys, flag: str, document: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.json"
        path.write_text(json.dumps(document))
        code, out, err = run(capsys, "estimate", flag, path, "-f", "json")
    if code == 0:
        assert json.loads(out)["schema"] == "costing.estimate/v1"
    else:
        assert (code, out) == (2, "")
        assert err.startswith("costing: error: ") and err.count("\n") == 1, err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=PREVIEWS)
def test_any_preview_document_is_priced_or_rejected_in_one_line(capsys, document):
    assert_priced_or_one_error_line(capsys, "--preview", document)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=STATES)
def test_any_state_document_is_priced_or_rejected_in_one_line(capsys, document):
    assert_priced_or_one_error_line(capsys, "--state", document)
