"""The Network component's plan as plain data: tiers, subnets, route tables, NAT gateways, VPN, NACLs.

Pure functions, no resources: every decision and every validation error lives here, so the plan can be
tested exhaustively without running a program; components/network.py only turns the plan into
resources. Validation errors are ArgumentErrors naming the argument, the bad value and what is allowed.

The subnet layout never moves (the approach of awsx's subnet distributor, with fixed sizes): the VPC
is cut into eight equal blocks, one per availability zone letter (a to h), and each zone's block into
fixed slots, one per tier, whether or not the tier exists:

    zone block (VPC prefix + 3):  private (+1, first half) | public (+2, third quarter)
                                  | isolated (+3, seventh eighth) | free (+3, last eighth, for a later tier)

so adding the isolated tier, an availability zone or the VPN never changes an existing subnet's CIDR
(AWS cannot change a subnet's CIDR block: CreateSubnet, Amazon EC2 API Reference,
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html). A /16 VPC gives /20
private, /21 public and /22 isolated subnets.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from components.errors import ArgumentError
from components.project import defaults

if TYPE_CHECKING:
    from components.network import NetworkArgs

ARCHITECTURES = ("public-only", "public-private", "public-private-vpn", "private-vpn")
NAT_STRATEGIES = ("none", "single", "per-az")
TIERS = ("public", "private", "isolated")
ARCHITECTURE_TIERS = {
    "public-only": ("public",),
    "public-private": ("public", "private"),
    "public-private-vpn": ("public", "private"),
    "private-vpn": ("private",),
}
# Argument -> the stack setting (Pulumi.yaml) that gives its default and that a stack sets it with.
SETTINGS: Mapping[str, str] = {
    "architecture": "architecture", "cidr_block": "vpcCidr", "availability_zone_count": "azCount",
    "availability_zones": "availabilityZones", "nat_strategy": "natStrategy", "isolated_subnets": "isolatedSubnets",
    "public_subnet_cidrs": "publicSubnetCidrs", "private_subnet_cidrs": "privateSubnetCidrs",
    "isolated_subnet_cidrs": "isolatedSubnetCidrs", "s3_gateway_endpoint": "s3GatewayEndpoint",
    "flow_logs": "flowLogs", "network_acls": "networkAcls",
    "vpn.customer_gateway_ip": "vpnCustomerGatewayIp", "vpn.bgp_asn": "vpnBgpAsn",
    "vpn.on_premises_cidrs": "vpnOnPremisesCidrs", "vpn.route_propagation": "vpnRoutePropagation",
}
MAX_BGP_ASN = 2_147_483_647  # CreateCustomerGateway's BgpAsn range starts at 1
# VPC and subnet IPv4 blocks: "between a /28 netmask (16 IP addresses) and a /16 netmask (65,536 IP
# addresses)" (CreateSubnet and CreateVpc, Amazon EC2 API Reference,
# https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html).
PREFIX_RANGE = (16, 28)
VPC_CIDR_ALLOWED = "a /16 to /28 block such as 10.0.0.0/16"
# Subnets per VPC: 200 by default ("Amazon Virtual Private Cloud endpoints and quotas", AWS General
# Reference, https://docs.aws.amazon.com/general/latest/gr/vpc-service.html).
MAX_SUBNETS = 200
# The fixed layout: eight zone blocks (zone letters a to h; no region has more than six zones today),
# and per tier its (extra prefix bits inside the zone block, index of its slot at that size).
ZONE_LETTERS = "abcdefgh"
ZONE_BITS = 3
TIER_SLOTS = {"private": (1, 0), "public": (2, 2), "isolated": (3, 6)}
ANYWHERE = "0.0.0.0/0"
EPHEMERAL_PORTS = (1024, 65535)
ALL_PROTOCOLS = "-1"
# A customer gateway must be reachable from the internet: none of these ranges is.
NON_ROUTABLE = tuple(
    ipaddress.IPv4Network(cidr)
    for cidr in ("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                 "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4")
)


@dataclass(frozen=True)
class SubnetPlan:
    tier: str
    availability_zone: str
    cidr_block: str


@dataclass(frozen=True)
class RoutePlan:
    """A route out of the VPC. target: "igw", "nat:<availability zone>" or "vgw"."""

    destination: str
    target: str


@dataclass(frozen=True)
class RouteTablePlan:
    """One route table and the availability zones whose `tier` subnets it serves."""

    key: str
    tier: str
    availability_zones: tuple[str, ...]
    routes: tuple[RoutePlan, ...]
    propagates_vpn_routes: bool

    @property
    def default_route(self) -> RoutePlan | None:
        return next((route for route in self.routes if route.destination == ANYWHERE), None)


@dataclass(frozen=True)
class NaclRulePlan:
    """An allow rule; anything no rule allows is denied by the ACL's implicit last rule."""

    rule_number: int
    protocol: str
    cidr_block: str
    from_port: int = 0
    to_port: int = 0


@dataclass(frozen=True)
class NetworkAclPlan:
    tier: str
    ingress: tuple[NaclRulePlan, ...]
    egress: tuple[NaclRulePlan, ...]


@dataclass(frozen=True)
class VpnPlan:
    """static_routes: routes to the on-premises CIDRs are static; otherwise BGP with route propagation."""

    customer_gateway_ip: str
    bgp_asn: int
    on_premises_cidrs: tuple[str, ...]
    static_routes: bool


@dataclass(frozen=True)
class NetworkPlan:
    architecture: str
    cidr_block: str
    availability_zones: tuple[str, ...]
    tiers: tuple[str, ...]
    subnets: tuple[SubnetPlan, ...]
    nat_gateway_zones: tuple[str, ...]
    route_tables: tuple[RouteTablePlan, ...]
    vpn: VpnPlan | None
    s3_gateway_endpoint: bool
    flow_logs: bool
    network_acls: tuple[NetworkAclPlan, ...]

    @property
    def internet_gateway(self) -> bool:
        return "public" in self.tiers

    @property
    def database_tier(self) -> str:
        """Where databases go: the isolated tier if any, else private, else public."""
        return next(tier for tier in ("isolated", "private", "public") if tier in self.tiers)

    def subnets_in(self, tier: str) -> tuple[SubnetPlan, ...]:
        return tuple(subnet for subnet in self.subnets if subnet.tier == tier)

    def route_tables_of(self, tier: str) -> tuple[RouteTablePlan, ...]:
        return tuple(table for table in self.route_tables if table.tier == tier)

    def route_table_for(self, subnet: SubnetPlan) -> RouteTablePlan:
        return next(table for table in self.route_tables_of(subnet.tier)
                    if subnet.availability_zone in table.availability_zones)


def plan_network(args: NetworkArgs, region_zones: Sequence[str]) -> NetworkPlan:
    """Validate `args` against the region's availability zones and decide everything to create."""
    settings = with_defaults(args)
    architecture = _choice("architecture", settings["architecture"], ARCHITECTURES)
    vpc = parse_cidr("cidr_block", settings["cidr_block"], VPC_CIDR_ALLOWED)
    _check_prefix("cidr_block", vpc, "VPC")
    zones = select_zones(settings, region_zones)
    tiers = ARCHITECTURE_TIERS[architecture] + (("isolated",) if settings["isolated_subnets"] else ())
    nat_strategy = _choice("nat_strategy", settings["nat_strategy"], NAT_STRATEGIES)
    nat_zones = nat_gateway_zones(nat_strategy, architecture, zones)
    subnets = plan_subnets(settings, architecture, vpc, tiers, zones)
    vpn = plan_vpn(settings.get("vpn"), architecture, vpc)
    return NetworkPlan(
        architecture=architecture,
        cidr_block=str(vpc),
        availability_zones=zones,
        tiers=tiers,
        subnets=subnets,
        nat_gateway_zones=nat_zones,
        route_tables=plan_route_tables(tiers, zones, nat_strategy, vpn),
        vpn=vpn,
        s3_gateway_endpoint=bool(settings["s3_gateway_endpoint"]),
        flow_logs=bool(settings["flow_logs"]),
        network_acls=plan_network_acls(tiers, vpc, vpn) if settings["network_acls"] else (),
    )


def with_defaults(args: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments over the stack settings' defaults; `vpn` keeps its own defaults for what it leaves out."""
    base = defaults(SETTINGS)
    vpn_defaults = base.pop("vpn")
    settings = {**base, **{key: value for key, value in args.items() if value is not None}}
    if settings.get("vpn") is not None:
        settings["vpn"] = {**vpn_defaults, **{key: value for key, value in settings["vpn"].items()
                                              if value is not None}}
    return settings


def parse_cidr(field: str, value: object, allowed: str) -> ipaddress.IPv4Network:
    """An IPv4 network from `value` (address/prefix, host bits clear), or an ArgumentError naming `field`."""
    text = value if isinstance(value, str) else ""
    shown = value if isinstance(value, str) else repr(value)
    try:
        if "/" not in text:
            raise ValueError(text)
        network = ipaddress.IPv4Network(text, strict=False)
    except ValueError:
        raise ArgumentError(f"`{field}` {shown} is not a valid CIDR; allowed: {allowed}") from None
    if network.network_address != ipaddress.IPv4Interface(text).ip:
        raise ArgumentError(f"`{field}` {text} has host bits set; did you mean {network}?")
    return network


def select_zones(settings: Mapping[str, Any], region_zones: Sequence[str]) -> tuple[str, ...]:
    """The named availability zones when given, else the region's first availability_zone_count."""
    named = list(settings.get("availability_zones") or [])
    allowed = ", ".join(region_zones)
    for index, zone in enumerate(named):
        if zone not in region_zones:
            raise ArgumentError(f"`availability_zones[{index}]` {zone!r} is not an available zone in this region; "
                                f"allowed: {allowed}")
        if zone in named[:index]:
            raise ArgumentError(f"`availability_zones[{index}]` {zone!r} is listed twice; name each zone once")
    count = settings["availability_zone_count"]
    if not named and (isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= len(region_zones)):
        raise ArgumentError(f"`availability_zone_count` {count!r} is out of range: the region has "
                            f"{len(region_zones)} availability zones ({allowed}); allowed: 1 to {len(region_zones)}")
    return tuple(named) if named else tuple(region_zones[:count])


def zone_slot(zone: str) -> int:
    """The zone's block in the fixed layout: its letter (us-east-1a -> 0, us-east-1c -> 2)."""
    letter = zone[-1:]
    if letter not in ZONE_LETTERS or not zone[:-1] or zone[-2].isalpha():
        raise ArgumentError(f"`availability_zones` {zone!r} has no block in the subnet layout, which has one per "
                            f"zone letter a to {ZONE_LETTERS[-1]}; allowed: zones named <region><letter>, or "
                            "explicit subnet CIDRs for every tier")
    return ZONE_LETTERS.index(letter)


def nat_gateway_zones(nat_strategy: str, architecture: str, zones: Sequence[str]) -> tuple[str, ...]:
    """The zones whose public subnet gets a NAT gateway: none, the first zone, or every zone."""
    if nat_strategy == "none":
        return ()
    tiers = ARCHITECTURE_TIERS[architecture]
    if "public" not in tiers:
        raise ArgumentError(f"`nat_strategy` {nat_strategy!r} needs public subnets for the NAT gateways, but "
                            f"`architecture` {architecture!r} has none; allowed with it: `nat_strategy` 'none'")
    if "private" not in tiers:
        raise ArgumentError(f"`nat_strategy` {nat_strategy!r} has nothing to serve: `architecture` {architecture!r} "
                            "has no private subnets; allowed with it: `nat_strategy` 'none'")
    return tuple(zones) if nat_strategy == "per-az" else (zones[0],)


def plan_subnets(settings: Mapping[str, Any], architecture: str, vpc: ipaddress.IPv4Network,
                 tiers: Sequence[str], zones: Sequence[str]) -> tuple[SubnetPlan, ...]:
    """One subnet per tier per zone: explicit CIDRs where given, else the tier's fixed slot in the zone's block."""
    explicit = {tier: _explicit_subnet_cidrs(settings, tier, architecture, vpc, tiers, zones) for tier in TIERS}
    automatic = [tier for tier in tiers if not explicit[tier]]
    _check_layout_fits(vpc, automatic)
    labelled = [(f"{tier}_subnet_cidrs[{index}]", network)
                for tier in TIERS for index, network in enumerate(explicit[tier])]
    labelled += [(f"the automatic {tier} subnet of {zone}", layout_cidr(vpc, tier, zone))
                 for tier in automatic for zone in zones]
    _check_no_overlap(labelled)
    if len(tiers) * len(zones) > MAX_SUBNETS:
        raise ArgumentError(f"{len(tiers) * len(zones)} subnets is more than a VPC may have; allowed: at most "
                            f"{MAX_SUBNETS} (the default quota)")
    return tuple(SubnetPlan(tier, zone, str(cidr))
                 for tier in tiers
                 for zone, cidr in zip(zones, explicit[tier] or [layout_cidr(vpc, tier, zone) for zone in zones]))


def _check_layout_fits(vpc: ipaddress.IPv4Network, tiers: Sequence[str]) -> None:
    """Every automatic subnet must be a /28 or larger (AWS's minimum)."""
    if not tiers:
        return
    smallest = max(vpc.prefixlen + ZONE_BITS + TIER_SLOTS[tier][0] for tier in tiers)
    if smallest > PREFIX_RANGE[1]:
        largest_vpc = PREFIX_RANGE[1] - (smallest - vpc.prefixlen)
        raise ArgumentError(f"`cidr_block` {vpc} is too small for the automatic layout of its {', '.join(tiers)} "
                            f"subnets: the smallest would be /{smallest}, and AWS's minimum is /{PREFIX_RANGE[1]}; "
                            f"allowed: a /{largest_vpc} or larger `cidr_block`, or explicit subnet CIDRs for "
                            f"{'that tier' if len(tiers) == 1 else 'those tiers'}")


def layout_cidr(vpc: ipaddress.IPv4Network, tier: str, zone: str) -> ipaddress.IPv4Network:
    """The tier's subnet in the zone's block of the fixed layout (see the module docstring)."""
    bits, index = TIER_SLOTS[tier]
    prefix = vpc.prefixlen + ZONE_BITS + bits
    size = 2 ** (32 - prefix)
    zone_block = int(vpc.network_address) + zone_slot(zone) * 2 ** (32 - vpc.prefixlen - ZONE_BITS)
    return ipaddress.IPv4Network((zone_block + index * size, prefix))


def plan_vpn(vpn_args: Mapping[str, Any] | None, architecture: str,
             vpc: ipaddress.IPv4Network) -> VpnPlan | None:
    """The Site-to-Site VPN of the VPN architectures; None for the others."""
    if not architecture.endswith("-vpn"):
        if vpn_args:
            unset = defaults(SETTINGS)["vpn"]
            given = [key for key, value in vpn_args.items() if value != unset.get(key)] or ["customer_gateway_ip"]
            raise ArgumentError(f"`vpn.{given[0]}` is set but `architecture` {architecture!r} has no VPN; "
                                "allowed with: public-private-vpn, private-vpn")
        return None
    vpn_args = vpn_args or {}
    ip = vpn_args.get("customer_gateway_ip") or ""
    if not ip:
        raise ArgumentError(f"`vpn.customer_gateway_ip` is required for `architecture` {architecture!r}: "
                            "the public IPv4 address of the on-premises VPN device")
    _check_public_ip("vpn.customer_gateway_ip", ip)
    asn = vpn_args.get("bgp_asn")
    if isinstance(asn, bool) or not isinstance(asn, int) or not 1 <= asn <= MAX_BGP_ASN:
        raise ArgumentError(f"`vpn.bgp_asn` {asn!r} is out of range; allowed: 1 to {MAX_BGP_ASN} "
                            "(private ASNs are 64512 to 65534)")
    on_premises = [parse_cidr(f"vpn.on_premises_cidrs[{index}]", cidr, "an IPv4 block such as 192.168.0.0/16")
                   for index, cidr in enumerate(vpn_args.get("on_premises_cidrs") or [])]
    for index, network in enumerate(on_premises):
        if network.overlaps(vpc):
            raise ArgumentError(f"`vpn.on_premises_cidrs[{index}]` {network} overlaps `cidr_block` {vpc}; "
                                "the VPC and the on-premises network must use different addresses")
    static_routes = not vpn_args.get("route_propagation")
    if static_routes and not on_premises:
        raise ArgumentError("`vpn.on_premises_cidrs` is empty; static routing needs at least one on-premises CIDR "
                            "to route over the VPN, or set `vpn.route_propagation` to learn routes over BGP")
    return VpnPlan(ip, asn, tuple(str(network) for network in on_premises), static_routes)


def plan_route_tables(tiers: Sequence[str], zones: Sequence[str], nat_strategy: str,
                      vpn: VpnPlan | None) -> tuple[RouteTablePlan, ...]:
    """One table per tier (private: one per zone with per-AZ NAT). Isolated subnets get no routes out."""
    tables = []
    if "public" in tiers:
        tables.append(RouteTablePlan("public", "public", tuple(zones), (RoutePlan(ANYWHERE, "igw"),), False))
    if "private" in tiers:
        static_cidrs = vpn.on_premises_cidrs if vpn and vpn.static_routes else ()
        to_premises = tuple(RoutePlan(cidr, "vgw") for cidr in static_cidrs)
        propagates = vpn is not None and not vpn.static_routes
        if nat_strategy == "per-az":
            tables.extend(RouteTablePlan(f"private-{zone}", "private", (zone,),
                                         (RoutePlan(ANYWHERE, f"nat:{zone}"),) + to_premises, propagates)
                          for zone in zones)
        else:
            to_nat = (RoutePlan(ANYWHERE, f"nat:{zones[0]}"),) if nat_strategy == "single" else ()
            tables.append(RouteTablePlan("private", "private", tuple(zones), to_nat + to_premises, propagates))
    if "isolated" in tiers:
        tables.append(RouteTablePlan("isolated", "isolated", tuple(zones), (), False))
    return tuple(tables)


def plan_network_acls(tiers: Sequence[str], vpc: ipaddress.IPv4Network,
                      vpn: VpnPlan | None) -> tuple[NetworkAclPlan, ...]:
    """Stateless ACLs per tier: public admits web traffic and replies, private admits the VPC, replies and
    the on-premises network, isolated talks to the VPC only."""
    inside = NaclRulePlan(100, ALL_PROTOCOLS, str(vpc))
    replies = (NaclRulePlan(130, "tcp", ANYWHERE, *EPHEMERAL_PORTS),
               NaclRulePlan(140, "udp", ANYWHERE, *EPHEMERAL_PORTS))
    anywhere_out = (NaclRulePlan(100, ALL_PROTOCOLS, ANYWHERE),)
    on_premises = tuple(NaclRulePlan(200 + index, ALL_PROTOCOLS, cidr)
                        for index, cidr in enumerate(vpn.on_premises_cidrs if vpn else ()))
    acls = {
        "public": NetworkAclPlan("public", (inside, NaclRulePlan(110, "tcp", ANYWHERE, 80, 80),
                                            NaclRulePlan(120, "tcp", ANYWHERE, 443, 443)) + replies, anywhere_out),
        "private": NetworkAclPlan("private", (inside,) + replies + on_premises, anywhere_out),
        "isolated": NetworkAclPlan("isolated", (inside,), (inside,)),
    }
    return tuple(acls[tier] for tier in tiers)


def _choice(field: str, value: object, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise ArgumentError(f"`{field}` {value!r} is not supported; allowed: {', '.join(allowed)}")
    return str(value)


def _check_prefix(field: str, network: ipaddress.IPv4Network, kind: str) -> None:
    low, high = PREFIX_RANGE
    if not low <= network.prefixlen <= high:
        raise ArgumentError(f"`{field}` {network} has a /{network.prefixlen} prefix; "
                            f"AWS allows {kind} CIDR blocks from /{low} to /{high}")


def _check_public_ip(field: str, value: str) -> None:
    try:
        address = ipaddress.IPv4Address(value)
    except ValueError:
        raise ArgumentError(f"`{field}` {value!r} is not an IPv4 address; "
                            "give the on-premises VPN device's public IPv4 address") from None
    for network in NON_ROUTABLE:
        if address in network:
            raise ArgumentError(f"`{field}` {value} is not a public address (it is in {network}); "
                                "give the on-premises VPN device's public, internet-routable IPv4 address")


def _explicit_subnet_cidrs(settings: Mapping[str, Any], tier: str, architecture: str, vpc: ipaddress.IPv4Network,
                           tiers: Sequence[str], zones: Sequence[str]) -> list[ipaddress.IPv4Network]:
    field = f"{tier}_subnet_cidrs"
    values = list(settings.get(field) or [])
    if values and tier not in tiers:
        reason = ("`isolated_subnets` is false" if tier == "isolated"
                  else f"`architecture` {architecture!r} has no {tier} subnets")
        raise ArgumentError(f"`{field}` is set but {reason}; leave `{field}` empty")
    if values and len(values) != len(zones):
        raise ArgumentError(f"`{field}` needs one CIDR per availability zone ({len(zones)}: {', '.join(zones)}) "
                            f"but has {len(values)}; or leave it empty for the automatic layout")
    networks = []
    for index, value in enumerate(values):
        label = f"{field}[{index}]"
        network = parse_cidr(label, value, f"a /16 to /28 block inside `cidr_block` {vpc}")
        _check_prefix(label, network, "subnet")
        if not network.subnet_of(vpc):
            raise ArgumentError(f"`{label}` {network} is outside `cidr_block` {vpc}; "
                                "every subnet must fit inside the VPC's CIDR block")
        networks.append(network)
    return networks


def _check_no_overlap(labelled: Sequence[tuple[str, ipaddress.IPv4Network]]) -> None:
    """Subnets of one VPC must not overlap (CreateSubnet); a label is an argument, or an automatic subnet."""
    def named(label: str) -> str:
        return label if label.startswith("the automatic") else f"`{label}`"

    for index, (label, network) in enumerate(labelled):
        for earlier_label, earlier in labelled[:index]:
            if network.overlaps(earlier):
                first, second = sorted(((label, network), (earlier_label, earlier)),
                                       key=lambda item: item[0].startswith("the automatic"))
                hint = (" (move it out of the automatic layout's blocks, or give that tier explicit CIDRs too)"
                        if second[0].startswith("the automatic") else "")
                raise ArgumentError(f"{named(first[0])} {first[1]} overlaps {named(second[0])} {second[1]}; subnets "
                                    f"must not overlap{hint}")
