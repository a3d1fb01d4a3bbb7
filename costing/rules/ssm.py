"""Systems Manager parameters and hybrid activations (https://aws.amazon.com/systems-manager/pricing/).

- Parameter: a Standard parameter (the default tier) is free; an Advanced one is billed per parameter
  per month (pro-rated by the hour) and per 10,000 API interactions (usage, `monthly_api_interactions`,
  infracost's key). An Intelligent-Tiering parameter is Advanced when its value is over 4 KB (the
  Standard tier's limit), else Standard. With higher throughput enabled for the account and region (an
  `aws:ssm/serviceSetting` of the stack setting `/ssm/parameter-store/high-throughput-enabled` to true),
  API interactions of Standard parameters are billed too.
- Activation: on-premises servers registered with it are billed per instance-hour in the advanced-instances
  tier (usage, `instances`, infracost's key): the tier an activation of more than 1,000 instances needs
  (the standard tier allows 1,000 per account and region), or that a service setting of the stack turns
  on (`/ssm/managed-instance/activation-tier` = advanced). In the standard tier they are free.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known_value, number, records, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

PARAMETER = "aws:ssm/parameter:Parameter"
ACTIVATION = "aws:ssm/activation:Activation"
SERVICE_SETTING = "aws:ssm/serviceSetting:ServiceSetting"
TYPES = (PARAMETER, ACTIVATION)
FILE = "systemsmanager.json"
STANDARD_LIMIT_BYTES = 4096  # Standard parameters hold up to 4 KB
STANDARD_INSTANCE_LIMIT = 1000  # standard-instances tier: 1,000 on-premises servers per account and region
HIGH_THROUGHPUT = "/ssm/parameter-store/high-throughput-enabled"
ACTIVATION_TIER = "/ssm/managed-instance/activation-tier"

ADVANCED_PARAMETER = Price("ssm", "advanced-parameter", "hour", "advanced parameter",
                           sources=[Page(FILE, "Advanced Parameter")],
                           refresh=[OfferFilter("AWSSystemsManager", usage="PS-Advanced-Param-Tier1")])
API_INTERACTIONS = {
    "advanced": Price("ssm", "parameter-api-interactions", "10K interactions", "API interactions (advanced)",
                      variant="advanced",
                      sources=[Page(FILE, "Advanced Parameter Standard Throughput per API Request", factor=10_000),
                               Page(FILE, "Advanced Parameter Standard Throughput per Units", factor=10_000)],
                      refresh=[OfferFilter("AWSSystemsManager", usage="PS-Param-Processed-Tier2", factor=10_000)]),
    "higher-throughput": Price("ssm", "parameter-api-interactions", "10K interactions",
                               "API interactions (higher throughput)", variant="higher-throughput",
                               sources=[Page(FILE, "Parameter Higher Throughputper API Request", factor=10_000)]),
}
ADVANCED_INSTANCE = Price("ssm", "advanced-on-premises-instance", "hour", "on-premises instances (advanced tier)",
                          sources=[Page(FILE, "Instance advanced per Hrs")],
                          refresh=[OfferFilter("AWSSystemsManager", usage="MI-AdvInstances-Hrs")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"ssm": "Systems Manager"}
PRICES = (ADVANCED_PARAMETER, *API_INTERACTIONS.values(), ADVANCED_INSTANCE)

MONTHLY_API_INTERACTIONS = UsageKey("monthly_api_interactions", "interactions", "parameter API calls per month")
INSTANCES = UsageKey("instances", "instances", "on-premises servers registered with the activation")
USAGE = {PARAMETER: (MONTHLY_API_INTERACTIONS,), ACTIVATION: (INSTANCES,)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    settings = _service_settings(inventory)
    return each_type(resources, {
        PARAMETER: (lambda row: _parameter(row, settings), "SSM parameter"),
        ACTIVATION: (lambda row: _activation(row, settings), "SSM activation"),
    })


def _service_settings(inventory: pd.DataFrame) -> dict[str, str]:
    """Setting id suffix -> value, of the stack's known service settings (a setting id is a path or an ARN
    ending with it)."""
    found = {}
    for row in records(inventory[inventory["type"] == SERVICE_SETTING]):
        setting, value = row.inputs.get("settingId"), row.inputs.get("settingValue")
        for name in (HIGH_THROUGHPUT, ACTIVATION_TIER):
            if isinstance(setting, str) and setting.endswith(name) and isinstance(value, str):
                found[name] = value.lower()
    return found


def _parameter(resource: Any, settings: dict[str, str]) -> list[dict[str, Any]]:
    tier = text(resource.inputs, "tier", "parameter tier", "Standard")
    if tier == "Intelligent-Tiering":
        tier = "Advanced" if _value_bytes(resource.inputs) > STANDARD_LIMIT_BYTES else "Standard"
    if tier == "Advanced":
        return [ADVANCED_PARAMETER.line(resource.urn, 1.0),
                API_INTERACTIONS["advanced"].usage_line(resource.urn, MONTHLY_API_INTERACTIONS, factor=1e-4)]
    if tier != "Standard":
        raise Unpriceable(f"parameter tier {tier!r} is not Standard, Advanced or Intelligent-Tiering")
    if settings.get(HIGH_THROUGHPUT) == "true":
        return [API_INTERACTIONS["higher-throughput"].usage_line(resource.urn, MONTHLY_API_INTERACTIONS, factor=1e-4)]
    return []


def _value_bytes(inputs: dict[str, Any]) -> int:
    value = inputs.get("insecureValue", inputs.get("value"))
    value = known_value(value, "Intelligent-Tiering parameter value (its size picks the tier)")
    if value is None:
        raise Unpriceable("Intelligent-Tiering parameter without a value: its tier depends on its size")
    return len(str(value).encode("utf-8"))


def _activation(resource: Any, settings: dict[str, str]) -> list[dict[str, Any]]:
    limit = number(resource.inputs, "registrationLimit", "registration limit", 1.0)
    if limit > STANDARD_INSTANCE_LIMIT or settings.get(ACTIVATION_TIER) == "advanced":
        return [ADVANCED_INSTANCE.usage_line(resource.urn, INSTANCES)]
    return []
