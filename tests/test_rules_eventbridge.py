"""EventBridge on the embedded snapshot (us-east-1, events.json): custom events 1.00 per million (each
64 KB an event), schema discovery 0.10 per million, archive 0.10/GB and 0.023/GB-month, API
destinations 0.20 per million, pipes 0.40 per million (64 KB), Scheduler 1.00 per million."""

from __future__ import annotations

import pytest

from tests.pricing_helpers import cents, of, resource
from tests.snapshot_pricing import line_table, on_snapshot, reason

BUS = "aws:cloudwatch/eventBus:EventBus"
PIPE = "aws:pipes/pipe:Pipe"
SCHEDULE = "aws:scheduler/schedule:Schedule"


def test_custom_events_bill_each_64_kb():
    result = on_snapshot(resource(BUS, "bus"), usage={"bus": {"monthly_custom_events": 4_000_000,
                                                              "event_size_kb": 200}})
    assert line_table(result, "bus")[0] == ("custom events published", 16, 16.0)  # 4M x ceil(200/64) x 1.00


@pytest.mark.parametrize("expression, invocations", [("rate(1 minute)", 43_800), ("rate(10 minutes)", 4_380),
                                                     ("rate(2 hours)", 365), ("rate(1 day)", 30.416667),
                                                     ("rate( 3 days )", 10.138889)])
def test_a_rate_schedule_is_priced_from_its_rate(expression, invocations):
    result = on_snapshot(resource(SCHEDULE, "s", {"scheduleExpression": expression}))
    assert result.lines["quantity"].iloc[0] * 1e6 == pytest.approx(invocations, abs=1e-3)
    assert of(result, "s")["monthly_usd"] == pytest.approx(invocations * 1e-6, abs=1e-9)


@pytest.mark.parametrize("expression, why", [
    ("rate(0 minutes)", "schedule expression 'rate(0 minutes)': a rate must be positive"),
    ("every day", "schedule expression every day: expected rate(...), cron(...) or at(...)"),
    ("", "schedule expression not set: expected rate(...), cron(...) or at(...)"),
])
def test_a_schedule_expression_that_cannot_be_priced_says_why(expression, why):
    assert reason(on_snapshot(resource(SCHEDULE, "s", {"scheduleExpression": expression})), "s") == why


def test_disabled_schedules_and_stopped_pipes_cost_nothing():
    result = on_snapshot(resource(SCHEDULE, "off", {"state": "DISABLED", "scheduleExpression": "rate(1 minute)"}),
                         resource(PIPE, "stopped", {"desiredState": "STOPPED"}))
    assert [(of(result, name)["status"], of(result, name)["monthly_usd"]) for name in ("off", "stopped")] == [
        ("free", 0.0), ("free", 0.0)]


def test_a_running_pipe_bills_its_requests_by_64_kb():
    result = on_snapshot(resource(PIPE, "p", {"desiredState": "RUNNING"}), usage={"p": {"monthly_requests": 5e6}})
    assert of(result, "p")["usage_monthly_usd"] == cents(2.00)  # 5M x 0.40
