"""NAT gateways, Elastic IPs, Site-to-Site VPN connections and VPC endpoints.

- NAT gateway: per hour, plus the GB it processes (usage) and, when public, data out to the
  internet (usage). Its public IPv4 address is priced on the `aws:ec2/eip` it allocates when that
  EIP is in the stack (so it is never counted twice), else on the gateway itself.
- Elastic IP: one public IPv4 address, in use or idle alike; none for an address from your own
  IPv4 pool (BYOIP), which AWS does not bill.
- VPN connection: per hour (plus the transit gateway attachment hour when it ends on one).
- VPC endpoint: an interface endpoint per hour per subnet (AZ), plus the GB it processes (usage);
  a gateway endpoint (S3, DynamoDB) is free; Gateway Load Balancer endpoints are not priced. Subnets
  unknown until apply leave the hours a line of unknown quantity (the resource partly priced).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import SUBNET, Index, Unpriceable, each_type, known, line_or_unknown, subnet_count, text
from costing.rules.declare import Normalized, OfferFilter, Page, Price
from costing.rules.shared import (
    MONTHLY_DATA_PROCESSED_GB, MONTHLY_OUTBOUND_INTERNET_GB, data_transfer_out_lines, public_ipv4_line,
)

NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"
EIP = "aws:ec2/eip:Eip"
VPN_CONNECTION = "aws:ec2/vpnConnection:VpnConnection"
VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
TYPES = (NAT_GATEWAY, EIP, VPN_CONNECTION, VPC_ENDPOINT)

NAT_HOURS = Price("nat", "nat-gateway", "hour", "NAT gateway hours", sources=[Normalized("nat")],
                  refresh=[OfferFilter("AmazonEC2", usage="NatGateway-Hours")])
NAT_DATA = Price("nat", "nat-gateway-data", "GB", "data processed", sources=[Normalized("nat")],
                 refresh=[OfferFilter("AmazonEC2", usage="NatGateway-Bytes")])
VPN_HOURS = Price("vpc", "site-to-site-vpn-connection", "hour", "Site-to-Site VPN connection hours",
                  sources=[Normalized("vpc")], refresh=[OfferFilter("AmazonVPC", usage="VPN-Usage-Hours:ipsec.1")])
TGW_VPN_ATTACHMENT = Price("vpc", "tgw-vpn-attachment", "hour", "transit gateway VPN attachment hours",
                           sources=[Normalized("vpc")])
ENDPOINT_HOURS = Price("vpc", "interface-endpoint", "hour", "interface endpoint hours (one per subnet)",
                       sources=[Page("vpc.json", "Hourly charge for VPC Endpoints per Hrs")],
                       refresh=[OfferFilter("AmazonVPC", usage="VpcEndpoint-Hours")])
# The first tier only (up to 1 PB a month processed per region).
ENDPOINT_DATA = Price("vpc", "interface-endpoint-data", "GB", "data processed",
                      sources=[Page("vpc.json", "Charge for per GB data processed by VPC Endpoints per GB from 0 to "
                                                "1048576")],
                      refresh=[OfferFilter("AmazonVPC", usage="VpcEndpoint-Bytes",
                                           attributes={"endingRange": "1048576"})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"nat": "VPC", "vpc": "VPC"}
PRICES = (NAT_HOURS, NAT_DATA, VPN_HOURS, TGW_VPN_ATTACHMENT, ENDPOINT_HOURS, ENDPOINT_DATA)
USAGE = {NAT_GATEWAY: (MONTHLY_DATA_PROCESSED_GB, MONTHLY_OUTBOUND_INTERNET_GB),
         VPC_ENDPOINT: (MONTHLY_DATA_PROCESSED_GB,)}
AMAZON_POOL = "amazon"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, EIP, SUBNET)
    return each_type(resources, {
        NAT_GATEWAY: (lambda row: _nat_gateway(row, index), "NAT gateway"),
        EIP: (_elastic_ip, "Elastic IP"),
        VPN_CONNECTION: (_vpn_connection, "VPN connection"),
        VPC_ENDPOINT: (lambda row: _vpc_endpoint(row, index), "VPC endpoint"),
    })


def _nat_gateway(resource: Any, index: Index) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    rows = [NAT_HOURS.line(urn, 1.0), NAT_DATA.usage_line(urn, MONTHLY_DATA_PROCESSED_GB)]
    if text(inputs, "connectivityType", "connectivity type", "public") != "public":
        return rows
    allocation = inputs.get("allocationId")
    if index.referenced(resource, "allocationId", EIP, allocation) is None:
        rows.append(public_ipv4_line(urn, 1.0))
    return rows + data_transfer_out_lines(urn)


def _elastic_ip(resource: Any) -> list[dict[str, Any]]:
    if text(resource.inputs, "publicIpv4Pool", "public IPv4 pool", AMAZON_POOL) != AMAZON_POOL:
        return []
    return [public_ipv4_line(resource.urn, 1.0)]


def _vpn_connection(resource: Any) -> list[dict[str, Any]]:
    rows = [VPN_HOURS.line(resource.urn, 1.0)]
    if known(resource.inputs, "transitGatewayId", "transit gateway"):
        rows.append(TGW_VPN_ATTACHMENT.line(resource.urn, 1.0))
    return rows


def _vpc_endpoint(resource: Any, index: Index) -> list[dict[str, Any]]:
    endpoint_type = text(resource.inputs, "vpcEndpointType", "endpoint type", "Gateway")
    if endpoint_type == "Gateway":
        return []
    if endpoint_type != "Interface":
        raise Unpriceable(f"{endpoint_type} endpoints are not priced (priced: Interface; Gateway is free)")
    return [line_or_unknown(ENDPOINT_HOURS, resource.urn, lambda: _endpoint_subnets(resource, index)),
            ENDPOINT_DATA.usage_line(resource.urn, MONTHLY_DATA_PROCESSED_GB)]


def _endpoint_subnets(resource: Any, index: Index) -> int:
    subnets = subnet_count(resource, index, "subnetIds", "subnetConfigurations")
    if not subnets:
        raise Unpriceable("interface endpoint without subnets: number of AZs unknown")
    return subnets
