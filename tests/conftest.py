"""Shared test helpers: run a program or one component offline under the SDK's mocks, run the installed
`costing` script, give every test a costing cache folder of its own, and the tiny project of
tests/tiny_project.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest

from costing.inventory.program import ProgramRun, run_program
from costing.inventory.runners import client
from tests.tiny_project import TINY_FILES

COSTING_SCRIPT = Path(sys.executable).with_name("costing")  # the console script `make install` put beside python


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory, monkeypatch) -> Path:
    """The costing cache folder of this test alone (empty at its start): never the developer's real one (a
    refreshed price cache there would change prices; a stale inventory would hide a fresh run), and never
    another test's, so that no test depends on which ran before it."""
    folder = tmp_path_factory.mktemp("costing-cache")
    monkeypatch.setenv("COSTING_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """The temporary folder git worktrees are made in (tempfile's), to check that nothing is left there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def costing_script(cache_dir) -> Callable[..., subprocess.CompletedProcess]:
    """costing_script(*args, **run_options): the installed `costing` script run as a user would, with this
    test's cache folder; stdout and stderr captured as text unless `stdout`/`stderr` are given, stdin
    empty unless `input` or `stdin` is."""

    def run(*args: Any, env: dict[str, str] | None = None, timeout: float = 120, **options: Any
            ) -> subprocess.CompletedProcess:
        options.setdefault("stdout", subprocess.PIPE)
        options.setdefault("stderr", subprocess.PIPE)
        if "input" not in options:
            options.setdefault("stdin", subprocess.DEVNULL)
        environment = {**os.environ, "COSTING_CACHE_DIR": str(cache_dir), **(env or {})}
        return subprocess.run([str(COSTING_SCRIPT), *map(str, args)], env=environment, timeout=timeout,
                              text=True, encoding="utf-8", errors="replace", check=False, **options)

    return run


@pytest.fixture
def cache_folder(cache_dir) -> Path:
    """The stack inventories' folder in this test's cache folder."""
    return cache_dir / "inventory"


@pytest.fixture
def tiny(tmp_path, monkeypatch) -> Path:
    """tests/tiny_project.py's project, written to a folder of this test's; no AWS region in the environment
    (a stack without aws:region falls back to it, as the provider does)."""
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    project = tmp_path / "tiny"
    for name, text in TINY_FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    return project


@pytest.fixture
def runs(monkeypatch) -> list[str]:
    """The stacks whose program really ran (a runner started: a cache miss), in order."""
    ran: list[str] = []
    real_init = client.RunnerJob.__init__

    def counting_init(self, request, *args, **kwargs):
        ran.append(request["stack"])
        real_init(self, request, *args, **kwargs)

    monkeypatch.setattr(client.RunnerJob, "__init__", counting_init)
    return ran


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
