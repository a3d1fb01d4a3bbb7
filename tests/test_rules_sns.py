"""SNS topics and subscriptions on the embedded snapshot (us-east-1, sns.json): publishes 0.50/M,
HTTP/S 0.60/M, email 20.00/M, Firehose 0.19/M, mobile push 0.50/M; FIFO publishes 0.30/M and 0.017/GB,
FIFO deliveries 0.01/M and 0.001/GB. The topic carries its publishes and its subscribers outside the
stack; each subscription in the stack carries its own deliveries."""

from __future__ import annotations

import pytest

from costing.schema import UNKNOWN
from tests.pricing_helpers import cents, of, resource, urn
from tests.snapshot_pricing import line_table, on_snapshot, reason

TOPIC = "aws:sns/topic:Topic"
SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription"


def subscription(name: str, protocol: str, topic: str = "orders", arn: str = UNKNOWN) -> dict:
    """A subscription to the stack's topic named `topic` (through its dependencies), or to `arn` alone."""
    refs = {"topic": [urn(TOPIC, topic)]} if topic else {}
    return resource(SUBSCRIPTION, name, {"protocol": protocol, "topic": arn}, refs=refs)


def test_a_topic_bills_its_publishes_and_its_subscribers_outside_the_stack():
    result = on_snapshot(resource(TOPIC, "orders"), usage={"orders": {
        "monthly_requests": 2_000_000, "kinesis_subscriptions": 1, "mobile_push_subscriptions": 3}})
    assert line_table(result, "orders") == [  # only the deliveries the usage file counts subscribers for
        ("publish requests", 2, 1.00),  # 2M x 0.50
        ("Firehose notifications to subscribers outside the stack", 2, 0.38),  # 1 x 2M x 0.19
        ("mobile push notifications to subscribers outside the stack", 6, 3.00)]  # 3 x 2M x 0.50
    assert of(result, "orders")["usage_monthly_usd"] == cents(4.38)


def test_a_topic_without_subscribers_outside_the_stack_has_one_line():
    """The five delivery lines of subscribers outside the stack are written only when the usage file counts
    such subscribers: without usage a topic reads as its publishes alone."""
    assert [row[0] for row in line_table(on_snapshot(resource(TOPIC, "orders")), "orders")] == ["publish requests"]


@pytest.mark.parametrize("protocol, per_million", [("http", 0.60), ("https", 0.60), ("email", 20.0),
                                                   ("email-json", 20.0), ("firehose", 0.19), ("application", 0.50)])
def test_a_subscription_bills_its_deliveries_by_protocol(protocol, per_million):
    result = on_snapshot(resource(TOPIC, "orders"), subscription("sub", protocol),
                         usage={"sub": {"monthly_requests": 4_000_000, "request_size_kb": 65}})
    assert of(result, "sub")["usage_monthly_usd"] == cents(8 * per_million)  # 4M x ceil(65/64) = 8M


@pytest.mark.parametrize("protocol", ["sqs", "lambda"])
def test_deliveries_to_queues_and_functions_from_a_standard_topic_are_free(protocol):
    result = on_snapshot(resource(TOPIC, "orders"), subscription("sub", protocol))
    assert (of(result, "sub")["status"], of(result, "sub")["monthly_usd"]) == ("free", 0.0)


def test_sqs_deliveries_from_a_fifo_topic_are_billed_whether_found_by_reference_or_by_arn():
    result = on_snapshot(resource(TOPIC, "orders", {"fifoTopic": True}), subscription("by-ref", "sqs"),
                         subscription("by-arn", "sqs", topic="", arn="arn:aws:sns:us-east-1:1:x.fifo"),
                         usage={"by-ref": {"monthly_requests": 3_000_000, "monthly_payload_gb": 50},
                                "by-arn": {"monthly_requests": 1_000_000}})
    assert line_table(result, "by-ref") == [("FIFO messages delivered", 3, 0.03), ("FIFO delivered payload", 50, 0.05)]
    assert line_table(result, "by-arn")[0] == ("FIFO messages delivered", 1, 0.01)


def test_an_sqs_subscription_to_a_topic_unknown_until_apply_is_unpriced():
    result = on_snapshot(subscription("sub", "sqs", topic=""))
    assert reason(result, "sub") == ("subscription topic (FIFO or standard decides what SQS deliveries cost) unknown "
                                     "until apply")


@pytest.mark.parametrize("protocol, why", [
    ("sms", "SMS deliveries are not priced: AWS prices each SMS by destination country and sender type "
            "(https://aws.amazon.com/sns/sms-pricing/)"),
    ("carrier-pigeon", "carrier-pigeon deliveries are not priced (priced: application, email, email-json, firehose, "
                       "http, https, lambda, sqs, sms)"),
    ("", "subscription protocol not set"),
])
def test_what_a_subscription_cannot_be_priced_for_says_why(protocol, why):
    result = on_snapshot(resource(TOPIC, "orders"), subscription("sub", protocol))
    assert (of(result, "sub")["status"], reason(result, "sub")) == ("unpriced", why)


def test_a_fifo_topic_bills_publishes_and_payload_only():
    result = on_snapshot(resource(TOPIC, "ledger", {"fifoTopic": True}),
                         usage={"ledger": {"monthly_requests": 10_000_000, "monthly_payload_gb": 100}})
    assert line_table(result, "ledger") == [("FIFO publish requests", 10, 3.00),  # 10M x 0.30
                                            ("FIFO published payload", 100, 1.70)]  # 100 GB x 0.017
