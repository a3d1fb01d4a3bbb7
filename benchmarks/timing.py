"""Shared helpers: time commands as subprocesses (median of several runs, subject and baseline
interleaved so that a busy machine slows both alike) and print the ratio against a target."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path
from time import perf_counter
from typing import Callable, Sequence

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def costing(*args: str) -> list[str]:
    return [PYTHON, "-m", "costing", *args]


def python(code: str) -> list[str]:
    return [PYTHON, "-c", code]


def run_once(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Seconds one run takes; a failing command stops the benchmark with its stderr."""
    start = perf_counter()
    result = subprocess.run(argv, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    seconds = perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"benchmark command failed ({result.returncode}): {' '.join(argv)}\n{result.stderr}")
    return seconds


def compare(subject: Callable[[], float], baseline: Callable[[], float], runs: int) -> tuple[float, float]:
    """Median seconds of `subject` and of `baseline`, run alternately `runs` times each."""
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
    sys.exit(0 if all(results) else 1)
