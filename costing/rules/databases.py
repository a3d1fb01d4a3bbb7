"""What the rule modules of the managed databases share (not a rule module: it declares no PRICES).

- Following a reference from one resource to another (an instance to its cluster, a proxy target to
  its proxy and database): through the input's dependencies in a preview, by id in a state file, or
  by the name the program gave the target (`clusterIdentifier = "orders"`) or an ARN ending in it,
  since such inputs often hold a literal name rather than an output.
- The clusters of DocumentDB and Neptune, alike: storage (standard or I/O-Optimized, `storageType`
  iopt1), I/O requests (none on I/O-Optimized) and backups as usage lines; an instance priced at its
  cluster's storage type; serverless capacity (Aurora's and Neptune's) at its configured minimum.
- Usage keys several of them read, each with one meaning everywhere.
"""

from __future__ import annotations

from typing import Any, Callable

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, known, number, text
from costing.rules.declare import Price, UsageKey

STORAGE_GB = UsageKey("storage_gb", "GB", "data stored (the month's average)")
BACKUP_STORAGE_GB = UsageKey("backup_storage_gb", "GB", "backup storage beyond the free allowance (as much as "
                             "the cluster's storage), per month")
MONTHLY_IO_REQUESTS = UsageKey("monthly_io_requests", "requests", "I/O requests per month")
SNAPSHOT_STORAGE_SIZE_GB = UsageKey("snapshot_storage_size_gb", "GB", "size of one snapshot")
ADDITIONAL_CAPACITY_UNITS_PER_HR = UsageKey(
    "additional_capacity_units_per_hr", "capacity units", "average serverless capacity units (Aurora ACUs, Neptune "
    "NCUs) above the configured minimum")


STORAGE_TYPES = {"standard": "standard", "iopt1": "io-optimized"}  # DocumentDB's and Neptune's storageType


def io_optimized_usage(row: Any) -> str:
    """A Price List row's storage type by its usage type (`InstanceUsageIOOptimized:db.r6g.large`)."""
    return "io-optimized" if "optimized" in row.usage_type.lower() else "standard"


def storage_type(cluster_inputs: dict[str, Any]) -> str:
    """standard or io-optimized, from a DocumentDB or Neptune cluster's storageType (standard when unset,
    the APIs' default)."""
    given = text(cluster_inputs, "storageType", "storage type", "standard")
    if given not in STORAGE_TYPES:
        raise Unpriceable(f"storage type {given} is not priced (priced: {', '.join(STORAGE_TYPES)})")
    return STORAGE_TYPES[given]


def volume_lines(urn: str, storage: str, storage_price: Price, io_price: Price, backup_price: Price
                 ) -> list[dict[str, Any]]:
    """A DocumentDB or Neptune cluster's usage lines: storage, I/O requests unless I/O-Optimized, backups."""
    rows = [storage_price.usage_line(urn, STORAGE_GB, f"storage ({storage})", storage=storage)]
    if storage == "standard":
        rows.append(io_price.usage_line(urn, MONTHLY_IO_REQUESTS, factor=1e-6))
    return rows + [backup_price.usage_line(urn, BACKUP_STORAGE_GB, "backup storage beyond the free allowance")]


def cluster_service_lines(resources: pd.DataFrame, inventory: pd.DataFrame, types: tuple[str, str, str],
                          prices: tuple[Price, Price, Price], instance: Callable[[Any, Any], list[dict[str, Any]]],
                          service: str) -> pd.DataFrame:
    """The lines of a DocumentDB-like service's `types` (cluster, instance, cluster snapshot): a cluster's
    volume lines from `prices` (storage, I/O requests, backup storage), `instance(row, its cluster)`, and a
    snapshot's storage at the backup price."""
    cluster_type, instance_type, snapshot_type = types
    storage, io_requests, backup = prices
    clusters = Named(inventory, cluster_type, "clusterIdentifier")
    return each_type(resources, {
        cluster_type: (lambda row: volume_lines(row.urn, storage_type(row.inputs), storage, io_requests, backup),
                       f"{service} cluster"),
        instance_type: (lambda row: instance(row, cluster_of(row, clusters)), f"{service} instance"),
        snapshot_type: (lambda row: [backup.usage_line(row.urn, BACKUP_STORAGE_GB, "snapshot storage")],
                        f"{service} cluster snapshot"),
    })


def required_class(inputs: dict[str, Any]) -> str:
    """An instance's `instanceClass`, which sets its price."""
    given = text(inputs, "instanceClass", "instance class")
    if not given:
        raise Unpriceable("instance class not set")
    return given


def cluster_of(instance: Any, clusters: "Named") -> Any:
    """The cluster an instance's `clusterIdentifier` names; Unpriceable when it is not in the stack."""
    cluster = clusters.referenced(instance, "clusterIdentifier")
    if cluster is None:
        raise Unpriceable("its cluster is not in the stack: its storage type (standard or I/O-Optimized), which "
                          "sets the instance's price, is unknown")
    return cluster


def capacity_range(cluster_inputs: dict[str, Any], key: str, unit: str) -> tuple[float, float | None]:
    """(minimum, maximum) capacity of a cluster's serverless instances, from its scaling configuration `key`."""
    scaling = known(cluster_inputs, key, "serverless scaling configuration") or {}
    minimum = number(scaling, "minCapacity", "minimum capacity")
    if minimum is None:
        raise Unpriceable(f"the cluster sets no {key}.minCapacity: the {unit}s its db.serverless instances run at "
                          "are unknown")
    return minimum, number(scaling, "maxCapacity", "maximum capacity")


def serverless_lines(urn: str, price: Price, capacity: tuple[float, float | None], unit: str, label: str,
                     **fields: str) -> list[dict[str, Any]]:
    """A serverless instance's capacity: the configured minimum every hour (stated as such; no line at 0,
    the pause) and the average above it as usage (`additional_capacity_units_per_hr`)."""
    minimum, maximum = capacity
    rows = []
    if minimum:
        rows.append(price.line(urn, minimum, f"{label} capacity at its configured minimum ({minimum:g} {unit})",
                               **fields))
    up_to = f", up to {maximum:g} {unit}" if maximum else ""
    return rows + [price.usage_line(urn, ADDITIONAL_CAPACITY_UNITS_PER_HR, f"{label} capacity above the "
                                                                         f"minimum{up_to}", **fields)]


def plural(count: float, word: str) -> str:
    """`2 shards`, `1 node`."""
    return f"{count:g} {word}{'' if count == 1 else 's'}"


class Named:
    """The inventory's resources of one type, by URN, id and the name given in their input `name_key`."""

    def __init__(self, inventory: pd.DataFrame, type_token: str, name_key: str):
        self.type_token = type_token
        self.index = Index.of(inventory, type_token)
        self.by_name = {row.inputs[name_key]: row for row in self.index.by_urn.values()
                        if isinstance(row.inputs.get(name_key), str)}

    def referenced(self, resource: Any, key: str) -> Any | None:
        """The resource that `resource`'s input `key` names, or None when it is not in the inventory."""
        value = resource.inputs.get(key)
        found = self.index.referenced(resource, key, self.type_token, value)
        if found is None and isinstance(value, str):
            found = self.by_name.get(value) or self.by_name.get(value.rsplit(":", 1)[-1])
        return found

    def referrers(self, resources: list[Any], key: str) -> dict[str, list[Any]]:
        """URN of a row of this type -> the `resources` whose input `key` names it, in their order: built
        once, so that finding a target's referrers is not a pass over all of them per target."""
        found: dict[str, list[Any]] = {}
        for row in resources:
            target = self.referenced(row, key)
            if target is not None:
                found.setdefault(target.urn, []).append(row)
        return found
