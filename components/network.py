"""The Network component: a VPC in one of the four architectures AWS documents, built from a plan.

components/network_plan.py decides and validates everything as plain data; this module only looks up
the region's availability zones and turns the plan into resources.
"""


import json
from typing import Any, Optional, Required, TypedDict

import pulumi
import pulumi_aws as aws

from components.network_plan import (ANYWHERE, NaclRulePlan, NetworkAclPlan, NetworkPlan, RoutePlan, RouteTablePlan,
                                     plan_network)

FLOW_LOG_RETENTION_DAYS = 30


class VpnArgs(TypedDict, total=False):
    """The Site-to-Site VPN of the VPN architectures. Defaults: the vpn* stack settings of Pulumi.yaml."""

    customer_gateway_ip: Required[str]
    """Public IPv4 address of the on-premises VPN device."""
    bgp_asn: int
    """BGP ASN of the on-premises VPN device, 1 to 2147483647."""
    on_premises_cidrs: list[str]
    """On-premises CIDR blocks reached over the VPN; must not overlap the VPC CIDR, and at least one is
    needed with static routes."""
    route_propagation: bool
    """Learn on-premises routes over BGP and propagate them into the private route tables, instead of
    static routes to on_premises_cidrs."""


class NetworkArgs(TypedDict, total=False):
    """Arguments of the Network component; every field is optional. Defaults: the stack settings of
    Pulumi.yaml each field names (network_plan.SETTINGS)."""

    architecture: str
    """VPC architecture: public-only, public-private, public-private-vpn or private-vpn."""
    cidr_block: str
    """The VPC's IPv4 CIDR block, /16 to /28 (/22 or larger for the automatic subnet layout)."""
    availability_zone_count: int
    """How many of the region's availability zones to use."""
    availability_zones: list[str]
    """Explicit availability zone names; overrides availability_zone_count when not empty."""
    nat_strategy: str
    """NAT gateways for the private subnets: none, single (in the first zone) or per-az."""
    isolated_subnets: bool
    """Add an isolated subnet tier for databases: no route out of the VPC, no NAT."""
    public_subnet_cidrs: list[str]
    """Explicit public subnet CIDRs, one per availability zone; empty for the fixed automatic layout."""
    private_subnet_cidrs: list[str]
    """Explicit private subnet CIDRs, one per availability zone; empty for the fixed automatic layout."""
    isolated_subnet_cidrs: list[str]
    """Explicit isolated subnet CIDRs, one per availability zone; empty for the fixed automatic layout."""
    vpn: VpnArgs
    """The VPN settings; required by the VPN architectures, not allowed with the others."""
    s3_gateway_endpoint: bool
    """Add an S3 gateway endpoint to every route table (free; keeps S3 traffic off NAT)."""
    flow_logs: bool
    """Send the VPC's flow logs to a CloudWatch log group."""
    network_acls: bool
    """Add a network ACL per tier (the isolated tier then talks to the VPC only)."""


class Network(pulumi.ComponentResource):
    """A VPC with public, private and isolated subnet tiers over N availability zones."""

    vpc_id: pulumi.Output[str]
    """The VPC's id."""
    vpc_cidr: pulumi.Output[str]
    """The VPC's IPv4 CIDR block."""
    availability_zones: pulumi.Output[list[str]]
    """The availability zones the subnets are in, in order; every subnet list follows this order."""
    public_subnet_ids: pulumi.Output[list[str]]
    """Public subnet ids, one per availability zone (empty without public subnets)."""
    private_subnet_ids: pulumi.Output[list[str]]
    """Private subnet ids, one per availability zone (empty without private subnets)."""
    isolated_subnet_ids: pulumi.Output[list[str]]
    """Isolated subnet ids, one per availability zone (empty without the isolated tier)."""
    database_subnet_ids: pulumi.Output[list[str]]
    """Where databases go: the isolated subnets if any, else the private ones, else the public ones."""
    public_route_table_ids: pulumi.Output[list[str]]
    """The public route table's id (empty without public subnets)."""
    private_route_table_ids: pulumi.Output[list[str]]
    """Private route table ids: one, or one per availability zone with per-AZ NAT."""
    isolated_route_table_ids: pulumi.Output[list[str]]
    """The isolated route table's id (empty without the isolated tier)."""
    nat_gateway_ids: pulumi.Output[list[str]]
    """NAT gateway ids (empty with nat_strategy none)."""
    vpn_connection_id: pulumi.Output[str]
    """The Site-to-Site VPN connection's id; empty string without a VPN."""

    def __init__(self, name: str, args: NetworkArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("webstack:index:Network", name, None, opts)
        plan = plan_network(args, available_zones(pulumi.InvokeOptions(parent=self)))
        resources = _NetworkResources(name, plan, self)

        self.vpc_id = resources.vpc.id
        self.vpc_cidr = resources.vpc.cidr_block
        self.availability_zones = pulumi.Output.from_input(list(plan.availability_zones))
        self.public_subnet_ids = resources.subnet_ids("public")
        self.private_subnet_ids = resources.subnet_ids("private")
        self.isolated_subnet_ids = resources.subnet_ids("isolated")
        self.database_subnet_ids = resources.subnet_ids(plan.database_tier)
        self.public_route_table_ids = resources.route_table_ids("public")
        self.private_route_table_ids = resources.route_table_ids("private")
        self.isolated_route_table_ids = resources.route_table_ids("isolated")
        self.nat_gateway_ids = pulumi.Output.all(*[nat.id for nat in resources.nat_gateways.values()])
        self.vpn_connection_id = (resources.vpn_connection.id if resources.vpn_connection
                                  else pulumi.Output.from_input(""))
        self.register_outputs({output: getattr(self, output) for output in Network.__annotations__})


class _NetworkResources:
    """Creates the plan's resources, children of the component, named `<component>-<what>`."""

    def __init__(self, name: str, plan: NetworkPlan, parent: pulumi.Resource) -> None:
        self.name = name
        self.plan = plan
        self.parent = parent
        self.vpc = aws.ec2.Vpc(
            f"{name}-vpc", cidr_block=plan.cidr_block, enable_dns_support=True, enable_dns_hostnames=True,
            tags=_name_tag(f"{name}-vpc"), opts=self._opts())
        aws.ec2.DefaultSecurityGroup(  # take over the default group and leave it with no rules
            f"{name}-default-sg", vpc_id=self.vpc.id, ingress=[], egress=[],
            tags=_name_tag(f"{name}-default-sg"), opts=self._opts())
        self.subnets = {(subnet.tier, subnet.availability_zone): aws.ec2.Subnet(
            f"{name}-{subnet.tier}-{subnet.availability_zone}",
            vpc_id=self.vpc.id,
            cidr_block=subnet.cidr_block,
            availability_zone=subnet.availability_zone,
            map_public_ip_on_launch=subnet.tier == "public",
            tags={**_name_tag(f"{name}-{subnet.tier}-{subnet.availability_zone}"), "Tier": subnet.tier},
            opts=self._opts(),
        ) for subnet in plan.subnets}
        self.internet_gateway = (aws.ec2.InternetGateway(
            f"{name}-igw", vpc_id=self.vpc.id, tags=_name_tag(f"{name}-igw"), opts=self._opts())
            if plan.internet_gateway else None)
        self.nat_gateways = {zone: self._nat_gateway(zone) for zone in plan.nat_gateway_zones}
        self.vpn_gateway = (aws.ec2.VpnGateway(
            f"{name}-vgw", vpc_id=self.vpc.id, tags=_name_tag(f"{name}-vgw"), opts=self._opts())
            if plan.vpn else None)
        self.route_tables = {table.key: self._route_table(table) for table in plan.route_tables}
        self.vpn_connection = self._vpn_connection() if plan.vpn else None
        if plan.s3_gateway_endpoint:
            self._s3_gateway_endpoint()
        if plan.flow_logs:
            self._flow_logs()
        for acl in plan.network_acls:
            self._network_acl(acl)

    def subnet_ids(self, tier: str) -> pulumi.Output[list[str]]:
        return pulumi.Output.all(*[subnet.id for subnet in self._subnets_in(tier)])

    def route_table_ids(self, tier: str) -> pulumi.Output[list[str]]:
        return pulumi.Output.all(*[self.route_tables[table.key].id for table in self.plan.route_tables_of(tier)])

    def _subnets_in(self, tier: str) -> list[aws.ec2.Subnet]:
        return [self.subnets[(tier, zone)] for zone in self.plan.availability_zones if (tier, zone) in self.subnets]

    def _opts(self, **kwargs) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self.parent, **kwargs)

    def _nat_gateway(self, zone: str) -> aws.ec2.NatGateway:
        """A NAT gateway with its own Elastic IP in the zone's public subnet."""
        resource_name = f"{self.name}-nat-{zone}"
        after_igw = self._opts(depends_on=[self.internet_gateway])
        eip = aws.ec2.Eip(f"{resource_name}-eip", domain="vpc", tags=_name_tag(f"{resource_name}-eip"),
                          opts=after_igw)
        return aws.ec2.NatGateway(resource_name, allocation_id=eip.allocation_id,
                                  subnet_id=self.subnets[("public", zone)].id,
                                  tags=_name_tag(resource_name), opts=after_igw)

    def _route_table(self, table: RouteTablePlan) -> aws.ec2.RouteTable:
        """The table, its routes out, its subnet associations and its VPN route propagation."""
        resource_name = f"{self.name}-{table.key}-rt"
        route_table = aws.ec2.RouteTable(resource_name, vpc_id=self.vpc.id, tags=_name_tag(resource_name),
                                         opts=self._opts())
        for route in table.routes:
            suffix = "default" if route.destination == ANYWHERE else "to-" + route.destination.replace("/", "-")
            aws.ec2.Route(f"{resource_name}-{suffix}", route_table_id=route_table.id,
                          destination_cidr_block=route.destination, **self._route_target(route),
                          opts=self._opts())
        for zone in table.availability_zones:
            aws.ec2.RouteTableAssociation(f"{self.name}-{table.tier}-{zone}-rta", route_table_id=route_table.id,
                                          subnet_id=self.subnets[(table.tier, zone)].id, opts=self._opts())
        if table.propagates_vpn_routes:
            aws.ec2.VpnGatewayRoutePropagation(f"{resource_name}-vgw-propagation", route_table_id=route_table.id,
                                               vpn_gateway_id=self.vpn_gateway.id, opts=self._opts())
        return route_table

    def _route_target(self, route: RoutePlan) -> dict[str, pulumi.Output[str]]:
        if route.target == "igw":
            return {"gateway_id": self.internet_gateway.id}
        if route.target == "vgw":
            return {"gateway_id": self.vpn_gateway.id}
        return {"nat_gateway_id": self.nat_gateways[route.target.removeprefix("nat:")].id}

    def _vpn_connection(self) -> aws.ec2.VpnConnection:
        """Customer gateway + Site-to-Site VPN connection to the VPN gateway, with static routes or BGP."""
        vpn = self.plan.vpn
        customer_gateway = aws.ec2.CustomerGateway(
            f"{self.name}-cgw", ip_address=vpn.customer_gateway_ip, bgp_asn=str(vpn.bgp_asn), type="ipsec.1",
            tags=_name_tag(f"{self.name}-cgw"), opts=self._opts())
        connection = aws.ec2.VpnConnection(
            f"{self.name}-vpn", customer_gateway_id=customer_gateway.id, vpn_gateway_id=self.vpn_gateway.id,
            type="ipsec.1", static_routes_only=vpn.static_routes, tags=_name_tag(f"{self.name}-vpn"),
            opts=self._opts())
        if vpn.static_routes:
            for cidr in vpn.on_premises_cidrs:
                aws.ec2.VpnConnectionRoute(f"{self.name}-vpn-to-{cidr.replace('/', '-')}",
                                           vpn_connection_id=connection.id, destination_cidr_block=cidr,
                                           opts=self._opts())
        return connection

    def _s3_gateway_endpoint(self) -> None:
        """Free gateway endpoint: S3 traffic from every route table bypasses the NAT gateways."""
        region = aws.get_region(opts=pulumi.InvokeOptions(parent=self.parent)).region
        aws.ec2.VpcEndpoint(
            f"{self.name}-s3-endpoint", vpc_id=self.vpc.id, service_name=f"com.amazonaws.{region}.s3",
            vpc_endpoint_type="Gateway", route_table_ids=[table.id for table in self.route_tables.values()],
            tags=_name_tag(f"{self.name}-s3-endpoint"), opts=self._opts())

    def _flow_logs(self) -> None:
        """All traffic to a CloudWatch log group, through a role only this account's flow logs can assume
        and that may only write to that group."""
        resource_name = f"{self.name}-flow-logs"
        account_id = aws.get_caller_identity(opts=pulumi.InvokeOptions(parent=self.parent)).account_id
        log_group = aws.cloudwatch.LogGroup(resource_name, retention_in_days=FLOW_LOG_RETENTION_DAYS,
                                            tags=_name_tag(resource_name), opts=self._opts())
        role = aws.iam.Role(f"{resource_name}-role", assume_role_policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
            }],
        }), tags=_name_tag(f"{resource_name}-role"), opts=self._opts())
        aws.iam.RolePolicy(f"{resource_name}-policy", role=role.id,
                           policy=log_group.arn.apply(_flow_log_write_policy), opts=self._opts())
        aws.ec2.FlowLog(resource_name, vpc_id=self.vpc.id, traffic_type="ALL",
                        log_destination_type="cloud-watch-logs", log_destination=log_group.arn,
                        iam_role_arn=role.arn, tags=_name_tag(resource_name), opts=self._opts())

    def _network_acl(self, acl: NetworkAclPlan) -> None:
        resource_name = f"{self.name}-{acl.tier}-nacl"
        aws.ec2.NetworkAcl(
            resource_name, vpc_id=self.vpc.id,
            subnet_ids=[subnet.id for subnet in self._subnets_in(acl.tier)],
            ingress=[_nacl_rule(rule, aws.ec2.NetworkAclIngressArgs) for rule in acl.ingress],
            egress=[_nacl_rule(rule, aws.ec2.NetworkAclEgressArgs) for rule in acl.egress],
            tags=_name_tag(resource_name), opts=self._opts())


def available_zones(opts: pulumi.InvokeOptions) -> list[str]:
    """The region's availability zones a VPC can use: available, and no opt-in needed (no Local Zones)."""
    return aws.get_availability_zones(
        state="available",
        filters=[aws.GetAvailabilityZonesFilterArgs(name="opt-in-status", values=["opt-in-not-required"])],
        opts=opts,
    ).names


def _flow_log_write_policy(log_group_arn: str) -> str:
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups",
                       "logs:DescribeLogStreams"],
            "Resource": [log_group_arn, f"{log_group_arn}:*"],
        }],
    })


def _nacl_rule(rule: NaclRulePlan, args_type: type) -> Any:
    return args_type(rule_no=rule.rule_number, action="allow", protocol=rule.protocol,
                     cidr_block=rule.cidr_block, from_port=rule.from_port, to_port=rule.to_port)


def _name_tag(resource_name: str) -> dict[str, str]:
    return {"Name": resource_name}
