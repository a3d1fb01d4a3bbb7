"""(4) `costing regions` over every region of the catalog against a single-region `costing estimate` of
the same input: the prod stack (warm inventory cache) and a 10,000-resource synthetic preview.

    .venv/bin/python benchmarks/bench_regions.py [runs] [--no-bytecode-cache]
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from synthetic import write_preview
from timing import arguments, compare, costing, finish, run_once, verdict

TARGET = 1.3


def main(runs: int) -> None:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "COSTING_CACHE_DIR": folder}
        run_once(costing("estimate", "--stack", "prod"), env=env)  # fills the inventory cache
        preview = str(write_preview(Path(folder) / "preview-10000.json", 10_000))
        for label, source in (("--stack prod", ["--stack", "prod"]), ("--preview (10,000 resources)",
                                                                      ["--preview", preview])):
            seconds, baseline = compare(
                lambda: run_once(costing("regions", *source, "--regions", "all", "-f", "json"), env=env),
                lambda: run_once(costing("estimate", *source, "-f", "json"), env=env), runs)
            results.append(verdict(f"regions {label} --regions all", seconds, "estimate of the same input",
                                   baseline, TARGET))
    finish(results)


if __name__ == "__main__":
    main(arguments(default_runs=7))
