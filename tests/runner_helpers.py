"""What the runner tests of both languages share: the answers table and its cases
(tests/fixtures/answers_cases.json), a runner request for a program folder, and a runner's response."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from costing import schema
from costing.inventory.runners import ANSWERS, PROTOCOL, PYTHON_RUNNER
from costing.inventory.runners.python.costing_answers import Answers, TemplateError, iam_policy_document

TABLE = Answers.load(str(ANSWERS))
CASES = json.loads((Path(__file__).parent / "fixtures" / "answers_cases.json").read_text())["cases"]


def render_case(case: dict) -> dict:
    """{"value": what the Python runner's table answers for a case of answers_cases.json} or {"error"}."""
    answers = Answers({**TABLE.table, **case["table"]}) if "table" in case else TABLE
    try:
        if case["call"] == "invoke":
            return {"value": answers.invoke(case["token"], case["args"], case["region"], case.get("provider"))}
        if case["call"] == "outputs":
            return {"value": answers.outputs(case["type"], case["name"], case["region"])}
        if case["call"] == "zones":
            return {"value": answers.zones(case["region"])}
        return {"value": iam_policy_document(case["args"], minified=case["minified"])}
    except TemplateError as error:
        return {"error": str(error)}


def request_for(folder: Path, **changes) -> dict:
    return {"protocol": PROTOCOL, "project": "demo", "stack": "dev", "organization": "organization",
            "root": str(folder), "pwd": str(folder), "program": ".", "region": "eu-west-3",
            "config": {"demo:team": "data", "demo:token": schema.UNKNOWN}, "secret_keys": ["demo:token"],
            "answers": str(ANSWERS), "options": {}, **changes}


def run_runner(request: dict, runner: list[str] | None = None) -> dict:
    """The response of a runner (`runner`, the command before the descriptor; the Python one by default)."""
    read, write = os.pipe()
    process = subprocess.Popen([*(runner or [sys.executable, str(PYTHON_RUNNER)]), str(write)],
                               stdin=subprocess.PIPE, pass_fds=(write,), cwd=request["pwd"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with process.stdin as channel:
        channel.write(json.dumps(request).encode())
    with os.fdopen(read, "rb") as channel:  # read before waiting: a large response fills the pipe
        response = json.loads(channel.read())
    process.wait()
    return response
