"""NAT gateways, Elastic IPs, Site-to-Site VPN connections and VPC endpoints.

- NAT gateway: per hour, plus the GB it processes (usage) and, when public, data out to the
  internet (usage). Its public IPv4 address is priced on the `aws:ec2/eip` it allocates when that
  EIP is in the stack (so it is never counted twice), else on the gateway itself.
- Elastic IP: one public IPv4 address, in use or idle alike; none for an address from your own
  IPv4 pool (BYOIP), which AWS does not bill.
- VPN connection: per hour (plus the transit gateway attachment hour when it ends on one).
- VPC endpoint: an interface endpoint per hour per subnet (AZ), plus the GB it processes (usage);
  a gateway endpoint (S3, DynamoDB) is free; Gateway Load Balancer endpoints are not priced.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import (
    DATA_TRANSFER_OUT, SUBNET, Index, Unpriceable, data_transfer_out_line, each_type, known, line,
    public_ipv4_line, subnet_count, text, usage_line,
)

NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"
EIP = "aws:ec2/eip:Eip"
VPN_CONNECTION = "aws:ec2/vpnConnection:VpnConnection"
VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
TYPES = (NAT_GATEWAY, EIP, VPN_CONNECTION, VPC_ENDPOINT)

GB_PROCESSED = "monthly_gb_processed"
USAGE_KEYS = {NAT_GATEWAY: (GB_PROCESSED, DATA_TRANSFER_OUT), VPC_ENDPOINT: (GB_PROCESSED,)}
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
    rows = [line(urn, "NAT gateway hours", "nat", "nat-gateway", "hour", 1.0),
            usage_line(urn, "data processed", "nat", "nat-gateway-data", "GB", GB_PROCESSED)]
    if text(inputs, "connectivityType", "connectivity type", "public") != "public":
        return rows
    allocation = inputs.get("allocationId")
    if index.referenced(resource, "allocationId", EIP, allocation) is None:
        rows.append(public_ipv4_line(urn, 1.0))
    return rows + [data_transfer_out_line(urn)]


def _elastic_ip(resource: Any) -> list[dict[str, Any]]:
    if text(resource.inputs, "publicIpv4Pool", "public IPv4 pool", AMAZON_POOL) != AMAZON_POOL:
        return []
    return [public_ipv4_line(resource.urn, 1.0)]


def _vpn_connection(resource: Any) -> list[dict[str, Any]]:
    rows = [line(resource.urn, "Site-to-Site VPN connection hours", "vpc", "site-to-site-vpn-connection", "hour", 1.0)]
    if known(resource.inputs, "transitGatewayId", "transit gateway"):
        rows.append(line(resource.urn, "transit gateway VPN attachment hours", "vpc", "tgw-vpn-attachment", "hour",
                         1.0))
    return rows


def _vpc_endpoint(resource: Any, index: Index) -> list[dict[str, Any]]:
    endpoint_type = text(resource.inputs, "vpcEndpointType", "endpoint type", "Gateway")
    if endpoint_type == "Gateway":
        return []
    if endpoint_type != "Interface":
        raise Unpriceable(f"{endpoint_type} endpoints are not priced (priced: Interface; Gateway is free)")
    subnets = subnet_count(resource, index, "subnetIds", "subnetConfigurations")
    if not subnets:
        raise Unpriceable("interface endpoint without subnets: number of AZs unknown")
    return [line(resource.urn, "interface endpoint hours (one per subnet)", "vpc", "interface-endpoint", "hour",
                 subnets),
            usage_line(resource.urn, "data processed", "vpc", "interface-endpoint-data", "GB", GB_PROCESSED)]
