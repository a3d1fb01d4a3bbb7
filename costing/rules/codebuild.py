"""CodeBuild projects: on-demand EC2 build minutes by compute type and operating system
(https://aws.amazon.com/codebuild/pricing/), a usage line (`monthly_build_mins`, infracost's key).

The environment's type picks the family: LINUX_CONTAINER and LINUX_EC2 general1.*, ARM_CONTAINER and
ARM_EC2 arm1.*, LINUX_GPU_CONTAINER gpu1.*, the WINDOWS_* types general1.* at Windows prices; its
compute type the size (BUILD_GENERAL1_SMALL -> small, ...). Not priced, with the reason: Lambda compute
(BUILD_LAMBDA_*: billed by the second, a unit the pricing page data does not state), Mac, attribute-based
and custom instance compute, and projects building on a reserved-capacity fleet (billed on the fleet).
The free tier (100 general1.small or arm1.small minutes a month, account-wide) is stated, not applied.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

PROJECT = "aws:codebuild/project:Project"
TYPES = (PROJECT,)

# environment type -> (compute family, operating system)
ENVIRONMENTS = {
    "LINUX_CONTAINER": ("general1", "linux"), "LINUX_EC2": ("general1", "linux"),
    "ARM_CONTAINER": ("arm1", "linux"), "ARM_EC2": ("arm1", "linux"),
    "LINUX_GPU_CONTAINER": ("gpu1", "linux"),
    "WINDOWS_CONTAINER": ("general1", "windows"), "WINDOWS_SERVER_2019_CONTAINER": ("general1", "windows"),
    "WINDOWS_SERVER_2022_CONTAINER": ("general1", "windows"), "WINDOWS_EC2": ("general1", "windows"),
}
COMPUTE_TYPE = re.compile(r"BUILD_GENERAL1_(?P<size>SMALL|MEDIUM|LARGE|XLARGE|2XLARGE)")
# The Price List's usage types: "Build-Min:<environment>:g1.<size>"
_USAGE = re.compile(r"Build-Min:(?P<environment>Linux|ARM|LinuxGPU|Windows):g1\.(?P<size>\w+)$")
_FAMILIES = {"Linux": ("general1", "linux"), "ARM": ("arm1", "linux"), "LinuxGPU": ("gpu1", "linux"),
             "Windows": ("general1", "windows")}


def _from_usage(row: Any, part: int) -> str | None:
    found = _USAGE.search(row.usage_type)
    if found is None:
        return None
    family, system = _FAMILIES[found["environment"]]
    return (f"{family}.{found['size']}", system)[part]


BUILD_MINUTES = Price(
    "codebuild", "{compute_type}", "minute", "{compute_type} build minutes ({os})", variant="{os}",
    sources=[Page("codebuild.json", re.compile(r"\[OnDemand-EC2 (?P<os>Linux|Windows)\](?: .*)?"),
                  detail=re.compile(r"Compute Type: (?P<compute_type>\S+)"),
                  values={"os": {"Linux": "linux", "Windows": "windows"}})],
    refresh=[OfferFilter("CodeBuild", usage_pattern=_USAGE,
                         fill={"compute_type": lambda row: _from_usage(row, 0), "os": lambda row: _from_usage(row, 1)},
                         example={"usageType": "USE1-Build-Min:Linux:g1.small"})],
    free_tier="100 build minutes a month on general1.small or arm1.small are free, account-wide (not applied)")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"codebuild": "CodeBuild"}
PRICES = (BUILD_MINUTES,)

MONTHLY_BUILD_MINS = UsageKey("monthly_build_mins", "minutes", "build minutes per month")
USAGE = {PROJECT: (MONTHLY_BUILD_MINS,)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {PROJECT: (_project, "CodeBuild project")})


def _project(resource: Any) -> list[dict[str, Any]]:
    environment = known(resource.inputs, "environment", "build environment") or {}
    if known(environment, "fleet", "fleet"):
        raise Unpriceable("builds run on a reserved-capacity fleet, billed on the fleet (not priced)")
    kind = text(environment, "type", "environment type")
    compute = text(environment, "computeType", "compute type")
    size = COMPUTE_TYPE.fullmatch(compute)
    if "LAMBDA" in kind or compute.startswith("BUILD_LAMBDA"):
        raise Unpriceable("Lambda compute is billed by the second, a unit the pricing data does not state: not priced")
    if kind not in ENVIRONMENTS:
        raise Unpriceable(f"environment type {kind or '(not set)'} is not priced (priced: the Linux, ARM, GPU and "
                          f"Windows container and EC2 types)")
    if size is None:
        raise Unpriceable(f"compute type {compute or '(not set)'} is not priced (priced: BUILD_GENERAL1_*)")
    family, system = ENVIRONMENTS[kind]
    return [BUILD_MINUTES.usage_line(resource.urn, MONTHLY_BUILD_MINS,
                                     compute_type=f"{family}.{size['size'].lower()}", os=system)]
