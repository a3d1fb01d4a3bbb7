"""Amazon DocumentDB clusters, instances and cluster snapshots (https://aws.amazon.com/documentdb/pricing/).

- Cluster: no fixed charge; its storage (`storage_gb`, per GB-month), I/O requests
  (`monthly_io_requests`, per million; none on I/O-Optimized, `storageType: iopt1`, whose storage
  costs more instead) and backup storage beyond the free allowance (as much as the cluster's
  storage: `backup_storage_gb`) are usage lines. The storage type defaults to standard (the API's).
- Instance: hours by class, at the I/O-Optimized rate when its cluster (followed through
  `clusterIdentifier`) is I/O-Optimized. DocumentDB Serverless (`db.serverless`) has no price in the
  shared data: such an instance is unpriced.
- Cluster snapshot: its storage per GB-month (`backup_storage_gb`).

Elastic clusters, global cluster replicated writes and Extended Support are not priced.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable
from costing.rules.databases import (BACKUP_STORAGE_GB, MONTHLY_IO_REQUESTS, STORAGE_GB, cluster_service_lines,
                                     io_optimized_usage, required_class, storage_type)
from costing.rules.declare import OfferFilter, Page, Price

CLUSTER = "aws:docdb/cluster:Cluster"
CLUSTER_INSTANCE = "aws:docdb/clusterInstance:ClusterInstance"
CLUSTER_SNAPSHOT = "aws:docdb/clusterSnapshot:ClusterSnapshot"
TYPES = (CLUSTER, CLUSTER_INSTANCE, CLUSTER_SNAPSHOT)

_PAGE = "docdb.json"


def _docdb(usage: str, family: str, **options: Any) -> list[OfferFilter]:
    return [OfferFilter("AmazonDocDB", families=family, usage_pattern=re.compile(usage), **options)]


INSTANCE_HOURS = Price(
    "docdb", "{instance_class}", "hour", "{instance_class} instance ({storage})", variant="{storage}",
    sources=[Page(_PAGE, re.compile(r"\[(?:Memory optimized|General purpose) OnDemand(?: NVMe SSD)?"
                                    r"(?P<storage> IO-Optimized-DocDB| IO-Optimized|)\].*"),
                  detail=re.compile(r"Instance Type: (?P<instance_class>db\.[\w.]+)"),
                  values={"storage": {"": "standard", " IO-Optimized-DocDB": "io-optimized",
                                      " IO-Optimized": "io-optimized"}})],
    refresh=[OfferFilter("AmazonDocDB", families="Database Instance", usage_pattern=re.compile(r"InstanceUsage"),
                         fill={"instance_class": "instanceType", "storage": io_optimized_usage},
                         example={"usageType": "InstanceUsage:db.r6g.large"})])
STORAGE = Price("docdb", "storage", "GB-month", "storage", variant="{storage}",
                sources=[Page(_PAGE, re.compile(r"Database Storage(?P<storage>| IO-Optimized-DocDB)"),
                              values={"storage": {"": "standard", " IO-Optimized-DocDB": "io-optimized"}})],
                refresh=_docdb(r"(^|-)(IO-Optimized)?StorageUsage$", "Database Storage",
                               fill={"storage": io_optimized_usage},
                               example={"usageType": "StorageUsage"}))
IO_REQUESTS = Price("docdb", "io-requests", "1M requests", "I/O requests",
                    sources=[Page(_PAGE, "1 million IO requests", factor=1_000_000)],
                    refresh=_docdb(r"(^|-)StorageIOUsage$", "System Operation", factor=1_000_000,
                                   example={"usageType": "StorageIOUsage"}))
BACKUP_STORAGE = Price("docdb", "backup-storage", "GB-month", "backup storage",
                       sources=[Page(_PAGE, "Storage Snapshot")],
                       refresh=_docdb(r"(^|-)BackupUsage$", "Storage Snapshot", example={"usageType": "BackupUsage"}))
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"docdb": "DocumentDB"}
PRICES = (INSTANCE_HOURS, STORAGE, IO_REQUESTS, BACKUP_STORAGE)

USAGE = {CLUSTER: (STORAGE_GB, MONTHLY_IO_REQUESTS, BACKUP_STORAGE_GB), CLUSTER_SNAPSHOT: (BACKUP_STORAGE_GB,)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return cluster_service_lines(resources, inventory, TYPES, (STORAGE, IO_REQUESTS, BACKUP_STORAGE), _instance,
                                 "DocumentDB")


def _instance(resource: Any, cluster: Any) -> list[dict[str, Any]]:
    instance_class = required_class(resource.inputs)
    if instance_class == "db.serverless":
        raise Unpriceable("DocumentDB Serverless has no price in the shared price data")
    return [INSTANCE_HOURS.line(resource.urn, 1.0, instance_class=instance_class, storage=storage_type(cluster.inputs))]
