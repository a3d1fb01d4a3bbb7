"""Load balancers to the cent on hand-checked us-east-1 prices: ALB and NLB 0.0225/h, LCU 0.008,
NLCU 0.006 per unit-hour; CLB 0.025/h and 0.008/GB; public IPv4 0.005/h; data out 0.09/GB."""

from __future__ import annotations

import math

from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.pricing_helpers import cents, lines_of, of, priced, resource

LB = "aws:lb/loadBalancer:LoadBalancer"
CLB = "aws:elb/loadBalancer:LoadBalancer"
SUBNET = "aws:ec2/subnet:Subnet"


def test_internet_facing_alb_pays_one_public_ipv4_per_subnet():
    result = priced(resource(LB, "web", {"subnets": ["subnet-a", "subnet-b", "subnet-c"]}))
    lines = lines_of(result, "web")
    assert lines.loc["application load balancer hours", "monthly_usd"] == cents(16.43)  # 0.0225 x 730 = 16.425
    assert lines.loc["public IPv4 addresses (one per subnet)", "quantity"] == 3
    assert lines.loc["public IPv4 addresses (one per subnet)", "monthly_usd"] == cents(10.95)  # 3 x 0.005 x 730
    assert of(result, "web")["monthly_usd"] == cents(27.375)
    for usage_line in ("load balancer capacity units (LCU)", "data transfer out to the internet (first 10 TB)"):
        assert lines.loc[usage_line, "reason"] == "depends on usage" and math.isnan(lines.loc[usage_line, "quantity"])


def test_internal_alb_has_no_public_address_nor_internet_traffic():
    result = priced(resource(LB, "api", {"internal": True, "subnets": ["subnet-a", "subnet-b"]}))
    assert list(lines_of(result, "api").index) == ["application load balancer hours",
                                                   "load balancer capacity units (LCU)"]
    assert of(result, "api")["monthly_usd"] == cents(16.43)


def test_capacity_units_come_from_the_usage_file_as_an_hourly_average():
    usage = Usage("usage.yaml", defaults={LB: {"lcu_per_hour": 2, "monthly_outbound_internet_gb": 100}})
    result = priced(resource(LB, "web", {"subnets": ["subnet-a", "subnet-b"]}), usage=usage)
    lines = lines_of(result, "web")
    assert lines.loc["load balancer capacity units (LCU)", "monthly_usd"] == cents(11.68)  # 2 x 0.008 x 730
    assert lines.loc["data transfer out to the internet (first 10 TB)", "monthly_usd"] == cents(9.00)  # 100 x 0.09
    assert of(result, "web")["usage_monthly_usd"] == cents(20.68)
    assert of(result, "web")["monthly_usd"] == cents(23.73)  # 16.425 + 7.30, usage apart


def test_network_load_balancer_pays_nlcus():
    usage = Usage("usage.yaml", resources={"tcp": {"nlcu_per_hour": 10}})
    result = priced(resource(LB, "tcp", {"loadBalancerType": "network", "internal": True,
                                         "subnets": ["subnet-a"]}), usage=usage)
    lines = lines_of(result, "tcp")
    assert lines.loc["network load balancer hours", "monthly_usd"] == cents(16.43)
    assert lines.loc["network load balancer capacity units (NLCU)", "monthly_usd"] == cents(43.80)  # 10 x 0.006 x 730


def test_classic_load_balancer_pays_hours_gb_processed_and_an_address_per_subnet():
    usage = Usage("usage.yaml", resources={"classic": {"monthly_data_processed_gb": 1000}})
    result = priced(resource(CLB, "classic", {"subnets": ["subnet-a", "subnet-b"]}), usage=usage)
    lines = lines_of(result, "classic")
    assert lines.loc["classic load balancer hours", "monthly_usd"] == cents(18.25)  # 0.025 x 730
    assert lines.loc["public IPv4 addresses (one per subnet)", "monthly_usd"] == cents(7.30)  # 2 x 3.65
    assert lines.loc["data processed", "monthly_usd"] == cents(8.00)  # 1,000 x 0.008
    assert of(result, "classic")["monthly_usd"] == cents(25.55)


def test_subnets_unknown_until_apply_are_counted_from_their_dependencies():
    subnets = [resource(SUBNET, f"public-{zone}", {}) for zone in "ab"]
    lb = resource(LB, "web", {"subnets": UNKNOWN}, refs={"subnets": [subnet["urn"] for subnet in subnets]})
    result = priced(*subnets, lb)
    assert lines_of(result, "web").loc["public IPv4 addresses (one per subnet)", "quantity"] == 2


def test_subnets_unknown_without_dependencies_leave_the_load_balancer_partly_priced():
    result = priced(resource(LB, "web", {"subnets": UNKNOWN}))
    web = of(result, "web")
    assert (web["status"], web["reason"]) == ("partial", "subnets unknown until apply")
    assert web["monthly_usd"] == cents(16.43)  # the hours alone: 0.0225 x 730
    addresses = lines_of(result, "web").loc["public IPv4 addresses (one per subnet)"]
    assert (addresses["status"], addresses["unit_usd"], addresses["reason"]) == (
        "unknown", 0.005, "subnets unknown until apply")
    assert math.isnan(addresses["quantity"]) and math.isnan(addresses["monthly_usd"])
    assert (result.totals["monthly_usd"], result.totals["partial"], result.totals["unpriced"]) == (cents(16.43), 1, 0)


def test_dualstack_without_public_ipv4_pays_no_address():
    result = priced(resource(LB, "v6", {"ipAddressType": "dualstack-without-public-ipv4", "subnets": ["a", "b"]}))
    assert "public IPv4 addresses (one per subnet)" not in lines_of(result, "v6").index


def test_gateway_load_balancer_is_unpriced():
    result = priced(resource(LB, "gwlb", {"loadBalancerType": "gateway", "subnets": ["a"]}))
    assert of(result, "gwlb")["reason"] == "gateway load balancers are not priced (priced: application, network)"
