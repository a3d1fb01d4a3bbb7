"""costing.budget: the one budget key, where an estimate stands against it, and the messages."""

from __future__ import annotations

import shutil

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from costing.budget import (
    BUDGET_KEY,
    EXCEEDED,
    NONE,
    OK,
    WARN,
    BudgetResult,
    budget_from_config,
    check_budget,
)
from costing.errors import InputError
from costing.inventory import PROJECT_ROOT
from costing.inventory.stack_config import load_stack_config


@pytest.fixture
def project(tmp_path):
    """A copy of this project's Pulumi.yaml and stack files, to set budgets in."""
    shutil.copy2(PROJECT_ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(PROJECT_ROOT / "stacks", tmp_path / "stacks")
    return tmp_path


def stack_budget(stack: str, project) -> float | None:
    return budget_from_config(load_stack_config(project, stack))


def set_budget(project, stack: str, value) -> None:
    path = project / "stacks" / f"Pulumi.{stack}.yaml"
    document = yaml.safe_load(path.read_text())
    document["config"][f"webstack:{BUDGET_KEY}"] = value
    path.write_text(yaml.safe_dump(document))


def test_the_key_is_declared_once_with_default_none():
    declared = yaml.safe_load((PROJECT_ROOT / "Pulumi.yaml").read_text())["config"][BUDGET_KEY]
    assert (declared["type"], declared["default"]) == ("integer", 0)
    assert [stack_budget(stack, PROJECT_ROOT) for stack in ("dev", "staging", "prod")] == [None, None, None]


def test_a_stack_file_sets_the_budget(project):
    set_budget(project, "prod", 1200)
    assert (stack_budget("prod", project), stack_budget("dev", project)) == (1200.0, None)
    set_budget(project, "dev", 0)
    assert stack_budget("dev", project) is None


def test_a_negative_budget_names_the_key_and_the_file(project):
    set_budget(project, "dev", -5)
    with pytest.raises(InputError) as error:
        stack_budget("dev", project)
    assert str(error.value) == (f"{project / 'stacks' / 'Pulumi.dev.yaml'}: config key 'webstack:monthlyBudgetUsd' "
                                "must be a whole number of US dollars of 0 (no budget) or more, got -5")


def test_a_budget_that_is_not_a_number_is_refused(project):
    """Pulumi.yaml types it (an integer), so the stack's config is refused as the CLI refuses it."""
    set_budget(project, "dev", "lots")
    with pytest.raises(InputError) as error:
        stack_budget("dev", project)
    assert str(error.value) == (f"{project / 'stacks' / 'Pulumi.dev.yaml'}: config key 'webstack:monthlyBudgetUsd' "
                                "must be of type integer, got 'lots'")


def test_levels_and_messages():
    assert check_budget(700, None, "prod") == BudgetResult(NONE)
    assert check_budget(700, 0, "prod") == BudgetResult(NONE)
    assert check_budget(799.99, 1000, "prod") == BudgetResult(OK)
    assert check_budget(800, 1000, "prod") == BudgetResult(
        WARN, "stack prod: monthly estimate $800.00 is 80% of its budget of $1,000.00 (warning from 80%)")
    assert check_budget(1000, 1000, "prod").level == WARN  # at the budget is not above it
    assert check_budget(1000.01, 1000, "prod") == BudgetResult(
        EXCEEDED, "stack prod: monthly estimate $1,000.01 is above its budget of $1,000.00 (100% of the budget)")
    assert check_budget(1500, 1000, None).message == (
        "the stack: monthly estimate $1,500.00 is above its budget of $1,000.00 (150% of the budget)")
    assert check_budget(1500, 1000, "prod").exceeded and not check_budget(900, 1000, "prod").exceeded


def test_an_incomplete_estimate_never_passes_its_budget_silently():
    # a floor under the budget: a warning, however far under; over it: exceeded, and said to be a floor
    assert check_budget(100, 1000, "prod", gaps=1) == BudgetResult(
        WARN, "stack prod: monthly estimate $100.00 is 10% of its budget of $1,000.00, but the real total may be "
              "higher (incomplete: 1 billable resource unpriced or partly priced, not wholly counted)")
    assert check_budget(900, 1000, "prod", gaps=3).message == (
        "stack prod: monthly estimate $900.00 is 90% of its budget of $1,000.00 (warning from 80%) (incomplete: 3 "
        "billable resources unpriced or partly priced, not wholly counted)")
    assert check_budget(1200, 1000, "prod", gaps=2) == BudgetResult(
        EXCEEDED, "stack prod: monthly estimate $1,200.00 is above its budget of $1,000.00 (120% of the budget) "
                  "(incomplete: 2 billable resources unpriced or partly priced, not wholly counted)")
    assert check_budget(100, None, "prod", gaps=5) == BudgetResult(NONE)  # no budget, nothing to check


RANK = {OK: 0, WARN: 1, EXCEEDED: 2}


@given(st.floats(min_value=1, max_value=1e7), st.floats(min_value=0, max_value=2e7),
       st.floats(min_value=0, max_value=2e7))
def test_the_level_only_rises_with_the_estimate(budget, first, second):
    low, high = sorted((first, second))
    assume(abs(high - 0.8 * budget) > 1e-6 * budget)  # the 80% boundary itself is checked above, exactly
    assert RANK[check_budget(low, budget, "s").level] <= RANK[check_budget(high, budget, "s").level]
    assert check_budget(high, budget, "s").exceeded == (high > budget)
    assert (check_budget(high, budget, "s").level == WARN) == (0.8 * budget <= high <= budget)
