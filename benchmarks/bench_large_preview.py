"""(3) Synthetic preview files of 1,000, 10,000 and 100,000 resources (benchmarks/synthetic.py):
under 2 s at 10,000 and under 15 s at 100,000, and the cost per resource the same between sizes
(linear: no per-row Python loop over prices). `python -c "import pandas"` is timed alongside for scale.

    .venv/bin/python benchmarks/bench_large_preview.py [runs] [--no-bytecode-cache]
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from synthetic import write_preview
from timing import arguments, costing, finish, python, run_once, within

SIZES = (1_000, 10_000, 100_000)
LIMITS = {10_000: 2.0, 100_000: 15.0}


def main(runs: int) -> None:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        files = {size: write_preview(Path(folder) / f"preview-{size}.json", size) for size in SIZES}
        run_once(costing("estimate", "--preview", str(files[SIZES[0]])))  # untimed: fills the bytecode cache
        print(f"import pandas: {statistics.median(run_once(python('import pandas')) for _ in range(runs)):.3f} s")
        for fmt in ("table", "json"):
            seconds = {size: statistics.median(run_once(costing("estimate", "--preview", str(path), "-f", fmt))
                                               for _ in range(runs if size < 100_000 else max(1, runs // 2)))
                       for size, path in files.items()}
            for size, taken in seconds.items():
                label = f"estimate --preview ({size:,} resources) -f {fmt}"
                results.append(within(label, taken, LIMITS[size]) if size in LIMITS
                               else print(f"{label}: {taken:.3f} s") or True)
            small = (seconds[10_000] - seconds[1_000]) / 9
            large = (seconds[100_000] - seconds[10_000]) / 90
            print(f"  {fmt}: seconds per 1,000 more resources: {small:.3f} (1k->10k), {large:.3f} (10k->100k); "
                  f"ratio {large / small:.2f} (1.00 = linear)")
    finish(results)


if __name__ == "__main__":
    main(arguments(default_runs=5))
