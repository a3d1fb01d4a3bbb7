"""AWS Config recorders and rules (https://aws.amazon.com/config/pricing/), all usage.

- Configuration recorder: configuration items recorded per month (`monthly_config_items`, infracost's
  key), at the continuous or the daily (periodic) recording rate by its recording frequency
  (CONTINUOUS when unset, AWS's default), and custom configuration items (`monthly_custom_config_items`).
- Config rule, organization custom / managed / custom policy rule: rule evaluations per month
  (`monthly_rule_evaluations`), in AWS's volume tiers (first 100,000, next 400,000, over 500,000), per
  account and region (here per rule, so it never errs low).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known, text
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey

RECORDER = "aws:cfg/recorder:Recorder"
RULE = "aws:cfg/rule:Rule"
ORGANIZATION_CUSTOM_RULE = "aws:cfg/organizationCustomRule:OrganizationCustomRule"
ORGANIZATION_MANAGED_RULE = "aws:cfg/organizationManagedRule:OrganizationManagedRule"
ORGANIZATION_POLICY_RULE = "aws:cfg/organizationCustomPolicyRule:OrganizationCustomPolicyRule"
RULE_TYPES = (RULE, ORGANIZATION_CUSTOM_RULE, ORGANIZATION_MANAGED_RULE, ORGANIZATION_POLICY_RULE)
TYPES = (RECORDER, *RULE_TYPES)
FILE = "config.json"

CONFIGURATION_ITEMS = {
    "continuous": Price("config", "configuration-items", "item", "configuration items recorded (continuous)",
                        variant="continuous", sources=[Page(FILE, "Config")],
                        refresh=[OfferFilter("AWSConfig", usage="ConfigurationItemRecorded")]),
    "daily": Price("config", "configuration-items", "item", "configuration items recorded (daily)", variant="daily",
                   sources=[Page(FILE, "Config configurationItemRecordedDaily")]),
}
CUSTOM_ITEMS = Price("config", "custom-configuration-items", "item", "custom configuration items recorded",
                     sources=[Page(FILE, "Config Custom")],
                     refresh=[OfferFilter("AWSConfig", usage="CustomConfigItemRecorded")])


def _evaluation_tier(number: int, upto: float, label: str, page: str, ending: str) -> Tier:
    return Tier(upto, label, Price(
        "config", "rule-evaluations", "evaluation", f"rule evaluations, {label}", variant=f"tier{number}",
        sources=[Page(FILE, f"Config Rules {page}")],
        refresh=[OfferFilter("AWSConfig", usage="ConfigRuleEvaluations", attributes={"endingRange": ending})]))


RULE_EVALUATIONS = Tiered([_evaluation_tier(1, 100_000, "first 100,000", "first 100000", "100000"),
                           _evaluation_tier(2, 500_000, "next 400,000", "next 400000", "500000"),
                           _evaluation_tier(3, INF, "over 500,000", "500001 and more", "Inf")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"config": "Config"}
PRICES = (*CONFIGURATION_ITEMS.values(), CUSTOM_ITEMS, RULE_EVALUATIONS)

CONFIG_ITEMS = UsageKey("monthly_config_items", "items", "configuration items recorded per month")
CUSTOM_CONFIG_ITEMS = UsageKey("monthly_custom_config_items", "items", "custom configuration items per month")
RULE_EVALUATION_COUNT = UsageKey("monthly_rule_evaluations", "evaluations", "rule evaluations per month")
USAGE = {RECORDER: (CONFIG_ITEMS, CUSTOM_CONFIG_ITEMS),
         **{rule: (RULE_EVALUATION_COUNT,) for rule in RULE_TYPES}}
FREQUENCIES = {"CONTINUOUS": "continuous", "DAILY": "daily"}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    def rule(row: Any) -> list[dict[str, Any]]:
        return RULE_EVALUATIONS.usage_lines(row.urn, RULE_EVALUATION_COUNT, "rule evaluations")

    return each_type(resources, {RECORDER: (_recorder, "Config recorder"),
                                 **{rule_type: (rule, "Config rule") for rule_type in RULE_TYPES}})


def _recorder(resource: Any) -> list[dict[str, Any]]:
    mode = known(resource.inputs, "recordingMode", "recording mode") or {}
    frequency = text(mode, "recordingFrequency", "recording frequency", "CONTINUOUS")
    if frequency not in FREQUENCIES:
        raise Unpriceable(f"recording frequency {frequency!r} is not CONTINUOUS or DAILY")
    return [CONFIGURATION_ITEMS[FREQUENCIES[frequency]].usage_line(resource.urn, CONFIG_ITEMS),
            CUSTOM_ITEMS.usage_line(resource.urn, CUSTOM_CONFIG_ITEMS)]
