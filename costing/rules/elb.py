"""Load balancers: application and network (`aws:lb/loadBalancer`; the inventory has already turned
its `aws:alb` alias into it) and classic (`aws:elb/loadBalancer`).

Each is priced per hour, plus its capacity units (ALB LCUs, NLB NLCUs: the hourly average from the
usage file) or, for a classic load balancer, the GB it processes. An internet-facing load balancer
holds one public IPv4 address per subnet (AZ), billed by the hour like any other (none when its
address type is dualstack-without-public-ipv4), and sends data out to the internet (usage). When its
subnets are unknown until apply, it is priced for the rest and its addresses are a line of unknown
quantity (the estimate marks its totals incomplete).
Gateway load balancers are not priced.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import SUBNET, Index, Unpriceable, each_type, flag, line_or_unknown, subnet_count, text
from costing.rules.declare import Normalized, OfferFilter, Price, UsageKey
from costing.rules.shared import (
    MONTHLY_DATA_PROCESSED_GB, MONTHLY_OUTBOUND_INTERNET_GB, PUBLIC_IPV4, data_transfer_out_lines,
)

LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer"
CLASSIC = "aws:elb/loadBalancer:LoadBalancer"
TYPES = (LOAD_BALANCER, CLASSIC)


def _elb(item: str, unit: str, description: str, family: str, usage: str) -> Price:
    """An AWSELB price: the rows of one load balancer product family and usage type."""
    return Price("elb", item, unit, description, sources=[Normalized("elb")],
                 refresh=[OfferFilter("AWSELB", families=family, usage=usage)])


ALB_HOURS = _elb("alb", "hour", "application load balancer hours", "Load Balancer-Application", "LoadBalancerUsage")
ALB_LCU = _elb("alb-lcu", "LCU-hour", "load balancer capacity units (LCU)", "Load Balancer-Application", "LCUUsage")
NLB_HOURS = _elb("nlb", "hour", "network load balancer hours", "Load Balancer-Network", "LoadBalancerUsage")
NLB_NLCU = _elb("nlb-nlcu", "NLCU-hour", "network load balancer capacity units (NLCU)", "Load Balancer-Network",
                "LCUUsage")
GWLB_HOURS = _elb("gwlb", "hour", "gateway load balancer hours", "Load Balancer-Gateway", "LoadBalancerUsage")
GWLB_GLCU = _elb("gwlb-glcu", "GLCU-hour", "gateway load balancer capacity units (GLCU)", "Load Balancer-Gateway",
                 "LCUUsage")
CLB_HOURS = _elb("clb", "hour", "classic load balancer hours", "Load Balancer", "LoadBalancerUsage")
CLB_DATA = _elb("clb-data", "GB", "data processed", "Load Balancer", "DataProcessing-Bytes")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"elb": "Elastic Load Balancing"}
PRICES = (ALB_HOURS, ALB_LCU, NLB_HOURS, NLB_NLCU, GWLB_HOURS, GWLB_GLCU, CLB_HOURS, CLB_DATA)

LCU_PER_HOUR = UsageKey("lcu_per_hour", "LCU", "an application load balancer's average load balancer capacity "
                        "units (LCU) an hour")
NLCU_PER_HOUR = UsageKey("nlcu_per_hour", "NLCU", "a network load balancer's average capacity units (NLCU) an hour")
USAGE = {LOAD_BALANCER: (LCU_PER_HOUR, NLCU_PER_HOUR, MONTHLY_OUTBOUND_INTERNET_GB),
         CLASSIC: (MONTHLY_DATA_PROCESSED_GB, MONTHLY_OUTBOUND_INTERNET_GB)}

# loadBalancerType -> (hour price, capacity price, its usage key)
KINDS = {"application": (ALB_HOURS, ALB_LCU, LCU_PER_HOUR), "network": (NLB_HOURS, NLB_NLCU, NLCU_PER_HOUR)}
NO_PUBLIC_IPV4 = "dualstack-without-public-ipv4"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, SUBNET)
    return each_type(resources, {LOAD_BALANCER: (lambda row: _load_balancer(row, index), "load balancer"),
                                 CLASSIC: (lambda row: _classic(row, index), "classic load balancer")})


def _load_balancer(resource: Any, index: Index) -> list[dict[str, Any]]:
    inputs = resource.inputs
    kind = text(inputs, "loadBalancerType", "load balancer type", "application")
    if kind not in KINDS:
        raise Unpriceable(f"{kind} load balancers are not priced (priced: application, network)")
    hours, capacity, usage_key = KINDS[kind]
    urn = resource.urn
    rows = [hours.line(urn, 1.0, f"{kind} load balancer hours"), capacity.usage_line(urn, usage_key)]
    return rows + _internet_facing_lines(resource, index, "subnets", "subnetMappings")


def _classic(resource: Any, index: Index) -> list[dict[str, Any]]:
    urn = resource.urn
    rows = [CLB_HOURS.line(urn, 1.0), CLB_DATA.usage_line(urn, MONTHLY_DATA_PROCESSED_GB)]
    return rows + _internet_facing_lines(resource, index, "subnets", "availabilityZones")


def _internet_facing_lines(resource: Any, index: Index, *placement_keys: str) -> list[dict[str, Any]]:
    inputs = resource.inputs
    if flag(inputs, "internal", "internal"):
        return []
    rows = []
    if text(inputs, "ipAddressType", "IP address type") != NO_PUBLIC_IPV4:
        rows.append(line_or_unknown(PUBLIC_IPV4, resource.urn, lambda: _subnets(resource, index, placement_keys),
                                    "public IPv4 addresses (one per subnet)"))
    return rows + data_transfer_out_lines(resource.urn)


def _subnets(resource: Any, index: Index, placement_keys: tuple[str, ...]) -> int:
    subnets = subnet_count(resource, index, *placement_keys)
    if not subnets:
        raise Unpriceable("no subnets or availability zones: number of public IPv4 addresses unknown")
    return subnets
