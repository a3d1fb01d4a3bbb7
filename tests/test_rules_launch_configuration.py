"""Auto Scaling groups with a launch configuration (ec2.py) and EC2 Dedicated Hosts (declared, no price in
the shared data). Prices: t3.micro 0.0104/h, gp3 0.08 and gp2 0.10 per GB-month, public IPv4 0.005/h."""

from __future__ import annotations

from costing.schema import UNKNOWN
from tests.pricing_helpers import cents, lines_of, of, priced, resource

GROUP = "aws:autoscaling/group:Group"
CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration"
HOST = "aws:ec2/dedicatedHost:DedicatedHost"
SUBNET = "aws:ec2/subnet:Subnet"


def test_a_group_runs_its_launch_configurations_instances_and_volumes():
    config = resource(CONFIGURATION, "web-lc", {"imageId": "ami-1", "instanceType": "t3.micro",
                                                "rootBlockDevice": {"volumeType": "gp3", "volumeSize": 30},
                                                "ebsBlockDevices": [{"deviceName": "/dev/sdf", "volumeSize": 100}],
                                                "associatePublicIpAddress": True})
    group = resource(GROUP, "web", {"launchConfiguration": UNKNOWN, "desiredCapacity": 3, "minSize": 1, "maxSize": 5},
                     refs={"launchConfiguration": [config["urn"]]})
    result = priced(config, group)
    lines = lines_of(result, "web")["monthly_usd"]
    assert lines["t3.micro instance (Linux, on-demand)"] == cents(22.78)  # 3 x 0.0104 x 730
    assert lines["root volume: gp3 storage"] == cents(7.20)  # 3 x 30 GB x 0.08
    assert lines["EBS volume /dev/sdf: gp2 storage"] == cents(30.00)  # 3 x 100 GB x 0.10 (gp2: the EC2 default)
    assert lines["public IPv4 addresses"] == cents(10.95)  # 3 x 0.005 x 730
    assert of(result, "web-lc")["status"] == "free"


def test_a_launch_configuration_is_found_by_name_and_its_spot_or_dedicated_instances_are_not_priced():
    by_name = resource(CONFIGURATION, "lc", {"name": "web-v2", "instanceType": "t3.micro"})
    spot = resource(CONFIGURATION, "spot-lc", {"name": "spot", "instanceType": "t3.micro", "spotPrice": "0.004"})
    dedicated = resource(CONFIGURATION, "ded-lc", {"name": "ded", "instanceType": "t3.micro",
                                                   "placementTenancy": "dedicated"})
    result = priced(by_name, spot, dedicated,
                    resource(GROUP, "named", {"launchConfiguration": "web-v2", "desiredCapacity": 1}),
                    resource(GROUP, "spot", {"launchConfiguration": "spot", "desiredCapacity": 1}),
                    resource(GROUP, "dedicated", {"launchConfiguration": "ded", "desiredCapacity": 1}))
    # 7.592 + the AMI's 8 GB gp2 root, 0.80, + a public IPv4 address, 3.65: no vpcZoneIdentifiers, so a default
    # subnet, where a launch configuration that does not set AssociatePublicIpAddress gets one (EC2 Auto Scaling API
    # Reference, CreateLaunchConfiguration: AssociatePublicIpAddress)
    assert of(result, "named")["monthly_usd"] == cents(12.04)
    assert of(result, "spot")["reason"] == "Spot instances (spotPrice) are not priced (on-demand only)"
    assert of(result, "dedicated")["reason"] == "dedicated tenancy is not priced (shared tenancy only)"


def test_a_dedicated_host_is_declared_and_says_its_price_is_missing():
    result = priced(resource(HOST, "host", {"instanceType": "r5.large"}), resource(HOST, "bare", {}))
    assert of(result, "host")["reason"] == ("no price for EC2 Dedicated Hosts (r5) in the snapshot: the shared pricing "
                                            "data has none")
    assert of(result, "bare")["reason"] == ("no price for EC2 Dedicated Hosts (family not set) in the snapshot: the "
                                            "shared pricing data has none")


def test_a_launch_configuration_that_does_not_say_leaves_the_public_address_to_the_groups_subnets():
    # AssociatePublicIpAddress unset: the subnet's own setting decides (EC2 Auto Scaling API Reference,
    # CreateLaunchConfiguration); declined: none, whatever the subnet
    private = resource(SUBNET, "private-a", {"mapPublicIpOnLaunch": False}, id="subnet-private-a")
    public = resource(SUBNET, "public-a", {"mapPublicIpOnLaunch": True}, id="subnet-public-a")
    unsaid = resource(CONFIGURATION, "unsaid-lc", {"name": "unsaid", "instanceType": "t3.micro"})
    declined = resource(CONFIGURATION, "declined-lc", {"name": "declined", "instanceType": "t3.micro",
                                                       "associatePublicIpAddress": False})
    result = priced(private, public, unsaid, declined,
                    resource(GROUP, "private", {"launchConfiguration": "unsaid", "desiredCapacity": 2,
                                                "vpcZoneIdentifiers": ["subnet-private-a"]}),
                    resource(GROUP, "public", {"launchConfiguration": "unsaid", "desiredCapacity": 2,
                                               "vpcZoneIdentifiers": ["subnet-public-a"]}),
                    resource(GROUP, "declined", {"launchConfiguration": "declined", "desiredCapacity": 2,
                                                 "vpcZoneIdentifiers": ["subnet-public-a"]}))
    assert "public IPv4 addresses" not in lines_of(result, "private").index
    assert lines_of(result, "public").loc["public IPv4 addresses", "monthly_usd"] == cents(7.30)  # 2 x 0.005 x 730
    assert "public IPv4 addresses" not in lines_of(result, "declined").index
    assert of(result, "private")["monthly_usd"] == cents(16.78)  # 2 x (7.592 + 0.80)
