"""AWS Backup vaults: backup storage per GB-month by the kind of resource backed up, and restores
(https://aws.amazon.com/backup/pricing/). A vault has no fixed charge: every line is a usage line,
under infracost's keys where it has them.

- Backup vault: EFS warm and cold storage, warm and cold restores and item-level restore requests;
  EBS snapshots (EBS's snapshot price); RDS snapshots (RDS's backup storage price); DynamoDB warm and
  cold storage and restores; S3 storage and restores (`monthly_s3_backup_gb`,
  `monthly_s3_restore_gb`, `monthly_dynamodb_cold_backup_gb`: names of ours).
- Logically air-gapped vault: storage at its own prices, for the same kinds plus Aurora and FSx
  (`monthly_aurora_snapshot_gb`, `monthly_fsx_windows_backup_gb`, `monthly_fsx_lustre_backup_gb`).
- Not priced, for want of a price in the snapshot: Aurora and FSx backups in a standard vault,
  restores from an air-gapped vault, cross-region copies (data transfer).
Plans, selections, vault policies and notifications are free (costing/rules/free.py).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import each_type
from costing.rules.declare import OfferFilter, Page, Price, UsageKey, by_usage_type
from costing.rules.ebs import SNAPSHOT
from costing.rules.rds import BACKUP_STORAGE as RDS_BACKUP_STORAGE

VAULT = "aws:backup/vault:Vault"
AIR_GAPPED_VAULT = "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault"
TYPES = (VAULT, AIR_GAPPED_VAULT)


def _family(item: str, unit: str, description: str, metrics: dict[str, str],
            refresh: dict[str, str] | None = None) -> Price:
    """A backup price per kind of resource: page metric -> variant, and (for the refresh) Price List usage
    type -> variant."""
    pattern = re.compile("(?P<resource>" + "|".join(map(re.escape, metrics)) + ")")
    filters = [OfferFilter("AWSBackup", usage=tuple(refresh), fill={"resource": by_usage_type(refresh)})] if refresh \
        else []
    return Price("backup", item, unit, description, variant="{resource}",
                 sources=[Page("backup.json", pattern, values={"resource": metrics})], refresh=filters)


WARM_STORAGE = _family("storage", "GB-month", "{resource} backup storage", {
    "Backup Storage Warm per GB-month": "efs-warm", "Backup Storage Cold per GB-month": "efs-cold",
    "DDB Backup Storage Warm per GB-month": "dynamodb-warm", "DDB Backup Storage Cold per GB-month": "dynamodb-cold",
    "S3 Backup Storage Warm per GB-month": "s3-warm",
}, refresh={"WarmStorage-ByteHrs-EFS": "efs-warm"})
RESTORE = _family("restore", "GB", "{resource} data restored", {
    "Warm Backup Restore Data Size EFS per GB": "efs-warm", "Cold Backup Restore Data Size EFS per GB": "efs-cold",
    "DDB RestoreRecoveryPoint Warm per GB": "dynamodb-warm", "S3 RestoreRecoveryPoint Warm per GB": "s3-warm",
}, refresh={"PartialRestore-Warm-EFS": "efs-warm", "PartialRestore-Cold-EFS": "efs-cold"})
ITEM_RESTORE = Price("backup", "item-restore", "request", "EFS item-level restore requests",
                     sources=[Page("backup.json", "RestoreRecoveryPoint Jobs per Requests")],
                     refresh=[OfferFilter("AWSBackup", usage="PartialRestore-Jobs-EFS")])
AIR_GAPPED_STORAGE = _family("air-gapped-storage", "GB-month", "{resource} backup storage (air-gapped vault)", {
    "Storage EFS Warm LAGVault": "efs-warm", "Storage EFS Cold LAGVault": "efs-cold",
    "Storage EBS Warm LAGVault": "ebs", "Storage DDB Warm LAGVault": "dynamodb-warm",
    "Storage DDB Cold LAGVault": "dynamodb-cold", "Storage S3 Warm LAGVault": "s3-warm",
    "Storage Aurora Warm LAGVault": "aurora", "Storage FSx-Windows Warm LAGVault": "fsx-windows",
    "Storage FSx-Lustre Warm LAGVault": "fsx-lustre",
})
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"backup": "AWS Backup"}
PRICES = (WARM_STORAGE, RESTORE, ITEM_RESTORE, AIR_GAPPED_STORAGE)


EFS_WARM = UsageKey("monthly_efs_warm_backup_gb", "GB", "EFS backups in warm storage")
EFS_COLD = UsageKey("monthly_efs_cold_backup_gb", "GB", "EFS backups in cold storage")
EFS_WARM_RESTORE = UsageKey("monthly_efs_warm_restore_gb", "GB", "EFS data restored from warm storage per month")
EFS_COLD_RESTORE = UsageKey("monthly_efs_cold_restore_gb", "GB", "EFS data restored from cold storage per month")
EFS_ITEM_RESTORES = UsageKey("monthly_efs_item_restore_requests", "requests",
                             "EFS item-level restore requests per month")
EBS_SNAPSHOTS = UsageKey("monthly_ebs_snapshot_gb", "GB", "EBS snapshots")
RDS_SNAPSHOTS = UsageKey("monthly_rds_snapshot_gb", "GB", "RDS snapshots")
DYNAMODB_WARM = UsageKey("monthly_dynamodb_backup_gb", "GB", "DynamoDB backups in warm storage")
DYNAMODB_COLD = UsageKey("monthly_dynamodb_cold_backup_gb", "GB", "DynamoDB backups in cold storage")
DYNAMODB_RESTORE = UsageKey("monthly_dynamodb_restore_gb", "GB", "DynamoDB data restored per month")
S3_BACKUPS = UsageKey("monthly_s3_backup_gb", "GB", "S3 backups")
S3_RESTORE = UsageKey("monthly_s3_restore_gb", "GB", "S3 data restored per month")
AURORA_SNAPSHOTS = UsageKey("monthly_aurora_snapshot_gb", "GB", "Aurora snapshots")
FSX_WINDOWS = UsageKey("monthly_fsx_windows_backup_gb", "GB", "FSx for Windows File Server backups")
FSX_LUSTRE = UsageKey("monthly_fsx_lustre_backup_gb", "GB", "FSx for Lustre backups")

# (usage key, price, line description, variant) of each vault's lines, in order.
VAULT_LINES = (
    (EFS_WARM, WARM_STORAGE, "EFS backup storage (warm)", "efs-warm"),
    (EFS_COLD, WARM_STORAGE, "EFS backup storage (cold)", "efs-cold"),
    (EFS_WARM_RESTORE, RESTORE, "EFS restores (warm)", "efs-warm"),
    (EFS_COLD_RESTORE, RESTORE, "EFS restores (cold)", "efs-cold"),
    (EFS_ITEM_RESTORES, ITEM_RESTORE, "EFS item-level restore requests", None),
    (EBS_SNAPSHOTS, SNAPSHOT, "EBS snapshots", None),
    (RDS_SNAPSHOTS, RDS_BACKUP_STORAGE, "RDS snapshots", None),
    (DYNAMODB_WARM, WARM_STORAGE, "DynamoDB backup storage (warm)", "dynamodb-warm"),
    (DYNAMODB_COLD, WARM_STORAGE, "DynamoDB backup storage (cold)", "dynamodb-cold"),
    (DYNAMODB_RESTORE, RESTORE, "DynamoDB restores", "dynamodb-warm"),
    (S3_BACKUPS, WARM_STORAGE, "S3 backup storage", "s3-warm"),
    (S3_RESTORE, RESTORE, "S3 restores", "s3-warm"),
)
AIR_GAPPED_LINES = tuple((key, AIR_GAPPED_STORAGE, f"{description} (air-gapped vault)", variant) for key, description,
                         variant in (
    (EFS_WARM, "EFS backup storage (warm)", "efs-warm"), (EFS_COLD, "EFS backup storage (cold)", "efs-cold"),
    (EBS_SNAPSHOTS, "EBS snapshots", "ebs"), (DYNAMODB_WARM, "DynamoDB backup storage (warm)", "dynamodb-warm"),
    (DYNAMODB_COLD, "DynamoDB backup storage (cold)", "dynamodb-cold"), (S3_BACKUPS, "S3 backup storage", "s3-warm"),
    (AURORA_SNAPSHOTS, "Aurora snapshots", "aurora"), (FSX_WINDOWS, "FSx for Windows backups", "fsx-windows"),
    (FSX_LUSTRE, "FSx for Lustre backups", "fsx-lustre")))
USAGE = {VAULT: tuple(key for key, *_ in VAULT_LINES), AIR_GAPPED_VAULT: tuple(key for key, *_ in AIR_GAPPED_LINES)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {VAULT: (lambda row: _lines(row.urn, VAULT_LINES), "backup vault"),
                                 AIR_GAPPED_VAULT: (lambda row: _lines(row.urn, AIR_GAPPED_LINES),
                                                    "logically air-gapped backup vault")})


def _lines(urn: str, table: tuple) -> list[dict[str, Any]]:
    rows = []
    for key, price, description, variant in table:
        if variant is None:
            rows.append(price.usage_line(urn, key, description))
        else:
            rows.append(price.usage_line(urn, key, description, resource=variant))
    return rows
