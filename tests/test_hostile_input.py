"""Hostile and unlucky input through the installed `costing` script: never a traceback, never a silent
wrong number.

A count or size that is not a finite number from 0 to 1,000,000,000 makes its resource unpriced with the
reason (never $0, never a negative total, never a renderer's crash); malformed files, a closed stdin,
an endless or huge input and a machine out of memory are one line `costing: error: ...` and exit 2.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from costing.input_file import MAX_INPUT_BYTES, read_text
from costing.errors import InputError
from tests.documents import UNKNOWN, preview_of, step, web_group_preview

GROUP = "aws:autoscaling/group:Group"


def write_json(path: Path, document: dict, *, raw: dict[str, str] | None = None) -> Path:
    """`document` as JSON, with each placeholder string of `raw` replaced by its JSON text as it is."""
    text = json.dumps(document)
    for placeholder, literal in (raw or {}).items():
        text = text.replace(json.dumps(placeholder), literal)
    path.write_text(text)
    return path


def one_line_error(done: subprocess.CompletedProcess) -> str:
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    return done.stderr.rstrip("\n")


# --- item 5: nonsense numbers ------------------------------------------------------------------

NONSENSE = {  # desired capacity -> the reason its group is unpriced
    "NaN": "desired capacity is not a finite number",
    "Infinity": "desired capacity is not a finite number",
    "-40": "desired capacity -40 is out of range (0 to 1,000,000,000)",
    "1e308": "desired capacity 1e+308 is out of range (0 to 1,000,000,000)",
    "9" * 5000: "desired capacity is not a finite number",  # more digits than Python converts
    '"lots"': "desired capacity is not a number (text)",
    '{"value": 3}': "desired capacity is not a number (an object)",
}


@pytest.fixture
def nonsense_preview(tmp_path) -> Path:
    """A group of t3.micro instances per nonsense desired capacity, and one of 2 (priced)."""
    template = step("aws:ec2/launchTemplate:LaunchTemplate", "web-lt", {"instanceType": "t3.micro"})
    lt_urn = template["urn"]
    groups = [step(GROUP, f"asg-{index}", {"launchTemplate": {"id": UNKNOWN}, "desiredCapacity": f"@{index}@",
                                           "minSize": 1, "maxSize": 3},
                   dependencies=[lt_urn], propertyDependencies={"launchTemplate": [lt_urn]})
              for index in range(len(NONSENSE))]
    good = step(GROUP, "asg-good", {"launchTemplate": {"id": UNKNOWN}, "desiredCapacity": 2, "minSize": 1,
                                    "maxSize": 3}, dependencies=[lt_urn], propertyDependencies={"launchTemplate": [lt_urn]})
    return write_json(tmp_path / "plan.json", preview_of(template, *groups, good),
                      raw={f"@{index}@": literal for index, literal in enumerate(NONSENSE)})


def test_nonsense_counts_make_their_groups_unpriced(costing_script, nonsense_preview):
    done = costing_script("estimate", "--preview", nonsense_preview, "-f", "json", "--max-monthly", "100")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    reasons = {row["name"]: row["reason"] for row in document["resources"] if row["status"] == "unpriced"}
    assert reasons == {f"asg-{index}": reason for index, reason in enumerate(NONSENSE.values())}
    # Two t3.micro instances ($0.0104 an hour) and their 8 GB gp2 root volumes ($0.10 per GB-month).
    assert document["totals"]["monthly_usd"] == round(2 * 0.0104 * 730 + 2 * 8 * 0.10, 3) == 16.784
    assert document["totals"]["unpriced"] == len(NONSENSE)
    assert ("costing: warning: 7 unpriced resources are not in the monthly total checked against --max-monthly"
            in done.stderr)


@pytest.mark.parametrize("command", [["estimate", "-f", "html"], ["report"], ["estimate", "-f", "markdown"]])
def test_nonsense_counts_render_in_every_format(costing_script, nonsense_preview, command):
    done = costing_script(command[0], "--preview", nonsense_preview, *command[1:])
    assert done.returncode == 0, done.stderr
    assert "asg-good: 2 instances now, 1..3 allowed" in done.stdout
    assert "asg-0: an unknown number of instances now, 1..3 allowed" in done.stdout


# --- item 6: tracebacks that are one line and exit 2, or no error at all ------------------------

@pytest.mark.parametrize("command", [["estimate", "-f", "html"], ["report"]])
def test_a_desired_capacity_unknown_until_apply_renders_as_a_page(costing_script, tmp_path, command):
    path = write_json(tmp_path / "plan.json", web_group_preview({"desiredCapacity": UNKNOWN, "minSize": 1,
                                                                 "maxSize": 4}))
    done = costing_script(command[0], "--preview", path, *command[1:])
    assert done.returncode == 0, done.stderr
    assert "web-asg: an unknown number of instances now, 1..4 allowed" in done.stdout
    assert "web-asg: desired capacity unknown until apply" in done.stdout  # the unpriced reason


@pytest.mark.parametrize("group, template, message", [
    ({"launchTemplate": 12345}, None,
     "resource urn:pulumi:dev::shop::aws:autoscaling/group:Group::web-asg: input launchTemplate must be an "
     "object, got 12345"),
    ({}, {"instanceType": "t3.micro", "blockDeviceMappings": 7},
     "resource urn:pulumi:dev::shop::aws:autoscaling/group:Group::web-asg: input blockDeviceMappings must be a "
     "list, got 7"),
    ({}, {"instanceType": "t3.micro", "blockDeviceMappings": [{"ebs": 7}]},
     "resource urn:pulumi:dev::shop::aws:autoscaling/group:Group::web-asg: an input does not have the type "
     "pulumi-aws gives it (AttributeError)"),
])
def test_wrong_typed_inputs_are_one_line(costing_script, tmp_path, group, template, message):
    path = write_json(tmp_path / "plan.json", web_group_preview({"desiredCapacity": 2, **group}, template))
    assert one_line_error(costing_script("estimate", "--preview", path)) == f"costing: error: {path}: {message}"


def test_a_closed_stdin_is_one_line(costing_script):
    done = costing_script("estimate", "--preview", "-", stdin=None,
                          preexec_fn=lambda: os.close(0))  # as `costing estimate --preview - <&-`
    assert one_line_error(done) == ("costing: error: stdin: standard input is closed: pipe the file in, or give "
                                    "its path instead of -")


def usage_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "usage.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, message", [
    ("resources:\n  nat:\n    monthly_gb_processed: " + "[" * 100_000 + "]" * 100_000 + "\n",
     "not valid YAML: nested too deeply"),
    ("resources:\n  nat:\n    monthly_gb_processed: " + "9" * 5000 + "\n",
     "resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000, got a number of 5,000 digits"),
    ("resources:\n  nat:\n    monthly_gb_processed: " + "9" * 400 + "\n",
     "resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000, got a number of 400 digits"),
    ("resources:\n  nat:\n    monthly_gb_processed: .inf\n",
     "resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000, got inf"),
], ids=["nested 100,000 deep", "5,000 digits", "400 digits", "infinity"])
def test_a_hostile_usage_file_is_one_line(costing_script, tmp_path, text, message):
    path = usage_file(tmp_path, text)
    preview = write_json(tmp_path / "plan.json", preview_of())
    assert one_line_error(costing_script("estimate", "--preview", preview, "--usage-file", path)) == (
        f"costing: error: {path}: {message}")


PROJECT_FILE = "name: probe\nruntime: python\n"
EIP_PROGRAM = "import pulumi_aws as aws\n\naws.ec2.Eip('ip', domain='vpc')\n"
DEEP = "[" * 100_000 + "]" * 100_000


def probe_project(tmp_path: Path, project_file: str, stack_file: str | bytes | None) -> Path:
    """A project whose program makes one Elastic IP, with `stack_file` as its dev stack's file."""
    folder = tmp_path / "probe"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text(project_file)
    (folder / "__main__.py").write_text(EIP_PROGRAM)
    if isinstance(stack_file, str):
        (folder / "Pulumi.dev.yaml").write_text(stack_file)
    elif stack_file is not None:
        (folder / "Pulumi.dev.yaml").write_bytes(stack_file)
    return folder


@pytest.mark.parametrize("project_file, stack_file, options, message", [
    (PROJECT_FILE, f"config:\n  probe:deep: {DEEP}\n", [], "{folder}/Pulumi.dev.yaml: not valid YAML: nested too deeply"),
    (f"{PROJECT_FILE}config:\n  deep: {DEEP}\n", None, [], "{folder}/Pulumi.yaml: not valid YAML: nested too deeply"),
    (PROJECT_FILE, "config: [unclosed\n", [],
     "{folder}/Pulumi.dev.yaml: not valid YAML: did not find expected ',' or ']' (line 2, column 1)"),  # (libyaml's)
    (PROJECT_FILE, None, ["--config-file", "/dev/zero"], "/dev/zero: cannot read (not UTF-8 or UTF-16 text)"),
], ids=["stack file nested 100,000 deep", "project file nested 100,000 deep", "malformed stack file",
        "--config-file /dev/zero"])
def test_a_hostile_project_or_stack_file_is_one_line(costing_script, tmp_path, project_file, stack_file, options,
                                                     message):
    """(The project's files are read with libyaml, whose composer a file nested 100,000 deep crashed: SIGSEGV.)"""
    folder = probe_project(tmp_path, project_file, stack_file)
    done = costing_script("estimate", "--stack", "dev", *options, cwd=folder)
    assert one_line_error(done) == f"costing: error: {message.format(folder=folder)}"


@pytest.mark.parametrize("stack_file, options, stdin", [
    ("\ufeffconfig:\n  aws:region: eu-west-1\n".encode("utf-16-le"), [], None),  # PowerShell 5.1's `>`
    (None, ["--config-file", "/dev/stdin"], "config:\n  aws:region: eu-west-1\n"),  # a pipe, as <(...) gives
    (f"config:\n  aws:region: eu-west-1\n  probe:serial: {'9' * 5000}\n", [], None),  # text, as Pulumi reads it
], ids=["UTF-16 stack file", "--config-file from a pipe", "an integer of 5,000 digits"])
def test_stack_files_are_read_as_other_inputs_are(costing_script, tmp_path, stack_file, options, stdin):
    folder = probe_project(tmp_path, PROJECT_FILE, stack_file)
    done = costing_script("estimate", "--stack", "dev", *options, "-f", "json", cwd=folder, input=stdin)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert (document["region"], document["totals"]["resources"], document["totals"]["priced"]) == ("eu-west-1", 1, 1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is how Linux caps a process's memory")
def test_out_of_memory_is_one_line(costing_script, tmp_path):
    def capped() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (400 * 2**20, 400 * 2**20))

    small = write_json(tmp_path / "small.json", preview_of())
    environment = {"OPENBLAS_NUM_THREADS": "1"}  # each BLAS thread reserves address space
    if costing_script("estimate", "--preview", small, env=environment, preexec_fn=capped).returncode != 0:
        pytest.skip("400 MiB of address space is not enough for costing itself on this machine")
    big = write_json(tmp_path / "big.json", preview_of(step("aws:ec2/vpc:Vpc", "vpc", {"tags": {"Note": "@"}})),
                     raw={"@": '"' + "x" * (150 * 2**20) + '"'})
    assert one_line_error(costing_script("estimate", "--preview", big, env=environment, preexec_fn=capped)) == (
        f"costing: error: {big}: not enough memory to read it (150 MiB)")


# --- item 7: bounded input -------------------------------------------------------------------------

def test_an_endless_input_is_refused_at_once(costing_script):
    done = costing_script("estimate", "--preview", "/dev/zero", timeout=30)
    assert one_line_error(done) == "costing: error: /dev/zero: cannot read (not UTF-8 or UTF-16 text)"


def test_a_file_over_the_limit_is_refused_without_reading_it(costing_script, tmp_path):
    path = tmp_path / "plan.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: takes no disk space
    assert one_line_error(costing_script("estimate", "--state", path, timeout=30)) == (
        f"costing: error: {path}: larger than 512 MiB, the most costing reads from one file (is it the right file?)")


def test_a_stream_is_read_up_to_the_limit_only(tmp_path):
    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", "import sys\nwith open(sys.argv[1], 'w') as out:\n"
                               "    while True: out.write('{' * 65536)\n", str(fifo)], stderr=subprocess.DEVNULL)
    try:
        with pytest.raises(InputError) as error:
            read_text(fifo, limit=10 * 2**20)
        assert str(error.value) == f"{fifo}: larger than 10 MiB, the most costing reads from one file (is it the right file?)"
    finally:
        writer.kill()
        writer.wait()
