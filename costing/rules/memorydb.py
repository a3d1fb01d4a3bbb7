"""MemoryDB clusters and snapshots (https://aws.amazon.com/memorydb/pricing/).

- Cluster: `numShards` x (`numReplicasPerShard` + 1) nodes of `nodeType` by engine (Redis OSS or
  Valkey): 1 shard and 1 replica per shard when unset (CreateCluster's defaults), Redis OSS when the
  engine is unset (as infracost has it); data written per GB (`monthly_data_written_gb`): Redis OSS at
  one price, Valkey free for the first 10 TB a month, then per GB. The shared data prices Valkey's data
  past 10 TB at 0 ("Data Written per GB-Mo Valkey 10000 to Inf"), which AWS's pricing page contradicts:
  that tier is declared missing, so a usage value past 10 TB shows a gap (the cluster partly priced),
  never $0; and, with `snapshotRetentionLimit` N > 1, N - 1 snapshots of `snapshot_storage_size_gb`
  each (one day of snapshots is free).
- Snapshot (`aws:memorydb/snapshot`): its storage per GB-month (`backup_storage_gb`).

Reserved nodes and multi-Region clusters are not priced.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, number, text
from costing.rules.databases import SNAPSHOT_STORAGE_SIZE_GB, plural
from costing.rules.declare import INF, Page, Price, Tier, Tiered, UsageKey

CLUSTER = "aws:memorydb/cluster:Cluster"
SNAPSHOT = "aws:memorydb/snapshot:Snapshot"
TYPES = (CLUSTER, SNAPSHOT)

ENGINES = ("redis", "valkey")
_PAGE = "memorydb.json"

NODE_HOURS = Price(
    "memorydb", "{node_type}", "hour", "{node_type} nodes ({engine})", variant="{engine}",
    sources=[Page(_PAGE, re.compile(r"\[(?:Memory optimized|General purpose)(?P<engine> Valkey| Redis|)"
                                    r"(?: Nodes| datatiering)\].*"),
                  detail=re.compile(r"Instance(?: Type)?: (?P<node_type>db\.[\w.]+)"),
                  values={"engine": {" Valkey": "valkey", " Redis": "redis", "": "redis"}})])


DATA_WRITTEN = Price("memorydb", "data-written", "GB", "data written", variant="redis",
                     sources=[Page(_PAGE, "Data Written per GB")])
VALKEY_DATA_WRITTEN = Tiered([
    Tier(10_000, "first 10 TB", Price(
        "memorydb", "data-written", "GB", "data written, first 10 TB", variant="valkey|tier1",
        sources=[Page(_PAGE, "Data Written per GB-Mo Valkey 0 to 10000")],
        free_tier="no charge for the first 10 TB a month (Valkey)")),
    Tier(INF, "over 10 TB", Price(
        "memorydb", "data-written", "GB", "data written, over 10 TB", variant="valkey|tier2",
        missing="no price for Valkey data written beyond 10 TB a month: memorydb.json's \"Data Written per GB-Mo "
                "Valkey 10000 to Inf\" is 0, which AWS's MemoryDB pricing page contradicts (Valkey data written past "
                "the first 10 TB a month is billed per GB)")),
])
SNAPSHOT_STORAGE = Price("memorydb", "snapshot-storage", "GB-month", "snapshot storage",
                         sources=[Page(_PAGE, "Amazon S3 per GB-Mo")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"memorydb": "MemoryDB"}
PRICES = (NODE_HOURS, DATA_WRITTEN, VALKEY_DATA_WRITTEN, SNAPSHOT_STORAGE)

MONTHLY_DATA_WRITTEN_GB = UsageKey("monthly_data_written_gb", "GB", "data written per month")
BACKUP_STORAGE_GB = UsageKey("backup_storage_gb", "GB", "snapshot storage (the month's average)")
USAGE = {CLUSTER: (MONTHLY_DATA_WRITTEN_GB, SNAPSHOT_STORAGE_SIZE_GB), SNAPSHOT: (BACKUP_STORAGE_GB,)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        CLUSTER: (_cluster, "MemoryDB cluster"),
        SNAPSHOT: (lambda row: [SNAPSHOT_STORAGE.usage_line(row.urn, BACKUP_STORAGE_GB)], "MemoryDB snapshot"),
    })


def _cluster(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    node_type = text(inputs, "nodeType", "node type")
    if not node_type:
        raise Unpriceable("node type not set")
    engine = text(inputs, "engine", "engine", "redis")
    if engine not in ENGINES:
        raise Unpriceable(f"engine {engine} is not priced (priced: {', '.join(ENGINES)})")
    shards = number(inputs, "numShards", "number of shards", 1.0)
    replicas = number(inputs, "numReplicasPerShard", "replicas per shard", 1.0)
    rows = [NODE_HOURS.line(urn, shards * (replicas + 1),
                            f"{node_type} nodes ({engine}, {plural(shards, 'shard')} x {plural(replicas + 1, 'node')})",
                            node_type=node_type, engine=engine)]
    if engine == "valkey":
        rows += VALKEY_DATA_WRITTEN.usage_lines(urn, MONTHLY_DATA_WRITTEN_GB, "data written")
    else:
        rows.append(DATA_WRITTEN.usage_line(urn, MONTHLY_DATA_WRITTEN_GB))
    retention = number(inputs, "snapshotRetentionLimit", "snapshot retention", 0.0) or 0.0
    if retention > 1:
        rows.append(SNAPSHOT_STORAGE.usage_line(urn, SNAPSHOT_STORAGE_SIZE_GB,
                                                f"snapshot storage ({retention - 1:g} snapshots beyond the free day)",
                                                factor=retention - 1))
    return rows
