"""WebTier, offline: the graph for each load balancer type (wiring, security groups, launch template,
scaling), the plain-data rules behind it, and every validation message exactly."""

from __future__ import annotations

import base64
import json
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pulumi.provider.experimental.analyzer import Analyzer

from components import web_rules
from components.project import defaults
from components.web import WebTier, WebTierArgs
from costing.inventory.mock_answers import RegionalMocks, ami_id
from costing.inventory.program import ProgramRun, RecordedResource, run_stack

LB_TYPES = ["application", "network", "classic"]
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f8e9c2a-1b2c-4d5e-8f90-123456789abc"
VPC_CIDR = "10.20.0.0/16"
PUBLIC = ["subnet-public-a", "subnet-public-b"]
PRIVATE = ["subnet-private-a", "subnet-private-b"]
BASE: dict[str, Any] = {
    "vpc_id": "vpc-0123456789abcdef0",
    "vpc_cidr": VPC_CIDR,
    "load_balancer_subnet_ids": PUBLIC,
    "instance_subnet_ids": PRIVATE,
    "region": "us-east-1",
}

SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
LB = "aws:lb/loadBalancer:LoadBalancer"
CLASSIC_LB = "aws:elb/loadBalancer:LoadBalancer"
TG = "aws:lb/targetGroup:TargetGroup"
LISTENER = "aws:lb/listener:Listener"
LT = "aws:ec2/launchTemplate:LaunchTemplate"
ASG = "aws:autoscaling/group:Group"
POLICY = "aws:autoscaling/policy:Policy"


def build(run_offline, **overrides: Any) -> ProgramRun:
    args = {**BASE, **overrides}
    return run_offline(lambda: WebTier("web", args), region=args["region"])


def only(run: ProgramRun, type_token: str) -> RecordedResource:
    resources = run.of_type(type_token)
    assert len(resources) == 1, [r.name for r in resources]
    return resources[0]


def rules_by_group(run: ProgramRun, rule_type: str) -> dict[str, set[tuple]]:
    """Security group name -> {(from_port, to_port, peer)}, peer a CIDR or 'sg:<group name>'."""
    names = {group.id: group.name for group in run.of_type(SG)}
    rules: dict[str, set[tuple]] = {name: set() for name in names.values()}
    for rule in run.of_type(rule_type):
        inputs = rule.inputs
        assert inputs["ipProtocol"] == "tcp"
        peer = inputs.get("cidrIpv4") or f"sg:{names[inputs['referencedSecurityGroupId']]}"
        rules[names[inputs["securityGroupId"]]].add((inputs["fromPort"], inputs["toPort"], peer))
    return rules


# --- wiring, for every load balancer type ----------------------------------------------------------


@pytest.mark.parametrize("lb_type", LB_TYPES)
def test_group_spans_the_instance_subnets_with_elb_health_checks(run_offline, lb_type):
    group = only(build(run_offline, lb_type=lb_type, health_check_grace_seconds=120), ASG).inputs
    assert group["vpcZoneIdentifiers"] == PRIVATE
    assert (group["minSize"], group["desiredCapacity"], group["maxSize"]) == (1, 1, 2)
    assert group["healthCheckType"] == "ELB"
    assert group["healthCheckGracePeriod"] == 120
    assert group["instanceRefresh"]["strategy"] == "Rolling"


@pytest.mark.parametrize("lb_type", LB_TYPES)
def test_load_balancer_sits_in_its_subnets_behind_its_security_group(run_offline, lb_type):
    run = build(run_offline, lb_type=lb_type, internal=True)
    balancer = only(run, CLASSIC_LB if lb_type == "classic" else LB).inputs
    lb_sg = run.one(SG, "web-lb-sg")
    assert balancer["subnets"] == PUBLIC
    assert balancer["internal"] is True
    assert balancer["securityGroups"] == [lb_sg.id]


@pytest.mark.parametrize("lb_type", ["application", "network"])
def test_target_group_is_attached_to_the_group_and_the_listener(run_offline, lb_type):
    run = build(run_offline, lb_type=lb_type)
    target_group = only(run, TG)
    listener = only(run, LISTENER).inputs
    assert only(run, ASG).inputs["targetGroupArns"] == [target_group.outputs["arn"]]
    assert "loadBalancers" not in only(run, ASG).inputs
    assert listener["loadBalancerArn"] == only(run, LB).outputs["arn"]
    assert listener["defaultActions"] == [{"type": "forward", "targetGroupArn": target_group.outputs["arn"]}]


def test_classic_load_balancer_is_attached_by_name(run_offline):
    run = build(run_offline, lb_type="classic")
    group = only(run, ASG).inputs
    assert group["loadBalancers"] == [only(run, CLASSIC_LB).outputs["name"]]
    assert "targetGroupArns" not in group
    assert run.of_type(TG, LISTENER) == []


@pytest.mark.parametrize("lb_type", LB_TYPES)
@pytest.mark.parametrize("https", [False, True])
@pytest.mark.parametrize("internal", [False, True])
def test_security_group_chain_admits_nothing_else(run_offline, lb_type, https, internal):
    run = build(run_offline, lb_type=lb_type, internal=internal, certificate_arn=CERT if https else "", app_port=8081)
    clients = VPC_CIDR if internal else "0.0.0.0/0"
    listener_ports = {(True, "application"): [80, 443]}.get((https, lb_type), [443] if https else [80])
    assert rules_by_group(run, INGRESS) == {
        "web-lb-sg": {(port, port, clients) for port in listener_ports},
        "web-instance-sg": {(8081, 8081, "sg:web-lb-sg")},
    }
    assert rules_by_group(run, EGRESS) == {
        "web-lb-sg": {(8081, 8081, "sg:web-instance-sg")},
        "web-instance-sg": {(443, 443, "0.0.0.0/0"), (0, 65535, VPC_CIDR)},
    }
    for group in run.of_type(SG):
        assert group.inputs["vpcId"] == BASE["vpc_id"]
        assert "ingress" not in group.inputs and "egress" not in group.inputs


def test_an_internal_load_balancer_admits_the_vpc_and_the_on_premises_networks_only(run_offline):
    run = build(run_offline, internal=True, internal_client_cidrs=["192.168.0.0/16", "172.20.0.0/16"])
    assert rules_by_group(run, INGRESS)["web-lb-sg"] == {
        (80, 80, VPC_CIDR), (80, 80, "192.168.0.0/16"), (80, 80, "172.20.0.0/16")}
    assert sorted(rule.name for rule in run.of_type(INGRESS) if rule.name.startswith("web-lb-in")) == [
        "web-lb-in-80", "web-lb-in-80-from-172.20.0.0-16", "web-lb-in-80-from-192.168.0.0-16"]


def test_an_internet_facing_load_balancer_ignores_the_internal_clients(run_offline):
    run = build(run_offline, internal=False, internal_client_cidrs=["192.168.0.0/16"])
    assert rules_by_group(run, INGRESS)["web-lb-sg"] == {(80, 80, "0.0.0.0/0")}


@pytest.mark.parametrize("lb_type", LB_TYPES)
def test_no_ssh_anywhere_and_no_key_pair(run_offline, lb_type):
    run = build(run_offline, lb_type=lb_type)
    for rule in run.of_type(INGRESS):
        assert not rule.inputs["fromPort"] <= 22 <= rule.inputs["toPort"], rule.name
    assert "keyName" not in only(run, LT).inputs
    assert run.of_type("aws:ec2/keyPair:KeyPair") == []


@pytest.mark.parametrize("lb_type", LB_TYPES)
def test_launch_template_is_hardened(run_offline, lb_type):
    run = build(run_offline, lb_type=lb_type, instance_type="m6i.large", root_volume_gb=40)
    template = only(run, LT).inputs
    assert template["instanceType"] == "m6i.large"
    assert template["metadataOptions"]["httpTokens"] == "required"
    assert template["metadataOptions"]["httpPutResponseHopLimit"] in (1, 2)
    assert template["blockDeviceMappings"] == [{"deviceName": "/dev/xvda", "ebs": {
        "volumeSize": 40, "volumeType": "gp3", "encrypted": "true", "deleteOnTermination": "true"}}]
    assert template["vpcSecurityGroupIds"] == [run.one(SG, "web-instance-sg").id]
    assert template["monitoring"] == {"enabled": False}
    assert "userData" not in template


def test_instances_get_ssm_access_through_an_instance_profile(run_offline):
    run = build(run_offline)
    role = only(run, "aws:iam/role:Role")
    statement = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert statement == [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    attachment = only(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs
    assert attachment == {"role": role.outputs["name"],
                          "policyArn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}
    profile = only(run, "aws:iam/instanceProfile:InstanceProfile")
    assert profile.inputs["role"] == role.outputs["name"]
    assert only(run, LT).inputs["iamInstanceProfile"] == {"arn": profile.outputs["arn"]}


def test_detailed_monitoring_and_user_data_are_passed_on(run_offline):
    script = "#!/bin/bash\ndnf install -y nginx\n"
    template = only(build(run_offline, detailed_monitoring=True, user_data=script), LT).inputs
    assert template["monitoring"] == {"enabled": True}
    assert base64.b64decode(template["userData"]).decode() == script


def test_group_refreshes_on_each_new_template_version(run_offline):
    run = build(run_offline)
    template = only(run, LT)
    group = only(run, ASG).inputs
    assert template.inputs["updateDefaultVersion"] is True
    assert group["launchTemplate"] == {"id": template.id, "version": str(template.outputs["latestVersion"])}


def test_default_tags_are_propagated_to_instances_and_volumes(run_offline, monkeypatch):
    answer = RegionalMocks.call

    def call(self, args):
        if args.token == "aws:index/getDefaultTags:getDefaultTags":
            return {"id": "aws", "tags": {"Project": "webstack", "Environment": "dev"}}
        return answer(self, args)

    monkeypatch.setattr(RegionalMocks, "call", call)
    run = build(run_offline)
    tags = {"Environment": "dev", "Name": "test-web", "Project": "webstack"}
    assert only(run, ASG).inputs["tags"] == [
        {"key": key, "value": value, "propagateAtLaunch": True} for key, value in sorted(tags.items())]
    assert only(run, LT).inputs["tagSpecifications"] == [{"resourceType": "volume", "tags": tags}]


# --- listeners ---------------------------------------------------------------------------------------


def test_application_http_only_forwards_port_80(run_offline):
    listener = only(build(run_offline), LISTENER).inputs
    assert (listener["port"], listener["protocol"]) == (80, "HTTP")
    assert "certificateArn" not in listener and "sslPolicy" not in listener


def test_application_https_redirects_http_with_a_current_tls_policy(run_offline):
    run = build(run_offline, certificate_arn=CERT)
    listeners = {r.inputs["port"]: r.inputs for r in run.of_type(LISTENER)}
    assert sorted(listeners) == [80, 443]
    assert listeners[80]["protocol"] == "HTTP"
    assert listeners[80]["defaultActions"] == [{"type": "redirect", "redirect": {
        "port": "443", "protocol": "HTTPS", "statusCode": "HTTP_301"}}]
    assert listeners[443]["protocol"] == "HTTPS"
    assert listeners[443]["certificateArn"] == CERT
    assert listeners[443]["sslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert listeners[443]["defaultActions"] == [{"type": "forward", "targetGroupArn": only(run, TG).outputs["arn"]}]


def test_application_load_balancer_drops_invalid_headers(run_offline):
    balancer = only(build(run_offline), LB).inputs
    assert balancer["loadBalancerType"] == "application"
    assert balancer["dropInvalidHeaderFields"] is True


@pytest.mark.parametrize("https, port, protocol", [(False, 80, "TCP"), (True, 443, "TLS")])
def test_network_listener_is_tcp_or_tls(run_offline, https, port, protocol):
    run = build(run_offline, lb_type="network", certificate_arn=CERT if https else "")
    listener = only(run, LISTENER).inputs
    assert (listener["port"], listener["protocol"]) == (port, protocol)
    assert listener.get("sslPolicy") == ("ELBSecurityPolicy-TLS13-1-2-2021-06" if https else None)
    assert listener.get("certificateArn") == (CERT if https else None)
    assert only(run, LB).inputs["loadBalancerType"] == "network"


def test_classic_https_serves_443_with_a_tls_1_2_policy(run_offline):
    run = build(run_offline, lb_type="classic", certificate_arn=CERT, app_port=8081)
    balancer = only(run, CLASSIC_LB)
    assert balancer.inputs["listeners"] == [{"lbPort": 443, "lbProtocol": "HTTPS", "instancePort": 8081,
                                             "instanceProtocol": "HTTP", "sslCertificateId": CERT}]
    policy = only(run, "aws:elb/loadBalancerPolicy:LoadBalancerPolicy").inputs
    assert policy["policyTypeName"] == "SSLNegotiationPolicyType"
    assert policy["policyAttributes"] == [{"name": "Reference-Security-Policy",
                                           "value": "ELBSecurityPolicy-TLS-1-2-2017-01"}]
    listener_policy = only(run, "aws:elb/listenerPolicy:ListenerPolicy").inputs
    assert listener_policy == {"loadBalancerName": balancer.outputs["name"], "loadBalancerPort": 443,
                               "policyNames": [policy["policyName"]]}


def test_classic_http_listener_health_check_and_draining(run_offline):
    health = {"path": "/ready", "interval_seconds": 10, "healthy_threshold": 2, "unhealthy_threshold": 4}
    run = build(run_offline, lb_type="classic", health_check=health, deregistration_delay_seconds=45)
    balancer = only(run, CLASSIC_LB).inputs
    assert balancer["listeners"] == [{"lbPort": 80, "lbProtocol": "HTTP", "instancePort": 8080,
                                      "instanceProtocol": "HTTP"}]
    assert balancer["healthCheck"] == {"target": "HTTP:8080/ready", "interval": 10, "timeout": 5,
                                       "healthyThreshold": 2, "unhealthyThreshold": 4}
    assert (balancer["connectionDraining"], balancer["connectionDrainingTimeout"]) == (True, 45)
    assert run.of_type("aws:elb/loadBalancerPolicy:LoadBalancerPolicy") == []


@pytest.mark.parametrize("lb_type, protocol", [("application", "HTTP"), ("network", "TCP")])
def test_target_group_health_check_and_deregistration_delay(run_offline, lb_type, protocol):
    health = {"path": "/status", "interval_seconds": 5, "healthy_threshold": 2, "unhealthy_threshold": 5}
    target_group = only(build(run_offline, lb_type=lb_type, health_check=health, app_port=9000,
                              deregistration_delay_seconds=0), TG).inputs
    assert (target_group["port"], target_group["protocol"], target_group["targetType"]) == (9000, protocol, "instance")
    assert target_group["vpcId"] == BASE["vpc_id"]
    assert target_group["deregistrationDelay"] == 0
    assert target_group["healthCheck"] == {
        "enabled": True, "protocol": "HTTP", "port": "traffic-port", "path": "/status", "matcher": "200-399",
        "interval": 5, "timeout": 4, "healthyThreshold": 2, "unhealthyThreshold": 5}


# --- AMI -------------------------------------------------------------------------------------------


def test_ami_is_the_mapped_one_for_the_region(run_offline):
    amis = {"us-east-1": "ami-0123456789abcdef0", "eu-west-1": "ami-0fedcba9876543210"}
    template = only(build(run_offline, region="eu-west-1", ami_map=amis), LT).inputs
    assert template["imageId"] == "ami-0fedcba9876543210"


@pytest.mark.parametrize("instance_type, architecture", [("t3.micro", "x86_64"), ("t4g.small", "arm64")])
def test_ami_comes_from_the_ssm_parameter_when_unmapped(run_offline, monkeypatch, instance_type, architecture):
    asked: list[str] = []
    lookup = aws.ssm.get_parameter

    def get_parameter(name, opts=None, **kwargs):
        asked.append(name)
        return lookup(name=name, opts=opts, **kwargs)

    monkeypatch.setattr(aws.ssm, "get_parameter", get_parameter)
    template = only(build(run_offline, region="ap-southeast-2", instance_type=instance_type), LT).inputs
    assert asked == [f"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-{architecture}"]
    assert template["imageId"] == ami_id("ap-southeast-2")


# --- scaling and outputs ---------------------------------------------------------------------------


@pytest.mark.parametrize("lb_type", LB_TYPES)
def test_cpu_scaling_policy_targets_the_group(run_offline, lb_type):
    run = build(run_offline, lb_type=lb_type, scaling_target=60)
    policy = only(run, POLICY).inputs
    assert policy == {
        "autoscalingGroupName": only(run, ASG).outputs["name"], "policyType": "TargetTrackingScaling",
        "targetTrackingConfiguration": {"predefinedMetricSpecification": {
            "predefinedMetricType": "ASGAverageCPUUtilization"}, "targetValue": 60}}


def test_request_scaling_is_labelled_with_the_load_balancer_and_target_group(run_offline):
    run = build(run_offline, scaling_metric="requests", scaling_target=1000)
    configuration = only(run, POLICY).inputs["targetTrackingConfiguration"]
    label = f"{only(run, LB).outputs['arnSuffix']}/{only(run, TG).outputs['arnSuffix']}"
    assert configuration == {"predefinedMetricSpecification": {
        "predefinedMetricType": "ALBRequestCountPerTarget", "resourceLabel": label}, "targetValue": 1000}
    assert only(run, POLICY).inputs["autoscalingGroupName"] == only(run, ASG).outputs["name"]


@pytest.mark.parametrize("lb_type", LB_TYPES)
def test_outputs_name_the_load_balancer_group_and_instance_security_group(run_offline, lb_type):
    def program() -> None:
        web = WebTier("web", {**BASE, "lb_type": lb_type})
        for output in ("load_balancer_dns_name", "load_balancer_arn", "target_group_arn",
                       "autoscaling_group_name", "instance_security_group_id"):
            pulumi.export(output, getattr(web, output))

    run = run_offline(program)
    balancer = only(run, CLASSIC_LB if lb_type == "classic" else LB)
    assert run.outputs == {
        "load_balancer_dns_name": balancer.outputs["dnsName"],
        "load_balancer_arn": balancer.outputs["arn"],
        "target_group_arn": "" if lb_type == "classic" else only(run, TG).outputs["arn"],
        "autoscaling_group_name": only(run, ASG).outputs["name"],
        "instance_security_group_id": run.one(SG, "web-instance-sg").id,
    }


def test_every_child_is_parented_to_the_component(run_offline):
    run = build(run_offline, certificate_arn=CERT)
    component = only(run, "webstack:index:WebTier")
    assert {r.urn for r in run.children_of(component.urn)} == {r.urn for r in run.resources} - {component.urn}


# --- validation ----------------------------------------------------------------------------------

HEALTH = defaults(web_rules.SETTINGS)["health_check"]
INSTANCE_TYPES = "family.size, e.g. t3.micro or m6i.large"
BAD_ARGS = [
    ({"min_size": -1}, "min_size -1 is not allowed; allowed: 0 or more"),
    ({"min_size": 0, "desired_capacity": -1}, "desired_capacity -1 is not allowed; allowed: 0 or more"),
    ({"min_size": 0, "desired_capacity": 0, "max_size": -1}, "max_size -1 is not allowed; allowed: 0 or more"),
    ({"min_size": 3, "desired_capacity": 2, "max_size": 4},
     "min_size 3 is not allowed with desired_capacity 2; allowed: min_size <= desired_capacity <= max_size"),
    ({"min_size": 1, "desired_capacity": 5, "max_size": 4},
     "desired_capacity 5 is not allowed with max_size 4; allowed: min_size <= desired_capacity <= max_size"),
    ({"lb_type": "gateway"}, "lb_type 'gateway' is not allowed; allowed: application, network, classic"),
    ({"certificate_arn": "arn:aws:iam::123456789012:server-certificate/web"},
     "certificate_arn 'arn:aws:iam::123456789012:server-certificate/web' is not allowed; allowed: an ACM "
     "certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), or '' for HTTP only"),
    ({"certificate_arn": CERT.replace("us-east-1", "eu-west-1")},
     f"certificate_arn {CERT.replace('us-east-1', 'eu-west-1')!r} is not allowed for region us-east-1; "
     "allowed: an ACM certificate in us-east-1 (a load balancer uses certificates from its own region)"),
    ({"health_check": {**HEALTH, "path": "health"}},
     "health_check.path 'health' is not allowed; allowed: a path starting with '/', e.g. /health"),
    ({"health_check": {**HEALTH, "interval_seconds": 4}},
     "health_check.interval_seconds 4 is not allowed; allowed: 5 to 300"),
    ({"health_check": {**HEALTH, "healthy_threshold": 1}},
     "health_check.healthy_threshold 1 is not allowed; allowed: 2 to 10"),
    ({"health_check": {**HEALTH, "unhealthy_threshold": 11}},
     "health_check.unhealthy_threshold 11 is not allowed; allowed: 2 to 10"),
    ({"instance_type": "t3micro"}, f"instance_type 't3micro' is not allowed; allowed: {INSTANCE_TYPES}"),
    ({"instance_type": "T3.micro"}, f"instance_type 'T3.micro' is not allowed; allowed: {INSTANCE_TYPES}"),
    ({"instance_type": "t3.huge"}, f"instance_type 't3.huge' is not allowed; allowed: {INSTANCE_TYPES}"),
    ({"app_port": 0}, "app_port 0 is not allowed; allowed: 1 to 65535"),
    ({"app_port": 65536}, "app_port 65536 is not allowed; allowed: 1 to 65535"),
    ({"app_port": 22},
     "app_port 22 is not allowed; allowed: 1 to 65535 except 22 (SSH stays closed; use SSM Session Manager)"),
    ({"scaling_metric": "memory"}, "scaling_metric 'memory' is not allowed; allowed: cpu, requests"),
    ({"lb_type": "network", "scaling_metric": "requests"},
     "scaling_metric 'requests' is not allowed with lb_type 'network'; allowed: cpu (requests per target needs an "
     "application load balancer)"),
    ({"lb_type": "classic", "scaling_metric": "requests"},
     "scaling_metric 'requests' is not allowed with lb_type 'classic'; allowed: cpu (requests per target needs an "
     "application load balancer)"),
    ({"scaling_target": 0}, "scaling_target 0 is not allowed; allowed: 1 to 100 (percent CPU)"),
    ({"scaling_target": 101}, "scaling_target 101 is not allowed; allowed: 1 to 100 (percent CPU)"),
    ({"scaling_metric": "requests", "scaling_target": 0},
     "scaling_target 0 is not allowed; allowed: 1 or more (requests per target per minute)"),
    ({"ami_map": {"us-west-2": "ami-0123456789abcdef0", "eu-west-1": "ami-0fedcba9876543210"}},
     "ami_map has no AMI for region us-east-1 (the map has eu-west-1, us-west-2); allowed: add us-east-1 to "
     "ami_map, or leave ami_map empty for the Amazon Linux 2023 SSM parameter"),
    ({"ami_map": {"us-east-1": "ubuntu-22.04"}},
     "ami_map[us-east-1] 'ubuntu-22.04' is not allowed; allowed: an AMI id: ami- and 8 or 17 hex digits"),
    ({"region": "US-EAST-1"}, "region 'US-EAST-1' is not allowed; allowed: an AWS region name, e.g. us-east-1"),
    ({"root_volume_gb": 7}, "root_volume_gb 7 is not allowed; allowed: 8 to 16384"),
    ({"deregistration_delay_seconds": 3601}, "deregistration_delay_seconds 3601 is not allowed; allowed: 0 to 3600"),
    ({"health_check_grace_seconds": -1}, "health_check_grace_seconds -1 is not allowed; allowed: 0 to 86400"),
    ({"user_data": "x" * 16385}, "user_data of 16385 bytes is not allowed; allowed: at most 16384 bytes"),
    ({"instance_type": "t3.4xlarge"},
     "instance_type t3.4xlarge is not an EC2 instance type offered in us-east-1 (per the price catalog "
     "(costing/data/prices.csv.gz)); did you mean t3.xlarge or t3a.xlarge or t3.2xlarge?"),
    ({"region": "eu-west-9"}, "region eu-west-9 is not an AWS region the price catalog (costing/data/prices.csv.gz) "
                              "knows; did you mean eu-west-3 or eu-west-2 or eu-west-1?"),
    ({"internal": True, "internal_client_cidrs": ["192.168.0.0/33"]},
     "internal_client_cidrs[0] '192.168.0.0/33' is not allowed; allowed: an IPv4 block such as 192.168.0.0/16"),
    ({"vpc_id": None}, "vpc_id is missing; allowed: a value (WebTier requires vpc_id, vpc_cidr, "
     "load_balancer_subnet_ids, instance_subnet_ids, region)"),
]


@pytest.mark.parametrize("overrides, message", BAD_ARGS, ids=[message.split(" ")[0] for _, message in BAD_ARGS])
def test_bad_arguments_fail_with_one_exact_message_before_anything_is_created(run_offline, overrides, message):
    errors: list[str] = []

    def program() -> None:
        try:
            WebTier("web", {**BASE, **overrides})
        except ValueError as error:
            errors.append(str(error))

    run = run_offline(program)
    assert errors == [message]
    assert run.resources == []


@given(min_size=st.integers(-3, 12), desired=st.integers(-3, 12), max_size=st.integers(-3, 12))
def test_sizes_are_accepted_exactly_when_ordered_and_not_negative(min_size, desired, max_size):
    args = {**BASE, "min_size": min_size, "desired_capacity": desired, "max_size": max_size}
    valid = 0 <= min_size <= desired <= max_size
    if valid:
        assert web_rules.resolve(args)["max_size"] == max_size
    else:
        with pytest.raises(ValueError, match=r"^(min_size|desired_capacity|max_size) -?\d+ is not allowed"):
            web_rules.resolve(args)


def test_defaults_fill_what_is_not_given():
    resolved = web_rules.resolve(BASE)
    assert {key: resolved[key] for key in ("lb_type", "app_port", "instance_type", "scaling_metric")} == {
        "lb_type": "application", "app_port": 8080, "instance_type": "t3.micro", "scaling_metric": "cpu"}


# --- plain-data rules ------------------------------------------------------------------------------


@pytest.mark.parametrize("lb_type, https, expected", [
    ("application", False, [(80, "HTTP", False)]),
    ("application", True, [(80, "HTTP", True), (443, "HTTPS", False)]),
    ("network", False, [(80, "TCP", False)]),
    ("network", True, [(443, "TLS", False)]),
    ("classic", False, [(80, "HTTP", False)]),
    ("classic", True, [(443, "HTTPS", False)]),
])
def test_listener_plan(lb_type, https, expected):
    plan = web_rules.listener_plan(lb_type, https)
    assert [(listener.port, listener.protocol, listener.redirects_to_https) for listener in plan] == expected


@pytest.mark.parametrize("instance_type, graviton", [
    ("t3.micro", False), ("m6i.large", False), ("g5.xlarge", False), ("g4ad.xlarge", False),
    ("t4g.small", True), ("m7gd.2xlarge", True), ("c6gn.medium", True), ("g5g.xlarge", True),
    ("a1.large", True), ("u-6tb1.metal", False),
])
def test_graviton_types_are_recognised(instance_type, graviton):
    assert web_rules.is_graviton(instance_type) is graviton


@pytest.mark.parametrize("instance_type", ["t3.micro", "m6i.32xlarge", "m7i-flex.large", "m7i.metal-24xl",
                                           "c7gn.16xlarge"])
def test_real_instance_types_are_accepted(instance_type):
    assert web_rules.resolve({**BASE, "instance_type": instance_type})["instance_type"] == instance_type


@pytest.mark.parametrize("instance_type", ["m6i.48xlarge", "u-6tb1.metal", "mac2-m2pro.metal"])
def test_types_the_price_catalog_does_not_offer_in_the_region_are_refused(instance_type):
    """The catalog is the list of what exists (m6i stops at 32xlarge); it has no price for u- and mac types."""
    with pytest.raises(ValueError, match=rf"^instance_type {instance_type} is not an EC2 instance type offered in "
                                         r"us-east-1 \(per the price catalog"):
        web_rules.resolve({**BASE, "instance_type": instance_type})


@pytest.mark.parametrize("interval, timeout", [(5, 4), (6, 5), (30, 5), (300, 5)])
def test_health_check_timeout_is_shorter_than_the_interval(interval, timeout):
    assert web_rules.health_check_timeout(interval) == timeout


def test_user_data_is_base64_encoded_or_left_out():
    assert web_rules.encode_user_data("echo hi\n") == "ZWNobyBoaQo="
    assert web_rules.encode_user_data("") is None


# --- the component in the three stacks ---------------------------------------------------------------


def ingress_peers(run: ProgramRun) -> dict[str, set[str]]:
    """Security group name -> every source it admits (CIDRs and group names), inline rules and rule resources."""
    names = {group.id: group.name for group in run.of_type(SG)}
    peers: dict[str, set[str]] = {group.name: set() for group in run.of_type(SG)}
    for group in run.of_type(SG):
        for rule in group.inputs.get("ingress") or []:
            peers[group.name] |= set(rule.get("cidrBlocks") or [])
            peers[group.name] |= {names[peer] for peer in rule.get("securityGroups") or []}
    for rule in run.of_type(INGRESS):
        peer = rule.inputs.get("cidrIpv4") or names[rule.inputs["referencedSecurityGroupId"]]
        peers[names[rule.inputs["securityGroupId"]]].add(peer)
    return peers


@pytest.mark.parametrize("stack, instance_type, sizes, metric", [
    ("dev", "t3.micro", (1, 1, 2), "ASGAverageCPUUtilization"),
    ("staging", "t3.small", (2, 2, 4), "ASGAverageCPUUtilization"),
    ("prod", "m6i.large", (3, 3, 9), "ALBRequestCountPerTarget"),
])
def test_each_stack_wires_the_web_tier_between_network_and_database(stack, instance_type, sizes, metric):
    run = run_stack(stack)
    group = only(run, ASG).inputs
    assert group["vpcZoneIdentifiers"] == run.outputs["private_subnet_ids"]
    assert only(run, LB).inputs["subnets"] == run.outputs["public_subnet_ids"]
    assert (group["minSize"], group["desiredCapacity"], group["maxSize"]) == sizes
    assert only(run, LT).inputs["instanceType"] == instance_type
    policy = only(run, POLICY).inputs["targetTrackingConfiguration"]
    assert policy["predefinedMetricSpecification"]["predefinedMetricType"] == metric
    assert ingress_peers(run) == {"web-lb-sg": {"0.0.0.0/0"}, "web-instance-sg": {"web-lb-sg"},
                                  "database-sg": {"web-instance-sg"}}
    assert run.outputs["autoscaling_group_name"] == only(run, ASG).outputs["name"]


def test_schema_is_inferable_for_publishing():
    """The SDK's component analyzer reads the args and outputs from annotations and docstrings."""
    component = Analyzer("webstack").analyze([WebTier])["component_definitions"]["WebTier"]
    assert set(component.outputs) == {"loadBalancerDnsName", "loadBalancerArn", "targetGroupArn",
                                      "autoscalingGroupName", "instanceSecurityGroupId"}
    assert len(component.inputs) == len(WebTierArgs.__annotations__) == 23
    assert all(definition.description for definition in [*component.inputs.values(), *component.outputs.values()])
