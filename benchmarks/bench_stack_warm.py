"""(2) A repeated `costing estimate --stack prod` (the inventory comes from the cache) against
`python -c "import pandas"`: the warm path must not import pulumi.

    .venv/bin/python benchmarks/bench_stack_warm.py [runs] [--no-bytecode-cache]
"""

from __future__ import annotations

import os
import tempfile

from timing import arguments, compare, costing, finish, python, run_once, verdict

TARGET = 1.5


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "COSTING_CACHE_DIR": cache}
        run_once(costing("estimate", "--stack", "prod"), env=env)  # fills the cache
        results = []
        for fmt in ("table", "json"):
            seconds, baseline = compare(lambda: run_once(costing("estimate", "--stack", "prod", "-f", fmt), env=env),
                                        lambda: run_once(python("import pandas")), runs)
            results.append(verdict(f"estimate --stack prod -f {fmt}, warm cache", seconds, "import pandas",
                                   baseline, TARGET))
    finish(results)


if __name__ == "__main__":
    main(arguments(default_runs=9))
