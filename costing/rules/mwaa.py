"""Amazon MWAA environments (https://aws.amazon.com/managed-workflows-for-apache-airflow/pricing/):
the environment per hour by class (its base scheduler, web server and worker included), and, by the
hour at the class's rate, the workers, schedulers and web servers beyond those the environment
includes, as the usage file gives them (the month's average: `additional_workers` and
`additional_schedulers`, infracost's keys, and `additional_webservers`); the meta database's storage
per GB-month (`meta_database_gb`). Workers scale between `minWorkers` and `maxWorkers` with the load,
so their number is usage, as in infracost.

AWS defaults applied (the provider's): class mw1.small. The snapshot has no price for mw1.micro
(the pricing-page data lists small to 2xlarge): such an environment says so.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import each_type, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

ENVIRONMENT = "aws:mwaa/environment:Environment"
TYPES = (ENVIRONMENT,)

# The page's and the Price List's size names -> the class's ("mw1.2xlarge" -> "2xlarge").
SIZES = {"Small": "small", "Medium": "medium", "Large": "large", "XLarge": "xlarge", "2XLarge": "2xlarge"}
_ANY_CASE = SIZES | {name.lower(): size for name, size in SIZES.items()}


def _hours(item: str, component: str, description: str) -> Price:
    """A component's price per hour by class size: the page's "<Component> <Size> per Hrs"."""
    return Price("mwaa", item, "hour", description, variant="{size}",
                 sources=[Page("mwaa.json", re.compile(rf"{component} (?P<size>\w+) per Hrs"), values={"size": SIZES})],
                 refresh=[OfferFilter("AmazonMWAA", attributes={"type": component}, fill={"size": "size"},
                                      values={"size": _ANY_CASE})])


ENVIRONMENT_HOURS = _hours("environment", "Environment", "environment ({size})")
WORKER_HOURS = _hours("worker", "Worker", "additional workers ({size})")
SCHEDULER_HOURS = _hours("scheduler", "Scheduler", "additional schedulers ({size})")
WEBSERVER_HOURS = _hours("webserver", "WebServer", "additional web servers ({size})")
META_DATABASE = Price("mwaa", "meta-database", "GB-month", "meta database storage",
                      sources=[Page("mwaa.json", "Standard per Gigabyte Month")],
                      refresh=[OfferFilter("AmazonMWAA", usage="Airflow-StandardDatabaseStorage")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"mwaa": "MWAA"}
PRICES = (ENVIRONMENT_HOURS, WORKER_HOURS, SCHEDULER_HOURS, WEBSERVER_HOURS, META_DATABASE)

ADDITIONAL_WORKERS = UsageKey("additional_workers", "workers", "workers beyond the one the environment includes "
                              "(the month's average)")
ADDITIONAL_SCHEDULERS = UsageKey("additional_schedulers", "schedulers", "schedulers beyond those the environment "
                                 "includes (the month's average)")
ADDITIONAL_WEBSERVERS = UsageKey("additional_webservers", "web servers", "web servers beyond those the environment "
                                 "includes (the month's average)")
META_DATABASE_GB = UsageKey("meta_database_gb", "GB", "meta database storage (the month's average)")
USAGE = {ENVIRONMENT: (ADDITIONAL_WORKERS, ADDITIONAL_SCHEDULERS, ADDITIONAL_WEBSERVERS, META_DATABASE_GB)}

DEFAULT_CLASS = "mw1.small"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {ENVIRONMENT: (_environment, "MWAA environment")})


def _environment(resource: Any) -> list[dict[str, Any]]:
    urn = resource.urn
    size = text(resource.inputs, "environmentClass", "environment class", DEFAULT_CLASS).removeprefix("mw1.")
    return [ENVIRONMENT_HOURS.line(urn, 1.0, size=size),
            WORKER_HOURS.usage_line(urn, ADDITIONAL_WORKERS, size=size),
            SCHEDULER_HOURS.usage_line(urn, ADDITIONAL_SCHEDULERS, size=size),
            WEBSERVER_HOURS.usage_line(urn, ADDITIONAL_WEBSERVERS, size=size),
            META_DATABASE.usage_line(urn, META_DATABASE_GB)]
