"""Config merging as the Pulumi CLI does it: Pulumi.yaml defaults, then the stack file."""

from pathlib import Path

import pytest

from costing.errors import InputError
from costing.inventory.stack_config import available_stacks, load_stack_config

PROJECT = """\
name: demo
runtime: python
stackConfigDir: stacks
config:
  environment:
    type: string
  azCount:
    type: integer
    default: 2
  zones:
    type: array
    items:
      type: string
    default: []
"""


def make_project(tmp_path: Path, stack_files: dict[str, str]) -> Path:
    (tmp_path / "Pulumi.yaml").write_text(PROJECT)
    (tmp_path / "stacks").mkdir()
    for stack, text in stack_files.items():
        (tmp_path / "stacks" / f"Pulumi.{stack}.yaml").write_text(text)
    return tmp_path


def test_stack_values_override_project_defaults(tmp_path):
    project = make_project(tmp_path, {"dev": "config:\n  aws:region: eu-west-1\n  demo:environment: dev\n"
                                             "  demo:azCount: 3\n  demo:zones: [eu-west-1a]\n"})
    config = load_stack_config(project, "dev")
    assert config.values == {"demo:environment": "dev", "demo:azCount": 3, "demo:zones": ["eu-west-1a"],
                             "aws:region": "eu-west-1"}
    assert config.region == "eu-west-1"
    assert config.as_engine_config() == {"demo:environment": "dev", "demo:azCount": "3",
                                         "demo:zones": '["eu-west-1a"]', "aws:region": "eu-west-1"}


def test_defaults_apply_when_the_stack_is_silent(tmp_path):
    project = make_project(tmp_path, {"dev": "config:\n  demo:environment: dev\n"})
    assert load_stack_config(project, "dev").values["demo:azCount"] == 2


def test_types_and_unset_keys_are_left_to_the_program(tmp_path):
    """The program checks them (components/settings.py), with the same message under `pulumi preview`."""
    project = make_project(tmp_path, {"dev": "config:\n  demo:azCount: two\n"})
    config = load_stack_config(project, "dev")
    assert config.values == {"demo:azCount": "two", "demo:zones": []}
    assert config.as_engine_config() == {"demo:azCount": "two", "demo:zones": "[]"}


def test_unknown_stack_lists_known_stacks(tmp_path):
    project = make_project(tmp_path, {"dev": "config: {}\n", "prod": "config: {}\n"})
    with pytest.raises(InputError, match=r"^unknown stack 'qa': no stacks/Pulumi.qa.yaml \(stacks: dev, prod\)$"):
        load_stack_config(project, "qa")
    assert available_stacks(project) == ["dev", "prod"]


def test_secure_values_are_kept_secret(tmp_path):
    project = make_project(tmp_path, {"dev": "config:\n  demo:environment: dev\n"
                                             "  demo:token:\n    secure: AAABAJ3kYw==\n"})
    config = load_stack_config(project, "dev")
    assert config.values["demo:token"] == "[secret]"
    assert config.secret_keys == frozenset({"demo:token"})


def test_malformed_yaml_names_the_file(tmp_path):
    project = make_project(tmp_path, {"dev": "config: [unclosed\n"})
    with pytest.raises(InputError, match=r"Pulumi.dev.yaml: not valid YAML"):
        load_stack_config(project, "dev")
