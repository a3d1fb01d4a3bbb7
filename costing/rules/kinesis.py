"""Kinesis Data Streams: streams and enhanced fan-out consumers
(https://aws.amazon.com/kinesis/data-streams/pricing/).

- Provisioned stream (`streamModeDetails.streamMode` PROVISIONED, the default): shard hours
  (`shardCount`, required in this mode), PUT payload units (25 KB each: `monthly_provisioned_put_units`),
  and, when `retentionPeriod` is over 24 hours (AWS's default and minimum), extended retention per
  shard hour, and over 7 days (168 hours) long-term retention per GB-month (`long_term_retention_gb`).
- On-demand stream (ON_DEMAND): stream hours, GB ingested and retrieved, GB retrieved by enhanced
  fan-out consumers, and, by retention as above, extended and long-term retention per GB-month
  (the leading estimator's `monthly_on_demand_*` keys).
- Stream consumer (enhanced fan-out, `aws:kinesis/streamConsumer`) of a provisioned stream:
  consumer-shard hours (its stream's shard count) and GB retrieved (`monthly_efo_data_out_gb`). An
  on-demand stream's fan-out retrieval is priced on the stream, so its consumers cost nothing more.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, known_value, number, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

STREAM = "aws:kinesis/stream:Stream"
CONSUMER = "aws:kinesis/streamConsumer:StreamConsumer"
TYPES = (STREAM, CONSUMER)
DEFAULT_RETENTION_HOURS = 24.0
LONG_TERM_AFTER_HOURS = 168.0


def _price(item: str, unit: str, description: str, metric: str, usage_type: str = "", factor: float = 1) -> Price:
    refresh = [OfferFilter("AmazonKinesis", families="Kinesis Streams", usage=usage_type, factor=factor)] \
        if usage_type else []
    return Price("kinesis", item, unit, description, sources=[Page("kinesis.json", metric, factor=factor)],
                 refresh=refresh)


SHARD_HOURS = _price("shard", "hour", "shard hours", "Provisioned shard hour per ShardHour", "Storage-ShardHour")
PUT_UNITS = _price("put-payload-units", "1M units", "PUT payload units (25 KB each)", "Payload Units per PutRequest",
                   "PutRequestPayloadUnits", factor=1_000_000)
EXTENDED_SHARD_HOURS = _price("extended-retention-shard", "hour", "extended retention (up to 7 days), shard hours",
                              "Addon shard hour per ShardHour")
LONG_TERM_RETENTION = _price("long-term-retention", "GB-month", "long-term retention (over 7 days)",
                             "Long term Data Retention GB-month per GB-month")
EFO_CONSUMER_SHARD_HOURS = _price("efo-consumer-shard", "hour", "enhanced fan-out consumer-shard hours",
                                  "Enhanced fan out per ConsumerShardHour")
EFO_RETRIEVAL = _price("efo-retrieval", "GB", "enhanced fan-out data retrieved",
                       "Enhanced fan out GB of data retrieved per GB")
ON_DEMAND_HOURS = _price("on-demand-stream", "hour", "on-demand stream hours", "OnDemandStreamHr per StreamHr",
                         "OnDemand-StreamHour")
ON_DEMAND_IN = _price("on-demand-ingested", "GB", "on-demand data ingested", "OnDemandDataIngested per GB",
                      "OnDemand-BilledIncomingBytes")
ON_DEMAND_OUT = _price("on-demand-retrieved", "GB", "on-demand data retrieved", "OnDemandDataRetrieval per GB",
                       "OnDemand-BilledOutgoingBytes")
ON_DEMAND_EFO_OUT = _price("on-demand-efo-retrieved", "GB", "on-demand enhanced fan-out data retrieved",
                           "OnDemandEFODataRetrieval per GB", "OnDemand-BilledOutgoingEFOBytes")
ON_DEMAND_EXTENDED = _price("on-demand-extended-retention", "GB-month", "on-demand extended retention (up to 7 days)",
                            "OnDemandExtendedRetentionByteHrs per GB month", "OnDemand-ExtendedRetention-ByteHrs")
ON_DEMAND_LONG_TERM = _price("on-demand-long-term-retention", "GB-month",
                             "on-demand long-term retention (over 7 days)",
                             "OnDemandLongTermRetentionByteHrs per GB month", "OnDemand-LongTermRetention-ByteHrs")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"kinesis": "Kinesis Data Streams"}
PRICES = (SHARD_HOURS, PUT_UNITS, EXTENDED_SHARD_HOURS, LONG_TERM_RETENTION, EFO_CONSUMER_SHARD_HOURS, EFO_RETRIEVAL,
          ON_DEMAND_HOURS, ON_DEMAND_IN, ON_DEMAND_OUT, ON_DEMAND_EFO_OUT, ON_DEMAND_EXTENDED, ON_DEMAND_LONG_TERM)

PUT_UNITS_KEY = UsageKey("monthly_provisioned_put_units", "units", "PUT payload units (25 KB each) per month")
LONG_TERM_GB = UsageKey("long_term_retention_gb", "GB", "data kept beyond 7 days (the month's average)")
ON_DEMAND_IN_GB = UsageKey("monthly_on_demand_data_in_gb", "GB", "data written to the stream per month")
ON_DEMAND_OUT_GB = UsageKey("monthly_on_demand_data_out_gb", "GB", "data read by shared-throughput consumers per month")
ON_DEMAND_EFO_OUT_GB = UsageKey("monthly_on_demand_efo_data_out_gb", "GB",
                                "data read by enhanced fan-out consumers per month")
ON_DEMAND_EXTENDED_GB = UsageKey("monthly_on_demand_extended_retention_gb", "GB",
                                 "data kept between 24 hours and 7 days (the month's average)")
ON_DEMAND_LONG_TERM_GB = UsageKey("monthly_on_demand_long_term_retention_gb", "GB",
                                  "data kept beyond 7 days (the month's average)")
EFO_OUT_GB = UsageKey("monthly_efo_data_out_gb", "GB", "data the consumer reads per month")
USAGE = {STREAM: (PUT_UNITS_KEY, LONG_TERM_GB, ON_DEMAND_IN_GB, ON_DEMAND_OUT_GB, ON_DEMAND_EFO_OUT_GB,
                  ON_DEMAND_EXTENDED_GB, ON_DEMAND_LONG_TERM_GB),
         CONSUMER: (EFO_OUT_GB,)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, STREAM)
    return each_type(resources, {STREAM: (_stream, "Kinesis stream"),
                                 CONSUMER: (lambda row: _consumer(row, index), "Kinesis stream consumer")})


def _mode(stream: Any) -> str:
    details = known_value(stream.inputs.get("streamModeDetails"), "stream mode") or {}
    mode = text(details, "streamMode", "stream mode", "PROVISIONED").upper()
    if mode not in ("PROVISIONED", "ON_DEMAND"):
        raise Unpriceable(f"stream mode {mode}: priced are PROVISIONED and ON_DEMAND")
    return mode


def _shards(stream: Any) -> float:
    shards = number(stream.inputs, "shardCount", "shard count")
    if shards is None:
        raise Unpriceable("shard count not set (a provisioned stream requires one)")
    return shards


def _stream(resource: Any) -> list[dict[str, Any]]:
    urn = resource.urn
    retention = number(resource.inputs, "retentionPeriod", "retention period", DEFAULT_RETENTION_HOURS)
    if _mode(resource) == "ON_DEMAND":
        rows = [ON_DEMAND_HOURS.line(urn, 1.0), ON_DEMAND_IN.usage_line(urn, ON_DEMAND_IN_GB),
                ON_DEMAND_OUT.usage_line(urn, ON_DEMAND_OUT_GB), ON_DEMAND_EFO_OUT.usage_line(urn, ON_DEMAND_EFO_OUT_GB)]
        if retention > DEFAULT_RETENTION_HOURS:
            rows.append(ON_DEMAND_EXTENDED.usage_line(urn, ON_DEMAND_EXTENDED_GB))
        if retention > LONG_TERM_AFTER_HOURS:
            rows.append(ON_DEMAND_LONG_TERM.usage_line(urn, ON_DEMAND_LONG_TERM_GB))
        return rows
    shards = _shards(resource)
    rows = [SHARD_HOURS.line(urn, shards), PUT_UNITS.usage_line(urn, PUT_UNITS_KEY, factor=1e-6)]
    if retention > DEFAULT_RETENTION_HOURS:
        rows.append(EXTENDED_SHARD_HOURS.line(urn, shards, f"extended retention ({retention:g} hours), shard hours"))
    if retention > LONG_TERM_AFTER_HOURS:
        rows.append(LONG_TERM_RETENTION.usage_line(urn, LONG_TERM_GB))
    return rows


def _consumer(resource: Any, index: Index) -> list[dict[str, Any]]:
    stream = index.referenced(resource, "streamArn", STREAM, resource.inputs.get("streamArn"))
    if stream is None:
        known_value(resource.inputs.get("streamArn"), "stream")
        raise Unpriceable("stream not in the stack: its shard count decides the consumer-shard hours")
    if _mode(stream) == "ON_DEMAND":
        return []
    return [EFO_CONSUMER_SHARD_HOURS.line(resource.urn, _shards(stream)),
            EFO_RETRIEVAL.usage_line(resource.urn, EFO_OUT_GB)]
