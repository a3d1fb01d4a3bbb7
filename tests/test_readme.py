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


def priced_types_table() -> str:
    """The README's table of priced types, derived from the rule modules' declarations: every type of
    rules/index.py's RULE_MODULES under its AWS service (report.charts.service_of), `aws:` omitted."""
    from costing.report.charts import service_of
    from costing.rules.index import RULE_MODULES

    by_service: dict[str, list[str]] = {}
    for type_token in RULE_MODULES:
        by_service.setdefault(service_of(type_token), []).append(type_token.split(":")[1])
    rows = [f"| {service} | {', '.join(f'`{short}`' for short in sorted(types))} |"
            for service, types in sorted(by_service.items(), key=lambda item: item[0].casefold())]
    return "\n".join(["| AWS service | Pulumi types |", "| --- | --- |", *rows]) + "\n"


def test_the_priced_types_table_is_the_rules_declarations():
    from costing.rules.index import RULE_MODULES

    readme = (ROOT / "README.md").read_text()
    assert f"Priced resource types: {len(RULE_MODULES)} (`aws:` omitted" in readme
    assert priced_types_table() in readme, "README's priced types table differs from the rules: print " \
                                           "tests.test_readme.priced_types_table() and paste it"
