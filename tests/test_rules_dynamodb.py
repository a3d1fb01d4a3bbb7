"""DynamoDB tables, indexes and replicas to the cent on hand-checked prices (aws-pricing-pages/dynamodb.json,
us-east-1 and us-west-2 alike): RCU 0.00013 and WCU 0.00065 an hour (Standard-IA 0.00016 and 0.00081),
replicated WCU 0.00065; on demand 0.125 and 0.625 per million read and write request units; storage
0.25 per GB-month (Standard-IA 0.10)."""

from __future__ import annotations

import math

from costing.schema import UNKNOWN
from costing.usage import load_usage
from tests.pricing_helpers import cents, lines_of, of, priced, prices, resource, urn

TABLE = "aws:dynamodb/table:Table"
INDEX = "aws:dynamodb/globalSecondaryIndex:GlobalSecondaryIndex"
REPLICA = "aws:dynamodb/tableReplica:TableReplica"
TARGET = "aws:appautoscaling/target:Target"

PRICES = prices(*[
    ("dynamodb", region, item, variant, unit, usd) for region in ("us-east-1", "us-west-2")
    for item, variant, unit, usd in (
        ("read-capacity", "standard", "RCU-hour", 0.00013), ("write-capacity", "standard", "WCU-hour", 0.00065),
        ("read-capacity", "standard-ia", "RCU-hour", 0.00016), ("write-capacity", "standard-ia", "WCU-hour", 0.00081),
        ("replicated-write-capacity", "standard", "rWCU-hour", 0.00065),
        ("read-requests", "standard", "1M request units", 0.125),
        ("write-requests", "standard", "1M request units", 0.625),
        ("replicated-write-requests", "standard", "1M request units", 0.625),
        ("storage", "standard", "GB-month", 0.25), ("storage", "standard-ia", "GB-month", 0.10),
        ("pitr-backup-storage", "", "GB-month", 0.20), ("backup-storage", "", "GB-month", 0.10),
        ("restore", "", "GB", 0.15), ("stream-reads", "", "1M requests", 0.20))])
GSI = {"name": "by-user", "hashKey": "user", "projectionType": "ALL", "readCapacity": 5, "writeCapacity": 5}


def price(*rows, usage=None):
    return priced(*rows, usage=usage, table=PRICES)


def test_a_table_without_billing_mode_is_provisioned_and_its_indexes_capacity_is_priced_too():
    result = price(resource(TABLE, "sessions", {"readCapacity": 10, "writeCapacity": 5,
                                                "globalSecondaryIndexes": [GSI]}))
    # (10 + 5) x 0.00013 x 730 + (5 + 5) x 0.00065 x 730
    assert of(result, "sessions")["monthly_usd"] == cents(15 * 0.00013 * 730 + 10 * 0.00065 * 730)
    lines = lines_of(result, "sessions")
    assert lines.loc["index by-user: write capacity", "quantity"] == 5
    assert lines.loc["read capacity", "note"] == (
        "25 read capacity units of Standard tables are free, account-wide (not applied)")


def test_standard_ia_tables_are_priced_at_their_class_without_the_free_allowance():
    result = price(resource(TABLE, "archive", {"tableClass": "STANDARD_INFREQUENT_ACCESS", "readCapacity": 10,
                                               "writeCapacity": 10}))
    assert of(result, "archive")["monthly_usd"] == cents(10 * 0.00016 * 730 + 10 * 0.00081 * 730)
    assert set(lines_of(result, "archive")["note"]) == {""}


def test_on_demand_tables_are_priced_by_request_units_storage_and_recovery(tmp_path):
    usage_file = tmp_path / "usage.yaml"
    # by URN: the keys of its type, older names included (infracost's monthly_gb_data_storage)
    usage_file.write_text(f"resources:\n  '{urn(TABLE, 'orders')}':\n    monthly_read_request_units: 1e8\n"
                          "    monthly_write_request_units: 2e7\n    monthly_gb_data_storage: 50\n"
                          "    pitr_backup_storage_gb: 50\n")
    usage = load_usage(usage_file)
    result = price(resource(TABLE, "orders", {"billingMode": "PAY_PER_REQUEST",
                                              "pointInTimeRecovery": {"enabled": True}}), usage=usage)
    # 100 x 0.125 + 20 x 0.625 + 50 x 0.25 + 50 x 0.20: the storage key by infracost's older name
    assert of(result, "orders")["usage_monthly_usd"] == cents(12.50 + 12.50 + 12.50 + 10.00)
    assert "stream read requests" not in lines_of(result, "orders").index  # no stream, no stream reads


def test_a_capacity_provisioned_mode_requires_but_not_set_is_a_line_of_unknown_quantity():
    result = price(resource(TABLE, "no-read", {"writeCapacity": 5}),
                   resource(TABLE, "no-index-write", {"readCapacity": 1, "writeCapacity": 1, "globalSecondaryIndexes": [
                       {**GSI, "writeCapacity": None}]}),
                   resource(TABLE, "odd", {"billingMode": "ON_DEMAND"}),
                   resource(TABLE, "odd-class", {"billingMode": "PAY_PER_REQUEST", "tableClass": "GLACIER"}))
    assert (of(result, "no-read")["status"], of(result, "no-read")["reason"]) == (
        "partial", "read capacity not set (required in provisioned mode)")
    assert of(result, "no-read")["monthly_usd"] == cents(5 * 0.00065 * 730)  # the write capacity it has
    unknown = lines_of(result, "no-read").loc["read capacity"]
    assert unknown["unit_usd"] == 0.00013 and math.isnan(unknown["quantity"]) and math.isnan(unknown["monthly_usd"])
    assert (of(result, "no-index-write")["status"], of(result, "no-index-write")["reason"]) == (
        "partial", "index by-user: write capacity not set (required in provisioned mode)")
    assert of(result, "odd")["reason"] == (
        "billing mode 'ON_DEMAND' is not priced (priced: PROVISIONED, PAY_PER_REQUEST)")
    assert of(result, "odd-class")["reason"] == (
        "table class 'GLACIER' is not priced (priced: STANDARD, STANDARD_INFREQUENT_ACCESS)")


def test_autoscaled_capacity_is_priced_at_the_targets_minimum_for_the_table_and_each_index():
    table = resource(TABLE, "events", {"name": "events", "readCapacity": 50, "writeCapacity": 50,
                                       "globalSecondaryIndexes": [GSI, {**GSI, "name": "by-day"}]})
    index_read = resource(TARGET, "index-read", {"serviceNamespace": "dynamodb", "minCapacity": 2, "maxCapacity": 20,
                                                 "resourceId": "table/events/index/by-day",
                                                 "scalableDimension": "dynamodb:index:ReadCapacityUnits"})
    table_write = resource(TARGET, "table-write", {"serviceNamespace": "dynamodb", "minCapacity": 3, "maxCapacity": 30,
                                                   "resourceId": UNKNOWN,
                                                   "scalableDimension": "dynamodb:table:WriteCapacityUnits"},
                           refs={"resourceId": [table["urn"]]})
    ecs = resource(TARGET, "service", {"serviceNamespace": "ecs", "resourceId": "service/cluster/events",
                                       "scalableDimension": "ecs:service:DesiredCount", "minCapacity": 1})
    lines = lines_of(price(table, index_read, table_write, ecs), "events")
    assert lines.loc["write capacity (autoscaled 3 to 30, priced at the minimum)", "quantity"] == 3
    assert lines.loc["read capacity", "quantity"] == 50
    assert lines.loc["index by-day: read capacity (autoscaled 2 to 20, priced at the minimum)", "quantity"] == 2
    assert lines.loc["index by-user: read capacity", "quantity"] == 5


def test_an_index_target_whose_index_is_unknown_until_apply_leaves_the_index_capacities_unknown():
    table = resource(TABLE, "events", {"readCapacity": 5, "writeCapacity": 5,
                                       "globalSecondaryIndexes": [GSI, {**GSI, "name": "by-day"}]})
    target = resource(TARGET, "index-read", {"serviceNamespace": "dynamodb", "minCapacity": UNKNOWN,
                                             "resourceId": UNKNOWN,
                                             "scalableDimension": "dynamodb:index:ReadCapacityUnits"},
                      refs={"resourceId": [table["urn"]]})
    result = price(table, target)
    assert (of(result, "events")["status"], of(result, "events")["reason"]) == (
        "partial", "an autoscaling target scales one of the table's indexes, which one is unknown until apply")
    lines = lines_of(result, "events")  # the table's own capacity priced, each index's read capacity unknown
    assert lines.loc["read capacity", "quantity"] == 5
    assert lines.loc[["index by-user: read capacity", "index by-day: read capacity"], "quantity"].isna().all()
    single = resource(TABLE, "single", {"readCapacity": 5, "writeCapacity": 5, "globalSecondaryIndexes": [GSI]})
    unknown_minimum = resource(TARGET, "single-read", {**target["inputs"]}, refs={"resourceId": [single["urn"]]})
    assert of(price(single, unknown_minimum), "single")["reason"] == "autoscaling minimum capacity unknown until apply"


def test_replicas_listed_on_a_table_are_shown_unpriced_in_their_own_region():
    result = price(resource(TABLE, "global", {"billingMode": "PAY_PER_REQUEST", "replicas": [
        {"regionName": "eu-west-1"}, {"regionName": "ap-southeast-2"}]}))
    assert of(result, "global")["reason"] == ("a replica is billed in its own region (eu-west-1): not priced with this "
                                              "table; a replica is billed in its own region (ap-southeast-2): not "
                                              "priced with this table")


def test_a_replica_resource_is_priced_in_its_region_from_its_tables_write_capacity():
    table = resource(TABLE, "prices", {"readCapacity": 4, "writeCapacity": 10})
    target = resource(TARGET, "prices-write", {"serviceNamespace": "dynamodb", "minCapacity": 6, "maxCapacity": 60,
                                               "resourceId": "table/prices",
                                               "scalableDimension": "dynamodb:table:WriteCapacityUnits"})
    table["inputs"]["name"] = "prices"
    replica = resource(REPLICA, "prices-west", {"globalTableArn": UNKNOWN, "tableClassOverride": "STANDARD"},
                       region="us-west-2", refs={"globalTableArn": [table["urn"]]})
    orphan = resource(REPLICA, "orphan", {"globalTableArn": "arn:aws:dynamodb:us-east-1:1:table/x"}, region="us-west-2")
    result = price(table, target, replica, orphan)
    lines = lines_of(result, "prices-west")
    assert lines.loc["replicated write capacity (autoscaled 6 to 60, priced at the minimum)", "quantity"] == 6
    assert of(result, "prices-west")["monthly_usd"] == cents(6 * 0.00065 * 730)
    assert of(result, "orphan")["reason"] == "its table is not in this stack: billing mode and table class unknown"


def test_a_separate_index_resource_is_priced_with_its_tables_mode_and_class():
    provisioned = resource(TABLE, "catalog", {"tableClass": "STANDARD_INFREQUENT_ACCESS", "readCapacity": 1,
                                              "writeCapacity": 1})
    on_demand = resource(TABLE, "carts", {"billingMode": "PAY_PER_REQUEST"})
    index = resource(INDEX, "by-sku", {"tableName": UNKNOWN, "indexName": "by-sku", "provisionedThroughput": {
        "readCapacityUnits": 10, "writeCapacityUnits": 4}}, refs={"tableName": [provisioned["urn"]]})
    free = resource(INDEX, "by-user", {"tableName": UNKNOWN, "indexName": "by-user"},
                    refs={"tableName": [on_demand["urn"]]})
    missing = resource(INDEX, "no-throughput", {"tableName": UNKNOWN, "indexName": "x"},
                       refs={"tableName": [provisioned["urn"]]})
    result = price(provisioned, on_demand, index, free, missing)
    assert of(result, "by-sku")["monthly_usd"] == cents(10 * 0.00016 * 730 + 4 * 0.00081 * 730)
    assert (of(result, "by-user")["status"], of(result, "by-user")["monthly_usd"]) == ("free", 0.0)
    assert (of(result, "no-throughput")["status"], of(result, "no-throughput")["reason"]) == (
        "partial", "read capacity not set (required in provisioned mode); write capacity not set (required in "
                   "provisioned mode)")  # both lines of unknown quantity, each priced per unit
