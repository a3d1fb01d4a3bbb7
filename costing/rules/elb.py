"""Load balancers: application and network (`aws:lb/loadBalancer`; the inventory has already turned
its `aws:alb` alias into it) and classic (`aws:elb/loadBalancer`).

Each is priced per hour, plus its capacity units (ALB LCUs, NLB NLCUs: the hourly average from the
usage file) or, for a classic load balancer, the GB it processes. An internet-facing load balancer
holds one public IPv4 address per subnet (AZ), billed by the hour like any other (none when its
address type is dualstack-without-public-ipv4), and sends data out to the internet (usage).
Gateway load balancers are not priced.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import (
    DATA_TRANSFER_OUT, SUBNET, Index, Unpriceable, data_transfer_out_line, each_type, flag, line, public_ipv4_line,
    subnet_count, text, usage_line,
)

LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer"
CLASSIC = "aws:elb/loadBalancer:LoadBalancer"
TYPES = (LOAD_BALANCER, CLASSIC)

LCU, NLCU, GB_PROCESSED = "lcu_per_hour", "nlcu_per_hour", "monthly_gb_processed"
USAGE_KEYS = {LOAD_BALANCER: (LCU, NLCU, DATA_TRANSFER_OUT), CLASSIC: (GB_PROCESSED, DATA_TRANSFER_OUT)}

# loadBalancerType -> (hour item, capacity item, capacity unit, usage key, what the capacity unit is)
KINDS = {
    "application": ("alb", "alb-lcu", "LCU-hour", LCU, "load balancer capacity units (LCU)"),
    "network": ("nlb", "nlb-nlcu", "NLCU-hour", NLCU, "network load balancer capacity units (NLCU)"),
}
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
    hour_item, capacity_item, capacity_unit, usage_key, capacity = KINDS[kind]
    urn = resource.urn
    rows = [line(urn, f"{kind} load balancer hours", "elb", hour_item, "hour", 1.0),
            usage_line(urn, capacity, "elb", capacity_item, capacity_unit, usage_key)]
    return rows + _internet_facing_lines(resource, index, "subnets", "subnetMappings")


def _classic(resource: Any, index: Index) -> list[dict[str, Any]]:
    urn = resource.urn
    rows = [line(urn, "classic load balancer hours", "elb", "clb", "hour", 1.0),
            usage_line(urn, "data processed", "elb", "clb-data", "GB", GB_PROCESSED)]
    return rows + _internet_facing_lines(resource, index, "subnets", "availabilityZones")


def _internet_facing_lines(resource: Any, index: Index, *placement_keys: str) -> list[dict[str, Any]]:
    inputs = resource.inputs
    if flag(inputs, "internal", "internal"):
        return []
    rows = []
    if text(inputs, "ipAddressType", "IP address type") != NO_PUBLIC_IPV4:
        subnets = subnet_count(resource, index, *placement_keys)
        if not subnets:
            raise Unpriceable("no subnets or availability zones: number of public IPv4 addresses unknown")
        rows.append(public_ipv4_line(resource.urn, subnets, "public IPv4 addresses (one per subnet)"))
    return rows + [data_transfer_out_line(resource.urn)]
