"""Print the lines a golden case (tests/golden/<type slug>/) prices today, in expected.yaml's shape, to
help write it: every line gets `how: TODO`, which you replace with how you checked the price and the
quantity by hand against ../shared/pricing. The expected file is still checked by hand; never paste
this output without doing so.

    .venv/bin/python scripts/golden_lines.py tests/golden/ec2-natGateway
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from costing.errors import InputError  # noqa: E402
from tests.golden_cases import actual, priced  # noqa: E402


def draft(case: Path, type_token: str) -> str:
    resources = actual(priced(case))
    for entry in resources.values():
        for line in entry.get("lines", []):
            line["how"] = "TODO"
    return yaml.safe_dump({"type": type_token, "resources": resources}, sort_keys=False, width=120)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "preview.json").is_file():
        print("usage: golden_lines.py tests/golden/<type slug> (a folder with preview.json)", file=sys.stderr)
        return 2
    case = Path(argv[0])
    expected = case / "expected.yaml"
    type_token = yaml.safe_load(expected.read_text())["type"] if expected.is_file() else "TODO"
    try:
        print(draft(case, type_token), end="")
    except InputError as error:
        print(f"golden_lines: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
