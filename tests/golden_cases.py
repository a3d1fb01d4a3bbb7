"""The golden cases of tests/golden/<type slug>/: a `pulumi preview --json` fixture (preview.json), the usage
file it is priced with (usage.yaml, optional) and its expected lines (expected.yaml, checked by hand against
../shared/pricing: each line says how in its `how`). Shared by tests/test_golden.py and
scripts/golden_lines.py, which prints a case's actual lines to help write expected.yaml.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from costing.catalog import EMBEDDED_SNAPSHOT, load_catalog
from costing.estimate import estimate
from costing.inventory import load_preview
from costing.result import Estimate
from costing.usage import load_usage

GOLDEN = Path(__file__).resolve().parent / "golden"
# The rule modules of the application integration, streaming and messaging group, whose golden cases show
# every usage line (tests/test_rules_messaging_usage.py; tests/test_rules_registry.py leaves them out).
MESSAGING_MODULES = {"apigateway", "appsync", "sqs", "sns", "sfn", "eventbridge", "kinesis", "firehose",
                     "kinesisanalytics", "msk", "mq", "transfer", "cognito", "ses"}


def slug(type_token: str) -> str:
    """`aws:ec2/natGateway:NatGateway` -> `ec2-natGateway`: a golden case's folder."""
    return type_token.split(":")[1].replace("/", "-")


def cases() -> list[Path]:
    return sorted(path for path in GOLDEN.iterdir() if (path / "preview.json").is_file())


def priced(case: Path, on: date | None = None) -> Estimate:
    """The case's preview priced on the embedded snapshot, with its usage file when it has one (on the day
    `on`, default today: a case whose price depends on the day gives it)."""
    usage_file = case / "usage.yaml"
    usage = load_usage(usage_file) if usage_file.is_file() else None
    return estimate(load_preview(case / "preview.json"), load_catalog(EMBEDDED_SNAPSHOT), usage=usage, on=on)


def expected_of(case: Path) -> dict:
    return yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))


def assert_priced_as_expected(found: dict[str, dict], expected: dict) -> None:
    """`found` (actual()) is exactly expected.yaml's resources: each one's type, status and reason, and its
    lines in order, field by field, amounts to the cent; every expected line says how it was checked."""
    assert sorted(found) == sorted(expected["resources"]), "every resource of the preview has an expected entry"
    for name, wanted in expected["resources"].items():
        got = found[name]
        assert (got["type"], got["status"], got.get("reason", "")) == (
            wanted["type"], wanted["status"], wanted.get("reason", "")), name
        wanted_lines, got_lines = wanted.get("lines", []), got.get("lines", [])
        assert [line["description"] for line in got_lines] == [line["description"] for line in wanted_lines], name
        for want, line in zip(wanted_lines, got_lines):
            where = f"{name}: {want['description']}"
            assert want.get("how"), f"{where}: say how the line was checked by hand (`how`)"
            for field in ("price", "unit", "usage", "reason", "note"):
                assert line.get(field) == want.get(field), f"{where}: {field}"
            for field, tolerance in (("quantity", 1e-9), ("unit_usd", 1e-12), ("monthly_usd", 0.005)):
                if want.get(field) is None:
                    assert line.get(field) is None, f"{where}: {field} {line.get(field)}, expected none"
                else:
                    assert line.get(field) == pytest.approx(want[field], abs=tolerance), f"{where}: {field}"


def price_key(line: Any) -> str:
    """`ec2/t3.micro/linux-ondemand-shared`, `vpc/public-ipv4-in-use`: a line's price identity."""
    return "/".join(part for part in (line.service, line.item, line.variant) if part)


def _number(value: float) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    rounded = round(float(value), 10)
    return int(rounded) if rounded.is_integer() else rounded


def actual(result: Estimate) -> dict[str, dict]:
    """Per resource name: status, reason (when not priced) and lines, in expected.yaml's shape."""
    lines_by_urn: dict[str, list[dict]] = {}
    for line in result.lines.itertuples(index=False):
        entry = {"description": line.description, "price": price_key(line), "quantity": _number(line.quantity),
                 "unit": line.unit, "unit_usd": _number(line.unit_usd), "monthly_usd": _number(
                     round(line.monthly_usd, 6) if not pd.isna(line.monthly_usd) else None)}
        if line.usage:
            entry["usage"] = True
        if line.reason:
            entry["reason"] = line.reason
        if line.note:
            entry["note"] = line.note
        lines_by_urn.setdefault(line.urn, []).append(entry)
    resources = {}
    for resource in result.resources.itertuples(index=False):
        entry: dict[str, Any] = {"type": resource.type, "status": resource.status}
        if resource.reason:
            entry["reason"] = resource.reason
        if resource.urn in lines_by_urn:
            entry["lines"] = lines_by_urn[resource.urn]
        resources[resource.name] = entry
    return resources
