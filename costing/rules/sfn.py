"""Step Functions state machines (https://aws.amazon.com/step-functions/pricing/): usage only.

- Standard workflows (`type` STANDARD, the API's default): state transitions per month
  (`monthly_transitions`), per thousand. The first 4,000 a month are free, account-wide (stated,
  not applied).
- Express workflows (`type` EXPRESS): requests per month (`monthly_requests`) and duration in
  GB-seconds, monthly_requests x `workflow_duration_ms` / 1000 x `memory_mb` / 1024, in AWS's three
  volume tiers (first 1,000 GB-hours, next 4,000 GB-hours, beyond). AWS bills each execution's
  duration rounded up to 100 ms and its memory in 64 MB steps: give the averages as billed.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, text
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey

STATE_MACHINE = "aws:sfn/stateMachine:StateMachine"
TYPES = (STATE_MACHINE,)

TRANSITIONS = Price(
    "stepfunctions", "transitions", "1K transitions", "state transitions",
    free_tier="the first 4,000 state transitions a month are free, account-wide (not applied)",
    sources=[Page("states.json", "AWS Step Functions", factor=1_000)],
    refresh=[OfferFilter("AmazonStates", families="AWS Step Functions", usage_pattern=re.compile("StateTransition"),
                         attributes={"endingRange": "Inf"}, factor=1_000,
                         example={"usageType": "USE1-StateTransition"})])
EXPRESS_REQUESTS = Price(
    "stepfunctions", "express-requests", "1M requests", "Express workflow requests",
    sources=[Page("states.json", "Number of Workflow Requests", factor=1_000_000)],
    refresh=[OfferFilter("AmazonStates", usage_pattern=re.compile("StepFunctions-Request"), factor=1_000_000,
                         example={"usageType": "USE1-StepFunctions-Request"})])


def _duration_tier(upto: float, label: str, variant: str, metric: str, ending_range: str) -> Tier:
    return Tier(upto, label, Price(
        "stepfunctions", "express-duration", "GB-second", f"Express workflow duration, {label}", variant=variant,
        sources=[Page("states.json", metric)],
        refresh=[OfferFilter("AmazonStates", usage_pattern=re.compile("StepFunctions-GB-Second"),
                             attributes={"endingRange": ending_range},
                             example={"usageType": "USE1-StepFunctions-GB-Second"})]))


DURATION = Tiered([  # in GB-seconds: 1,000 GB-hours = 3,600,000 GB-seconds
    _duration_tier(3_600_000, "first 1,000 GB-hours", "tier1", "Duration of Workflows from 0 to 3600000", "3600000"),
    _duration_tier(18_000_000, "next 4,000 GB-hours", "tier2", "Duration of Workflows from 3600000 to 18000000",
                   "18000000"),
    _duration_tier(INF, "over 5,000 GB-hours", "tier3", "Duration of Workflows over 18000000", "Inf"),
])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"stepfunctions": "Step Functions"}
PRICES = (TRANSITIONS, EXPRESS_REQUESTS, DURATION)

MONTHLY_TRANSITIONS = UsageKey("monthly_transitions", "transitions", "state transitions per month (Standard)")
MONTHLY_REQUESTS = UsageKey("monthly_requests", "requests", "workflow executions per month (Express)")
WORKFLOW_DURATION_MS = UsageKey("workflow_duration_ms", "ms", "an Express execution's average billed duration")
MEMORY_MB = UsageKey("memory_mb", "MB", "an Express execution's average billed memory")
USAGE = {STATE_MACHINE: (MONTHLY_TRANSITIONS, MONTHLY_REQUESTS, WORKFLOW_DURATION_MS, MEMORY_MB)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {STATE_MACHINE: (_state_machine, "Step Functions state machine")})


def _state_machine(resource: Any) -> list[dict[str, Any]]:
    kind = text(resource.inputs, "type", "workflow type", "STANDARD").upper()
    urn = resource.urn
    if kind == "STANDARD":
        return [TRANSITIONS.usage_line(urn, MONTHLY_TRANSITIONS, factor=1 / 1_000)]
    if kind == "EXPRESS":
        # GB-seconds: requests x ms / 1000 x MB / 1024
        return [EXPRESS_REQUESTS.usage_line(urn, MONTHLY_REQUESTS, factor=1 / 1_000_000),
                *DURATION.usage_lines(urn, (MONTHLY_REQUESTS, WORKFLOW_DURATION_MS, MEMORY_MB),
                                      "Express workflow duration", factor=1 / 1000 / 1024)]
    raise Unpriceable(f"workflow type {kind}: priced are STANDARD and EXPRESS")
