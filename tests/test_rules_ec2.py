"""EC2 instances, Auto Scaling groups and EBS volumes, priced to the cent on hand-checked prices
(us-east-1: t3.micro 0.0104/h; EBS gp2 0.10, gp3 0.08/GB-month, gp3 IOPS 0.005, throughput 0.04;
io1 0.125/GB + 0.065/IOPS; io2 IOPS tiers 0.065 / 0.0455 / 0.03185; public IPv4 0.005/h)."""

from __future__ import annotations

import math

import pytest

from costing.schema import UNKNOWN
from tests.pricing_helpers import cents, lines_of, of, priced, resource

INSTANCE = "aws:ec2/instance:Instance"
GROUP = "aws:autoscaling/group:Group"
POLICY = "aws:autoscaling/policy:Policy"
SUBNET = "aws:ec2/subnet:Subnet"
TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
VOLUME = "aws:ebs/volume:Volume"
EIP = "aws:ec2/eip:Eip"
EIP_ASSOCIATION = "aws:ec2/eipAssociation:EipAssociation"


NO_PUBLIC_IP = [{"associatePublicIpAddress": "false"}]  # what these tests price is not the address


def template(name: str = "web-lt", **inputs) -> dict:
    return resource(TEMPLATE, name, {"instanceType": "t3.micro",
                                     "blockDeviceMappings": [{"deviceName": "/dev/xvda",
                                                              "ebs": {"volumeSize": 20, "volumeType": "gp3"}}],
                                     "networkInterfaces": NO_PUBLIC_IP, **inputs})


def group(lt: dict, name: str = "web-asg", **inputs) -> dict:
    return resource(GROUP, name, {"launchTemplate": {"id": UNKNOWN, "version": "$Latest"}, **inputs},
                    refs={"launchTemplate": [lt["urn"]]})


# --- instances ---------------------------------------------------------------------------------

def test_instance_without_root_device_gets_an_8_gb_gp2_root_volume_from_the_ami():
    result = priced(resource(INSTANCE, "vm", {"instanceType": "t3.micro", "associatePublicIpAddress": False}))
    lines = lines_of(result, "vm")
    # 0.0104 x 730 = 7.592 ; 8 GB x 0.10 = 0.80
    assert lines.loc["t3.micro instance (Linux, on-demand)", "monthly_usd"] == cents(7.59)
    assert lines.loc["root volume, 8 GB assumed (size from the AMI): gp2 storage", "monthly_usd"] == cents(0.80)
    assert of(result, "vm")["monthly_usd"] == cents(8.39)
    assert of(result, "vm")["hourly_usd"] == cents(8.392 / 730)


def test_gp3_root_volume_pays_iops_and_throughput_above_the_baseline():
    result = priced(resource(INSTANCE, "vm", {
        "instanceType": "t3.micro", "associatePublicIpAddress": False,
        "rootBlockDevice": {"volumeType": "gp3", "volumeSize": 100, "iops": 4000, "throughput": 200}}))
    lines = lines_of(result, "vm")
    assert lines.loc["root volume: gp3 storage", "monthly_usd"] == cents(8.00)  # 100 x 0.08
    assert lines.loc["root volume: gp3 IOPS above 3,000", "monthly_usd"] == cents(5.00)  # 1,000 x 0.005
    assert lines.loc["root volume: gp3 throughput above 125 MiB/s", "monthly_usd"] == cents(3.00)  # 75 x 0.04
    assert of(result, "vm")["monthly_usd"] == cents(23.59)  # 7.592 + 8 + 5 + 3


def test_gp3_at_its_baseline_pays_storage_only():
    result = priced(resource(VOLUME, "data", {"type": "gp3", "size": 50, "iops": 3000, "throughput": 125}))
    assert list(lines_of(result, "data").index) == ["volume: gp3 storage"]
    assert of(result, "data")["monthly_usd"] == cents(4.00)  # 50 x 0.08


def test_instance_with_a_public_ip_pays_for_the_address_and_shows_data_transfer_as_usage():
    result = priced(resource(INSTANCE, "bastion", {"instanceType": "t3.micro", "associatePublicIpAddress": True,
                                                   "rootBlockDevice": {"volumeSize": 8}}))
    lines = lines_of(result, "bastion")
    assert lines.loc["public IPv4 address", "monthly_usd"] == cents(3.65)  # 0.005 x 730
    transfer = lines.loc["data transfer out to the internet (first 10 TB)"]
    assert transfer["usage"] and math.isnan(transfer["quantity"]) and transfer["unit_usd"] == 0.09
    assert transfer["reason"] == "depends on usage"
    assert of(result, "bastion")["monthly_usd"] == cents(12.04)  # 7.592 + 0.80 + 3.65
    assert of(result, "bastion")["usage_monthly_usd"] == 0.0


def test_ebs_block_devices_of_an_instance_are_priced():
    result = priced(resource(INSTANCE, "vm", {"instanceType": "t3.micro", "rootBlockDevice": {"volumeSize": 8},
                                              "ebsBlockDevices": [{"deviceName": "/dev/sdf", "volumeSize": 100,
                                                                   "volumeType": "io1", "iops": 1000}]}))
    lines = lines_of(result, "vm")
    assert lines.loc["EBS volume /dev/sdf: io1 storage", "monthly_usd"] == cents(12.50)  # 100 x 0.125
    assert lines.loc["EBS volume /dev/sdf: io1 provisioned IOPS", "monthly_usd"] == cents(65.00)  # 1,000 x 0.065


def test_dedicated_tenancy_is_unpriced():
    result = priced(resource(INSTANCE, "vm", {"instanceType": "t3.micro", "tenancy": "dedicated"}))
    assert of(result, "vm")["status"] == "unpriced"
    assert of(result, "vm")["reason"] == "dedicated tenancy is not priced (shared tenancy only)"
    assert math.isnan(of(result, "vm")["monthly_usd"])


def test_instance_type_unknown_until_apply_is_unpriced():
    result = priced(resource(INSTANCE, "vm", {"instanceType": UNKNOWN}))
    assert (of(result, "vm")["status"], of(result, "vm")["reason"]) == ("unpriced", "instance type unknown until apply")
    assert result.totals["monthly_usd"] == 0.0 and result.totals["unpriced"] == 1


def test_missing_regional_price_leaves_the_instance_partly_priced_never_zero():
    # EC2 is priced in mx-central-1, EBS is not (a known gap of the price data)
    result = priced(resource(INSTANCE, "vm", {"instanceType": "t3.micro", "associatePublicIpAddress": False},
                             region="mx-central-1"))
    vm = of(result, "vm")
    assert vm["status"] == "partial"
    assert vm["reason"] == "no price for ebs gp2 in mx-central-1"
    assert vm["monthly_usd"] == cents(7.96)  # its hours, 0.0109 x 730: the known part, counted
    lines = lines_of(result, "vm")
    assert lines.loc["t3.micro instance (Linux, on-demand)", "monthly_usd"] == cents(7.96)
    root = lines.loc["root volume, 8 GB assumed (size from the AMI): gp2 storage"]
    assert (root["quantity"], root["reason"]) == (8.0, "no price for ebs gp2 in mx-central-1")
    assert math.isnan(root["unit_usd"]) and math.isnan(root["monthly_usd"])  # a gap, never $0
    assert (result.totals["partial"], result.totals["unpriced"], result.totals["monthly_usd"]) == (1, 0, cents(7.96))


# --- Auto Scaling groups -----------------------------------------------------------------------

def test_group_runs_desired_capacity_instances_with_their_volumes():
    lt = template()
    result = priced(lt, group(lt, minSize=1, desiredCapacity=3, maxSize=6))
    lines = lines_of(result, "web-asg")
    assert lines.loc["t3.micro instance (Linux, on-demand)", "quantity"] == 3
    assert lines.loc["t3.micro instance (Linux, on-demand)", "monthly_usd"] == cents(22.78)  # 3 x 7.592 = 22.776
    assert lines.loc["volume /dev/xvda: gp3 storage", "quantity"] == 60
    assert lines.loc["volume /dev/xvda: gp3 storage", "monthly_usd"] == cents(4.80)  # 3 x 20 x 0.08
    assert of(result, "web-asg")["monthly_usd"] == cents(27.58)  # 3 x (7.592 + 1.60) = 27.576
    assert of(result, "web-lt")["status"] == "free"


def test_group_count_falls_back_to_min_size_then_to_one():
    lt = template()
    result = priced(lt, group(lt, "by-min", minSize=2, maxSize=4), group(lt, "bare"))
    assert lines_of(result, "by-min").loc["t3.micro instance (Linux, on-demand)", "quantity"] == 2
    assert of(result, "by-min")["monthly_usd"] == cents(18.38)  # 2 x 9.192
    assert lines_of(result, "bare").loc["t3.micro instance (Linux, on-demand)", "quantity"] == 1
    assert of(result, "bare")["monthly_usd"] == cents(9.19)


def test_group_ranges_give_the_monthly_cost_at_min_desired_and_max():
    lt = template()
    result = priced(lt, group(lt, minSize=1, desiredCapacity=3, maxSize=6))
    ranges = result.asg_ranges.set_index("name").loc["web-asg"]
    assert (ranges["min_size"], ranges["desired"], ranges["max_size"]) == (1, 3, 6)
    assert ranges["monthly_usd_at_min"] == cents(9.19)  # 1 x 9.192
    assert ranges["monthly_usd_at_desired"] == cents(27.58)  # 3 x 9.192
    assert ranges["monthly_usd_at_max"] == cents(55.15)  # 6 x 9.192 = 55.152


def test_a_group_scaled_to_zero_costs_nothing_now_and_still_reports_its_maximum():
    lt = template()
    result = priced(lt, group(lt, minSize=0, desiredCapacity=0, maxSize=4))
    assert of(result, "web-asg")["status"] == "priced"
    assert of(result, "web-asg")["monthly_usd"] == 0.0
    assert result.asg_ranges.iloc[0]["monthly_usd_at_max"] == cents(36.77)  # 4 x 9.192 = 36.768


def test_group_finds_its_template_by_id_or_by_name_without_dependencies():
    lt = template(name="web-lt")
    lt["inputs"]["name"] = "web-template"
    by_id = resource(GROUP, "by-id", {"launchTemplate": {"id": lt["id"]}, "desiredCapacity": 1})
    by_name = resource(GROUP, "by-name", {"launchTemplate": {"name": "web-template"}, "desiredCapacity": 1})
    result = priced(lt, by_id, by_name)
    assert of(result, "by-id")["monthly_usd"] == cents(9.19)
    assert of(result, "by-name")["monthly_usd"] == cents(9.19)


def test_template_without_block_devices_gives_each_instance_an_ami_root_volume():
    lt = resource(TEMPLATE, "plain-lt", {"instanceType": "t3.micro", "networkInterfaces": NO_PUBLIC_IP})
    result = priced(lt, group(lt, desiredCapacity=2))
    lines = lines_of(result, "web-asg")
    assert lines.loc["root volume, 8 GB assumed (size from the AMI): gp2 storage", "quantity"] == 16
    assert of(result, "web-asg")["monthly_usd"] == cents(16.78)  # 2 x (7.592 + 0.80) = 16.784


def test_group_instances_with_public_ips_pay_one_address_each():
    lt = template(networkInterfaces=[{"associatePublicIpAddress": "true"}])
    result = priced(lt, group(lt, desiredCapacity=2))
    assert lines_of(result, "web-asg").loc["public IPv4 addresses", "monthly_usd"] == cents(7.30)  # 2 x 3.65


def test_group_without_launch_template_or_configuration_is_unpriced():
    result = priced(resource(GROUP, "mixed", {"mixedInstancesPolicy": {"launchTemplate": {}}, "desiredCapacity": 2}),
                    resource(GROUP, "legacy", {"launchConfiguration": "lc-1", "desiredCapacity": 2}))
    assert of(result, "mixed")["reason"] == ("no launch template or launch configuration (mixed instances policies "
                                             "are not priced)")
    assert of(result, "legacy")["reason"] == "launch configuration not found among the stack's resources"


def test_group_whose_template_is_not_in_the_stack_is_unpriced():
    result = priced(resource(GROUP, "orphan", {"launchTemplate": {"id": "lt-0123456789"}}))
    assert of(result, "orphan")["reason"] == "launch template not found among the stack's resources"


def test_group_with_desired_capacity_unknown_until_apply_is_unpriced():
    lt = template()
    result = priced(lt, group(lt, desiredCapacity=UNKNOWN))
    assert of(result, "web-asg")["reason"] == "desired capacity unknown until apply"


# --- public IPv4 addresses from the subnets instances launch into -------------------------------

def subnet(name: str, public: bool | str) -> dict:
    return resource(SUBNET, name, {"mapPublicIpOnLaunch": public}, id=f"subnet-{name}")


def in_subnets(key: str, *subnets: dict) -> dict:
    """Inputs naming `subnets` as a preview gives them: ids unknown, the references in the dependencies."""
    value = UNKNOWN if key == "subnetId" else [UNKNOWN] * len(subnets)
    return {"inputs": {key: value}, "refs": {key: [row["urn"] for row in subnets]}}


def test_an_instance_in_a_public_subnet_pays_for_its_address_and_in_a_private_one_not():
    public, private = subnet("public-a", True), subnet("private-a", False)
    web = in_subnets("subnetId", public)
    app = in_subnets("subnetId", private)
    declined = in_subnets("subnetId", public)
    result = priced(public, private,
                    resource(INSTANCE, "web", {"instanceType": "t3.micro", **web["inputs"]}, refs=web["refs"]),
                    resource(INSTANCE, "app", {"instanceType": "t3.micro", **app["inputs"]}, refs=app["refs"]),
                    resource(INSTANCE, "declined", {"instanceType": "t3.micro", "associatePublicIpAddress": False,
                                                    **declined["inputs"]}, refs=declined["refs"]))
    assert lines_of(result, "web").loc["public IPv4 address", "monthly_usd"] == cents(3.65)  # 0.005 x 730
    assert "data transfer out to the internet (first 10 TB)" in lines_of(result, "web").index
    assert "public IPv4 address" not in lines_of(result, "app").index
    assert "public IPv4 address" not in lines_of(result, "declined").index


def test_an_instance_without_a_subnet_launches_into_a_default_subnet_which_maps_an_address():
    result = priced(resource(INSTANCE, "vm", {"instanceType": "t3.micro"}))
    assert lines_of(result, "vm").loc["public IPv4 address", "monthly_usd"] == cents(3.65)
    assert of(result, "vm")["monthly_usd"] == cents(12.04)  # 7.592 + 0.80 (8 GB gp2 root) + 3.65


def test_an_instance_with_an_elastic_ip_pays_for_the_elastic_ip_only():
    """Associating an Elastic IP releases the instance's own public IPv4 address: one address, not two."""
    web = resource(INSTANCE, "web", {"instanceType": "t3.micro"}, id="i-web")
    app = resource(INSTANCE, "app", {"instanceType": "t3.micro"}, id="i-app")
    web_ip = resource(EIP, "web-ip", {"domain": "vpc", "instance": UNKNOWN}, refs={"instance": [web["urn"]]})
    app_ip = resource(EIP, "app-ip", {"domain": "vpc"}, id="eipalloc-app")
    association = resource(EIP_ASSOCIATION, "app-ip-assoc", {"allocationId": "eipalloc-app", "instanceId": "i-app"})
    result = priced(web, app, web_ip, app_ip, association)
    for name in ("web", "app"):
        assert "public IPv4 address" not in lines_of(result, name).index
        assert "data transfer out to the internet (first 10 TB)" in lines_of(result, name).index  # through the EIP
        assert of(result, name)["monthly_usd"] == cents(8.39)  # 7.592 + 0.80 (8 GB gp2 root)
    assert of(result, "web-ip")["monthly_usd"] == of(result, "app-ip")["monthly_usd"] == cents(3.65)  # 0.005 x 730


def test_a_group_across_public_subnets_pays_an_address_per_instance():
    subnets = [subnet(f"public-{zone}", "true") for zone in "abc"]
    lt = resource(TEMPLATE, "lt", {"instanceType": "t3.micro"})
    spread = in_subnets("vpcZoneIdentifiers", *subnets)
    asg = resource(GROUP, "web-asg", {"launchTemplate": {"id": lt["id"]}, "desiredCapacity": 3, **spread["inputs"]},
                   refs=spread["refs"])
    result = priced(*subnets, lt, asg)
    assert lines_of(result, "web-asg").loc["public IPv4 addresses", "monthly_usd"] == cents(10.95)  # 3 x 3.65


@pytest.mark.parametrize("subnets, reason", [
    ([("public-a", True), ("private-a", False)], "instances spread over subnets that map public IPs and subnets "
                                                 "that do not: how many get a public IPv4 address is unknown"),
    ([("public-a", UNKNOWN)], "the subnet's public IP mapping unknown until apply"),
])
def test_a_group_whose_addresses_cannot_be_counted_is_partly_priced(subnets, reason):
    rows = [subnet(name, public) for name, public in subnets]
    lt = resource(TEMPLATE, "lt", {"instanceType": "t3.micro"})
    spread = in_subnets("vpcZoneIdentifiers", *rows)
    asg = resource(GROUP, "web-asg", {"launchTemplate": {"id": lt["id"]}, "desiredCapacity": 2, **spread["inputs"]},
                   refs=spread["refs"])
    result = priced(*rows, lt, asg)
    assert (of(result, "web-asg")["status"], of(result, "web-asg")["reason"]) == ("partial", reason)
    assert of(result, "web-asg")["monthly_usd"] == cents(16.78)  # 2 x (7.592 + 0.80): the addresses apart
    assert math.isnan(lines_of(result, "web-asg").loc["public IPv4 addresses", "quantity"])


def test_subnets_the_stack_does_not_hold_leave_the_address_unknown():
    result = priced(resource(INSTANCE, "vm", {"instanceType": "t3.micro", "subnetId": "subnet-0abc"}))
    assert (of(result, "vm")["status"], of(result, "vm")["reason"]) == (
        "partial", "subnet not among the stack's resources: whether instances get a public IPv4 address is unknown")


def test_a_target_tracking_policy_pays_for_the_two_alarms_it_creates():
    tracking = resource(POLICY, "cpu", {"policyType": "TargetTrackingScaling", "autoscalingGroupName": "web"})
    step = resource(POLICY, "step", {"policyType": "StepScaling", "autoscalingGroupName": "web"})
    result = priced(tracking, step)
    assert lines_of(result, "cpu").loc["CloudWatch alarms target tracking creates (scale out, scale in)",
                                       "monthly_usd"] == cents(0.20)  # 2 x 0.10
    assert (of(result, "step")["status"], of(result, "step")["monthly_usd"]) == ("free", 0.0)


# --- EBS volumes -------------------------------------------------------------------------------

def test_io1_volume_pays_storage_and_every_provisioned_iops():
    result = priced(resource(VOLUME, "db-data", {"type": "io1", "size": 100, "iops": 5000}))
    assert of(result, "db-data")["monthly_usd"] == cents(337.50)  # 100 x 0.125 + 5,000 x 0.065


def test_io2_iops_are_priced_in_aws_tiers():
    result = priced(resource(VOLUME, "db-data", {"type": "io2", "size": 100, "iops": 40000}))
    iops = lines_of(result, "db-data")["monthly_usd"]
    # 32,000 x 0.065 = 2,080 ; 8,000 x 0.0455 = 364 ; storage 100 x 0.125 = 12.50
    assert iops["volume: io2 provisioned IOPS (up to 32,000)"] == cents(2080.00)
    assert iops["volume: io2 provisioned IOPS (32,001 to 64,000)"] == cents(364.00)
    assert of(result, "db-data")["monthly_usd"] == cents(2456.50)


def test_io2_iops_above_64000_are_in_the_third_tier():
    result = priced(resource(VOLUME, "db-data", {"type": "io2", "size": 100, "iops": 70000}))
    # 2,080 + 32,000 x 0.0455 = 1,456 + 6,000 x 0.03185 = 191.10 + 12.50
    assert lines_of(result, "db-data").loc["volume: io2 provisioned IOPS (above 64,000)", "quantity"] == 6000
    assert of(result, "db-data")["monthly_usd"] == cents(3739.60)


def test_volume_without_type_is_gp2():
    result = priced(resource(VOLUME, "logs", {"size": 30}))
    assert of(result, "logs")["monthly_usd"] == cents(3.00)  # 30 x 0.10


def test_volume_sized_by_its_snapshot_is_unpriced():
    result = priced(resource(VOLUME, "restored", {"snapshotId": "snap-1"}))
    assert of(result, "restored")["reason"] == "volume size comes from its snapshot: unknown before apply"


def test_io1_volume_without_iops_is_unpriced():
    result = priced(resource(VOLUME, "fast", {"type": "io1", "size": 100}))
    assert of(result, "fast")["reason"] == "volume: io1 needs provisioned IOPS, none set"
