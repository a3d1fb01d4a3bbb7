"""Shared helpers: time commands as subprocesses (median of several runs, subject and baseline
interleaved so that a busy machine slows both alike) and print the ratio against a target.

Every command, subject and baseline alike, runs with Python's bytecode cache on, in a folder of the
system's temporary directory (PYTHONPYCACHEPREFIX), as on an ordinary installation: a shell that sets
PYTHONDONTWRITEBYTECODE (these sessions' does) would otherwise make every run compile costing's own
modules again (0.05-0.1 s), which no installed copy pays; the site-packages ship compiled.
`--no-bytecode-cache` measures with the caller's environment as it is.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter
from typing import Callable, Sequence

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BYTECODE_CACHE = Path(tempfile.gettempdir()) / "costing-bench-pycache"
NO_BYTECODE_CACHE = "--no-bytecode-cache"


def arguments(default_runs: int) -> int:
    """`[runs] [--no-bytecode-cache]` of a benchmark's command line: the runs; sets the environment."""
    given = [argument for argument in sys.argv[1:] if argument != NO_BYTECODE_CACHE]
    if NO_BYTECODE_CACHE not in sys.argv[1:]:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    print(f"bytecode cache: {os.environ.get('PYTHONPYCACHEPREFIX', 'as the environment says')}; "
          f"load average {', '.join(f'{load:.2f}' for load in os.getloadavg())}")
    return int(given[0]) if given else default_runs


def costing(*args: str) -> list[str]:
    return [PYTHON, "-m", "costing", *args]


def python(code: str) -> list[str]:
    return [PYTHON, "-c", code]


def run_once(argv: Sequence[str], env: dict[str, str] | None = None, cwd: Path = PROJECT_ROOT) -> float:
    """Seconds one run takes (in `cwd`); a failing command stops the benchmark with its stderr."""
    start = perf_counter()
    result = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    seconds = perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"benchmark command failed ({result.returncode}): {' '.join(argv)}\n{result.stderr}")
    return seconds


def compare(subject: Callable[[], float], baseline: Callable[[], float], runs: int) -> tuple[float, float]:
    """Median seconds of `subject` and of `baseline`, run alternately `runs` times each, after one
    untimed run of each (it fills the bytecode and disk caches)."""
    baseline()
    subject()
    subject_times, baseline_times = [], []
    for _ in range(runs):
        baseline_times.append(baseline())
        subject_times.append(subject())
    return statistics.median(subject_times), statistics.median(baseline_times)


def verdict(label: str, seconds: float, baseline_label: str, baseline_seconds: float, target: float) -> bool:
    """Print `label: 1.234 s = 1.21x baseline (target <= 1.3x) ok` and say whether the target is met."""
    ratio = seconds / baseline_seconds
    met = ratio <= target
    print(f"{label}: {seconds:.3f} s = {ratio:.2f}x {baseline_label} ({baseline_seconds:.3f} s); "
          f"target <= {target}x: {'ok' if met else 'MISSED'}")
    return met


def within(label: str, seconds: float, limit: float) -> bool:
    met = seconds < limit
    print(f"{label}: {seconds:.3f} s; target < {limit} s: {'ok' if met else 'MISSED'}")
    return met


def finish(results: list[bool]) -> None:
    """Exit 1 when a target was missed, so the benchmark can gate a CI job."""
    print(f"load average {', '.join(f'{load:.2f}' for load in os.getloadavg())}")
    sys.exit(0 if all(results) else 1)
