"""Kinesis Data Analytics (SQL) applications and Managed Service for Apache Flink applications
(https://aws.amazon.com/managed-service-apache-flink/pricing/).

- KPU-hours: the application's average number of Kinesis Processing Units (`kinesis_processing_units`,
  usage: they scale with load), at the rate of its runtime: SQL (a v1 `aws:kinesis/analyticsApplication`,
  or a v2 application whose `runtimeEnvironment` is SQL-*), Apache Flink (FLINK-*) or Studio notebooks
  (ZEPPELIN-*).
- Apache Flink and Studio applications also pay one more KPU for orchestration, always (a baseline line),
  and running application storage, 50 GB per KPU; Flink applications also their durable backups
  (snapshots) per GB-month (`durable_application_backup_gb`), priced on the application so that its
  snapshots (`aws:kinesisanalyticsv2/applicationSnapshot`) are not counted twice.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, text
from costing.rules.declare import Page, Price, UsageKey

SQL_APPLICATION = "aws:kinesis/analyticsApplication:AnalyticsApplication"
APPLICATION = "aws:kinesisanalyticsv2/application:Application"
TYPES = (SQL_APPLICATION, APPLICATION)
FILE = "kinesisanalytics.json"
STORAGE_GB_PER_KPU = 50

KPU_METRICS = {"Kinesis Processing Unit KPU": "sql", "Kinesis Processing Unit KPU for Java applications": "flink",
               "Kinesis Processing Unit KPU for Kinesis Data Analytics Studio": "studio"}
STORAGE_METRICS = {"Per GB month of running application storage": "flink",
                   "Per GB month of running application storage for Kinesis Data Analytics Studio": "studio"}
LABELS = {"sql": "SQL", "flink": "Apache Flink", "studio": "Studio"}


def _one_of(field: str, metrics: dict[str, str]) -> Page:
    """A page source reading exactly `metrics`, each filling the family's `field` with its value."""
    return Page(FILE, re.compile(f"(?P<{field}>" + "|".join(map(re.escape, metrics)) + ")"), values={field: metrics})


KPU_HOURS = Price("kinesisanalytics", "kpu", "KPU-hour", "Kinesis Processing Units", variant="{runtime}",
                  sources=[_one_of("runtime", KPU_METRICS)])
RUNNING_STORAGE = Price("kinesisanalytics", "running-storage", "GB-month", "running application storage (50 GB per KPU)",
                        variant="{runtime}", sources=[_one_of("runtime", STORAGE_METRICS)])
BACKUPS = Price("kinesisanalytics", "durable-backups", "GB-month", "durable application backups",
                sources=[Page(FILE, "Per GB month of durable application backups")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"kinesisanalytics": "Managed Service for Apache Flink"}
PRICES = (KPU_HOURS, RUNNING_STORAGE, BACKUPS)

KINESIS_PROCESSING_UNITS = UsageKey("kinesis_processing_units", "KPU", "the application's average KPUs an hour")
DURABLE_APPLICATION_BACKUP_GB = UsageKey("durable_application_backup_gb", "GB",
                                         "durable backups (snapshots) stored (the month's average)")
USAGE = {SQL_APPLICATION: (KINESIS_PROCESSING_UNITS,),
         APPLICATION: (KINESIS_PROCESSING_UNITS, DURABLE_APPLICATION_BACKUP_GB)}
RUNTIMES = {"SQL": "sql", "FLINK": "flink", "ZEPPELIN": "studio"}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        SQL_APPLICATION: (lambda row: [_processing(row.urn, "sql")], "Kinesis Data Analytics application"),
        APPLICATION: (_application, "Managed Service for Apache Flink application"),
    })


def _processing(urn: str, runtime: str) -> dict[str, Any]:
    return KPU_HOURS.usage_line(urn, KINESIS_PROCESSING_UNITS, f"Kinesis Processing Units ({LABELS[runtime]})",
                                runtime=runtime)


def _application(resource: Any) -> list[dict[str, Any]]:
    given = text(resource.inputs, "runtimeEnvironment", "runtime environment").upper()
    runtime = RUNTIMES.get(given.split("-", 1)[0])
    if runtime is None:
        raise Unpriceable(f"runtime environment {given or 'not set'}: priced are SQL-*, FLINK-* and ZEPPELIN-*")
    urn = resource.urn
    rows = [_processing(urn, runtime)]
    if runtime == "sql":
        return rows
    rows += [KPU_HOURS.line(urn, 1.0, f"orchestration KPU ({LABELS[runtime]})", runtime=runtime),
             RUNNING_STORAGE.usage_line(urn, KINESIS_PROCESSING_UNITS, factor=STORAGE_GB_PER_KPU, runtime=runtime)]
    if runtime == "flink":
        rows.append(BACKUPS.usage_line(urn, DURABLE_APPLICATION_BACKUP_GB))
    return rows
