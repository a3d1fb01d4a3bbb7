"""Global Accelerator, Direct Connect, Transit Gateway, Client VPN, traffic mirroring and Network Firewall
rules: region groups, port speeds, which gateways are attachments, and the reasons left unpriced."""

from __future__ import annotations

import pytest

from costing.catalog import EMBEDDED_SNAPSHOT, load_catalog
from costing.rules import directconnect
from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.edge_helpers import snapshot_priced, unread_usage_keys
from tests.pricing_helpers import cents, lines_of, of, resource

ENDPOINT_GROUP = "aws:globalaccelerator/endpointGroup:EndpointGroup"
CONNECTION = "aws:directconnect/connection:Connection"
DX_ASSOCIATION = "aws:directconnect/gatewayAssociation:GatewayAssociation"
TRANSIT_GATEWAY = "aws:ec2transitgateway/transitGateway:TransitGateway"
SESSION = "aws:ec2/trafficMirrorSession:TrafficMirrorSession"
FIREWALL = "aws:networkfirewall/firewall:Firewall"


def test_the_premium_follows_the_endpoints_region_group_its_own_region_by_default():
    usage = Usage("usage.yaml", defaults={ENDPOINT_GROUP: {"monthly_outbound_data_transfer_gb.australia": 100}})
    result = snapshot_priced(resource(ENDPOINT_GROUP, "sydney", {}, region="ap-southeast-2"),
                             resource(ENDPOINT_GROUP, "seoul", {"endpointGroupRegion": "ap-northeast-2"}),
                             usage=usage)
    assert of(result, "sydney")["usage_monthly_usd"] == cents(100 * 0.007)  # Australia to Australia
    assert of(result, "seoul")["usage_monthly_usd"] == cents(100 * 0.080)  # South Korea to Australia
    assert lines_of(result, "seoul").iloc[0]["variant"] == "KR|us"


@pytest.mark.parametrize("region, reason", [
    ("mx-central-1", "no Global Accelerator region group for region 'mx-central-1'"),
    (UNKNOWN, "endpoint group region unknown until apply"),
])
def test_an_endpoint_group_in_a_region_of_no_known_group_is_unpriced(region, reason):
    result = snapshot_priced(resource(ENDPOINT_GROUP, "eg", {"endpointGroupRegion": region}))
    assert of(result, "eg")["reason"] == reason


@pytest.mark.parametrize("bandwidth, variant, hourly", [
    ("1Gbps", "dedicated", 0.30), ("10Gbps", "dedicated", 2.25), ("50Mbps", "hosted", 0.03), ("2Gbps", "hosted", 0.66),
])
def test_a_port_is_priced_by_speed_dedicated_unless_only_hosted_connections_have_it(bandwidth, variant, hourly):
    result = snapshot_priced(resource(CONNECTION, "dx", {"bandwidth": bandwidth, "location": "EqDC2"}))
    line = lines_of(result, "dx").iloc[0]
    assert (line["variant"], line["unit_usd"]) == (variant, pytest.approx(hourly))


@pytest.mark.parametrize("region, hourly, data_out", [
    ("ap-northeast-1", 0.285, 0.041),  # most of Tokyo's locations are in Japan: AWS's Japan rate, not the 0.30 of two
    ("eu-west-3", 0.30, 0.02),  # two Paris locations' 2.25 (the 10 Gbps price) is left out as suspect
    ("eu-west-1", 0.30, 0.02),  # Dublin and London at 0.02/GB; not its two South African locations' 0.11
    ("us-east-1", 0.30, 0.02),
])
def test_a_connection_takes_the_prices_most_of_its_regions_locations_share(region, hourly, data_out):
    usage = Usage("usage.yaml", resources={"dx": {"monthly_outbound_region_to_dx_location_gb": 1000}})
    result = snapshot_priced(resource(CONNECTION, "dx", {"bandwidth": "1Gbps", "location": "EqDC2"}, region=region),
                             usage=usage)
    port, data = lines_of(result, "dx").itertuples()
    assert (port.unit_usd, data.unit_usd) == (pytest.approx(hourly), pytest.approx(data_out))
    assert (of(result, "dx")["monthly_usd"], of(result, "dx")["usage_monthly_usd"]) == (
        cents(hourly * 730), cents(data_out * 1000))
    assert (port.note, data.note) == (directconnect.PORT_NOTE, directconnect.DATA_OUT_NOTE)


def test_the_snapshot_names_how_many_locations_share_a_price_and_what_was_left_out():
    prices = load_catalog(EMBEDDED_SNAPSHOT).prices
    source = prices.set_index(["service", "region", "item", "variant"])["source"].astype(str)
    assert source["directconnect", "eu-west-3", "port-1G", "dedicated"] == (
        "aws-pricing-pages/directconnect.json Direct Connect 1G Telehouse Voltaire (the price of 1 of the region's 3 "
        "places; left out as suspect: 2.25 at 2 (over 2x 0.3, the price most places charge))")
    assert source["directconnect", "eu-west-1", "data-transfer-out", ""].endswith(
        "(the price of 5 of the region's 7 places; others: 0.11 at 2)")


@pytest.mark.parametrize("inputs, reason", [
    ({"bandwidth": "1 Gbps"}, "bandwidth '1 Gbps' is not one Direct Connect offers (50Mbps, 100Mbps, 200Mbps, 300Mbps, "
                              "400Mbps, 500Mbps, 1Gbps, 2Gbps, 5Gbps, 10Gbps, 25Gbps, 100Gbps, 400Gbps)"),
    ({"bandwidth": UNKNOWN}, "bandwidth unknown until apply"),
])
def test_a_connection_of_an_unknown_speed_is_unpriced(inputs, reason):
    assert of(snapshot_priced(resource(CONNECTION, "dx", inputs)), "dx")["reason"] == reason


def test_a_gateway_association_is_an_attachment_only_to_a_transit_gateway():
    hub = resource(TRANSIT_GATEWAY, "hub", {})
    result = snapshot_priced(
        hub, resource(DX_ASSOCIATION, "by-ref", {"associatedGatewayId": UNKNOWN},
                      refs={"associatedGatewayId": [hub["urn"]]}),
        resource(DX_ASSOCIATION, "vgw", {"associatedGatewayId": "vgw-0123"}),
        resource(DX_ASSOCIATION, "unknown", {"associatedGatewayId": UNKNOWN}),
        resource(DX_ASSOCIATION, "odd", {"associatedGatewayId": "gw-1"}))
    assert of(result, "by-ref")["monthly_usd"] == cents(0.05 * 730)
    assert of(result, "vgw")["status"] == "free"
    assert of(result, "unknown")["reason"] == "associated gateway unknown until apply"
    assert of(result, "odd")["reason"] == ("associated gateway 'gw-1' is neither a transit gateway (billed per "
                                           "attachment hour) nor a virtual private gateway (free)")


def test_a_peering_attachment_has_no_data_processing_line():
    result = snapshot_priced(resource("aws:ec2transitgateway/peeringAttachment:PeeringAttachment", "peer", {}),
                             resource("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "vpc", {}))
    assert list(lines_of(result, "peer")["item"]) == ["tgw-peering-attachment"]
    assert list(lines_of(result, "vpc")["item"]) == ["tgw-vpc-attachment", "tgw-data-processed"]


def test_one_mirrored_interface_is_billed_once_whatever_its_sessions():
    eni = resource("aws:ec2/networkInterface:NetworkInterface", "eni", {"subnetId": "subnet-a"})
    result = snapshot_priced(
        eni, resource(SESSION, "a", {"networkInterfaceId": UNKNOWN}, refs={"networkInterfaceId": [eni["urn"]]}),
        resource(SESSION, "b", {"networkInterfaceId": UNKNOWN}, refs={"networkInterfaceId": [eni["urn"]]}),
        resource(SESSION, "c", {"networkInterfaceId": "eni-0c"}), resource(SESSION, "d", {"networkInterfaceId": "eni-0c"}))
    assert [of(result, name)["monthly_usd"] for name in "abcd"] == [cents(10.95), 0.0, cents(10.95), 0.0]


def test_a_session_whose_interface_is_unknown_is_unpriced():
    result = snapshot_priced(resource(SESSION, "s", {"networkInterfaceId": UNKNOWN}))
    assert of(result, "s")["reason"] == "source network interface unknown until apply"


def test_a_firewall_has_an_endpoint_per_subnet_or_availability_zone_mapping():
    result = snapshot_priced(resource(FIREWALL, "vpc", {"subnetMappings": [{"subnetId": "a"}, {"subnetId": "b"},
                                                                            {"subnetId": "c"}]}),
                             resource(FIREWALL, "tgw", {"transitGatewayId": "tgw-1", "availabilityZoneMappings": [
                                 {"availabilityZoneId": "use1-az1"}]}),
                             resource(FIREWALL, "later", {"subnetMappings": UNKNOWN}))
    assert of(result, "vpc")["monthly_usd"] == cents(3 * 0.395 * 730)
    assert of(result, "tgw")["monthly_usd"] == cents(0.395 * 730)
    assert of(result, "later")["reason"] == "subnet mappings unknown until apply"


def test_every_usage_key_is_read_by_a_line():
    assert unread_usage_keys(
        resource(ENDPOINT_GROUP, "eg", {"endpointGroupRegion": "us-east-1"}), resource(CONNECTION, "dx", {"bandwidth": "1Gbps"}),
        resource(DX_ASSOCIATION, "a", {"associatedGatewayId": "tgw-1"}),
        resource("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "vpc", {}),
        resource("aws:ec2clientvpn/endpoint:Endpoint", "vpn", {}), resource(FIREWALL, "fw", {"subnetMappings": [{}]}),
    ) == set()
