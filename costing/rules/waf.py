"""AWS WAF web ACLs, classic (global and regional) and WAFv2 (https://aws.amazon.com/waf/pricing/).

Every web ACL: per ACL per month, per rule per month, and the web requests it inspects per million
(usage, `monthly_requests`); monthly fees are pro-rated by the hour.
- WAFv2: each entry of `rules` (or of `ruleJson`) is one rule; a rule group, managed or your own, counts
  as one rule whatever it holds ("each rule group counts as a single rule for billing purposes",
  AWS's WAF cost guide, aws-security-services-best-practices). A rule added apart, by
  `aws:wafv2/webAclRule` or `aws:wafv2/webAclRuleGroupAssociation`, is one rule-month on itself. The
  request price covers up to 1,500 WCU and the default body inspection size; beyond them requests cost
  more (not estimated: the ACL's capacity is known after apply). Paid AWS Managed Rules add their own
  lines: Bot Control ($10 a month per ACL and its requests per million, at the common or targeted
  inspection level, COMMON when unset; the first 10 million common / 1 million targeted requests a month
  are free account-wide, not applied) and Fraud Control account takeover prevention (ATP) or account
  creation fraud prevention (ACFP): a subscription per month and the requests it analyzes per thousand,
  in AWS's volume tiers (the first 10,000 a month free account-wide, not applied). The shared data has no
  ACFP subscription price: that line is a gap (the web ACL partly priced). AWS Marketplace rule groups' seller fees are not
  priced.
- Classic (`aws:waf`, `aws:wafregional`): each entry of `rules` (regular, rate-based, or a rule group) is
  one rule; the rules inside the rule groups it uses are usage (`rule_group_rules`, infracost's key).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known, known_value
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey

CLASSIC_ACL = "aws:waf/webAcl:WebAcl"
REGIONAL_ACL = "aws:wafregional/webAcl:WebAcl"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
WEB_ACL_RULE = "aws:wafv2/webAclRule:WebAclRule"
RULE_GROUP_ASSOCIATION = "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation"
TYPES = (CLASSIC_ACL, REGIONAL_ACL, WEB_ACL, WEB_ACL_RULE, RULE_GROUP_ASSOCIATION)
FILE = "waf.json"


def _waf(item: str, unit: str, description: str, variant: str, metric: str, usage: str, factor: int = 1) -> Price:
    return Price("waf", item, unit, description, variant=variant, sources=[Page(FILE, metric, factor=factor)],
                 refresh=[OfferFilter("awswaf", families="Web Application Firewall", factor=factor,
                                      usage_pattern=re.compile(rf"^[A-Z0-9]*-{usage}$"),
                                      example={"usageType": f"USE1-{usage}"})])


# WAFv2 is the pricing page's "Activated" ACLs and rules and its WCU-tiered requests; classic, the others.
ACL_MONTH = {"v2": _waf("web-acl", "acl-month", "web ACL", "v2", "Web ACL Activated per Month", "WebACLV2"),
             "classic": _waf("web-acl", "acl-month", "web ACL", "classic", "WebACL per month", "WebACL")}
RULE_MONTH = {"v2": _waf("rule", "rule-month", "rules", "v2", "Rule Activated per Month", "RuleV2"),
              "classic": _waf("rule", "rule-month", "rules", "classic", "Rules added per WebACL per month", "Rule")}
REQUESTS = {"v2": _waf("requests", "1M requests", "requests (up to 1,500 WCU)", "v2",
                       "Request Processed Tier1 per Request", "RequestV2-Tier1", 1_000_000),
            "classic": _waf("requests", "1M requests", "requests", "classic", "Web Requests received per Request",
                            "Request", 1_000_000)}
BOT_CONTROL = Price("waf", "bot-control", "subscription-month", "Bot Control subscription",
                    sources=[Page(FILE, "AMR Bot Control Activated per Month")])
BOT_CONTROL_REQUESTS = {
    "common": Price("waf", "bot-control-requests", "1M requests", "Bot Control requests (common)", variant="common",
                    sources=[Page(FILE, "AMR Bot Control Request Processed per Request from 10000000 to Inf",
                                  factor=1_000_000)],
                    free_tier="the first 10 million requests a month are free, account-wide (not applied)"),
    "targeted": Price("waf", "bot-control-requests", "1M requests", "Bot Control requests (targeted)",
                      variant="targeted",
                      sources=[Page(FILE, "AMR Bot Control Targeted Request Processed per Request from 1000000 to Inf",
                                    factor=1_000_000)],
                      free_tier="the first 1 million requests a month are free, account-wide (not applied)"),
}
FRAUD_CONTROL = {
    "atp": Price("waf", "fraud-control", "subscription-month", "Fraud Control account takeover prevention subscription",
                 variant="atp", sources=[Page(FILE, "AMR ATP Activated per Month from 0 to Inf")]),
    "acfp": Price("waf", "fraud-control", "subscription-month",
                  "Fraud Control account creation fraud prevention subscription", variant="acfp",
                  missing="no price for the ACFP subscription in the shared pricing data (waf.json has ATP's only)"),
}


def _fraud_tier(number: int, upto: float, label: str, page: str) -> Tier:
    return Tier(upto, label, Price(
        "waf", "fraud-control-requests", "1K requests", f"Fraud Control requests, {label}", variant=f"tier{number}",
        sources=[Page(FILE, f"AMR Fraud Control request processed per Request from {page}", factor=1_000)],
        free_tier="the first 10,000 requests a month are free, account-wide (not applied)" if number == 1 else ""))


FRAUD_CONTROL_REQUESTS = Tiered([_fraud_tier(1, 2_000, "first 2 million", "10000 to 2000000"),
                                 _fraud_tier(2, 5_000, "next 3 million", "2000000 to 5000000"),
                                 _fraud_tier(3, 15_000, "next 10 million", "5000000 to 15000000"),
                                 _fraud_tier(4, 30_000, "next 15 million", "15000000 to 30000000"),
                                 _fraud_tier(5, INF, "over 30 million", "30000000 to Inf")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"waf": "WAF"}
PRICES = (*ACL_MONTH.values(), *RULE_MONTH.values(), *REQUESTS.values(), BOT_CONTROL, *BOT_CONTROL_REQUESTS.values(),
          *FRAUD_CONTROL.values(), FRAUD_CONTROL_REQUESTS)

MONTHLY_REQUESTS = UsageKey("monthly_requests", "requests", "web requests inspected per month")
RULE_GROUP_RULES = UsageKey("rule_group_rules", "rules", "rules inside the rule groups the web ACL uses")
BOT_CONTROL_COUNT = UsageKey("monthly_bot_control_requests", "requests",
                             "requests Bot Control inspects per month (after scope-down)")
FRAUD_CONTROL_COUNT = UsageKey("monthly_fraud_control_requests", "requests",
                               "login or account creation requests Fraud Control analyzes per month")
USAGE = {CLASSIC_ACL: (RULE_GROUP_RULES, MONTHLY_REQUESTS), REGIONAL_ACL: (RULE_GROUP_RULES, MONTHLY_REQUESTS),
         WEB_ACL: (MONTHLY_REQUESTS, BOT_CONTROL_COUNT, FRAUD_CONTROL_COUNT),
         RULE_GROUP_ASSOCIATION: (BOT_CONTROL_COUNT, FRAUD_CONTROL_COUNT)}

# Paid AWS managed rule groups (AWS Managed Rules rule groups list).
BOT_CONTROL_GROUP = "AWSManagedRulesBotControlRuleSet"
FRAUD_CONTROL_GROUPS = {"AWSManagedRulesATPRuleSet": "atp", "AWSManagedRulesACFPRuleSet": "acfp"}
INSPECTION_LEVELS = {"COMMON": "common", "TARGETED": "targeted"}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        CLASSIC_ACL: (_classic_acl, "WAF classic web ACL"),
        REGIONAL_ACL: (_classic_acl, "WAF regional web ACL"),
        WEB_ACL: (_web_acl, "WAF web ACL"),
        WEB_ACL_RULE: (lambda row: [RULE_MONTH["v2"].line(row.urn, 1.0, "rule")], "WAF web ACL rule"),
        RULE_GROUP_ASSOCIATION: (_rule_group_association, "WAF rule group association"),
    })


def _classic_acl(resource: Any) -> list[dict[str, Any]]:
    urn, rules = resource.urn, known(resource.inputs, "rules", "rules") or []
    rows = [ACL_MONTH["classic"].line(urn, 1.0)]
    if rules:
        rows.append(RULE_MONTH["classic"].line(urn, len(rules)))
    return rows + [RULE_MONTH["classic"].usage_line(urn, RULE_GROUP_RULES, "rules inside rule groups"),
                   REQUESTS["classic"].usage_line(urn, MONTHLY_REQUESTS, factor=1e-6)]


def _web_acl(resource: Any) -> list[dict[str, Any]]:
    urn, rules = resource.urn, _v2_rules(resource.inputs)
    rows = [ACL_MONTH["v2"].line(urn, 1.0)]
    if rules:
        rows.append(RULE_MONTH["v2"].line(urn, len(rules)))
    rows.append(REQUESTS["v2"].usage_line(urn, MONTHLY_REQUESTS, factor=1e-6,
                                          note="more per request above 1,500 WCU or the default body size "
                                               "(not estimated)"))
    for rule in rules:
        rows += _paid_managed_rules(urn, _managed_group(_field(rule, "statement") or {}))
    return rows


def _rule_group_association(resource: Any) -> list[dict[str, Any]]:
    group = known(resource.inputs, "managedRuleGroup", "managed rule group") or {}
    return [RULE_MONTH["v2"].line(resource.urn, 1.0, "rule group"), *_paid_managed_rules(resource.urn, group)]


def _v2_rules(inputs: dict[str, Any]) -> list[dict[str, Any]]:
    """The web ACL's rules, from `rules` or the JSON of `ruleJson` (AWS's PascalCase keys)."""
    rules = known(inputs, "rules", "rules")
    rule_json = known(inputs, "ruleJson", "rule JSON")
    if rule_json and not rules:
        try:
            rules = json.loads(rule_json)
        except (TypeError, ValueError):
            raise Unpriceable("ruleJson is not JSON: number of rules unknown") from None
        if not isinstance(rules, list):
            raise Unpriceable("ruleJson is not a list of rules: number of rules unknown")
    return [known_value(rule, "rule") for rule in rules or []]


def _field(value: Any, name: str) -> Any:
    """A field of a rule by its input name (`managedRuleGroupStatement`) or AWS's JSON name
    (`ManagedRuleGroupStatement`, `AWSManagedRulesBotControlRuleSet`)."""
    if not isinstance(value, dict):
        return None
    names = (name, name[0].upper() + name[1:], "AWS" + name[3:] if name.startswith("aws") else name)
    return known_value(next((value[key] for key in names if key in value), None), name)


def _managed_group(statement: dict[str, Any]) -> dict[str, Any]:
    return _field(statement, "managedRuleGroupStatement") or {}


def _paid_managed_rules(urn: str, group: dict[str, Any]) -> list[dict[str, Any]]:
    """The lines of a paid AWS managed rule group (Bot Control, Fraud Control), none for others."""
    if not group or _field(group, "vendorName") != "AWS":
        return []
    name = _field(group, "name")
    if name == BOT_CONTROL_GROUP:
        level = INSPECTION_LEVELS.get(_bot_control_level(group))
        if level is None:
            raise Unpriceable(f"Bot Control inspection level {_bot_control_level(group)!r} is not COMMON or TARGETED")
        return [BOT_CONTROL.line(urn, 1.0),
                BOT_CONTROL_REQUESTS[level].usage_line(urn, BOT_CONTROL_COUNT, factor=1e-6)]
    if name in FRAUD_CONTROL_GROUPS:
        return [FRAUD_CONTROL[FRAUD_CONTROL_GROUPS[name]].line(urn, 1.0),
                *FRAUD_CONTROL_REQUESTS.usage_lines(urn, FRAUD_CONTROL_COUNT, "Fraud Control requests", factor=1e-3)]
    return []


def _bot_control_level(group: dict[str, Any]) -> str:
    for config in _field(group, "managedRuleGroupConfigs") or []:
        bot_control = _field(config, "awsManagedRulesBotControlRuleSet") or {}
        level = _field(bot_control, "inspectionLevel")
        if level:
            return str(level)
    return "COMMON"  # AWS's default inspection level
