"""The runner protocol and the shared answers table (costing/inventory/runners): what a runner is asked and
answers, what the table answers in each region, and this project's stacks run with preview semantics."""

from __future__ import annotations

import hashlib
import json
import signal
import sys
from pathlib import Path

import pytest

from costing import schema
from costing.inventory import load_stack
from costing.inventory.mock_answers import ami_id
from costing.inventory.runners import PROTOCOL
from costing.inventory.runners.client import ProgramFailure, RunnerJob
from costing.inventory.runners.python import costing_runner
from costing.inventory.runners.python.costing_answers import Answers, TemplateError, iam_policy_document
from costing.project import Interpreter
from tests.runner_helpers import CASES, TABLE, render_case, request_for, run_runner

PROVIDER = "aws:index/getAvailabilityZones:getAvailabilityZones"


def sha(label: str, width: int) -> str:
    return hashlib.sha256(label.encode()).hexdigest()[:width]


# --- the answers table ----------------------------------------------------------------------------

@pytest.mark.parametrize("region", [*TABLE.table["regions"], "xx-nowhere-9", "cn-north-1", "us-gov-west-1"])
def test_every_answer_renders_in_every_region(region):
    args = {"name": "/aws/service/x", "domain": "example.com", "statements": [{"actions": ["s3:GetObject"]}]}
    for token in TABLE.table["invokes"]:
        assert isinstance(TABLE.invoke(token, args, region), dict), token
    for type_token in TABLE.table["outputs"]:
        assert TABLE.outputs(type_token, "web", region)


def test_zones_zone_ids_and_partitions_per_region():
    zones = TABLE.invoke(PROVIDER, {"state": "available"}, "us-west-1")
    assert (zones["names"], zones["zoneIds"], zones["groupNames"], zones["state"]) == (
        ["us-west-1a", "us-west-1c"], ["usw1-az1", "usw1-az2"], ["us-west-1"], "available")
    assert TABLE.zones("mx-central-1") == ["mx-central-1a", "mx-central-1b", "mx-central-1c"]  # not listed: 3
    partition = TABLE.invoke("aws:index/getPartition:getPartition", {}, "cn-north-1")
    assert (partition["partition"], partition["dnsSuffix"]) == ("aws-cn", "amazonaws.com.cn")
    identity = TABLE.invoke("aws:index/getCallerIdentity:getCallerIdentity", {}, "us-gov-west-1")
    assert identity["arn"] == "arn:aws-us-gov:iam::123456789012:user/costing-offline"


def test_ids_are_hashes_of_a_label_and_the_region_and_agree_across_invokes():
    vpc = TABLE.invoke("aws:ec2/getVpc:getVpc", {"default": True}, "eu-west-1")
    subnets = TABLE.invoke("aws:ec2/getSubnets:getSubnets", {"filters": [{"name": "vpc-id", "values": [vpc["id"]]}]},
                           "eu-west-1")
    subnet = TABLE.invoke("aws:ec2/getSubnet:getSubnet", {}, "eu-west-1")
    assert vpc["id"] == f"vpc-{sha('default-vpc/eu-west-1', 17)}" == subnet["vpcId"]
    assert subnets["ids"] == [f"subnet-{sha(f'default-subnet-eu-west-1{letter}/eu-west-1', 17)}" for letter in "abc"]
    assert subnet["id"] == subnets["ids"][0] and subnets["filters"][0]["values"] == [vpc["id"]]
    image = TABLE.invoke("aws:ssm/getParameter:getParameter", {"name": "/aws/service/ami"}, "eu-west-1")
    assert image["value"] == ami_id("eu-west-1") == TABLE.invoke("aws:ec2/getAmi:getAmi", {}, "eu-west-1")["id"]
    zone = TABLE.invoke("aws:route53/getZone:getZone", {"name": "example.com."}, "eu-west-1")
    assert zone["zoneId"] == "Z" + sha("zone-example.com./eu-west-1", 20).upper() and zone["privateZone"] is False


def test_arguments_win_over_defaults_and_the_provider_answers_default_tags():
    assert TABLE.invoke("aws:ec2/getVpc:getVpc", {"id": "vpc-0abc"}, "us-east-1")["id"] == "vpc-0abc"
    tags = TABLE.invoke("aws:index/getDefaultTags:getDefaultTags", {}, "us-east-1",
                        {"defaultTags": json.dumps({"tags": {"Team": "web"}})})  # object inputs arrive JSON-encoded
    assert tags["tags"] == {"Team": "web"}
    assert TABLE.invoke("aws:index/getDefaultTags:getDefaultTags", {}, "us-east-1")["tags"] == {}
    assert TABLE.invoke("aws:nope/getNothing:getNothing", {}, "us-east-1") is None
    assert TABLE.outputs("aws:rds/instance:Instance", "db", "us-east-1") == {
        "identifier": f"db-{sha('autoname-db/us-east-1', 7)}"}
    assert TABLE.outputs("aws:ec2/subnet:Subnet", "a", "us-east-1") == {}


def test_a_placeholder_the_table_does_not_define_is_an_error():
    with pytest.raises(TemplateError, match=r"unknown placeholder \{zone\}"):
        Answers({**TABLE.table, "invokes": {"t": {"x": "{zone}"}}}).invoke("t", {}, "us-east-1")


def test_policy_documents_render_as_iam_json():
    args = {"policyId": "p1", "statements": [
        {"sid": "Read", "actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::b/*", "arn:aws:s3:::c/*"],
         "principals": [{"type": "*", "identifiers": ["*"]}],
         "conditions": [{"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["1"]}]},
        {"effect": "Deny", "notActions": ["iam:*"], "resources": ["*"],
         "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::1:root", "arn:aws:iam::2:root"]}]},
    ], "overridePolicyDocuments": [json.dumps({"Statement": [{"Sid": "Read", "Effect": "Deny", "Action": "*"}]})]}
    assert json.loads(iam_policy_document(args, minified=False)) == {
        "Version": "2012-10-17", "Id": "p1", "Statement": [
            {"Sid": "Read", "Effect": "Deny", "Action": "*"},
            {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
             "Principal": {"AWS": ["arn:aws:iam::1:root", "arn:aws:iam::2:root"]}}]}
    del args["overridePolicyDocuments"]
    text = iam_policy_document(args, minified=True)
    assert text.startswith('{"Version":"2012-10-17","Id":"p1","Statement":[{"Sid":"Read","Effect":"Allow",'
                           '"Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*","arn:aws:s3:::c/*"],'
                           '"Principal":"*","Condition":{"StringEquals":{"aws:SourceAccount":"1"}}}')
    assert iam_policy_document(args, minified=False).startswith('{\n  "Version": "2012-10-17",\n  "Id": "p1",\n')


@pytest.mark.parametrize("case", CASES, ids=[case["about"] for case in CASES])
def test_the_python_runner_gives_each_cases_answer(case):
    assert render_case(case) == case["expected"]


# --- the protocol ---------------------------------------------------------------------------------

def test_the_runner_speaks_costings_markers():
    assert (costing_runner.UNKNOWN, costing_runner.SECRET, costing_runner.PROTOCOL) == (
        schema.UNKNOWN, schema.SECRET, PROTOCOL)


PROGRAM = """\
import sys
import pulumi
import pulumi_aws as aws

config = pulumi.Config()
bucket = aws.s3.BucketV2("logs", tags={"Team": config.require("team")})
aws.s3.BucketPolicy("logs", bucket=bucket.id, policy=bucket.arn.apply(lambda arn: arn + "/*"))
pulumi.export("token", config.require_secret("token"))
pulumi.export("loaded", sorted({name.split(".")[0] for name in sys.modules} & {"costing", "pandas", "typer"}))
"""


def test_a_request_and_its_response(tmp_path):
    (tmp_path / "__main__.py").write_text(PROGRAM)
    response = run_runner(request_for(tmp_path))
    assert (response["protocol"], response["ok"], response["unexpanded_components"],
            response["unanswered_invokes"]) == (1, True, [], [])
    assert response["outputs"] == {"token": schema.SECRET, "loaded": []}  # the runner loads none of costing's
    bucket, policy = response["resources"]
    assert bucket == {
        "urn": "urn:pulumi:dev::demo::aws:s3/bucketV2:BucketV2::logs", "type": "aws:s3/bucketV2:BucketV2",
        "name": "logs", "custom": True, "remote": False, "parent": None, "provider": None, "id": None,
        "inputs": {"tags": {"Team": "data"}}, "dependencies": [], "propertyDependencies": {"tags": []}}
    assert policy["inputs"] == {"bucket": schema.UNKNOWN, "policy": schema.UNKNOWN}
    assert policy["propertyDependencies"] == {"bucket": [bucket["urn"]], "policy": [bucket["urn"]]}


def test_a_request_of_another_protocol_is_refused(tmp_path):
    response = run_runner(request_for(tmp_path, protocol=2))
    assert response == {"protocol": 1, "ok": False,
                        "error": {"kind": "bad_request", "message": "this runner speaks protocol 1, not 2"}}


def test_failures_the_client_does_not_know_are_still_one_line(tmp_path):
    (tmp_path / "__main__.py").write_text("")
    job = RunnerJob(request_for(tmp_path), Interpreter(Path(sys.executable), "costing's own interpreter"))
    job.result()
    assert job.describe({"kind": "internal", "message": "costing's runner failed: KeyError: 'x'\n"}) == (
        "costing's runner failed (internal): costing's runner failed: KeyError: 'x'")


# --- the client's side: a runner's answer is bounded ------------------------------------------------

MIB = 1024 * 1024


def fake_runner(tmp_path: Path, body: str) -> Interpreter:
    """An interpreter that runs `body` (Python, with `answer`: the response's descriptor) instead of the runner."""
    script = tmp_path / "fake-python"
    script.write_text(f"#!{sys.executable}\nimport os, sys\nanswer = int(sys.argv[2])\n{body}\n")
    script.chmod(0o755)
    return Interpreter(script, "a fake interpreter")


def answer_of_size(size: int) -> bytes:
    """A successful response of exactly `size` bytes."""
    response = {"protocol": PROTOCOL, "ok": True, "resources": [], "outputs": {}, "unexpanded_components": [],
                "unanswered_invokes": [], "pad": ""}
    return json.dumps(response)[:-2].encode() + b"x" * (size - len(json.dumps(response))) + b'"}'


@pytest.fixture
def small_limit(monkeypatch):
    from costing.inventory.runners import client

    monkeypatch.setattr(client, "MAX_RESPONSE_BYTES", MIB)


def test_a_runner_that_answers_without_end_is_killed_and_reaped(tmp_path, small_limit):
    interpreter = fake_runner(tmp_path, "while True:\n    os.write(answer, b'x' * 65536)")
    job = RunnerJob(request_for(tmp_path), interpreter)
    with pytest.raises(ProgramFailure) as failure:
        job.result()
    assert (str(failure.value), failure.value.kind) == (
        f"the program's runner ({interpreter.executable}) answered more than 1 MiB, the most costing reads of a "
        "program's resources (as of a preview file), and was stopped: the program records far more than a real "
        "stack holds (a runaway loop?)", "too_large")
    assert job._process.returncode == -signal.SIGKILL  # killed, and waited for: no zombie left


@pytest.mark.parametrize("size, ok", [(MIB, True), (MIB + 1, False)])
def test_an_answer_of_the_limit_is_read_one_byte_more_is_not(tmp_path, small_limit, size, ok):
    (tmp_path / "answer.json").write_bytes(answer_of_size(size))
    job = RunnerJob(request_for(tmp_path), fake_runner(tmp_path, "os.write(answer, open('answer.json', 'rb').read())"))
    if ok:
        assert len(job.result()["pad"]) == size - len(answer_of_size(0))
    else:
        with pytest.raises(ProgramFailure, match=r"answered more than 1 MiB, "):
            job.result()


def test_what_the_program_printed_is_shown_whole_after_its_answer(tmp_path, monkeypatch, capsys):
    from costing.inventory.runners import client

    monkeypatch.setattr(client, "_CHUNK", 3)  # shown in pieces that split its characters
    (tmp_path / "answer.json").write_bytes(answer_of_size(400))
    job = RunnerJob(request_for(tmp_path), fake_runner(
        tmp_path, "print('héllo wörld ✓', end='', flush=True)\nos.write(answer, open('answer.json', 'rb').read())"))
    job.result()
    assert capsys.readouterr().err == "héllo wörld ✓\n"


# --- this project's stacks, as a preview sees them --------------------------------------------------

@pytest.fixture(scope="module")
def prod():
    return load_stack("prod", use_cache=False).resources.set_index("name")


def test_links_to_values_aws_assigns_are_kept_as_references(prod):
    replica, primary = prod.loc["database-replica-1"], prod.loc["database-primary"]
    # the primary's identifier is its auto-name, which a preview knows at plan time; the link is a reference
    assert replica["inputs"]["replicateSourceDb"] == "database-primary-" + sha("autoname-database-primary/us-east-1", 7)
    assert replica["refs"]["replicateSourceDb"] == [primary["urn"]]
    group = prod.loc["web-asg"]
    assert group["inputs"]["targetGroupArns"] == [schema.UNKNOWN]
    assert group["refs"]["targetGroupArns"] == [prod.loc["web-tg", "urn"]]
    # prod's replica needs a generated password (issue 13): the runner hands it back masked, never its value
    assert primary["inputs"]["password"] == schema.SECRET and "manageMasterUserPassword" not in primary["inputs"]
