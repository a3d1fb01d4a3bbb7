"""`load_stack`: the offline run of a program (through the runner, in the project's interpreter) as
inventory rows, and the cache that makes a repeated estimate skip the run (and the pulumi import)
without ever serving a stale inventory, keeping several entries per stack.

A tiny fake project (tests/tiny_project.py, the `tiny` fixture), written to a temporary folder, stands in
for this project's program so that the tests do not depend on the real components.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import platformdirs
import pytest

from costing.errors import InputError
from costing.inventory import load_stack
from costing.inventory import stack as stack_module
from costing.memo import read_memo, write_memo
from costing.schema import INVENTORY_COLUMNS, SECRET, UNKNOWN
from tests.tiny_project import REPO_ROOT, ROOT, TEMPLATE, TINY_FILES, rows


def entries(cache_folder: Path) -> list[str]:
    return sorted(path.name for path in cache_folder.iterdir())


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
    assert inventory.source == {"kind": "stack", "stack": "test", "project": "tiny", "path": None,
                                "unexpanded_components": [], "unanswered_invokes": []}
    assert inventory.default_region == "eu-west-1"
    by_name = inventory.resources.set_index("name")
    # preview semantics: the template's id is unknown until it is created; the link is kept as a reference
    assert by_name.loc["app-asg", "inputs"]["launchTemplate"] == {"id": UNKNOWN, "version": "$Latest"}
    assert by_name.loc["app-asg", "refs"] == {"launchTemplate": [TEMPLATE]}
    assert by_name.loc["app-asg", "parent"] == ROOT + "tiny:index:App::app"
    assert by_name.loc["app-asg", "inputs"]["desiredCapacity"] == 2
    assert by_name.loc["app-lt", "inputs"]["userData"] == "#!/bin/sh\necho hello\n"
    assert by_name.loc["db", "inputs"]["password"] == SECRET
    assert by_name.loc["ip", "provider"] == ROOT + "pulumi:providers:aws::west"
    assert by_name.loc["db", "provider"] is None
    assert by_name["id"].isna().all()


def test_each_stack_gets_its_own_config(tiny):
    inventory = load_stack("other", tiny, use_cache=False)
    assert inventory.default_region == "us-east-1"
    by_name = inventory.resources.set_index("name")
    assert by_name.loc["app-lt", "inputs"]["instanceType"] == "t3.small"
    assert by_name.loc["db", "region"] == "us-east-1"
    assert by_name.loc["ip", "region"] == "us-west-2"


def test_overrides_and_a_config_file_apply_as_pulumi_preview_takes_them(tiny, tmp_path):
    inventory = load_stack("test", tiny, use_cache=False, overrides=["instanceType=m5.large", "aws:region=ap-south-1"])
    by_name = inventory.resources.set_index("name")
    assert (inventory.default_region, by_name.loc["app-lt", "inputs"]["instanceType"]) == ("ap-south-1", "m5.large")
    assert by_name.loc["app-lt", "inputs"]["userData"] == "#!/bin/sh\necho hello\n"  # the rest of the stack file
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("config:\n  aws:region: sa-east-1\n")
    inventory = load_stack("test", tiny, use_cache=False, config_file=str(elsewhere))
    by_name = inventory.resources.set_index("name")
    assert (inventory.default_region, by_name.loc["app-lt", "inputs"]["instanceType"]) == ("sa-east-1", "t3.micro")
    assert by_name.loc["app-lt", "inputs"].get("userData", "") == ""  # the stack file is not read at all


def test_a_stack_without_a_stack_file_runs_on_the_project_values(tiny, runs):
    inventory = load_stack("prod", tiny)
    assert runs == ["prod"]
    by_name = inventory.resources.set_index("name")
    assert (inventory.default_region, by_name.loc["app-lt", "inputs"]["instanceType"]) == ("us-east-1", "t3.micro")


def test_the_region_falls_back_to_the_aws_environment_as_the_provider_does(tiny, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")
    assert load_stack("prod", tiny, use_cache=False).default_region == "eu-north-1"
    monkeypatch.setenv("AWS_REGION", "eu-south-1")
    assert load_stack("prod", tiny, use_cache=False).default_region == "eu-south-1"
    assert load_stack("test", tiny, use_cache=False).default_region == "eu-west-1"  # aws:region wins


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


def test_a_new_program_file_or_another_override_runs_it_again(tiny, runs):
    load_stack("test", tiny)
    (tiny / "tinyparts" / "extra.py").write_text("VALUE = 1\n")
    load_stack("test", tiny)
    load_stack("test", tiny, overrides=["instanceType=t3.large"])
    load_stack("test", tiny, overrides=["instanceType=t3.large"])
    assert runs == ["test", "test", "test"]


def test_another_version_of_the_interpreters_pulumi_packages_runs_it_again(tiny, runs, monkeypatch):
    load_stack("test", tiny)
    installed = stack_module.interpreter_packages
    monkeypatch.setattr(stack_module, "interpreter_packages",
                        lambda interpreter: [*installed(interpreter), "pulumi_aws-99.0.0.dist-info"])
    load_stack("test", tiny)
    load_stack("test", tiny)
    assert runs == ["test", "test"]
    assert any(name.startswith("pulumi_aws-") for name in installed(stack_module.load_project(tiny).interpreter()))


def test_files_that_are_not_the_program_do_not_matter(tiny, runs):
    load_stack("test", tiny)
    (tiny / "tests" / "test_app.py").write_text("def test_other():\n    pass\n")
    (tiny / "README.md").write_text("# tiny, documented\n")
    (tiny / "build" / "lib").mkdir(parents=True)
    (tiny / "build" / "pyvenv.cfg").write_text("home = /usr/bin\n")  # a virtualenv, whatever its name
    (tiny / "build" / "lib" / "site.py").write_text("X = 1\n")
    load_stack("test", tiny)
    assert runs == ["test"]


def test_several_entries_per_stack_are_kept(tiny, runs, cache_folder, tmp_path):
    copy = tmp_path / "second-checkout"
    shutil.copytree(tiny, copy)
    for checkout in (tiny, copy, tiny, copy):  # two checkouts of one stack do not evict each other
        load_stack("test", checkout)
    load_stack("test", tiny, overrides=["instanceType=t3.large"])
    load_stack("test", tiny)
    load_stack("other", tiny)
    assert runs == ["test", "test", "test", "other"]
    assert [name.split(".")[1] for name in entries(cache_folder)].count("test") == 3


def test_a_stacks_entries_but_the_ones_used_last_are_dropped(tiny, runs, cache_folder):
    for size in range(stack_module.KEPT_PER_STACK + 2):
        load_stack("test", tiny, overrides=[f"instanceType=t3.size{size}"])
    assert len(entries(cache_folder)) == stack_module.KEPT_PER_STACK
    load_stack("test", tiny, overrides=["instanceType=t3.size9"])  # the last one is kept
    assert len(runs) == stack_module.KEPT_PER_STACK + 2
    assert all(name.startswith("tiny.test.") and name.endswith(".memo") for name in entries(cache_folder))


@pytest.mark.parametrize("damage", [b"", b"not a memo", pickle.dumps({"protocol": 1, "ok": True, "resources": []}),
                                    {"rows": []}, {"protocol": 1, "ok": False}])
def test_a_corrupt_cache_entry_is_ignored_and_rewritten(tiny, runs, cache_folder, damage):
    expected = load_stack("test", tiny).resources
    [entry] = cache_folder.iterdir()
    if isinstance(damage, bytes):
        entry.write_bytes(damage)
    else:  # a whole memo, of a value that is not a runner's answer
        write_memo(entry, damage)
    pd.testing.assert_frame_equal(load_stack("test", tiny).resources, expected)
    assert runs == ["test", "test"]
    assert read_memo(entry)["ok"] is True
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


def test_a_required_key_without_value_fails_before_any_run(tiny, runs):
    (tiny / "Pulumi.yaml").write_text(TINY_FILES["Pulumi.yaml"] + "  owner:\n    type: string\n")
    with pytest.raises(InputError) as error:
        load_stack("prod", tiny)
    assert str(error.value) == (
        "stack 'prod' has no stack file stacks/Pulumi.prod.yaml (stacks with one: other, test): required config "
        "key 'tiny:owner' has no value; set it with `pulumi config set owner <value> --stack prod`, or give it "
        "with -c tiny:owner=VALUE")
    assert runs == []


def test_program_files_leave_out_tests_caches_virtualenvs_and_other_projects(tiny):
    (tiny / "tinyparts" / "__pycache__").mkdir()
    (tiny / "tinyparts" / "__pycache__" / "app.py").write_text("")
    (tiny / "venv").mkdir()
    (tiny / "venv" / "pyvenv.cfg").write_text("")
    (tiny / "venv" / "site.py").write_text("")
    (tiny / "examples" / "other").mkdir(parents=True)
    (tiny / "examples" / "other" / "Pulumi.yaml").write_text("name: other\nruntime: python\n")
    (tiny / "examples" / "other" / "__main__.py").write_text("")
    (tiny / ".git").mkdir()
    (tiny / ".git" / "hook.py").write_text("")
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


def test_a_node_programs_key_is_its_sources_package_files_and_installed_pulumi_packages(tmp_path):
    root = tmp_path / "site"
    files = {"Pulumi.yaml": "name: site\nruntime: nodejs\nmain: infra/\n", "Pulumi.dev.yaml": "config: {}\n",
             "package.json": '{"name": "site"}', "package-lock.json": "{}", "infra/index.ts": "export const a = 1;\n",
             "infra/lib/names.mjs": "export const b = 2;\n", "infra/tsconfig.json": "{}", "README.md": "# site\n",
             "node_modules/@pulumi/aws/package.json": '{"version": "7.48.0"}',
             "node_modules/@pulumi/aws/index.js": "", "node_modules/typescript/package.json": '{"version": "5.9.3"}'}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)

    def key() -> str:
        project = stack_module.load_project(root)
        config = stack_module.stack_config(project, "dev")
        request = stack_module.runner_request(project, config)
        return stack_module.cache_key(project, config, request, project.interpreter(), root)

    keys = [key()]
    for name, text in [("README.md", "# site, documented\n"), ("node_modules/@pulumi/aws/index.js", "// built\n")]:
        (root / name).write_text(text)  # not the program, nor what is installed: the same key
        assert key() == keys[0], name
    for name, text in [("infra/index.ts", "export const a = 2;\n"), ("infra/lib/names.mjs", "export const b = 3;\n"),
                       ("infra/tsconfig.json", '{"compilerOptions": {}}'), ("package.json", '{"name": "site2"}'),
                       ("package-lock.json", '{"lockfileVersion": 3}'), ("yarn.lock", "# yarn\n"),
                       ("node_modules/@pulumi/aws/package.json", '{"version": "7.49.0"}'),
                       ("node_modules/@pulumi/random/package.json", '{"version": "4.21.2"}'),
                       ("node_modules/typescript/package.json", '{"version": "5.9.2"}'),
                       ("Pulumi.yaml", "name: site\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n"
                                       "main: infra/\n")]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
        keys.append(key())
        assert keys[-1] not in keys[:-1], name
