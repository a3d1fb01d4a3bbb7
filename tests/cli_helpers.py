"""`costing` run in the test's process, as the command-line tests of every module run it."""

from __future__ import annotations

import pytest

from costing.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `costing ARGS`."""
    with pytest.raises(SystemExit) as exited:
        main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return exited.value.code, out, err


def error_line(capsys, *args: str) -> str:
    """The one stderr line of a command that must fail with exit code 2."""
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    return err.rstrip("\n")
