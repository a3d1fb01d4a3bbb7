"""ECS services on AWS Fargate (https://aws.amazon.com/fargate/pricing/): each task is billed per vCPU-hour
and per GB-hour of the task definition it runs, by platform (Linux x86_64, Linux ARM64, Windows; Windows
adds an OS licence fee per vCPU-hour), plus ephemeral storage above the 20 GB every task gets.

Which tasks run on Fargate: those of a `FARGATE` launch type, or the `FARGATE` share of a capacity
provider strategy, the service's own or else its cluster's default (`aws:ecs/clusterCapacityProviders`):
a provider's `base` tasks first, the rest split by `weight` (the ECS API's semantics). Tasks of
`FARGATE_SPOT` have no price in the snapshot: such a service is left unpriced and says so. Tasks on the
EC2 launch type, on ECS Anywhere (`EXTERNAL`) or on an Auto Scaling group's capacity provider cost
nothing here: their instances are priced where they are declared (a service with no Fargate task is free).

AWS defaults applied (the provider's and the ECS API's): `desiredCount` 0 (the provider's default;
priced as 0 tasks and said so), no launch type and no strategy the cluster's default strategy, else
the EC2 launch type; task CPU in CPU units (1,024 a vCPU) and memory in MiB unless the value names its
unit ("1 vCPU", "2 GB"); the X86_64 architecture and Linux when the task definition sets no runtime
platform. The cluster and the task definition are free (free.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, known, known_value, number, text
from costing.rules.declare import OfferFilter, Page, Price

SERVICE = "aws:ecs/service:Service"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
CLUSTER = "aws:ecs/cluster:Cluster"
CLUSTER_CAPACITY_PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"
TYPES = (SERVICE,)

LINUX_X86, LINUX_ARM, WINDOWS = "linux-x86_64", "linux-arm64", "windows"
# platform -> (ecs.json vCPU metric, memory metric, the Price List's vCPU usage type, memory usage type)
_PLATFORMS = {
    LINUX_X86: ("perCPU per hour", "perGB per hour", "Fargate-vCPU-Hours:perCPU", "Fargate-GB-Hours"),
    LINUX_ARM: ("ARM perCPU per hour", "ARM perGB per hour", "Fargate-ARM-vCPU-Hours:perCPU", "Fargate-ARM-GB-Hours"),
    WINDOWS: ("perCPU per hour Windows", "perGB per hour Windows", "Fargate-Windows-vCPU-Hours:perCPU",
              "Fargate-Windows-GB-Hours"),
}
_NOT_SPOT = re.compile(r"^(?!.*Spot)")


def _fargate(item: str, unit: str, description: str, metric: str, usage: str, variant: str = "") -> Price:
    return Price("ecs", item, unit, description, variant=variant, sources=[Page("ecs.json", metric)],
                 refresh=[OfferFilter("AmazonECS", usage=usage, usage_pattern=_NOT_SPOT)])


VCPU_HOURS = {platform: _fargate("fargate-vcpu", "vCPU-hour", f"Fargate vCPU ({platform})", vcpu, vcpu_usage, platform)
              for platform, (vcpu, _, vcpu_usage, _) in _PLATFORMS.items()}
GB_HOURS = {platform: _fargate("fargate-memory", "GB-hour", f"Fargate memory ({platform})", gb, gb_usage, platform)
            for platform, (_, gb, _, gb_usage) in _PLATFORMS.items()}
WINDOWS_LICENCE = _fargate("fargate-windows-licence", "vCPU-hour", "Fargate Windows OS licence",
                           "perCPU OS License Fee per hour Windows", "Fargate-Windows-OS-Hours:perCPU")
EPHEMERAL_STORAGE = _fargate("fargate-ephemeral-storage", "GB-hour", "Fargate ephemeral storage above 20 GB",
                             "Storage per GB-Hours", "Fargate-EphemeralStorage-GB-Hours")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"ecs": "ECS"}
PRICES = (*VCPU_HOURS.values(), *GB_HOURS.values(), WINDOWS_LICENCE, EPHEMERAL_STORAGE)

FARGATE, FARGATE_SPOT = "FARGATE", "FARGATE_SPOT"
INCLUDED_EPHEMERAL_GB = 20.0
CPU_UNITS_PER_VCPU = MIB_PER_GB = 1024.0


@dataclass(frozen=True)
class Task:
    """What one Fargate task of a task definition is billed for."""

    vcpu: float
    memory_gb: float
    platform: str
    extra_storage_gb: float


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, TASK_DEFINITION, CLUSTER, CLUSTER_CAPACITY_PROVIDERS)
    return each_type(resources, {SERVICE: (lambda row: _service(row, index), "ECS service")})


def _service(resource: Any, index: Index) -> list[dict[str, Any]]:
    inputs = resource.inputs
    strategy = _strategy(resource, index)
    if not any(text(item, "capacityProvider", "capacity provider") in (FARGATE, FARGATE_SPOT) for item in strategy):
        return []
    tasks = fargate_tasks(number(inputs, "desiredCount", "desired count", 0.0), strategy)
    return task_lines(resource.urn, _task(resource, index), tasks,
                      "" if "desiredCount" in inputs else ", desiredCount not set: the provider's default is 0")


def task_lines(urn: str, task: Task, tasks: float, why: str = "") -> list[dict[str, Any]]:
    """The Fargate lines of `tasks` tasks (an average when fractional) of one task definition."""
    counted = f"{tasks:g} task{'' if tasks == 1 else 's'} x"
    rows = [VCPU_HOURS[task.platform].line(urn, tasks * task.vcpu,
                                           f"Fargate vCPU ({counted} {task.vcpu:g} vCPU, {task.platform}{why})"),
            GB_HOURS[task.platform].line(urn, tasks * task.memory_gb,
                                         f"Fargate memory ({counted} {task.memory_gb:g} GB, {task.platform})")]
    if task.platform == WINDOWS:
        rows.append(WINDOWS_LICENCE.line(urn, tasks * task.vcpu, f"Windows OS licence ({counted} {task.vcpu:g} vCPU)"))
    if task.extra_storage_gb > 0:
        rows.append(EPHEMERAL_STORAGE.line(urn, tasks * task.extra_storage_gb,
                                           f"ephemeral storage above 20 GB ({counted} {task.extra_storage_gb:g} GB)"))
    return rows


# --- how many tasks run on Fargate -----------------------------------------------------------------

def _strategy(resource: Any, index: Index) -> list[dict[str, Any]]:
    """The service's launch type as a strategy, else its capacity provider strategy, else its cluster's
    default strategy, else the EC2 launch type (an empty strategy: no Fargate task)."""
    inputs = resource.inputs
    launch_type = text(inputs, "launchType", "launch type")
    if launch_type:
        return [{"capacityProvider": launch_type, "weight": 1}]
    strategy = known(inputs, "capacityProviderStrategies", "capacity provider strategy")
    if strategy:
        return [known_value(item, "capacity provider strategy") for item in strategy]
    return _cluster_default(resource, index)


def _cluster_default(resource: Any, index: Index) -> list[dict[str, Any]]:
    cluster = index.referenced(resource, "cluster", CLUSTER, resource.inputs.get("cluster"))
    for row in index.by_urn.values():
        if row.type != CLUSTER_CAPACITY_PROVIDERS:
            continue
        named = row.inputs.get("clusterName")
        if (cluster is not None and index.referenced(row, "clusterName", CLUSTER, named) == cluster) or (
                isinstance(named, str) and named and named == resource.inputs.get("cluster")):
            strategy = known(row.inputs, "defaultCapacityProviderStrategies", "cluster's default strategy") or []
            return [known_value(item, "capacity provider strategy") for item in strategy]
    return []


def fargate_tasks(desired: float, strategy: list[dict[str, Any]]) -> float:
    """How many of `desired` tasks a strategy places on FARGATE: each provider's base first, the rest by
    weight (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html)."""
    shares = {}
    for item in strategy:
        provider = text(item, "capacityProvider", "capacity provider")
        shares[provider] = (number(item, "base", "capacity provider base", 0.0),
                            number(item, "weight", "capacity provider weight", 0.0))
    based = min(sum(base for base, _ in shares.values()), desired)
    weights = sum(weight for _, weight in shares.values())
    rest = desired - based
    if rest > 0 and not weights:
        raise Unpriceable("capacity provider strategy gives no provider a weight: where tasks run is unknown")

    def placed(provider: str) -> float:
        base, weight = shares.get(provider, (0.0, 0.0))
        return min(base, desired) + (rest * weight / weights if rest > 0 else 0.0)

    if placed(FARGATE_SPOT):
        raise Unpriceable(f"{placed(FARGATE_SPOT):g} tasks on FARGATE_SPOT: no Fargate Spot price in the snapshot")
    return placed(FARGATE)


# --- the task definition -----------------------------------------------------------------------------

def _task(resource: Any, index: Index) -> Task:
    definition = index.referenced(resource, "taskDefinition", TASK_DEFINITION, resource.inputs.get("taskDefinition"))
    reference = known(resource.inputs, "taskDefinition", "task definition") if definition is None else None
    if definition is None and isinstance(reference, str) and reference:
        family = reference.rsplit("/", 1)[-1].split(":")[0]
        definition = next((row for row in index.by_urn.values()
                           if row.type == TASK_DEFINITION and row.inputs.get("family") == family), None)
    if definition is None:
        raise Unpriceable("task definition not found among the stack's resources: task CPU and memory unknown")
    return fargate_task(definition.inputs)


def fargate_task(inputs: dict[str, Any]) -> Task:
    """The vCPU, memory, platform and extra ephemeral storage of a Fargate task definition's task."""
    vcpu = _size(inputs, "cpu", "task CPU", "vcpu", CPU_UNITS_PER_VCPU)
    memory_gb = _size(inputs, "memory", "task memory", "gb", MIB_PER_GB)
    platform = known(inputs, "runtimePlatform", "runtime platform") or {}
    system = text(platform, "operatingSystemFamily", "operating system family", "LINUX")
    architecture = text(platform, "cpuArchitecture", "CPU architecture", "X86_64")
    storage = known(inputs, "ephemeralStorage", "ephemeral storage") or {}
    size = number(storage, "sizeInGib", "ephemeral storage size", INCLUDED_EPHEMERAL_GB)
    if system.startswith("WINDOWS"):
        kind = WINDOWS
    elif system == "LINUX":
        kind = LINUX_ARM if architecture == "ARM64" else LINUX_X86
    else:
        raise Unpriceable(f"operating system family {system} is not priced (LINUX or WINDOWS_*)")
    return Task(vcpu, memory_gb, kind, max(size - INCLUDED_EPHEMERAL_GB, 0.0))


def _size(inputs: dict[str, Any], key: str, what: str, unit: str, per_unit: float) -> float:
    """A task size: "1 vCPU" / "2 GB" as given, else CPU units or MiB (the ECS API's units)."""
    value = known(inputs, key, what)
    if value in (None, ""):
        raise Unpriceable(f"{what} not set in the task definition (Fargate requires it)")
    spelled = str(value).strip().lower().replace(" ", "")
    try:
        return float(spelled[:-len(unit)]) if spelled.endswith(unit) else float(spelled) / per_unit
    except ValueError:
        raise Unpriceable(f"{what} is not a size: {value!r}") from None
