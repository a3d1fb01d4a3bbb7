"""Lambda functions and provisioned concurrency (https://aws.amazon.com/lambda/pricing/).

- Function: requests ($ per million) and duration (GB-seconds: requests x average duration x memory),
  both usage lines (`monthly_requests`, `request_duration_ms`, infracost's keys), by architecture
  (x86_64 or arm64). Duration is billed in AWS's monthly volume tiers, which differ by architecture:
  x86 the first 6 billion GB-seconds, the next 9 billion, then the rest; arm64 the first 7.5 billion,
  the next 11.25 billion, then the rest. Ephemeral storage above the 512 MB included is billed per
  GB-second of duration. The free tier (1 million requests and 400,000 GB-seconds a month,
  account-wide) is stated on the lines, not applied.
- Provisioned concurrency: the concurrency provisioned is billed per GB-second for as long as it is
  configured (taken as the whole month: 730 hours), at the function's memory and architecture; the
  invocations it serves are billed per request and at the lower provisioned duration rate (usage:
  the same keys, given on the config for the invocations it serves, on the function for the rest).

AWS defaults applied (the Lambda API's, no provider fills them in under mocks): memory 128 MB,
architecture x86_64, ephemeral storage 512 MB. Functions on a Lambda capacity provider (Lambda
Managed Instances) bill their EC2 capacity instead: not priced.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, known, number
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey

FUNCTION = "aws:lambda/function:Function"
PROVISIONED_CONCURRENCY = "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig"
TYPES = (FUNCTION, PROVISIONED_CONCURRENCY)

X86, ARM = "x86_64", "arm64"
# The page's metric suffix and the Price List's group suffix of each architecture.
ARCH_SUFFIX = {X86: "", ARM: "-ARM"}
_FROM_SUFFIX = {suffix: arch for arch, suffix in ARCH_SUFFIX.items()}
_FREE_REQUESTS = "the first 1 million requests a month are free, account-wide (not applied)"
_FREE_DURATION = "the first 400,000 GB-seconds a month are free, account-wide (not applied)"


def _lambda_group(group: str, factor: float = 1) -> list[OfferFilter]:
    """AWSLambda rows of one product group, its architecture from the group's suffix
    ("AWS-Lambda-Requests", "AWS-Lambda-Requests-ARM")."""
    groups = {group + suffix: arch for arch, suffix in ARCH_SUFFIX.items()}
    return [OfferFilter("AWSLambda", families="Serverless", attributes={"group": tuple(groups)},
                        fill={"arch": "group"}, values={"arch": groups}, factor=factor)]


def _page(metric: str, factor: float = 1) -> Page:
    """A lambda.json metric per architecture: "Lambda Requests" and "Lambda Requests-ARM"."""
    return Page("lambda.json", re.compile(rf"{re.escape(metric)}(?P<arch>|-ARM)"), factor=factor,
                values={"arch": _FROM_SUFFIX})


REQUESTS = Price("lambda", "requests", "1M requests", "requests", variant="{arch}",
                 sources=[_page("Lambda Requests", 1_000_000)],
                 refresh=_lambda_group("AWS-Lambda-Requests", factor=1_000_000),
                 free_tier=_FREE_REQUESTS)
EPHEMERAL_STORAGE = Price("lambda", "ephemeral-storage", "GB-second", "ephemeral storage above 512 MB",
                          variant="{arch}", sources=[_page("Lambda Storage-Duration")],
                          refresh=_lambda_group("AWS-Lambda-Storage-Duration"))
PROVISIONED = Price("lambda", "provisioned-concurrency", "GB-second", "provisioned concurrency", variant="{arch}",
                    sources=[_page("Lambda Provisioned-Concurrency")],
                    refresh=_lambda_group("AWS-Lambda-Provisioned-Concurrency"))
PROVISIONED_DURATION = Price("lambda", "duration-provisioned", "GB-second", "duration on provisioned concurrency",
                             variant="{arch}", sources=[_page("Lambda Duration-Provisioned")],
                             refresh=_lambda_group("AWS-Lambda-Duration-Provisioned"))

# Duration tiers per architecture: (upto, label, page metric suffix, the Price List's EndingRange).
_TIERS = {
    X86: [(6e9, "first 6 billion GB-seconds", "", "6000000000"),
          (15e9, "next 9 billion GB-seconds", " Tier2", "15000000000"),
          (INF, "over 15 billion GB-seconds", " Tier3", "Inf")],
    ARM: [(7.5e9, "first 7.5 billion GB-seconds", "", "7500000000"),
          (18.75e9, "next 11.25 billion GB-seconds", " Tier2", "18750000000"),
          (INF, "over 18.75 billion GB-seconds", " Tier3", "Inf")],
}


def _duration(arch: str) -> Tiered:
    suffix = ARCH_SUFFIX[arch]
    return Tiered([Tier(upto, label, Price(
        "lambda", "duration", "GB-second", f"duration, {label}", variant=f"{arch}|tier{number}",
        sources=[Page("lambda.json", f"Lambda Duration{suffix}{page_tier}")],
        refresh=[OfferFilter("AWSLambda", families="Serverless",
                             attributes={"group": f"AWS-Lambda-Duration{suffix}", "endingRange": ending})],
        free_tier=_FREE_DURATION if number == 1 else ""))
        for number, (upto, label, page_tier, ending) in enumerate(_TIERS[arch], start=1)])


DURATION = {arch: _duration(arch) for arch in (X86, ARM)}
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"lambda": "Lambda"}
PRICES = (REQUESTS, DURATION[X86], DURATION[ARM], EPHEMERAL_STORAGE, PROVISIONED, PROVISIONED_DURATION)

MONTHLY_REQUESTS = UsageKey("monthly_requests", "requests", "requests per month")
REQUEST_DURATION_MS = UsageKey("request_duration_ms", "ms", "average duration of a request, in milliseconds")
USAGE = {FUNCTION: (MONTHLY_REQUESTS, REQUEST_DURATION_MS),
         PROVISIONED_CONCURRENCY: (MONTHLY_REQUESTS, REQUEST_DURATION_MS)}

DEFAULT_MEMORY_MB = 128.0
INCLUDED_STORAGE_MB = 512.0
SECONDS_PER_MONTH = 730 * 3600


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, FUNCTION)
    return each_type(resources, {
        FUNCTION: (_function, "Lambda function"),
        PROVISIONED_CONCURRENCY: (lambda row: _provisioned(row, index), "Lambda provisioned concurrency"),
    })


def _function(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    if known(inputs, "capacityProviderConfig", "capacity provider"):
        raise Unpriceable("functions on a Lambda capacity provider (Lambda Managed Instances) are not priced")
    arch, memory_gb = _architecture(inputs), _memory_gb(inputs)
    keys = (MONTHLY_REQUESTS, REQUEST_DURATION_MS)
    # GB-seconds: requests x duration (ms) / 1000 x GB
    rows = [REQUESTS.usage_line(urn, MONTHLY_REQUESTS, factor=1e-6, arch=arch),
            *DURATION[arch].usage_lines(urn, keys, f"duration at {_memory(memory_gb)}, {arch}",
                                        factor=memory_gb / 1000)]
    storage = known(inputs, "ephemeralStorage", "ephemeral storage") or {}
    extra_gb = (number(storage, "size", "ephemeral storage size", INCLUDED_STORAGE_MB) - INCLUDED_STORAGE_MB) / 1024
    if extra_gb > 0:
        rows.append(EPHEMERAL_STORAGE.usage_line(urn, keys, f"ephemeral storage above 512 MB ({extra_gb:g} GB)",
                                                 factor=extra_gb / 1000, arch=arch))
    return rows


def _provisioned(resource: Any, index: Index) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    function = _function_of(resource, index)
    arch, memory_gb = _architecture(function.inputs), _memory_gb(function.inputs)
    executions = number(inputs, "provisionedConcurrentExecutions", "provisioned concurrent executions")
    if executions is None:
        raise Unpriceable("provisioned concurrent executions not set")
    return [
        PROVISIONED.line(urn, executions * memory_gb * SECONDS_PER_MONTH,
                         f"provisioned concurrency ({executions:g} x {_memory(memory_gb)}, {arch}, 730 hours)",
                         arch=arch),
        REQUESTS.usage_line(urn, MONTHLY_REQUESTS, factor=1e-6, arch=arch),
        PROVISIONED_DURATION.usage_line(urn, (MONTHLY_REQUESTS, REQUEST_DURATION_MS),
                                        f"duration on provisioned concurrency at {_memory(memory_gb)}, {arch}",
                                        factor=memory_gb / 1000, arch=arch),
    ]


def _function_of(resource: Any, index: Index) -> Any:
    """The function a provisioned concurrency config names (by reference, id, name or ARN)."""
    function = index.referenced(resource, "functionName", FUNCTION, resource.inputs.get("functionName"))
    name = known(resource.inputs, "functionName", "function name") if function is None else None
    if function is None and isinstance(name, str) and name:
        wanted = name.rsplit(":function:", 1)[-1].split(":")[0]
        function = next((row for row in index.by_urn.values() if row.inputs.get("name") == wanted), None)
    if function is None:
        raise Unpriceable("its function is not among the stack's resources: memory size and architecture unknown")
    return function


def _architecture(inputs: dict[str, Any]) -> str:
    architectures = known(inputs, "architectures", "architectures") or [X86]
    arch = str(architectures[0])
    if arch not in ARCH_SUFFIX:
        raise Unpriceable(f"architecture {arch!r} is not priced (priced: {X86}, {ARM})")
    return arch


def _memory_gb(inputs: dict[str, Any]) -> float:
    return number(inputs, "memorySize", "memory size", DEFAULT_MEMORY_MB) / 1024


def _memory(memory_gb: float) -> str:
    return f"{memory_gb * 1024:g} MB"
