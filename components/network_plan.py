"""The Network component's plan as plain data: tiers, subnets, route tables, NAT gateways, VPN, NACLs.

Pure functions, no Pulumi: every decision and every validation error lives here, so the plan can be
tested exhaustively without running a program; components/network.py only turns the plan into
resources. Validation errors are ValueErrors naming the args field, the bad value and what is allowed.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

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
DEFAULTS: Mapping[str, Any] = {
    "architecture": "public-private",
    "cidr_block": "10.0.0.0/16",
    "availability_zone_count": 2,
    "nat_strategy": "single",
    "isolated_subnets": False,
    "s3_gateway_endpoint": True,
    "flow_logs": False,
    "network_acls": False,
}
DEFAULT_BGP_ASN = 65000
MAX_BGP_ASN = 2_147_483_647  # CreateCustomerGateway's BgpAsn range starts at 1
PREFIX_RANGE = (16, 28)  # AWS's limits for VPC and subnet IPv4 CIDR blocks
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
    settings = {**DEFAULTS, **{key: value for key, value in args.items() if value is not None}}
    architecture = _choice("architecture", settings["architecture"], ARCHITECTURES)
    vpc = parse_cidr("cidr_block", settings["cidr_block"])
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


def parse_cidr(field: str, value: object) -> ipaddress.IPv4Network:
    """An IPv4 network from `value` (address/prefix, host bits clear), or a ValueError naming `field`."""
    text = value if isinstance(value, str) else ""
    try:
        if "/" not in text:
            raise ValueError(text)
        network = ipaddress.IPv4Network(text, strict=False)
    except ValueError:
        raise ValueError(f"{field} {value!r} is not a valid IPv4 CIDR block; "
                         "expected an address and prefix length like 10.0.0.0/16") from None
    if network.network_address != ipaddress.IPv4Interface(text).ip:
        raise ValueError(f"{field} {value!r} has host bits set; did you mean {network}?")
    return network


def select_zones(settings: Mapping[str, Any], region_zones: Sequence[str]) -> tuple[str, ...]:
    """The named availability zones when given, else the region's first availability_zone_count."""
    named = list(settings.get("availability_zones") or [])
    allowed = ", ".join(region_zones)
    for index, zone in enumerate(named):
        if zone not in region_zones:
            raise ValueError(f"availability_zones[{index}] {zone!r} is not an available zone in this region; "
                             f"allowed: {allowed}")
        if zone in named[:index]:
            raise ValueError(f"availability_zones[{index}] {zone!r} is listed twice; name each zone once")
    if named:
        return tuple(named)
    count = settings["availability_zone_count"]
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= len(region_zones):
        raise ValueError(f"availability_zone_count {count!r} is out of range: the region has "
                         f"{len(region_zones)} availability zones ({allowed}); allowed: 1 to {len(region_zones)}")
    return tuple(region_zones[:count])


def nat_gateway_zones(nat_strategy: str, architecture: str, zones: Sequence[str]) -> tuple[str, ...]:
    """The zones whose public subnet gets a NAT gateway: none, the first zone, or every zone."""
    if nat_strategy == "none":
        return ()
    tiers = ARCHITECTURE_TIERS[architecture]
    if "public" not in tiers:
        raise ValueError(f"nat_strategy {nat_strategy!r} needs public subnets for the NAT gateways, but "
                         f"architecture {architecture!r} has none; allowed with it: nat_strategy 'none'")
    if "private" not in tiers:
        raise ValueError(f"nat_strategy {nat_strategy!r} has nothing to serve: architecture {architecture!r} "
                         "has no private subnets; allowed with it: nat_strategy 'none'")
    return tuple(zones) if nat_strategy == "per-az" else (zones[0],)


def plan_subnets(settings: Mapping[str, Any], architecture: str, vpc: ipaddress.IPv4Network,
                 tiers: Sequence[str], zones: Sequence[str]) -> tuple[SubnetPlan, ...]:
    """One subnet per tier per zone: explicit CIDRs where given, else an even split of the VPC CIDR."""
    explicit = {tier: _explicit_subnet_cidrs(settings, tier, architecture, vpc, tiers, zones) for tier in TIERS}
    _check_no_overlap([(f"{tier}_subnet_cidrs[{index}]", network)
                       for tier in TIERS for index, network in enumerate(explicit[tier])])
    slots = [(tier, zone) for tier in tiers for zone in zones]
    auto_slots = [(tier, zone) for tier, zone in slots if not explicit[tier]]
    carved = iter(_carve(vpc, len(slots), auto_slots, [n for networks in explicit.values() for n in networks]))
    subnets = []
    for tier in tiers:
        cidrs = explicit[tier] or [next(carved) for _ in zones]
        subnets.extend(SubnetPlan(tier, zone, str(cidr)) for zone, cidr in zip(zones, cidrs))
    return tuple(subnets)


def plan_vpn(vpn_args: Mapping[str, Any] | None, architecture: str,
             vpc: ipaddress.IPv4Network) -> VpnPlan | None:
    """The Site-to-Site VPN of the VPN architectures; None for the others."""
    if not architecture.endswith("-vpn"):
        if vpn_args:
            raise ValueError(f"vpn is set but architecture {architecture!r} has no VPN; "
                             "allowed with: public-private-vpn, private-vpn")
        return None
    vpn_args = vpn_args or {}
    ip = vpn_args.get("customer_gateway_ip") or ""
    if not ip:
        raise ValueError(f"vpn.customer_gateway_ip is required for architecture {architecture!r}: "
                         "the public IPv4 address of the on-premises VPN device")
    _check_public_ip("vpn.customer_gateway_ip", ip)
    asn = vpn_args.get("bgp_asn", DEFAULT_BGP_ASN)
    if isinstance(asn, bool) or not isinstance(asn, int) or not 1 <= asn <= MAX_BGP_ASN:
        raise ValueError(f"vpn.bgp_asn {asn!r} is out of range; allowed: 1 to {MAX_BGP_ASN} "
                         "(private ASNs are 64512 to 65534)")
    on_premises = [parse_cidr(f"vpn.on_premises_cidrs[{index}]", cidr)
                   for index, cidr in enumerate(vpn_args.get("on_premises_cidrs") or [])]
    for index, network in enumerate(on_premises):
        if network.overlaps(vpc):
            raise ValueError(f"vpn.on_premises_cidrs[{index}] {network} overlaps cidr_block {vpc}; "
                             "the VPC and the on-premises network must use different addresses")
    static_routes = not vpn_args.get("route_propagation", False)
    if static_routes and not on_premises:
        raise ValueError("vpn.on_premises_cidrs is empty; static routing needs at least one on-premises CIDR "
                         "to route over the VPN, or set vpn.route_propagation to learn routes over BGP")
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
        raise ValueError(f"{field} {value!r} is not supported; allowed: {', '.join(allowed)}")
    return str(value)


def _check_prefix(field: str, network: ipaddress.IPv4Network, kind: str) -> None:
    low, high = PREFIX_RANGE
    if not low <= network.prefixlen <= high:
        raise ValueError(f"{field} {network} has a /{network.prefixlen} prefix; "
                         f"AWS allows {kind} CIDR blocks from /{low} to /{high}")


def _check_public_ip(field: str, value: str) -> None:
    try:
        address = ipaddress.IPv4Address(value)
    except ValueError:
        raise ValueError(f"{field} {value!r} is not an IPv4 address; "
                         "give the on-premises VPN device's public IPv4 address") from None
    for network in NON_ROUTABLE:
        if address in network:
            raise ValueError(f"{field} {value} is not a public address (it is in {network}); "
                             "give the on-premises VPN device's public, internet-routable IPv4 address")


def _explicit_subnet_cidrs(settings: Mapping[str, Any], tier: str, architecture: str, vpc: ipaddress.IPv4Network,
                           tiers: Sequence[str], zones: Sequence[str]) -> list[ipaddress.IPv4Network]:
    field = f"{tier}_subnet_cidrs"
    values = list(settings.get(field) or [])
    if values and tier not in tiers:
        reason = ("isolated_subnets is false" if tier == "isolated"
                  else f"architecture {architecture!r} has no {tier} subnets")
        raise ValueError(f"{field} is set but {reason}; leave {field} empty")
    if values and len(values) != len(zones):
        raise ValueError(f"{field} needs one CIDR per availability zone ({len(zones)}: {', '.join(zones)}) "
                         f"but has {len(values)}; or leave it empty to carve them automatically")
    networks = []
    for index, value in enumerate(values):
        label = f"{field}[{index}]"
        network = parse_cidr(label, value)
        _check_prefix(label, network, "subnet")
        if not network.subnet_of(vpc):
            raise ValueError(f"{label} {network} is outside cidr_block {vpc}; "
                             "every subnet must fit inside the VPC's CIDR block")
        networks.append(network)
    return networks


def _check_no_overlap(labelled: Sequence[tuple[str, ipaddress.IPv4Network]]) -> None:
    for index, (label, network) in enumerate(labelled):
        for earlier_label, earlier in labelled[:index]:
            if network.overlaps(earlier):
                raise ValueError(f"{label} {network} overlaps {earlier_label} {earlier}; subnets must not overlap")


def _carve(vpc: ipaddress.IPv4Network, slot_count: int, auto_slots: Sequence[tuple[str, str]],
           taken: Sequence[ipaddress.IPv4Network]) -> list[ipaddress.IPv4Network]:
    """Equal blocks, one slot per tier and zone, for the auto-carved slots, skipping explicit subnets."""
    if not auto_slots:
        return []
    bits = (slot_count - 1).bit_length()
    prefix = vpc.prefixlen + bits
    if prefix > PREFIX_RANGE[1]:
        raise ValueError(f"cidr_block {vpc} is too small for {slot_count} subnets (one per tier per "
                         f"availability zone): each would be a /{prefix}, smaller than AWS's minimum /28; "
                         f"use a /{PREFIX_RANGE[1] - bits} or larger cidr_block, fewer availability zones, "
                         "or explicit subnet CIDRs")
    free = [block for block in vpc.subnets(new_prefix=prefix) if not any(block.overlaps(t) for t in taken)]
    if len(free) < len(auto_slots):
        tier = auto_slots[len(free)][0]
        raise ValueError(f"cidr_block {vpc} has no room left for the automatically carved {tier} subnets "
                         f"(a /{prefix} each) beside the explicit subnet CIDRs; give every tier's CIDRs "
                         "explicitly or use a larger cidr_block")
    return free[: len(auto_slots)]
