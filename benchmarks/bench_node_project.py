"""(6) `costing estimate --stack dev` in the folder of a TypeScript program, with its own node_modules:

- cold (an empty inventory cache every run; the parsed price snapshot, made once per machine, stays)
  against the program's own run: node running it under the Pulumi SDK's mocks with preview semantics
  through ts-node with the options Pulumi's language host gives it, as `pulumi preview` runs it (minus
  the engine). Target: at most the program's own run plus 0.5 s. Two programs: tests/programs/
  ts-web-server (an EC2 web server, type-checked as Pulumi type-checks it: most of its run is the type
  check of @pulumi/aws) and ts-static-site (S3 and CloudFront from an exported async function, tsconfig's
  `noCheck`: compiled without type checks, a run of about a second, where costing's own cost shows).
  Besides, the runner alone (costing's Node.js runner given the request costing sends, no Python) against
  the same own run: what the runner costs, apart from costing's own start and pricing.
- warm (the inventory cached), ts-web-server against the same warm estimate of a Python program of the
  same size (tests/programs/fargate-alb). Target: at most 1.1x.

    .venv/bin/python benchmarks/bench_node_project.py [runs] [--no-bytecode-cache]

The programs' node_modules and virtualenv are the tests' (tests/installed.py builds them once and keeps them).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from timing import PROJECT_ROOT, arguments, compare, finish, run_once, verdict

sys.path.insert(0, str(PROJECT_ROOT))
from costing.inventory.runners import NODE_RUNNER  # noqa: E402
from costing.inventory.stack import runner_request  # noqa: E402
from costing.inventory.stack_config import stack_config  # noqa: E402
from costing.project import load_project  # noqa: E402
from tests.installed import PROGRAMS, node_modules, programs_python  # noqa: E402 (after the repository is on the path)

# program -> (project, its stack's config in engine form)
PROGRAMS_RUN = {"ts-web-server": ("web-server", {"aws:region": "us-east-2", "web-server:instanceType": "t3.small"}),
                "ts-static-site": ("static-site", {"aws:region": "eu-west-2", "static-site:indexDocument": "index.html"})}
WARM, TWIN = "ts-web-server", "fargate-alb"
MARGIN = 0.5
WARM_TARGET = 1.1
# The program alone, as the language host runs it: ts-node registered with the options run.ts gives it
# (tsconfig.json's compilerOptions over its defaults; type-checked unless they say noCheck), against mocks
# that echo inputs; its project and config from $BENCH_PROGRAM.
OWN_RUN = """\
const fs = require("fs");
const [project, config] = JSON.parse(process.env.BENCH_PROGRAM);
Object.assign(process.env, {PULUMI_NODEJS_DRY_RUN: "true", PULUMI_NODEJS_PROJECT: project, PULUMI_NODEJS_STACK: "dev",
    PULUMI_CONFIG: JSON.stringify(config)});
const pulumi = require("@pulumi/pulumi");
const ts = require("typescript");
const compilerOptions = ts.parseConfigFileTextToJson("tsconfig.json", fs.readFileSync("tsconfig.json", "utf8")).config.compilerOptions;
require("ts-node").register({compiler: require.resolve("typescript"), project: "tsconfig.json", skipProject: false,
    transpileOnly: compilerOptions.noCheck,
    compilerOptions: {target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions}});
class Preview {
    newResource(args) { return {id: "", state: args.inputs}; }
    call(args) { return {id: "ami-0123456789abcdef0", accountId: "123456789012", json: "{}"}; }
}
pulumi.runtime.setMocks(new Preview(), project, "dev", true)
    .then(() => pulumi.runtime.runInPulumiStack(() => {
        const exported = require("./index.ts");
        return exported instanceof Function ? exported() : exported;
    }))
    .then(() => pulumi.runtime.waitForRPCs())
    .then(() => process.exit(0));  // as the runner ends: without waiting for node's teardown
"""


def main(runs: int) -> None:
    costing = Path(sys.executable).parent / "costing"
    node = shutil.which("node")
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        environment = {**os.environ, "COSTING_CACHE_DIR": str(cache)}
        environment.pop("PULUMI_NODEJS_TRANSPILE_ONLY", None)

        def estimate(where: Path) -> float:
            return run_once([str(costing), "estimate", "--stack", "dev"], env=environment, cwd=where)

        folders = {}
        for program, (project, config) in PROGRAMS_RUN.items():
            folder = folders[program] = Path(scratch) / program
            shutil.copytree(PROGRAMS / program, folder)
            (folder / "node_modules").symlink_to(node_modules(), target_is_directory=True)

            def cold(folder: Path = folder) -> float:
                shutil.rmtree(cache / "inventory", ignore_errors=True)
                return estimate(folder)

            own = {**environment, "BENCH_PROGRAM": json.dumps([project, config])}

            def own_run(folder: Path = folder, own: dict = own) -> float:
                return run_once([node, "-e", OWN_RUN], env=own, cwd=folder)

            loaded = load_project(folder)
            request = Path(scratch) / f"{program}.json"
            request.write_text(json.dumps(runner_request(loaded, stack_config(loaded, "dev"))))
            runner = ["sh", "-c", f'exec "{node}" "{NODE_RUNNER}" 3 < "{request}" 3>/dev/null']
            alone, alone_baseline = compare(lambda: run_once(runner, env=environment, cwd=folder), own_run, runs)
            print(f"the runner alone on {program}: {alone:.3f} s = its own run under node ({alone_baseline:.3f} s) "
                  f"+ {alone - alone_baseline:.3f} s")
            seconds, baseline = compare(cold, own_run, runs)
            extra = seconds - baseline
            results.append(extra <= MARGIN)
            print(f"estimate --stack dev of {program}, cold cache: {seconds:.3f} s = the program's own run under "
                  f"node ({baseline:.3f} s) + {extra:.3f} s; target <= + {MARGIN} s: {'ok' if results[-1] else 'MISSED'}")

        twin = Path(scratch) / TWIN
        shutil.copytree(PROGRAMS / TWIN, twin)
        (twin / "venv").symlink_to(programs_python().parent.parent)
        warm, warm_twin = compare(lambda: estimate(folders[WARM]), lambda: estimate(twin), runs)
    results.append(verdict(f"estimate --stack dev of {WARM}, cached", warm, f"{TWIN} (Python), cached", warm_twin,
                           WARM_TARGET))
    finish(results)


if __name__ == "__main__":
    main(arguments(default_runs=5))
