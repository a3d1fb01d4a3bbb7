"""Aurora clusters and instances and Multi-AZ DB clusters: what each line is, AWS's defaults and every
reason a cluster or instance is left unpriced. Prices (us-east-1, checked by hand against
aws-pricing-pages/rds-aurora-*.json and normalized/rds.csv): db.r6g.large Aurora 0.26/h (I/O-Optimized
0.338), Aurora Standard storage 0.10/GB-month (both editions), I/O 0.20 per million, Serverless v2
0.12/ACU-hour, backtrack 0.012 per million change records."""

from __future__ import annotations

import pandas as pd
import pytest

from costing.refresh.mapping import Match, Row, match
from costing.rules import aurora
from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.pricing_helpers import PRICES, cents, frame, lines_of, of, prices, priced, resource

CLUSTER, INSTANCE = aurora.CLUSTER, aurora.CLUSTER_INSTANCE
TABLE = pd.concat([PRICES, prices(
    ("aurora", "us-east-1", "db.r6g.large", "aurora-postgresql|standard", "hour", 0.26),
    ("aurora", "us-east-1", "db.r6g.large", "aurora-mysql|io-optimized", "hour", 0.338),
    ("aurora", "us-east-1", "storage", "", "GB-month", 0.10),
    ("aurora", "us-east-1", "io-requests", "", "1M requests", 0.20),
    ("aurora", "us-east-1", "backup-storage", "aurora-postgresql", "GB-month", 0.021),
    ("aurora", "us-east-1", "backup-storage", "aurora-mysql", "GB-month", 0.021),
    ("aurora", "us-east-1", "storage-io-optimized", "aurora-mysql", "GB-month", 0.225),
    ("aurora", "us-east-1", "backtrack", "", "1M change-records", 0.012),
    ("aurora", "us-east-1", "serverless-v2", "aurora-postgresql|standard", "ACU-hour", 0.12),
)], ignore_index=True)


def cluster(name: str = "orders", **inputs) -> dict:
    return resource(CLUSTER, name, {"engine": "aurora-postgresql", "clusterIdentifier": name, **inputs})


def instance(name: str = "orders-1", cluster_name: str = "orders", **inputs) -> dict:
    return resource(INSTANCE, name, {"engine": "aurora-postgresql", "instanceClass": "db.r6g.large",
                                     "clusterIdentifier": cluster_name, **inputs})


def rule_lines(*rows: dict) -> pd.DataFrame:
    inventory = frame(*rows)
    return aurora.lines(inventory, inventory)


def reason(*rows: dict) -> str:
    """The reason the last row is unpriced, from the rule alone."""
    lines = rule_lines(*rows)
    return lines.loc[lines["urn"] == rows[-1]["urn"], "reason"].iloc[0]


def test_an_aurora_standard_cluster_is_all_usage_and_io_requests_per_second_become_millions_a_month():
    usage = Usage("usage.yaml", resources={"orders": {"storage_gb": 200, "write_requests_per_sec": 10,
                                                      "read_requests_per_sec": 30}})
    result = priced(cluster(), usage=usage, table=TABLE)
    lines = lines_of(result, "orders")
    assert list(lines.index) == ["storage (Aurora Standard)", "I/O requests (writes)", "I/O requests (reads)",
                                 "backup storage beyond the free allowance"]
    assert lines["usage"].all()
    assert lines.loc["I/O requests (writes)", "quantity"] == pytest.approx(26.28)  # 10/s x 730 h x 3,600 s / 1e6
    assert lines.loc["I/O requests (reads)", "monthly_usd"] == cents(15.77)  # 78.84 M x 0.20
    assert of(result, "orders")["usage_monthly_usd"] == cents(41.02)  # 200 x 0.10 + 5.256 + 15.768
    assert of(result, "orders")["monthly_usd"] == 0


def test_io_optimized_storage_has_no_io_request_lines():
    lines = rule_lines(cluster(engine="aurora-mysql", storageType="aurora-iopt1"))
    assert list(lines["description"]) == ["storage (Aurora I/O-Optimized)", "backup storage beyond the free allowance"]
    assert list(lines["item"]) == ["storage-io-optimized", "backup-storage"]


def test_backtrack_is_priced_for_aurora_mysql_with_a_window_only():
    with_window = rule_lines(cluster(engine="aurora-mysql", backtrackWindow=7200)).set_index("description")
    backtrack = with_window.loc["backtrack change records (2 h window)"]
    assert backtrack["usage_key"] == "average_statements_per_hr*change_records_per_statement"
    assert backtrack["usage_factor"] == pytest.approx(2 * 730 / 1e6)
    assert "backtrack" not in set(rule_lines(cluster(backtrackWindow=7200))["item"])  # PostgreSQL has none
    assert "backtrack" not in set(rule_lines(cluster(engine="aurora-mysql", backtrackWindow=0))["item"])


def test_the_legacy_aurora_engine_is_aurora_mysql_and_serverless_v1_adds_its_acus():
    lines = rule_lines(cluster(engine="aurora", engineMode="serverless", storageType="aurora-iopt1"))
    assert list(zip(lines["description"], lines["variant"])) == [
        ("Serverless v1 capacity (aurora-mysql)", "aurora-mysql"), ("storage (Aurora Standard)", ""),
        ("I/O requests (writes)", ""), ("I/O requests (reads)", ""),
        ("backup storage beyond the free allowance", "aurora-mysql")]
    assert lines["usage_key"].iloc[0] == "capacity_units_per_hr"


def test_a_managed_master_password_adds_its_secret():
    lines = rule_lines(cluster(manageMasterUserPassword=True))
    assert lines["description"].iloc[-1] == "master password secret (managed by RDS)"
    assert lines["quantity"].iloc[-1] == 1


def test_an_instance_takes_its_clusters_storage_type_through_the_reference_or_its_name_or_arn():
    io = cluster("events", engine="aurora-mysql", storageType="aurora-iopt1")
    by_reference = resource(INSTANCE, "events-1", {"engine": "aurora-mysql", "instanceClass": "db.r6g.large",
                                                   "clusterIdentifier": UNKNOWN},
                            refs={"clusterIdentifier": [io["urn"]]})
    by_arn = instance("events-2", "arn:aws:rds:us-east-1:123456789012:cluster:events", engine="aurora-mysql")
    result = priced(io, by_reference, by_arn, table=TABLE)
    for name in ("events-1", "events-2"):
        line = lines_of(result, name).loc["db.r6g.large instance (aurora-mysql, io-optimized)"]
        assert line["monthly_usd"] == cents(246.74)  # 0.338 x 730


def test_a_serverless_instance_runs_at_its_clusters_minimum_and_more_by_usage():
    app = cluster("app", serverlessv2ScalingConfiguration={"minCapacity": 2, "maxCapacity": 16})
    usage = Usage("usage.yaml", resources={"app-1": {"additional_capacity_units_per_hr": 1.5}})
    result = priced(app, instance("app-1", "app", instanceClass="db.serverless"), usage=usage, table=TABLE)
    lines = lines_of(result, "app-1")
    assert lines.loc["Serverless v2 capacity at its configured minimum (2 ACU)", "monthly_usd"] == cents(175.20)
    assert lines.loc["Serverless v2 capacity above the minimum, up to 16 ACU", "monthly_usd"] == cents(131.40)
    paused = rule_lines(cluster("app", serverlessv2ScalingConfiguration={"minCapacity": 0}),
                        instance("app-1", "app", instanceClass="db.serverless"))
    assert list(paused[paused["urn"].str.endswith("app-1")]["description"]) == [
        "Serverless v2 capacity above the minimum"]  # a minimum of 0 pauses: no fixed line


def test_a_multi_az_db_clusters_storage_is_io1_when_unset():
    lines = rule_lines(resource(CLUSTER, "ledger", {"engine": "postgres", "dbClusterInstanceClass": "db.m6gd.large",
                                                    "allocatedStorage": 100, "iops": 1000}))
    assert list(lines["item"][1:3]) == ["io1", "piops-iops"]


def test_a_multi_az_db_cluster_is_one_deployment_of_three_instances_with_its_storage():
    lines = rule_lines(resource(CLUSTER, "ledger", {"engine": "mysql", "dbClusterInstanceClass": "db.m6gd.large",
                                                    "allocatedStorage": 200, "storageType": "io1", "iops": 3000,
                                                    "manageMasterUserPassword": True}))
    assert list(zip(lines["service"], lines["item"], lines["variant"], lines["quantity"].fillna(-1))) == [
        ("rds", "db.m6gd.large", "mysql|none|multi-az-2-standbys", 1.0),
        ("rds-storage", "io1", "multi-az-2-standbys", 200.0),
        ("rds-storage", "piops-iops", "multi-az-2-standbys", 3000.0),
        ("rds-storage", "backup-storage", "any", -1),
        ("secretsmanager", "secret", "", 1.0)]


@pytest.mark.parametrize("rows, message", [
    ((resource(CLUSTER, "c", {"engine": "mysql"}),),
     "a mysql RDS cluster is a Multi-AZ DB cluster: dbClusterInstanceClass not set"),
    ((resource(CLUSTER, "c", {"engine": "mariadb"}),),
     "engine mariadb is not an Aurora engine (priced: aurora, aurora-mysql, aurora-postgresql)"),
    ((resource(CLUSTER, "c", {}),), "engine not set"),
    ((cluster(engineMode="hibernate"),),
     "engine mode hibernate is not priced (priced: provisioned, serverless, global, parallelquery, multimaster)"),
    ((cluster(storageType="io1"),), "Aurora storage type io1 is not priced (priced: aurora, aurora-iopt1)"),
    ((cluster(storageType=UNKNOWN),), "storage type unknown until apply"),
    ((instance(cluster_name="elsewhere"),),
     "its cluster is not in the stack: its storage type (standard or I/O-Optimized), which sets the instance's "
     "price, is unknown"),
    ((cluster(), instance(instanceClass=UNKNOWN)), "instance class unknown until apply"),
    ((cluster(), instance(engine="postgres")),
     "engine postgres is not an Aurora engine (priced: aurora, aurora-mysql, aurora-postgresql)"),
    ((cluster(), instance(instanceClass="db.serverless")),
     "the cluster sets no serverlessv2ScalingConfiguration.minCapacity: the ACUs its db.serverless instances run "
     "at are unknown"),
])
def test_reasons_a_cluster_or_instance_is_unpriced(rows, message):
    assert reason(*rows) == message


def test_aurora_standard_storage_is_one_price_for_both_editions():
    # https://aws.amazon.com/rds/aurora/pricing/: one storage rate for the MySQL- and PostgreSQL-compatible editions
    usage = Usage("usage.yaml", resources={name: {"storage_gb": 300} for name in ("orders", "reports")})
    result = priced(cluster(engine="aurora-mysql"), cluster("reports"), usage=usage, table=TABLE)
    for name in ("orders", "reports"):
        line = lines_of(result, name).loc["storage (Aurora Standard)"]
        assert (line["item"], line["variant"], line["monthly_usd"]) == ("storage", "", cents(30.00))  # 300 x 0.10
    assert of(result, "orders")["status"] == "priced"


@pytest.mark.parametrize("engine", ["Any", "Aurora MySQL", "Aurora PostgreSQL"])
def test_a_refresh_maps_aurora_standard_storage_of_either_edition_to_the_one_price(engine):
    # the Price List files Aurora MySQL's storage under database engine "Any" (infracost's filter)
    fields = {"term_type": "OnDemand", "unit": "GB-Mo", "currency": "USD", "location_type": "AWS Region",
              "product_family": "Database Storage", "usage_type": "USE2-Aurora:StorageUsage", "database_engine": engine}
    row = Row(**{name: fields.get(name, "") for name in Row._fields})
    assert match("AmazonRDS", row) == Match("aurora", "storage", "", "GB-month")
