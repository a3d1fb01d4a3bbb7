"""Shared test helpers: run a program or one component offline under the SDK's mocks."""

from __future__ import annotations

import json
import os
from typing import Any, Callable

import pytest

from costing.inventory.program import ProgramRun, run_program


@pytest.fixture(autouse=True, scope="session")
def isolated_cache_dir(tmp_path_factory) -> None:
    """Every test sees an empty costing cache of its own session, never the developer's real one
    (a refreshed price cache there would change prices; a stale inventory would hide a fresh run)."""
    previous = os.environ.get("COSTING_CACHE_DIR")
    os.environ["COSTING_CACHE_DIR"] = str(tmp_path_factory.mktemp("costing-cache"))
    yield
    if previous is None:
        os.environ.pop("COSTING_CACHE_DIR", None)
    else:
        os.environ["COSTING_CACHE_DIR"] = previous


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
