"""The Network component's resource graph, run offline under mocks, wiring checked through recorded inputs."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws
import pytest

from components.network import Network

VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
IGW = "aws:ec2/internetGateway:InternetGateway"
EIP = "aws:ec2/eip:Eip"
NAT = "aws:ec2/natGateway:NatGateway"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
ROUTE = "aws:ec2/route:Route"
ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"
VGW = "aws:ec2/vpnGateway:VpnGateway"
CGW = "aws:ec2/customerGateway:CustomerGateway"
VPN_CONNECTION = "aws:ec2/vpnConnection:VpnConnection"
VPN_ROUTE = "aws:ec2/vpnConnectionRoute:VpnConnectionRoute"
PROPAGATION = "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
NACL = "aws:ec2/networkAcl:NetworkAcl"
ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]
VPN = {"customer_gateway_ip": "203.0.113.12", "bgp_asn": 65010, "on_premises_cidrs": ["192.168.0.0/16"]}
COMBINATIONS = [
    ("public-only", "none"),
    ("public-private", "none"), ("public-private", "single"), ("public-private", "per-az"),
    ("public-private-vpn", "none"), ("public-private-vpn", "single"), ("public-private-vpn", "per-az"),
    ("private-vpn", "none"),
]
OUTPUTS = ("vpc_id", "vpc_cidr", "availability_zones", "public_subnet_ids", "private_subnet_ids",
           "isolated_subnet_ids", "database_subnet_ids", "public_route_table_ids", "private_route_table_ids",
           "isolated_route_table_ids", "nat_gateway_ids", "vpn_connection_id")


def network_args(architecture: str, nat_strategy: str, **overrides) -> dict:
    args = {"architecture": architecture, "nat_strategy": nat_strategy, "availability_zone_count": 3}
    if architecture.endswith("-vpn"):
        args["vpn"] = dict(VPN)
    return {**args, **overrides}


@pytest.fixture
def build(run_offline):
    """build(args, region=...) runs one Network (exporting its outputs) and returns the ProgramRun."""

    def run(args: dict, region: str = "us-east-1"):
        def program() -> None:
            network = Network("net", args)
            for output in OUTPUTS:
                pulumi.export(output, getattr(network, output))

        return run_offline(program, region=region)

    return run


def subnets_by_tier(run) -> dict[str, list]:
    tiers: dict[str, list] = {"public": [], "private": [], "isolated": []}
    for subnet in run.of_type(SUBNET):
        tiers[subnet.inputs["tags"]["Tier"]].append(subnet)
    return tiers


def by_name(resources: list) -> list:
    """Resources register concurrently; names carry the zone, so sorting by name gives zone order."""
    return sorted(resources, key=lambda resource: resource.name)


def route_table_of(run, subnet) -> object:
    [association] = [a for a in run.of_type(ASSOCIATION) if a.inputs["subnetId"] == subnet.id]
    return run.by_id()[association.inputs["routeTableId"]]


def routes_of(run, table) -> list:
    return [route for route in run.of_type(ROUTE) if route.inputs["routeTableId"] == table.id]


def default_route(run, table):
    defaults = [r for r in routes_of(run, table) if r.inputs["destinationCidrBlock"] == "0.0.0.0/0"]
    assert len(defaults) <= 1
    return defaults[0] if defaults else None


# --- the graph for each architecture x NAT strategy ---------------------------------------------

@pytest.mark.parametrize("isolated", [False, True], ids=["no-isolated", "isolated"])
@pytest.mark.parametrize("architecture, nat_strategy", COMBINATIONS)
def test_graph_for_each_architecture_and_nat_strategy(build, architecture, nat_strategy, isolated):
    run = build(network_args(architecture, nat_strategy, isolated_subnets=isolated))
    has_public = architecture != "private-vpn"
    has_private = architecture != "public-only"
    has_vpn = architecture.endswith("-vpn")
    nat_count = {"none": 0, "single": 1, "per-az": 3}[nat_strategy]

    [component] = run.of_type("webstack:index:Network")
    assert all(r.parent == component.urn for r in run.resources if r is not component)
    [vpc] = run.of_type(VPC)
    assert (vpc.inputs["cidrBlock"], vpc.inputs["enableDnsSupport"], vpc.inputs["enableDnsHostnames"]) == (
        "10.0.0.0/16", True, True)

    tiers = subnets_by_tier(run)
    assert {tier: len(subnets) for tier, subnets in tiers.items()} == {
        "public": 3 * has_public, "private": 3 * has_private, "isolated": 3 * isolated}
    for tier, subnets in tiers.items():
        assert sorted(s.inputs["availabilityZone"] for s in subnets) == (ZONES if subnets else [])
        assert all(s.inputs["mapPublicIpOnLaunch"] is (tier == "public") for s in subnets)
        assert all(s.inputs["vpcId"] == vpc.id for s in subnets)

    igws = run.of_type(IGW)
    assert len(igws) == int(has_public)
    assert len(run.of_type(NAT)) == nat_count
    assert len(run.of_type(EIP)) == nat_count
    private_tables = (3 if nat_strategy == "per-az" else 1) * has_private
    assert len(run.of_type(ROUTE_TABLE)) == has_public + private_tables + isolated

    eips = {eip.outputs["allocationId"]: eip for eip in run.of_type(EIP)}
    public_zone = {s.id: s.inputs["availabilityZone"] for s in tiers["public"]}
    nat_zone = {}
    for nat in run.of_type(NAT):
        assert eips[nat.inputs["allocationId"]].inputs["domain"] == "vpc"
        assert nat.inputs["subnetId"] in public_zone
        nat_zone[nat.id] = public_zone[nat.inputs["subnetId"]]
    assert sorted(nat_zone.values()) == {"none": [], "single": ["us-east-1a"], "per-az": ZONES}[nat_strategy]

    igw_ids = {igw.id for igw in igws}
    for subnet in tiers["public"]:
        assert default_route(run, route_table_of(run, subnet)).inputs["gatewayId"] == igws[0].id
    for subnet in tiers["private"]:
        table = route_table_of(run, subnet)
        route = default_route(run, table)
        assert all(r.inputs.get("gatewayId") not in igw_ids for r in routes_of(run, table))
        if nat_strategy == "none":
            assert route is None
        elif nat_strategy == "single":
            assert nat_zone[route.inputs["natGatewayId"]] == "us-east-1a"
        else:
            assert nat_zone[route.inputs["natGatewayId"]] == subnet.inputs["availabilityZone"]
    for subnet in tiers["isolated"]:
        assert routes_of(run, route_table_of(run, subnet)) == []

    assert len(run.of_type(ASSOCIATION)) == len(run.of_type(SUBNET))
    assert [len(run.of_type(t)) for t in (VGW, CGW, VPN_CONNECTION)] == [int(has_vpn)] * 3
    [endpoint] = run.of_type(ENDPOINT)
    assert sorted(endpoint.inputs["routeTableIds"]) == sorted(t.id for t in run.of_type(ROUTE_TABLE))


# --- VPN ----------------------------------------------------------------------------------------

def test_static_vpn_wires_gateways_connection_routes_and_private_routes(build):
    vpn = {**VPN, "on_premises_cidrs": ["192.168.0.0/16", "172.20.0.0/16"]}
    run = build(network_args("public-private-vpn", "per-az", isolated_subnets=True, vpn=vpn))
    [vpc], [vgw], [cgw], [connection] = (run.of_type(t) for t in (VPC, VGW, CGW, VPN_CONNECTION))
    assert vgw.inputs["vpcId"] == vpc.id
    assert (cgw.inputs["ipAddress"], cgw.inputs["bgpAsn"], cgw.inputs["type"]) == ("203.0.113.12", "65010", "ipsec.1")
    assert connection.inputs["customerGatewayId"] == cgw.id
    assert connection.inputs["vpnGatewayId"] == vgw.id
    assert connection.inputs["staticRoutesOnly"] is True
    assert sorted((r.inputs["vpnConnectionId"], r.inputs["destinationCidrBlock"]) for r in run.of_type(VPN_ROUTE)) == [
        (connection.id, "172.20.0.0/16"), (connection.id, "192.168.0.0/16")]
    tables = {t.name: t for t in run.of_type(ROUTE_TABLE)}
    via_vgw = sorted((run.by_id()[r.inputs["routeTableId"]].name, r.inputs["destinationCidrBlock"])
                     for r in run.of_type(ROUTE) if r.inputs.get("gatewayId") == vgw.id)
    assert via_vgw == sorted((f"net-private-{zone}-rt", cidr) for zone in ZONES
                             for cidr in ("192.168.0.0/16", "172.20.0.0/16"))
    assert "net-isolated-rt" in tables and "net-public-rt" in tables
    assert run.of_type(PROPAGATION) == []
    assert run.outputs["vpn_connection_id"] == connection.id


def test_vpn_route_propagation_uses_bgp_and_propagates_into_private_tables(build):
    run = build(network_args("private-vpn", "none", vpn={"customer_gateway_ip": "198.51.100.7",
                                                         "route_propagation": True}))
    [vgw], [connection], [private_table] = run.of_type(VGW), run.of_type(VPN_CONNECTION), run.of_type(ROUTE_TABLE)
    assert connection.inputs["staticRoutesOnly"] is False
    assert run.of_type(VPN_ROUTE) == [] and run.of_type(ROUTE) == []
    [propagation] = run.of_type(PROPAGATION)
    assert (propagation.inputs["vpnGatewayId"], propagation.inputs["routeTableId"]) == (vgw.id, private_table.id)
    assert run.of_type(IGW) == [] and run.of_type(NAT) == []


# --- the rest of the VPC ------------------------------------------------------------------------

def test_default_security_group_is_left_with_no_rules(build):
    run = build({})
    [vpc], [group] = run.of_type(VPC), run.of_type(DEFAULT_SG)
    assert (group.inputs["vpcId"], group.inputs["ingress"], group.inputs["egress"]) == (vpc.id, [], [])


def test_s3_gateway_endpoint_serves_the_region_and_can_be_turned_off(build):
    [endpoint] = build({}, region="eu-west-1").of_type(ENDPOINT)
    assert (endpoint.inputs["serviceName"], endpoint.inputs["vpcEndpointType"]) == (
        "com.amazonaws.eu-west-1.s3", "Gateway")
    assert build({"s3_gateway_endpoint": False}).of_type(ENDPOINT) == []


def test_flow_logs_write_to_a_retained_log_group_through_a_least_privilege_role(build):
    run = build({"flow_logs": True})
    [vpc], [group], [role], [policy], [flow_log] = (run.of_type(t) for t in (VPC, LOG_GROUP, ROLE, ROLE_POLICY,
                                                                              FLOW_LOG))
    assert group.inputs["retentionInDays"] == 30
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert trust == [{"Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                      "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]
    [statement] = json.loads(policy.inputs["policy"])["Statement"]
    assert statement["Resource"] == [group.outputs["arn"], group.outputs["arn"] + ":*"]
    assert statement["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups",
                                   "logs:DescribeLogStreams"]
    assert policy.inputs["role"] == role.id
    assert (flow_log.inputs["vpcId"], flow_log.inputs["trafficType"], flow_log.inputs["logDestinationType"],
            flow_log.inputs["logDestination"], flow_log.inputs["iamRoleArn"]) == (
        vpc.id, "ALL", "cloud-watch-logs", group.outputs["arn"], role.outputs["arn"])
    assert [len(build({}).of_type(t)) for t in (LOG_GROUP, ROLE, FLOW_LOG)] == [0, 0, 0]


def test_network_acls_cover_each_tier_and_the_isolated_tier_talks_to_the_vpc_only(build):
    run = build(network_args("public-private", "single", isolated_subnets=True, network_acls=True))
    tiers = subnets_by_tier(run)
    acls = {acl.name: acl for acl in run.of_type(NACL)}
    assert sorted(acls) == ["net-isolated-nacl", "net-private-nacl", "net-public-nacl"]
    for tier, subnets in tiers.items():
        assert acls[f"net-{tier}-nacl"].inputs["subnetIds"] == [s.id for s in by_name(subnets)]
    isolated = acls["net-isolated-nacl"].inputs
    rule = {"action": "allow", "cidrBlock": "10.0.0.0/16", "fromPort": 0, "toPort": 0, "ruleNo": 100, "protocol": "-1"}
    assert (isolated["ingress"], isolated["egress"]) == ([rule], [rule])
    public_ingress = acls["net-public-nacl"].inputs["ingress"]
    assert [(r["ruleNo"], r["protocol"], r["cidrBlock"], r["fromPort"], r["toPort"]) for r in public_ingress] == [
        (100, "-1", "10.0.0.0/16", 0, 0), (110, "tcp", "0.0.0.0/0", 80, 80), (120, "tcp", "0.0.0.0/0", 443, 443),
        (130, "tcp", "0.0.0.0/0", 1024, 65535), (140, "udp", "0.0.0.0/0", 1024, 65535)]
    assert build({}).of_type(NACL) == []


def test_resource_names_are_prefixed_with_the_component_name(build):
    run = build(network_args("public-private", "per-az", availability_zone_count=2))
    names = sorted(r.name for r in run.resources if r.custom)
    assert names == sorted([
        "net-vpc", "net-default-sg", "net-igw", "net-s3-endpoint",
        "net-public-us-east-1a", "net-public-us-east-1b", "net-private-us-east-1a", "net-private-us-east-1b",
        "net-nat-us-east-1a", "net-nat-us-east-1b", "net-nat-us-east-1a-eip", "net-nat-us-east-1b-eip",
        "net-public-rt", "net-private-us-east-1a-rt", "net-private-us-east-1b-rt",
        "net-public-rt-default", "net-private-us-east-1a-rt-default", "net-private-us-east-1b-rt-default",
        "net-public-us-east-1a-rta", "net-public-us-east-1b-rta", "net-private-us-east-1a-rta",
        "net-private-us-east-1b-rta",
    ])


# --- outputs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("architecture, nat_strategy, isolated, database_tier", [
    ("public-only", "none", False, "public"),
    ("public-private", "per-az", False, "private"),
    ("public-private", "single", True, "isolated"),
])
def test_outputs_list_the_ids_in_zone_order(build, architecture, nat_strategy, isolated, database_tier):
    run = build(network_args(architecture, nat_strategy, isolated_subnets=isolated))
    tiers = {tier: [s.id for s in by_name(subnets)] for tier, subnets in subnets_by_tier(run).items()}
    tables = {tier: [t.id for t in by_name(run.of_type(ROUTE_TABLE)) if t.name.startswith(f"net-{tier}")]
              for tier in tiers}
    [vpc] = run.of_type(VPC)
    assert run.outputs == {
        "vpc_id": vpc.id,
        "vpc_cidr": "10.0.0.0/16",
        "availability_zones": ZONES,
        "public_subnet_ids": tiers["public"],
        "private_subnet_ids": tiers["private"],
        "isolated_subnet_ids": tiers["isolated"],
        "database_subnet_ids": tiers[database_tier],
        "public_route_table_ids": tables["public"],
        "private_route_table_ids": tables["private"],
        "isolated_route_table_ids": tables["isolated"],
        "nat_gateway_ids": [nat.id for nat in by_name(run.of_type(NAT))],
        "vpn_connection_id": "",
    }
    assert len(run.outputs["database_subnet_ids"]) == 3


# --- validation and the region ------------------------------------------------------------------

def test_validation_fails_before_any_child_resource_is_created(run_offline):
    errors = []

    def program() -> None:
        try:
            Network("net", {"availability_zone_count": 3, "nat_strategy": "per-az"})
        except ValueError as error:
            errors.append(str(error))

    run = run_offline(program, region="us-west-1")
    assert errors == ["availability_zone_count 3 is out of range: the region has 2 availability zones "
                      "(us-west-1a, us-west-1c); allowed: 1 to 2"]
    assert [r.type for r in run.resources] == ["webstack:index:Network"]


def test_zones_come_from_the_region_through_the_components_provider(run_offline):
    def program() -> None:
        provider = aws.Provider("aws", region="ap-northeast-1")
        Network("net", {"availability_zone_count": 3}, opts=pulumi.ResourceOptions(providers={"aws": provider}))

    run = run_offline(program, region="ap-northeast-1")
    assert [s.inputs["availabilityZone"] for s in run.of_type(SUBNET)].count("ap-northeast-1d") == 2
    [provider] = run.of_type("pulumi:providers:aws")
    assert all(r.provider.startswith(provider.urn) for r in run.of_type(SUBNET, VPC, NAT))
