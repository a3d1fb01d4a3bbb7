"""Golden tests per resource type (tests/golden/<type slug>/, see its README): a preview fixture priced on
the embedded snapshot gives exactly the expected lines, each checked by hand (its `how`), to the cent."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from costing.rules import RULE_MODULES
from tests.golden_cases import GOLDEN, actual, cases, priced, slug

CASES = cases()


def expected_of(case: Path) -> dict:
    return yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_case_prices_exactly_its_expected_lines(case):
    expected = expected_of(case)
    found = actual(priced(case))
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


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_case_is_named_after_the_type_it_covers(case):
    types = {entry["type"] for entry in expected_of(case)["resources"].values()}
    assert slug(expected_of(case)["type"]) == case.name and expected_of(case)["type"] in types


def test_every_priced_type_has_a_golden_case():
    assert sorted(slug(type_token) for type_token in RULE_MODULES if not (GOLDEN / slug(type_token)).is_dir()) == []
