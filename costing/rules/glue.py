"""AWS Glue jobs, crawlers and Data Catalog databases (https://aws.amazon.com/glue/pricing/): all usage.

- Job: DPU-hours, the hours its runs take a month (`monthly_hours`, infracost's key) times its DPUs: a
  worker type's DPUs x `numberOfWorkers` (Standard and G.1X 1, G.025X 0.25, G.2X 2, ... as AWS sizes
  them), else `maxCapacity`, else the Glue API's default (10 DPUs; 0.0625 for a Python shell job).
  Spark and Python shell jobs at the ETL rate, `executionClass` FLEX at the Flex rate, Ray jobs
  (`glueray`) at the Ray rate (offered in a few regions only).
- Crawler: DPU-hours of its runs (`monthly_hours`: AWS picks a crawler's DPUs, so the hours given are
  DPU-hours).
- Catalog database: objects stored ($ per 100,000 a month: `monthly_objects`) and requests ($ per
  million: `monthly_requests`). The first million objects and requests a month are free, account-wide
  (stated on the lines, not applied).

The usage lines are per hour (the DPU-hour price, as AWS quotes it): their quantity is the DPUs busy on
average, DPU-hours / 730. Flex and Ray prices are not refreshed from the Bulk API (their rows are not
told apart from the standard ETL rows by a verified attribute): the pricing-page prices stand.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known, number, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey
from costing.schema import HOURS_PER_MONTH

JOB = "aws:glue/job:Job"
CRAWLER = "aws:glue/crawler:Crawler"
CATALOG_DATABASE = "aws:glue/catalogDatabase:CatalogDatabase"
TYPES = (JOB, CRAWLER, CATALOG_DATABASE)

_STANDARD_ROWS = re.compile(r"^(?!.*(?:Flex|Ray|Interactive|DevEndpoint))")
JOB_DPU_HOURS = Price("glue", "job", "DPU-hour", "ETL job DPU-hours", variant="standard",
                      sources=[Page("glue.json", "ETL Job run")],
                      refresh=[OfferFilter("AWSGlue", families="AWS Glue", attributes={"operation": "Jobrun"},
                                           usage_pattern=_STANDARD_ROWS)])
FLEX_DPU_HOURS = Price("glue", "job", "DPU-hour", "Flex job DPU-hours", variant="flex",
                       sources=[Page("glue.json", "ETL Job run Flex")])
RAY_DPU_HOURS = Price("glue", "job", "DPU-hour", "Ray job DPU-hours", variant="ray",
                      sources=[Page("glue.json", "ETL Ray Job run")])
CRAWLER_DPU_HOURS = Price("glue", "crawler", "DPU-hour", "crawler DPU-hours",
                          sources=[Page("glue.json", "Data catalog crawler run")],
                          refresh=[OfferFilter("AWSGlue", families="AWS Glue",
                                               attributes={"operation": re.compile("^crawlerrun$", re.I)},
                                               example={"operation": "crawlerrun"})])


def _catalog(item: str, unit: str, description: str, metric: str, factor: int, counted: str) -> Price:
    """A Data Catalog price, per `factor` objects or requests (the page's and the Price List's are per one)."""
    return Price("glue", item, unit, description, sources=[Page("glue.json", metric, factor=factor)],
                 refresh=[OfferFilter("AWSGlue", families="AWS Glue", factor=factor,
                                      attributes={"group": re.compile(f"^{metric}$", re.I)},
                                      example={"group": metric.title()})],
                 free_tier=f"the first million {counted} a month are free, account-wide (not applied)")


CATALOG_STORAGE = _catalog("catalog-storage", "100k objects", "Data Catalog objects stored", "Data catalog storage",
                           100_000, "objects stored")
CATALOG_REQUESTS = _catalog("catalog-requests", "1M requests", "Data Catalog requests", "Data catalog requests",
                            1_000_000, "requests")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"glue": "Glue"}
PRICES = (JOB_DPU_HOURS, FLEX_DPU_HOURS, RAY_DPU_HOURS, CRAWLER_DPU_HOURS, CATALOG_STORAGE, CATALOG_REQUESTS)

MONTHLY_HOURS = UsageKey("monthly_hours", "hours", "hours of runs per month (a crawler's: its DPU-hours)")
MONTHLY_OBJECTS = UsageKey("monthly_objects", "objects", "Data Catalog objects stored (tables, partitions...)")
MONTHLY_REQUESTS = UsageKey("monthly_requests", "requests", "requests per month")
USAGE = {JOB: (MONTHLY_HOURS,), CRAWLER: (MONTHLY_HOURS,), CATALOG_DATABASE: (MONTHLY_OBJECTS, MONTHLY_REQUESTS)}

# worker type -> DPUs per worker (https://docs.aws.amazon.com/glue/latest/dg/add-job.html)
WORKER_DPUS = {"Standard": 1.0, "G.025X": 0.25, "G.1X": 1.0, "G.2X": 2.0, "G.4X": 4.0, "G.8X": 8.0, "G.12X": 12.0,
               "G.16X": 16.0, "R.1X": 1.0, "R.2X": 2.0, "R.4X": 4.0, "R.8X": 8.0, "Z.2X": 2.0}
DEFAULT_DPUS = 10.0
PYTHON_SHELL_DPUS = 0.0625


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        JOB: (_job, "Glue job"),
        CRAWLER: (lambda row: [CRAWLER_DPU_HOURS.usage_line(row.urn, MONTHLY_HOURS, factor=1 / HOURS_PER_MONTH)],
                  "Glue crawler"),
        CATALOG_DATABASE: (_catalog_database, "Glue catalog database"),
    })


def _job(resource: Any) -> list[dict[str, Any]]:
    inputs = resource.inputs
    command = text(known(inputs, "command", "job command") or {}, "name", "job command name", "glueetl")
    price = RAY_DPU_HOURS if command == "glueray" else (
        FLEX_DPU_HOURS if text(inputs, "executionClass", "execution class", "STANDARD") == "FLEX" else JOB_DPU_HOURS)
    dpus = job_dpus(inputs, command)
    # DPUs busy on average: monthly_hours x DPUs / 730
    return [price.usage_line(resource.urn, MONTHLY_HOURS, f"{price.description} ({dpus:g} DPUs, {command})",
                             factor=dpus / HOURS_PER_MONTH)]


def job_dpus(inputs: dict[str, Any], command: str) -> float:
    """The DPUs a run takes: workers x a worker's DPUs, else maxCapacity, else the API's default."""
    worker_type = text(inputs, "workerType", "worker type")
    workers = number(inputs, "numberOfWorkers", "number of workers")
    if worker_type or workers is not None:
        if worker_type not in WORKER_DPUS:
            raise Unpriceable(f"worker type {worker_type or '(not set)'} is not priced "
                              f"(priced: {', '.join(WORKER_DPUS)})")
        if workers is None:
            raise Unpriceable("number of workers not set")
        return workers * WORKER_DPUS[worker_type]
    return number(inputs, "maxCapacity", "maximum capacity",
                  PYTHON_SHELL_DPUS if command == "pythonshell" else DEFAULT_DPUS)


def _catalog_database(resource: Any) -> list[dict[str, Any]]:
    urn = resource.urn
    return [CATALOG_STORAGE.usage_line(urn, MONTHLY_OBJECTS, factor=1e-5),
            CATALOG_REQUESTS.usage_line(urn, MONTHLY_REQUESTS, factor=1e-6)]
