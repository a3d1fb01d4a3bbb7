"""ElastiCache and MemoryDB: node counts from each way a program lays out shards and replicas, AWS's
defaults, snapshot storage beyond the free one, serverless caches' usage and minimums, and the reasons a
cache is unpriced. Prices (us-east-1, aws-pricing-pages/memorydb.json): MemoryDB data written 0.20/GB."""

from __future__ import annotations

import pandas as pd
import pytest

from costing.rules import elasticache, memorydb
from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.edge_helpers import snapshot_priced
from tests.pricing_helpers import PRICES, cents, frame, lines_of, of, prices, priced, resource

CLUSTER, GROUP, SERVERLESS = elasticache.CLUSTER, elasticache.REPLICATION_GROUP, elasticache.SERVERLESS_CACHE


def lines_of_rule(module, *rows: dict) -> pd.DataFrame:
    inventory = frame(*rows)
    return module.lines(inventory, inventory)


def group(**inputs) -> dict:
    return resource(GROUP, "group", {"description": "d", "nodeType": "cache.r6g.large", **inputs})


@pytest.mark.parametrize("inputs, nodes, description", [
    ({}, 1, "cache.r6g.large nodes (redis, 1 node)"),
    ({"numCacheClusters": 3}, 3, "cache.r6g.large nodes (redis, 3 nodes)"),
    ({"numNodeGroups": 3, "replicasPerNodeGroup": 2}, 9, "cache.r6g.large nodes (redis, 3 shards x 3 nodes)"),
    ({"replicasPerNodeGroup": 2}, 3, "cache.r6g.large nodes (redis, 1 shard x 3 nodes)"),
    ({"numNodeGroups": 2, "clusterMode": "enabled"}, 2, "cache.r6g.large nodes (redis, 2 shards x 1 node)"),
    ({"nodeGroupConfigurations": [{"replicaCount": 2}, {"replicaCount": 1}], "replicasPerNodeGroup": 1}, 5,
     "cache.r6g.large nodes (redis, 2 shards)"),
    ({"nodeGroupConfigurations": [{"slots": "0-8191"}, {"slots": "8192-16383"}], "replicasPerNodeGroup": 1}, 4,
     "cache.r6g.large nodes (redis, 2 shards)"),
    ({"engine": "valkey", "numCacheClusters": 2}, 2, "cache.r6g.large nodes (valkey, 2 nodes)"),
])
def test_a_replication_groups_nodes(inputs, nodes, description):
    line = lines_of_rule(elasticache, group(**inputs)).iloc[0]
    assert (line["quantity"], line["description"]) == (nodes, description)


def test_a_cluster_of_a_replication_group_is_priced_on_the_group():
    member = resource(CLUSTER, "member", {"replicationGroupId": "group"})
    result = priced(member)
    assert (of(result, "member")["status"], of(result, "member")["monthly_usd"]) == ("free", 0)


def test_snapshots_beyond_the_free_one_are_usage_for_redis_and_valkey_only():
    redis = resource(CLUSTER, "redis", {"engine": "redis", "nodeType": "cache.t3.micro", "snapshotRetentionLimit": 7})
    lines = lines_of_rule(elasticache, redis, resource(CLUSTER, "memcached", {
        "engine": "memcached", "nodeType": "cache.t3.micro", "numCacheNodes": 2, "snapshotRetentionLimit": 7}),
        resource(CLUSTER, "one", {"engine": "valkey", "nodeType": "cache.t3.micro", "snapshotRetentionLimit": 1}))
    backups = lines[lines["item"] == "backup-storage"]
    assert list(backups["urn"]) == [redis["urn"]]
    backup = backups.iloc[0]
    assert (backup["usage_key"], backup["usage_factor"], backup["description"]) == (
        "snapshot_storage_size_gb", 6.0, "backup storage beyond the free snapshot (6 snapshots)")
    assert backup["note"] == "the shared price data (aws-pricing-pages/elasticache.json) has no ElastiCache backup " \
                             "storage price"


def test_a_serverless_cache_is_usage_with_the_engines_minimum_stated():
    lines = lines_of_rule(elasticache, resource(SERVERLESS, "valkey", {"engine": "valkey"}),
                          resource(SERVERLESS, "redis", {"engine": "redis"}))
    assert list(zip(lines["item"], lines["usage_key"], lines["usage_factor"])) == [
        ("serverless-storage", "storage_gb", 1.0), ("serverless-ecpu", "monthly_ecpus", 1e-6)] * 2
    assert list(lines["note"][::2]) == ["AWS meters at least 100 MB of data stored an hour",
                                        "AWS meters at least 1 GB of data stored an hour"]


@pytest.mark.parametrize("row, message", [
    (resource(CLUSTER, "c", {"nodeType": "cache.t3.micro"}), "engine not set"),
    (resource(CLUSTER, "c", {"engine": "dragonfly", "nodeType": "cache.t3.micro"}),
     "engine dragonfly is not priced (priced: memcached, redis, valkey)"),
    (resource(CLUSTER, "c", {"engine": "redis"}), "node type not set"),
    (resource(CLUSTER, "c", {"engine": "redis", "nodeType": "cache.t3.micro", "numCacheNodes": UNKNOWN}),
     "number of cache nodes unknown until apply"),
    (resource(GROUP, "g", {"globalReplicationGroupId": "global"}),
     "node type not set: it comes from its global datastore's primary group"),
    (resource(SERVERLESS, "s", {"engine": UNKNOWN}), "engine unknown until apply"),
])
def test_reasons_a_cache_is_unpriced(row, message):
    assert list(lines_of_rule(elasticache, row)["reason"]) == [message]


# --- MemoryDB ---------------------------------------------------------------------------------------

def test_a_memorydb_cluster_defaults_to_one_shard_one_replica_and_redis():
    lines = lines_of_rule(memorydb, resource(memorydb.CLUSTER, "m", {"nodeType": "db.r7g.large"}))
    # data written: its first tier's line until the usage file's quantity reaches the next (quantities.py)
    assert list(zip(lines["item"], lines["variant"], lines["quantity"].fillna(-1))) == [
        ("db.r7g.large", "redis", 2.0), ("data-written", "redis", -1)]
    assert lines["description"].iloc[0] == "db.r7g.large nodes (redis, 1 shard x 2 nodes)"


def test_memorydb_redis_data_written_has_one_price_and_snapshots_past_the_free_day_are_usage():
    table = pd.concat([PRICES, prices(
        ("memorydb", "us-east-1", "data-written", "redis", "GB", 0.2),
        ("memorydb", "us-east-1", "db.t4g.small", "redis", "hour", 0.048),
        ("memorydb", "us-east-1", "snapshot-storage", "", "GB-month", 0.021))], ignore_index=True)
    usage = Usage("usage.yaml", resources={"m": {"monthly_data_written_gb": 15000, "snapshot_storage_size_gb": 10}})
    result = priced(resource(memorydb.CLUSTER, "m", {"nodeType": "db.t4g.small", "numShards": 2,
                                                     "numReplicasPerShard": 0, "snapshotRetentionLimit": 4}),
                    usage=usage, table=table)
    lines = lines_of(result, "m")
    assert lines.loc["db.t4g.small nodes (redis, 2 shards x 1 node)", "monthly_usd"] == cents(70.08)  # 2 x 0.048 x 730
    assert lines.loc["data written", "monthly_usd"] == cents(3000.00)  # 15,000 GB x 0.20
    # 4 days retained, the first free: 3 x 10 GB x 0.021
    assert lines.loc["snapshot storage (3 snapshots beyond the free day)", "monthly_usd"] == cents(0.63)


def test_memorydb_valkey_data_written_past_10_tb_is_a_gap_never_zero():
    """The shared data says 0 for Valkey's data past 10 TB; AWS's page bills it: a gap, the cluster partly priced."""
    usage = Usage("usage.yaml", resources={"v": {"monthly_data_written_gb": 12_000}, "w": {"monthly_data_written_gb": 800}})
    result = snapshot_priced(resource(memorydb.CLUSTER, "v", {"nodeType": "db.r7g.large", "engine": "valkey"}),
                             resource(memorydb.CLUSTER, "w", {"nodeType": "db.r7g.large", "engine": "valkey"}),
                             usage=usage)
    written = lines_of(result, "v").loc[lambda lines: lines["item"] == "data-written"]
    assert list(zip(written.index, written["quantity"], written["monthly_usd"].fillna(-1), written["status"])) == [
        ("data written (first 10 TB)", 10_000.0, 0.0, "priced"), ("data written (over 10 TB)", 2_000.0, -1, "unpriced")]
    assert written["reason"].iloc[1] == "no price for memorydb data-written (valkey|tier2) in us-east-1"
    assert written["note"].tolist() == [memorydb.VALKEY_DATA_WRITTEN.tiers[0].price.free_tier,
                                        memorydb.VALKEY_DATA_WRITTEN.tiers[1].price.missing]
    assert (of(result, "v")["status"], of(result, "w")["status"]) == ("partial", "priced")  # 800 GB: within the free 10 TB


@pytest.mark.parametrize("inputs, message", [
    ({}, "node type not set"),
    ({"nodeType": "db.r7g.large", "engine": "memcached"}, "engine memcached is not priced (priced: redis, valkey)"),
    ({"nodeType": "db.r7g.large", "numShards": UNKNOWN}, "number of shards unknown until apply"),
])
def test_reasons_a_memorydb_cluster_is_unpriced(inputs, message):
    assert list(lines_of_rule(memorydb, resource(memorydb.CLUSTER, "m", inputs))["reason"]) == [message]
