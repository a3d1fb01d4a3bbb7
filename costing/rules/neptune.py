"""Amazon Neptune clusters, instances and cluster snapshots (https://aws.amazon.com/neptune/pricing/).

- Cluster: no fixed charge; its storage (`storage_gb`, per GB-month), I/O requests
  (`monthly_io_requests`, per million; none on I/O-Optimized, `storageType: iopt1`, whose storage
  costs more instead) and backup storage beyond the free allowance (`backup_storage_gb`) are usage
  lines. The storage type defaults to standard (the API's).
- Instance: hours by class, at the I/O-Optimized rate when its cluster (followed through
  `clusterIdentifier`) is I/O-Optimized. A `db.serverless` instance is billed per NCU-hour: the
  cluster's `serverlessV2ScalingConfiguration.minCapacity` every hour (stated as the configured
  minimum) and the average NCUs above it as usage (`additional_capacity_units_per_hr`).
- Cluster snapshot: its storage per GB-month (`backup_storage_gb`).

The shared data gives the r7g, r7i and r8g classes only as pairs of prices without saying which is
I/O-Optimized: those classes have no price here (reported unpriced). Global database replicated
writes are not priced.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.databases import (ADDITIONAL_CAPACITY_UNITS_PER_HR, BACKUP_STORAGE_GB, MONTHLY_IO_REQUESTS,
                                     STORAGE_GB, capacity_range, cluster_service_lines, io_optimized_usage,
                                     required_class, serverless_lines, storage_type)
from costing.rules.declare import OfferFilter, Page, Price

CLUSTER = "aws:neptune/cluster:Cluster"
CLUSTER_INSTANCE = "aws:neptune/clusterInstance:ClusterInstance"
CLUSTER_SNAPSHOT = "aws:neptune/clusterSnapshot:ClusterSnapshot"
TYPES = (CLUSTER, CLUSTER_INSTANCE, CLUSTER_SNAPSHOT)

SERVERLESS = "db.serverless"
_PAGE = "neptune.json"
_IO_OPTIMIZED = {"": "standard", "IO optimized ": "io-optimized"}


def _neptune(usage: str, **options: Any) -> list[OfferFilter]:
    """AmazonNeptune rows by usage type (infracost's filters: the usage type alone)."""
    return [OfferFilter("AmazonNeptune", usage_pattern=re.compile(usage, re.I), **options)]


INSTANCE_HOURS = Price(
    "neptune", "{instance_class}", "hour", "{instance_class} instance ({storage})", variant="{storage}",
    # The per-class metrics: the bare group metric gives two prices per class, unlabelled.
    sources=[Page(_PAGE, re.compile(r"\[Neptune [^\]]*\] Neptune (?P<storage>IO optimized |)(?:Memory Optimized|"
                                    r"General purpose) Current Generation db \S+( General Purpose-Aurora)?"),
                  detail=re.compile(r"Instance Type: (?P<instance_class>db\.[\w.]+)"),
                  values={"storage": _IO_OPTIMIZED})],
    refresh=_neptune(r"InstanceUsage", fill={"instance_class": "instanceType", "storage": io_optimized_usage},
                     example={"usageType": "InstanceUsage:db.r5.large", "instanceType": "db.r5.large"}))
SERVERLESS_NCU = Price(
    "neptune", "serverless", "NCU-hour", "Serverless capacity ({storage})", variant="{storage}",
    sources=[Page(_PAGE, re.compile(r"(?P<storage>IO optimized |)Serverless( General Purpose-Aurora)?"),
                  values={"storage": _IO_OPTIMIZED})],
    refresh=_neptune(r"ServerlessV2(IOOptimized)?Usage", fill={"storage": io_optimized_usage},
                     example={"usageType": "ServerlessV2Usage"}))
STORAGE = Price("neptune", "storage", "GB-month", "storage ({storage})", variant="{storage}",
                sources=[Page(_PAGE, re.compile(r"(?P<storage>IO optimized |)Storage Rate( General Purpose-Aurora)?"),
                              values={"storage": _IO_OPTIMIZED})],
                refresh=_neptune(r"StorageUsage$", fill={"storage": io_optimized_usage},
                                 example={"usageType": "StorageUsage"}))
IO_REQUESTS = Price("neptune", "io-requests", "1M requests", "I/O requests",
                    sources=[Page(_PAGE, "IO Rate", factor=1_000_000)],
                    refresh=_neptune(r"StorageIOUsage$", factor=1_000_000,
                                     example={"usageType": "StorageIOUsage"}))
BACKUP_STORAGE = Price("neptune", "backup-storage", "GB-month", "backup storage",
                       sources=[Page(_PAGE, "Storage Snapshot Rate")],
                       refresh=_neptune(r"BackupUsage$", example={"usageType": "BackupUsage"}))
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"neptune": "Neptune"}
PRICES = (INSTANCE_HOURS, SERVERLESS_NCU, STORAGE, IO_REQUESTS, BACKUP_STORAGE)

USAGE = {CLUSTER: (STORAGE_GB, MONTHLY_IO_REQUESTS, BACKUP_STORAGE_GB),
         CLUSTER_INSTANCE: (ADDITIONAL_CAPACITY_UNITS_PER_HR,), CLUSTER_SNAPSHOT: (BACKUP_STORAGE_GB,)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return cluster_service_lines(resources, inventory, TYPES, (STORAGE, IO_REQUESTS, BACKUP_STORAGE), _instance,
                                 "Neptune")


def _instance(resource: Any, cluster: Any) -> list[dict[str, Any]]:
    instance_class = required_class(resource.inputs)
    storage = storage_type(cluster.inputs)
    if instance_class != SERVERLESS:
        return [INSTANCE_HOURS.line(resource.urn, 1.0, instance_class=instance_class, storage=storage)]
    capacity = capacity_range(cluster.inputs, "serverlessV2ScalingConfiguration", "NCU")
    return serverless_lines(resource.urn, SERVERLESS_NCU, capacity, "NCU", "Serverless", storage=storage)
