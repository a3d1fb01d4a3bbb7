"""EventBridge: event buses, archives, API destinations, pipes and Scheduler schedules
(https://aws.amazon.com/eventbridge/pricing/). Rules and targets cost nothing (AWS service events on
the default bus are free); what their events cost is below.

- Event bus: custom events published (`monthly_custom_events`, each 64 KB of an event billed as an
  event: `event_size_kb`) and events ingested by schema discovery (`monthly_schema_discovery_events`),
  per million. Events another account puts on the bus are billed to that account as its custom events.
  Partner (SaaS) events are not priced.
- Archive: events archived per GB (`monthly_archive_processing_gb`) and archive storage per GB-month
  (`archive_storage_gb`), priced on the `aws:cloudwatch/eventArchive` that holds them.
- API destination: invocations per million (`monthly_invocations`).
- Pipe: requests per million, each 64 KB of a request billed as a request (`monthly_requests`,
  `request_size_kb`); a pipe whose `desiredState` is STOPPED costs nothing.
- Scheduler schedule: invocations per million. A `rate(...)` schedule's invocations follow from its
  rate (730 hours a month); a `cron(...)` one reads `monthly_invocations`; an `at(...)` schedule runs
  once; a DISABLED schedule costs nothing. The first 14 million invocations a month are free,
  account-wide (stated, not applied).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey
from costing.schema import HOURS_PER_MONTH

EVENT_BUS = "aws:cloudwatch/eventBus:EventBus"
ARCHIVE = "aws:cloudwatch/eventArchive:EventArchive"
API_DESTINATION = "aws:cloudwatch/eventApiDestination:EventApiDestination"
PIPE = "aws:pipes/pipe:Pipe"
SCHEDULE = "aws:scheduler/schedule:Schedule"
TYPES = (EVENT_BUS, ARCHIVE, API_DESTINATION, PIPE, SCHEDULE)
PER_MILLION = 1_000_000


def _price(item: str, unit: str, description: str, metric: str, factor: float = PER_MILLION,
           refresh: OfferFilter | None = None, free_tier: str = "") -> Price:
    return Price("eventbridge", item, unit, description, free_tier=free_tier,
                 sources=[Page("events.json", metric, factor=factor)], refresh=[refresh] if refresh else [])


CUSTOM_EVENTS = _price("custom-events", "1M events", "custom events published", "CloudWatch Events Custom Event",
                       refresh=OfferFilter("AWSEvents", families="EventBridge", usage="Event-64K-Chunks",
                                           attributes={"eventType": "Custom Event"}, factor=PER_MILLION))
DISCOVERY_EVENTS = _price("schema-discovery", "1M events", "schema discovery events", "CloudWatch Events Discovery Event",
                          refresh=OfferFilter("AWSEvents", families="EventBridge", usage="Event-8K-Chunks",
                                              attributes={"eventType": "Discovery Event"}, factor=PER_MILLION),
                          free_tier="5 million events a month ingested for schema discovery are free, account-wide "
                                    "(not applied)")
ARCHIVE_PROCESSING = _price("archive-processing", "GB", "events archived", "CloudWatch Events Archive Event", factor=1,
                            refresh=OfferFilter("AWSEvents", families="CloudWatch Events",
                                                usage="ArchivedEvents-Bytes"))
ARCHIVE_STORAGE = _price("archive-storage", "GB-month", "archive storage", "CloudWatch Events Event Storage", factor=1,
                         refresh=OfferFilter("AWSEvents", families="CloudWatch Events", usage="TimedStorage-ByteHrs"))
API_INVOCATIONS = _price("api-destination-invocations", "1M invocations", "API destination invocations",
                         "CloudWatch Events APIDestination")
PIPE_REQUESTS = _price("pipe-requests", "1M requests", "pipe requests", "Pipe Request per 64K-Chunks")
SCHEDULED_INVOCATIONS = _price(
    "scheduled-invocations", "1M invocations", "scheduled invocations",
    "Scheduled Invocation for 14000000 to Inf Invocations",
    free_tier="the first 14 million invocations a month are free, account-wide (not applied)")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"eventbridge": "EventBridge"}
PRICES = (CUSTOM_EVENTS, DISCOVERY_EVENTS, ARCHIVE_PROCESSING, ARCHIVE_STORAGE, API_INVOCATIONS, PIPE_REQUESTS,
          SCHEDULED_INVOCATIONS)

MONTHLY_CUSTOM_EVENTS = UsageKey("monthly_custom_events", "events", "custom events published to the bus per month")
EVENT_SIZE_KB = UsageKey("event_size_kb", "KB", "a custom event's average size; each 64 KB is billed as an event",
                         chunk=64)
MONTHLY_SCHEMA_DISCOVERY_EVENTS = UsageKey("monthly_schema_discovery_events", "events",
                                           "events ingested by schema discovery per month")
MONTHLY_ARCHIVE_PROCESSING_GB = UsageKey("monthly_archive_processing_gb", "GB", "events archived per month")
ARCHIVE_STORAGE_GB = UsageKey("archive_storage_gb", "GB", "archived events stored (the month's average)")
MONTHLY_INVOCATIONS = UsageKey("monthly_invocations", "invocations", "invocations per month")
MONTHLY_REQUESTS = UsageKey("monthly_requests", "requests", "events the pipe processes per month")
REQUEST_SIZE_KB = UsageKey("request_size_kb", "KB", "a pipe request's average payload; each 64 KB is billed as a "
                           "request", chunk=64)
USAGE = {EVENT_BUS: (MONTHLY_CUSTOM_EVENTS, EVENT_SIZE_KB, MONTHLY_SCHEMA_DISCOVERY_EVENTS),
         ARCHIVE: (MONTHLY_ARCHIVE_PROCESSING_GB, ARCHIVE_STORAGE_GB),
         API_DESTINATION: (MONTHLY_INVOCATIONS,),
         PIPE: (MONTHLY_REQUESTS, REQUEST_SIZE_KB),
         SCHEDULE: (MONTHLY_INVOCATIONS,)}

RATE = re.compile(r"rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)")
MINUTES_PER = {"minute": 1, "hour": 60, "day": 1440}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        EVENT_BUS: (_event_bus, "EventBridge event bus"),
        ARCHIVE: (_archive, "EventBridge archive"),
        API_DESTINATION: (lambda row: [API_INVOCATIONS.usage_line(row.urn, MONTHLY_INVOCATIONS,
                                                                  factor=1 / PER_MILLION)],
                          "EventBridge API destination"),
        PIPE: (_pipe, "EventBridge pipe"),
        SCHEDULE: (_schedule, "EventBridge Scheduler schedule"),
    })


def _event_bus(resource: Any) -> list[dict[str, Any]]:
    urn = resource.urn
    return [CUSTOM_EVENTS.usage_line(urn, (MONTHLY_CUSTOM_EVENTS, EVENT_SIZE_KB), factor=1 / PER_MILLION),
            DISCOVERY_EVENTS.usage_line(urn, MONTHLY_SCHEMA_DISCOVERY_EVENTS, factor=1 / PER_MILLION)]


def _archive(resource: Any) -> list[dict[str, Any]]:
    return [ARCHIVE_PROCESSING.usage_line(resource.urn, MONTHLY_ARCHIVE_PROCESSING_GB),
            ARCHIVE_STORAGE.usage_line(resource.urn, ARCHIVE_STORAGE_GB)]


def _pipe(resource: Any) -> list[dict[str, Any]]:
    if text(resource.inputs, "desiredState", "pipe state", "RUNNING").upper() == "STOPPED":
        return []
    return [PIPE_REQUESTS.usage_line(resource.urn, (MONTHLY_REQUESTS, REQUEST_SIZE_KB), factor=1 / PER_MILLION)]


def _schedule(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    if text(inputs, "state", "schedule state", "ENABLED").upper() == "DISABLED":
        return []
    expression = text(inputs, "scheduleExpression", "schedule expression").strip()
    rate = RATE.fullmatch(expression)
    if rate:
        every = int(rate[1]) * MINUTES_PER[rate[2].rstrip("s")]
        if every == 0:
            raise Unpriceable(f"schedule expression {expression!r}: a rate must be positive")
        invocations = HOURS_PER_MONTH * 60 / every
        return [SCHEDULED_INVOCATIONS.line(urn, invocations / PER_MILLION,
                                           f"scheduled invocations ({invocations:,.0f} a month, {expression})")]
    if expression.startswith("at("):
        return [SCHEDULED_INVOCATIONS.line(urn, 1 / PER_MILLION, f"scheduled invocation (once, {expression})")]
    if expression.startswith("cron("):
        return [SCHEDULED_INVOCATIONS.usage_line(urn, MONTHLY_INVOCATIONS, factor=1 / PER_MILLION)]
    raise Unpriceable(f"schedule expression {expression or 'not set'}: expected rate(...), cron(...) or at(...)")
