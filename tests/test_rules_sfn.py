"""Step Functions on the embedded snapshot (us-east-1, states.json): Standard 0.025 per 1,000
transitions; Express 1.00 per million requests and 0.00001667, 0.00000833, 0.00000456 per GB-second
in tiers of 1,000 and 4,000 GB-hours."""

from __future__ import annotations

from tests.pricing_helpers import cents, of, resource
from tests.snapshot_pricing import line_table, on_snapshot, reason

MACHINE = "aws:sfn/stateMachine:StateMachine"


def test_a_state_machine_is_standard_by_default_and_bills_transitions():
    result = on_snapshot(resource(MACHINE, "flow"), usage={"flow": {"monthly_transitions": 1_000_000}})
    assert line_table(result, "flow") == [("state transitions", 1000, 25.0)]


def test_express_duration_reaches_the_third_tier():
    result = on_snapshot(resource(MACHINE, "fast", {"type": "EXPRESS"}), usage={"fast": {
        "monthly_requests": 100_000_000, "workflow_duration_ms": 500, "memory_mb": 1024}})
    # 100M x 0.5 s x 1 GB = 50,000,000 GB-s: 3.6M x 0.00001667 + 14.4M x 0.00000833 + 32M x 0.00000456
    assert [line[1] for line in line_table(result, "fast")] == [100, 3_600_000, 14_400_000, 32_000_000]
    assert of(result, "fast")["usage_monthly_usd"] == cents(100 + 60.012 + 119.952 + 145.92)


def test_an_unknown_workflow_type_says_why():
    assert reason(on_snapshot(resource(MACHINE, "m", {"type": "BATCH"})), "m") == \
        "workflow type BATCH: priced are STANDARD and EXPRESS"
