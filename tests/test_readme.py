"""The README documents what the code does: every setting with its real default."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _rendered(value) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value == "":
        return '`""`'
    return f"`{value}`"


def test_every_setting_is_documented_with_its_default():
    readme = (ROOT / "README.md").read_text()
    config = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())["config"]
    for key, spec in config.items():
        default = _rendered(spec["default"]) if "default" in spec else "**required**"
        assert f"| `{key}` | {spec['type']} | {default} |" in readme, key


def test_readme_names_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make estimate" in readme and "make test" in readme
