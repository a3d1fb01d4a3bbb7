"""`costing prices refresh` of a synthetic AmazonEC2 CSV offer file of 100 MB and of 1 GB, served on
127.0.0.1 and generated on the fly: peak memory (the refreshing process's RSS high-water mark, VmHWM)
against a 300 MB limit, and throughput in MB/s against the baseline measured in the same run: the same
bytes downloaded and dropped, unparsed.

    .venv/bin/python benchmarks/refresh_bench.py [sizes in MB, default 100,1000]

The file has the real AmazonEC2 header and metadata rows; its rows cycle through 300 instance types
each priced on demand and under six Reserved terms for Linux, plus Windows, RHEL and dedicated
variants the refresh skips (7 rows in 22 are kept).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from tests.refresh_server import (EC2_HEADER, Body, FixtureServer, csv_line, instance, offer_csv_head,  # noqa: E402
                                  on_demand, reserved, standard_site)

MEMORY_LIMIT_MB = 300
EC2_PATH = "/offers/v1.0/aws/AmazonEC2/20260901120000/us-east-1/index.csv"
FAMILIES = ["m5", "m6i", "m7i", "c5", "c6i", "c7i", "r5", "r6i", "r7i", "t3", "t3a", "m6a", "c6a", "r6a", "x2idn"]
SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "metal", "medium",
         "small", "micro", "nano", "32xlarge", "48xlarge", "9xlarge", "18xlarge", "3xlarge", "6xlarge", "56xlarge"]


# The descriptive attributes every real AmazonEC2 row repeats (from AWS's sample), so rows have the real
# file's size (about 700 bytes).
DESCRIPTION = {
    "serviceCode": "AmazonEC2", "Current Generation": "Yes", "Instance Family": "General purpose", "vCPU": "2",
    "Physical Processor": "Intel Xeon 8375C (Ice Lake)", "Clock Speed": "3.5 GHz", "Memory": "8 GiB",
    "Storage": "EBS only", "Network Performance": "Up to 12500 Megabit", "Processor Architecture": "64-bit",
    "AvailabilityZone": "NA", "ClassicNetworkingSupport": "false", "Dedicated EBS Throughput": "Up to 10000 Mbps",
    "ECU": "NA", "Enhanced Networking Supported": "Yes", "Intel AVX2 Available": "Yes", "Intel AVX Available": "Yes",
    "Intel Turbo Available": "Yes", "Normalization Size Factor": "4",
    "Processor Features": "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo",
    "serviceName": "Amazon Elastic Compute Cloud", "VPCNetworkingSupport": "true",
}


def block() -> bytes:
    """One cycle of rows: every instance type under every term and operating system."""
    rows = []
    for number, instance_type in enumerate(f"{family}.{size}" for family in FAMILIES for size in SIZES):
        price = f"{0.01 * (number + 1):.4f}"
        linux = {**instance(f"L{number:05d}", "us-east-1", instance_type), **DESCRIPTION}
        rows += [on_demand(linux, "Hrs", price),
                 *reserved(linux, "1yr", "No Upfront", f"{0.006 * (number + 1):.4f}"),
                 *reserved(linux, "1yr", "All Upfront", "0.0000000000", str(50 * (number + 1))),
                 *reserved(linux, "1yr", "Partial Upfront", f"{0.003 * (number + 1):.4f}", str(25 * (number + 1))),
                 *reserved(linux, "3yr", "No Upfront", f"{0.004 * (number + 1):.4f}"),
                 *reserved(linux, "3yr", "All Upfront", "0.0000000000", str(100 * (number + 1))),
                 *reserved(linux, "1yr", "No Upfront", f"{0.007 * (number + 1):.4f}", offering_class="convertible")]
        for os_name, tenancy in (("Windows", "Shared"), ("RHEL", "Shared"), ("Linux", "Dedicated")):
            variant = {**instance(f"{os_name[0]}{tenancy[0]}{number:05d}", "us-east-1", instance_type,
                                  Operating_System=os_name, Tenancy=tenancy), **DESCRIPTION}
            rows += [on_demand(variant, "Hrs", price), *reserved(variant, "1yr", "No Upfront", price),
                     *reserved(variant, "3yr", "All Upfront", "0.0000000000", "999")]
    return "".join(csv_line([row.get(name, "") for name in EC2_HEADER]) for row in rows).encode()


def synthetic_file(megabytes: int) -> Body:
    cycle = block()
    repeats = max(1, megabytes * 10**6 // len(cycle))
    return Body(offer_csv_head("AmazonEC2", EC2_HEADER).encode(), cycle, repeats)


def child_refresh(endpoint: str, cache_dir: str) -> dict:
    """In the measured process: refresh AmazonEC2 in us-east-1; seconds, bytes, rows, prices, peak RSS."""
    from time import perf_counter

    from costing.refresh import refresh_prices

    start = perf_counter()
    report = refresh_prices(regions=["us-east-1"], services=["AmazonEC2"], endpoint=endpoint, cache_dir=cache_dir,
                            progress=False)
    seconds = perf_counter() - start
    if not report.ok:
        raise SystemExit("; ".join(report.failures))
    outcome = report.offers[0]
    return {"seconds": seconds, "bytes": outcome.bytes, "rows": outcome.rows_read, "prices": outcome.prices,
            "reserved": outcome.reserved, "peak_rss_mb": peak_rss_mb()}


def child_download(url: str) -> dict:
    """The baseline: the same bytes through the same HTTP stream, dropped unparsed."""
    from time import perf_counter

    from costing.refresh.download import HttpStream

    start = perf_counter()
    total = 0
    with HttpStream(url) as stream:
        while chunk := stream.read(1 << 20):
            total += len(chunk)
    return {"seconds": perf_counter() - start, "bytes": total, "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's resident-set high-water mark (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / 10**6
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 10**6


def measure(*args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    if result.returncode != 0:
        raise SystemExit(f"benchmark child failed: {result.stderr}")
    return json.loads(result.stdout)


def main(sizes: list[int]) -> None:
    results = []
    for megabytes in sizes:
        routes = standard_site().routes()
        routes[EC2_PATH].body = synthetic_file(megabytes)
        with FixtureServer(routes, lifetime=3600) as server, tempfile.TemporaryDirectory() as cache_dir:
            baseline = measure("--download", server.url + EC2_PATH)
            refresh = measure("--refresh", server.url, cache_dir)
        assert refresh["bytes"] == baseline["bytes"] == routes[EC2_PATH].body.size
        throughput = refresh["bytes"] / 10**6 / refresh["seconds"]
        raw = baseline["bytes"] / 10**6 / baseline["seconds"]
        met = refresh["peak_rss_mb"] < MEMORY_LIMIT_MB
        results.append(met)
        print(f"{refresh['bytes'] / 10**6:,.0f} MB, {refresh['rows']:,} rows -> {refresh['prices']:,} prices and "
              f"{refresh['reserved']:,} reserved: {refresh['seconds']:.1f} s, {throughput:.1f} MB/s = "
              f"{throughput / raw:.2f}x the download alone ({raw:.0f} MB/s); peak RSS {refresh['peak_rss_mb']:.0f} MB "
              f"(download alone {baseline['peak_rss_mb']:.0f} MB); target < {MEMORY_LIMIT_MB} MB: "
              f"{'ok' if met else 'MISSED'}")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--refresh"]:
        print(json.dumps(child_refresh(*sys.argv[2:4])))
    elif sys.argv[1:2] == ["--download"]:
        print(json.dumps(child_download(sys.argv[2])))
    else:
        main([int(size) for size in (sys.argv[1] if len(sys.argv) > 1 else "100,1000").split(",")])
