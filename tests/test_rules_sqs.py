"""SQS queues to the cent on the embedded snapshot (us-east-1, queueservice.json): standard 0.40, 0.30,
0.24 per million requests in tiers of 100 billion; FIFO 0.50, 0.40, 0.35; each 64 KB of a payload a
request (UsageKey.chunk, read by costing/usage.py)."""

from __future__ import annotations

import pytest

from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.pricing_helpers import cents, frame, of, resource, urn
from tests.snapshot_pricing import line_table, on_snapshot, reason

QUEUE = "aws:sqs/queue:Queue"


@pytest.mark.parametrize("size_kb, billed_millions", [(1, 10), (64, 10), (64.5, 20), (100, 20), (256, 40), (0, 10)])
def test_each_64_kb_of_a_payload_is_a_request(size_kb, billed_millions):
    result = on_snapshot(resource(QUEUE, "jobs", {}),
                         usage={"jobs": {"monthly_requests": 10_000_000, "request_size_kb": size_kb}})
    assert line_table(result, "jobs") == [("standard requests (first 100 billion)", billed_millions,
                                           round(billed_millions * 0.40, 2))]


def test_a_request_without_a_size_is_one_request():
    result = on_snapshot(resource(QUEUE, "jobs", {}), usage={"jobs": {"monthly_requests": 3_000_000}})
    assert of(result, "jobs")["usage_monthly_usd"] == cents(1.20)  # 3M x 0.40/M


def test_fifo_queues_cost_more_and_split_across_the_tiers():
    result = on_snapshot(resource(QUEUE, "ledger.fifo", {"fifoQueue": "true"}),
                         usage={"ledger.fifo": {"monthly_requests": 250e9}})
    # 100,000M x 0.50 + 100,000M x 0.40 + 50,000M x 0.35
    assert line_table(result, "ledger.fifo") == [
        ("FIFO requests (first 100 billion)", 100_000, 50_000.0), ("FIFO requests (next 100 billion)", 100_000, 40_000.0),
        ("FIFO requests (over 200 billion)", 50_000, 17_500.0)]


def test_a_queue_whose_type_is_unknown_until_apply_is_unpriced():
    result = on_snapshot(resource(QUEUE, "later", {"fifoQueue": UNKNOWN}))
    assert (of(result, "later")["status"], reason(result, "later")) == ("unpriced", "FIFO queue unknown until apply")


def test_chunked_keys_are_counted_in_chunks_and_other_keys_are_untouched():
    queues = frame(resource(QUEUE, "a"), resource(QUEUE, "b"), resource("aws:ec2/natGateway:NatGateway", "nat"))
    usage = Usage("usage.yaml", resources={"a": {"monthly_requests": 5.0, "request_size_kb": 130.0},
                                          "nat": {"monthly_data_processed_gb": 7.5}})
    assert usage.quantities(queues).set_index(["urn", "usage_key"])["quantity"].to_dict() == {
        (urn(QUEUE, "a"), "monthly_requests"): 5.0, (urn(QUEUE, "a"), "request_size_kb"): 3.0,  # ceil(130 / 64)
        (urn(QUEUE, "b"), "request_size_kb"): 1.0,  # none given: one chunk
        (urn("aws:ec2/natGateway:NatGateway", "nat"), "monthly_data_processed_gb"): 7.5}
