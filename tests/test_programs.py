"""Pulumi Python programs written as real projects are (tests/programs/), each priced from its own folder by
the installed console script (a virtualenv with `pip install <repo>`, tests/installed.py), each program
run by its own interpreter: the programs' environment, which has pulumi and the programs' packages and
no pandas. The inventory (types, counts, wiring, region, config, secrets) is read through the same runner
with load_stack; the console script must print the bill.

Prices asserted are the embedded snapshot's: an Application Load Balancer in us-west-2 $0.0225/h
(x 730 = $16.425), a public IPv4 address $0.005/h ($3.65 a month); the checks shared with the TypeScript
and JavaScript programs (tests/program_helpers.py) say theirs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from costing.schema import SECRET, UNKNOWN
from tests.installed import PROGRAMS, programs_python
from tests.program_helpers import (  # noqa: F401 (costing_script and environment are fixtures)
    UNANSWERED, check_an_unanswered_invoke_used_as_an_input, check_diff_against_a_git_revision,
    check_multi_language_components, check_required_config_and_a_secret, costing, costing_script, counts,
    default_subnets, environment, error_of, estimate_json, inventory_of, lines,
)


@pytest.fixture(scope="module")
def programs_venv() -> Path:
    return programs_python().parent.parent


@pytest.fixture
def program(tmp_path, programs_venv):
    """program(name) -> a copy of tests/programs/<name> whose `venv` is the programs' environment."""

    def copy(name: str, venv: Path | None = None) -> Path:
        folder = tmp_path / name
        shutil.copytree(PROGRAMS / name, folder)
        (folder / "venv").symlink_to(venv or programs_venv)
        return folder

    return copy


def test_the_installed_tool_is_a_copy_with_its_runner_and_answers(costing_script, tmp_path):
    code, out, err = costing(costing_script, tmp_path, "--version")
    assert (code, out, err) == (0, "costing 0.1.0\n", "")
    where = subprocess.run([str(costing_script.parent / "python"), "-c",
                            "import costing.inventory.runners as r; print(*r.RUNNER_FILES, r.NODE_RUNNER)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout.split()
    assert sorted(Path(path).name for path in where) == [  # the answers and both runners, each file of them
        "answers.json", "costing_answers.cjs", "costing_answers.py", "costing_failures.cjs", "costing_program.cjs",
        "costing_pulumi_sdk.cjs", "costing_pulumi_sdk.py", "costing_runner.cjs", "costing_runner.cjs",
        "costing_runner.py", "costing_ts_hooks.mjs"]
    assert all("site-packages" in path and Path(path).is_file() for path in where)  # not this checkout
    code, out, err = costing(costing_script, tmp_path, "estimate", "--stack", "dev")
    assert (code, out, err) == (2, "", f"costing: error: no Pulumi.yaml in {tmp_path} or any folder above it: run "
                                       "costing in a Pulumi project's folder, or name one with -C/--cwd DIR\n")


# --- the programs ---------------------------------------------------------------------------------

def test_a_serverless_api_priced_in_another_region(program, costing_script):
    folder = program("serverless-api")
    code, out, err = costing(costing_script, folder, "estimate", "--stack", "dev", "-c", "aws:region=eu-west-1")
    assert code == 0, err
    assert out.splitlines()[0] == "Cost estimate: stack dev (project orders-api), eu-west-1"
    # the function, the table (on demand) and the API cost only what they are used for: usage lines at
    # eu-west-1's unit prices until a usage file gives the traffic (AWS's pricing pages: HTTP API $1.11 per
    # million requests in Europe (Ireland), Lambda $0.20 per million requests)
    assert "10 resources: 3 priced, 7 free, 0 unpriced" in out and "Total: $0.00/month ($0.0000/hour)" in out
    assert "api: HTTP API requests (first 300" in out and "million) at $1.11/1M requests" in out
    assert "handler: requests at $0.20/1M" in out
    resources, by_name = inventory_of(folder, overrides=["aws:region=eu-west-1"])
    assert by_name.loc["orders", "inputs"].get("name") is None
    assert counts(resources) == {
        "aws:dynamodb/table:Table": 1, "aws:iam/role:Role": 1, "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
        "aws:iam/rolePolicy:RolePolicy": 1, "aws:lambda/function:Function": 1, "aws:apigatewayv2/api:Api": 1,
        "aws:apigatewayv2/integration:Integration": 1, "aws:apigatewayv2/route:Route": 1,
        "aws:apigatewayv2/stage:Stage": 1, "aws:lambda/permission:Permission": 1}
    assert set(resources["region"]) == {"eu-west-1"}
    function = resources[resources["type"] == "aws:lambda/function:Function"].iloc[0]
    assert function["inputs"]["memorySize"] == 512  # Pulumi.dev.yaml
    # the table's auto-name is known at plan time, as in a preview; its ARN is not
    assert re.fullmatch(r"orders-[0-9a-f]{7}", function["inputs"]["environment"]["variables"]["TABLE"])
    assert function["refs"]["role"] == [resources[resources["type"] == "aws:iam/role:Role"]["urn"].iloc[0]]
    assert function["inputs"]["code"] == "<FileArchive>"
    role = resources[resources["type"] == "aws:iam/role:Role"].iloc[0]
    assert json.loads(role["inputs"]["assumeRolePolicy"]) == {  # the policy-document invoke's answer
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Principal": {"Service": "lambda.amazonaws.com"}}]}
    route = resources[resources["type"] == "aws:apigatewayv2/route:Route"].iloc[0]
    integration = resources[resources["type"] == "aws:apigatewayv2/integration:Integration"].iloc[0]
    assert route["inputs"]["target"] == UNKNOWN and route["refs"]["target"] == [integration["urn"]]
    assert integration["refs"]["integrationUri"] == [function["urn"]]


def test_a_fargate_service_behind_an_alb_in_the_default_vpc(program, costing_script):
    folder = program("fargate-alb")
    document = estimate_json(costing_script, folder, "-c", "desiredCount=3")
    assert (document["source"]["project"], document["region"]) == ("web-service", "us-west-2")
    web = next(row for row in document["resources"] if row["type"] == "aws:lb/loadBalancer:LoadBalancer")
    assert [(line["description"], line["monthly_usd"]) for line in web["lines"] if not line["usage"]] == [
        ("application load balancer hours", 16.425), ("public IPv4 addresses (one per subnet)", 14.6)]
    resources, _ = inventory_of(folder, overrides=["desiredCount=3"])
    assert set(resources["region"]) == {"us-west-2"}
    load_balancer = resources[resources["type"] == "aws:lb/loadBalancer:LoadBalancer"].iloc[0]
    assert load_balancer["inputs"]["subnets"] == default_subnets("us-west-2", "abcd")  # from the get_subnets invoke
    service = resources[resources["type"] == "aws:ecs/service:Service"].iloc[0]
    assert service["inputs"]["desiredCount"] == 3  # -c desiredCount=3 over the stack file's "2"
    assert service["inputs"]["networkConfiguration"]["subnets"] == default_subnets("us-west-2", "abcd")
    task = resources[resources["type"] == "aws:ecs/taskDefinition:TaskDefinition"].iloc[0]
    log_options = json.loads(task["inputs"]["containerDefinitions"])[0]["logConfiguration"]["options"]
    assert log_options["awslogs-region"] == "us-west-2"
    assert re.fullmatch(r"app-[0-9a-f]{7}", log_options["awslogs-group"])  # the log group's auto-name
    target_group = resources[resources["type"] == "aws:lb/targetGroup:TargetGroup"].iloc[0]
    assert service["refs"]["loadBalancers"] == [target_group["urn"]]
    assert service["inputs"]["loadBalancers"][0]["targetGroupArn"] == UNKNOWN  # assigned at creation


def test_an_eks_cluster_with_a_node_group(program, costing_script):
    folder = program("eks-cluster")
    code, out, err = costing(costing_script, folder, "estimate", "--stack", "dev", "-c", "nodeCount=5")
    assert code == 0, err
    # control plane $0.10/h and extended support $0.50/h (1.31's standard support ended 2025-11-26); five
    # t3.medium nodes at eu-central-1's $0.048/h; their 40 GB gp2 disks at $0.119/GB-month:
    # 73.00 + 365.00 + 175.20 + 23.80
    assert "8 resources: 2 priced, 6 free, 0 unpriced" in out and "Total: $637.00/month ($0.8726/hour)" in out
    resources, by_name = inventory_of(folder, overrides=["nodeCount=5"])
    assert counts(resources) == {"aws:iam/role:Role": 2, "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 4,
                                 "aws:eks/cluster:Cluster": 1, "aws:eks/nodeGroup:NodeGroup": 1}
    cluster = resources[resources["type"] == "aws:eks/cluster:Cluster"].iloc[0]
    nodes = by_name.loc["general"]
    assert (cluster["region"], cluster["inputs"]["version"]) == ("eu-central-1", "1.31")
    assert cluster["inputs"]["vpcConfig"]["subnetIds"] == default_subnets("eu-central-1", "abc")
    assert nodes["inputs"]["scalingConfig"] == {"desiredSize": 5, "minSize": 1, "maxSize": 10}
    assert nodes["inputs"]["instanceTypes"] == ["t3.medium"]
    assert re.fullmatch(r"cluster-[0-9a-f]{7}", nodes["inputs"]["clusterName"])  # the auto-name, known at plan


def test_required_config_and_a_secret(program, costing_script):
    check_required_config_and_a_secret(costing_script, program("billing-db"))


def test_other_providers_are_recorded_and_reported_as_not_aws(program, costing_script):
    folder = program("random-assets")
    code, out, err = costing(costing_script, folder, "estimate", "--stack", "dev")
    assert code == 0, err
    assert "6 resources: 2 priced, 2 free, 2 not AWS, 0 unpriced" in out and "(2 free, 2 not AWS)" in out
    assert "admin-password secretsmanager/secret" in out and "Total: $0.40/month ($0.0005/hour)" in out
    resources, by_name = inventory_of(folder)
    assert counts(resources) == {"random:index/randomPet:RandomPet": 1,
                                 "random:index/randomPassword:RandomPassword": 1, "aws:s3/bucketV2:BucketV2": 1,
                                 "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
                                 "aws:secretsmanager/secret:Secret": 1, "aws:secretsmanager/secretVersion:SecretVersion": 1}
    bucket = resources[resources["type"] == "aws:s3/bucketV2:BucketV2"].iloc[0]
    assert bucket["inputs"]["bucket"] == UNKNOWN  # from a random name: unknown until created
    assert bucket["refs"]["bucket"] == [by_name.loc["suffix", "urn"]]
    version = resources[resources["type"] == "aws:secretsmanager/secretVersion:SecretVersion"].iloc[0]
    assert version["inputs"]["secretString"] == SECRET
    assert version["refs"]["secretString"] == [by_name.loc["admin", "urn"]]


def test_main_names_the_programs_folder_and_the_project_is_found_from_below(program, costing_script, tmp_path):
    folder = program("main-folder")
    code, out, err = costing(costing_script, folder / "infra", "estimate", "--stack", "dev")  # from a subfolder
    assert code == 0, err
    assert out.splitlines()[0] == "Cost estimate: stack dev (project docs-site), ca-central-1"
    resources, _ = inventory_of(folder)
    pages = resources[resources["type"] == "aws:s3/bucketObjectv2:BucketObjectv2"]
    assert sorted(pages["name"]) == ["api.html", "guide.html", "index.html"]  # read from infra/pages.txt
    bucket = resources[resources["type"] == "aws:s3/bucketV2:BucketV2"].iloc[0]
    assert set(pages["parent"]) == {bucket["urn"]} and set(resources["region"]) == {"ca-central-1"}
    code, out, err = costing(costing_script, tmp_path, "estimate", "--stack", "dev", "-C", str(folder))
    assert code == 0, err
    assert "4 resources: 1 priced, 3 free, 0 unpriced" in out  # the bucket (usage lines), its 3 objects free


def test_the_program_runs_in_its_own_virtualenv_without_costings_packages(program, costing_script):
    folder = program("lean-venv")
    tool = costing_script.parent / "python"
    assert subprocess.run([str(tool), "-c", "import pandas, typer"]).returncode == 0  # costing's have them
    code, out, err = costing(costing_script, folder, "estimate", "--stack", "dev")
    assert code == 0, err  # the program raises when pandas, typer or costing is importable
    assert "3 resources: 2 priced, 1 free, 0 unpriced" in out


@pytest.mark.parametrize("toolchain", ["poetry", "uv"])
def test_the_program_runs_in_the_environment_its_toolchain_manages(program, costing_script, programs_venv, tmp_path,
                                                                    monkeypatch, toolchain):
    folder = program("lean-venv")
    (folder / "venv").unlink()
    project_file = folder / "Pulumi.yaml"
    project_file.write_text(project_file.read_text().replace("virtualenv: venv", f"toolchain: {toolchain}"))
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    (fake / "poetry").write_text(f"#!/bin/sh\necho {programs_venv}\n")  # as `poetry env info --path` answers
    (fake / "poetry").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    if toolchain == "uv":
        code, out, err = costing(costing_script, folder, "estimate", "--stack", "dev")
        assert (code, out, lines(err)) == (2, "", [
            f"costing: error: {project_file}: runtime.options.toolchain uv: no virtualenv at {folder / '.venv'}; "
            "install the project's dependencies: `uv sync` (or `pulumi install`)"])
        (folder / ".venv").symlink_to(programs_venv)  # what `uv sync` makes
    code, out, err = costing(costing_script, folder, "estimate", "--stack", "dev")
    assert code == 0, err  # the program raises when pandas, typer or costing is importable
    assert "3 resources: 2 priced, 1 free, 0 unpriced" in out


def test_multi_language_components_are_named_not_expanded(program, costing_script):
    check_multi_language_components(costing_script, program("awsx-network"))


def test_diff_against_a_git_revision_from_the_programs_folder(program, costing_script):
    check_diff_against_a_git_revision(costing_script, program("billing-db"), ignored="venv")



def write_program(folder: Path, main: str, **files: str) -> Path:
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text("name: broken\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n")
    (folder / "__main__.py").write_text(main)
    for name, text in files.items():
        (folder / f"{name}.py").write_text(text)
    return folder


@pytest.fixture
def broken(tmp_path, programs_venv):
    def make(main: str, venv: Path | None = None, **files: str) -> Path:
        folder = write_program(tmp_path / "broken", main, **files)
        (folder / "venv").symlink_to(venv or programs_venv)
        return folder

    return make


def test_no_pulumi_in_the_programs_interpreter(broken, costing_script, tmp_path):
    bare = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    folder = broken("import pulumi\n", venv=bare)
    assert error_of(costing_script, folder) == (2, [
        f"costing: error: the program's interpreter {folder}/venv/bin/python (the virtualenv venv (Pulumi.yaml)) "
        "has no pulumi package: install the project's dependencies: `pulumi install`, or "
        "`python -m venv venv && venv/bin/pip install -r requirements.txt`"])


def test_a_syntax_error(broken, costing_script):
    folder = broken("import pulumi\nfrom parts import make\nmake()\n", parts="def make(:\n    pass\n")
    code, errors = error_of(costing_script, folder)
    assert code == 2 and len(errors) == 1
    assert re.fullmatch(r"costing: error: parts\.py:1: SyntaxError: .+", errors[0]), errors


def test_an_exception_names_the_programs_file_and_line(broken, costing_script):
    folder = broken("import pulumi\nimport storage\nstorage.buckets(0)\n",
                    storage="def buckets(count):\n    if count < 1:\n        raise ValueError(f'count {count} must be positive')\n")
    assert error_of(costing_script, folder) == (2, ["costing: error: storage.py:3: ValueError: count 0 must be positive"])


def test_a_run_error_is_its_message(broken, costing_script):
    folder = broken("import pulumi\nraise pulumi.RunError('Pulumi.dev.yaml: broken:size 0 is out of range 1-9')\n")
    assert error_of(costing_script, folder) == (2, ["costing: error: Pulumi.dev.yaml: broken:size 0 is out of range 1-9"])


def test_an_invoke_nobody_answers(broken, costing_script):
    folder = broken("import pulumi\nimport pulumi_aws as aws\n"
                    "kind = aws.ec2.get_instance_type_output(instance_type='t3.micro')\n"
                    "aws.ec2.Instance('web', ami='ami-0123456789abcdef0', instance_type='t3.micro',\n"
                    "                 cpu_options={'core_count': kind.default_cores})\n"
                    "vcpus = aws.ec2.get_instance_type(instance_type='t3.micro').default_vcpus * 2\n")
    assert error_of(costing_script, folder) == (2, [
        "costing: error: __main__.py:6: TypeError: unsupported operand type(s) for *: 'NoneType' and 'int' "
        + UNANSWERED])
    (folder / "__main__.py").write_text("\n".join((folder / "__main__.py").read_text().splitlines()[:5]) + "\n")
    check_an_unanswered_invoke_used_as_an_input(costing_script, folder)  # the unknown result prices what it can


def test_a_missing_package_names_the_fix(broken, costing_script):
    folder = broken("import pulumi\nimport pulumi_gcp\n")
    assert error_of(costing_script, folder) == (2, [
        f"costing: error: __main__.py:2: No module named 'pulumi_gcp' (the program runs in {folder}/venv/bin/python, "
        "the virtualenv venv (Pulumi.yaml)): install the project's dependencies: `pulumi install`, or "
        "`python -m venv venv && venv/bin/pip install -r requirements.txt`"])


def test_a_crash_of_the_runner_is_one_line(broken, costing_script):
    folder = broken("import os\nprint('about to stop', flush=True)\nos._exit(3)\n")
    assert error_of(costing_script, folder) == (2, [
        f"costing: error: the program's runner ({folder}/venv/bin/python) ended with exit code 3 without an answer: "
        "about to stop"])
