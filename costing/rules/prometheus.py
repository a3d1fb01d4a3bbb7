"""Managed Service for Prometheus workspaces (https://aws.amazon.com/prometheus/pricing/), all usage:
metric samples ingested per 10 million (`monthly_ingested_samples`) in AWS's volume tiers (first 2
billion, next 250 billion, over 252 billion); metric storage per GB-month (`storage_gb`); query samples
processed per billion (`monthly_query_samples`). The free tier (40 million samples ingested, 10 GB
stored, 200 billion query samples a month, account-wide) is stated, not applied. Collectors (scrapers)
are not priced."""

from __future__ import annotations

import pandas as pd

from costing.rules.common import each_type
from costing.rules.declare import INF, Page, Price, Tier, Tiered, UsageKey

WORKSPACE = "aws:amp/workspace:Workspace"
TYPES = (WORKSPACE,)
FILE = "prometheus.json"


def _ingestion_tier(number: int, upto: float, label: str, page: str, free: str = "") -> Tier:
    return Tier(upto, label, Price(
        "prometheus", "samples-ingested", "10M samples", f"samples ingested, {label}", variant=f"tier{number}",
        sources=[Page(FILE, f"Metric from {page} per Metric Datapoints", factor=10_000_000)],
        free_tier=free))


INGESTION = Tiered([
    _ingestion_tier(1, 200, "first 2 billion", "40000000 to 2000000000",
                    "the first 40 million samples a month are free, account-wide (not applied)"),
    _ingestion_tier(2, 25_200, "next 250 billion", "2000000000 to 252000000000"),
    _ingestion_tier(3, INF, "over 252 billion", "252000000000 to Inf"),
])
STORAGE = Price("prometheus", "storage", "GB-month", "metric storage",
                sources=[Page(FILE, "Storage from 10 to Inf per GB-Mo")],
                free_tier="the first 10 GB a month are free, account-wide (not applied)")
QUERY_SAMPLES = Price("prometheus", "query-samples", "1B samples", "query samples processed",
                      sources=[Page(FILE, "API Request from 0 to Inf per Metric Datapoints", factor=1_000_000_000)],
                      free_tier="200 billion query samples a month are free, account-wide (not applied)")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"prometheus": "Managed Service for Prometheus"}
PRICES = (INGESTION, STORAGE, QUERY_SAMPLES)

INGESTED = UsageKey("monthly_ingested_samples", "samples", "metric samples ingested per month")
STORAGE_GB = UsageKey("storage_gb", "GB", "metric data stored (the month's average)")
QUERIED = UsageKey("monthly_query_samples", "samples", "query samples processed per month")
USAGE = {WORKSPACE: (INGESTED, STORAGE_GB, QUERIED)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {WORKSPACE: (lambda row: [
        *INGESTION.usage_lines(row.urn, INGESTED, "samples ingested", factor=1e-7),
        STORAGE.usage_line(row.urn, STORAGE_GB),
        QUERY_SAMPLES.usage_line(row.urn, QUERIED, factor=1e-9)], "Prometheus workspace")})
