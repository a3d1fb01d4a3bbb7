"""Pulumi TypeScript and JavaScript programs written as real projects are (tests/programs/ts-*, js-*,
esm-*), each priced from its own folder by the installed console script (tests/installed.py), each run by
the `node` on PATH with its own node_modules: tests/programs/node-packages installed once with `npm ci`
from its lock file and linked into each program's copy. The inventory (types, counts, wiring, region,
config, secrets) is read through the same runner with load_stack; the console script must print the bill.

Prices asserted are the embedded snapshot's: EC2 t3.small in us-east-2 $0.0208/h (x 730 = $15.184), EBS
gp3 there $0.08/GB-month, a public IPv4 address $0.005/h ($3.65 a month), a NAT gateway in us-east-1
$0.045/h ($32.85), an Application Load Balancer in us-west-2 $0.0225/h ($16.425); the checks shared with
the Python programs (tests/program_helpers.py) say theirs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
from pathlib import Path

import pytest

from costing.inventory.mock_answers import ami_id
from costing.schema import UNKNOWN
from tests.git_project import check_a_signal_stops_a_revisions_runner
from tests.installed import PROGRAMS, node_modules, programs_python
from tests.program_helpers import (  # noqa: F401 (costing_script and environment are fixtures)
    UNANSWERED, check_an_unanswered_invoke_used_as_an_input, check_diff_against_a_git_revision,
    check_multi_language_components, check_required_config_and_a_secret, costing, costing_script, counts,
    default_subnets, environment, error_of, estimate_json, inventory_of, lines,
    of_type,
)

ACCOUNT = "123456789012"  # the answers table's account


@pytest.fixture(scope="module")
def modules() -> Path:
    return node_modules()


@pytest.fixture
def program(tmp_path, modules):
    """program(name) -> a copy of tests/programs/<name> whose node_modules are the programs' packages."""

    def copy(name: str) -> Path:
        folder = tmp_path / name
        shutil.copytree(PROGRAMS / name, folder)
        (folder / "node_modules").symlink_to(modules, target_is_directory=True)
        return folder

    return copy


# --- the programs ---------------------------------------------------------------------------------

def test_an_ec2_web_server_in_typescript_type_checked_as_pulumi_does(program, costing_script):
    folder = program("ts-web-server")
    code, out, err = costing(costing_script, folder, "estimate", "--stack", "dev")
    assert code == 0, err
    assert out.splitlines()[0] == "Cost estimate: stack dev (project web-server), us-east-2"
    # t3.small 0.0208 x 730 = 15.184; 20 GB gp3 x 0.08 = 1.60; the Elastic IP 0.005 x 730 = 3.65
    assert re.search(r"t3\.small instance \(Linux, on-demand\) +1 +hour +\$0\.0208 +\$15\.18", out)
    assert re.search(r"root volume: gp3 storage +20 +GB-month +\$0\.0022 +\$1\.60", out)
    assert "Total: $20.43/month ($0.0280/hour)" in out
    assert "3 resources: 2 priced, 1 free, 0 unpriced" in out
    resources, by_name = inventory_of(folder)
    assert counts(resources) == {"aws:ec2/securityGroup:SecurityGroup": 1, "aws:ec2/instance:Instance": 1,
                                 "aws:ec2/eip:Eip": 1}
    server = of_type(resources, "aws:ec2/instance:Instance")
    group = of_type(resources, "aws:ec2/securityGroup:SecurityGroup")
    assert server["inputs"]["ami"] == ami_id("us-east-2")  # the getAmi invoke's answer, in the stack's region
    assert server["inputs"]["instanceType"] == "t3.small"  # Pulumi.dev.yaml over Pulumi.yaml's default
    assert server["inputs"]["vpcSecurityGroupIds"] == [UNKNOWN]
    assert server["refs"]["vpcSecurityGroupIds"] == [group["urn"]]
    assert server["inputs"]["rootBlockDevice"] == {"volumeType": "gp3", "volumeSize": 20, "encrypted": True}
    assert server["urn"] == "urn:pulumi:dev::web-server::aws:ec2/instance:Instance::web"
    assert of_type(resources, "aws:ec2/eip:Eip")["refs"]["instance"] == [server["urn"]]


def test_a_serverless_api_in_javascript_records_what_the_same_python_program_records(program, costing_script,
                                                                                      tmp_path):
    folder = program("js-serverless-api")
    code, out, err = costing(costing_script, folder, "estimate", "--stack", "dev", "-c", "aws:region=eu-west-1")
    assert code == 0, err
    assert out.splitlines()[0] == "Cost estimate: stack dev (project orders-api), eu-west-1"
    assert "10 resources: 3 priced, 7 free, 0 unpriced" in out  # as the Python twin (test_programs.py)
    assert "million) at $1.11/1M requests" in out and "handler: requests at $0.20/1M" in out
    resources, _ = inventory_of(folder, overrides=["aws:region=eu-west-1"])
    function = of_type(resources, "aws:lambda/function:Function")
    assert function["inputs"]["memorySize"] == 512  # Pulumi.dev.yaml
    assert re.fullmatch(r"orders-[0-9a-f]{7}", function["inputs"]["environment"]["variables"]["TABLE"])
    assert function["inputs"]["code"] == "<AssetArchive>"
    role = of_type(resources, "aws:iam/role:Role")
    assert json.loads(role["inputs"]["assumeRolePolicy"]) == {  # the policy-document invoke's answer
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Principal": {"Service": "lambda.amazonaws.com"}}]}
    route = of_type(resources, "aws:apigatewayv2/route:Route")
    integration = of_type(resources, "aws:apigatewayv2/integration:Integration")
    assert route["inputs"]["target"] == UNKNOWN and route["refs"]["target"] == [integration["urn"]]

    python = tmp_path / "python"  # tests/programs/serverless-api: the same API, in Python
    shutil.copytree(PROGRAMS / "serverless-api", python)
    (python / "venv").symlink_to(programs_python().parent.parent)
    twin, _ = inventory_of(python, overrides=["aws:region=eu-west-1"])

    def shape(rows) -> dict[str, tuple]:
        """Each row by URN: its parent, region, links, and its inputs but those the languages spell apart
        (numbers compare as numbers: Python's SDK reads 512 back as 512.0)."""
        apart = {"code", "runtime", "handler"}
        return {row["urn"]: (row["parent"], row["region"], row["refs"],
                             {key: value for key, value in row["inputs"].items() if key not in apart})
                for _, row in rows.iterrows()}

    assert shape(resources) == shape(twin)


def test_a_static_site_from_an_exported_async_function(program, costing_script):
    folder = program("ts-static-site")
    code, out, err = costing(costing_script, folder, "estimate", "--stack", "dev")
    assert code == 0, err  # tsconfig's noCheck: compiled without type checks, as Pulumi compiles it
    assert "8 resources: 2 priced, 6 free, 0 unpriced" in out  # the bucket and the distribution: usage lines
    assert "Total: $0.00/month ($0.0000/hour)" in out and "site: invalidation paths at $0.005/path" in out
    resources, by_name = inventory_of(folder)
    assert counts(resources) == {  # all declared inside the function Pulumi runs: the function ran
        "aws:s3/bucket:Bucket": 1, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
        "aws:s3/bucketObjectv2:BucketObjectv2": 3, "aws:cloudfront/originAccessControl:OriginAccessControl": 1,
        "aws:cloudfront/distribution:Distribution": 1, "aws:s3/bucketPolicy:BucketPolicy": 1}
    bucket = of_type(resources, "aws:s3/bucket:Bucket")
    assert bucket["inputs"]["tags"] == {"Account": ACCOUNT}  # an awaited getCallerIdentity
    assert set(set(by_name.loc[["404.html", "index.html", "site.css"], "parent"])) == {bucket["urn"]}
    assert by_name.loc["index.html", "inputs"]["source"] == "<FileAsset>"
    assert by_name.loc["site.css", "inputs"]["contentType"] == "text/css"
    cdn = of_type(resources, "aws:cloudfront/distribution:Distribution")
    [origin] = cdn["inputs"]["origins"]
    assert origin["domainName"] == UNKNOWN and bucket["urn"] in cdn["refs"]["origins"]
    assert cdn["inputs"]["defaultRootObject"] == "index.html"  # Pulumi.yaml's default
    policy = of_type(resources, "aws:s3/bucketPolicy:BucketPolicy")
    assert policy["inputs"]["policy"] == UNKNOWN  # a policy document of the distribution's ARN: unknown


def test_required_config_and_a_secret(program, costing_script):
    check_required_config_and_a_secret(costing_script, program("js-billing-db"))


def test_an_es_module_project_with_top_level_await(program, costing_script):
    folder = program("esm-network")
    document = estimate_json(costing_script, folder)
    # one NAT gateway (0.045 x 730 = 32.85) and its public IPv4 address (3.65)
    assert (document["totals"]["monthly_usd"], document["region"]) == (36.5, "us-east-1")
    resources, _ = inventory_of(folder)
    assert counts(resources) == {
        "aws:ec2/vpc:Vpc": 1, "aws:ec2/internetGateway:InternetGateway": 1, "aws:ec2/routeTable:RouteTable": 2,
        "aws:ec2/subnet:Subnet": 6, "aws:ec2/routeTableAssociation:RouteTableAssociation": 6, "aws:ec2/eip:Eip": 1,
        "aws:ec2/natGateway:NatGateway": 1}
    subnets = resources[resources["type"] == "aws:ec2/subnet:Subnet"]
    assert sorted(subnets["name"]) == [f"{tier}-us-east-1{zone}" for tier in ("private", "public") for zone in "abc"]
    assert subnets.set_index("name").loc["private-us-east-1c", "inputs"]["cidrBlock"] == "10.20.160.0/20"  # plan.js
    nat = of_type(resources, "aws:ec2/natGateway:NatGateway")
    assert nat["refs"]["subnetId"] == [subnets.set_index("name").loc["public-us-east-1a", "urn"]]
    code, out, err = costing(costing_script, folder, "regions", "--stack", "dev", "--regions", "us-east-1,eu-north-1")
    assert code == 0, err  # the other commands, on the inventory the estimate cached
    assert out.splitlines()[0] == "Region comparison: stack dev (project edge-network), home region us-east-1"
    code, out, err = costing(costing_script, folder, "report", "--stack", "dev", "--output", "cost.html")
    assert code == 0, err
    assert "edge-network" in (folder / "cost.html").read_text()


def test_main_names_the_programs_folder_and_nodeargs_run_first(program, costing_script, tmp_path):
    folder = program("ts-main-folder")
    code, out, err = costing(costing_script, folder / "infra", "estimate", "--stack", "dev", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert (document["source"]["project"], document["region"]) == ("web-front", "us-west-2")
    front = next(row for row in document["resources"] if row["type"] == "aws:lb/loadBalancer:LoadBalancer")
    assert [(line["description"], line["monthly_usd"]) for line in front["lines"] if not line["usage"]] == [
        ("application load balancer hours", 16.425), ("public IPv4 addresses (one per subnet)", 14.6)]
    resources, _ = inventory_of(folder)
    balancer = of_type(resources, "aws:lb/loadBalancer:LoadBalancer")
    assert balancer["inputs"]["subnets"] == default_subnets("us-west-2", "abcd")  # from the getSubnets invoke
    assert of_type(resources, "aws:lb/targetGroup:TargetGroup")["inputs"]["port"] == 8080  # from nodeargs' --require
    assert of_type(resources, "aws:lb/listener:Listener")["parent"] == balancer["urn"]
    code, out, err = costing(costing_script, tmp_path, "estimate", "--stack", "dev", "-C", str(folder))
    assert code == 0, err
    assert "4 resources: 1 priced, 3 free, 0 unpriced" in out


def test_multi_language_components_are_named_not_expanded(program, costing_script):
    check_multi_language_components(costing_script, program("js-awsx-network"))


def test_diff_against_a_git_revision_uses_the_projects_node_modules(program, costing_script, modules):
    check_diff_against_a_git_revision(costing_script, program("js-billing-db"), ignored="node_modules")
    assert (modules / "@pulumi" / "pulumi" / "package.json").is_file()  # the checkout's link went, not them


SLOW_PROGRAM = """\
const fs = require("fs");
const path = require("path");

fs.writeFileSync(process.env.COSTING_TEST_READY, String(process.pid));
module.exports = () => new Promise(() => {  // a program that keeps writing its build folder beside itself
    setInterval(() => fs.mkdirSync(path.join(__dirname, "build"), { recursive: true }), 10);
});
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_a_revisions_program_runs_stops_its_node_runner_before_the_worktree_goes(
        costing_script, modules, tmp_path, signum):
    """As for a Python program (tests/test_sides.py): node ended and reaped before the worktree goes, and
    the project's node_modules, linked into the worktree, left as they were."""
    repository = tmp_path / "slow"
    repository.mkdir()
    (repository / "Pulumi.yaml").write_text("name: slow\nruntime: nodejs\n")
    (repository / "index.js").write_text(SLOW_PROGRAM)
    (repository / ".gitignore").write_text("node_modules\n")
    (repository / "node_modules").symlink_to(modules, target_is_directory=True)
    check_a_signal_stops_a_revisions_runner([str(costing_script)], repository, tmp_path, signum)
    assert (modules / "@pulumi" / "pulumi" / "package.json").is_file()


def test_an_unchanged_program_is_not_run_again(program, costing_script, tmp_path):
    folder = program("esm-network")
    calls = tmp_path / "node-calls"
    wrapper = tmp_path / "bin" / "node"  # the node on PATH, counting its starts
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho started >> {calls}\nexec {shutil.which("node")} "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}"}
    first = costing(costing_script, folder, "estimate", "--stack", "dev", env=env)
    second = costing(costing_script, folder, "estimate", "--stack", "dev", env=env)
    assert first[0] == 0 and second[:2] == first[:2]
    assert calls.read_text() == "started\n"
    (folder / "plan.js").write_text((folder / "plan.js").read_text().replace("8 + index", "4 + index"))
    third = costing(costing_script, folder, "estimate", "--stack", "dev", env=env)
    assert third[0] == 0 and calls.read_text() == "started\nstarted\n"  # a source changed: run again


# --- the runner's failure modes: one line, exit 2 ---------------------------------------------------

@pytest.fixture
def broken(tmp_path, modules):
    """broken(files, node_modules=True) -> a project `broken` of those files."""

    def make(files: dict[str, str], with_modules: bool = True, options: str = "") -> Path:
        folder = tmp_path / "broken"
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: broken\nruntime:\n  name: nodejs\n{options}")
        for name, text in files.items():
            (folder / name).write_text(text)
        if with_modules:
            (folder / "node_modules").symlink_to(modules, target_is_directory=True)
        return folder

    return make


def test_no_node_modules_names_the_install_command(broken, costing_script):
    folder = broken({"index.js": 'require("@pulumi/pulumi");\n', "yarn.lock": ""}, with_modules=False)
    assert error_of(costing_script, folder) == (2, [
        f"costing: error: the program's folder {folder} has no node_modules with @pulumi/pulumi in it or above it: "
        "install the project's dependencies: `yarn install` (or `pulumi install`)"])


def test_a_typescript_error_is_typescripts_first_message(broken, costing_script):
    folder = broken({"index.ts": 'import * as pulumi from "@pulumi/pulumi";\n\nconst size: number = "large";\n'
                                 'export const large = pulumi.output(size > 1);\n'})
    assert error_of(costing_script, folder) == (2, [
        "costing: error: index.ts:3: error TS2322: Type 'string' is not assignable to type 'number'."])


def test_an_exception_names_the_programs_file_and_line(broken, costing_script):
    folder = broken({"index.js": 'const storage = require("./storage");\nstorage.buckets(0);\n',
                     "storage.js": "exports.buckets = (count) => {\n    if (count < 1) {\n"
                                   "        throw new RangeError(`count ${count} must be positive`);\n    }\n};\n"})
    assert error_of(costing_script, folder) == (2, ["costing: error: storage.js:3: RangeError: count 0 must be positive"])


def test_a_syntax_error_in_an_es_module(broken, costing_script):
    folder = broken({"package.json": '{"type": "module"}', "index.js": 'import { make } from "./parts.js";\nmake();\n',
                     "parts.js": "export function make(count {\n}\n"})
    assert error_of(costing_script, folder) == (2, ["costing: error: parts.js:1: SyntaxError: Unexpected token '{'"])


def test_a_run_error_is_its_message(broken, costing_script):
    folder = broken({"index.js": 'const pulumi = require("@pulumi/pulumi");\n'
                                 'throw new pulumi.RunError("Pulumi.dev.yaml: broken:size 0 is out of range 1-9");\n'})
    assert error_of(costing_script, folder) == (2, ["costing: error: Pulumi.dev.yaml: broken:size 0 is out of range 1-9"])


def test_a_missing_package_names_the_fix(broken, costing_script):
    folder = broken({"index.js": 'const pulumi = require("@pulumi/pulumi");\nconst gcp = require("@pulumi/gcp");\n'})
    assert error_of(costing_script, folder) == (2, [
        "costing: error: index.js:2: Cannot find module '@pulumi/gcp' (the program's packages are its node_modules): "
        "install the project's dependencies: `npm install` (or `pulumi install`)"])


def test_a_missing_entry_point_names_the_build(broken, costing_script):
    folder = broken({"package.json": '{"main": "bin/index.js", "scripts": {"build": "tsc"}}'})
    assert error_of(costing_script, folder) == (2, [
        f"costing: error: cannot find the program's entry point {folder}; Pulumi does not run build scripts: run "
        "`npm run build` ('tsc') first"])


def test_an_invoke_nobody_answers(broken, costing_script):
    program = ('const aws = require("@pulumi/aws");\n'
               'module.exports = async () => {\n'
               '    const kind = await aws.ec2.getInstanceType({ instanceType: "t3.micro" });\n'
               '    new aws.ec2.Instance("web", { ami: "ami-0123456789abcdef0", instanceType: "t3.micro",\n'
               '                                  cpuOptions: { coreCount: kind.defaultCores.valueOf() } });\n'
               '};\n')
    folder = broken({"index.js": program})
    assert error_of(costing_script, folder) == (2, [
        "costing: error: index.js:5: TypeError: Cannot read properties of undefined (reading 'valueOf') "
        + UNANSWERED])
    (folder / "index.js").write_text(program.replace(".defaultCores.valueOf()", ".defaultCores"))
    check_an_unanswered_invoke_used_as_an_input(costing_script, folder)  # the unknown result prices what it can


def test_a_program_that_waits_for_a_value_a_preview_never_knows(broken, costing_script):
    folder = broken({"index.js": 'const aws = require("@pulumi/aws");\n'
                                 'module.exports = async () => {\n'
                                 '    const bucket = new aws.s3.Bucket("logs");\n'
                                 '    const id = await new Promise((resolve) => bucket.id.apply(resolve));\n'
                                 '    new aws.s3.BucketPolicy("logs", { bucket: id, policy: "{}" });\n'
                                 '};\n'})
    assert error_of(costing_script, folder) == (2, [
        "costing: error: the program stopped, waiting for a value that stays unknown in a preview (an apply of an "
        "output AWS assigns at creation, such as an id or an ARN, runs only in `pulumi up`); nothing else was left "
        "to run"])


def test_a_crash_of_the_runner_is_one_line(broken, costing_script):
    folder = broken({"index.js": 'console.log("about to stop");\nprocess.exit(3);\n'})
    assert error_of(costing_script, folder) == (2, [
        f"costing: error: the program's runner ({shutil.which('node')}) ended with exit code 3 without an answer: "
        "about to stop"])


def test_a_runtime_option_of_the_wrong_type_names_pulumi_yaml(broken, costing_script):
    folder = broken({"index.js": ""}, options="  options:\n    typescript: yes please\n")
    code, out, err = costing(costing_script, folder, "estimate", "--stack", "dev")
    assert (code, out, lines(err)) == (2, "", [
        f"costing: error: {folder}/Pulumi.yaml: runtime.options.typescript 'yes please': must be true or false"])
