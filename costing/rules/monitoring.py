"""CloudWatch alarms and log groups, Secrets Manager secrets, KMS keys: priced per month.

- Metric alarm: per alarm metric per month (each metric of a metric-math alarm counts; expressions
  do not), at the high-resolution rate when its period is under 60 seconds. Anomaly detection's extra
  metrics are not counted. Composite alarm: per alarm per month.
- Log group: no fixed charge; what it costs is usage, shown as usage lines: GB ingested per month
  (`monthly_gb_ingested`) and GB stored (`stored_gb`). Infrequent Access log groups are not priced.
- Secret: per secret per month, and again per replica region.
- KMS key (and a multi-Region replica key): per key per month.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known, known_value, line, number, text, usage_line

METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
SECRET = "aws:secretsmanager/secret:Secret"
KEY = "aws:kms/key:Key"
REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey"
TYPES = (METRIC_ALARM, COMPOSITE_ALARM, LOG_GROUP, SECRET, KEY, REPLICA_KEY)

GB_INGESTED, GB_STORED = "monthly_gb_ingested", "stored_gb"
USAGE_KEYS = {LOG_GROUP: (GB_INGESTED, GB_STORED)}
HIGH_RESOLUTION_BELOW_SECONDS = 60.0


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        METRIC_ALARM: (_metric_alarm, "CloudWatch alarm"),
        COMPOSITE_ALARM: (lambda row: [line(row.urn, "composite alarm", "cloudwatch", "alarm-composite",
                                            "alarm-month", 1.0)], "CloudWatch composite alarm"),
        LOG_GROUP: (_log_group, "CloudWatch log group"),
        SECRET: (_secret, "secret"),
        KEY: (lambda row: [line(row.urn, "customer managed key", "kms", "key", "key-month", 1.0)], "KMS key"),
        REPLICA_KEY: (lambda row: [line(row.urn, "replica key", "kms", "key", "key-month", 1.0)], "KMS key"),
    })


def _metric_alarm(resource: Any) -> list[dict[str, Any]]:
    inputs = resource.inputs
    queries = [known_value(query, "metric query") for query in known(inputs, "metricQueries", "metric queries") or []]
    stats = [known_value(query["metric"], "metric") for query in queries if query.get("metric")]
    periods = [number(stat, "period", "alarm period") for stat in stats] or [number(inputs, "period", "alarm period")]
    metrics = len(stats) or 1
    if any(period is not None and period < HIGH_RESOLUTION_BELOW_SECONDS for period in periods):
        return [line(resource.urn, "high-resolution alarm metrics", "cloudwatch", "alarm-high-resolution",
                     "alarm-month", metrics)]
    return [line(resource.urn, "standard-resolution alarm metrics", "cloudwatch", "alarm-standard", "alarm-month",
                 metrics)]


def _log_group(resource: Any) -> list[dict[str, Any]]:
    log_class = text(resource.inputs, "logGroupClass", "log group class", "STANDARD")
    if log_class != "STANDARD":
        raise Unpriceable(f"{log_class} log groups are not priced (priced: STANDARD)")
    return [usage_line(resource.urn, "log data ingested", "cloudwatch", "logs-ingestion", "GB", GB_INGESTED),
            usage_line(resource.urn, "log data stored", "cloudwatch", "logs-storage", "GB-month", GB_STORED)]


def _secret(resource: Any) -> list[dict[str, Any]]:
    replicas = known(resource.inputs, "replicas", "secret replicas") or []
    description = f"secret, replicated to {len(replicas)} more regions" if replicas else "secret"
    return [line(resource.urn, description, "secretsmanager", "secret", "secret-month", 1.0 + len(replicas))]
