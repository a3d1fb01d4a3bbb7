"""Amazon Timestream for LiveAnalytics tables and databases: all usage (https://aws.amazon.com/timestream/pricing/).

- Table: data ingested per GB (`monthly_data_ingested_gb`), the memory store per GB-hour (its average
  size, `memory_store_gb`, every hour of the month) and the magnetic store per GB-month
  (`magnetic_store_gb`).
- Database: queries, in Timestream Compute Units for the hours they run (`monthly_query_tcu_hours`):
  queries are billed per account and region, shown on the database.

Timestream for InfluxDB and scheduled queries are not priced. Timestream is offered in a few regions:
elsewhere its lines have no price.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import each_type
from costing.rules.declare import Page, Price, UsageKey

DATABASE = "aws:timestreamwrite/database:Database"
TABLE = "aws:timestreamwrite/table:Table"
TYPES = (DATABASE, TABLE)

_PAGE = "timestream.json"
INGESTION = Price("timestream", "ingestion", "GB", "data ingested",
                  sources=[Page(_PAGE, "Timestream Ingestion per GB")])
MEMORY_STORE = Price("timestream", "memory-store", "GB-hour", "memory store",
                     sources=[Page(_PAGE, "Timestream Memory Store per GB-Hours")])
MAGNETIC_STORE = Price("timestream", "magnetic-store", "GB-month", "magnetic store",
                       sources=[Page(_PAGE, "Timestream Magnetic Store per GB-Mo")])
QUERY_TCU = Price("timestream", "query-tcu", "TCU-hour", "queries (Timestream Compute Units)",
                  sources=[Page(_PAGE, "Query TCU-hours per TCU-hour")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"timestream": "Timestream"}
PRICES = (INGESTION, MEMORY_STORE, MAGNETIC_STORE, QUERY_TCU)

MONTHLY_DATA_INGESTED_GB = UsageKey("monthly_data_ingested_gb", "GB", "data ingested per month")
MEMORY_STORE_GB = UsageKey("memory_store_gb", "GB", "data in the memory store (the month's average)")
MAGNETIC_STORE_GB = UsageKey("magnetic_store_gb", "GB", "data in the magnetic store (the month's average)")
MONTHLY_QUERY_TCU_HOURS = UsageKey("monthly_query_tcu_hours", "TCU-hours", "TCU-hours of queries per month")
USAGE = {TABLE: (MONTHLY_DATA_INGESTED_GB, MEMORY_STORE_GB, MAGNETIC_STORE_GB), DATABASE: (MONTHLY_QUERY_TCU_HOURS,)}

HOURS_PER_MONTH = 730


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {TABLE: (_table, "Timestream table"), DATABASE: (_database, "Timestream database")})


def _table(resource: Any) -> list[dict[str, Any]]:
    urn = resource.urn
    return [INGESTION.usage_line(urn, MONTHLY_DATA_INGESTED_GB),
            MEMORY_STORE.usage_line(urn, MEMORY_STORE_GB),
            MAGNETIC_STORE.usage_line(urn, MAGNETIC_STORE_GB)]


def _database(resource: Any) -> list[dict[str, Any]]:
    # TCU-hours a month as the average TCUs of an hour (the price is per TCU-hour)
    return [QUERY_TCU.usage_line(resource.urn, MONTHLY_QUERY_TCU_HOURS, factor=1 / HOURS_PER_MONTH)]
