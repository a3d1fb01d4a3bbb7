"""(6) `costing estimate --stack dev` in the folder of a TypeScript program (tests/programs/ts-web-server:
an EC2 web server, type-checked as Pulumi type-checks it, with its own node_modules), two ways:

- cold (an empty inventory cache every run; the parsed price snapshot, made once per machine, stays)
  against the program's own run: node running it under the Pulumi SDK's mocks with preview semantics
  through ts-node with the options Pulumi's language host gives it, as `pulumi preview` runs it (minus
  the engine). Target: at most the program's own run plus 0.5 s.
- warm (the inventory cached) against the same warm estimate of a Python program of the same size
  (tests/programs/fargate-alb). Target: at most 1.1x.

    .venv/bin/python benchmarks/bench_node_project.py [runs] [--no-bytecode-cache]

The programs' node_modules and virtualenv are the tests' (tests/installed.py builds them once and keeps them).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from timing import PROJECT_ROOT, arguments, compare, finish, run_once, verdict

sys.path.insert(0, str(PROJECT_ROOT))
from tests.installed import PROGRAMS, node_modules, programs_python  # noqa: E402 (after the repository is on the path)

PROGRAM, TWIN = "ts-web-server", "fargate-alb"
MARGIN = 0.5
WARM_TARGET = 1.1
# The program alone, as the language host runs it: ts-node registered with the options run.ts gives it
# (tsconfig.json's compilerOptions over its defaults, type-checked), against mocks that echo inputs.
OWN_RUN = """\
const fs = require("fs");
Object.assign(process.env, {PULUMI_NODEJS_DRY_RUN: "true", PULUMI_NODEJS_PROJECT: "web-server",
    PULUMI_NODEJS_STACK: "dev",
    PULUMI_CONFIG: JSON.stringify({"aws:region": "us-east-2", "web-server:instanceType": "t3.small"})});
const pulumi = require("@pulumi/pulumi");
const ts = require("typescript");
const compilerOptions = ts.parseConfigFileTextToJson("tsconfig.json", fs.readFileSync("tsconfig.json", "utf8")).config.compilerOptions;
require("ts-node").register({compiler: require.resolve("typescript"), project: "tsconfig.json", skipProject: false,
    compilerOptions: {target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions}});
class Preview {
    newResource(args) { return {id: "", state: args.inputs}; }
    call(args) { return {id: "ami-0123456789abcdef0"}; }
}
pulumi.runtime.setMocks(new Preview(), "web-server", "dev", true)
    .then(() => pulumi.runtime.runInPulumiStack(() => require("./index.ts")))
    .then(() => pulumi.runtime.waitForRPCs());
"""


def main(runs: int) -> None:
    costing = Path(sys.executable).parent / "costing"
    node = shutil.which("node")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / PROGRAM
        shutil.copytree(PROGRAMS / PROGRAM, folder)
        (folder / "node_modules").symlink_to(node_modules(), target_is_directory=True)
        twin = Path(scratch) / TWIN
        shutil.copytree(PROGRAMS / TWIN, twin)
        (twin / "venv").symlink_to(programs_python().parent.parent)

        cache = Path(scratch) / "cache"
        environment = {**os.environ, "COSTING_CACHE_DIR": str(cache)}
        environment.pop("PULUMI_NODEJS_TRANSPILE_ONLY", None)

        def estimate(where: Path) -> float:
            return run_once([str(costing), "estimate", "--stack", "dev"], env=environment, cwd=where)

        def cold() -> float:
            shutil.rmtree(cache / "inventory", ignore_errors=True)
            return estimate(folder)

        seconds, baseline = compare(cold, lambda: run_once([node, "-e", OWN_RUN], env=environment, cwd=folder), runs)
        warm, warm_twin = compare(lambda: estimate(folder), lambda: estimate(twin), runs)
    extra = seconds - baseline
    met = extra <= MARGIN
    print(f"estimate --stack dev of {PROGRAM}, cold cache: {seconds:.3f} s = the program's own run under node "
          f"({baseline:.3f} s) + {extra:.3f} s; target <= + {MARGIN} s: {'ok' if met else 'MISSED'}")
    finish([met, verdict(f"estimate --stack dev of {PROGRAM}, cached", warm, f"{TWIN} (Python), cached", warm_twin,
                         WARM_TARGET)])


if __name__ == "__main__":
    main(arguments(default_runs=5))
