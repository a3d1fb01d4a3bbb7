"""Peak memory of `costing estimate --preview FILE` against the size of FILE (issue 16, item 7).

For each size (MB, default 100 and 500) a synthetic preview (benchmarks/synthetic.py's resources) is
written to a temporary file, one step at a time, and estimated in each format (default table, json, csv
and markdown, to stdout) in a subprocess whose peak resident set
(ru_maxrss from os.wait4) is the measurement; the baseline, measured in the same run, is the same
command on a preview of one resource (the interpreter, pandas and the prices). Target: the peak stays
under 4 times the input. Also timed: an input over the limit (MAX_INPUT_BYTES, 512 MiB; a sparse file)
and /dev/zero are refused at once.

    .venv/bin/python benchmarks/bench_input_memory.py [MB ...] [--formats=json,csv] [--shapes=inputs]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synthetic import STACK_URN, resource_steps, round_units  # noqa: E402
from timing import PROJECT_ROOT, costing, finish  # noqa: E402

from costing.input_file import MAX_INPUT_BYTES  # noqa: E402

TARGET = 4.0
FORMATS = ("table", "json", "csv", "markdown")
SHAPES = ("same", "inputs")


PROVIDER = "urn:pulumi:bench::synthetic::pulumi:providers:aws::default_7_51_1::5f2a0c1e-8d1b-4a0e-9a53-6f3c2b7d9e10"
VPC = "urn:pulumi:bench::synthetic::aws:ec2/vpc:Vpc::main"


def step(index: int, resource: dict, shape: str) -> dict:
    """A step of the type and inputs of synthetic.py's resource (its newState) as resource `index`: `create`
    with inputs only (the smallest a step can be), or `same` as an existing stack's preview has it (old and
    new state, tags, dependencies, provider: about 1.5 KB, as the steps of tests/fixtures/web_preview.json)."""
    type_token, inputs = resource["type"], resource.get("inputs") or {}
    urn = f"urn:pulumi:bench::synthetic::{type_token}::r{index}"
    if shape == "inputs":
        return {"op": "create", "urn": urn, "newState": {"urn": urn, "custom": True, "type": type_token,
                                                          "inputs": inputs, "parent": STACK_URN}}
    inputs = {"__defaults": [], **inputs, "tags": {"Project": "synthetic", "Environment": "bench",
                                                   "ManagedBy": "pulumi", "Name": f"r{index}"}}
    state = {"urn": urn, "custom": True, "id": f"id-{index:08d}", "type": type_token, "inputs": inputs,
             "parent": STACK_URN, "dependencies": [VPC], "provider": PROVIDER,
             "propertyDependencies": {key: [VPC] if key == "vpcId" else [] for key in inputs}}
    return {"op": "same", "urn": urn, "provider": PROVIDER, "oldState": state, "newState": state}


def write_preview(path: Path, megabytes: float, shape: str = "same") -> int:
    """A preview of about `megabytes` MB, written step by step (never whole in memory); its resource count."""
    with path.open("w") as out:
        out.write('{"config": {"aws:region": "us-east-1"}, "steps": [')
        out.write(json.dumps({"op": "create", "urn": STACK_URN,
                              "newState": {"urn": STACK_URN, "custom": False, "type": "pulumi:pulumi:Stack"}}))
        index, resources = 0, resource_steps(round_units())
        while out.tell() < megabytes * 1e6:
            out.write(", " + json.dumps(step(index, next(resources)["newState"], shape)))
            index += 1
        out.write("]}")
    return index


def peak(args: list[str]) -> tuple[float, float, int]:
    """(peak resident set in MB, seconds, exit code) of `costing ARGS` in a subprocess."""
    started = time.perf_counter()
    process = subprocess.Popen(costing(*args), cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, time.perf_counter() - started, process.returncode


def options(argv: list[str]) -> tuple[list[float], list[str], list[str]]:
    """Sizes (MB), formats and shapes from `[MB ...] [--formats=a,b] [--shapes=a,b]`."""
    chosen = {"--formats": FORMATS, "--shapes": SHAPES}
    sizes = []
    for argument in argv:
        name, _, value = argument.partition("=")
        if name in chosen:
            chosen[name] = tuple(value.split(","))
        else:
            sizes.append(float(argument))
    return sizes or [100.0, 500.0], list(chosen["--formats"]), list(chosen["--shapes"])


def main() -> None:
    sizes, formats, shapes = options(sys.argv[1:])
    results = []
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder, "small.json")
        write_preview(small, 0.0)
        baseline, _, _ = peak(["estimate", "--preview", str(small), "-f", "json"])
        print(f"baseline (a one-resource preview): peak RSS {baseline:,.0f} MB")
        for shape in shapes:
            for megabytes in sizes:
                path = Path(folder, f"preview-{shape}-{megabytes:g}.json")
                resources = write_preview(path, megabytes, shape)
                size = path.stat().st_size / 1e6
                for fmt in formats:
                    rss, seconds, code = peak(["estimate", "--preview", str(path), "-f", fmt])
                    ratio = rss / size
                    met = code == 0 and ratio < TARGET
                    results.append(met)
                    print(f"{shape} steps, {size:,.0f} MB, {resources:,} resources, -f {fmt}: peak RSS {rss:,.0f} MB "
                          f"= {ratio:.2f}x the input ({(rss - baseline) / size:.2f}x above the baseline), "
                          f"{seconds:.1f} s, exit {code}; target < {TARGET}x: {'ok' if met else 'MISSED'}")
                path.unlink()
        sparse = Path(folder, "huge.json")
        with sparse.open("wb") as handle:
            handle.truncate(MAX_INPUT_BYTES + 1)
        for label, target in (("a file over the limit", sparse), ("/dev/zero", Path("/dev/zero"))):
            rss, seconds, code = peak(["estimate", "--preview", str(target)])
            met = code == 2 and seconds < 5
            results.append(met)
            print(f"{label}: exit {code} in {seconds:.2f} s, peak RSS {rss:,.0f} MB; target exit 2 at once: "
                  f"{'ok' if met else 'MISSED'}")
    finish(results)


if __name__ == "__main__":
    main()
