"""RDS DB instances: instance hours by class, engine, licence and deployment; storage; provisioned IOPS
and throughput; the Secrets Manager secret RDS creates for a managed master password; backups.

Multi-AZ is the catalog's multi-az variant for the instance and for every storage line (about twice
the Single-AZ price); SQL Server's Multi-AZ storage is the multi-az-sqlserver-mirror variant, as AWS
bills it. A read replica (`replicateSourceDb`) is an instance of its own class and deployment, with
the source's engine, licence and storage unless it sets its own.

AWS defaults applied (no provider fills them in under mocks):
- storage: 20 GB when unset; type io1 when IOPS are set, else gp2 (the RDS API's and the provider's
  default); io1/io2 at least 100 GB and 1,000 IOPS.
- gp3 includes 3,000 IOPS and 125 MiB/s; from 400 GB (200 GB for Oracle) 12,000 IOPS and 500 MiB/s;
  SQL Server always 3,000 and 125. Only IOPS and throughput above the baseline are charged.
- licence: none for MySQL, MariaDB and PostgreSQL; license-included for SQL Server; Oracle without a
  licenseModel is taken as bring-your-own-license (the instance-only price; set licenseModel to
  license-included to price the licence).
- backups: storage up to the database's size is free; the rest is a usage line
  (`additional_backup_storage_gb`), for instances that keep backups (`backupRetentionPeriod` not 0;
  replicas only when they set it).

Enhanced monitoring (`monitoringInterval` above 0) sends the OS metrics to CloudWatch Logs (the
RDSOSMetrics log group), billed as log data ingested and stored (RDS User Guide, "Overview of Enhanced
Monitoring": "You are charged for Enhanced Monitoring ... CloudWatch Logs"); logs exported with
`enabledCloudwatchLogsExports` are CloudWatch Logs data too (RDS User Guide, "Publishing database logs
to Amazon CloudWatch Logs"). Both are usage lines at CloudWatch Logs' prices.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_resource, flag, known, known_value, number, text
from costing.rules.declare import Normalized, OfferFilter, Price, UsageKey
from costing.rules.monitoring import LOGS_INGESTION, LOGS_STORAGE, SECRET_MONTH

INSTANCE = "aws:rds/instance:Instance"
TYPES = (INSTANCE,)

# Engine input (with its CDB variants) -> the catalog's engine.
ENGINES = {"mysql": "mysql", "postgres": "postgres", "mariadb": "mariadb",
           "oracle-se2": "oracle-se2", "oracle-se2-cdb": "oracle-se2",
           "oracle-ee": "oracle-ee", "oracle-ee-cdb": "oracle-ee",
           "sqlserver-ex": "sqlserver-ex", "sqlserver-web": "sqlserver-web",
           "sqlserver-se": "sqlserver-se", "sqlserver-ee": "sqlserver-ee"}
LICENCES = {"license-included": "license-included", "bring-your-own-license": "byol",
            "general-public-license": "none", "postgresql-license": "none"}
STORAGE_ITEMS = {"gp2": "gp2", "gp3": "gp3", "io1": "io1", "io2": "io2", "standard": "magnetic"}

# The Price List's names (AmazonRDS offer) -> the catalog's. Editions matter for Oracle and SQL Server.
AWS_ENGINES = {
    ("MySQL", ""): "mysql", ("PostgreSQL", ""): "postgres", ("MariaDB", ""): "mariadb",
    ("Oracle", "Standard Two"): "oracle-se2", ("Oracle", "Enterprise"): "oracle-ee",
    ("Oracle", "Standard"): "oracle-se", ("Oracle", "Standard One"): "oracle-se1",
    ("SQL Server", "Express"): "sqlserver-ex", ("SQL Server", "Web"): "sqlserver-web",
    ("SQL Server", "Standard"): "sqlserver-se", ("SQL Server", "Enterprise"): "sqlserver-ee",
}
AWS_LICENCES = {"No license required": "none", "License included": "license-included",
                "Bring your own license": "byol"}
AWS_DEPLOYMENTS = {"Single-AZ": "single-az", "Multi-AZ": "multi-az",
                   "Multi-AZ (readable standbys)": "multi-az-2-standbys",
                   "Multi-AZ (SQL Server Mirror)": "multi-az-sqlserver-mirror"}
AWS_VOLUMES = {"General Purpose": "gp2", "General Purpose-GP3": "gp3", "Provisioned IOPS": "io1",
               "Provisioned IOPS-IO2": "io2", "Magnetic": "magnetic"}
NOT_AURORA = {"databaseEngine": re.compile(r"^(?!Aurora)")}  # Aurora's storage and I/O are billed apart


def _aws_engine(row: Any) -> str | None:
    return AWS_ENGINES.get((row.database_engine, row.database_edition)) or AWS_ENGINES.get((row.database_engine, ""))


def _storage_rows(family: str, **options: Any) -> list[OfferFilter]:
    """AmazonRDS rows of one storage product family, by deployment (not Aurora's)."""
    fill = {"deployment": "deploymentOption", **options.pop("fill", {})}
    values = {"deployment": AWS_DEPLOYMENTS, **options.pop("values", {})}
    example = {"databaseEngine": "MySQL", **options.pop("example", {})}
    return [OfferFilter("AmazonRDS", families=family, attributes=NOT_AURORA, fill=fill, values=values,
                        example=example, **options)]


_RDS_STORAGE = [Normalized("rds-storage")]
INSTANCE_HOURS = Price(
    "rds", "{instance_class}", "hour", "{instance_class} instance ({engine}, {deployment})",
    variant="{engine}|{licence}|{deployment}", sources=[Normalized("rds")],
    refresh=[OfferFilter("AmazonRDS", families="Database Instance",
                         fill={"instance_class": "instanceType", "engine": _aws_engine, "licence": "licenseModel",
                               "deployment": "deploymentOption"},
                         values={"licence": AWS_LICENCES, "deployment": AWS_DEPLOYMENTS},
                         reads=("databaseEngine", "databaseEdition"), reservable=True,
                         example={"databaseEngine": "MySQL", "databaseEdition": ""})])
STORAGE = Price("rds-storage", "{storage}", "GB-month", "storage ({storage})", variant="{deployment}",
                sources=_RDS_STORAGE,
                refresh=_storage_rows("Database Storage", fill={"storage": "volumeType"},
                                      values={"storage": AWS_VOLUMES}))
PIOPS = Price("rds-storage", "piops-iops", "IOPS-month", "provisioned IOPS", variant="{deployment}",
              sources=_RDS_STORAGE,
              refresh=_storage_rows("Provisioned IOPS", usage_pattern=re.compile(r"^(?!.*(?:GP3|IO2))", re.I),
                                    example={"usageType": "RDS:Multi-AZ-PIOPS"}))
GP3_IOPS = Price("rds-storage", "gp3-iops", "IOPS-month", "gp3 IOPS above the baseline", variant="{deployment}",
                 sources=_RDS_STORAGE,
                 refresh=_storage_rows("Provisioned IOPS", usage_pattern=re.compile("GP3", re.I),
                                       example={"usageType": "RDS:GP3-PIOPS"}))
GP3_THROUGHPUT = Price("rds-storage", "gp3-throughput", "MiBps-month", "gp3 throughput above the baseline",
                       variant="{deployment}", sources=_RDS_STORAGE, refresh=_storage_rows("Provisioned Throughput"))
BACKUP_STORAGE = Price("rds-storage", "backup-storage", "GB-month", "backup storage beyond the free allowance",
                       variant="any", sources=_RDS_STORAGE,
                       refresh=[OfferFilter("AmazonRDS", usage="RDS:ChargedBackupUsage", attributes=NOT_AURORA,
                                            example={"databaseEngine": "Any"})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"rds": "RDS", "rds-storage": "RDS"}
PRICES = (INSTANCE_HOURS, STORAGE, PIOPS, GP3_IOPS, GP3_THROUGHPUT, BACKUP_STORAGE)

ADDITIONAL_BACKUP_STORAGE_GB = UsageKey(
    "additional_backup_storage_gb", "GB", "backup storage beyond the free allowance (as much as the database's "
    "storage), per month", aliases=("backup_storage_gb",))
ENHANCED_MONITORING_GB = UsageKey("monthly_enhanced_monitoring_gb", "GB", "enhanced monitoring data sent to "
                                  "CloudWatch Logs per month")
ENHANCED_MONITORING_STORAGE_GB = UsageKey("enhanced_monitoring_storage_gb", "GB", "enhanced monitoring data kept in "
                                          "CloudWatch Logs (the month's average)")
LOG_EXPORTS_GB = UsageKey("monthly_log_exports_gb", "GB", "database logs exported to CloudWatch Logs per month")
LOG_EXPORTS_STORAGE_GB = UsageKey("log_exports_storage_gb", "GB", "exported database logs kept in CloudWatch Logs "
                                  "(the month's average)")
USAGE = {INSTANCE: (ADDITIONAL_BACKUP_STORAGE_GB, ENHANCED_MONITORING_GB, ENHANCED_MONITORING_STORAGE_GB,
                    LOG_EXPORTS_GB, LOG_EXPORTS_STORAGE_GB)}

DEFAULT_STORAGE_GB = 20.0
PIOPS_MIN_GB, PIOPS_MIN_IOPS = 100.0, 1000.0
GP3_BASE = (3000.0, 125.0)
GP3_LARGE = (12000.0, 500.0)
GP3_LARGE_FROM_GB = {"oracle-se2": 200.0, "oracle-ee": 200.0}  # other engines: 400; SQL Server: never
DEFAULT_GP3_LARGE_FROM_GB = 400.0


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, INSTANCE)
    identifiers = {row.inputs.get("identifier"): row for row in index.by_urn.values()
                   if isinstance(row.inputs.get("identifier"), str)}
    return each_resource(resources, lambda row: _database(row, index, identifiers), "DB instance")


def _database(resource: Any, index: Index, identifiers: dict[str, Any]) -> list[dict[str, Any]]:
    inputs = resource.inputs
    source = _source(resource, index, identifiers)
    settings = _with_source(inputs, source.inputs if source is not None else {})
    instance_class = text(inputs, "instanceClass", "instance class")
    if not instance_class:
        raise Unpriceable("instance class not set")
    engine = _engine(settings)
    multi_az = flag(inputs, "multiAz", "Multi-AZ")
    deployment = "multi-az" if multi_az else "single-az"
    role = "read replica" if source is not None or inputs.get("replicateSourceDb") else "instance"
    urn = resource.urn
    rows = [INSTANCE_HOURS.line(urn, 1.0, f"{instance_class} {role} ({engine}, {deployment})",
                                instance_class=instance_class, engine=engine, licence=_licence(settings, engine),
                                deployment=deployment)]
    storage_variant = "multi-az-sqlserver-mirror" if multi_az and engine.startswith("sqlserver") else deployment
    rows += storage_lines(urn, settings, engine, storage_variant)
    if flag(inputs, "manageMasterUserPassword", "managed master password"):
        rows.append(SECRET_MONTH.line(urn, 1.0, "master password secret (managed by RDS)"))
    if _keeps_backups(inputs, is_replica=role == "read replica"):
        rows.append(BACKUP_STORAGE.usage_line(urn, ADDITIONAL_BACKUP_STORAGE_GB))
    return rows + _cloudwatch_logs_lines(urn, inputs)


def _cloudwatch_logs_lines(urn: str, inputs: dict[str, Any]) -> list[dict[str, Any]]:
    """Usage lines of what enhanced monitoring and log exports send to CloudWatch Logs."""
    rows = []
    if number(inputs, "monitoringInterval", "enhanced monitoring interval", 0.0):
        rows += [LOGS_INGESTION.usage_line(urn, ENHANCED_MONITORING_GB, "enhanced monitoring data ingested "
                                                                         "(CloudWatch Logs)"),
                 LOGS_STORAGE.usage_line(urn, ENHANCED_MONITORING_STORAGE_GB, "enhanced monitoring data stored "
                                                                                "(CloudWatch Logs)")]
    exports = known(inputs, "enabledCloudwatchLogsExports", "log exports") or []
    if exports:
        names = ", ".join(str(known_value(name, "log export")) for name in exports)
        rows += [LOGS_INGESTION.usage_line(urn, LOG_EXPORTS_GB, f"exported logs ({names}) ingested (CloudWatch Logs)"),
                 LOGS_STORAGE.usage_line(urn, LOG_EXPORTS_STORAGE_GB, f"exported logs ({names}) stored "
                                                                        f"(CloudWatch Logs)")]
    return rows


def _source(resource: Any, index: Index, identifiers: dict[str, Any]) -> Any | None:
    """The source database of a read replica (by reference, id, identifier or ARN), else None."""
    value = resource.inputs.get("replicateSourceDb")
    if not value:
        return None
    source = index.referenced(resource, "replicateSourceDb", INSTANCE, value)
    if source is None and isinstance(value, str):
        source = identifiers.get(value.rsplit(":", 1)[-1])
    if source is None and not resource.inputs.get("engine"):
        raise Unpriceable("read replica's source database not found: engine unknown")
    return source


def _with_source(inputs: dict[str, Any], source_inputs: dict[str, Any]) -> dict[str, Any]:
    """A replica's engine, licence and storage settings: its own, else its source's."""
    inherited = ("engine", "licenseModel", "allocatedStorage", "storageType", "iops", "storageThroughput")
    return {key: inputs[key] if inputs.get(key) not in (None, "") else source_inputs.get(key) for key in inherited}


def _engine(settings: dict[str, Any]) -> str:
    engine = text(settings, "engine", "engine")
    if not engine:
        raise Unpriceable("engine not set")
    if engine not in ENGINES:
        raise Unpriceable(f"engine {engine} is not priced (priced: {', '.join(sorted(set(ENGINES.values())))})")
    return ENGINES[engine]


def _licence(settings: dict[str, Any], engine: str) -> str:
    given = text(settings, "licenseModel", "licence model")
    if given:
        return LICENCES.get(given, given)
    if engine.startswith("sqlserver"):
        return "license-included"
    return "byol" if engine.startswith("oracle") else "none"


def storage_lines(urn: str, settings: dict[str, Any], engine: str, variant: str) -> list[dict[str, Any]]:
    """The storage lines of a database with these `settings` (allocatedStorage, storageType, iops,
    storageThroughput), in deployment `variant`: also those of a Multi-AZ DB cluster (aurora.py)."""
    size = number(settings, "allocatedStorage", "allocated storage", DEFAULT_STORAGE_GB)
    iops = number(settings, "iops", "provisioned IOPS")
    storage_type = text(settings, "storageType", "storage type", "io1" if iops else "gp2")
    item = STORAGE_ITEMS.get(storage_type, storage_type)
    if storage_type in ("io1", "io2"):
        size, iops = max(size, PIOPS_MIN_GB), max(iops or 0.0, PIOPS_MIN_IOPS)
    rows = [STORAGE.line(urn, size, f"storage ({storage_type})", storage=item, deployment=variant)]
    if storage_type in ("io1", "io2"):
        rows.append(PIOPS.line(urn, iops, f"provisioned IOPS ({storage_type})", deployment=variant))
    elif storage_type == "gp3":
        base_iops, base_mibps = _gp3_baseline(engine, size)
        throughput = number(settings, "storageThroughput", "storage throughput")
        if iops and iops > base_iops:
            rows.append(GP3_IOPS.line(urn, iops - base_iops, f"gp3 IOPS above {base_iops:,.0f}",
                                      deployment=variant))
        if throughput and throughput > base_mibps:
            rows.append(GP3_THROUGHPUT.line(urn, throughput - base_mibps,
                                            f"gp3 throughput above {base_mibps:,.0f} MiB/s", deployment=variant))
    return rows


def _gp3_baseline(engine: str, size_gb: float) -> tuple[float, float]:
    if engine.startswith("sqlserver"):
        return GP3_BASE
    return GP3_LARGE if size_gb >= GP3_LARGE_FROM_GB.get(engine, DEFAULT_GP3_LARGE_FROM_GB) else GP3_BASE


def _keeps_backups(inputs: dict[str, Any], is_replica: bool) -> bool:
    retention = number(inputs, "backupRetentionPeriod", "backup retention", None if is_replica else 1.0)
    return bool(retention)
