"""A cold `costing estimate --stack prod` of this checkout against another checkout's, alternately (median
of 7 runs each, empty caches every run): did a change make the cold path slower, whatever the load?

    git archive REV | tar -x -C /tmp/old && .venv/bin/python benchmarks/compare_cold.py /tmp/old [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from timing import PROJECT_ROOT, PYTHON, arguments


def cold(root: str) -> float:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "COSTING_CACHE_DIR": cache, "PYTHONPATH": root}
        start = time.perf_counter()
        subprocess.run([PYTHON, "-m", "costing", "estimate", "--stack", "prod"], cwd=root, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - start


def main(other: str, runs: int) -> None:
    cold(other), cold(str(PROJECT_ROOT))
    theirs, ours = [], []
    for _ in range(runs):
        theirs.append(cold(other))
        ours.append(cold(str(PROJECT_ROOT)))
    print(f"cold estimate --stack prod: {other} {statistics.median(theirs):.3f} s, this checkout "
          f"{statistics.median(ours):.3f} s (medians of {runs}; load average "
          f"{', '.join(f'{load:.2f}' for load in os.getloadavg())})")


if __name__ == "__main__":
    other_checkout = sys.argv.pop(1)
    main(other_checkout, arguments(default_runs=7))
