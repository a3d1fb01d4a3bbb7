"""SNS topics and topic subscriptions: publish requests on the topic, deliveries by protocol on the
subscription that receives them (https://aws.amazon.com/sns/pricing/). Everything is usage.

Who carries what, so nothing is counted twice:
- The topic carries its publish requests (`monthly_requests`, each 64 KB chunk of a payload a request:
  `request_size_kb`), and the deliveries to subscribers that are NOT resources of the stack, from the
  leading estimator's counts of them (`http_subscriptions`, `email_subscriptions`,
  `kinesis_subscriptions`, `mobile_push_subscriptions`, `macos_subscriptions`): each subscriber
  receives every message published. Those five keys are optional: a kind's line is shown only once the
  usage file counts its subscribers (most topics have few kinds, if any), the usage template listing all.
- A subscription in the stack (`aws:sns/topicSubscription`) carries the deliveries to its endpoint
  (its own `monthly_requests`, notifications delivered to it, and `request_size_kb`), by protocol:
  HTTP/S, email and email-json, Firehose, mobile push (`application`). Deliveries to SQS queues and
  Lambda functions are free from a standard topic. SMS is not priced: AWS prices each SMS by its
  destination country and sender type (https://aws.amazon.com/sns/sms-pricing/), so an SMS
  subscription is shown unpriced with that reason.
- FIFO topics (`fifoTopic`): publish requests and published payload (`monthly_payload_gb`) on the
  topic; each SQS subscription's messages and payload on the subscription (a FIFO topic delivers
  only to SQS). FIFO message archiving is not priced.

Free allowances are account-wide and stated on the lines, not applied: 1 million publish requests,
100,000 HTTP/S and 1,000 email notifications, 1 million mobile push notifications a month. Like the
leading estimator, a delivery counts each 64 KB chunk of its payload as a notification.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, flag, known, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

TOPIC = "aws:sns/topic:Topic"
SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription"
TYPES = (TOPIC, SUBSCRIPTION)
PER_MILLION = 1_000_000


def _price(item: str, unit: str, description: str, metric: str, free_tier: str = "", variant: str = "",
           refresh: OfferFilter | None = None, factor: float = PER_MILLION) -> Price:
    return Price("sns", item, unit, description, variant=variant, free_tier=free_tier,
                 sources=[Page("sns.json", metric, factor=factor)], refresh=[refresh] if refresh else [])


def _delivery(protocol: str, description: str, metric: str, usage_type: str, free_tier: str = "") -> Price:
    """Notifications delivered over one protocol, per million (AWS's paid tier: its free first tier is
    the account-wide allowance, stated instead)."""
    return _price("deliveries", "1M notifications", description, metric, free_tier, variant=protocol,
                  refresh=OfferFilter("AmazonSNS", families="Message Delivery", usage=usage_type,
                                      attributes={"endingRange": "Inf"}, factor=PER_MILLION))


REQUESTS = _price("requests", "1M requests", "publish requests", "Amazon SNS API Requests",
                  "the first 1 million requests a month are free, account-wide (not applied)",
                  refresh=OfferFilter("AmazonSNS", families="API Request", usage="Requests-Tier1",
                                      attributes={"endingRange": "Inf"}, factor=PER_MILLION))
HTTP = _delivery("http", "HTTP/S notifications", "HTTP Notifications", "DeliveryAttempts-HTTP",
                 "the first 100,000 HTTP/S notifications a month are free, account-wide (not applied)")
EMAIL = _delivery("email", "email notifications", "SNS Email and Email JSON Notifications", "DeliveryAttempts-SMTP",
                  "the first 1,000 email notifications a month are free, account-wide (not applied)")
FIREHOSE = _delivery("firehose", "Firehose notifications", "Amazon Kinesis Data Firehose Messages",
                     "DeliveryAttempts-FIREHOSE")
MOBILE_PUSH = _delivery("mobile-push", "mobile push notifications",
                        "Apple Push Notification Service APNS iOS Notifications", "DeliveryAttempts-APNS",
                        "the first 1 million mobile push notifications a month are free, account-wide (not applied)")
FIFO_REQUESTS = _price("fifo-requests", "1M requests", "FIFO publish requests",
                       "Amazon SNS FIFO API Requests per Requests")
FIFO_PAYLOAD = _price("fifo-payload", "GB", "FIFO published payload", "SNS FIFO Publish Payload per GB", factor=1)
FIFO_DELIVERIES = _price("fifo-deliveries", "1M notifications", "FIFO messages delivered",
                         "Amazon SNS FIFO Subscription Messages per Messages")
FIFO_DELIVERED_PAYLOAD = _price("fifo-delivered-payload", "GB", "FIFO delivered payload",
                                "Amazon SNS FIFO Subscription Messages Payload per GB", factor=1)
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"sns": "SNS"}
PRICES = (REQUESTS, HTTP, EMAIL, FIREHOSE, MOBILE_PUSH, FIFO_REQUESTS, FIFO_PAYLOAD, FIFO_DELIVERIES,
          FIFO_DELIVERED_PAYLOAD)

MONTHLY_REQUESTS = UsageKey("monthly_requests", "requests", "messages published to the topic per month (on a "
                            "subscription: notifications delivered to it per month)")
REQUEST_SIZE_KB = UsageKey("request_size_kb", "KB", "average message payload; each 64 KB is billed as a request "
                           "(and a notification)", chunk=64)
MONTHLY_PAYLOAD_GB = UsageKey("monthly_payload_gb", "GB", "message payload published (on a FIFO topic) or "
                              "delivered (to a FIFO topic's SQS subscription) per month")


def _subscribers(name: str, what: str) -> UsageKey:
    """A count of subscribers outside the stack: its line is written once the usage file gives it (optional)."""
    return UsageKey(name, "subscriptions", f"{what} subscriptions to the topic that are not resources of the stack "
                                           "(those that are price their own deliveries)", optional=True)


# (usage key counting subscribers outside the stack, their price, line description)
OUTSIDE = ((_subscribers("http_subscriptions", "HTTP/S"), HTTP, "HTTP/S notifications to subscribers outside the stack"),
           (_subscribers("email_subscriptions", "email"), EMAIL, "email notifications to subscribers outside the stack"),
           (_subscribers("kinesis_subscriptions", "Firehose"), FIREHOSE,
            "Firehose notifications to subscribers outside the stack"),
           (_subscribers("mobile_push_subscriptions", "mobile push"), MOBILE_PUSH,
            "mobile push notifications to subscribers outside the stack"),
           (_subscribers("macos_subscriptions", "macOS push"), MOBILE_PUSH,
            "macOS push notifications to subscribers outside the stack"))
USAGE = {TOPIC: (MONTHLY_REQUESTS, REQUEST_SIZE_KB, MONTHLY_PAYLOAD_GB, *(key for key, _, _ in OUTSIDE)),
         SUBSCRIPTION: (MONTHLY_REQUESTS, REQUEST_SIZE_KB, MONTHLY_PAYLOAD_GB)}

# Subscription protocol (the SNS API's names) -> the price of its deliveries; None: free.
PROTOCOLS = {"http": HTTP, "https": HTTP, "email": EMAIL, "email-json": EMAIL, "firehose": FIREHOSE,
             "application": MOBILE_PUSH, "lambda": None, "sqs": None}
SMS_REASON = ("SMS deliveries are not priced: AWS prices each SMS by destination country and sender type "
              "(https://aws.amazon.com/sns/sms-pricing/)")
BILLED = (MONTHLY_REQUESTS, REQUEST_SIZE_KB)  # notifications in 64 KB chunks


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, TOPIC)
    return each_type(resources, {
        TOPIC: (_topic, "SNS topic"),
        SUBSCRIPTION: (lambda row: _subscription(row, index), "SNS subscription"),
    })


def _topic(resource: Any) -> list[dict[str, Any]]:
    urn = resource.urn
    if flag(resource.inputs, "fifoTopic", "FIFO topic"):
        return [FIFO_REQUESTS.usage_line(urn, BILLED, factor=1e-6), FIFO_PAYLOAD.usage_line(urn, MONTHLY_PAYLOAD_GB)]
    return [REQUESTS.usage_line(urn, BILLED, factor=1e-6)] + [
        price.usage_line(urn, (subscribers, *BILLED), description, factor=1e-6)
        for subscribers, price, description in OUTSIDE]


def _subscription(resource: Any, index: Index) -> list[dict[str, Any]]:
    protocol = text(resource.inputs, "protocol", "subscription protocol").lower()
    if protocol == "sms":
        raise Unpriceable(SMS_REASON)
    if not protocol:
        raise Unpriceable("subscription protocol not set")
    if protocol not in PROTOCOLS:
        raise Unpriceable(f"{protocol} deliveries are not priced (priced: {', '.join(sorted(PROTOCOLS))}, sms)")
    if protocol == "sqs" and _from_fifo_topic(resource, index):
        return [FIFO_DELIVERIES.usage_line(resource.urn, BILLED, factor=1e-6),
                FIFO_DELIVERED_PAYLOAD.usage_line(resource.urn, MONTHLY_PAYLOAD_GB)]
    price = PROTOCOLS[protocol]
    return [] if price is None else [price.usage_line(resource.urn, BILLED, factor=1e-6)]


def _from_fifo_topic(resource: Any, index: Index) -> bool:
    """Whether the subscription's topic is FIFO: the topic of the stack it refers to, else its ARN's name
    (a FIFO topic's name ends in .fifo, as AWS requires)."""
    arn = resource.inputs.get("topic")
    topic = index.referenced(resource, "topic", TOPIC, arn)
    if topic is not None:
        return flag(topic.inputs, "fifoTopic", "FIFO topic")
    arn = known(resource.inputs, "topic", "subscription topic (FIFO or standard decides what SQS deliveries cost)")
    if not isinstance(arn, str) or not arn:
        raise Unpriceable("subscription topic not set")
    return arn.endswith(".fifo")
