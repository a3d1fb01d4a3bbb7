"""The README documents what the code does: every setting with its real default, every `costing` option it
names, the JSON document's fields, and the output it shows (the stacks' resource counts, the dev
estimate, the prod region comparison and the pull-request comment are real output, checked here)."""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

import pytest
import typer
import yaml

from costing import review as review_module
from costing.catalog import load_catalog
from costing.cli import app, main
from costing.estimate import compare_regions, estimate
from costing.inventory import load_stack
from costing.report import render_estimate, render_regions
from costing.report.json_doc import estimate_document
from tests.git_project import shared_inventory_cache, shared_repository

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
# What changes from day to day or from commit to commit in real output, made the same on both sides.
_VARYING = [(re.compile(r"\(\d+ days? to \d+ days? old\)"), "(N days to M days old)"),
            (re.compile(r"\(\d+ days? old\)"), "(N days old)"),
            (re.compile(r"(oldest: \w[\w-]*, )\d+ days"), r"\1N days"),
            (re.compile(r"git:(?:main|base):dev \([0-9a-f]{7}\)"), "git:main:dev (COMMIT)")]


def _rendered(value) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value == "":
        return '`""`'
    return f"`{value}`"


def test_every_setting_is_documented_with_its_default():
    config = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())["config"]
    for key, spec in config.items():
        default = _rendered(spec["default"]) if "default" in spec else "**required**"
        assert f"| `{key}` | {spec['type']} | {default} |" in README, key


def test_readme_names_the_two_setup_commands():
    assert "make estimate" in README and "make test" in README


def block_after(marker: str) -> list[str]:
    """The lines of the fenced block that follows `marker` in the README."""
    after = README[README.index(marker):]
    start = after.index("```")
    body = after[after.index("\n", start) + 1:]
    return body[:body.index("```")].rstrip("\n").split("\n")


def steady(lines: list[str]) -> list[str]:
    for pattern, replacement in _VARYING:
        lines = [pattern.sub(replacement, line) for line in lines]
    return lines


def shown(marker: str) -> list[str]:
    """The lines of output the README shows after `marker`, excerpts' `...` lines left out."""
    return steady([line for line in block_after(marker) if line.strip() != "..."])


# --- options ------------------------------------------------------------------------------------------

def commands() -> dict[str, set[str]]:
    """`costing` command (`estimate`, `prices refresh`, ...) -> its options."""
    found = {}

    def walk(command, path):
        if isinstance(command, typer.core.TyperGroup):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found[" ".join(path)] = {option for param in command.params for option in param.opts
                                     if option.startswith("--")}

    walk(typer.main.get_command(app), ())
    return found


def test_every_option_the_readme_gives_a_costing_command_exists():
    options = commands()
    uses = re.findall(r"costing ((?:prices )?[a-z]+)\b([^`\n]*)", README)
    assert len(uses) > 20
    for command, rest in uses:
        if command not in options:
            continue  # prose: "costing prices" as a noun
        rest = rest.split("|")[0] if command == "diff" and "--preview" not in rest else rest
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest):
            assert option in options[command], f"costing {command} {option}: no such option"


# --- what the README shows ------------------------------------------------------------------------

def stacks_in_table() -> list[str]:
    header = next(line for line in README.splitlines() if line.startswith("| | dev"))
    return [cell.strip() for cell in header.strip("|").split("|")[1:]]


@pytest.fixture(scope="module")
def estimates(tmp_path_factory) -> dict:
    """The README's stacks priced as `costing estimate --stack` prices them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COSTING_CACHE_DIR", str(tmp_path_factory.mktemp("readme-cache")))
        catalog = load_catalog()
        return {stack: estimate(load_stack(stack), catalog) for stack in stacks_in_table()}


def test_the_stacks_table_counts_the_resources_an_estimate_prices(estimates):
    row = next(line for line in README.splitlines() if line.startswith("| resources priced by `costing estimate`"))
    counts = [int(cell) for cell in row.strip("|").split("|")[1:]]
    assert counts == [int(estimates[stack].totals["resources"]) for stack in stacks_in_table()]


def test_the_dev_estimate_shown_is_real_output(estimates):
    real = steady(render_estimate(estimates["dev"], "table", today=date.today(), width=100, color=False)
                  .rstrip("\n").split("\n"))
    lines = shown("What `make estimate` prints")
    assert len(lines) > 20 and [line for line in lines if line not in real] == []
    assert "Total: $84.00/month ($0.1151/hour)" in lines  # (and the NAT and RDS sums below it use its lines)


def test_the_region_comparison_shown_is_real_output(estimates):
    comparison = compare_regions(load_stack("prod"), load_catalog())
    real = render_regions(comparison, "table", width=100, color=False).rstrip("\n").split("\n")
    lines = shown("`costing regions --stack prod` (excerpt)")
    assert len(lines) > 5 and [line for line in lines if line not in real] == []


def test_the_json_fields_listed_are_the_documents(estimates):
    sentence = README[README.index("`--format json` is a stable schema"):]
    sentence = sentence[:sentence.index(")")]
    listed = set(re.findall(r"`(\w+)(?:\[\])?`", sentence)) - {"lines"}  # (lines: each resource's)
    document = estimate_document(estimates["dev"], date.today())
    assert listed == set(document) - {"schema"} | {"pricing"}  # pricing: under a reserved term only
    assert all("lines" in resource for resource in document["resources"])


def test_the_pull_request_comment_shown_is_real_output(capsys, tmp_path_factory, monkeypatch):
    """The README's comment, made in tests/git_project.py's repository, whose `head` commit makes the change
    the README describes (dev's database db.t4g.micro -> db.t4g.medium, NAT per AZ) on top of `base`."""
    repository = shared_repository(tmp_path_factory)
    monkeypatch.setenv("COSTING_CACHE_DIR", str(shared_inventory_cache(tmp_path_factory)))
    monkeypatch.setattr(review_module, "review", functools.partial(review_module.review, project_dir=repository))
    with pytest.raises(SystemExit) as exited:  # (--budget: the repository's head sets a $150 budget, the README's not)
        main(["diff", "git:base:dev", "dev", "--format", "markdown", "--max-increase", "50", "--budget", "1000"])
    out, _ = capsys.readouterr()
    assert exited.value.code == 1  # as the README says: the increase is above $50
    assert shown("--format markdown --max-increase 50` writes") == steady(out.rstrip("\n").split("\n"))
