"""RDS instances to the cent on hand-checked us-east-1 prices: MySQL db.t3.micro 0.017/h Single-AZ,
0.034/h Multi-AZ; storage gp2/gp3 0.115 (0.23 Multi-AZ) per GB-month, io1 0.125 (0.25), PIOPS 0.10
(0.20); gp3 IOPS 0.02, throughput 0.08; backup storage 0.095; a Secrets Manager secret 0.40/month."""

from __future__ import annotations

import math

import pandas as pd

from costing.rules import rds
from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.pricing_helpers import cents, frame, lines_of, of, priced, resource

DB = "aws:rds/instance:Instance"


def mysql(name: str = "db", **inputs) -> dict:
    return resource(DB, name, {"engine": "mysql", "instanceClass": "db.t3.micro", **inputs})


def rule_lines(*rows: dict) -> pd.DataFrame:
    inventory = frame(*rows)
    return rds.lines(inventory, inventory).set_index("description")


def test_storage_defaults_to_20_gb_gp2():
    result = priced(mysql())
    lines = lines_of(result, "db")
    assert lines.loc["db.t3.micro instance (mysql, single-az)", "monthly_usd"] == cents(12.41)  # 0.017 x 730
    assert lines.loc["storage (gp2)", "quantity"] == 20
    assert lines.loc["storage (gp2)", "monthly_usd"] == cents(2.30)  # 20 x 0.115
    assert of(result, "db")["monthly_usd"] == cents(14.71)


def test_multi_az_doubles_the_instance_and_the_storage():
    single = priced(mysql(allocatedStorage=100, storageType="gp3"))
    multi = priced(mysql(allocatedStorage=100, storageType="gp3", multiAz=True))
    lines = lines_of(multi, "db")
    assert lines.loc["db.t3.micro instance (mysql, multi-az)", "monthly_usd"] == cents(24.82)  # 0.034 x 730
    assert lines.loc["storage (gp3)", "monthly_usd"] == cents(23.00)  # 100 x 0.23
    assert of(single, "db")["monthly_usd"] == cents(23.91)  # 12.41 + 100 x 0.115
    assert of(multi, "db")["monthly_usd"] == cents(47.82)  # 24.82 + 23.00 = 2 x 23.91


def test_gp3_charges_iops_and_throughput_above_the_baseline_below_400_gb():
    result = priced(mysql(allocatedStorage=100, storageType="gp3", iops=5000, storageThroughput=200))
    lines = lines_of(result, "db")
    assert lines.loc["gp3 IOPS above 3,000", "monthly_usd"] == cents(40.00)  # 2,000 x 0.02
    assert lines.loc["gp3 throughput above 125 MiB/s", "monthly_usd"] == cents(6.00)  # 75 x 0.08
    assert of(result, "db")["monthly_usd"] == cents(69.91)  # 12.41 + 11.50 + 40 + 6


def test_gp3_baseline_is_12000_iops_from_400_gb():
    at_baseline = priced(mysql(allocatedStorage=500, storageType="gp3", iops=12000, storageThroughput=500))
    assert list(lines_of(at_baseline, "db").index) == ["db.t3.micro instance (mysql, single-az)", "storage (gp3)",
                                                       "backup storage beyond the free allowance"]
    above = priced(mysql(allocatedStorage=500, storageType="gp3", iops=15000))
    assert lines_of(above, "db").loc["gp3 IOPS above 12,000", "monthly_usd"] == cents(60.00)  # 3,000 x 0.02


def test_gp3_baseline_thresholds_depend_on_the_engine():
    lines = rds.lines(frame(
        resource(DB, "oracle", {"engine": "oracle-se2", "instanceClass": "db.m5.large", "allocatedStorage": 250,
                                "storageType": "gp3", "iops": 12000}),
        resource(DB, "postgres", {"engine": "postgres", "instanceClass": "db.m5.large", "allocatedStorage": 250,
                                  "storageType": "gp3", "iops": 12000}),
        resource(DB, "sqlserver", {"engine": "sqlserver-se", "instanceClass": "db.m5.large", "allocatedStorage": 500,
                                   "storageType": "gp3", "iops": 12000}),
    ), frame())
    extra_iops = lines[lines["item"] == "gp3-iops"].set_index("urn")["quantity"]
    # Oracle: 12,000 included from 200 GB; PostgreSQL: 3,000 below 400 GB; SQL Server: always 3,000
    assert {urn.rsplit("::", 1)[1]: quantity for urn, quantity in extra_iops.items()} == {
        "postgres": 9000, "sqlserver": 9000}


def test_io1_has_a_100_gb_and_1000_iops_minimum():
    result = priced(mysql(allocatedStorage=50, storageType="io1", iops=500))
    lines = lines_of(result, "db")
    assert lines.loc["storage (io1)", "quantity"] == 100
    assert lines.loc["storage (io1)", "monthly_usd"] == cents(12.50)  # 100 x 0.125
    assert lines.loc["provisioned IOPS (io1)", "quantity"] == 1000
    assert lines.loc["provisioned IOPS (io1)", "monthly_usd"] == cents(100.00)  # 1,000 x 0.10


def test_io1_multi_az_doubles_storage_and_iops():
    result = priced(mysql(allocatedStorage=200, storageType="io1", iops=2000, multiAz=True))
    lines = lines_of(result, "db")
    assert lines.loc["storage (io1)", "monthly_usd"] == cents(50.00)  # 200 x 0.25
    assert lines.loc["provisioned IOPS (io1)", "monthly_usd"] == cents(400.00)  # 2,000 x 0.20


def test_storage_type_defaults_to_io1_when_iops_are_set():
    lines = rule_lines(mysql(allocatedStorage=100, iops=3000))
    assert lines.loc["storage (io1)", "item"] == "io1"
    assert lines.loc["provisioned IOPS (io1)", "quantity"] == 3000


def test_read_replica_is_an_instance_of_its_class_with_the_source_engine_and_storage():
    source = mysql("primary", allocatedStorage=100, storageType="gp3", multiAz=True, manageMasterUserPassword=True)
    replica = resource(DB, "replica", {"instanceClass": "db.t3.micro", "replicateSourceDb": UNKNOWN},
                       refs={"replicateSourceDb": [source["urn"]]})
    result = priced(source, replica)
    lines = lines_of(result, "replica")
    assert list(lines.index) == ["db.t3.micro read replica (mysql, single-az)", "storage (gp3)"]
    assert lines.loc["storage (gp3)", "quantity"] == 100
    assert of(result, "replica")["monthly_usd"] == cents(23.91)  # 0.017 x 730 + 100 x 0.115


def test_read_replica_finds_its_source_by_identifier_or_arn():
    source = mysql("primary", identifier="orders-db", allocatedStorage=50)
    by_identifier = resource(DB, "r1", {"instanceClass": "db.t3.micro", "replicateSourceDb": "orders-db"})
    by_arn = resource(DB, "r2", {"instanceClass": "db.t3.micro",
                                 "replicateSourceDb": "arn:aws:rds:us-east-1:123456789012:db:orders-db"})
    result = priced(source, by_identifier, by_arn)
    for name in ("r1", "r2"):
        assert of(result, name)["monthly_usd"] == cents(18.16)  # 12.41 + 50 x 0.115


def test_read_replica_without_a_known_source_or_engine_is_unpriced():
    result = priced(resource(DB, "replica", {"instanceClass": "db.t3.micro", "replicateSourceDb": "elsewhere"}))
    assert of(result, "replica")["reason"] == "read replica's source database not found: engine unknown"


def test_managed_master_password_adds_its_secret_to_the_database():
    result = priced(mysql(manageMasterUserPassword=True))
    lines = lines_of(result, "db")
    assert lines.loc["master password secret (managed by RDS)", "monthly_usd"] == cents(0.40)
    assert lines.loc["master password secret (managed by RDS)", "unit"] == "secret-month"
    assert of(result, "db")["monthly_usd"] == cents(15.11)  # 14.71 + 0.40


def test_backup_storage_is_a_usage_line_with_or_without_a_value():
    without = lines_of(priced(mysql()), "db").loc["backup storage beyond the free allowance"]
    assert without["usage"] and math.isnan(without["quantity"]) and without["reason"] == "depends on usage"
    assert without["unit_usd"] == 0.095 and math.isnan(without["monthly_usd"])
    usage = Usage("usage.yaml", resources={"db": {"additional_backup_storage_gb": 200}})
    result = priced(mysql(), usage=usage)
    assert lines_of(result, "db").loc["backup storage beyond the free allowance", "monthly_usd"] == cents(19.00)
    assert of(result, "db")["usage_monthly_usd"] == cents(19.00)  # 200 x 0.095
    assert of(result, "db")["monthly_usd"] == cents(14.71)  # the baseline does not include usage


def test_no_backup_line_without_retention():
    assert "backup storage beyond the free allowance" not in rule_lines(mysql(backupRetentionPeriod=0)).index


def test_licence_defaults_per_engine():
    lines = rds.lines(frame(
        resource(DB, "oracle", {"engine": "oracle-se2", "instanceClass": "db.m5.large"}),
        resource(DB, "oracle-li", {"engine": "oracle-se2-cdb", "instanceClass": "db.m5.large",
                                   "licenseModel": "license-included"}),
        resource(DB, "sqlserver", {"engine": "sqlserver-web", "instanceClass": "db.t3.small"}),
        resource(DB, "postgres", {"engine": "postgres", "instanceClass": "db.t3.small",
                                  "licenseModel": "postgresql-license"}),
    ), frame())
    variants = lines[lines["service"] == "rds"].set_index("urn")["variant"]
    assert [variants[urn] for urn in variants.index] == [
        "oracle-se2|byol|single-az", "oracle-se2|license-included|single-az",
        "sqlserver-web|license-included|single-az", "postgres|none|single-az"]


def test_sql_server_multi_az_storage_is_the_mirror_variant():
    lines = rule_lines(resource(DB, "mssql", {"engine": "sqlserver-se", "instanceClass": "db.m5.large",
                                              "multiAz": True, "allocatedStorage": 100, "storageType": "gp3"}))
    assert lines.loc["storage (gp3)", "variant"] == "multi-az-sqlserver-mirror"


def test_a_deployment_aws_does_not_offer_is_unpriced():
    # SQL Server Express has no Multi-AZ: the catalog has no such price
    result = priced(resource(DB, "express", {"engine": "sqlserver-ex", "instanceClass": "db.t3.micro",
                                             "multiAz": True}))
    assert of(result, "express")["status"] == "unpriced"
    assert of(result, "express")["reason"] == (
        "no price for rds db.t3.micro (sqlserver-ex|license-included|multi-az) in us-east-1; "
        "no price for rds-storage gp2 (multi-az-sqlserver-mirror) in us-east-1")


def test_instance_class_unknown_until_apply_is_unpriced():
    result = priced(mysql(instanceClass=UNKNOWN))
    assert of(result, "db")["status"] == "unpriced"
    assert of(result, "db")["reason"] == "instance class unknown until apply"


def test_engine_without_prices_is_unpriced_with_the_engines_that_are():
    result = priced(resource(DB, "db2", {"engine": "db2-se", "instanceClass": "db.m5.large"}))
    assert of(result, "db2")["reason"] == ("engine db2-se is not priced (priced: mariadb, mysql, oracle-ee, "
                                           "oracle-se2, postgres, sqlserver-ee, sqlserver-ex, sqlserver-se, "
                                           "sqlserver-web)")


def test_enhanced_monitoring_and_log_exports_are_cloudwatch_logs_usage():
    db = resource(DB, "db", {"engine": "postgres", "instanceClass": "db.t3.micro", "monitoringInterval": 60,
                             "enabledCloudwatchLogsExports": ["postgresql", "upgrade"]})
    usage = Usage("usage.yaml", resources={"db": {"monthly_enhanced_monitoring_gb": 2, "enhanced_monitoring_storage_gb": 1,
                                                  "monthly_log_exports_gb": 10, "log_exports_storage_gb": 20}})
    lines = lines_of(priced(db, usage=usage), "db")["monthly_usd"]
    assert lines["enhanced monitoring data ingested (CloudWatch Logs)"] == cents(1.00)  # 2 GB x 0.50
    assert lines["enhanced monitoring data stored (CloudWatch Logs)"] == cents(0.03)  # 1 GB x 0.03
    assert lines["exported logs (postgresql, upgrade) ingested (CloudWatch Logs)"] == cents(5.00)  # 10 x 0.50
    assert lines["exported logs (postgresql, upgrade) stored (CloudWatch Logs)"] == cents(0.60)  # 20 x 0.03
    quiet = lines_of(priced(resource(DB, "db", {"engine": "postgres", "instanceClass": "db.t3.micro",
                                                "monitoringInterval": 0})), "db")
    assert not quiet.index.str.contains("CloudWatch Logs").any()
