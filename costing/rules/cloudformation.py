"""CloudFormation stacks and stack sets (https://aws.amazon.com/cloudformation/pricing/).

CloudFormation itself costs nothing for resources of the AWS::*, Alexa::* and Custom::* namespaces (the
resources a stack creates are billed by their own services, not estimated here). Third-party resource
types (registry extensions) are billed per handler operation and per second beyond 30 seconds an
operation runs (usage: `monthly_handler_operations`, `monthly_duration_secs`, infracost's keys). A stack
whose template (`templateBody`, JSON or YAML) declares only AWS, Alexa and custom resources has no line;
any other template, or one not given inline (`templateUrl`), gets the usage lines.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd
import yaml

from costing.rules.common import each_type, known
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

STACK = "aws:cloudformation/stack:Stack"
STACK_SET = "aws:cloudformation/stackSet:StackSet"
TYPES = (STACK, STACK_SET)
FILE = "cloudformation.json"
FREE_NAMESPACES = ("AWS::", "Alexa::", "Custom::")

HANDLER_OPERATIONS = Price(
    "cloudformation", "handler-operations", "operation", "third-party handler operations",
    sources=[Page(FILE, "CloudFormation-ResourceProvider-Invocation per Operations")],
    refresh=[OfferFilter("AWSCloudFormation", usage_pattern=re.compile(r"Resource-Invocation-Count$"),
                         example={"usageType": "USE1-Resource-Invocation-Count"})])
HANDLER_DURATION = Price(
    "cloudformation", "handler-duration", "second", "third-party handler time beyond 30 seconds an operation",
    sources=[Page(FILE, "CloudFormation-ResourceProvider-Duration per Second"),
             Page(FILE, "CloudFormation-ResourceProvider-Duration per seconds")],
    refresh=[OfferFilter("AWSCloudFormation", usage_pattern=re.compile(r"Resource-Processing-Time$"),
                         example={"usageType": "USE1-Resource-Processing-Time"})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"cloudformation": "CloudFormation"}
PRICES = (HANDLER_OPERATIONS, HANDLER_DURATION)

OPERATIONS = UsageKey("monthly_handler_operations", "operations", "third-party handler operations per month")
DURATION = UsageKey("monthly_duration_secs", "seconds", "handler seconds beyond 30 per operation, per month")
USAGE = {STACK: (OPERATIONS, DURATION), STACK_SET: (OPERATIONS, DURATION)}


class _TemplateLoader(yaml.SafeLoader):
    """YAML templates with CloudFormation's short-form functions (`!Ref`, `!Sub`, ...), read as plain values."""


_TemplateLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {STACK: (_stack, "CloudFormation stack"), STACK_SET: (_stack, "CloudFormation stack set")})


def _stack(resource: Any) -> list[dict[str, Any]]:
    if _only_free_namespaces(known(resource.inputs, "templateBody", "template body")):
        return []
    return [HANDLER_OPERATIONS.usage_line(resource.urn, OPERATIONS), HANDLER_DURATION.usage_line(resource.urn, DURATION)]


def _only_free_namespaces(body: Any) -> bool:
    """Whether a template declares resources of the free namespaces only (False when it cannot be read)."""
    if not isinstance(body, str):
        return False
    try:
        template = json.loads(body)
    except ValueError:
        try:
            template = yaml.load(body, Loader=_TemplateLoader)  # noqa: S506 (a SafeLoader)
        except yaml.YAMLError:
            return False
    resources = template.get("Resources") if isinstance(template, dict) else None
    if not isinstance(resources, dict) or not resources:
        return False
    types = [entry.get("Type") if isinstance(entry, dict) else None for entry in resources.values()]
    return all(isinstance(kind, str) and kind.startswith(FREE_NAMESPACES) for kind in types)
