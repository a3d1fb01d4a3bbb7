"""WebTier: a load balancer (application, network or classic) in front of an Auto Scaling group of
instances in the private subnets, scaled by target tracking: the seed's ELB + Auto Scaling with
CloudWatch metrics, built as a team would today (IMDSv2, SSM instead of SSH, encrypted gp3).

The decisions (defaults, validation, listener layout, AMI source) are plain data in web_rules; this
module only turns them into resources."""

import json
from dataclasses import dataclass
from typing import Any, Optional, Required, Sequence, TypedDict

import pulumi
import pulumi_aws as aws

from components import web_rules
from components.web_rules import ListenerPlan

ANYWHERE = "0.0.0.0/0"
# Auto Scaling group metrics in CloudWatch: one-minute granularity at no charge.
GROUP_METRICS = ["GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity", "GroupInServiceInstances",
                 "GroupPendingInstances", "GroupTerminatingInstances", "GroupTotalInstances"]
_EC2_ASSUME_ROLE = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
})


class HealthCheckArgs(TypedDict):
    """How the load balancer decides an instance is healthy."""

    path: str
    """Path requested on each instance's app port; must start with '/'."""
    interval_seconds: int
    """Seconds between checks, 5 to 300."""
    healthy_threshold: int
    """Consecutive successes before an instance receives traffic, 2 to 10."""
    unhealthy_threshold: int
    """Consecutive failures before an instance is taken out (and replaced by the group), 2 to 10."""


class WebTierArgs(TypedDict, total=False):
    """Arguments of WebTier; vpc_id, vpc_cidr, both subnet lists and region are required. Defaults: the stack
    settings of Pulumi.yaml each field names (web_rules.SETTINGS)."""

    vpc_id: Required[pulumi.Input[str]]
    """The VPC the load balancer and instances live in."""
    vpc_cidr: Required[pulumi.Input[str]]
    """The VPC's CIDR: the source an internal load balancer admits, and where instances may reach the database."""
    load_balancer_subnet_ids: Required[pulumi.Input[list[str]]]
    """Subnets of the load balancer: the public ones when internet-facing."""
    instance_subnet_ids: Required[pulumi.Input[list[str]]]
    """Subnets the Auto Scaling group launches instances in: the private ones."""
    region: Required[str]
    """The stack's AWS region: picks the AMI from ami_map, must match the certificate's region, and must offer
    instance_type."""
    lb_type: str
    """Load balancer type: application, network or classic."""
    internal: bool
    """True for an internal load balancer (admits the VPC CIDR and internal_client_cidrs); false for
    internet-facing, which needs public subnets (a route to an internet gateway)."""
    internal_client_cidrs: list[str]
    """Networks an internal load balancer admits besides the VPC, such as the on-premises networks of a VPN."""
    certificate_arn: str
    """ACM certificate ARN in the stack's region: turns HTTPS on (an application LB then redirects HTTP to it);
    empty for HTTP only."""
    app_port: int
    """Port the application listens on, on the instances, 1 to 65535 except 22."""
    health_check: HealthCheckArgs
    """Target health check; a field left out takes the healthCheckPath, healthCheckIntervalSeconds,
    healthyThreshold or unhealthyThreshold setting's default."""
    deregistration_delay_seconds: int
    """Seconds to drain connections from a deregistering instance, 0 to 3600."""
    instance_type: str
    """EC2 instance type, family.size; Graviton types get the arm64 AMI."""
    ami_map: dict[str, str]
    """Region -> AMI id (the seed's Mappings); when not empty it must map the stack's region. Empty for the
    latest Amazon Linux 2023 from SSM."""
    user_data: str
    """User data script run at first boot, at most 16 KB; empty for none."""
    root_volume_gb: int
    """Size of the encrypted gp3 root volume in GB, 8 to 16384."""
    detailed_monitoring: bool
    """One-minute EC2 detailed monitoring (costs extra)."""
    min_size: int
    """Auto Scaling group minimum size."""
    desired_capacity: int
    """Auto Scaling group desired capacity at creation, between min_size and max_size."""
    max_size: int
    """Auto Scaling group maximum size."""
    health_check_grace_seconds: int
    """Seconds after launch before load balancer health checks can fail an instance."""
    scaling_metric: str
    """Target-tracking metric: cpu (average CPU) or requests (requests per target; application only)."""
    scaling_target: int
    """Target value: percent CPU (1 to 100) or requests per target per minute."""


@dataclass(frozen=True)
class _Frontend:
    """What the load balancer side hands to the Auto Scaling side."""

    load_balancer: pulumi.CustomResource
    target_group: Optional[aws.lb.TargetGroup]
    listeners: list[pulumi.Resource]


class WebTier(pulumi.ComponentResource):
    """A load balancer in front of an Auto Scaling group, with least-privilege security groups."""

    load_balancer_dns_name: pulumi.Output[str]
    """DNS name of the load balancer: point your domain (CNAME or alias) here."""
    load_balancer_arn: pulumi.Output[str]
    """ARN of the load balancer."""
    target_group_arn: pulumi.Output[str]
    """ARN of the target group; empty for a classic load balancer, which has none."""
    autoscaling_group_name: pulumi.Output[str]
    """Name of the Auto Scaling group."""
    instance_security_group_id: pulumi.Output[str]
    """Security group of the instances: the one the database admits."""

    def __init__(self, name: str, args: WebTierArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        settings = web_rules.resolve(args)
        super().__init__("webstack:index:WebTier", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        listeners = web_rules.listener_plan(settings["lb_type"], web_rules.https_enabled(settings["certificate_arn"]))

        lb_sg, instance_sg = _security_groups(name, settings, listeners, child)
        if settings["lb_type"] == "classic":
            frontend = _classic_load_balancer(name, settings, listeners, lb_sg, child)
        else:
            frontend = _elbv2_load_balancer(name, settings, listeners, lb_sg, child)
        tags = _instance_tags(name, self)
        template = _launch_template(name, settings, self._image_id(settings), instance_sg,
                                    _instance_profile(name, self), tags, child)
        group = _auto_scaling_group(name, settings, template, frontend, tags, child)
        _scaling_policy(name, settings, group, frontend, child)

        self.load_balancer_dns_name = frontend.load_balancer.dns_name
        self.load_balancer_arn = frontend.load_balancer.arn
        self.target_group_arn = frontend.target_group.arn if frontend.target_group else pulumi.Output.from_input("")
        self.autoscaling_group_name = group.name
        self.instance_security_group_id = instance_sg.id
        self.register_outputs({
            "load_balancer_dns_name": self.load_balancer_dns_name,
            "load_balancer_arn": self.load_balancer_arn,
            "target_group_arn": self.target_group_arn,
            "autoscaling_group_name": self.autoscaling_group_name,
            "instance_security_group_id": self.instance_security_group_id,
        })

    def _image_id(self, settings: dict[str, Any]) -> str:
        """The mapped AMI for the region, else the latest Amazon Linux 2023 from the SSM public parameter
        (looked up through this component's provider, hence in the stack's region)."""
        mapped = web_rules.mapped_ami(settings["ami_map"], settings["region"])
        if mapped:
            return mapped
        parameter = web_rules.al2023_parameter(settings["instance_type"])
        return aws.ssm.get_parameter(name=parameter, opts=pulumi.InvokeOptions(parent=self)).value


def _security_groups(name: str, settings: dict[str, Any], listeners: Sequence[ListenerPlan],
                     opts: pulumi.ResourceOptions) -> tuple[aws.ec2.SecurityGroup, aws.ec2.SecurityGroup]:
    """LB group: listener ports in, app port out to the instances only. Instance group: app port from the
    LB group only; out HTTPS (SSM, package repositories) and TCP within the VPC (the database).
    Rules are separate resources because the two groups reference each other."""
    vpc_id, app_port = settings["vpc_id"], settings["app_port"]
    lb_sg = aws.ec2.SecurityGroup(f"{name}-lb-sg", vpc_id=vpc_id, revoke_rules_on_delete=True,
                                  description="Load balancer: listener ports in, app port out to instances",
                                  opts=opts)
    instance_sg = aws.ec2.SecurityGroup(f"{name}-instance-sg", vpc_id=vpc_id, revoke_rules_on_delete=True,
                                        description="Web instances: app port from the load balancer only",
                                        opts=opts)
    clients = ([("", settings["vpc_cidr"])] + [(f"-from-{cidr.replace('/', '-')}", cidr)
                                                 for cidr in settings["internal_client_cidrs"]]
               if settings["internal"] else [("", ANYWHERE)])
    for listener in listeners:
        for suffix, cidr in clients:
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-lb-in-{listener.port}{suffix}", security_group_id=lb_sg.id, ip_protocol="tcp",
                from_port=listener.port, to_port=listener.port, cidr_ipv4=cidr,
                description=f"{listener.protocol} listener", opts=opts)
    aws.vpc.SecurityGroupEgressRule(
        f"{name}-lb-out-app", security_group_id=lb_sg.id, ip_protocol="tcp", from_port=app_port,
        to_port=app_port, referenced_security_group_id=instance_sg.id, description="To the instances", opts=opts)
    aws.vpc.SecurityGroupIngressRule(
        f"{name}-instance-in-app", security_group_id=instance_sg.id, ip_protocol="tcp", from_port=app_port,
        to_port=app_port, referenced_security_group_id=lb_sg.id, description="From the load balancer", opts=opts)
    aws.vpc.SecurityGroupEgressRule(
        f"{name}-instance-out-https", security_group_id=instance_sg.id, ip_protocol="tcp", from_port=443,
        to_port=443, cidr_ipv4=ANYWHERE, description="SSM and package repositories", opts=opts)
    aws.vpc.SecurityGroupEgressRule(
        f"{name}-instance-out-vpc", security_group_id=instance_sg.id, ip_protocol="tcp", from_port=0,
        to_port=65535, cidr_ipv4=settings["vpc_cidr"], description="Within the VPC (the database)", opts=opts)
    return lb_sg, instance_sg


def _elbv2_load_balancer(name: str, settings: dict[str, Any], listeners: Sequence[ListenerPlan],
                         lb_sg: aws.ec2.SecurityGroup, opts: pulumi.ResourceOptions) -> _Frontend:
    """An application or network load balancer, its target group and its listeners."""
    application = settings["lb_type"] == "application"
    load_balancer = aws.lb.LoadBalancer(
        f"{name}-lb", load_balancer_type=settings["lb_type"], internal=settings["internal"],
        subnets=settings["load_balancer_subnet_ids"], security_groups=[lb_sg.id],
        drop_invalid_header_fields=True if application else None, opts=opts)
    health = settings["health_check"]
    target_group = aws.lb.TargetGroup(
        f"{name}-tg", vpc_id=settings["vpc_id"], port=settings["app_port"],
        protocol=web_rules.target_protocol(settings["lb_type"]), target_type="instance",
        deregistration_delay=settings["deregistration_delay_seconds"],
        health_check={
            "enabled": True, "protocol": "HTTP", "port": "traffic-port", "path": health["path"],
            "matcher": "200-399", "interval": health["interval_seconds"],
            "timeout": web_rules.health_check_timeout(health["interval_seconds"]),
            "healthy_threshold": health["healthy_threshold"], "unhealthy_threshold": health["unhealthy_threshold"],
        },
        opts=opts)
    created = [_elbv2_listener(name, settings, plan, load_balancer, target_group, opts) for plan in listeners]
    return _Frontend(load_balancer, target_group, created)


def _elbv2_listener(name: str, settings: dict[str, Any], plan: ListenerPlan, load_balancer: aws.lb.LoadBalancer,
                    target_group: aws.lb.TargetGroup, opts: pulumi.ResourceOptions) -> aws.lb.Listener:
    if plan.redirects_to_https:
        action = {"type": "redirect", "redirect": {"port": "443", "protocol": "HTTPS", "status_code": "HTTP_301"}}
    else:
        action = {"type": "forward", "target_group_arn": target_group.arn}
    secure = plan.protocol in ("HTTPS", "TLS")
    return aws.lb.Listener(
        f"{name}-listener-{plan.port}", load_balancer_arn=load_balancer.arn, port=plan.port,
        protocol=plan.protocol, default_actions=[action],
        certificate_arn=settings["certificate_arn"] if secure else None,
        ssl_policy=web_rules.TLS_POLICY if secure else None, opts=opts)


def _classic_load_balancer(name: str, settings: dict[str, Any], listeners: Sequence[ListenerPlan],
                           lb_sg: aws.ec2.SecurityGroup, opts: pulumi.ResourceOptions) -> _Frontend:
    """A classic load balancer (the seed's ELB): listeners and health check inline, connection draining
    for the deregistration delay, and a TLS 1.2 policy on its HTTPS listener."""
    health, delay = settings["health_check"], settings["deregistration_delay_seconds"]
    load_balancer = aws.elb.LoadBalancer(
        f"{name}-lb", internal=settings["internal"], subnets=settings["load_balancer_subnet_ids"],
        security_groups=[lb_sg.id], cross_zone_load_balancing=True,
        connection_draining=delay > 0, connection_draining_timeout=delay or None,
        listeners=[{
            "lb_port": plan.port, "lb_protocol": plan.protocol, "instance_port": settings["app_port"],
            "instance_protocol": web_rules.target_protocol("classic"),
            "ssl_certificate_id": settings["certificate_arn"] if plan.protocol == "HTTPS" else None,
        } for plan in listeners],
        health_check={
            "target": web_rules.classic_health_target(settings["app_port"], health["path"]),
            "interval": health["interval_seconds"],
            "timeout": web_rules.health_check_timeout(health["interval_seconds"]),
            "healthy_threshold": health["healthy_threshold"], "unhealthy_threshold": health["unhealthy_threshold"],
        },
        opts=opts)
    created: list[pulumi.Resource] = []
    for plan in listeners:
        if plan.protocol == "HTTPS":
            created.append(_classic_tls_policy(name, load_balancer, plan.port, opts))
    return _Frontend(load_balancer, None, created)


def _classic_tls_policy(name: str, load_balancer: aws.elb.LoadBalancer, port: int,
                        opts: pulumi.ResourceOptions) -> aws.elb.ListenerPolicy:
    """Replace the classic load balancer's default negotiation policy (which still allows TLS 1.0)."""
    policy = aws.elb.LoadBalancerPolicy(
        f"{name}-tls-policy", load_balancer_name=load_balancer.name, policy_name="tls-1-2-only",
        policy_type_name="SSLNegotiationPolicyType",
        policy_attributes=[{"name": "Reference-Security-Policy", "value": web_rules.CLASSIC_TLS_POLICY}], opts=opts)
    return aws.elb.ListenerPolicy(
        f"{name}-listener-{port}-tls", load_balancer_name=load_balancer.name, load_balancer_port=port,
        policy_names=[policy.policy_name], opts=opts)


def _instance_profile(name: str, component: pulumi.ComponentResource) -> aws.iam.InstanceProfile:
    """A role the instances assume, with Session Manager access instead of SSH keys."""
    opts = pulumi.ResourceOptions(parent=component)
    role = aws.iam.Role(f"{name}-instance-role", assume_role_policy=_EC2_ASSUME_ROLE,
                        description="Web instances: SSM Session Manager access", opts=opts)
    partition = aws.get_partition_output(opts=pulumi.InvokeOutputOptions(parent=component)).partition
    aws.iam.RolePolicyAttachment(
        f"{name}-ssm-core", role=role.name,
        policy_arn=pulumi.Output.concat("arn:", partition, ":iam::aws:policy/AmazonSSMManagedInstanceCore"),
        opts=opts)
    return aws.iam.InstanceProfile(f"{name}-instance-profile", role=role.name, opts=opts)


def _instance_tags(name: str, component: pulumi.ComponentResource) -> pulumi.Output[dict[str, str]]:
    """The provider's default tags (cost allocation) plus a Name: AWS does not apply default tags to
    the instances and volumes an Auto Scaling group launches, so they are passed on explicitly."""
    defaults = aws.get_default_tags_output(opts=pulumi.InvokeOutputOptions(parent=component))
    instance_name = f"{pulumi.get_stack()}-{name}"
    return defaults.tags.apply(lambda tags: {**(tags or {}), "Name": instance_name})


def _launch_template(name: str, settings: dict[str, Any], image_id: str, instance_sg: aws.ec2.SecurityGroup,
                     profile: aws.iam.InstanceProfile, tags: pulumi.Output[dict[str, str]],
                     opts: pulumi.ResourceOptions) -> aws.ec2.LaunchTemplate:
    """IMDSv2 only (hop limit 1: containers on the host cannot reach the instance's credentials), no key
    pair, an encrypted gp3 root volume; volumes get the tags here since the group tags instances only."""
    return aws.ec2.LaunchTemplate(
        f"{name}-lt", image_id=image_id, instance_type=settings["instance_type"],
        iam_instance_profile={"arn": profile.arn}, vpc_security_group_ids=[instance_sg.id],
        metadata_options={"http_endpoint": "enabled", "http_tokens": "required", "http_put_response_hop_limit": 1},
        block_device_mappings=[{"device_name": web_rules.ROOT_DEVICE, "ebs": {
            "volume_size": settings["root_volume_gb"], "volume_type": "gp3", "encrypted": "true",
            "delete_on_termination": "true"}}],
        monitoring={"enabled": settings["detailed_monitoring"]},
        user_data=web_rules.encode_user_data(settings["user_data"]),
        update_default_version=True,
        tag_specifications=[{"resource_type": "volume", "tags": tags}],
        opts=opts)


def _auto_scaling_group(name: str, settings: dict[str, Any], template: aws.ec2.LaunchTemplate, frontend: _Frontend,
                        tags: pulumi.Output[dict[str, str]], opts: pulumi.ResourceOptions) -> aws.autoscaling.Group:
    """The group pins the template's latest version number rather than "$Latest": only a changed version
    in the group triggers the rolling instance refresh. Desired capacity is set at creation and then left
    to the scaling policy, so a later `pulumi up` does not undo a scale-out."""
    classic = frontend.target_group is None
    return aws.autoscaling.Group(
        f"{name}-asg", vpc_zone_identifiers=settings["instance_subnet_ids"],
        min_size=settings["min_size"], desired_capacity=settings["desired_capacity"], max_size=settings["max_size"],
        health_check_type="ELB", health_check_grace_period=settings["health_check_grace_seconds"],
        target_group_arns=None if classic else [frontend.target_group.arn],
        load_balancers=[frontend.load_balancer.name] if classic else None,
        launch_template={"id": template.id, "version": template.latest_version.apply(str)},
        instance_refresh={"strategy": "Rolling",
                          "preferences": {"min_healthy_percentage": 100, "max_healthy_percentage": 200}},
        metrics_granularity="1Minute", enabled_metrics=GROUP_METRICS,
        tags=tags.apply(lambda values: [{"key": key, "value": value, "propagate_at_launch": True}
                                        for key, value in sorted(values.items())]),
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=frontend.listeners,
                                                                       ignore_changes=["desiredCapacity"])))


def _scaling_policy(name: str, settings: dict[str, Any], group: aws.autoscaling.Group, frontend: _Frontend,
                    opts: pulumi.ResourceOptions) -> aws.autoscaling.Policy:
    """Target tracking on average CPU, or on requests per target (label: LB and target group ARN suffixes)."""
    if settings["scaling_metric"] == "requests":
        metric = {"predefined_metric_type": "ALBRequestCountPerTarget",
                  "resource_label": pulumi.Output.concat(frontend.load_balancer.arn_suffix, "/",
                                                         frontend.target_group.arn_suffix)}
    else:
        metric = {"predefined_metric_type": "ASGAverageCPUUtilization"}
    return aws.autoscaling.Policy(
        f"{name}-target-tracking", autoscaling_group_name=group.name, policy_type="TargetTrackingScaling",
        target_tracking_configuration={"predefined_metric_specification": metric,
                                       "target_value": float(settings["scaling_target"])},
        opts=opts)
