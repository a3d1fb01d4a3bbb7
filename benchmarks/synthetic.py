"""Synthetic `pulumi preview --json` documents of any size, shaped like a real AWS program's.

Resources come in rounds (900 today): every golden case (tests/golden/<case>/preview.json, 406 resources: a
few of each of the 144 priced types, in the shapes real programs give them, with the free resources they
reference), each followed by its share of one resource of every free type of costing/rules/free.py (489),
other providers' (random, tls, command) and an unpriced one (Glacier vaults: no rule prices them). So 41% of
the resources are of priced types (at 10,000: 34% priced or partly priced, 5% unpriced as their golden case
has them, the rest free or not AWS) and every rule module, the price merge and the reports do their share of
work. Each copy of a case has its own number in its names (`api-3130`): URNs, the names its inputs give
(NAME_INPUTS) and every reference to either (propertyDependencies, parents, its own providers,
`dbClusterIdentifier`) are renamed alike, so each copy prices as its golden case does; every resource uses the
document's one default aws provider. No usage file: usage lines stay "depends on usage".

    python benchmarks/synthetic.py 10000 > preview-10k.json
"""

from __future__ import annotations

import json
import re
import sys
from itertools import count, islice
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from costing.rules.free import FREE_TYPES  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
PROJECT = "urn:pulumi:bench::synthetic::"
GOLDEN_PROVIDER = "urn:pulumi:golden::shop::pulumi:providers:aws::default_7_51_1"  # every case's default
STACK_URN = PROJECT + "pulumi:pulumi:Stack::synthetic-bench"
PROVIDER_URN = PROJECT + "pulumi:providers:aws::default"
PROVIDER_REF = PROVIDER_URN + "::00000000-0000-4000-8000-000000000001"
OTHERS = ["aws:glacier/vault:Vault", "random:index/randomPassword:RandomPassword",
          "tls:index/privateKey:PrivateKey", "command:local:Command"]

# Inputs in which a resource gives its own name; other resources may refer to it by that name (an RDS proxy
# target's dbClusterIdentifier, an ECS service's task family, a scaling target's `table/orders`). And the
# network interface a traffic mirror session names: one per copy, as one per program (a session on an
# interface that has one already is free).
NAME_INPUTS = frozenset({"name", "identifier", "clusterIdentifier", "family", "networkInterfaceId"})

Step = dict
Copy = Callable[[int], list[Step]]  # the steps of a unit of the round in its copy of that number


def golden_case(path: Path) -> Copy:
    """The steps of a golden preview but its stack and default provider, as a function of the copy's
    number: URNs (the project's and the resources' names), the names the inputs give (NAME_INPUTS) and
    every reference to them renamed."""
    steps = [step for step in json.loads(path.read_text())["steps"]
             if step["newState"]["type"] != "pulumi:pulumi:Stack"
             and step["urn"] != GOLDEN_PROVIDER]
    own = {step["urn"] for step in steps}
    inputs = [_named_inputs(step["newState"].get("inputs"), _names_pattern(steps)) for step in steps]

    def copy(number: int) -> list[Step]:
        def urn(old: str) -> str:
            return f"{PROJECT}{old.split('::', 2)[2]}-{number}" if old in own else STACK_URN

        def provider(old: str) -> str:
            target, _, ident = old.rpartition("::")
            return f"{urn(target)}::{ident}" if target in own else PROVIDER_REF

        def state(old: dict, named: Callable[[int], dict | None]) -> dict:
            new = {**old, "urn": urn(old["urn"]), "parent": urn(old.get("parent", ""))}
            if "inputs" in old:
                new["inputs"] = named(number)
            if "provider" in old:
                new["provider"] = provider(old["provider"])
            if "propertyDependencies" in old:
                new["propertyDependencies"] = {key: [urn(ref) for ref in refs]
                                               for key, refs in old["propertyDependencies"].items()}
            return new

        return [{**step, "urn": urn(step["urn"]), "newState": state(step["newState"], named),
                 **({"provider": provider(step["provider"])} if "provider" in step else {})}
                for step, named in zip(steps, inputs)]
    return copy


def _names_pattern(steps: list[Step]) -> re.Pattern | None:
    """Where the names that the case's resources give themselves (NAME_INPUTS) appear in an input's JSON:
    a whole string, a path segment (`table/orders`) or an ARN's last part; never a member's key."""
    names = {value for step in steps for key, value in (step["newState"].get("inputs") or {}).items()
             if key in NAME_INPUTS and isinstance(value, str) and re.fullmatch(r"[\w.-]+", value)}
    if not names:
        return None
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(f'(?<=["/:])({alternatives})(?=/|"(?!:))')


def _named_inputs(inputs: dict | None, names: re.Pattern | None) -> Callable[[int], dict | None]:
    """The inputs of a copy: the same object for every copy when they hold no name, else a new one with each
    name suffixed before its first dot (`orders-7`, `jobs-7.fifo`, `corp-7.example.com`)."""
    text = json.dumps(inputs)
    if names is None or not names.search(text):
        return lambda number: inputs

    def renamed(number: int) -> dict:
        return json.loads(names.sub(lambda found: re.sub(r"^[^.]+", rf"\g<0>-{number}", found[1]), text))
    return renamed


def bare(type_token: str) -> Copy:
    """One resource of a type with no inputs (free or not AWS: its rule reads none)."""
    def copy(number: int) -> list[Step]:
        urn = f"{PROJECT}{type_token}::{type_token.rpartition(':')[2].lower()}-{number}"
        return [{"op": "create", "urn": urn, "newState": {
            "urn": urn, "custom": True, "type": type_token, "inputs": {}, "parent": STACK_URN}}]
    return copy


def round_units() -> list[Copy]:
    """One round: each golden case (by folder name) followed by its share of the bare types."""
    cases = [golden_case(path) for path in sorted(GOLDEN.glob("*/preview.json"))]
    others = [bare(token) for token in sorted(FREE_TYPES) + OTHERS]
    share = len(others) / len(cases)
    return [unit for index, case in enumerate(cases)
            for unit in [case, *others[round(index * share):round((index + 1) * share)]]]


def resource_steps(units: list[Copy]) -> Iterator[Step]:
    """The units round after round, each unit's copy numbered apart from every other's."""
    for number in count(len(units)):
        yield from units[number % len(units)](number)


def preview_document(resources: int, region: str = "us-east-1") -> dict:
    """A stack, its default aws provider and `resources` resources, round after round (the last one cut
    where the count ends: a golden case lists what a resource references before it)."""
    head = [{"op": "create", "urn": STACK_URN,
             "newState": {"urn": STACK_URN, "custom": False, "type": "pulumi:pulumi:Stack"}},
            {"op": "create", "urn": PROVIDER_URN, "newState": {
                "urn": PROVIDER_URN, "custom": True, "type": "pulumi:providers:aws",
                "inputs": {"region": region, "version": "7.51.1"}, "parent": STACK_URN}}]
    return {"config": {"aws:region": region},
            "steps": head + list(islice(resource_steps(round_units()), resources))}


def write_preview(path: Path, resources: int) -> Path:
    path.write_text(json.dumps(preview_document(resources)))
    return path


if __name__ == "__main__":
    json.dump(preview_document(int(sys.argv[1])), sys.stdout)
