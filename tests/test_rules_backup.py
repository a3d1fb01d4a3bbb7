"""AWS Backup vaults to the cent on hand-checked us-east-1 prices (aws-pricing-pages/backup.json; EBS
snapshots at normalized/ebs.csv's 0.05, RDS snapshots at normalized/rds-storage.csv's backup 0.095)."""

from __future__ import annotations

from costing.usage import Usage
from tests.pricing_helpers import cents, lines_of, of, priced, prices, resource

VAULT = "aws:backup/vault:Vault"
AIR_GAPPED = "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault"
PRICES = prices(
    *[("backup", "us-east-1", "storage", variant, "GB-month", usd) for variant, usd in (
        ("efs-warm", 0.05), ("efs-cold", 0.01), ("dynamodb-warm", 0.10), ("dynamodb-cold", 0.03), ("s3-warm", 0.05))],
    *[("backup", "us-east-1", "restore", variant, "GB", usd) for variant, usd in (
        ("efs-warm", 0.02), ("efs-cold", 0.03), ("dynamodb-warm", 0.15), ("s3-warm", 0.02))],
    ("backup", "us-east-1", "item-restore", "", "request", 0.50),
    ("backup", "us-east-1", "air-gapped-storage", "efs-cold", "GB-month", 0.0115),
    ("ebs", "us-east-1", "snapshot", "", "GB-month", 0.05),
    ("rds-storage", "us-east-1", "backup-storage", "any", "GB-month", 0.095),
)


def test_a_vault_is_priced_by_what_it_stores_and_restores():
    usage = Usage("usage.yaml", resources={"nightly": {
        "monthly_efs_cold_backup_gb": 1000, "monthly_efs_cold_restore_gb": 100, "monthly_dynamodb_cold_backup_gb": 200,
        "monthly_s3_backup_gb": 300, "monthly_rds_snapshot_gb": 100}})
    result = priced(resource(VAULT, "nightly", {"name": "nightly"}), usage=usage, table=PRICES)
    assert len(lines_of(result, "nightly")) == 12
    assert (of(result, "nightly")["status"], of(result, "nightly")["monthly_usd"]) == ("priced", 0.0)
    # 1,000 x 0.01 + 100 x 0.03 + 200 x 0.03 + 300 x 0.05 + 100 x 0.095
    assert of(result, "nightly")["usage_monthly_usd"] == cents(10.00 + 3.00 + 6.00 + 15.00 + 9.50)


def test_an_air_gapped_vault_has_its_own_storage_prices():
    table = prices(*[("backup", "us-east-1", "air-gapped-storage", variant, "GB-month", 0.0575) for variant in (
        "efs-warm", "ebs", "dynamodb-warm", "s3-warm", "fsx-windows", "fsx-lustre")],
        ("backup", "us-east-1", "air-gapped-storage", "efs-cold", "GB-month", 0.0115),
        ("backup", "us-east-1", "air-gapped-storage", "dynamodb-cold", "GB-month", 0.0345),
        ("backup", "us-east-1", "air-gapped-storage", "aurora", "GB-month", 0.0242))
    usage = Usage("usage.yaml", resources={"bunker": {"monthly_efs_cold_backup_gb": 1000}})
    result = priced(resource(AIR_GAPPED, "bunker", {"name": "bunker"}), usage=usage, table=table)
    assert len(lines_of(result, "bunker")) == 9
    assert of(result, "bunker")["usage_monthly_usd"] == cents(11.50)  # 1,000 x 0.0115
