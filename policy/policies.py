"""The policy pack's checks as plain functions, importable without pulumi_policy (whose PolicyPack starts a
server): each takes plain values and a `report(message, urn=None)` callback, so tests call them directly.

Resource checks take (resource type, props, report); stack checks take the stack's resources as
StackResource rows (`stack_resources` adapts pulumi_policy's PolicyResource objects). Props are the
engine's camelCase names; a value unknown until apply is the UNKNOWN sentinel (`plain` maps the
policy SDK's per-type sentinels to it), and a check that needs it does not guess: it passes.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

from costing.budget import budget_from_config, check_budget
from costing.gaps import gap_count
from costing.inventory import PROJECT_ROOT
from costing.inventory.frame import PROVIDER_TYPE_PREFIX, Resource, build_inventory, references
from costing.inventory.stack_config import StackConfig, load_stack_config, read_project, stack_file_path
from costing.report.common import grand_total_monthly
from costing.schema import UNKNOWN

Report = Callable[..., None]  # report(message, urn=None)

RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_CLUSTER = "aws:rds/cluster:Cluster"
RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
EBS_VOLUME = "aws:ebs/volume:Volume"
EC2_INSTANCE = "aws:ec2/instance:Instance"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
VPC = "aws:ec2/vpc:Vpc"
AWS_PROVIDER = "pulumi:providers:aws"
SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
LOAD_BALANCERS = ("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")
CLASSIC_LOAD_BALANCER = "aws:elb/loadBalancer:LoadBalancer"
LISTENERS = ("aws:lb/listener:Listener", "aws:alb/listener:Listener")
SUBNET = "aws:ec2/subnet:Subnet"
NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"
ROUTE = "aws:ec2/route:Route"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"

PROD_ENVIRONMENTS = frozenset({"prod"})  # the values of webstack:environment that get the prod checks
WHOLE_INTERNET = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
REMOTE_ADMIN_PORTS = {22: "SSH", 3389: "RDP"}  # never open to the internet, not even on a load balancer's group
DEFAULT_LISTENER_PORTS = frozenset({80, 443})  # when a load balancer's listeners cannot be read
ALL_PROTOCOLS = "-1"
# The policy SDK's unknown-value sentinels, one per type (pulumi_policy.proxy); the string one is UNKNOWN.
POLICY_UNKNOWNS = frozenset({
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", "3eeb2bf0-c639-47a8-9e75-3b44932eb421", UNKNOWN,
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a", "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
})


class StackResource(NamedTuple):
    """One resource of the stack, with its relations as URNs."""

    type: str
    urn: str
    name: str
    props: dict[str, Any]
    parent: str | None = None
    provider: str | None = None  # the provider's URN; None for component resources and the stack
    dependencies: tuple[str, ...] = ()
    property_dependencies: dict[str, list[str]] = {}


# --- adapting pulumi_policy's objects -----------------------------------------------------------

def plain(value: Any) -> Any:
    """A props value as plain dicts and lists, every unknown as UNKNOWN.

    The policy SDK wraps props in proxies that raise on reading an unknown value; their `__target`
    item is the wrapped container.
    """
    if type(value).__name__ in ("_DictProxy", "_ListProxy"):
        value = value["__target"]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, str) and value in POLICY_UNKNOWNS:
        return UNKNOWN
    return value


def stack_resources(policy_resources: Iterable[Any]) -> list[StackResource]:
    """pulumi_policy PolicyResources (parent, provider and dependencies as objects) as StackResources,
    plus each provider that is not in the list itself (its region prices the resources)."""
    rows = [StackResource(
        type=resource.resource_type, urn=resource.urn, name=resource.name, props=plain(resource.props),
        parent=resource.parent.urn if resource.parent is not None else None,
        provider=resource.provider.urn if resource.provider is not None else None,
        dependencies=tuple(other.urn for other in resource.dependencies),
        property_dependencies={key: [other.urn for other in others]
                               for key, others in resource.property_dependencies.items()},
    ) for resource in policy_resources]
    known = {row.urn for row in rows}
    for resource in policy_resources:
        provider = resource.provider
        if provider is not None and provider.urn not in known:
            known.add(provider.urn)
            rows.append(StackResource(provider.resource_type, provider.urn, provider.name, plain(provider.props)))
    return rows


def stack_of(urn: str) -> str:
    return urn[len("urn:pulumi:"):].split("::", 1)[0]


# --- resource checks ----------------------------------------------------------------------------

def no_public_database(resource_type: str, props: dict[str, Any], report: Report) -> None:
    if resource_type in (RDS_INSTANCE, RDS_CLUSTER_INSTANCE) and _is_true(props.get("publiclyAccessible")):
        report("the database is publicly accessible: set publiclyAccessible to false and reach it from inside "
               "the VPC (its security group admits the web tier only)")


def storage_encrypted(resource_type: str, props: dict[str, Any], report: Report) -> None:
    """RDS storage, EBS volumes, and the volumes of instances and launch templates must be encrypted."""
    if resource_type in (RDS_INSTANCE, RDS_CLUSTER):
        is_replica = bool(props.get("replicateSourceDb"))
        value = props.get("storageEncrypted")
        if _is_false(value) or (value is None and not is_replica):  # a replica without it inherits its source's
            report("database storage is not encrypted: set storageEncrypted to true")
    elif resource_type == EBS_VOLUME:
        if not _is_true(props.get("encrypted"), unknown_passes=True):
            report("EBS volume is not encrypted: set encrypted to true")
    elif resource_type == EC2_INSTANCE:
        devices = [("root volume", props.get("rootBlockDevice") or {})]
        devices += [(f"volume {device.get('deviceName', '')}".strip(), device)
                    for device in _list(props.get("ebsBlockDevices"))]
        for label, device in devices:
            if isinstance(device, dict) and not _is_true(device.get("encrypted"), unknown_passes=True):
                report(f"instance {label} is not encrypted: set encrypted to true")
    elif resource_type == LAUNCH_TEMPLATE:
        for mapping in _list(props.get("blockDeviceMappings")):
            ebs = mapping.get("ebs") if isinstance(mapping, dict) else None
            if isinstance(ebs, dict) and not _is_true(ebs.get("encrypted"), unknown_passes=True):
                report(f"launch template volume {mapping.get('deviceName', '')} is not encrypted: set "
                       "blockDeviceMappings[].ebs.encrypted to true")


def imdsv2_required(resource_type: str, props: dict[str, Any], report: Report) -> None:
    """Instances and launch templates must require IMDSv2 session tokens (or turn the metadata service off)."""
    if resource_type not in (EC2_INSTANCE, LAUNCH_TEMPLATE):
        return
    options = props.get("metadataOptions")
    options = options if isinstance(options, dict) else {}
    tokens, endpoint = options.get("httpTokens"), options.get("httpEndpoint")
    if UNKNOWN in (tokens, endpoint) or endpoint == "disabled" or tokens == "required":
        return
    report(f"IMDSv2 is not required (httpTokens is {tokens or 'unset, which allows IMDSv1'}): set "
           "metadataOptions.httpTokens to \"required\"")


# --- stack checks -------------------------------------------------------------------------------

def no_open_ingress(resources: list[StackResource], report: Report) -> None:
    """Nothing admits the whole internet (0.0.0.0/0 or ::/0, alone or as rules that add up to it, such as
    0.0.0.0/1 + 128.0.0.0/1) except a load balancer's security group on its listener ports; SSH and RDP never;
    and the default security group admits nothing."""
    allowed = _load_balancer_ports(resources)
    by_urn = {resource.urn: resource for resource in resources}
    rules = [(resource, *rule) for resource in resources for rule in _ingress_rules(resource, by_urn)
             if rule[2] != UNKNOWN and rule[3] != UNKNOWN]
    for resource, group, protocol, from_port, to_port, cidrs in rules:
        if group is not None and by_urn[group].type in (DEFAULT_SECURITY_GROUP, VPC):
            report(f"{resource.name} adds ingress to the VPC's default security group: leave the default group "
                   "without rules and give each tier a security group of its own", resource.urn)
            continue
        open_cidrs, together = sorted(str(n) for n in _networks(cidrs) if n in WHOLE_INTERNET), False
        if not open_cidrs:
            open_cidrs, together = _open_with_the_group(group, protocol, from_port, to_port, cidrs, rules), True
        if not open_cidrs:
            continue
        ports = _ports(from_port, to_port)
        admin = sorted(REMOTE_ADMIN_PORTS[port] for port in REMOTE_ADMIN_PORTS if port in ports or
                       protocol == ALL_PROTOCOLS)
        if not admin and protocol != ALL_PROTOCOLS and ports <= allowed.get(group, frozenset()):
            continue
        shown = "all ports" if protocol == ALL_PROTOCOLS else _port_range(from_port, to_port)
        whole = ", which with the group's other rules is the whole internet" if together else ""
        rule = ("only a load balancer's security group may be open to the internet, on its listener ports"
                if not admin else f"{' and '.join(admin)} must never be open to the internet (use SSM Session "
                                  "Manager)")
        report(f"{resource.name} admits {', '.join(open_cidrs)} on {shown}{whole}: {rule}", resource.urn)


def _open_with_the_group(group: str | None, protocol: str, from_port: Any, to_port: Any, cidrs: list,
                         rules: list) -> list[str]:
    """This rule's CIDRs when, with the group's other rules for the same protocol and an overlapping port range,
    they cover a whole address family; [] otherwise."""
    own = _networks(cidrs)
    ports = _ports(from_port, to_port)
    if not own or -1 in ports:
        return []
    together = list(own)
    for _, other_group, other_protocol, other_from, other_to, other_cidrs in rules:
        if other_group == group and (other_protocol == protocol or ALL_PROTOCOLS in (protocol, other_protocol)) \
                and ports & _ports(other_from, other_to) - {-1}:
            together += _networks(other_cidrs)
    covered = [whole for whole in WHOLE_INTERNET
               if whole in ipaddress.collapse_addresses(n for n in together if n.version == whole.version)]
    return sorted(str(network) for network in own if any(network.version == whole.version for whole in covered))


def _networks(cidrs: list) -> list:
    """The CIDRs that are valid networks (unknown or malformed ones cannot be judged)."""
    networks = []
    for cidr in cidrs:
        try:
            networks.append(ipaddress.ip_network(cidr, strict=False))
        except (TypeError, ValueError):
            continue
    return networks


def prod_resilience(resources: list[StackResource], report: Report, *, project_dir: Path = PROJECT_ROOT) -> None:
    """In a prod stack (by its environment, not its name): every primary database Multi-AZ with automated
    backups, every Aurora cluster with a second instance to fail over to, and every private subnet behind a NAT
    gateway of its own availability zone (one zone's outage must not cut the others off the internet)."""
    if not resources or environment_of(resources, project_dir) not in PROD_ENVIRONMENTS:
        return
    by_urn = {resource.urn: resource for resource in resources}
    for resource in resources:
        if resource.type == RDS_INSTANCE and not resource.props.get("replicateSourceDb"):
            if _is_false(resource.props.get("multiAz", False)):
                report(f"{resource.name}: a prod database must be Multi-AZ (set multiAz to true)", resource.urn)
            if _port(resource.props.get("backupRetentionPeriod", 1)) == 0:
                report(f"{resource.name}: a prod database must keep automated backups (set backupRetentionPeriod to "
                       "1 to 35 days)", resource.urn)
        if resource.type == RDS_CLUSTER:
            members = [other for other in resources if other.type == RDS_CLUSTER_INSTANCE
                       and resource.urn in other.property_dependencies.get("clusterIdentifier", ())]
            if len(members) < 2:
                report(f"{resource.name}: a prod Aurora cluster needs at least two instances (a writer and a reader "
                       f"to fail over to), it has {len(members)}", resource.urn)
    zone = {resource.urn: resource.props.get("availabilityZone") for resource in resources if resource.type == SUBNET}
    nat_zone = {resource.urn: zone.get(_referenced(resource, "subnetId", SUBNET, by_urn))
                for resource in resources if resource.type == NAT_GATEWAY}
    table_nats = _route_table_nats(resources, by_urn)
    associations = sorted((resource for resource in resources if resource.type == ROUTE_TABLE_ASSOCIATION),
                          key=lambda resource: resource.urn)  # the same report order whatever the resources' order
    for association in associations:
        subnet = _referenced(association, "subnetId", SUBNET, by_urn)
        nats = table_nats.get(_referenced(association, "routeTableId", ROUTE_TABLE, by_urn), set())
        zones = {nat_zone.get(nat) for nat in nats}
        if subnet is None or not nats or UNKNOWN in zones or None in zones or zone.get(subnet) in zones:
            continue
        report(f"{by_urn[subnet].name} ({zone[subnet]}) goes out through a NAT gateway in "
               f"{', '.join(sorted(zones))}: a prod stack needs a NAT gateway per availability zone "
               "(natStrategy per-az)", subnet)


def cost_within_budget(resources: list[StackResource], report: Report, *, reached: str,
                       project_dir: Path = PROJECT_ROOT) -> None:
    """Price the stack with costing and report when it has `reached` budget.WARN or budget.EXCEEDED of
    the stack's budget (`<project>:monthlyBudgetUsd` in the project's stack file); no budget, no check."""
    if not resources:
        return
    stack = stack_of(resources[0].urn)
    config = stack_config(stack, project_dir)
    budget = budget_from_config(config) if config is not None else None
    if budget is None:
        return
    from costing.catalog import load_catalog
    from costing.estimate import estimate

    priced = estimate(stack_inventory(resources, default_region=config.region), load_catalog())
    result = check_budget(grand_total_monthly(priced.totals), budget, stack, gap_count(priced.totals))
    if result.level == reached:
        report(result.message)


def environment_of(resources: list[StackResource], project_dir: Path = PROJECT_ROOT) -> str | None:
    """The stack's environment: the Environment default tag of its aws provider (the program sets it from
    webstack:environment), else the stack file's `<project>:environment`; None when neither says."""
    for resource in resources:
        if resource.type == AWS_PROVIDER:
            tags = resource.props.get("defaultTags")
            tags = json.loads(tags) if isinstance(tags, str) and tags.startswith("{") else tags
            environment = (tags or {}).get("tags", {}).get("Environment") if isinstance(tags, dict) else None
            if isinstance(environment, str) and environment != UNKNOWN:
                return environment
    urn = resources[0].urn
    config = stack_config(stack_of(urn), project_dir)
    project = urn.split("::")[1]
    return config.values.get(f"{project}:environment") if config is not None else None


def stack_config(stack: str, project_dir: Path = PROJECT_ROOT) -> StackConfig | None:
    """The project's config of `stack`, None when the project has no stack file for it."""
    if not stack_file_path(project_dir, read_project(project_dir), stack).exists():
        return None
    return load_stack_config(project_dir, stack)


def stack_inventory(resources: list[StackResource], *, default_region: str | None):
    """The stack's resources as a costing Inventory, built by the same rules as every other source."""
    rows = [Resource(urn=resource.urn, type=resource.type,
                     custom=resource.provider is not None or resource.type.startswith(PROVIDER_TYPE_PREFIX),
                     parent=resource.parent, provider=resource.provider, id=None, inputs=resource.props,
                     refs=references(resource.property_dependencies, resource.dependencies, resource.props))
            for resource in resources]
    stack = stack_of(resources[0].urn) if resources else None
    project = resources[0].urn.split("::")[1] if resources else None
    return build_inventory(rows, source={"kind": "policy", "stack": stack, "project": project, "path": None},
                           default_region=default_region, where="policy pack")


# --- helpers ------------------------------------------------------------------------------------

def _is_true(value: Any, unknown_passes: bool = False) -> bool:
    if value == UNKNOWN:
        return unknown_passes
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.lower() == "false")


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _port(value: Any) -> int | None:
    """A port number; JSON and the policy SDK's protobuf Structs give numbers as floats (80.0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        return None
    return int(value)


def _ports(from_port: Any, to_port: Any) -> frozenset[int]:
    low, high = _port(from_port), _port(to_port)
    if low is None or high is None or not 0 <= low <= high <= 65535:
        return frozenset({-1})  # not a port range: never inside an allowed set
    return frozenset(range(low, high + 1))


def _port_range(from_port: Any, to_port: Any) -> str:
    low, high = _port(from_port), _port(to_port)
    low, high = (from_port if low is None else low), (to_port if high is None else high)
    return f"port {low}" if low == high else f"ports {low}-{high}"


def _referenced(resource: StackResource, key: str, type_token: str, by_urn: dict[str, StackResource]) -> str | None:
    """The URN of the `type_token` resource that input `key` depends on."""
    for urn in resource.property_dependencies.get(key, ()):
        if urn in by_urn and by_urn[urn].type == type_token:
            return urn
    return None


def _load_balancer_ports(resources: list[StackResource]) -> dict[str, frozenset[int]]:
    """Security group URN -> the listener ports of the load balancers that use it."""
    by_urn = {resource.urn: resource for resource in resources}
    listener_ports: dict[str, set[int]] = {}
    for resource in resources:
        port = _port(resource.props.get("port")) if resource.type in LISTENERS else None
        if port is not None:
            for balancer in _referenced_all(resource, "loadBalancerArn", LOAD_BALANCERS, by_urn):
                listener_ports.setdefault(balancer, set()).add(port)
    allowed: dict[str, frozenset[int]] = {}
    for resource in resources:
        if resource.type in LOAD_BALANCERS:
            ports = frozenset(listener_ports.get(resource.urn, ())) or DEFAULT_LISTENER_PORTS
        elif resource.type == CLASSIC_LOAD_BALANCER:
            ports = frozenset(_port(listener.get("lbPort")) for listener in _list(resource.props.get("listeners"))
                              if isinstance(listener, dict)) - {None}
        else:
            continue
        for group in _referenced_all(resource, "securityGroups", (SECURITY_GROUP,), by_urn):
            allowed[group] = allowed.get(group, frozenset()) | ports
    return allowed


def _referenced_all(resource: StackResource, key: str, types: tuple[str, ...],
                    by_urn: dict[str, StackResource]) -> list[str]:
    return [urn for urn in resource.property_dependencies.get(key, ()) if urn in by_urn and by_urn[urn].type in types]


def _ingress_rules(resource: StackResource, by_urn: dict[str, StackResource]):
    """(security group URN, protocol, from port, to port, CIDRs) of each ingress rule a resource declares."""
    props = resource.props
    if resource.type in (SECURITY_GROUP, DEFAULT_SECURITY_GROUP):
        for rule in _list(props.get("ingress")):
            if isinstance(rule, dict):
                yield (resource.urn, str(rule.get("protocol")), rule.get("fromPort"), rule.get("toPort"),
                       _list(rule.get("cidrBlocks")) + _list(rule.get("ipv6CidrBlocks")))
    elif resource.type == INGRESS_RULE:
        yield (_group_of(resource, by_urn), str(props.get("ipProtocol")),
               props.get("fromPort"), props.get("toPort"), [props.get("cidrIpv4"), props.get("cidrIpv6")])
    elif resource.type == SECURITY_GROUP_RULE and props.get("type") == "ingress":
        yield (_group_of(resource, by_urn), str(props.get("protocol")),
               props.get("fromPort"), props.get("toPort"),
               _list(props.get("cidrBlocks")) + _list(props.get("ipv6CidrBlocks")))


def _group_of(rule: StackResource, by_urn: dict[str, StackResource]) -> str | None:
    """The URN of the group a separate rule adds to: a security group, the default group, or a VPC (its
    defaultSecurityGroupId)."""
    groups = _referenced_all(rule, "securityGroupId", (SECURITY_GROUP, DEFAULT_SECURITY_GROUP, VPC), by_urn)
    return groups[0] if groups else None


def _route_table_nats(resources: list[StackResource], by_urn: dict[str, StackResource]) -> dict[str, set[str]]:
    """Route table URN -> the NAT gateways its routes (separate or inline) send traffic to."""
    nats: dict[str, set[str]] = {}
    for resource in resources:
        if resource.type == ROUTE:
            table = _referenced(resource, "routeTableId", ROUTE_TABLE, by_urn)
            targets = _referenced_all(resource, "natGatewayId", (NAT_GATEWAY,), by_urn)
        elif resource.type == ROUTE_TABLE:
            table, targets = resource.urn, _referenced_all(resource, "routes", (NAT_GATEWAY,), by_urn)
        else:
            continue
        if table is not None and targets:
            nats.setdefault(table, set()).update(targets)
    return nats
