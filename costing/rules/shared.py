"""Prices that resources of many services incur alike, public IPv4 addresses and data transfer out to
the internet, and usage keys many types read (data processed, data sent to the internet).

- Public IPv4: since February 2024 AWS bills every public IPv4 address by the hour, in use or idle, at
  the same rate (Amazon VPC pricing, "Public IPv4 address").
- Data transfer out to the internet: per GB in AWS's monthly volume tiers (first 10 TB, next 40 TB,
  next 100 TB, over 150 TB). The tiers and the 100 GB free allowance are account-wide: a resource's
  usage is split across the tiers on its own (never lower than AWS bills), and the allowance is
  stated on the line, not applied.
"""

from __future__ import annotations

from typing import Any

from costing.rules.declare import INF, Normalized, OfferFilter, Price, Tier, Tiered, UsageKey

PUBLIC_IPV4 = Price(
    "vpc", "public-ipv4-in-use", "hour", "public IPv4 address",
    sources=[Normalized("vpc")],
    refresh=[OfferFilter("AmazonVPC", usage="PublicIPv4:InUseAddress")])
PUBLIC_IPV4_IDLE = Price(
    "vpc", "public-ipv4-idle", "hour", "public IPv4 address, idle (AWS bills it as one in use)",
    sources=[Normalized("vpc")],
    refresh=[OfferFilter("AmazonVPC", usage="PublicIPv4:IdleAddress")])

MONTHLY_OUTBOUND_INTERNET_GB = UsageKey(
    "monthly_outbound_internet_gb", "GB", "data sent to the internet per month",
    aliases=("monthly_data_transfer_out_gb",))

MONTHLY_DATA_PROCESSED_GB = UsageKey("monthly_data_processed_gb", "GB", "data processed per month",
                                     aliases=("monthly_gb_processed",))

_FREE_ALLOWANCE = "the first 100 GB a month are free, account-wide (not applied)"


def _transfer_tier(variant: str, upto: float, label: str, ending_range: str) -> Tier:
    return Tier(upto, label, Price(
        "data-transfer", "out-to-internet", "GB", f"data transfer out to the internet, {label}", variant=variant,
        sources=[Normalized("data-transfer")],
        refresh=[OfferFilter("AWSDataTransfer", usage="DataTransfer-Out-Bytes",
                             attributes={"endingRange": ending_range})],
        free_tier=_FREE_ALLOWANCE if upto == 10240 else ""))


DATA_TRANSFER_OUT = Tiered([
    _transfer_tier("0-10TB", 10240, "first 10 TB", "10240"),
    _transfer_tier("10-50TB", 51200, "next 40 TB", "51200"),
    _transfer_tier("50-150TB", 153600, "next 100 TB", "153600"),
    _transfer_tier("150TB+", INF, "over 150 TB", "Inf"),
])

# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"vpc": "VPC", "data-transfer": "Data Transfer"}
PRICES = (PUBLIC_IPV4, PUBLIC_IPV4_IDLE, DATA_TRANSFER_OUT)


def public_ipv4_line(urn: str, count: float, description: str = "public IPv4 address") -> dict[str, Any]:
    return PUBLIC_IPV4.line(urn, count, description)


def data_transfer_out_lines(urn: str) -> list[dict[str, Any]]:
    """The usage lines of what a resource sends to the internet (`monthly_outbound_internet_gb`)."""
    return DATA_TRANSFER_OUT.usage_lines(urn, MONTHLY_OUTBOUND_INTERNET_GB, "data transfer out to the internet")
