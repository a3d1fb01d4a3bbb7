"""`costing usage template`: the usage file to fill in for a stack, preview or state: every usage key its
resources' lines read, with the key's unit and meaning and the unit price of the lines it feeds, each value
null (no value yet). It loads back through `--usage-file` as it is, changing nothing until values are set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from costing.report.common import source_label, unit_price
from costing.result import Estimate
from costing.rules import usage_keys


@dataclass(frozen=True)
class TemplateKey:
    name: str
    unit: str
    description: str
    priced: str  # the unit price of the (first) line it feeds: "$0.09/GB for data transfer out (first 10 TB)"


@dataclass(frozen=True)
class TemplateEntry:
    resource: str  # the resource's name, or its URN when another resource with usage lines has the same name
    type: str
    keys: tuple[TemplateKey, ...]


def template(estimate: Estimate) -> list[TemplateEntry]:
    """An entry per resource with usage lines, in the estimate's order, with the keys its lines read. A name
    that resources without usage lines share is still the entry's (its values reach only the lines that read
    them: a KMS key named like the topic it encrypts reads none)."""
    resources = estimate.resources
    usage = estimate.lines[estimate.lines["usage"].astype(bool)]
    taken = resources.loc[resources["urn"].isin(set(usage["urn"])), "name"].value_counts()
    entries = []
    for urn, lines in usage.groupby("urn", sort=False):
        row = resources[resources["urn"] == urn].iloc[0]
        declared = {key.name: key for key in usage_keys(row["type"])}
        feeds: dict[str, str] = {}
        for line in lines.itertuples(index=False):
            for name in line.usage_key.split("*"):
                feeds.setdefault(name, f"{unit_price(line.unit_usd, line.unit)} for {line.description}")
        keys = tuple(TemplateKey(name, declared[name].unit, declared[name].description, priced)
                     for name, priced in feeds.items())
        entries.append(TemplateEntry(row["name"] if taken[row["name"]] == 1 else urn, row["type"], keys))
    return entries


def render(entries: list[TemplateEntry], estimate: Estimate) -> str:
    """The template as YAML: comments say what each key is and what it is priced at."""
    out = [f"# Usage file for {source_label(estimate.source)}, from `costing usage template`.",
           "# Set the values you expect (null: none yet, the line shows its unit price); use it with --usage-file.",
           "resources:" if entries else "resources: {}  # no resource here has usage-based costs"]
    for entry in entries:
        out.append(f"  {json.dumps(entry.resource)}:  # {entry.type}")
        for key in entry.keys:
            out.append(f"    {key.name}: null  # {key.description} ({key.unit}): {key.priced}")
    return "\n".join(out) + "\n"
