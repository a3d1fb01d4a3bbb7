"""Where the time of one `costing estimate --stack prod` goes, stage by stage (no target: a map for
whoever wants the next speed-up).

Each run is a fresh interpreter that runs the command line as the `costing` script does, with a
clock around each stage, and prints the stages' milliseconds when it exits; the whole process is timed from
outside, so "interpreter start and exit" is what no stage accounts for. The first run fills the
caches (inventory, parsed prices) and is shown apart; the table gives the medians of the others.

    .venv/bin/python benchmarks/stages.py [runs] [--no-bytecode-cache]     # the table, then -f json

The stages are the command line's own functions, so the script also measures an older checkout:
`git worktree add /tmp/old REV && PYTHONPATH=/tmp/old .venv/bin/python benchmarks/stages.py`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from time import perf_counter

from timing import arguments, python

PROBE = """
import json, sys, time
start = time.perf_counter()
stages = {}

def timed(module, name, label):
    function = getattr(module, name)
    def clocked(*args, **kwargs):
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            stages[label] = stages.get(label, 0.0) + time.perf_counter() - began
    setattr(module, name, clocked)

began = time.perf_counter()
import costing.cli as cli
stages["import the command line (typer)"] = time.perf_counter() - began
began = time.perf_counter()
import pandas
stages["import pandas"] = time.perf_counter() - began
import costing.catalog, costing.estimate, costing.report
timed(cli, "start_inventory", "stack config, cache key, cached inventory")
timed(costing.catalog, "load_catalog", "price snapshot")
timed(costing.estimate, "estimate", "estimate")
timed(costing.report, "render_estimate", "render")
timed(cli, "check_stack_budget", "budget check")
import costing.inventory.stack
timed(costing.inventory.stack.PendingStack, "inventory", "the stack's inventory (the program on a miss)")

def report():
    stages["in this process, all"] = time.perf_counter() - start
    print(json.dumps(stages), file=sys.stderr)

import atexit
atexit.register(report)  # before the script's exit (console_main), which runs atexit handlers
getattr(cli, "console_main", cli.main)()  # an older checkout has main only
"""


def run(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """The stages' seconds of one run, with the whole process's as "wall"."""
    began = perf_counter()
    result = subprocess.run([*python(PROBE), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    wall = perf_counter() - began
    stages = json.loads(result.stderr.strip().splitlines()[-1])
    return {**stages, "interpreter start and exit": wall - stages["in this process, all"], "wall": wall}


def main(runs: int) -> None:
    pandas_alone = statistics.median(_wall(python("import pandas")) for _ in range(runs))
    for fmt in ("table", "json"):
        args = ["estimate", "--stack", "prod", "--format", fmt]
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "COSTING_CACHE_DIR": cache}
            cold = run(args, env)
            warm = [run(args, env) for _ in range(runs)]
        print(f"costing {' '.join(args)}: ms, the first run (caches empty) and the median of {runs} more")
        print(f"{'stage':45} {'cold caches':>12} {'warm':>8}")
        for label in cold:
            print(f"{label:45} {cold[label] * 1000:12.1f} {statistics.median(run[label] for run in warm) * 1000:8.1f}")
        baseline = 'python -c "import pandas" (wall)'
        print(f"{baseline:45} {'':>12} {pandas_alone * 1000:8.1f}\n")


def _wall(argv: list[str]) -> float:
    began = perf_counter()
    subprocess.run(argv, check=True)
    return perf_counter() - began


if __name__ == "__main__":
    main(arguments(default_runs=9))
