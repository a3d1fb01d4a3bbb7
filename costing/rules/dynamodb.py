"""DynamoDB tables, their global secondary indexes and their replicas (global tables, version 2019.11.21):
capacity by billing mode, storage, backups, restores and stream reads
(https://aws.amazon.com/dynamodb/pricing/), at the table class's prices (Standard or Standard-IA).

- Provisioned (`billingMode` PROVISIONED, the DynamoDB API's default): read and write capacity units
  per hour, the table's and each global secondary index's. When an Application Auto Scaling target
  (`aws:appautoscaling/target`, service namespace dynamodb) scales a dimension, that dimension is
  priced at the target's minimum capacity and says so (infracost does the same; a usage figure for the
  target's capacity is not read). Provisioned capacity is required in this mode (CreateTable's
  ProvisionedThroughput): a capacity not set, unknown until apply, or scaled by a target whose index is
  unknown is a line of unknown quantity at its unit price, the table partly priced.
- On demand (PAY_PER_REQUEST): read and write request units, usage lines (`monthly_read_request_units`,
  `monthly_write_request_units`, the indexes' included).
- Storage (`storage_gb`, the indexes' included), point-in-time recovery when enabled
  (`pitr_backup_storage_gb`), on-demand backups (`on_demand_backup_storage_gb`), data restored
  (`monthly_data_restored_gb`), and stream read requests when the stream is on
  (`monthly_streams_read_request_units`; reads by Lambda triggers are free).
- Replicas: a replica listed in a table's `replicas` is billed in its own region (replicated writes,
  storage), which an estimate of this table's region cannot price: it is a line without a price, the
  table partly priced. A
  `aws:dynamodb/tableReplica` resource is priced in its own region: replicated write capacity (the
  table's write capacity) or replicated write request units (usage), its storage and recovery.
- Free allowances (25 GB, 25 RCUs and 25 WCUs of Standard tables, 2.5 million stream reads a month)
  are stated, not applied: they are account-wide.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, flag, known, known_value, number, text, unpriced_line
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

TABLE = "aws:dynamodb/table:Table"
INDEX = "aws:dynamodb/globalSecondaryIndex:GlobalSecondaryIndex"
REPLICA = "aws:dynamodb/tableReplica:TableReplica"
TYPES = (TABLE, INDEX, REPLICA)
SCALING_TARGET = "aws:appautoscaling/target:Target"

TABLE_CLASSES = {"STANDARD": "standard", "STANDARD_INFREQUENT_ACCESS": "standard-ia"}
PROVISIONED, ON_DEMAND = "PROVISIONED", "PAY_PER_REQUEST"
# The Price List's IA rows carry an "IA-" usage type: leave them to no standard price.
NOT_IA = re.compile(r"^(?!(?:.*-)?IA-)")


def _by_class(item: str, unit: str, description: str, metric: str, factor: float = 1, free_tier: str = "",
              refresh: list[OfferFilter] | None = None) -> Price:
    """A price per table class: the page's metric for Standard, the same with " IA" for Standard-IA."""
    pattern = re.compile(re.escape(metric) + r"(?P<table_class>| IA)")
    classes = {"table_class": {"": "standard", " IA": "standard-ia"}}
    return Price("dynamodb", item, unit, description, variant="{table_class}",
                 sources=[Page("dynamodb.json", pattern, factor=factor, values=classes)],
                 refresh=refresh or [], free_tier=free_tier)


def _standard_rows(family: str, group: str, factor: float = 1) -> list[OfferFilter]:
    """AmazonDynamoDB rows of a Standard-class price (infracost's filter), past any free-tier range."""
    return [OfferFilter("AmazonDynamoDB", families=family, usage_pattern=NOT_IA,
                        attributes={"group": group, "endingRange": "Inf"}, fill={"table_class": _standard},
                        factor=factor)]


def _standard(row: Any) -> str:
    return "standard"


_FREE_CAPACITY = "25 {} capacity units of Standard tables are free, account-wide (not applied)"
READ_CAPACITY = _by_class("read-capacity", "RCU-hour", "read capacity", "Provisioned Read Units",
                          free_tier=_FREE_CAPACITY.format("read"),
                          refresh=_standard_rows("Provisioned IOPS", "DDB-ReadUnits"))
WRITE_CAPACITY = _by_class("write-capacity", "WCU-hour", "write capacity", "Provisioned Write Units",
                           free_tier=_FREE_CAPACITY.format("write"),
                           refresh=_standard_rows("Provisioned IOPS", "DDB-WriteUnits"))
REPLICATED_WRITE_CAPACITY = _by_class("replicated-write-capacity", "rWCU-hour", "replicated write capacity",
                                      "Provisioned Replicated Write Units",
                                      refresh=_standard_rows("DDB-Operation-ReplicatedWrite",
                                                             "DDB-ReplicatedWriteUnits"))
READ_REQUESTS = _by_class("read-requests", "1M request units", "read request units",
                          "PayPerRequest Read Request Units", factor=1_000_000,
                          refresh=_standard_rows("Amazon DynamoDB PayPerRequest Throughput", "DDB-ReadUnits",
                                                 factor=1_000_000))
WRITE_REQUESTS = _by_class("write-requests", "1M request units", "write request units",
                           "PayPerRequest Write Request Units", factor=1_000_000,
                           refresh=_standard_rows("Amazon DynamoDB PayPerRequest Throughput", "DDB-WriteUnits",
                                                  factor=1_000_000))
REPLICATED_WRITE_REQUESTS = _by_class("replicated-write-requests", "1M request units",
                                      "replicated write request units", "PayPerRequest Replicated Write Request Units",
                                      factor=1_000_000,
                                      refresh=_standard_rows("Amazon DynamoDB PayPerRequest Throughput",
                                                             "DDB-ReplicatedWriteUnits", factor=1_000_000))
STORAGE = Price("dynamodb", "storage", "GB-month", "data storage", variant="{table_class}",
                sources=[Page("dynamodb.json", re.compile(r"Data Storage Indexed(?P<table_class>| - IA) GB-Mo"),
                              values={"table_class": {"": "standard", " - IA": "standard-ia"}})],
                refresh=[OfferFilter("AmazonDynamoDB", families="Database Storage",
                                     usage_pattern=re.compile(r"(?<!IA-)TimedStorage-ByteHrs$"),
                                     attributes={"endingRange": "Inf"}, fill={"table_class": _standard},
                                     example={"usageType": "USE1-TimedStorage-ByteHrs"})],
                free_tier="25 GB of Standard tables' storage are free, account-wide (not applied)")
PITR_STORAGE = Price("dynamodb", "pitr-backup-storage", "GB-month", "point-in-time recovery backup storage",
                     sources=[Page("dynamodb.json", "PITR Backup Storage GB-Mo")],
                     refresh=[OfferFilter("AmazonDynamoDB", families="Database Storage",
                                          usage_pattern=re.compile(r"TimedPITRStorage-ByteHrs$"),
                                          example={"usageType": "USE1-TimedPITRStorage-ByteHrs"})])
BACKUP_STORAGE = Price("dynamodb", "backup-storage", "GB-month", "on-demand backup storage",
                       sources=[Page("dynamodb.json", "On-Demand Backup Storage GB-Month")],
                       refresh=[OfferFilter("AmazonDynamoDB", families="Amazon DynamoDB On-Demand Backup Storage")])
RESTORE = Price("dynamodb", "restore", "GB", "data restored", sources=[Page("dynamodb.json", "Restore Data Size")],
                refresh=[OfferFilter("AmazonDynamoDB", families="Amazon DynamoDB Restore Data Size")])
STREAM_READS = Price("dynamodb", "stream-reads", "1M requests", "stream read requests",
                     sources=[Page("dynamodb.json", "Streams Read Requests", factor=1_000_000)],
                     refresh=[OfferFilter("AmazonDynamoDB", families="API Request",
                                          attributes={"group": "DDB-StreamsReadRequests", "endingRange": "Inf"},
                                          factor=1_000_000)],
                     free_tier="2.5 million stream read requests a month are free, account-wide (not applied)")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"dynamodb": "DynamoDB"}
PRICES = (READ_CAPACITY, WRITE_CAPACITY, REPLICATED_WRITE_CAPACITY, READ_REQUESTS, WRITE_REQUESTS,
          REPLICATED_WRITE_REQUESTS, STORAGE, PITR_STORAGE, BACKUP_STORAGE, RESTORE, STREAM_READS)

MONTHLY_READ_REQUEST_UNITS = UsageKey("monthly_read_request_units", "request units",
                                      "read request units per month (on demand; the indexes' included)")
MONTHLY_WRITE_REQUEST_UNITS = UsageKey("monthly_write_request_units", "request units",
                                       "write request units per month (on demand; the indexes' included)")
STORAGE_GB = UsageKey("storage_gb", "GB", "data stored, indexes included (the month's average)",
                      aliases=("monthly_gb_data_storage",))
PITR_BACKUP_STORAGE_GB = UsageKey("pitr_backup_storage_gb", "GB", "point-in-time recovery backup storage",
                                  aliases=("monthly_gb_continuous_backup_storage",))
ON_DEMAND_BACKUP_STORAGE_GB = UsageKey("on_demand_backup_storage_gb", "GB", "on-demand backup storage",
                                       aliases=("monthly_gb_on_demand_backup_storage",))
MONTHLY_DATA_RESTORED_GB = UsageKey("monthly_data_restored_gb", "GB", "data restored per month",
                                    aliases=("monthly_gb_restore",))
MONTHLY_STREAMS_READ_REQUEST_UNITS = UsageKey("monthly_streams_read_request_units", "requests",
                                              "stream read requests per month")
USAGE = {TABLE: (MONTHLY_READ_REQUEST_UNITS, MONTHLY_WRITE_REQUEST_UNITS, STORAGE_GB, PITR_BACKUP_STORAGE_GB,
                 ON_DEMAND_BACKUP_STORAGE_GB, MONTHLY_DATA_RESTORED_GB, MONTHLY_STREAMS_READ_REQUEST_UNITS),
         REPLICA: (MONTHLY_WRITE_REQUEST_UNITS, STORAGE_GB, PITR_BACKUP_STORAGE_GB)}

READ, WRITE = "ReadCapacityUnits", "WriteCapacityUnits"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    tables = Index.of(inventory, TABLE)
    scaling = Scaling(inventory, tables)
    return each_type(resources, {
        TABLE: (lambda row: _table(row, scaling), "DynamoDB table"),
        INDEX: (lambda row: _index(row, tables, scaling), "DynamoDB global secondary index"),
        REPLICA: (lambda row: _replica(row, tables, scaling), "DynamoDB table replica"),
    })


class Scaling:
    """The Application Auto Scaling targets of the stack's DynamoDB tables and indexes."""

    def __init__(self, inventory: pd.DataFrame, tables: Index):
        self.targets: dict[tuple[str, str], list[Any]] = {}  # (table URN, "table" or "index") -> targets
        for target in Index.of(inventory, SCALING_TARGET).by_urn.values():
            if target.inputs.get("serviceNamespace") != "dynamodb":
                continue
            table = tables.referenced(target, "resourceId", TABLE) or self._by_name(target, tables)
            dimension = target.inputs.get("scalableDimension")
            if table is not None and isinstance(dimension, str) and dimension.startswith("dynamodb:"):
                self.targets.setdefault((table.urn, dimension.split(":")[1]), []).append(target)

    @staticmethod
    def _by_name(target: Any, tables: Index) -> Any | None:
        """The table a known resource ID ("table/orders", "table/orders/index/by-date") names."""
        parts = str(target.inputs.get("resourceId", "")).split("/")
        if len(parts) < 2 or parts[0] != "table":
            return None
        return next((table for table in tables.by_urn.values() if table.inputs.get("name") == parts[1]), None)

    def capacity(self, table_urn: str, dimension: str, index_name: str | None = None,
                 indexes: int = 0) -> tuple[float, str] | None:
        """(minimum capacity, how it scales) of the target scaling a table's (or one index's) `dimension`."""
        kind = "table" if index_name is None else "index"
        for target in self.targets.get((table_urn, kind), ()):
            inputs = target.inputs
            if inputs.get("scalableDimension") != f"dynamodb:{kind}:{dimension}":
                continue
            if index_name is not None and not self._names_index(target, index_name, indexes):
                continue
            low = number(inputs, "minCapacity", "autoscaling minimum capacity")
            high = number(inputs, "maxCapacity", "autoscaling maximum capacity")
            if low is None:
                raise Unpriceable("autoscaling target without a minimum capacity")
            return low, f"autoscaled {low:g} to {high:g}, priced at the minimum"
        return None

    @staticmethod
    def _names_index(target: Any, index_name: str, indexes: int) -> bool:
        """Whether a target scales the index `index_name`: by its resource ID when known, else when the
        table has that one index only."""
        resource_id = target.inputs.get("resourceId")
        if isinstance(resource_id, str) and resource_id.startswith("table/"):
            return resource_id.endswith(f"/index/{index_name}")
        if indexes == 1:
            return True
        raise Unpriceable("an autoscaling target scales one of the table's indexes, which one is unknown until apply")


def _table_class(inputs: dict[str, Any], key: str = "tableClass", default: str = "STANDARD") -> str:
    value = text(inputs, key, "table class", default)
    if value not in TABLE_CLASSES:
        raise Unpriceable(f"table class {value!r} is not priced (priced: {', '.join(TABLE_CLASSES)})")
    return TABLE_CLASSES[value]


def _billing_mode(inputs: dict[str, Any]) -> str:
    mode = text(inputs, "billingMode", "billing mode", PROVISIONED)
    if mode not in (PROVISIONED, ON_DEMAND):
        raise Unpriceable(f"billing mode {mode!r} is not priced (priced: {PROVISIONED}, {ON_DEMAND})")
    return mode


def _table(resource: Any, scaling: Scaling) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    table_class, mode = _table_class(inputs), _billing_mode(inputs)
    rows: list[dict[str, Any]] = []
    if mode == PROVISIONED:
        indexes = [known_value(index, "global secondary index") or {}
                   for index in known(inputs, "globalSecondaryIndexes", "global secondary indexes") or []]
        rows += _capacity_lines(urn, "", inputs, "readCapacity", "writeCapacity", table_class,
                                lambda dimension: scaling.capacity(urn, dimension))
        for index in indexes:
            name = text(index, "name", "index name")
            rows += _capacity_lines(urn, f"index {name}: ", index, "readCapacity", "writeCapacity", table_class,
                                    lambda dimension: scaling.capacity(urn, dimension, name, len(indexes)))
    else:
        rows += _request_lines(urn, table_class)
    rows += _storage_lines(urn, table_class, flag(known(inputs, "pointInTimeRecovery", "point-in-time recovery")
                                                  or {}, "enabled", "point-in-time recovery"))
    rows += [BACKUP_STORAGE.usage_line(urn, ON_DEMAND_BACKUP_STORAGE_GB),
             RESTORE.usage_line(urn, MONTHLY_DATA_RESTORED_GB)]
    if flag(inputs, "streamEnabled", "stream"):
        rows.append(STREAM_READS.usage_line(urn, MONTHLY_STREAMS_READ_REQUEST_UNITS, factor=1e-6))
    for replica in known(inputs, "replicas", "replicas") or []:
        region = text(known_value(replica, "replica") or {}, "regionName", "replica region")
        rows.append(unpriced_line(urn, f"replica in {region}",
                                  f"a replica is billed in its own region ({region}): not priced with this table"))
    return rows


def _capacity_lines(urn: str, label: str, inputs: dict[str, Any], read_key: str, write_key: str, table_class: str,
                    scaled: Any) -> list[dict[str, Any]]:
    """Read and write capacity lines of a table or an index: its autoscaling target's minimum when one
    scales the dimension, else its provisioned capacity (required in provisioned mode). A capacity not
    known (unknown until apply, not set, or which index a target scales unknown) is a line of unknown
    quantity: the table partly priced."""
    rows = []
    for price, key, dimension in ((READ_CAPACITY, read_key, READ), (WRITE_CAPACITY, write_key, WRITE)):
        what = f"{label}{price.description}"
        note = None if table_class == "standard" else ""
        try:
            units, description = _capacity(inputs, key, what, scaled(dimension))
        except Unpriceable as unknown:
            rows.append(price.unknown_line(urn, str(unknown), what, note=note, table_class=table_class))
            continue
        rows.append(price.line(urn, units, description, note=note, table_class=table_class))
    return rows


def _capacity(inputs: dict[str, Any], key: str, what: str, autoscaled: tuple[float, str] | None) -> tuple[float, str]:
    """(capacity units, the line's description): the autoscaling target's minimum, else the provisioned value."""
    if autoscaled is not None:
        units, how = autoscaled
        return units, f"{what} ({how})"
    units = number(inputs, key, what)
    if units is None:
        raise Unpriceable(f"{what} not set (required in provisioned mode)")
    return units, what


def _request_lines(urn: str, table_class: str) -> list[dict[str, Any]]:
    return [READ_REQUESTS.usage_line(urn, MONTHLY_READ_REQUEST_UNITS, factor=1e-6, table_class=table_class),
            WRITE_REQUESTS.usage_line(urn, MONTHLY_WRITE_REQUEST_UNITS, factor=1e-6, table_class=table_class)]


def _storage_lines(urn: str, table_class: str, recovery: bool) -> list[dict[str, Any]]:
    rows = [STORAGE.usage_line(urn, STORAGE_GB, note=None if table_class == "standard" else "",
                               table_class=table_class)]
    if recovery:
        rows.append(PITR_STORAGE.usage_line(urn, PITR_BACKUP_STORAGE_GB))
    return rows


def _table_of(resource: Any, key: str, tables: Index) -> Any:
    table = tables.referenced(resource, key, TABLE, resource.inputs.get(key))
    if table is None:
        raise Unpriceable("its table is not in this stack: billing mode and table class unknown")
    return table


def _index(resource: Any, tables: Index, scaling: Scaling) -> list[dict[str, Any]]:
    """A global secondary index of its own: capacity in provisioned mode; on demand, its requests and
    storage are in its table's usage lines."""
    table = _table_of(resource, "tableName", tables)
    if _billing_mode(table.inputs) == ON_DEMAND:
        return []
    name = text(resource.inputs, "indexName", "index name")
    throughput = known(resource.inputs, "provisionedThroughput", "provisioned throughput") or {}
    return _capacity_lines(resource.urn, "", throughput, "readCapacityUnits", "writeCapacityUnits",
                           _table_class(table.inputs),
                           lambda dimension: scaling.capacity(table.urn, dimension, name))


def _replica(resource: Any, tables: Index, scaling: Scaling) -> list[dict[str, Any]]:
    """A replica in its own region: replicated writes (the table's write capacity, or usage), storage, PITR."""
    table = _table_of(resource, "globalTableArn", tables)
    inputs, urn = resource.inputs, resource.urn
    table_class = _table_class(inputs, "tableClassOverride", text(table.inputs, "tableClass", "table class",
                                                                   "STANDARD"))
    rows = []
    if _billing_mode(table.inputs) == PROVISIONED:
        autoscaled = scaling.capacity(table.urn, WRITE)
        if autoscaled is not None:
            units, description = autoscaled[0], f"replicated write capacity ({autoscaled[1]})"
        else:
            units = number(table.inputs, "writeCapacity", "the table's write capacity")
            if units is None:
                raise Unpriceable("the table's write capacity not set (required in provisioned mode)")
            description = "replicated write capacity (the table's write capacity)"
        rows.append(REPLICATED_WRITE_CAPACITY.line(urn, units, description, table_class=table_class))
    else:
        rows.append(REPLICATED_WRITE_REQUESTS.usage_line(urn, MONTHLY_WRITE_REQUEST_UNITS, factor=1e-6,
                                                         table_class=table_class))
    return rows + _storage_lines(urn, table_class, flag(inputs, "pointInTimeRecovery", "point-in-time recovery"))
