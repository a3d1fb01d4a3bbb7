"""(5) `costing estimate --stack dev` in the folder of another project's program (tests/programs/fargate-alb:
a Fargate service behind an ALB in the default VPC, in its own virtualenv), with an empty inventory cache
every run (the parsed price snapshot, made once per machine, stays), against the program's own run: its
interpreter running it under the Pulumi SDK's mocks with preview semantics, as `pulumi preview` runs it
(minus the engine). Target: at most the program's own run plus 0.5 s.

    .venv/bin/python benchmarks/bench_other_project.py [runs] [--no-bytecode-cache]

The program's virtualenv is the test programs' (tests/installed.py builds it once, about 40 s, and keeps it).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from timing import PROJECT_ROOT, arguments, compare, finish, run_once

sys.path.insert(0, str(PROJECT_ROOT))
from tests.installed import PROGRAMS, programs_python  # noqa: E402 (after the repository is on the path)

PROGRAM = "fargate-alb"
MARGIN = 0.5
# The program alone, as the SDK's entry point runs it, against mocks that echo inputs (preview semantics).
OWN_RUN = """\
import asyncio, runpy, sys
import pulumi
from pulumi.runtime import mocks, settings

class Preview(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return "", dict(args.inputs)
    def call(self, args):
        return {"ids": ["subnet-1", "subnet-2"], "id": "vpc-1"}

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
pulumi.runtime.set_all_config({"aws:region": "us-west-2", "web-service:desiredCount": "2"}, [])
mocks.set_mocks(Preview(), project="web-service", stack="dev", preview=True)
settings.set_root_resource(None)
loop.run_until_complete(pulumi.runtime.run_in_stack(lambda: runpy.run_path("__main__.py", run_name="__main__")))
"""


def main(runs: int) -> None:
    python = programs_python()
    costing = Path(sys.executable).parent / "costing"
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / PROGRAM
        shutil.copytree(PROGRAMS / PROGRAM, folder)
        (folder / "venv").symlink_to(python.parent.parent)

        cache = Path(scratch) / "cache"
        environment = {**os.environ, "COSTING_CACHE_DIR": str(cache)}

        def estimate() -> float:
            shutil.rmtree(cache / "inventory", ignore_errors=True)
            return run_once([str(costing), "estimate", "--stack", "dev"], env=environment, cwd=folder)

        seconds, baseline = compare(estimate, lambda: run_once([str(python), "-c", OWN_RUN], cwd=folder), runs)
    extra = seconds - baseline
    met = extra <= MARGIN
    print(f"estimate --stack dev of {PROGRAM}, cold cache: {seconds:.3f} s = the program's own run "
          f"({baseline:.3f} s) + {extra:.3f} s; target <= + {MARGIN} s: {'ok' if met else 'MISSED'}")
    finish([met])


if __name__ == "__main__":
    main(arguments(default_runs=7))
