"""Amazon SES, as far as resources carry its charges (https://aws.amazon.com/ses/pricing/).

- Identities (`aws:ses/domainIdentity`, `aws:ses/emailIdentity`, `aws:sesv2/emailIdentity`): the email
  sent from them per month (`monthly_emails_sent`, per 1,000) and the attachments it carries
  (`monthly_attachments_gb`). Give the usage on one identity of a domain, not on each.
- Receipt rule set: email received per month (`monthly_emails_received`, per 1,000) and its 256 KB
  chunks (`received_email_size_kb`, the average size; each 256 KB a chunk).
- Dedicated IP pool (sesv2): a MANAGED pool per month, plus the email sent through it
  (`monthly_emails_sent`) in AWS's volume tiers; a STANDARD pool (the API's default) costs nothing of
  its own: each standard dedicated IP is billed per month, priced on the assignment
  (`aws:sesv2/dedicatedIpAssignment`) that places it in a pool.
Configuration sets, templates, receipt rules and filters, DKIM and MAIL FROM settings cost nothing
(costing/rules/free.py). The free tier (3,000 messages a month in the first 12 months) is stated,
not applied.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, text
from costing.rules.declare import INF, Page, Price, Tier, Tiered, UsageKey

DOMAIN_IDENTITY = "aws:ses/domainIdentity:DomainIdentity"
EMAIL_IDENTITY = "aws:ses/emailIdentity:EmailIdentity"
EMAIL_IDENTITY_V2 = "aws:sesv2/emailIdentity:EmailIdentity"
RECEIPT_RULE_SET = "aws:ses/receiptRuleSet:ReceiptRuleSet"
DEDICATED_IP_POOL = "aws:sesv2/dedicatedIpPool:DedicatedIpPool"
DEDICATED_IP_ASSIGNMENT = "aws:sesv2/dedicatedIpAssignment:DedicatedIpAssignment"
IDENTITIES = (DOMAIN_IDENTITY, EMAIL_IDENTITY, EMAIL_IDENTITY_V2)
TYPES = (*IDENTITIES, RECEIPT_RULE_SET, DEDICATED_IP_POOL, DEDICATED_IP_ASSIGNMENT)
FILE = "ses.json"
PER_THOUSAND = 1_000


def _price(item: str, unit: str, description: str, metric: str, factor: float = 1, free_tier: str = "",
           variant: str = "") -> Price:
    return Price("ses", item, unit, description, variant=variant, sources=[Page(FILE, metric, factor=factor)],
                 free_tier=free_tier)


EMAILS_SENT = _price("emails-sent", "1K emails", "email sent", "Email sent to an external recipient", PER_THOUSAND,
                     "3,000 messages a month are free in an account's first 12 months (not applied)")
ATTACHMENTS = _price("attachments", "GB", "attachments sent", "Charged for attachments sent")
EMAILS_RECEIVED = _price("emails-received", "1K emails", "email received", "Received e mail communication",
                         PER_THOUSAND)
RECEIVED_CHUNKS = _price("received-chunks", "1K chunks", "incoming mail chunks (256 KB each)",
                         "Charged for chunks of 256 KB applicable to incoming mail", PER_THOUSAND)
DEDICATED_IP = _price("dedicated-ip", "IP-month", "dedicated IP (standard)", "Dedicated IPs")
MANAGED_POOL = _price("managed-dedicated-ips", "pool-month", "managed dedicated IPs",
                      "Dedicated IPs managed from subscription per Month")


def _managed_tier(position: int, upto: float, label: str, page_range: str) -> Tier:
    return Tier(upto, label, _price("managed-dedicated-ips-emails", "1K emails",
                                    f"email sent through managed dedicated IPs, {label}",
                                    f"Dedicated IPs managed from {page_range}", PER_THOUSAND, variant=f"tier{position}"))


MANAGED_EMAILS = Tiered([  # in thousands of emails
    _managed_tier(1, 10_000, "first 10 million", "0 to 10000000"),
    _managed_tier(2, 50_000, "next 40 million", "10000000 to 50000000"),
    _managed_tier(3, 100_000, "next 50 million", "50000000 to 100000000"),
    _managed_tier(4, INF, "over 100 million", "100000000 to Inf"),
])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"ses": "SES"}
PRICES = (EMAILS_SENT, ATTACHMENTS, EMAILS_RECEIVED, RECEIVED_CHUNKS, DEDICATED_IP, MANAGED_POOL, MANAGED_EMAILS)

MONTHLY_EMAILS_SENT = UsageKey("monthly_emails_sent", "emails", "email messages sent per month (each recipient a "
                               "message)")
MONTHLY_ATTACHMENTS_GB = UsageKey("monthly_attachments_gb", "GB", "attachments sent per month")
MONTHLY_EMAILS_RECEIVED = UsageKey("monthly_emails_received", "emails", "email messages received per month")
RECEIVED_EMAIL_SIZE_KB = UsageKey("received_email_size_kb", "KB", "a received message's average size; each 256 KB "
                                  "is billed as a chunk", chunk=256)
USAGE = {**{identity: (MONTHLY_EMAILS_SENT, MONTHLY_ATTACHMENTS_GB) for identity in IDENTITIES},
         RECEIPT_RULE_SET: (MONTHLY_EMAILS_RECEIVED, RECEIVED_EMAIL_SIZE_KB),
         DEDICATED_IP_POOL: (MONTHLY_EMAILS_SENT,)}
SCALING_MODES = ("STANDARD", "MANAGED")


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        **{identity: (_identity, "SES identity") for identity in IDENTITIES},
        RECEIPT_RULE_SET: (_receipt_rule_set, "SES receipt rule set"),
        DEDICATED_IP_POOL: (_dedicated_ip_pool, "SES dedicated IP pool"),
        DEDICATED_IP_ASSIGNMENT: (lambda row: [DEDICATED_IP.line(row.urn, 1.0)], "SES dedicated IP"),
    })


def _identity(resource: Any) -> list[dict[str, Any]]:
    return [EMAILS_SENT.usage_line(resource.urn, MONTHLY_EMAILS_SENT, factor=1 / PER_THOUSAND),
            ATTACHMENTS.usage_line(resource.urn, MONTHLY_ATTACHMENTS_GB)]


def _receipt_rule_set(resource: Any) -> list[dict[str, Any]]:
    return [EMAILS_RECEIVED.usage_line(resource.urn, MONTHLY_EMAILS_RECEIVED, factor=1 / PER_THOUSAND),
            RECEIVED_CHUNKS.usage_line(resource.urn, (MONTHLY_EMAILS_RECEIVED, RECEIVED_EMAIL_SIZE_KB),
                                       factor=1 / PER_THOUSAND)]


def _dedicated_ip_pool(resource: Any) -> list[dict[str, Any]]:
    mode = text(resource.inputs, "scalingMode", "scaling mode", "STANDARD").upper()
    if mode not in SCALING_MODES:
        raise Unpriceable(f"scaling mode {mode}: expected STANDARD or MANAGED")
    if mode == "STANDARD":
        return []
    return [MANAGED_POOL.line(resource.urn, 1.0),
            *MANAGED_EMAILS.usage_lines(resource.urn, MONTHLY_EMAILS_SENT, "email sent through managed dedicated IPs",
                                        factor=1 / PER_THOUSAND)]
