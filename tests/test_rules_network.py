"""NAT gateways, Elastic IPs, VPN connections and VPC endpoints to the cent on hand-checked
us-east-1 prices: NAT 0.045/h and 0.045/GB; public IPv4 0.005/h; VPN connection and transit
gateway attachment 0.05/h; interface endpoint 0.01/h per AZ and 0.01/GB; data out 0.09/GB."""

from __future__ import annotations

from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.pricing_helpers import cents, lines_of, of, priced, resource

NAT = "aws:ec2/natGateway:NatGateway"
EIP = "aws:ec2/eip:Eip"
VPN = "aws:ec2/vpnConnection:VpnConnection"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
SUBNET = "aws:ec2/subnet:Subnet"


def test_nat_gateway_address_is_priced_once_on_its_elastic_ip():
    eip = resource(EIP, "nat-eip", {"domain": "vpc"})
    nat = resource(NAT, "nat", {"allocationId": UNKNOWN, "subnetId": UNKNOWN}, refs={"allocationId": [eip["urn"]]})
    result = priced(eip, nat)
    assert list(lines_of(result, "nat").index) == ["NAT gateway hours", "data processed",
                                                   "data transfer out to the internet (first 10 TB)"]
    assert of(result, "nat")["monthly_usd"] == cents(32.85)  # 0.045 x 730
    assert of(result, "nat-eip")["monthly_usd"] == cents(3.65)  # 0.005 x 730
    assert result.totals["monthly_usd"] == cents(36.50)


def test_nat_gateway_finds_its_elastic_ip_by_allocation_id():
    eip = resource(EIP, "nat-eip", {"domain": "vpc"}, id="eipalloc-0abc")
    nat = resource(NAT, "nat", {"allocationId": "eipalloc-0abc"})
    assert priced(eip, nat).totals["monthly_usd"] == cents(36.50)


def test_nat_gateway_without_an_elastic_ip_in_the_stack_pays_for_its_address():
    result = priced(resource(NAT, "nat", {"allocationId": "eipalloc-elsewhere"}))
    assert lines_of(result, "nat").loc["public IPv4 address", "monthly_usd"] == cents(3.65)
    assert of(result, "nat")["monthly_usd"] == cents(36.50)  # 32.85 + 3.65


def test_nat_gateway_data_processed_with_and_without_usage():
    without = lines_of(priced(resource(NAT, "nat", {})), "nat").loc["data processed"]
    assert without["reason"] == "depends on usage" and without["unit_usd"] == 0.045
    usage = Usage("usage.yaml", defaults={NAT: {"monthly_data_processed_gb": 1000, "monthly_outbound_internet_gb": 500}})
    result = priced(resource(NAT, "nat", {}), usage=usage)
    lines = lines_of(result, "nat")
    assert lines.loc["data processed", "monthly_usd"] == cents(45.00)  # 1,000 x 0.045
    assert lines.loc["data transfer out to the internet (first 10 TB)", "monthly_usd"] == cents(45.00)  # 500 x 0.09
    assert of(result, "nat")["usage_monthly_usd"] == cents(90.00)


def test_private_nat_gateway_has_no_public_address():
    result = priced(resource(NAT, "private", {"connectivityType": "private"}))
    assert list(lines_of(result, "private").index) == ["NAT gateway hours", "data processed"]


def test_elastic_ip_from_your_own_pool_is_free():
    result = priced(resource(EIP, "byoip", {"domain": "vpc", "publicIpv4Pool": "ipv4pool-ec2-012345"}))
    assert (of(result, "byoip")["status"], of(result, "byoip")["monthly_usd"]) == ("free", 0.0)


def test_vpn_connection_pays_by_the_hour():
    result = priced(resource(VPN, "vpn", {"customerGatewayId": "cgw-1", "vpnGatewayId": "vgw-1", "type": "ipsec.1"}),
                    resource(VPN, "tgw-vpn", {"customerGatewayId": "cgw-1", "transitGatewayId": "tgw-1"}))
    assert of(result, "vpn")["monthly_usd"] == cents(36.50)  # 0.05 x 730
    assert of(result, "tgw-vpn")["monthly_usd"] == cents(73.00)  # + the attachment, 0.05 x 730


def test_gateway_endpoint_is_free_interface_endpoint_pays_per_subnet():
    result = priced(resource(ENDPOINT, "s3", {"serviceName": "com.amazonaws.us-east-1.s3"}),
                    resource(ENDPOINT, "ssm", {"vpcEndpointType": "Interface", "subnetIds": ["a", "b", "c"]}))
    assert (of(result, "s3")["status"], of(result, "s3")["monthly_usd"]) == ("free", 0.0)
    lines = lines_of(result, "ssm")
    assert lines.loc["interface endpoint hours (one per subnet)", "monthly_usd"] == cents(21.90)  # 3 x 0.01 x 730
    assert lines.loc["data processed", "reason"] == "depends on usage"


def test_interface_endpoint_subnets_unknown_until_apply_are_counted_from_their_dependencies():
    subnets = [resource(SUBNET, f"private-{zone}", {}) for zone in "ab"]
    endpoint = resource(ENDPOINT, "ssm", {"vpcEndpointType": "Interface", "subnetIds": UNKNOWN},
                        refs={"subnetIds": [subnet["urn"] for subnet in subnets]})
    assert of(priced(*subnets, endpoint), "ssm")["monthly_usd"] == cents(14.60)  # 2 x 0.01 x 730


def test_gateway_load_balancer_endpoint_is_unpriced():
    result = priced(resource(ENDPOINT, "inspect", {"vpcEndpointType": "GatewayLoadBalancer"}))
    assert of(result, "inspect")["reason"] == ("GatewayLoadBalancer endpoints are not priced "
                                               "(priced: Interface; Gateway is free)")
