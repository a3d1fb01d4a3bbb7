"""ElastiCache: node-based clusters and replication groups by node type, node count and engine (Redis
OSS, Valkey, Memcached), and serverless caches by data stored and ElastiCache Processing Units
(https://aws.amazon.com/elasticache/pricing/).

- Cluster (`aws:elasticache/cluster`): `numCacheNodes` nodes (1 when unset, the API's default) of
  `nodeType`. A cluster that joins a replication group (`replicationGroupId`) is priced on the group.
- Replication group: `numNodeGroups` shards (1 when unset, the API's default) x (`replicasPerNodeGroup`
  + 1) nodes when either is set (no replicas unless set), else `numCacheClusters` nodes (1 when unset:
  CreateReplicationGroup's NumCacheClusters "will default to 1"); `nodeGroupConfigurations` give each
  shard's replicas. The engine defaults to Redis OSS (the provider's default). Data tiering node types
  (r6gd) are priced as the node types they are.
- Backups of Redis OSS and Valkey: one snapshot per cluster is free; with `snapshotRetentionLimit`
  N > 1, N - 1 snapshots of `snapshot_storage_size_gb` each are a usage line. The shared price data
  has no ElastiCache backup storage price: the line is declared, a gap (the cluster partly priced).
- Serverless cache: data stored (GB-hours of the month's average, `storage_gb`; AWS meters at least
  1 GB, 100 MB for Valkey) and ECPUs (`monthly_ecpus`), both usage. Its snapshots are not priced.

Reserved nodes are not priced.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known, known_value, number, text
from costing.rules.databases import SNAPSHOT_STORAGE_SIZE_GB, STORAGE_GB, plural
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

CLUSTER = "aws:elasticache/cluster:Cluster"
REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
SERVERLESS_CACHE = "aws:elasticache/serverlessCache:ServerlessCache"
TYPES = (CLUSTER, REPLICATION_GROUP, SERVERLESS_CACHE)

ENGINES = {"Redis": "redis", "Valkey": "valkey", "Memcached": "memcached"}
SNAPSHOT_ENGINES = ("redis", "valkey")
_PAGE = "elasticache.json"
_ENGINE_GROUP = r"(?P<engine>Redis|Valkey|Memcached)"

NODE_HOURS = Price(
    "elasticache", "{node_type}", "hour", "{node_type} nodes ({engine})", variant="{engine}",
    sources=[Page(_PAGE, re.compile(rf"\[OnDemand Cache Instance [^\]]*\] OnDemand Cache Instance .* {_ENGINE_GROUP}"
                                    rf"( datatiering)? (Current|Previous) Generation"),
                  detail=re.compile(r"Instance Type: (?P<node_type>cache\.[\w.]+)"), values={"engine": ENGINES})],
    refresh=[OfferFilter("AmazonElastiCache", families="Cache Instance", attributes={"locationType": "AWS Region"},
                         fill={"node_type": "instanceType", "engine": "cacheEngine"}, values={"engine": ENGINES})])
BACKUP_STORAGE = Price(
    "elasticache", "backup-storage", "GB-month", "backup storage beyond the free snapshot",
    missing="the shared price data (aws-pricing-pages/elasticache.json) has no ElastiCache backup storage price",
    refresh=[OfferFilter("AmazonElastiCache", families="Storage Snapshot")])
SERVERLESS_STORAGE = Price(
    "elasticache", "serverless-storage", "GB-hour", "data stored ({engine})", variant="{engine}",
    sources=[Page(_PAGE, re.compile(rf"OnDemand ElastiCache Serverless {_ENGINE_GROUP} per GB-Hours"),
                  values={"engine": ENGINES})])
SERVERLESS_ECPU = Price(
    "elasticache", "serverless-ecpu", "1M ECPUs", "ElastiCache Processing Units ({engine})", variant="{engine}",
    sources=[Page(_PAGE, re.compile(rf"OnDemand ElastiCache Serverless {_ENGINE_GROUP} per ElastiCacheProcessingUnit"),
                  factor=1_000_000, values={"engine": ENGINES})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"elasticache": "ElastiCache"}
PRICES = (NODE_HOURS, BACKUP_STORAGE, SERVERLESS_STORAGE, SERVERLESS_ECPU)

MONTHLY_ECPUS = UsageKey("monthly_ecpus", "ECPUs", "ElastiCache Processing Units consumed per month")
USAGE = {CLUSTER: (SNAPSHOT_STORAGE_SIZE_GB,), REPLICATION_GROUP: (SNAPSHOT_STORAGE_SIZE_GB,),
         SERVERLESS_CACHE: (STORAGE_GB, MONTHLY_ECPUS)}

# The least data stored a serverless cache is metered for, per engine.
SERVERLESS_MINIMUM = {"redis": "1 GB", "memcached": "1 GB", "valkey": "100 MB"}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        CLUSTER: (_cluster, "ElastiCache cluster"),
        REPLICATION_GROUP: (_replication_group, "ElastiCache replication group"),
        SERVERLESS_CACHE: (_serverless_cache, "ElastiCache serverless cache"),
    })


def _engine(inputs: dict[str, Any], default: str = "") -> str:
    engine = text(inputs, "engine", "engine", default)
    if not engine:
        raise Unpriceable("engine not set")
    if engine not in ENGINES.values():
        raise Unpriceable(f"engine {engine} is not priced (priced: {', '.join(sorted(ENGINES.values()))})")
    return engine


def _node_type(inputs: dict[str, Any]) -> str:
    node_type = text(inputs, "nodeType", "node type")
    if not node_type:
        if known(inputs, "globalReplicationGroupId", "global datastore"):
            raise Unpriceable("node type not set: it comes from its global datastore's primary group")
        raise Unpriceable("node type not set")
    return node_type


def _cluster(resource: Any) -> list[dict[str, Any]]:
    inputs = resource.inputs
    if known(inputs, "replicationGroupId", "replication group"):
        return []  # a member of a replication group: its nodes are priced on the group
    engine = _engine(inputs)
    node_type = _node_type(inputs)
    nodes = number(inputs, "numCacheNodes", "number of cache nodes", 1.0)
    return [NODE_HOURS.line(resource.urn, nodes, node_type=node_type, engine=engine)] + _backup(resource, engine)


def _replication_group(resource: Any) -> list[dict[str, Any]]:
    inputs = resource.inputs
    engine = _engine(inputs, "redis")
    node_type = _node_type(inputs)
    nodes, layout = _group_nodes(inputs)
    return [NODE_HOURS.line(resource.urn, nodes, f"{node_type} nodes ({engine}, {layout})", node_type=node_type,
                            engine=engine)] + _backup(resource, engine)


def _group_nodes(inputs: dict[str, Any]) -> tuple[float, str]:
    """How many nodes a replication group runs, and how they are laid out."""
    replicas = number(inputs, "replicasPerNodeGroup", "replicas per shard")
    configurations = known(inputs, "nodeGroupConfigurations", "node group configurations") or []
    shards = number(inputs, "numNodeGroups", "number of shards")
    if configurations:
        per_shard = [number(known_value(shard, "node group configuration"), "replicaCount", "replicas of a shard",
                            replicas or 0.0) + 1 for shard in configurations]
        return sum(per_shard), plural(len(per_shard), "shard")
    if shards is not None or replicas is not None:
        shards, replicas = shards or 1.0, replicas or 0.0
        return shards * (replicas + 1), f"{plural(shards, 'shard')} x {plural(replicas + 1, 'node')}"
    clusters = number(inputs, "numCacheClusters", "number of cache clusters", 1.0)
    return clusters, plural(clusters, "node")


def _backup(resource: Any, engine: str) -> list[dict[str, Any]]:
    retention = number(resource.inputs, "snapshotRetentionLimit", "snapshot retention", 0.0) or 0.0
    if engine not in SNAPSHOT_ENGINES or retention <= 1:
        return []
    return [BACKUP_STORAGE.usage_line(resource.urn, SNAPSHOT_STORAGE_SIZE_GB,
                                      f"backup storage beyond the free snapshot ({retention - 1:g} snapshots)",
                                      factor=retention - 1)]


def _serverless_cache(resource: Any) -> list[dict[str, Any]]:
    engine = _engine(resource.inputs)
    minimum = f"AWS meters at least {SERVERLESS_MINIMUM[engine]} of data stored an hour"
    return [SERVERLESS_STORAGE.usage_line(resource.urn, STORAGE_GB, note=minimum, engine=engine),
            SERVERLESS_ECPU.usage_line(resource.urn, MONTHLY_ECPUS, factor=1e-6, engine=engine)]
