"""SQS queues: requests per month by queue type (standard or FIFO), in AWS's three monthly volume tiers
(first 100 billion, next 100 billion, over 200 billion; https://aws.amazon.com/sqs/pricing/).

- A queue is FIFO when `fifoQueue` is true, else standard (the SQS API's default).
- Each 64 KB chunk of a request's payload is billed as one request (AWS's page: "a 256 KB payload is
  billed as four requests"): the usage file's `monthly_requests` counts API requests, and
  `request_size_kb`, their average payload, turns them into billed requests (a payload within 64 KB,
  or none given, is one request each).
- The first million requests a month are free, account-wide: stated on the line, not applied.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import each_type, flag
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey

QUEUE = "aws:sqs/queue:Queue"
TYPES = (QUEUE,)

# queue type -> (the pricing page's wording, the Price List's `queueType`, how a line names it)
KINDS = {"standard": ("Standard", "Standard", "standard"),
         "fifo": ("FIFO first-in first-out", "FIFO (first-in, first-out)", "FIFO")}
FREE = "the first 1 million requests a month are free, account-wide (not applied)"


def _tier(variant: str, upto: float, label: str, page_suffix: str, ending_range: str) -> Tier:
    """One volume tier of both queue types; `ending_range` is the Price List's, in requests."""
    return Tier(upto, label, Price(
        "sqs", "requests", "1M requests", f"requests, {label}", variant=f"{{queue_type}}|{variant}",
        sources=[Page("queueservice.json", re.compile(rf"(?P<queue_type>Standard|FIFO first-in first-out) per "
                                                      rf"Requests{page_suffix}"),
                      factor=1_000_000, values={"queue_type": {page: kind for kind, (page, _, _) in KINDS.items()}})],
        refresh=[OfferFilter("AWSQueueService", families="API Request", fill={"queue_type": "queueType"},
                             values={"queue_type": {api: kind for kind, (_, api, _) in KINDS.items()}},
                             attributes={"endingRange": ending_range}, factor=1_000_000)],
        free_tier=FREE if variant == "tier1" else ""))


# In millions of requests, the price's unit.
REQUESTS = Tiered([_tier("tier1", 100_000, "first 100 billion", "", "100000000000"),
                   _tier("tier2", 200_000, "next 100 billion", " Tier2", "200000000000"),
                   _tier("tier3", INF, "over 200 billion", " Tier3", "Inf")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"sqs": "SQS"}
PRICES = (REQUESTS,)

MONTHLY_REQUESTS = UsageKey("monthly_requests", "requests", "API requests to the queue per month (send, receive, "
                            "delete, ...)")
REQUEST_SIZE_KB = UsageKey("request_size_kb", "KB", "average payload of a request; each 64 KB is billed as a request",
                           chunk=64)
USAGE = {QUEUE: (MONTHLY_REQUESTS, REQUEST_SIZE_KB)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {QUEUE: (_queue, "SQS queue")})


def _queue(resource: Any) -> list[dict[str, Any]]:
    queue_type = "fifo" if flag(resource.inputs, "fifoQueue", "FIFO queue") else "standard"
    # billed requests in millions: monthly_requests x 64 KB chunks per request x 1e-6
    return REQUESTS.usage_lines(resource.urn, (MONTHLY_REQUESTS, REQUEST_SIZE_KB), f"{KINDS[queue_type][2]} requests",
                                factor=1e-6, queue_type=queue_type)
