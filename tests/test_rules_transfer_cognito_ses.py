"""Transfer Family, Cognito and SES on the embedded snapshot (us-east-1): 0.30 per protocol hour and
0.04/GB; Lite MAUs 0.0055, 0.0046, 0.00325, 0.0025; SES 0.10 per 1,000 emails, managed dedicated IPs
15.00 a month plus 0.08, 0.04, 0.02, 0.004 per 1,000 emails."""

from __future__ import annotations

import pytest

from tests.pricing_helpers import cents, of, resource
from tests.snapshot_pricing import line_table, on_snapshot, reason

SERVER = "aws:transfer/server:Server"
USER_POOL = "aws:cognito/userPool:UserPool"
POOL = "aws:sesv2/dedicatedIpPool:DedicatedIpPool"


def test_an_as2_only_server_bills_its_hours_but_no_gb():
    result = on_snapshot(resource(SERVER, "as2", {"protocols": ["AS2"]}))
    assert line_table(result, "as2") == [("AS2 endpoint hours", 1, 219.0)]


def test_a_server_of_an_unknown_protocol_says_why():
    assert reason(on_snapshot(resource(SERVER, "s", {"protocols": ["SCP"]})), "s") == \
        "protocol SCP: priced are SFTP, FTPS, FTP, AS2"


def test_lite_maus_reach_the_last_tier():
    result = on_snapshot(resource(USER_POOL, "users", {"userPoolTier": "LITE"}),
                         usage={"users": {"monthly_active_users": 12_000_000}})
    # 100,000 x 0.0055 + 900,000 x 0.0046 + 9,000,000 x 0.00325 + 2,000,000 x 0.0025
    assert of(result, "users")["usage_monthly_usd"] == cents(550 + 4140 + 29250 + 5000)


def test_a_pool_on_the_default_plan_is_unpriced_for_want_of_a_price():
    assert reason(on_snapshot(resource(USER_POOL, "users", {})), "users") == \
        "no price for the ESSENTIALS feature plan's monthly active users in the snapshot"
    assert reason(on_snapshot(resource(USER_POOL, "users", {"userPoolTier": "GOLD"})), "users") == \
        "feature plan GOLD: expected one of LITE, ESSENTIALS, PLUS"


def test_managed_dedicated_ips_reach_the_last_tier():
    result = on_snapshot(resource(POOL, "bulk", {"scalingMode": "MANAGED"}),
                         usage={"bulk": {"monthly_emails_sent": 150_000_000}})
    assert of(result, "bulk")["monthly_usd"] == cents(15.00)
    # 10M x 0.08/1K + 40M x 0.04/1K + 50M x 0.02/1K + 50M x 0.004/1K
    assert of(result, "bulk")["usage_monthly_usd"] == cents(800 + 1600 + 1000 + 200)


@pytest.mark.parametrize("mode, status", [("STANDARD", "free"), (None, "free"), ("AUTO", "unpriced")])
def test_standard_pools_cost_nothing_of_their_own(mode, status):
    result = on_snapshot(resource(POOL, "pool", {"scalingMode": mode}))
    assert of(result, "pool")["status"] == status
    if status == "unpriced":
        assert reason(result, "pool") == "scaling mode AUTO: expected STANDARD or MANAGED"
