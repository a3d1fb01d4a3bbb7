"""Shared test helpers: run a program or one component offline under the SDK's mocks."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from costing.inventory.program import ProgramRun, run_program


def engine_config(values: dict[str, Any]) -> dict[str, str]:
    """Config as the engine passes it: strings, with lists and maps JSON-encoded."""
    return {key: value if isinstance(value, str) else json.dumps(value) for key, value in values.items()}


@pytest.fixture
def run_offline() -> Callable[..., ProgramRun]:
    """run_offline(program, region="us-east-1", config={...}, stack="test") -> ProgramRun."""

    def run(program: Callable[[], None], *, region: str = "us-east-1", config: dict[str, Any] | None = None,
            stack: str = "test") -> ProgramRun:
        return run_program(program, project="webstack", stack=stack, config=engine_config(config or {}),
                           region=region)

    return run
