"""(1) `costing estimate --stack prod` end to end, with an empty inventory cache every run, against
merely loading what the program needs: pandas and the pulumi_aws classes it uses.

    .venv/bin/python benchmarks/bench_stack_cold.py [runs] [--no-bytecode-cache]
"""

from __future__ import annotations

import os
import tempfile

from timing import arguments, compare, costing, finish, python, run_once, verdict

BASELINE = ("import pandas, pulumi_aws as aws; aws.ec2.Vpc; aws.rds.Instance; aws.lb.LoadBalancer; "
            "aws.autoscaling.Group")
TARGET = 1.3


def cold_estimate() -> float:
    with tempfile.TemporaryDirectory() as cache:
        return run_once(costing("estimate", "--stack", "prod"), env={**os.environ, "COSTING_CACHE_DIR": cache})


def main(runs: int) -> None:
    seconds, baseline = compare(cold_estimate, lambda: run_once(python(BASELINE)), runs)
    finish([verdict("estimate --stack prod, cold cache", seconds, "import pandas + pulumi_aws classes", baseline,
                    TARGET)])


if __name__ == "__main__":
    main(arguments(default_runs=5))
