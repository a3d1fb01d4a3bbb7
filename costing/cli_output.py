"""Where the command line's output goes: stdout (styled for a terminal when it is one) or a file
written atomically, with a confirmation on stderr."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Iterable

from costing.errors import InputError

REPORT_WIDTH = 100


def terminal_style(output: str | None = None) -> dict:
    """Colour and the terminal's width when the table goes to a terminal; plain and 100 columns otherwise."""
    if output is not None or not sys.stdout.isatty():
        return {"width": REPORT_WIDTH, "color": False}
    color = "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    return {"width": shutil.get_terminal_size().columns, "color": color}


def emit(text: str | Iterable[str], output: str | None, what: str) -> None:
    """Print to stdout, or write `output` (atomically when it is a file: costing.atomic.write_output) and say
    so on stderr. `text` may come in pieces, written as they are made (a report as it is rendered)."""
    pieces = [text] if isinstance(text, str) else text
    if output is None:
        sys.stdout.writelines(pieces)
        sys.stdout.flush()
        return
    from costing.atomic import write_output

    folder = Path(output).parent
    if not folder.is_dir():
        raise InputError(f"--output {output}: folder {folder} does not exist; create it or choose another path")
    try:
        write_output(output, pieces)
    except OSError as error:
        raise InputError(f"--output {output}: cannot write it ({error.strerror or error})") from None
    print(f"costing: wrote the {what} to {output}", file=sys.stderr)
