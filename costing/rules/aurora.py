"""RDS clusters: Aurora clusters and their instances, and Multi-AZ DB clusters (MySQL or PostgreSQL with
two readable standbys), as https://aws.amazon.com/rds/aurora/pricing/ and
https://aws.amazon.com/rds/mysql/pricing/ bill them.

Aurora (`engine` aurora-mysql, aurora-postgresql, or aurora, the MySQL 5.6-compatible one):
- The cluster has no fixed charge: its storage (GB-month, `storage_gb`), its I/O requests
  (`write_requests_per_sec` and `read_requests_per_sec`, per million; none on Aurora I/O-Optimized,
  `storageType: aurora-iopt1`, whose storage costs more instead), backup storage beyond the free
  allowance (as much as the cluster's volume: `additional_backup_storage_gb`) and, for Aurora MySQL
  with a `backtrackWindow`, the change records backtrack keeps (`average_statements_per_hr` x
  `change_records_per_statement` x the window's hours, every hour of the month) are usage lines. A
  Serverless v1 cluster (`engineMode: serverless`) adds its ACU-hours (`capacity_units_per_hr`). A
  managed master password adds the Secrets Manager secret RDS creates.
- A cluster instance is billed by the hour by class, engine and its cluster's storage type (I/O-
  Optimized instances cost more), the cluster followed through `clusterIdentifier`. A `db.serverless`
  instance is billed per ACU-hour: the cluster's `serverlessv2ScalingConfiguration.minCapacity` every
  hour (stated as the configured minimum; none when it is 0, the pause), and the average ACUs above it
  as usage (`additional_capacity_units_per_hr`).
- The storage type defaults to Aurora Standard (the RDS API's default, `aurora`).
- Aurora Standard storage and I/O requests are one price each for both editions: AWS's page says "The
  prices below apply to both the MySQL-compatible and the PostgreSQL-compatible editions of Amazon
  Aurora, except where noted", and its "Database Storage and I/Os" section notes no exception
  (https://aws.amazon.com/rds/aurora/pricing/). The shared data has the storage rate under the PostgreSQL
  label only; that rate prices Aurora MySQL clusters too. Instance hours are per edition (the page lists
  them apart).

Multi-AZ DB cluster (`engine` mysql or postgres with `dbClusterInstanceClass`): the price of the
deployment of one writer and two readable standbys per hour (normalized/rds.csv's multi-az-2-standbys
rows, per cluster), its storage (allocatedStorage, storageType, io1 when unset as CreateDBCluster has it,
iops, in that deployment's variant), backups beyond the free allowance (usage) and a managed master
password's secret. The shared data has no storage price for this deployment: its storage lines are
gaps, the cluster partly priced (its instance hours counted).

Not priced: Performance Insights, RDS Extended Support, snapshot export, Global Database replicated
writes, Aurora Limitless.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules import rds
from costing.rules.common import Unpriceable, each_type, flag, number, text
from costing.rules.databases import (ADDITIONAL_CAPACITY_UNITS_PER_HR, STORAGE_GB, Named, capacity_range,
                                     cluster_of, io_optimized_usage, required_class, serverless_lines)
from costing.rules.declare import OfferFilter, Page, Price, UsageKey
from costing.rules.monitoring import SECRET_MONTH

CLUSTER = "aws:rds/cluster:Cluster"
CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
TYPES = (CLUSTER, CLUSTER_INSTANCE)

ENGINES = {"aurora": "aurora-mysql", "aurora-mysql": "aurora-mysql", "aurora-postgresql": "aurora-postgresql"}
MULTI_AZ_CLUSTER_ENGINES = ("mysql", "postgres")
STORAGE_TYPES = {"aurora": "standard", "aurora-iopt1": "io-optimized"}
SERVERLESS = "db.serverless"

_STORAGE_PAGE = "rds-aurora-storage.json"
_PAGE_ENGINES = {"MySQL": "aurora-mysql", "PostgreSQL": "aurora-postgresql"}
_AWS_ENGINES = {"Aurora MySQL": "aurora-mysql", "Aurora PostgreSQL": "aurora-postgresql"}
# Aurora MySQL's storage rows in the Price List are those of database engine "Any" (infracost's filter).
_AWS_STORAGE_ENGINES = {"Any": "aurora-mysql", **_AWS_ENGINES}
_IO_MODE = "Aurora IO Optimization Mode"


def _rds(*, families: str = "", usage: tuple[str, ...] = (), pattern: str = "", **options: Any) -> list[OfferFilter]:
    """AmazonRDS rows of Aurora: of a product family, by usage type (exact names or a pattern)."""
    return [OfferFilter("AmazonRDS", families=families, usage=usage,
                        usage_pattern=re.compile(pattern) if pattern else None, **options)]


INSTANCE_HOURS = Price(
    "aurora", "{instance_class}", "hour", "{instance_class} instance ({engine}, {storage})",
    variant="{engine}|{storage}",
    sources=[Page("rds-aurora-ondemand.json",
                  re.compile(rf"\[Database Instance Aurora (?P<engine>MySQL|PostgreSQL) No license required "
                             rf"(?P<storage>{_IO_MODE} |)[^\]]*\].*"),
                  detail=re.compile(r"Instance Type: (?P<instance_class>db\.[\w.]+)"),
                  values={"engine": _PAGE_ENGINES, "storage": {"": "standard", f"{_IO_MODE} ": "io-optimized"}})],
    refresh=_rds(families="Database Instance", pattern=r"InstanceUsage(IOOptimized)?:",
                 attributes={"databaseEngine": tuple(_AWS_ENGINES)},
                 fill={"instance_class": "instanceType", "engine": "databaseEngine", "storage": io_optimized_usage},
                 values={"engine": _AWS_ENGINES},
                 example={"usageType": "InstanceUsageIOOptimized:db.r6g.large"}))
# One price for both editions. https://aws.amazon.com/rds/aurora/pricing/: "The prices below apply to both
# the MySQL-compatible and the PostgreSQL-compatible editions of Amazon Aurora, except where noted"; its
# "Database Storage and I/Os" section gives one storage rate and notes no exception. The shared data has
# it under the PostgreSQL label only, so that metric is read for both.
STORAGE = Price(
    "aurora", "storage", "GB-month", "storage (Aurora Standard)",
    sources=[Page(_STORAGE_PAGE, "Database Storage DB Engine Aurora PostgreSQL General Purpose Aurora")],
    refresh=_rds(families="Database Storage", pattern=r"Aurora:StorageUsage$",
                 attributes={"databaseEngine": tuple(_AWS_STORAGE_ENGINES)},
                 example={"usageType": "Aurora:StorageUsage"}))
IO_OPTIMIZED_STORAGE = Price(
    "aurora", "storage-io-optimized", "GB-month", "storage (Aurora I/O-Optimized)", variant="{engine}",
    sources=[Page(_STORAGE_PAGE, re.compile(r"Aurora (?P<engine>MySQL|PostgreSQL) IO Optimized Aurora"),
                  values={"engine": _PAGE_ENGINES})],
    refresh=_rds(families="Database Storage", pattern=r"Aurora:IO-OptimizedStorageUsage$",
                 fill={"engine": "databaseEngine"}, values={"engine": _AWS_STORAGE_ENGINES},
                 example={"usageType": "Aurora:IO-OptimizedStorageUsage"}))
IO_REQUESTS = Price(
    "aurora", "io-requests", "1M requests", "I/O requests",
    sources=[Page(_STORAGE_PAGE, "System Operation Aurora I O Operation", factor=1_000_000)],
    refresh=_rds(families="System Operation", pattern=r"Aurora:StorageIOUsage$", factor=1_000_000,
                 attributes={"databaseEngine": "Any"}, example={"usageType": "Aurora:StorageIOUsage"}))
BACKUP_STORAGE = Price(
    "aurora", "backup-storage", "GB-month", "backup storage beyond the free allowance", variant="{engine}",
    sources=[Page(_STORAGE_PAGE, re.compile(r"Storage Snapshot Aurora (?P<engine>MySQL|PostgreSQL)"),
                  values={"engine": _PAGE_ENGINES})],
    refresh=_rds(families="Storage Snapshot", pattern=r"Aurora:BackupUsage$", fill={"engine": "databaseEngine"},
                 values={"engine": _AWS_ENGINES}, example={"usageType": "Aurora:BackupUsage"}))
BACKTRACK = Price(
    "aurora", "backtrack", "1M change-records", "backtrack change records",
    sources=[Page(_STORAGE_PAGE, "System Operation Aurora Backtrack", factor=1_000_000)],
    refresh=_rds(families="System Operation", pattern=r"Aurora:BacktrackUsage$", factor=1_000_000,
                 example={"usageType": "Aurora:BacktrackUsage"}))
SERVERLESS_V2 = Price(
    "aurora", "serverless-v2", "ACU-hour", "Serverless v2 capacity ({engine}, {storage})",
    variant="{engine}|{storage}",
    sources=[Page(_STORAGE_PAGE,
                  re.compile(rf"Aurora (?P<engine>MySQL|PostgreSQL) ServerlessV2(?P<storage> {_IO_MODE}|)"),
                  values={"engine": _PAGE_ENGINES, "storage": {"": "standard", f" {_IO_MODE}": "io-optimized"}})],
    refresh=_rds(families="ServerlessV2", pattern=r"Aurora:ServerlessV2(IOOptimized)?Usage$",
                 fill={"engine": "databaseEngine", "storage": io_optimized_usage}, values={"engine": _AWS_ENGINES},
                 example={"usageType": "Aurora:ServerlessV2Usage"}))
SERVERLESS_V1 = Price(
    "aurora", "serverless-v1", "ACU-hour", "Serverless v1 capacity ({engine})", variant="{engine}",
    sources=[Page(_STORAGE_PAGE, re.compile(r"Aurora (?P<engine>MySQL|PostgreSQL) Serverless"),
                  values={"engine": _PAGE_ENGINES})],
    refresh=_rds(families="Serverless", usage=("Aurora:ServerlessUsage",), fill={"engine": "databaseEngine"},
                 values={"engine": _AWS_ENGINES}))
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"aurora": "Aurora"}
PRICES = (INSTANCE_HOURS, STORAGE, IO_OPTIMIZED_STORAGE, IO_REQUESTS, BACKUP_STORAGE, BACKTRACK, SERVERLESS_V2,
          SERVERLESS_V1)

WRITE_REQUESTS_PER_SEC = UsageKey("write_requests_per_sec", "requests/s", "average write I/O requests per second")
READ_REQUESTS_PER_SEC = UsageKey("read_requests_per_sec", "requests/s", "average read I/O requests per second")
AVERAGE_STATEMENTS_PER_HR = UsageKey("average_statements_per_hr", "statements/hour",
                                     "average statements that change data per hour")
CHANGE_RECORDS_PER_STATEMENT = UsageKey("change_records_per_statement", "records",
                                        "change records each statement writes, on average")
CAPACITY_UNITS_PER_HR = UsageKey("capacity_units_per_hr", "ACUs", "average Aurora capacity units (Serverless v1)")
USAGE = {CLUSTER: (STORAGE_GB, WRITE_REQUESTS_PER_SEC, READ_REQUESTS_PER_SEC, rds.ADDITIONAL_BACKUP_STORAGE_GB,
                   AVERAGE_STATEMENTS_PER_HR, CHANGE_RECORDS_PER_STATEMENT, CAPACITY_UNITS_PER_HR),
         CLUSTER_INSTANCE: (ADDITIONAL_CAPACITY_UNITS_PER_HR,)}

HOURS_PER_MONTH = 730
REQUESTS_PER_SEC_TO_MILLIONS_A_MONTH = HOURS_PER_MONTH * 3600 / 1e6
ENGINE_MODES = ("provisioned", "serverless", "global", "parallelquery", "multimaster")


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    clusters = Named(inventory, CLUSTER, "clusterIdentifier")
    return each_type(resources, {
        CLUSTER: (_cluster, "RDS cluster"),
        CLUSTER_INSTANCE: (lambda row: _cluster_instance(row, clusters), "Aurora instance"),
    })


def aurora_engine(inputs: dict[str, Any]) -> str:
    """The catalog's Aurora engine of a cluster or instance (aurora-mysql or aurora-postgresql)."""
    engine = text(inputs, "engine", "engine")
    if not engine:
        raise Unpriceable("engine not set")
    if engine not in ENGINES:
        raise Unpriceable(f"engine {engine} is not an Aurora engine (priced: {', '.join(sorted(ENGINES))})")
    return ENGINES[engine]


def storage_type(cluster_inputs: dict[str, Any]) -> str:
    """standard or io-optimized, from a cluster's storageType (Aurora Standard when unset)."""
    given = text(cluster_inputs, "storageType", "storage type", "aurora")
    if given not in STORAGE_TYPES:
        raise Unpriceable(f"Aurora storage type {given} is not priced (priced: aurora, aurora-iopt1)")
    return STORAGE_TYPES[given]


def serverless_range(cluster_inputs: dict[str, Any]) -> tuple[float, float | None]:
    """(minimum, maximum) ACUs of a cluster's Serverless v2 instances."""
    return capacity_range(cluster_inputs, "serverlessv2ScalingConfiguration", "ACU")


def _cluster(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    if text(inputs, "engine", "engine") in MULTI_AZ_CLUSTER_ENGINES:
        return _multi_az_cluster(resource)
    engine = aurora_engine(inputs)
    mode = text(inputs, "engineMode", "engine mode", "provisioned")
    if mode not in ENGINE_MODES:
        raise Unpriceable(f"engine mode {mode} is not priced (priced: {', '.join(ENGINE_MODES)})")
    storage = "standard" if mode == "serverless" else storage_type(inputs)
    rows = []
    if mode == "serverless":
        rows.append(SERVERLESS_V1.usage_line(urn, CAPACITY_UNITS_PER_HR, engine=engine))
    if storage == "io-optimized":
        rows.append(IO_OPTIMIZED_STORAGE.usage_line(urn, STORAGE_GB, engine=engine))
    else:
        rows += [STORAGE.usage_line(urn, STORAGE_GB),
                 IO_REQUESTS.usage_line(urn, WRITE_REQUESTS_PER_SEC, "I/O requests (writes)",
                                        factor=REQUESTS_PER_SEC_TO_MILLIONS_A_MONTH),
                 IO_REQUESTS.usage_line(urn, READ_REQUESTS_PER_SEC, "I/O requests (reads)",
                                        factor=REQUESTS_PER_SEC_TO_MILLIONS_A_MONTH)]
    rows.append(BACKUP_STORAGE.usage_line(urn, rds.ADDITIONAL_BACKUP_STORAGE_GB, engine=engine))
    window_hours = (number(inputs, "backtrackWindow", "backtrack window", 0.0) or 0.0) / 3600
    if window_hours and engine == "aurora-mysql":
        rows.append(BACKTRACK.usage_line(urn, (AVERAGE_STATEMENTS_PER_HR, CHANGE_RECORDS_PER_STATEMENT),
                                         f"backtrack change records ({window_hours:g} h window)",
                                         factor=window_hours * HOURS_PER_MONTH / 1e6))
    return rows + _managed_secret(urn, inputs)


def _multi_az_cluster(resource: Any) -> list[dict[str, Any]]:
    """A Multi-AZ DB cluster: one writer and two readable standbys, priced as one deployment."""
    inputs, urn = resource.inputs, resource.urn
    engine = text(inputs, "engine", "engine")
    instance_class = text(inputs, "dbClusterInstanceClass", "DB cluster instance class")
    if not instance_class:
        raise Unpriceable(f"a {engine} RDS cluster is a Multi-AZ DB cluster: dbClusterInstanceClass not set")
    deployment = "multi-az-2-standbys"
    rows = [rds.INSTANCE_HOURS.line(urn, 1.0, f"{instance_class} Multi-AZ DB cluster, writer and two readable "
                                              f"standbys ({engine})",
                                    instance_class=instance_class, engine=engine, licence="none",
                                    deployment=deployment)]
    # CreateDBCluster: the storage type of a Multi-AZ DB cluster is io1 when unset
    rows += rds.storage_lines(urn, {**inputs, "storageType": text(inputs, "storageType", "storage type", "io1")},
                              engine, deployment)
    rows.append(rds.BACKUP_STORAGE.usage_line(urn, rds.ADDITIONAL_BACKUP_STORAGE_GB))
    return rows + _managed_secret(urn, inputs)


def _managed_secret(urn: str, inputs: dict[str, Any]) -> list[dict[str, Any]]:
    if flag(inputs, "manageMasterUserPassword", "managed master password"):
        return [SECRET_MONTH.line(urn, 1.0, "master password secret (managed by RDS)")]
    return []


def _cluster_instance(resource: Any, clusters: Named) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    instance_class = required_class(inputs)
    engine = aurora_engine(inputs)
    cluster = cluster_of(resource, clusters)
    storage = storage_type(cluster.inputs)
    if instance_class != SERVERLESS:
        return [INSTANCE_HOURS.line(urn, 1.0, instance_class=instance_class, engine=engine, storage=storage)]
    return serverless_lines(urn, SERVERLESS_V2, serverless_range(cluster.inputs), "ACU", "Serverless v2",
                            engine=engine, storage=storage)
