"""`start_stack`: load_stack in two halves, the program running in a worker process meanwhile.

The tiny project of tests/tiny_project.py, as in tests/test_inventory_stack.py. On a cache miss the
program runs in another process (this one's runner is never called), gives exactly the rows of an
in-process run and fills the same cache; a hit starts no process; the run's errors reach the caller as
they are.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from costing.errors import InputError
from costing.inventory import load_stack
from costing.inventory import worker as worker_module
from costing.inventory.stack import start_stack
from tests.tiny_project import REPO_ROOT, rows


def refs(inventory) -> list[dict]:
    """Each row's references, URN lists sorted (the SDK collects a property's dependencies in a set)."""
    return [{key: sorted(urns) for key, urns in row_refs.items()} for row_refs in inventory.resources["refs"]]


def test_a_miss_runs_the_program_in_a_worker_with_the_rows_of_a_run_here(tiny, runs):
    pending = start_stack("test", tiny)
    assert pending.cached is None
    inventory = pending.inventory()
    assert runs == []  # this process's runner was not called
    here = load_stack("test", tiny, use_cache=False)
    assert runs == ["test"]
    assert rows(inventory) == rows(here) and len(rows(inventory)) == 5
    assert refs(inventory) == refs(here)
    by_name = inventory.resources.set_index("name")
    assert by_name.loc["app-asg", "inputs"]["desiredCapacity"] == 2
    assert by_name.loc["db", "inputs"]["password"] == "[secret]"
    assert inventory.source == {"kind": "stack", "stack": "test", "project": "tiny", "path": None}
    assert inventory.default_region == "eu-west-1"


def test_the_worker_fills_the_cache_that_load_stack_reads(tiny, runs, cache_folder):
    from_worker = start_stack("test", tiny).inventory()
    assert [path.name.split(".")[:2] for path in cache_folder.iterdir()] == [["tiny", "test"]]
    assert rows(load_stack("test", tiny)) == rows(from_worker)
    assert runs == []


def test_a_hit_starts_no_worker(tiny, monkeypatch):
    expected = load_stack("test", tiny)

    def no_worker(*args):
        raise AssertionError("a cache hit started a worker")

    monkeypatch.setattr(worker_module, "ProgramWorker", no_worker)
    pending = start_stack("test", tiny)
    assert pending.cached is not None
    assert rows(pending.inventory()) == rows(expected)


def test_without_the_cache_the_worker_runs_and_nothing_is_written(tiny, cache_folder):
    assert len(start_stack("test", tiny, use_cache=False).inventory().resources) == 5
    assert not cache_folder.exists()


def test_a_bad_stack_fails_before_any_worker_starts(tiny, monkeypatch):
    monkeypatch.setattr(worker_module, "ProgramWorker", None)  # calling it would be a TypeError
    with pytest.raises(InputError) as error:
        start_stack("prod", tiny)
    assert str(error.value) == "unknown stack 'prod': no stacks/Pulumi.prod.yaml (stacks: other, test)"


def test_the_programs_own_error_reaches_the_caller_as_it_is(tiny):
    (tiny / "__main__.py").write_text("raise ValueError(\"instanceType 'x1.huge' is not allowed\")\n")
    pending = start_stack("test", tiny)
    with pytest.raises(ValueError) as error:
        pending.inventory()
    assert str(error.value) == "instanceType 'x1.huge' is not allowed"
    assert "in the program's worker process:" in error.value.__notes__[0]


def test_an_input_error_stays_one(tiny):
    (tiny / "__main__.py").unlink()
    with pytest.raises(InputError) as error:
        start_stack("test", tiny).inventory()
    assert str(error.value) == f"{tiny / '__main__.py'}: no Pulumi program to run"


def test_the_caller_imports_neither_pandas_until_it_wants_nor_pulumi_at_all(tiny, cache_folder):
    """What makes the overlap: starting imports no pandas (the caller imports it while the program
    runs), and the rows come back without pulumi."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from costing.inventory.stack import start_stack\n"
        "pending = start_stack('test', Path(sys.argv[1]))\n"
        "started = sorted(name for name in ('pandas', 'pulumi') if name in sys.modules)\n"
        "import pandas\n"
        "inventory = pending.inventory()\n"
        "print(started, len(inventory.resources), 'pulumi' in sys.modules)\n"
    )
    environment = {**os.environ, "COSTING_CACHE_DIR": str(cache_folder.parent)}
    result = subprocess.run([sys.executable, "-c", script, str(tiny)], cwd=REPO_ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] 5 False"
