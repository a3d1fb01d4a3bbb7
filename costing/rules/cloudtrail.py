"""CloudTrail trails (https://aws.amazon.com/cloudtrail/pricing/), all usage, per 100,000 events:
- management events: the first copy of a region's management events is free; a trail delivering further
  copies pays per event (`monthly_additional_management_events`, infracost's key: give this trail's
  events when it is not the account's first management trail, 0 when it is);
- data events, when the trail logs any (event selectors with data resources, or advanced event selectors
  of the Data category): `monthly_data_events`;
- Insights events, when the trail has insight selectors: `monthly_insight_events`.
A trail logs management events unless every event selector turns them off (`includeManagementEvents:
false`) or its advanced event selectors select none.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import each_type, known, known_value
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

TRAIL = "aws:cloudtrail/trail:Trail"
TYPES = (TRAIL,)
FILE = "cloudtrail.json"


def _events(item: str, description: str, metric: str, family: str, free_tier: str = "") -> Price:
    return Price("cloudtrail", item, "100K events", description, sources=[Page(FILE, metric, factor=100_000)],
                 refresh=[OfferFilter("AWSCloudTrail", families=family, factor=100_000)], free_tier=free_tier)


MANAGEMENT_EVENTS = _events("management-events", "management events (additional copies)",
                            "Management Paid Events Recorded",
                            "Management Tools - AWS CloudTrail Paid Events Recorded",
                            "the first copy of management events in each region is free, account-wide (not applied)")
DATA_EVENTS = _events("data-events", "data events", "Data Events Recorded",
                      "Management Tools - AWS CloudTrail Data Events Recorded")
INSIGHT_EVENTS = _events("insight-events", "Insights events", "Insights Events",
                         "Management Tools - AWS CloudTrail Insights Events")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"cloudtrail": "CloudTrail"}
PRICES = (MANAGEMENT_EVENTS, DATA_EVENTS, INSIGHT_EVENTS)

ADDITIONAL_MANAGEMENT = UsageKey("monthly_additional_management_events", "events",
                                 "management events delivered beyond the free first copy, per month")
DATA_EVENT_COUNT = UsageKey("monthly_data_events", "events", "data events delivered per month")
INSIGHT_EVENT_COUNT = UsageKey("monthly_insight_events", "events", "Insights events analyzed per month")
USAGE = {TRAIL: (ADDITIONAL_MANAGEMENT, DATA_EVENT_COUNT, INSIGHT_EVENT_COUNT)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {TRAIL: (_trail, "CloudTrail trail")})


def _trail(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    selectors = [known_value(item, "event selector") for item in known(inputs, "eventSelectors", "event selectors") or []]
    advanced = [known_value(item, "advanced event selector")
                for item in known(inputs, "advancedEventSelectors", "advanced event selectors") or []]
    categories = {_category(selector) for selector in advanced}
    rows = []
    if _logs_management_events(selectors, advanced, categories):
        rows.append(MANAGEMENT_EVENTS.usage_line(urn, ADDITIONAL_MANAGEMENT, factor=1e-5))
    if any(known(selector, "dataResources", "data resources") for selector in selectors) or "Data" in categories:
        rows.append(DATA_EVENTS.usage_line(urn, DATA_EVENT_COUNT, factor=1e-5))
    if known(inputs, "insightSelectors", "insight selectors"):
        rows.append(INSIGHT_EVENTS.usage_line(urn, INSIGHT_EVENT_COUNT, factor=1e-5))
    return rows


def _logs_management_events(selectors: list[dict], advanced: list[dict], categories: set[str]) -> bool:
    if advanced:
        return "Management" in categories
    if not selectors:
        return True  # a trail without selectors logs all management events
    return any(str(known(selector, "includeManagementEvents", "include management events")).lower() != "false"
               for selector in selectors)


def _category(selector: dict[str, Any]) -> str:
    """The eventCategory an advanced event selector equals (Management, Data, ...), "" when none."""
    for field in known(selector, "fieldSelectors", "field selectors") or []:
        field = known_value(field, "field selector")
        if field.get("field") == "eventCategory":
            values = known(field, "equals", "event category") or []
            return str(values[0]) if values else ""
    return ""
