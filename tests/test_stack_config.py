"""Config merging as the Pulumi CLI does it for `pulumi preview`: Pulumi.yaml values and defaults, then the
stack file (or --config-file), then -c KEY=VALUE."""

from pathlib import Path

import pytest

from costing.errors import InputError
from costing.inventory.stack_config import available_stacks, load_stack_config, stack_config
from costing.project import load_project
from costing.schema import UNKNOWN

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


def test_required_key_without_value_names_key_and_stack_file(tmp_path):
    project = make_project(tmp_path, {"dev": "config:\n  aws:region: us-east-1\n"})
    with pytest.raises(InputError) as error:
        load_stack_config(project, "dev")
    assert str(error.value) == (
        f"{project}/stacks/Pulumi.dev.yaml: required config key 'demo:environment' has no value; "
        "set it with `pulumi config set environment <value> --stack dev`, or give it with -c demo:environment=VALUE"
    )


def test_a_bad_stack_file_value_is_kept_for_the_program_to_refuse_first(tmp_path):
    """A stack's run (stack.py) lets the program refuse its own settings first, naming the key as it does
    under `pulumi preview` (components/settings.py); check=False keeps the CLI's refusal as the fallback."""
    project = make_project(tmp_path, {"dev": "config:\n  demo:environment: dev\n  demo:azCount: two\n"})
    config = stack_config(load_project(project), "dev", check=False)
    assert config.values == {"demo:environment": "dev", "demo:azCount": "two", "demo:zones": []}
    assert config.problem == (f"{project}/stacks/Pulumi.dev.yaml: config key 'demo:azCount' must be of type "
                              "integer, got 'two'")


def test_a_stack_without_a_file_runs_on_project_values_and_names_the_stacks_that_have_one(tmp_path):
    project = make_project(tmp_path, {"dev": "config: {}\n", "prod": "config: {}\n"})
    with pytest.raises(InputError) as error:
        load_stack_config(project, "qa")
    assert str(error.value) == (
        "stack 'qa' has no stack file stacks/Pulumi.qa.yaml (stacks with one: dev, prod): required config key "
        "'demo:environment' has no value; set it with `pulumi config set environment <value> --stack qa`, or "
        "give it with -c demo:environment=VALUE")
    config = load_stack_config(project, "acme/demo/qa", overrides=["environment=qa"])
    assert (config.stack, config.has_stack_file, config.values) == (
        "acme/demo/qa", False, {"demo:environment": "qa", "demo:azCount": 2, "demo:zones": []})
    assert config.stack_file == project / "stacks" / "Pulumi.qa.yaml"
    assert available_stacks(project) == ["dev", "prod"]


def test_overrides_win_and_are_typed_as_declared(tmp_path):
    project = make_project(tmp_path, {"dev": "config:\n  demo:environment: dev\n  demo:azCount: 3\n"})
    config = load_stack_config(project, "dev", overrides=["demo:azCount=4", "zones=[\"us-east-1a\"]",
                                                          "aws:region=eu-west-1", "environment=a=b"])
    assert config.values == {"demo:environment": "a=b", "demo:azCount": 4, "demo:zones": ["us-east-1a"],
                             "aws:region": "eu-west-1"}
    assert config.as_engine_config()["demo:azCount"] == "4" and config.region == "eu-west-1"
    assert config.overrides == ("demo:azCount", "demo:zones", "aws:region", "demo:environment")


@pytest.mark.parametrize("override, message", [
    ("azCount", "-c/--config 'azCount': expected KEY=VALUE, as in -c aws:region=eu-west-1"),
    ("=3", "-c/--config '=3': expected KEY=VALUE, as in -c aws:region=eu-west-1"),
    ("azCount=two", "-c/--config: config key 'demo:azCount' must be of type integer, got 'two'"),
    ("zones=us-east-1a", "-c/--config 'zones=us-east-1a': demo:zones is of type array: give it as JSON, "
                         "as in -c zones='[\"a\", \"b\"]'"),
])
def test_bad_overrides_name_the_option(tmp_path, override, message):
    project = make_project(tmp_path, {"dev": "config:\n  demo:environment: dev\n"})
    with pytest.raises(InputError) as error:
        load_stack_config(project, "dev", overrides=[override])
    assert str(error.value) == message


def test_a_config_file_replaces_the_stack_file(tmp_path):
    project = make_project(tmp_path, {"dev": "config:\n  demo:environment: dev\n"})
    other = tmp_path / "ci.yaml"
    other.write_text("config:\n  demo:environment: ci\n")
    config = load_stack_config(project, "dev", config_file=other)
    assert (config.values["demo:environment"], config.stack_file) == ("ci", other)
    with pytest.raises(InputError, match=r"^--config-file .*missing.yaml: file not found$"):
        load_stack_config(project, "dev", config_file=tmp_path / "missing.yaml")


@pytest.mark.parametrize("value", ["3", "'3'", "3.0"])
def test_integers_are_checked_as_the_cli_checks_them(tmp_path, value):
    project = make_project(tmp_path, {"dev": f"config:\n  demo:environment: dev\n  demo:azCount: {value}\n"})
    assert load_stack_config(project, "dev").as_engine_config()["demo:azCount"] in ("3", "3.0")


def test_wrong_type_is_rejected(tmp_path):
    project = make_project(tmp_path, {"dev": "config:\n  demo:environment: dev\n  demo:azCount: two\n"})
    with pytest.raises(InputError) as error:
        load_stack_config(project, "dev")
    assert str(error.value).endswith("config key 'demo:azCount' must be of type integer, got 'two'")


def test_secure_values_are_kept_secret(tmp_path):
    project = make_project(tmp_path, {"dev": "config:\n  demo:environment: dev\n"
                                             "  demo:token:\n    secure: AAABAJ3kYw==\n"})
    config = load_stack_config(project, "dev")
    assert config.values["demo:token"] == UNKNOWN  # never decrypted: the program sees an unknown value
    assert config.secret_keys == frozenset({"demo:token"})


def test_secure_values_inside_objects_are_unknown_and_make_the_key_secret(tmp_path):
    project = make_project(tmp_path, {"dev": "config:\n  demo:environment: dev\n"
                                             "  demo:db:\n    user: app\n    password:\n      secure: AAAB\n"})
    config = load_stack_config(project, "dev")
    assert config.values["demo:db"] == {"user": "app", "password": UNKNOWN}
    assert config.secret_keys == frozenset({"demo:db"})


def test_malformed_yaml_names_the_file(tmp_path):
    project = make_project(tmp_path, {"dev": "config: [unclosed\n"})
    with pytest.raises(InputError, match=r"Pulumi.dev.yaml: not valid YAML"):
        load_stack_config(project, "dev")


def test_esc_environments_are_named_never_read(tmp_path):
    """A stack file's `environment:` imports Pulumi ESC environments from Pulumi Cloud: costing cannot open
    them offline, and a key they would set is missing with a message that says why."""
    project = make_project(tmp_path, {
        "dev": "environment:\n  - acme/common\n  - acme/dev\nconfig:\n  demo:azCount: 3\n",
        "qa": "environment:\n  imports:\n    - acme/qa\n"})
    config = stack_config(load_project(project), "dev", check=False)
    assert config.environments == ("acme/common", "acme/dev")
    assert config.problem == (
        f"{project}/stacks/Pulumi.dev.yaml: required config key 'demo:environment' has no value (the stack file "
        "imports the Pulumi ESC environments acme/common, acme/dev, which costing cannot read offline); set it with "
        "`pulumi config set environment <value> --stack dev`, or give it with -c demo:environment=VALUE")
    assert load_stack_config(project, "qa", overrides=["environment=qa"]).environments == ("acme/qa",)
