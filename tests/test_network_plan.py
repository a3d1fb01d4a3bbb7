"""The Network plan as pure data: CIDR carving, tiers, NAT placement, route tables, VPN, NACLs, validation."""

from __future__ import annotations

import ipaddress
import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from components.network_plan import (
    ARCHITECTURES,
    NaclRulePlan,
    RoutePlan,
    SubnetPlan,
    plan_network,
)

US_EAST_1 = ("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f")
US_WEST_1 = ("us-west-1a", "us-west-1c")
VALID_NAT = {
    "public-only": ("none",),
    "public-private": ("none", "single", "per-az"),
    "public-private-vpn": ("none", "single", "per-az"),
    "private-vpn": ("none",),
}
VPN = {"customer_gateway_ip": "203.0.113.12", "bgp_asn": 65010, "on_premises_cidrs": ["192.168.0.0/16"]}


def args_for(architecture: str, **overrides):
    """Minimal valid args for `architecture` (VPN settings included for the VPN architectures)."""
    args = {"architecture": architecture}
    if architecture.endswith("-vpn"):
        args["vpn"] = dict(VPN)
    if architecture in ("public-only", "private-vpn"):
        args["nat_strategy"] = "none"
    return {**args, **overrides}


# --- defaults and shapes ------------------------------------------------------------------------

def test_defaults_are_public_private_over_two_zones_with_one_nat_and_the_s3_endpoint():
    plan = plan_network({}, US_EAST_1)
    assert plan.architecture == "public-private"
    assert plan.cidr_block == "10.0.0.0/16"
    assert plan.availability_zones == ("us-east-1a", "us-east-1b")
    assert plan.tiers == ("public", "private")
    assert plan.subnets == (
        SubnetPlan("public", "us-east-1a", "10.0.16.0/21"),
        SubnetPlan("public", "us-east-1b", "10.0.48.0/21"),
        SubnetPlan("private", "us-east-1a", "10.0.0.0/20"),
        SubnetPlan("private", "us-east-1b", "10.0.32.0/20"),
    )
    assert plan.nat_gateway_zones == ("us-east-1a",)
    assert plan.internet_gateway is True
    assert [(t.key, t.availability_zones, t.routes) for t in plan.route_tables] == [
        ("public", ("us-east-1a", "us-east-1b"), (RoutePlan("0.0.0.0/0", "igw"),)),
        ("private", ("us-east-1a", "us-east-1b"), (RoutePlan("0.0.0.0/0", "nat:us-east-1a"),)),
    ]
    assert plan.vpn is None
    assert plan.s3_gateway_endpoint is True
    assert plan.flow_logs is False
    assert plan.network_acls == ()
    assert plan.database_tier == "private"


def test_prod_shape_three_zones_per_az_nat_and_isolated_tier_in_the_fixed_layout():
    """Zone blocks of a /19 (a: 10.0.0.0, b: 10.0.32.0, c: 10.0.64.0); in each, private is the first /20, public the
    third /21 and isolated the seventh /22."""
    plan = plan_network({"availability_zone_count": 3, "nat_strategy": "per-az", "isolated_subnets": True},
                        US_EAST_1)
    assert [(s.tier, s.availability_zone, s.cidr_block) for s in plan.subnets] == [
        ("public", "us-east-1a", "10.0.16.0/21"),
        ("public", "us-east-1b", "10.0.48.0/21"),
        ("public", "us-east-1c", "10.0.80.0/21"),
        ("private", "us-east-1a", "10.0.0.0/20"),
        ("private", "us-east-1b", "10.0.32.0/20"),
        ("private", "us-east-1c", "10.0.64.0/20"),
        ("isolated", "us-east-1a", "10.0.24.0/22"),
        ("isolated", "us-east-1b", "10.0.56.0/22"),
        ("isolated", "us-east-1c", "10.0.88.0/22"),
    ]
    assert plan.nat_gateway_zones == ("us-east-1a", "us-east-1b", "us-east-1c")
    assert [(t.key, t.routes) for t in plan.route_tables] == [
        ("public", (RoutePlan("0.0.0.0/0", "igw"),)),
        ("private-us-east-1a", (RoutePlan("0.0.0.0/0", "nat:us-east-1a"),)),
        ("private-us-east-1b", (RoutePlan("0.0.0.0/0", "nat:us-east-1b"),)),
        ("private-us-east-1c", (RoutePlan("0.0.0.0/0", "nat:us-east-1c"),)),
        ("isolated", ()),
    ]
    assert plan.database_tier == "isolated"
    assert plan.route_table_for(SubnetPlan("private", "us-east-1b", "10.0.32.0/20")).key == "private-us-east-1b"
    assert plan.route_table_for(SubnetPlan("isolated", "us-east-1c", "10.0.88.0/22")).key == "isolated"


@pytest.mark.parametrize("architecture, tiers, internet_gateway, database_tier", [
    ("public-only", ("public",), True, "public"),
    ("public-private", ("public", "private"), True, "private"),
    ("public-private-vpn", ("public", "private"), True, "private"),
    ("private-vpn", ("private",), False, "private"),
])
def test_each_architecture_has_its_tiers(architecture, tiers, internet_gateway, database_tier):
    plan = plan_network(args_for(architecture), US_EAST_1)
    assert plan.tiers == tiers
    assert plan.internet_gateway is internet_gateway
    assert plan.database_tier == database_tier
    assert (plan.vpn is not None) is architecture.endswith("-vpn")
    with_isolated = plan_network(args_for(architecture, isolated_subnets=True), US_EAST_1)
    assert with_isolated.tiers == tiers + ("isolated",)
    assert with_isolated.database_tier == "isolated"


def test_the_smallest_vpc_for_the_automatic_layout_is_a_22():
    plan = plan_network(args_for("public-private", isolated_subnets=True, cidr_block="172.16.0.0/22"), US_EAST_1)
    assert [(s.tier, s.availability_zone, s.cidr_block) for s in plan.subnets] == [
        ("public", "us-east-1a", "172.16.0.64/27"), ("public", "us-east-1b", "172.16.0.192/27"),
        ("private", "us-east-1a", "172.16.0.0/26"), ("private", "us-east-1b", "172.16.0.128/26"),
        ("isolated", "us-east-1a", "172.16.0.96/28"), ("isolated", "us-east-1b", "172.16.0.224/28"),
    ]


def test_each_zone_has_the_block_of_its_letter_whatever_zones_are_chosen():
    plan = plan_network({"availability_zones": ["us-west-1c", "us-west-1a"]}, US_WEST_1)
    assert [(s.tier, s.availability_zone, s.cidr_block) for s in plan.subnets] == [
        ("public", "us-west-1c", "10.0.80.0/21"), ("public", "us-west-1a", "10.0.16.0/21"),
        ("private", "us-west-1c", "10.0.64.0/20"), ("private", "us-west-1a", "10.0.0.0/20"),
    ]


def test_named_zones_override_the_count_and_keep_their_order():
    plan = plan_network({"availability_zones": ["us-east-1f", "us-east-1c"], "availability_zone_count": 5},
                        US_EAST_1)
    assert plan.availability_zones == ("us-east-1f", "us-east-1c")
    assert [s.availability_zone for s in plan.subnets_in("public")] == ["us-east-1f", "us-east-1c"]
    assert plan.nat_gateway_zones == ("us-east-1f",)


def test_explicit_cidrs_are_kept_beside_the_automatic_tiers():
    plan = plan_network({"public_subnet_cidrs": ["10.0.28.0/24", "10.0.60.0/24"]}, US_EAST_1)
    assert [s.cidr_block for s in plan.subnets] == ["10.0.28.0/24", "10.0.60.0/24", "10.0.0.0/20", "10.0.32.0/20"]


def test_all_tiers_explicit_needs_no_carving_even_in_a_small_vpc():
    plan = plan_network({"cidr_block": "10.0.0.0/26",
                         "public_subnet_cidrs": ["10.0.0.0/28", "10.0.0.16/28"],
                         "private_subnet_cidrs": ["10.0.0.32/28", "10.0.0.48/28"]}, US_EAST_1)
    assert [s.cidr_block for s in plan.subnets] == ["10.0.0.0/28", "10.0.0.16/28", "10.0.0.32/28", "10.0.0.48/28"]


# --- NAT and route tables -----------------------------------------------------------------------

@pytest.mark.parametrize("nat_strategy, nat_zones, private_tables", [
    ("none", (), [("private", ("us-east-1a", "us-east-1b", "us-east-1c"), None)]),
    ("single", ("us-east-1a",), [("private", ("us-east-1a", "us-east-1b", "us-east-1c"), "nat:us-east-1a")]),
    ("per-az", ("us-east-1a", "us-east-1b", "us-east-1c"), [
        ("private-us-east-1a", ("us-east-1a",), "nat:us-east-1a"),
        ("private-us-east-1b", ("us-east-1b",), "nat:us-east-1b"),
        ("private-us-east-1c", ("us-east-1c",), "nat:us-east-1c"),
    ]),
])
def test_nat_strategy_decides_nat_zones_and_private_route_tables(nat_strategy, nat_zones, private_tables):
    plan = plan_network({"availability_zone_count": 3, "nat_strategy": nat_strategy}, US_EAST_1)
    assert plan.nat_gateway_zones == nat_zones
    assert [(t.key, t.availability_zones, t.default_route and t.default_route.target)
            for t in plan.route_tables_of("private")] == private_tables


def test_static_vpn_routes_the_on_premises_cidrs_through_the_vgw_from_private_tables_only():
    vpn = {**VPN, "on_premises_cidrs": ["192.168.0.0/16", "172.20.0.0/16"]}
    plan = plan_network(args_for("public-private-vpn", nat_strategy="per-az", isolated_subnets=True, vpn=vpn),
                        US_EAST_1)
    assert plan.vpn is not None
    assert (plan.vpn.customer_gateway_ip, plan.vpn.bgp_asn, plan.vpn.static_routes) == ("203.0.113.12", 65010, True)
    assert plan.vpn.on_premises_cidrs == ("192.168.0.0/16", "172.20.0.0/16")
    for table in plan.route_tables_of("private"):
        assert table.routes[1:] == (RoutePlan("192.168.0.0/16", "vgw"), RoutePlan("172.20.0.0/16", "vgw"))
        assert table.propagates_vpn_routes is False
    for table in plan.route_tables_of("public") + plan.route_tables_of("isolated"):
        assert all(route.target != "vgw" for route in table.routes)


def test_vpn_route_propagation_replaces_static_routes_and_needs_no_cidrs():
    plan = plan_network(args_for("private-vpn", vpn={"customer_gateway_ip": "198.51.100.7",
                                                     "route_propagation": True}), US_EAST_1)
    assert plan.vpn is not None
    assert (plan.vpn.static_routes, plan.vpn.bgp_asn, plan.vpn.on_premises_cidrs) == (False, 65000, ())
    [private] = plan.route_tables
    assert (private.key, private.routes, private.propagates_vpn_routes) == ("private", (), True)


# --- network ACLs -------------------------------------------------------------------------------

def test_network_acls_per_tier():
    plan = plan_network(args_for("public-private-vpn", isolated_subnets=True, network_acls=True,
                                 cidr_block="10.8.0.0/16"), US_EAST_1)
    public, private, isolated = plan.network_acls
    inside = NaclRulePlan(100, "-1", "10.8.0.0/16")
    replies = (NaclRulePlan(130, "tcp", "0.0.0.0/0", 1024, 65535), NaclRulePlan(140, "udp", "0.0.0.0/0", 1024, 65535))
    assert public.tier == "public"
    assert public.ingress == (inside, NaclRulePlan(110, "tcp", "0.0.0.0/0", 80, 80),
                              NaclRulePlan(120, "tcp", "0.0.0.0/0", 443, 443)) + replies
    assert public.egress == (NaclRulePlan(100, "-1", "0.0.0.0/0"),)
    assert private.tier == "private"
    assert private.ingress == (inside,) + replies + (NaclRulePlan(200, "-1", "192.168.0.0/16"),)
    assert private.egress == (NaclRulePlan(100, "-1", "0.0.0.0/0"),)
    assert (isolated.tier, isolated.ingress, isolated.egress) == ("isolated", (inside,), (inside,))


def test_no_network_acls_unless_asked():
    assert plan_network({"network_acls": False}, US_EAST_1).network_acls == ()
    assert [acl.tier for acl in plan_network({"network_acls": True}, US_EAST_1).network_acls] == ["public", "private"]


# --- properties over random VPCs, zone counts and architectures ---------------------------------

@st.composite
def vpc_cidrs(draw) -> ipaddress.IPv4Network:
    prefix = draw(st.integers(16, 24))
    address = draw(st.integers(0, 2**32 - 1)) >> (32 - prefix) << (32 - prefix)
    return ipaddress.IPv4Network((address, prefix))


@st.composite
def network_args(draw) -> dict:
    architecture = draw(st.sampled_from(ARCHITECTURES))
    args = {
        "architecture": architecture,
        "cidr_block": str(draw(vpc_cidrs())),
        "availability_zone_count": draw(st.integers(1, 6)),
        "nat_strategy": draw(st.sampled_from(VALID_NAT[architecture])),
        "isolated_subnets": draw(st.booleans()),
    }
    if architecture.endswith("-vpn"):
        args["vpn"] = {"customer_gateway_ip": "203.0.113.12", "route_propagation": True}
    return args


def tiers_of(args: dict) -> list[str]:
    tiers = {"public-only": ["public"], "private-vpn": ["private"]}.get(args["architecture"], ["public", "private"])
    return tiers + (["isolated"] if args["isolated_subnets"] else [])


def expected_private_default(nat_strategy: str, zone: str, zones: tuple[str, ...]) -> RoutePlan | None:
    targets = {"none": None, "single": f"nat:{zones[0]}", "per-az": f"nat:{zone}"}
    return targets[nat_strategy] and RoutePlan("0.0.0.0/0", targets[nat_strategy])


def assert_sound(plan, vpc: ipaddress.IPv4Network, nat_strategy: str) -> None:
    """Subnets: one per tier per zone, inside the VPC, never overlapping; each routed by its tier and zone."""
    keys = [(s.tier, s.availability_zone) for s in plan.subnets]
    assert sorted(keys) == sorted(itertools.product(plan.tiers, plan.availability_zones))
    networks = [ipaddress.IPv4Network(s.cidr_block) for s in plan.subnets]
    assert all(network.subnet_of(vpc) for network in networks)
    assert all(16 <= network.prefixlen <= 28 for network in networks)
    for first, second in itertools.combinations(networks, 2):
        assert not first.overlaps(second)
    for subnet in plan.subnets:
        [table] = [t for t in plan.route_tables_of(subnet.tier) if subnet.availability_zone in t.availability_zones]
        if subnet.tier == "public":
            assert table.routes == (RoutePlan("0.0.0.0/0", "igw"),)
        elif subnet.tier == "private":
            expected = expected_private_default(nat_strategy, subnet.availability_zone, plan.availability_zones)
            assert table.default_route == expected
            assert all(route.target != "igw" for route in table.routes)
        else:
            assert table.routes == ()
    nat_zones = {"none": (), "single": plan.availability_zones[:1], "per-az": plan.availability_zones}
    assert plan.nat_gateway_zones == nat_zones[nat_strategy]
    assert set(plan.nat_gateway_zones) <= {s.availability_zone for s in plan.subnets_in("public")}


def largest_layout_prefix(args: dict) -> int:
    """The longest VPC prefix the automatic layout fits: /28 subnets in the smallest slot of the tiers used."""
    return 28 - 3 - max({"private": 1, "public": 2, "isolated": 3}[tier] for tier in tiers_of(args))


@given(network_args())
def test_automatic_plans_are_sound_or_refused_as_too_small(args):
    vpc = ipaddress.IPv4Network(args["cidr_block"])
    if vpc.prefixlen > largest_layout_prefix(args):
        with pytest.raises(ValueError, match=rf"^cidr_block {vpc} is too small for the automatic layout of its "):
            plan_network(args, US_EAST_1)
        return
    plan = plan_network(args, US_EAST_1)
    assert_sound(plan, vpc, args["nat_strategy"])
    assert len(plan.subnets) == len(tiers_of(args)) * args["availability_zone_count"]
    sizes = {"private": vpc.prefixlen + 4, "public": vpc.prefixlen + 5, "isolated": vpc.prefixlen + 6}
    assert all(ipaddress.IPv4Network(s.cidr_block).prefixlen == sizes[s.tier] for s in plan.subnets)


@given(network_args(), st.data())
def test_explicit_tiers_are_kept_beside_the_automatic_ones(args, data):
    """Explicit CIDRs taken from the two zone blocks no zone uses (g and h: at most six zones here)."""
    vpc = ipaddress.IPv4Network(args["cidr_block"])
    assume(vpc.prefixlen <= min(largest_layout_prefix(args), 21))
    explicit_tiers = data.draw(st.lists(st.sampled_from(tiers_of(args)), min_size=1, unique=True))
    free = [block for zone_block in list(vpc.subnets(prefixlen_diff=3))[6:]
            for block in zone_block.subnets(prefixlen_diff=4)]
    order = data.draw(st.permutations(range(len(free))))
    chosen = iter(free[index] for index in order)
    zones = args["availability_zone_count"]
    explicit = {tier: [str(next(chosen)) for _ in range(zones)] for tier in explicit_tiers}
    plan = plan_network({**args, **{f"{tier}_subnet_cidrs": cidrs for tier, cidrs in explicit.items()}}, US_EAST_1)
    assert_sound(plan, vpc, args["nat_strategy"])
    automatic = plan_network(args, US_EAST_1)
    for subnet in plan.subnets:
        if subnet.tier in explicit:
            assert subnet.cidr_block == explicit[subnet.tier][plan.availability_zones.index(subnet.availability_zone)]
        else:
            assert subnet in automatic.subnets


# A stack grows by a tier or a zone: the architectures that only add tiers (or the VPN) to another.
GROWN_ARCHITECTURES = {
    "public-only": ("public-private", "public-private-vpn"),
    "public-private": ("public-private-vpn",),
    "private-vpn": ("public-private-vpn",),
    "public-private-vpn": (),
}


@st.composite
def grown(draw, smaller: dict) -> dict:
    """`smaller` with one more tier, zone or the VPN: what a later `pulumi up` of the same stack may ask for."""
    choices = ["isolated"] if not smaller["isolated_subnets"] else []
    choices += ["zone"] if smaller["availability_zone_count"] < len(US_EAST_1) else []
    choices += ["architecture"] if GROWN_ARCHITECTURES[smaller["architecture"]] else []
    assume(choices)
    change = draw(st.sampled_from(choices))
    if change == "isolated":
        return {**smaller, "isolated_subnets": True}
    if change == "zone":
        return {**smaller, "availability_zone_count": smaller["availability_zone_count"] + 1}
    architecture = draw(st.sampled_from(GROWN_ARCHITECTURES[smaller["architecture"]]))
    larger = args_for(architecture, **{key: value for key, value in smaller.items()
                                       if key not in ("architecture", "vpn", "nat_strategy")})
    vpn = {"vpn": {"customer_gateway_ip": "203.0.113.12", "route_propagation": True}} \
        if architecture.endswith("-vpn") else {}
    return {**larger, **vpn, "nat_strategy": "none" if smaller["architecture"] == "private-vpn"
            else smaller["nat_strategy"]}


@given(st.data())
def test_growing_a_stack_never_moves_an_existing_subnet(data):
    smaller = data.draw(network_args())
    vpc = ipaddress.IPv4Network(smaller["cidr_block"])
    larger = data.draw(grown(smaller))
    assume(vpc.prefixlen <= largest_layout_prefix(larger))
    before = set(plan_network(smaller, US_EAST_1).subnets)
    after = set(plan_network(larger, US_EAST_1).subnets)
    assert before <= after
    assert len(after) > len(before) or smaller["architecture"] != larger["architecture"]


# --- validation: each error with its exact message ----------------------------------------------

@pytest.mark.parametrize("args, zones, message", [
    ({"architecture": "hub-and-spoke"}, US_EAST_1,
     "architecture 'hub-and-spoke' is not supported; allowed: public-only, public-private, public-private-vpn, "
     "private-vpn"),
    ({"nat_strategy": "double"}, US_EAST_1,
     "nat_strategy 'double' is not supported; allowed: none, single, per-az"),
    ({"cidr_block": "10.0.0.0/33"}, US_EAST_1,
     "cidr_block 10.0.0.0/33 is not a valid CIDR; allowed: a /16 to /28 block such as 10.0.0.0/16"),
    ({"cidr_block": "10.0.0.0"}, US_EAST_1,
     "cidr_block 10.0.0.0 is not a valid CIDR; allowed: a /16 to /28 block such as 10.0.0.0/16"),
    ({"cidr_block": "10.0.0.300/16"}, US_EAST_1,
     "cidr_block 10.0.0.300/16 is not a valid CIDR; allowed: a /16 to /28 block such as 10.0.0.0/16"),
    ({"cidr_block": 10}, US_EAST_1,
     "cidr_block 10 is not a valid CIDR; allowed: a /16 to /28 block such as 10.0.0.0/16"),
    ({"cidr_block": "10.0.1.0/16"}, US_EAST_1,
     "cidr_block 10.0.1.0/16 has host bits set; did you mean 10.0.0.0/16?"),
    ({"cidr_block": "10.0.0.0/8"}, US_EAST_1,
     "cidr_block 10.0.0.0/8 has a /8 prefix; AWS allows VPC CIDR blocks from /16 to /28"),
    ({"cidr_block": "10.0.0.0/29"}, US_EAST_1,
     "cidr_block 10.0.0.0/29 has a /29 prefix; AWS allows VPC CIDR blocks from /16 to /28"),
    ({"availability_zone_count": 3}, US_WEST_1,
     "availability_zone_count 3 is out of range: the region has 2 availability zones (us-west-1a, us-west-1c); "
     "allowed: 1 to 2"),
    ({"availability_zone_count": 0}, US_WEST_1,
     "availability_zone_count 0 is out of range: the region has 2 availability zones (us-west-1a, us-west-1c); "
     "allowed: 1 to 2"),
    ({"availability_zones": ["us-west-1a", "us-west-1b"]}, US_WEST_1,
     "availability_zones[1] 'us-west-1b' is not an available zone in this region; allowed: us-west-1a, us-west-1c"),
    ({"availability_zones": ["us-west-1c", "us-west-1c"]}, US_WEST_1,
     "availability_zones[1] 'us-west-1c' is listed twice; name each zone once"),
    ({"architecture": "private-vpn", "nat_strategy": "single", "vpn": VPN}, US_EAST_1,
     "nat_strategy 'single' needs public subnets for the NAT gateways, but architecture 'private-vpn' has none; "
     "allowed with it: nat_strategy 'none'"),
    ({"architecture": "public-only", "nat_strategy": "per-az"}, US_EAST_1,
     "nat_strategy 'per-az' has nothing to serve: architecture 'public-only' has no private subnets; "
     "allowed with it: nat_strategy 'none'"),
    ({"public_subnet_cidrs": ["10.0.0.0/24"]}, US_EAST_1,
     "public_subnet_cidrs needs one CIDR per availability zone (2: us-east-1a, us-east-1b) but has 1; "
     "or leave it empty for the automatic layout"),
    ({"private_subnet_cidrs": ["10.0.0.0/24", "10.0.1/24"]}, US_EAST_1,
     "private_subnet_cidrs[1] 10.0.1/24 is not a valid CIDR; allowed: a /16 to /28 block inside cidr_block "
     "10.0.0.0/16"),
    ({"public_subnet_cidrs": ["10.0.0.0/24", "10.1.0.0/24"]}, US_EAST_1,
     "public_subnet_cidrs[1] 10.1.0.0/24 is outside cidr_block 10.0.0.0/16; every subnet must fit inside the VPC's "
     "CIDR block"),
    ({"public_subnet_cidrs": ["10.0.0.0/24", "10.0.1.0/29"]}, US_EAST_1,
     "public_subnet_cidrs[1] 10.0.1.0/29 has a /29 prefix; AWS allows subnet CIDR blocks from /16 to /28"),
    ({"public_subnet_cidrs": ["10.0.0.0/20", "10.0.16.0/20"],
      "private_subnet_cidrs": ["10.0.32.0/20", "10.0.8.0/24"]}, US_EAST_1,
     "private_subnet_cidrs[1] 10.0.8.0/24 overlaps public_subnet_cidrs[0] 10.0.0.0/20; subnets must not overlap"),
    ({"public_subnet_cidrs": ["10.0.0.0/24", "10.0.0.128/25"]}, US_EAST_1,
     "public_subnet_cidrs[1] 10.0.0.128/25 overlaps public_subnet_cidrs[0] 10.0.0.0/24; subnets must not overlap"),
    ({"architecture": "public-only", "nat_strategy": "none", "private_subnet_cidrs": ["10.0.0.0/24", "10.0.1.0/24"]},
     US_EAST_1,
     "private_subnet_cidrs is set but architecture 'public-only' has no private subnets; "
     "leave private_subnet_cidrs empty"),
    ({"isolated_subnet_cidrs": ["10.0.0.0/24", "10.0.1.0/24"]}, US_EAST_1,
     "isolated_subnet_cidrs is set but isolated_subnets is false; leave isolated_subnet_cidrs empty"),
    ({"cidr_block": "10.0.0.0/26", "isolated_subnets": True, "availability_zone_count": 3}, US_EAST_1,
     "cidr_block 10.0.0.0/26 is too small for the automatic layout of its public, private, isolated subnets: the "
     "smallest would be /32, and AWS's minimum is /28; allowed: a /22 or larger cidr_block, or explicit subnet CIDRs "
     "for those tiers"),
    ({"cidr_block": "10.0.0.0/24", "private_subnet_cidrs": ["10.0.0.0/28", "10.0.0.16/28"]}, US_EAST_1,
     "cidr_block 10.0.0.0/24 is too small for the automatic layout of its public subnets: the smallest would be /29, "
     "and AWS's minimum is /28; allowed: a /23 or larger cidr_block, or explicit subnet CIDRs for that tier"),
    ({"cidr_block": "10.0.0.0/24", "public_subnet_cidrs": ["10.0.0.0/25", "10.0.0.128/27"]}, US_EAST_1,
     "public_subnet_cidrs[0] 10.0.0.0/25 overlaps the automatic private subnet of us-east-1a 10.0.0.0/28; subnets "
     "must not overlap (move it out of the automatic layout's blocks, or give that tier explicit CIDRs too)"),
    ({"architecture": "private-vpn", "nat_strategy": "none"}, US_EAST_1,
     "vpn.customer_gateway_ip is required for architecture 'private-vpn': the public IPv4 address of the "
     "on-premises VPN device"),
    ({"architecture": "public-private-vpn", "vpn": {**VPN, "customer_gateway_ip": ""}}, US_EAST_1,
     "vpn.customer_gateway_ip is required for architecture 'public-private-vpn': the public IPv4 address of the "
     "on-premises VPN device"),
    ({"architecture": "public-private-vpn", "vpn": {**VPN, "customer_gateway_ip": "203.0.113"}}, US_EAST_1,
     "vpn.customer_gateway_ip '203.0.113' is not an IPv4 address; give the on-premises VPN device's public IPv4 "
     "address"),
    ({"architecture": "public-private-vpn", "vpn": {**VPN, "customer_gateway_ip": "192.168.1.1"}}, US_EAST_1,
     "vpn.customer_gateway_ip 192.168.1.1 is not a public address (it is in 192.168.0.0/16); give the on-premises "
     "VPN device's public, internet-routable IPv4 address"),
    ({"architecture": "public-private-vpn", "vpn": {**VPN, "bgp_asn": 0}}, US_EAST_1,
     "vpn.bgp_asn 0 is out of range; allowed: 1 to 2147483647 (private ASNs are 64512 to 65534)"),
    ({"architecture": "public-private-vpn", "vpn": {**VPN, "bgp_asn": 4_294_967_295}}, US_EAST_1,
     "vpn.bgp_asn 4294967295 is out of range; allowed: 1 to 2147483647 (private ASNs are 64512 to 65534)"),
    ({"architecture": "public-private-vpn", "vpn": {**VPN, "on_premises_cidrs": ["192.168.0.0/16", "nope"]}},
     US_EAST_1,
     "vpn.on_premises_cidrs[1] nope is not a valid CIDR; allowed: an IPv4 block such as 192.168.0.0/16"),
    ({"architecture": "public-private-vpn", "vpn": {**VPN, "on_premises_cidrs": ["192.168.0.0/16", "10.0.0.0/8"]}},
     US_EAST_1,
     "vpn.on_premises_cidrs[1] 10.0.0.0/8 overlaps cidr_block 10.0.0.0/16; the VPC and the on-premises network "
     "must use different addresses"),
    ({"architecture": "public-private-vpn", "vpn": {**VPN, "on_premises_cidrs": []}}, US_EAST_1,
     "vpn.on_premises_cidrs is empty; static routing needs at least one on-premises CIDR to route over the VPN, or "
     "set vpn.route_propagation to learn routes over BGP"),
    ({"architecture": "public-private", "vpn": VPN}, US_EAST_1,
     "vpn.customer_gateway_ip is set but architecture 'public-private' has no VPN; allowed with: "
     "public-private-vpn, private-vpn"),
])
def test_validation_errors(args, zones, message):
    with pytest.raises(ValueError) as raised:
        plan_network(args, zones)
    assert str(raised.value) == message
