"""Golden tests per resource type (tests/golden/<type slug>/, see its README): a preview fixture priced on
the embedded snapshot gives exactly the expected lines, each checked by hand (its `how`), to the cent."""

from __future__ import annotations

import pytest

from costing.rules import RULE_MODULES
from tests.golden_cases import GOLDEN, actual, assert_priced_as_expected, cases, expected_of, priced, slug

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_case_prices_exactly_its_expected_lines(case):
    assert_priced_as_expected(actual(priced(case)), expected_of(case))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_case_is_named_after_the_type_it_covers(case):
    types = {entry["type"] for entry in expected_of(case)["resources"].values()}
    assert slug(expected_of(case)["type"]) == case.name and expected_of(case)["type"] in types


def test_every_priced_type_has_a_golden_case():
    assert sorted(slug(type_token) for type_token in RULE_MODULES if not (GOLDEN / slug(type_token)).is_dir()) == []
