"""Write costing/rules/index.py: which rule module prices each type token (from the modules' TYPES), the
AWS service name of each catalog service and of each type whose module bills under one service (from their
SERVICES), for reports, and which modules declare the volume-tiered prices of each catalog service (from
their PRICES), for the estimate to split a usage quantity across tiers.

An estimate reads the index to import only the modules of the types it meets (60 modules imported
every time would cost more than the estimate). Run it after adding or moving a type or a service; a
test fails while the index is stale. On a merge conflict in index.py, run it again rather than merging
by hand.

    .venv/bin/python scripts/index_rules.py
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from costing.atomic import write_bytes_atomic  # noqa: E402
from costing.rules import all_rule_modules  # noqa: E402
from costing.rules.declare import Tiered  # noqa: E402

INDEX = PROJECT_ROOT / "costing" / "rules" / "index.py"
HEADER = '''"""Which rule module prices each type token, the AWS service name of each catalog service and of each
type whose module bills under one, and which modules declare each service's volume-tiered prices: generated
by scripts/index_rules.py from the modules' TYPES, SERVICES and PRICES (do not edit; run the script again, a
test fails while this is stale)."""
'''


class DuplicateType(Exception):
    """Two modules claim one type, or name one service differently."""


Index = tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, tuple[str, ...]]]


def rule_index() -> Index:
    """(type token -> module name, catalog service -> AWS service name, type token -> the AWS service name of
    its module when the module bills under one, catalog service -> the modules declaring its Tiered prices),
    each sorted by key."""
    types: dict[str, str] = {}
    services: dict[str, tuple[str, str]] = {}
    type_services: dict[str, str] = {}
    tiered: dict[str, list[str]] = {}
    for module in all_rule_modules():
        name = module.__name__.rsplit(".", 1)[-1]
        for entry in module.PRICES:
            if isinstance(entry, Tiered):
                declaring = tiered.setdefault(entry.tiers[0].price.service, [])
                declaring += [name] if name not in declaring else []
        labels = set(getattr(module, "SERVICES", {}).values())
        for type_token in getattr(module, "TYPES", ()):
            if type_token in types:
                raise DuplicateType(f"{type_token} is in the TYPES of both {types[type_token]} and {name}")
            types[type_token] = name
            if len(labels) == 1:
                type_services[type_token] = next(iter(labels))
        for service, label in getattr(module, "SERVICES", {}).items():
            if service in services and services[service][0] != label:
                raise DuplicateType(f"service {service} is {services[service][0]!r} in {services[service][1]} "
                                    f"and {label!r} in {name}")
            services[service] = (label, name)
    return (dict(sorted(types.items())), {service: label for service, (label, _) in sorted(services.items())},
            dict(sorted(type_services.items())), {service: tuple(names) for service, names in sorted(tiered.items())})


def render(index: Index) -> str:
    def value(entry: str | tuple[str, ...]) -> str:
        if isinstance(entry, str):
            return f'"{entry}"'
        return "(" + ", ".join(f'"{name}"' for name in entry) + ("," if len(entry) == 1 else "") + ")"

    names = ("RULE_MODULES", "SERVICE_NAMES", "TYPE_SERVICE_NAMES", "TIERED_MODULES")
    return HEADER + "".join(f"\n{name} = {{\n" + "".join(f'    "{key}": {value(entry)},\n' for key, entry in table.items())
                            + "}\n" for name, table in zip(names, index))


def main() -> int:
    try:
        index = rule_index()
    except DuplicateType as error:
        print(f"index_rules: {error}", file=sys.stderr)
        return 2
    write_bytes_atomic(INDEX, render(index).encode("utf-8"))
    print(f"wrote {INDEX.relative_to(PROJECT_ROOT)}: {len(index[0])} types, {len(index[1])} services")
    return 0


if __name__ == "__main__":
    sys.exit(main())
