"""Make docs/report-prod.png: the HTML report of a stack, made by the project's own command and
photographed whole by headless Chromium (the README shows it).

    python scripts/screenshot_report.py                       # prod -> docs/report-prod.png
    python scripts/screenshot_report.py --stack dev --output /tmp/dev.png

Runs `python -m costing report --stack STACK --output <temporary>.html` exactly as a user would, then
opens the file in Debian's chromium (scripts/headless_chromium.py) and fails if the page logged an
error or asked for anything but itself.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from costing.atomic import write_bytes_atomic  # noqa: E402
from scripts.headless_chromium import Browser, find_chromium  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", default="prod", help="the stack to report on (default: prod)")
    parser.add_argument("--output", type=Path, default=None, help="the PNG to write (default: docs/report-STACK.png)")
    parser.add_argument("--width", type=int, default=1280, help="the browser window's width in pixels")
    options = parser.parse_args(argv)
    output = options.output or PROJECT_ROOT / "docs" / f"report-{options.stack}.png"
    chromium = find_chromium()
    if chromium is None:
        print("screenshot_report: no chromium: apt-get install -y chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="costing-report-") as folder:
        page_file = Path(folder) / f"report-{options.stack}.html"
        subprocess.run([sys.executable, "-m", "costing", "report", "--stack", options.stack, "--output",
                        str(page_file)], cwd=PROJECT_ROOT, check=True)
        with Browser(chromium, width=options.width) as browser:
            page = browser.open(page_file.as_uri())
            picture = page.screenshot(Path(folder) / "report.png")
            problems = page.console_errors() + [url for url in page.requests() if url != page_file.as_uri()]
    if problems:
        print(f"screenshot_report: the page was not clean, no screenshot written: {problems}", file=sys.stderr)
        return 1
    write_bytes_atomic(output, picture)
    print(f"screenshot_report: wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
