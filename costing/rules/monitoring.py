"""CloudWatch alarms and log groups, Secrets Manager secrets, KMS keys: priced per month.

- Metric alarm: per alarm metric per month (each metric of a metric-math alarm counts; expressions
  do not), at the high-resolution rate when its period is under 60 seconds. Anomaly detection's extra
  metrics are not counted. Composite alarm: per alarm per month.
- Log group: no fixed charge; what it costs is usage, shown as usage lines: GB ingested per month
  (`monthly_data_ingested_gb`) and GB stored (`storage_gb`). Infrequent Access log groups are not priced.
- Secret: per secret per month, and again per replica region.
- KMS key (and a multi-Region replica key): per key per month.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known, known_value, number, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
SECRET = "aws:secretsmanager/secret:Secret"
KEY = "aws:kms/key:Key"
REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey"
TYPES = (METRIC_ALARM, COMPOSITE_ALARM, LOG_GROUP, SECRET, KEY, REPLICA_KEY)


def _cloudwatch(metric: str, usage: str) -> dict:
    return {"sources": [Page("cloudwatch.json", metric)], "refresh": [OfferFilter("AmazonCloudWatch", usage=usage)]}


_FREE_ALARMS = "10 standard-resolution alarm metrics a month are free, account-wide (not applied)"
_FREE_LOGS = "5 GB a month of log data ingested, stored and scanned are free, account-wide (not applied)"
ALARM_STANDARD = Price("cloudwatch", "alarm-standard", "alarm-month", "standard-resolution alarm metrics",
                       free_tier=_FREE_ALARMS, **_cloudwatch("Alarm Standard", "CW:AlarmMonitorUsage"))
ALARM_HIGH_RESOLUTION = Price("cloudwatch", "alarm-high-resolution", "alarm-month", "high-resolution alarm metrics",
                              **_cloudwatch("Alarm High Resolution", "CW:HighResAlarmMonitorUsage"))
ALARM_COMPOSITE = Price("cloudwatch", "alarm-composite", "alarm-month", "composite alarm",
                        **_cloudwatch("Alarm Composite", "CW:CompositeAlarmMonitorUsage"))
LOGS_INGESTION = Price("cloudwatch", "logs-ingestion", "GB", "log data ingested", free_tier=_FREE_LOGS,
                       **_cloudwatch("Logs Collected Data Ingestion", "DataProcessing-Bytes"))
LOGS_STORAGE = Price("cloudwatch", "logs-storage", "GB-month", "log data stored", free_tier=_FREE_LOGS,
                     **_cloudwatch("Stored Data", "TimedStorage-ByteHrs"))
SECRET_MONTH = Price("secretsmanager", "secret", "secret-month", "secret",
                     sources=[Page("secretsmanager.json", "Secret")],
                     refresh=[OfferFilter("AWSSecretsManager", usage="AWSSecretsManager-Secrets")])
KEY_MONTH = Price("kms", "key", "key-month", "customer managed key", sources=[Page("kms.json", "Encryption Key")],
                  refresh=[OfferFilter("awskms", usage="KMS-Keys")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"cloudwatch": "CloudWatch", "secretsmanager": "Secrets Manager", "kms": "KMS"}
PRICES = (ALARM_STANDARD, ALARM_HIGH_RESOLUTION, ALARM_COMPOSITE, LOGS_INGESTION, LOGS_STORAGE, SECRET_MONTH,
          KEY_MONTH)

MONTHLY_DATA_INGESTED_GB = UsageKey("monthly_data_ingested_gb", "GB", "log data ingested per month",
                                    aliases=("monthly_gb_ingested",))
STORAGE_GB = UsageKey("storage_gb", "GB", "log data stored (the month's average)", aliases=("stored_gb",))
USAGE = {LOG_GROUP: (MONTHLY_DATA_INGESTED_GB, STORAGE_GB)}
HIGH_RESOLUTION_BELOW_SECONDS = 60.0


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        METRIC_ALARM: (_metric_alarm, "CloudWatch alarm"),
        COMPOSITE_ALARM: (lambda row: [ALARM_COMPOSITE.line(row.urn, 1.0)], "CloudWatch composite alarm"),
        LOG_GROUP: (_log_group, "CloudWatch log group"),
        SECRET: (_secret, "secret"),
        KEY: (lambda row: [KEY_MONTH.line(row.urn, 1.0)], "KMS key"),
        REPLICA_KEY: (lambda row: [KEY_MONTH.line(row.urn, 1.0, "replica key")], "KMS key"),
    })


def _metric_alarm(resource: Any) -> list[dict[str, Any]]:
    inputs = resource.inputs
    queries = [known_value(query, "metric query") for query in known(inputs, "metricQueries", "metric queries") or []]
    stats = [known_value(query["metric"], "metric") for query in queries if query.get("metric")]
    periods = [number(stat, "period", "alarm period") for stat in stats] or [number(inputs, "period", "alarm period")]
    metrics = len(stats) or 1
    if any(period is not None and period < HIGH_RESOLUTION_BELOW_SECONDS for period in periods):
        return [ALARM_HIGH_RESOLUTION.line(resource.urn, metrics)]
    return [ALARM_STANDARD.line(resource.urn, metrics)]


def _log_group(resource: Any) -> list[dict[str, Any]]:
    log_class = text(resource.inputs, "logGroupClass", "log group class", "STANDARD")
    if log_class != "STANDARD":
        raise Unpriceable(f"{log_class} log groups are not priced (priced: STANDARD)")
    return [LOGS_INGESTION.usage_line(resource.urn, MONTHLY_DATA_INGESTED_GB),
            LOGS_STORAGE.usage_line(resource.urn, STORAGE_GB)]


def _secret(resource: Any) -> list[dict[str, Any]]:
    replicas = known(resource.inputs, "replicas", "secret replicas") or []
    description = f"secret, replicated to {len(replicas)} more regions" if replicas else "secret"
    return [SECRET_MONTH.line(resource.urn, 1.0 + len(replicas), description)]
