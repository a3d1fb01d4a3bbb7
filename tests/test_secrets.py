"""Secrets never reach any output, whatever the encoding of the file they come in.

`pulumi stack export --show-secrets` writes a secret as an object holding the engine's signature and
the plaintext. Windows PowerShell 5.1's `>` writes UTF-16 LE with a byte-order mark; other tools write
UTF-8 with one, or UTF-16 BE; a JSON writer may \\u-escape any character. The secret values below
(an engine, a desired capacity, a load balancer type) make their resources unpriced ("... is secret"),
and their plaintext appears in no format of any command.
"""

from __future__ import annotations

import codecs
import json

import pytest

from costing.cli import main
from tests.documents import LAUNCH_TEMPLATE, SECRET_SIG, SECRET_SIG_KEY, secret, state_of

ENGINE, CAPACITY, LB_TYPE = "postgres-TOPSECRET", "424242", "application-TOPSECRET"
PLAINTEXTS = ("TOPSECRET", CAPACITY)
SHOP = "urn:pulumi:dev::shop::"


def secret_state() -> dict:
    """A database, an Auto Scaling group and a load balancer, each with a secret that its price needs."""
    return state_of(
        {"urn": f"{SHOP}aws:rds/instance:Instance::db", "type": "aws:rds/instance:Instance",
         "inputs": {"instanceClass": "db.t4g.micro", "engine": secret(json.dumps(ENGINE)), "allocatedStorage": 20}},
        {"urn": LAUNCH_TEMPLATE, "type": "aws:ec2/launchTemplate:LaunchTemplate",
         "inputs": {"instanceType": "t3.micro"}},
        {"urn": f"{SHOP}aws:autoscaling/group:Group::web-asg", "type": "aws:autoscaling/group:Group",
         "inputs": {"launchTemplate": {"id": "id-2"}, "desiredCapacity": secret(CAPACITY), "minSize": 1,
                    "maxSize": 3}},
        {"urn": f"{SHOP}aws:lb/loadBalancer:LoadBalancer::web-lb", "type": "aws:lb/loadBalancer:LoadBalancer",
         "inputs": {"loadBalancerType": secret(json.dumps(LB_TYPE)), "subnets": ["subnet-1", "subnet-2"]}},
    )


def escaped(text: str) -> str:
    """Every character of the secret signature (key and value) \\u-escaped, as a JSON writer may."""
    for signature in (SECRET_SIG_KEY, SECRET_SIG):
        text = text.replace(signature, "".join(f"\\u{ord(char):04x}" for char in signature))
    return text


ENCODINGS = {
    "utf-16-le with BOM (PowerShell 5.1 >)": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be with BOM": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-16-le without BOM": lambda text: text.encode("utf-16-le"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode(),
    "utf-8, signature \\u-escaped": lambda text: escaped(text).encode(),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_secret_in_any_encoding_is_masked(costing_script, tmp_path, encoding):
    path = tmp_path / "state.json"
    path.write_bytes(ENCODINGS[encoding](json.dumps(secret_state())))
    done = costing_script("estimate", "--state", path, "-f", "json")
    assert done.returncode == 0, done.stderr
    assert not any(plaintext in done.stdout + done.stderr for plaintext in PLAINTEXTS)
    reasons = {resource["name"]: resource["reason"] for resource in json.loads(done.stdout)["resources"]
               if resource["status"] == "unpriced"}
    assert reasons == {"db": "engine is secret", "web-asg": "desired capacity is secret",
                       "web-lb": "load balancer type is secret"}


@pytest.mark.parametrize("args", [
    ["estimate", "-f", "table"], ["estimate", "-f", "json"], ["estimate", "-f", "csv"],
    ["estimate", "-f", "markdown"], ["estimate", "-f", "html"], ["regions", "-f", "json"], ["report"],
    ["diff", "-f", "table", "--all"], ["diff", "-f", "json"], ["diff", "-f", "markdown", "--all"],
])
def test_no_output_quotes_a_secret(capsys, tmp_path, args):
    path = tmp_path / "state.json"
    path.write_bytes(ENCODINGS["utf-16-le with BOM (PowerShell 5.1 >)"](json.dumps(secret_state())))
    source = [path, path] if args[0] == "diff" else ["--state", path]
    with pytest.raises(SystemExit) as exited:
        main([*args[:1], *map(str, source), *args[1:]])
    out, err = capsys.readouterr()
    assert exited.value.code == 0, err
    assert len(out) > 500 and not any(plaintext in out + err for plaintext in PLAINTEXTS)


def test_text_that_is_neither_utf8_nor_utf16_is_refused_in_one_line(costing_script, tmp_path):
    path = tmp_path / "state.json"
    path.write_bytes(json.dumps(secret_state()).encode("utf-16-le")[:-1])  # an odd number of bytes
    done = costing_script("estimate", "--state", path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"costing: error: {path}: cannot read (not UTF-8 or UTF-16 text)\n"
