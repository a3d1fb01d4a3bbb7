"""The Node.js runner (costing/inventory/runners/node): the answers table rendered exactly as the Python
runner renders it, and the same response for the same program written in TypeScript and in Python. It runs
with the `node` on PATH and the test programs' node_modules (tests/installed.py)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from costing import schema
from costing.inventory.runners import ANSWERS, NODE_RUNNER
from tests.installed import node_modules
from tests.runner_helpers import CASES, TABLE, render_case, request_for, run_runner

NODE = shutil.which("node")
RUNNER = [NODE, str(NODE_RUNNER)]
TYPESCRIPT = {"typescript": True, "tsconfig": None, "transpileOnly": True}


def node_render(cases: list[dict]) -> list[dict]:
    """What the Node.js runner's table answers for each case (tests/node_answers.cjs)."""
    request = {"module": str(NODE_RUNNER.parent / "costing_answers.cjs"), "answers": str(ANSWERS), "cases": cases}
    done = subprocess.run([NODE, str(Path(__file__).parent / "node_answers.cjs")], input=json.dumps(request),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_node_runner_gives_each_cases_answer():
    assert node_render(CASES) == [case["expected"] for case in CASES]


def test_both_runners_render_every_answer_alike_in_every_region():
    regions = [*TABLE.table["regions"], "xx-nowhere-9", "cn-north-1", "us-gov-west-1"]
    args = {"name": "/aws/service/x", "domain": "example.com", "id": "vpc-0abc", "state": "available",
            "statements": [{"actions": ["s3:GetObject"], "resources": ["*"]}]}
    cases = [{"call": "invoke", "token": token, "args": args, "region": region}
             for token in TABLE.table["invokes"] for region in regions]
    cases += [{"call": "outputs", "type": token, "name": "web", "region": region}
              for token in TABLE.table["outputs"] for region in regions]
    assert node_render(cases) == [render_case(case) for case in cases]


# --- the same program, in TypeScript and in Python ------------------------------------------------------

SAME_PROGRAM = {
    "index.ts": """\
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

class Edge extends pulumi.ComponentResource {
    constructor(name: string, provider: aws.Provider, opts?: pulumi.ComponentResourceOptions) {
        super("acme:net:Edge", name, {}, opts);
        const zones = aws.getAvailabilityZonesOutput({}, { provider });
        const tags = aws.getDefaultTagsOutput({}, { provider });
        const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: "10.0.0.0/16", tags: tags.tags }, { parent: this, provider });
        new aws.ec2.Subnet(`${name}-a`, { vpcId: vpc.id, cidrBlock: "10.0.0.0/24", availabilityZone: zones.names[1] },
                           { parent: vpc, provider });
        this.registerOutputs({ vpcId: vpc.id });
    }
}

const config = new pulumi.Config();
const bucket = new aws.s3.BucketV2("logs", { tags: { Team: config.require("team") } });
new aws.s3.BucketPolicy("logs", { bucket: bucket.id, policy: bucket.arn.apply((arn) => arn + "/*") });
const queue = new aws.sqs.Queue("jobs");
new aws.s3.BucketV2("named", { bucket: queue.name });
const west = new aws.Provider("west", { region: "us-west-2", defaultTags: { tags: { Team: "web" } } });
new Edge("edge", west);
export const token = config.requireSecret("token");
export const queueName = queue.name;
""",
    "__main__.py": """\
import pulumi
import pulumi_aws as aws


class Edge(pulumi.ComponentResource):
    def __init__(self, name, provider, opts=None):
        super().__init__("acme:net:Edge", name, {}, opts)
        zones = aws.get_availability_zones_output(opts=pulumi.InvokeOptions(provider=provider))
        tags = aws.get_default_tags_output(opts=pulumi.InvokeOptions(provider=provider))
        vpc = aws.ec2.Vpc(f"{name}-vpc", cidr_block="10.0.0.0/16", tags=tags.tags,
                          opts=pulumi.ResourceOptions(parent=self, provider=provider))
        aws.ec2.Subnet(f"{name}-a", vpc_id=vpc.id, cidr_block="10.0.0.0/24", availability_zone=zones.names[1],
                       opts=pulumi.ResourceOptions(parent=vpc, provider=provider))
        self.register_outputs({"vpcId": vpc.id})


config = pulumi.Config()
bucket = aws.s3.BucketV2("logs", tags={"Team": config.require("team")})
aws.s3.BucketPolicy("logs", bucket=bucket.id, policy=bucket.arn.apply(lambda arn: arn + "/*"))
queue = aws.sqs.Queue("jobs")
aws.s3.BucketV2("named", bucket=queue.name)
west = aws.Provider("west", region="us-west-2", default_tags={"tags": {"Team": "web"}})
Edge("edge", west)
pulumi.export("token", config.require_secret("token"))
pulumi.export("queueName", queue.name)
""",
}


@pytest.fixture(scope="module")
def modules() -> Path:
    return node_modules()


def node_project(folder: Path, modules: Path | None, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    if modules is not None:
        (folder / "node_modules").symlink_to(modules, target_is_directory=True)
    return folder


def test_a_typescript_program_gets_the_response_of_the_same_python_program(tmp_path, modules):
    typescript = node_project(tmp_path / "typescript", modules, {"index.ts": SAME_PROGRAM["index.ts"]})
    python = node_project(tmp_path / "python", None, {"__main__.py": SAME_PROGRAM["__main__.py"]})
    response = run_runner(request_for(typescript, options=TYPESCRIPT), RUNNER)
    twin = run_runner(request_for(python))
    for each in (response, twin):  # the SDKs register in orders of their own
        each["resources"].sort(key=lambda row: row["urn"])
        provider = next(row for row in each["resources"] if row["name"] == "west")
        # each SDK JSON-encodes a provider's object inputs, in a layout of its own ('{"tags": ...}' in Python)
        provider["inputs"]["defaultTags"] = json.loads(provider["inputs"]["defaultTags"])
    assert response == twin
    assert response["outputs"] == {"token": schema.SECRET, "queueName": response["outputs"]["queueName"]}
    by_name = {row["name"]: row for row in response["resources"]}
    assert by_name["named"]["inputs"]["bucket"] == response["outputs"]["queueName"]  # an auto-name, known at plan
    edge, vpc, subnet = by_name["edge"], by_name["edge-vpc"], by_name["edge-a"]
    assert subnet["urn"] == "urn:pulumi:dev::demo::acme:net:Edge$aws:ec2/vpc:Vpc$aws:ec2/subnet:Subnet::edge-a"
    assert (subnet["parent"], vpc["parent"], edge["parent"]) == (vpc["urn"], edge["urn"], None)
    assert subnet["provider"] == f"{by_name['west']['urn']}::{schema.UNKNOWN}"
    assert subnet["inputs"]["availabilityZone"] == "us-west-2b"  # the invoke went through the provider's region
    assert vpc["inputs"]["tags"] == {"Team": "web"}  # the provider's default tags, answered from its inputs


def test_a_folder_without_node_modules_has_no_sdk(tmp_path):
    folder = node_project(tmp_path / "bare", None, {"index.js": ""})
    assert run_runner(request_for(folder, options=TYPESCRIPT), RUNNER) == {"protocol": 1, "ok": False, "error": {
        "kind": "no_pulumi", "interpreter": os.path.realpath(NODE),
        "message": f"cannot find @pulumi/pulumi from {folder} (no node_modules/@pulumi/pulumi there or in a folder "
                   "above it)"}}


def test_a_request_of_another_protocol_is_refused_alike(tmp_path):
    assert run_runner(request_for(tmp_path, protocol=2), RUNNER) == run_runner(request_for(tmp_path, protocol=2)) == {
        "protocol": 1, "ok": False, "error": {"kind": "bad_request", "message": "this runner speaks protocol 1, not 2"}}



def test_a_typescript_es_module_with_top_level_await(tmp_path, modules):
    folder = node_project(tmp_path / "esm", modules, {
        "package.json": '{"name": "queue", "type": "module"}',
        "tsconfig.json": '{"compilerOptions": {"target": "es2022", "module": "nodenext", "moduleResolution": "nodenext"}}',
        "names.ts": 'export const suffix: string = "-ts";\n',
        "index.ts": 'import * as aws from "@pulumi/aws";\nimport { suffix } from "./names.js";\n\n'
                    'const identity = await aws.getCallerIdentity();\n'
                    'export const queue = new aws.sqs.Queue("jobs" + suffix, { tags: { Account: identity.accountId } }).name;\n'})
    response = run_runner(request_for(folder, options=TYPESCRIPT), RUNNER)
    [queue] = response["resources"]
    assert (queue["name"], queue["inputs"]) == ("jobs-ts", {"tags": {"Account": "123456789012"}})
    assert response["outputs"] == {"queue": "jobs-ts-" + hashlib.sha256(b"autoname-jobs-ts/eu-west-3").hexdigest()[:7]}
