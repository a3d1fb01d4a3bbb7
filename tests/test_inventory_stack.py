"""`load_stack`: the offline run of a program as inventory rows, and the cache that makes a repeated
estimate skip the run (and the pulumi import) without ever serving a stale inventory.

A tiny fake project (tests/tiny_project.py, the `tiny` fixture), written to a temporary folder, stands in
for this project's program so that the tests do not depend on the real components.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pandas as pd
import platformdirs
import pytest

from costing.errors import InputError
from costing.inventory import load_stack
from costing.inventory import stack as stack_module
from costing.memo import read_frame_memo
from costing.schema import INVENTORY_COLUMNS, SECRET
from tests.tiny_project import REPO_ROOT, ROOT, TEMPLATE, rows


def test_rows_of_a_program_run_parents_first_siblings_by_type(tiny):
    inventory = load_stack("test", tiny, use_cache=False)
    assert list(inventory.resources.columns) == INVENTORY_COLUMNS
    assert rows(inventory) == [
        ("aws:ec2/eip:Eip", "ip", "", "us-west-2", True),  # explicit provider in another region
        ("aws:rds/instance:Instance", "db", "", "eu-west-1", True),
        ("tiny:index:App", "app", "app", "eu-west-1", False),
        ("aws:autoscaling/group:Group", "app-asg", "app", "eu-west-1", True),
        ("aws:ec2/launchTemplate:LaunchTemplate", "app-lt", "app", "eu-west-1", True),
    ]
    assert inventory.source == {"kind": "stack", "stack": "test", "project": "tiny", "path": None}
    assert inventory.default_region == "eu-west-1"
    by_name = inventory.resources.set_index("name")
    assert by_name.loc["app-asg", "refs"] == {"launchTemplate": [TEMPLATE]}
    assert by_name.loc["app-asg", "parent"] == ROOT + "tiny:index:App::app"
    assert by_name.loc["app-asg", "inputs"]["desiredCapacity"] == 2
    assert by_name.loc["app-lt", "inputs"]["userData"] == "#!/bin/sh\necho hello\n"
    assert by_name.loc["db", "inputs"]["password"] == SECRET
    assert by_name.loc["ip", "provider"] == ROOT + "pulumi:providers:aws::west"
    assert by_name.loc["db", "provider"] is None
    assert by_name.loc["app", "id"] is None
    assert by_name.loc["app-asg", "id"].startswith("group-")


def test_each_stack_gets_its_own_config(tiny):
    inventory = load_stack("other", tiny, use_cache=False)
    assert inventory.default_region == "us-east-1"
    by_name = inventory.resources.set_index("name")
    assert by_name.loc["app-lt", "inputs"]["instanceType"] == "t3.small"
    assert by_name.loc["db", "region"] == "us-east-1"
    assert by_name.loc["ip", "region"] == "us-west-2"


def test_an_unchanged_stack_is_read_from_the_cache(tiny, runs):
    first = load_stack("test", tiny)
    second = load_stack("test", tiny)
    assert runs == ["test"]
    pd.testing.assert_frame_equal(first.resources, second.resources)
    assert second.source == first.source and second.default_region == "eu-west-1"


@pytest.mark.parametrize("change", [
    "tinyparts/app.py", "__main__.py", "Pulumi.yaml", "stacks/Pulumi.test.yaml", "requirements.txt",
    "init.sh",  # read by the program because the stack's config names it
])
def test_changing_an_input_of_the_program_runs_it_again(tiny, runs, change):
    load_stack("test", tiny)
    with (tiny / change).open("a") as handle:
        handle.write("\n# changed\n")
    load_stack("test", tiny)
    load_stack("test", tiny)
    assert runs == ["test", "test"]


def test_a_new_program_file_runs_it_again(tiny, runs):
    load_stack("test", tiny)
    (tiny / "tinyparts" / "extra.py").write_text("VALUE = 1\n")
    load_stack("test", tiny)
    assert runs == ["test", "test"]


@pytest.mark.parametrize("package", ["pulumi", "pulumi-aws"])
def test_another_installed_package_version_runs_it_again(tiny, runs, monkeypatch, package):
    load_stack("test", tiny)
    installed = stack_module.package_version
    monkeypatch.setattr(stack_module, "package_version",
                        lambda name: "99.0.0" if name == package else installed(name))
    load_stack("test", tiny)
    load_stack("test", tiny)
    assert runs == ["test", "test"]


def test_files_that_are_not_the_program_do_not_matter(tiny, runs):
    load_stack("test", tiny)
    (tiny / "tests" / "test_app.py").write_text("def test_other():\n    pass\n")
    (tiny / "README.md").write_text("# tiny, documented\n")
    (tiny / ".venv" / "lib").mkdir(parents=True)
    (tiny / ".venv" / "lib" / "site.py").write_text("X = 1\n")
    load_stack("test", tiny)
    assert runs == ["test"]


def test_each_stack_has_its_own_entry(tiny, runs, cache_folder):
    load_stack("test", tiny)
    load_stack("other", tiny)
    load_stack("test", tiny)
    load_stack("other", tiny)
    assert runs == ["test", "other"]
    assert sorted(path.name.split(".")[1] for path in cache_folder.iterdir()) == ["other", "test"]


def test_a_changed_stack_replaces_its_entry_atomically(tiny, runs, cache_folder):
    load_stack("test", tiny)
    (tiny / "stacks" / "Pulumi.test.yaml").write_text("config:\n  aws:region: eu-west-2\n")
    assert load_stack("test", tiny).default_region == "eu-west-2"
    entries = list(cache_folder.iterdir())
    assert len(entries) == 1  # the stale entry is gone, no temporary file is left
    assert entries[0].name.startswith("tiny.test.") and entries[0].suffix == ".pkl"
    assert list(read_frame_memo(entries[0], INVENTORY_COLUMNS).columns) == INVENTORY_COLUMNS


@pytest.mark.parametrize("damage", [b"", b"not a memo", pickle.dumps({"rows": []})])
def test_a_corrupt_cache_entry_is_ignored_and_rewritten(tiny, runs, cache_folder, damage):
    expected = load_stack("test", tiny).resources
    [entry] = cache_folder.iterdir()
    entry.write_bytes(damage)
    pd.testing.assert_frame_equal(load_stack("test", tiny).resources, expected)
    assert runs == ["test", "test"]
    pd.testing.assert_frame_equal(read_frame_memo(entry, INVENTORY_COLUMNS), expected)
    load_stack("test", tiny)
    assert runs == ["test", "test"]


def test_without_the_cache_it_always_runs_and_writes_nothing(tiny, runs, cache_folder):
    load_stack("test", tiny, use_cache=False)
    load_stack("test", tiny, use_cache=False)
    assert runs == ["test", "test"]
    assert not cache_folder.exists()


def test_an_unwritable_cache_only_costs_speed(tiny, runs, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("COSTING_CACHE_DIR", str(blocker))  # the cache folder cannot be created
    assert len(load_stack("test", tiny).resources) == 5
    assert len(load_stack("test", tiny).resources) == 5
    assert runs == ["test", "test"]


def test_cache_folder_defaults_to_the_user_cache(monkeypatch):
    monkeypatch.delenv("COSTING_CACHE_DIR")
    assert stack_module.cache_dir() == Path(platformdirs.user_cache_dir("costing")) / "inventory"


def test_an_unknown_stack_lists_the_known_ones(tiny, runs):
    with pytest.raises(InputError) as error:
        load_stack("prod", tiny)
    assert str(error.value) == "unknown stack 'prod': no stacks/Pulumi.prod.yaml (stacks: other, test)"
    assert runs == []


def test_program_files_leave_out_tooling_and_tests(tiny):
    (tiny / "benchmarks").mkdir()
    (tiny / "benchmarks" / "bench.py").write_text("")
    (tiny / "tinyparts" / "__pycache__").mkdir()
    (tiny / "tinyparts" / "__pycache__" / "app.py").write_text("")
    found = [str(path.relative_to(tiny)) for path in stack_module.program_files(tiny)]
    assert found == ["__main__.py", "tinyparts/__init__.py", "tinyparts/app.py"]


def test_a_cache_hit_does_not_import_pulumi(tiny, cache_folder):
    load_stack("test", tiny)  # fills the cache in this process
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from costing.inventory import load_stack\n"
        "inventory = load_stack('test', Path(sys.argv[1]))\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] in ('pulumi', 'pulumi_aws'))\n"
        "print(len(inventory.resources), loaded)\n"
    )
    environment = {**os.environ, "COSTING_CACHE_DIR": str(cache_folder.parent)}
    result = subprocess.run([sys.executable, "-c", script, str(tiny)], cwd=REPO_ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5 []"
