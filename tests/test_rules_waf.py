"""WAF rules: what counts as a rule, the paid AWS managed rule groups, classic ACLs, and the reasons a
web ACL is left unpriced."""

from __future__ import annotations

import json

import pytest

from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.edge_helpers import snapshot_priced, unread_usage_keys
from tests.pricing_helpers import cents, lines_of, of, resource

WEB_ACL = "aws:wafv2/webAcl:WebAcl"
ASSOCIATION = "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation"


def managed(name: str, vendor: str = "AWS", configs: list | None = None) -> dict:
    statement = {"name": name, "vendorName": vendor, **({"managedRuleGroupConfigs": configs} if configs else {})}
    return {"name": name, "priority": 1, "statement": {"managedRuleGroupStatement": statement}}


def test_a_rule_group_is_one_rule_and_only_awss_paid_groups_add_lines():
    result = snapshot_priced(resource(WEB_ACL, "acl", {"rules": [
        {"name": "geo", "priority": 0, "statement": {"geoMatchStatement": {"countryCodes": ["FR"]}}},
        {"name": "own", "priority": 1, "statement": {"ruleGroupReferenceStatement": {"arn": "arn:rg"}}},
        managed("AWSManagedRulesCommonRuleSet"), managed("AWSManagedRulesBotControlRuleSet", vendor="F5")]}))
    lines = lines_of(result, "acl")
    assert lines.loc["rules", "quantity"] == 4
    assert of(result, "acl")["monthly_usd"] == cents(5.00 + 4 * 1.00)  # no Bot Control: not AWS's


def test_bot_control_is_common_unless_targeted_and_fraud_control_tiers_its_requests():
    usage = Usage("usage.yaml", resources={"acl": {"monthly_bot_control_requests": 20e6,
                                                    "monthly_fraud_control_requests": 40e6}})
    result = snapshot_priced(resource(WEB_ACL, "acl", {"rules": [
        managed("AWSManagedRulesBotControlRuleSet"), managed("AWSManagedRulesATPRuleSet")]}), usage=usage)
    lines = lines_of(result, "acl")
    assert lines.loc["Bot Control requests (common)", "monthly_usd"] == cents(20 * 1.00)  # no free tier applied
    assert list(lines.loc[lines["item"] == "fraud-control-requests", "quantity"]) == [2000, 3000, 10000, 15000, 10000]
    assert of(result, "acl")["usage_monthly_usd"] == cents(20.00 + 2000 * 1 + 3000 * 0.7 + 10000 * 0.4
                                                           + 15000 * 0.2 + 10000 * 0.05)


def test_acfp_has_no_subscription_price_in_the_data_so_its_acl_is_unpriced():
    result = snapshot_priced(resource(WEB_ACL, "acl", {"rules": [managed("AWSManagedRulesACFPRuleSet")]}))
    assert of(result, "acl")["reason"] == "no price for waf fraud-control (acfp) in us-east-1"


def test_rule_json_is_read_with_awss_names():
    rules = [{"Name": "bots", "Priority": 1, "Statement": {"ManagedRuleGroupStatement": {
        "VendorName": "AWS", "Name": "AWSManagedRulesBotControlRuleSet", "ManagedRuleGroupConfigs": [
            {"AWSManagedRulesBotControlRuleSet": {"InspectionLevel": "TARGETED"}}]}}}]
    result = snapshot_priced(resource(WEB_ACL, "acl", {"ruleJson": json.dumps(rules)}))
    assert "Bot Control requests (targeted)" in lines_of(result, "acl").index


@pytest.mark.parametrize("inputs, reason", [
    ({"ruleJson": "{not json"}, "ruleJson is not JSON: number of rules unknown"),
    ({"ruleJson": '{"Name": "x"}'}, "ruleJson is not a list of rules: number of rules unknown"),
    ({"rules": UNKNOWN}, "rules unknown until apply"),
    ({"rules": [managed("AWSManagedRulesBotControlRuleSet",
                        configs=[{"awsManagedRulesBotControlRuleSet": {"inspectionLevel": "STRICT"}}])]},
     "Bot Control inspection level 'STRICT' is not COMMON or TARGETED"),
])
def test_a_web_acl_left_unpriced_says_why(inputs, reason):
    result = snapshot_priced(resource(WEB_ACL, "acl", inputs))
    assert of(result, "acl")["reason"] == reason


def test_classic_acls_count_their_rules_and_the_rules_in_their_groups():
    usage = Usage("usage.yaml", resources={"acl": {"rule_group_rules": 10}})
    rules = [{"priority": 1, "ruleId": "r", "type": "REGULAR"}, {"priority": 2, "ruleId": "g", "type": "GROUP"}]
    result = snapshot_priced(resource("aws:wafregional/webAcl:WebAcl", "acl", {"rules": rules}), usage=usage)
    assert of(result, "acl")["monthly_usd"] == cents(5.00 + 2 * 1.00)
    assert of(result, "acl")["usage_monthly_usd"] == cents(10 * 1.00)


def test_every_usage_key_is_read_by_a_line():
    paid = [managed("AWSManagedRulesBotControlRuleSet"), managed("AWSManagedRulesATPRuleSet")]
    assert unread_usage_keys(
        resource(WEB_ACL, "acl", {"rules": paid}), resource("aws:waf/webAcl:WebAcl", "classic", {}),
        resource("aws:wafregional/webAcl:WebAcl", "regional", {}),
        resource(ASSOCIATION, "bots", {"managedRuleGroup": {"name": "AWSManagedRulesBotControlRuleSet", "vendorName": "AWS"}}),
        resource(ASSOCIATION, "atp", {"managedRuleGroup": {"name": "AWSManagedRulesATPRuleSet", "vendorName": "AWS"}}),
    ) == set()
