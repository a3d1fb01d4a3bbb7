"""DocumentDB and Neptune, which AWS bills alike: a cluster's storage, I/O and backups as usage (no I/O on
I/O-Optimized), an instance at its cluster's storage type, snapshots, Neptune Serverless capacity, and
the reasons either is unpriced."""

from __future__ import annotations

import pandas as pd
import pytest

from costing.rules import docdb, neptune
from costing.schema import UNKNOWN
from tests.pricing_helpers import frame, resource


def rule_lines(module, *rows: dict) -> pd.DataFrame:
    inventory = frame(*rows)
    return module.lines(inventory, inventory)


@pytest.mark.parametrize("module", [docdb, neptune])
def test_a_clusters_volume_is_usage_and_io_optimized_has_no_io_requests(module):
    lines = rule_lines(module, resource(module.CLUSTER, "standard", {}),
                       resource(module.CLUSTER, "iopt", {"storageType": "iopt1"}))
    assert list(zip(lines["urn"].str.rsplit("::", n=1).str[1], lines["item"], lines["variant"], lines["usage_key"],
                    lines["usage_factor"])) == [
        ("standard", "storage", "standard", "storage_gb", 1.0),
        ("standard", "io-requests", "", "monthly_io_requests", 1e-6),
        ("standard", "backup-storage", "", "backup_storage_gb", 1.0),
        ("iopt", "storage", "io-optimized", "storage_gb", 1.0),
        ("iopt", "backup-storage", "", "backup_storage_gb", 1.0)]
    assert lines["usage"].all()


@pytest.mark.parametrize("module", [docdb, neptune])
def test_an_instance_is_priced_at_its_clusters_storage_type_found_by_reference_or_name(module):
    iopt = resource(module.CLUSTER, "iopt", {"clusterIdentifier": "iopt", "storageType": "iopt1"})
    by_name = resource(module.CLUSTER_INSTANCE, "a", {"instanceClass": "db.r6g.large", "clusterIdentifier": "iopt"})
    by_reference = resource(module.CLUSTER_INSTANCE, "b", {"instanceClass": "db.r6g.large",
                                                           "clusterIdentifier": UNKNOWN},
                            refs={"clusterIdentifier": [iopt["urn"]]})
    lines = rule_lines(module, iopt, by_name, by_reference)
    instances = lines[lines["item"] == "db.r6g.large"]
    assert list(instances["variant"]) == ["io-optimized", "io-optimized"]
    assert list(instances["description"]) == ["db.r6g.large instance (io-optimized)"] * 2


@pytest.mark.parametrize("module", [docdb, neptune])
def test_a_snapshot_is_its_storage_at_the_backup_price(module):
    line = rule_lines(module, resource(module.CLUSTER_SNAPSHOT, "s", {"dbClusterIdentifier": "c"})).iloc[0]
    assert (line["item"], line["usage_key"], line["description"]) == (
        "backup-storage", "backup_storage_gb", "snapshot storage")


def test_a_neptune_serverless_instance_runs_at_its_clusters_minimum_ncus_and_more_by_usage():
    cluster = resource(neptune.CLUSTER, "g", {"clusterIdentifier": "g", "storageType": "iopt1",
                                             "serverlessV2ScalingConfiguration": {"minCapacity": 2.5}})
    lines = rule_lines(neptune, cluster, resource(neptune.CLUSTER_INSTANCE, "g-1", {
        "instanceClass": "db.serverless", "clusterIdentifier": "g"}))
    serverless = lines[lines["item"] == "serverless"]
    assert list(zip(serverless["variant"], serverless["quantity"].fillna(-1), serverless["usage_key"],
                    serverless["description"])) == [
        ("io-optimized", 2.5, "", "Serverless capacity at its configured minimum (2.5 NCU)"),
        ("io-optimized", -1, "additional_capacity_units_per_hr", "Serverless capacity above the minimum")]


@pytest.mark.parametrize("module, rows, message", [
    (docdb, [resource(docdb.CLUSTER, "c", {"storageType": "gp3"})],
     "storage type gp3 is not priced (priced: standard, iopt1)"),
    (neptune, [resource(neptune.CLUSTER, "c", {"storageType": UNKNOWN})], "storage type unknown until apply"),
    (docdb, [resource(docdb.CLUSTER_INSTANCE, "i", {"instanceClass": "db.r6g.large", "clusterIdentifier": "c"})],
     "its cluster is not in the stack: its storage type (standard or I/O-Optimized), which sets the instance's "
     "price, is unknown"),
    (docdb, [resource(docdb.CLUSTER, "c", {"clusterIdentifier": "c"}),
             resource(docdb.CLUSTER_INSTANCE, "i", {"instanceClass": "db.serverless", "clusterIdentifier": "c"})],
     "DocumentDB Serverless has no price in the shared price data"),
    (neptune, [resource(neptune.CLUSTER, "c", {"clusterIdentifier": "c"}),
               resource(neptune.CLUSTER_INSTANCE, "i", {"clusterIdentifier": "c"})], "instance class not set"),
    (neptune, [resource(neptune.CLUSTER, "c", {"clusterIdentifier": "c"}),
               resource(neptune.CLUSTER_INSTANCE, "i", {"instanceClass": "db.serverless", "clusterIdentifier": "c"})],
     "the cluster sets no serverlessV2ScalingConfiguration.minCapacity: the NCUs its db.serverless instances run "
     "at are unknown"),
])
def test_reasons_a_cluster_or_instance_is_unpriced(module, rows, message):
    lines = rule_lines(module, *rows)
    assert list(lines.loc[lines["urn"] == rows[-1]["urn"], "reason"]) == [message]
