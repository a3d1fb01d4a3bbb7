"""benchmarks/synthetic.py, the preview the speed benchmarks price: every priced type in it, its references
whole, and each copy of a golden case priced as the first copy is (copies that shared a name or a network
interface priced as one resource's targets, or as a second mirror session, before they were renamed)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from costing.catalog import load_catalog
from costing.estimate import estimate
from costing.inventory import load_preview
from costing.rules.index import RULE_MODULES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synthetic  # noqa: E402

ROUND = sum(len(unit(0)) for unit in synthetic.round_units())


@pytest.fixture(scope="module")
def two_rounds() -> dict:
    return synthetic.preview_document(2 * ROUND)


def test_a_round_has_every_priced_type_and_a_third_to_a_half_of_priced_resources(two_rounds):
    types = [step["newState"]["type"] for step in two_rounds["steps"][2:ROUND + 2]]
    assert set(RULE_MODULES) <= set(types)
    assert 1 / 3 <= sum(type_token in RULE_MODULES for type_token in types) / len(types) <= 1 / 2


def test_urns_are_unique_and_every_reference_is_to_an_earlier_resource(two_rounds):
    seen: set[str] = set()
    for step in two_rounds["steps"]:
        state = step["newState"]
        references = [state.get("parent"), *(ref for refs in state.get("propertyDependencies", {}).values()
                                             for ref in refs)]
        references += [provider.rpartition("::")[0] for provider in (step.get("provider"), state.get("provider"))
                       if provider]
        assert {reference for reference in references if reference} <= seen, step["urn"]
        assert step["urn"] not in seen
        seen.add(step["urn"])


def test_each_copy_prices_as_the_first_copy(two_rounds, tmp_path):
    path = tmp_path / "synthetic.json"
    path.write_text(json.dumps(two_rounds))
    resources = estimate(load_preview(path), load_catalog()).resources
    first, second = resources.iloc[:len(resources) // 2], resources.iloc[len(resources) // 2:]
    assert len(first) == len(second) > ROUND / 2
    assert set(RULE_MODULES) <= set(first["type"])
    for column in ("type", "status", "reason"):
        assert first[column].tolist() == second[column].tolist()
    for column in ("hourly_usd", "monthly_usd"):
        assert first[column].fillna(-1).round(6).tolist() == second[column].fillna(-1).round(6).tolist()
