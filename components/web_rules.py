"""The WebTier's decisions as plain data: argument defaults and validation, listener layout per load
balancer type, the AMI source and small encodings. No Pulumi resources here, so all of it is testable
without mocks, and validation runs before the component creates anything. Validation errors are
ArgumentErrors naming the argument, the bad value and what is allowed."""

from __future__ import annotations

import base64
import ipaddress
import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from components import offerings
from components.errors import ArgumentError
from components.project import defaults

LB_TYPES = ("application", "network", "classic")
SCALING_METRICS = ("cpu", "requests")
# Current AWS-recommended policies: TLS 1.3 + 1.2 for ALB/NLB; CLB has no TLS 1.3, so TLS 1.2 only.
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
CLASSIC_TLS_POLICY = "ELBSecurityPolicy-TLS-1-2-2017-01"
AL2023_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-{arch}"
ROOT_DEVICE = "/dev/xvda"
MAX_USER_DATA_BYTES = 16 * 1024
SSH_PORT = 22

REQUIRED = ("vpc_id", "vpc_cidr", "load_balancer_subnet_ids", "instance_subnet_ids", "region")
# Argument -> the stack setting (Pulumi.yaml) that gives its default and that a stack sets it with.
SETTINGS: Mapping[str, str] = {
    "lb_type": "lbType", "internal": "lbInternal", "certificate_arn": "certificateArn", "app_port": "appPort",
    "health_check.path": "healthCheckPath", "health_check.interval_seconds": "healthCheckIntervalSeconds",
    "health_check.healthy_threshold": "healthyThreshold", "health_check.unhealthy_threshold": "unhealthyThreshold",
    "deregistration_delay_seconds": "deregistrationDelaySeconds", "instance_type": "instanceType",
    "ami_map": "amiMap", "user_data": "userData", "root_volume_gb": "rootVolumeGb",
    "detailed_monitoring": "detailedMonitoring", "min_size": "asgMin", "desired_capacity": "asgDesired",
    "max_size": "asgMax", "health_check_grace_seconds": "healthCheckGraceSeconds",
    "scaling_metric": "scalingMetric", "scaling_target": "scalingTarget", "region": "aws:region",
    "internal_client_cidrs": "vpnOnPremisesCidrs",
}

_PLAIN_PROTOCOL = {"application": "HTTP", "network": "TCP", "classic": "HTTP"}
_SECURE_PROTOCOL = {"application": "HTTPS", "network": "TLS", "classic": "HTTPS"}
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
_CERTIFICATE_ARN = re.compile(
    r"^arn:aws(-[a-z]+)*:acm:(?P<region>[a-z]{2}(-[a-z]+)+-\d+):\d{12}:certificate/[A-Za-z0-9-]+$")
_INSTANCE_TYPE = re.compile(r"^[a-z]+-?\d[a-z0-9-]*\.(nano|micro|small|medium|large|\d*xlarge|metal(-\d+xl)?)$")
_GENERATION_AND_ATTRIBUTES = re.compile(r"^[a-z]+\d+(?P<attributes>[a-z]*)")
_AMI_ID = re.compile(r"^ami-([0-9a-f]{8}|[0-9a-f]{17})$")


@dataclass(frozen=True)
class ListenerPlan:
    """One listener: its port and protocol, and whether it only redirects to HTTPS."""

    port: int
    protocol: str
    redirects_to_https: bool = False


def invalid(field: str, value: Any, allowed: str, context: str = "") -> ArgumentError:
    """The one message shape for bad arguments: the field, the bad value, what is allowed."""
    return ArgumentError(f"`{field}` {value!r} is not allowed{context}; allowed: {allowed}")


def resolve(args: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments with defaults filled in, validated; raises ArgumentError on the first problem."""
    missing = [field for field in REQUIRED if args.get(field) is None]
    if missing:
        raise ArgumentError(f"`{missing[0]}` is missing; allowed: a value (WebTier requires "
                            f"{', '.join(REQUIRED)})")
    base = defaults(SETTINGS)
    resolved = {**base, **{key: value for key, value in args.items() if value is not None}}
    resolved["health_check"] = {**base["health_check"], **(args.get("health_check") or {})}
    validate(resolved)
    return resolved


def validate(args: Mapping[str, Any]) -> None:
    """Check every setting the cloud would reject, or that would build something unsafe."""
    _check_region(args["region"])
    _check_load_balancer(args)
    _check_health_check(args["health_check"])
    _check_range("deregistration_delay_seconds", args["deregistration_delay_seconds"], 0, 3600)
    _check_instance(args)
    _check_sizes(args["min_size"], args["desired_capacity"], args["max_size"])
    _check_range("health_check_grace_seconds", args["health_check_grace_seconds"], 0, 86400)
    _check_scaling(args["scaling_metric"], args["scaling_target"], args["lb_type"])
    _check_ami_map(args["ami_map"], args["region"])
    _check_client_cidrs(args["internal_client_cidrs"])


def _check_region(region: str) -> None:
    if not isinstance(region, str) or not _REGION.match(region):
        raise invalid("region", region, "an AWS region name, e.g. us-east-1")
    problem = offerings.unknown_region(region)
    if problem:
        raise ArgumentError(f"`region` {region} {problem}")


def _check_load_balancer(args: Mapping[str, Any]) -> None:
    lb_type = args["lb_type"]
    if lb_type not in LB_TYPES:
        raise invalid("lb_type", lb_type, ", ".join(LB_TYPES))
    _check_range("app_port", args["app_port"], 1, 65535)
    if args["app_port"] == SSH_PORT:
        raise invalid("app_port", SSH_PORT, "1 to 65535 except 22 (SSH stays closed; use SSM Session Manager)")
    certificate_arn = args["certificate_arn"]
    if certificate_arn:
        match = _CERTIFICATE_ARN.match(certificate_arn)
        if not match:
            raise invalid("certificate_arn", certificate_arn,
                          "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), "
                          "or '' for HTTP only")
        if match["region"] != args["region"]:
            raise invalid("certificate_arn", certificate_arn,
                          f"an ACM certificate in {args['region']} (a load balancer uses certificates "
                          "from its own region)", f" for `region` {args['region']}")


def _check_health_check(health_check: Mapping[str, Any]) -> None:
    path = health_check["path"]
    if not isinstance(path, str) or not path.startswith("/"):
        raise invalid("health_check.path", path, "a path starting with '/', e.g. /health")
    _check_range("health_check.interval_seconds", health_check["interval_seconds"], 5, 300)
    _check_range("health_check.healthy_threshold", health_check["healthy_threshold"], 2, 10)
    _check_range("health_check.unhealthy_threshold", health_check["unhealthy_threshold"], 2, 10)


def _check_instance(args: Mapping[str, Any]) -> None:
    instance_type = args["instance_type"]
    if not isinstance(instance_type, str) or not _INSTANCE_TYPE.match(instance_type):
        raise invalid("instance_type", instance_type, "family.size, e.g. t3.micro or m6i.large")
    problem = offerings.unoffered_instance_type(args["region"], instance_type)
    if problem:
        raise ArgumentError(f"`instance_type` {instance_type} {problem}")
    # 8 GB is the Amazon Linux 2023 image's own volume; gp3 volumes stop at 16 TiB.
    _check_range("root_volume_gb", args["root_volume_gb"], 8, 16384)
    size = len(args["user_data"].encode("utf-8"))
    if size > MAX_USER_DATA_BYTES:
        raise ArgumentError(f"`user_data` of {size} bytes is not allowed; allowed: at most {MAX_USER_DATA_BYTES} "
                            "bytes")


def _check_sizes(min_size: int, desired: int, max_size: int) -> None:
    for field, value in (("min_size", min_size), ("desired_capacity", desired), ("max_size", max_size)):
        if value < 0:
            raise invalid(field, value, "0 or more")
    order = "`min_size` <= `desired_capacity` <= `max_size`"
    if min_size > desired:
        raise invalid("min_size", min_size, order, f" with `desired_capacity` {desired}")
    if desired > max_size:
        raise invalid("desired_capacity", desired, order, f" with `max_size` {max_size}")


def _check_scaling(metric: str, target: int, lb_type: str) -> None:
    if metric not in SCALING_METRICS:
        raise invalid("scaling_metric", metric, ", ".join(SCALING_METRICS))
    if metric == "requests" and lb_type != "application":
        raise invalid("scaling_metric", metric,
                      "cpu (requests per target needs an application load balancer)", f" with `lb_type` {lb_type!r}")
    if metric == "cpu":
        _check_range("scaling_target", target, 1, 100, " (percent CPU)")
    elif target < 1:
        raise invalid("scaling_target", target, "1 or more (requests per target per minute)")


def _check_ami_map(ami_map: Mapping[str, str], region: str) -> None:
    for mapped_region, ami in ami_map.items():
        if not isinstance(ami, str) or not _AMI_ID.match(ami):
            raise invalid(f"ami_map[{mapped_region}]", ami, "an AMI id: ami- and 8 or 17 hex digits")
    if ami_map and region not in ami_map:
        raise ArgumentError(f"`ami_map` has no AMI for `region` {region} (the map has "
                            f"{', '.join(sorted(ami_map))}); allowed: add {region} to `ami_map`, or leave `ami_map` "
                            "empty for the Amazon Linux 2023 SSM parameter")


def _check_client_cidrs(cidrs: Any) -> None:
    for index, cidr in enumerate(cidrs if isinstance(cidrs, list) else [cidrs]):
        try:
            ipaddress.IPv4Network(cidr)
        except (TypeError, ValueError):
            raise invalid(f"internal_client_cidrs[{index}]", cidr, "an IPv4 block such as 192.168.0.0/16") from None


def _check_range(field: str, value: int, low: int, high: int, unit: str = "") -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise invalid(field, value, f"{low} to {high}{unit}")


def https_enabled(certificate_arn: str) -> bool:
    """HTTPS is on exactly when a certificate is given."""
    return bool(certificate_arn)


def listener_plan(lb_type: str, https: bool) -> tuple[ListenerPlan, ...]:
    """HTTP (TCP for NLB) on 80; with HTTPS, 443, and 80 only as a redirect where the LB can redirect
    (application). Network and classic LBs cannot redirect, so they serve 443 alone rather than plaintext."""
    if not https:
        return (ListenerPlan(80, _PLAIN_PROTOCOL[lb_type]),)
    secure = ListenerPlan(443, _SECURE_PROTOCOL[lb_type])
    if lb_type == "application":
        return (ListenerPlan(80, "HTTP", redirects_to_https=True), secure)
    return (secure,)


def target_protocol(lb_type: str) -> str:
    """How the load balancer talks to the instances (TLS ends at the load balancer)."""
    return "TCP" if lb_type == "network" else "HTTP"


def health_check_timeout(interval_seconds: int) -> int:
    """AWS requires the timeout to be shorter than the interval; 5 s is ALB's default."""
    return min(5, interval_seconds - 1)


def classic_health_target(app_port: int, path: str) -> str:
    return f"HTTP:{app_port}{path}"


def is_graviton(instance_type: str) -> bool:
    """Arm64 types: a1, and families with 'g' among the attributes after the generation (t4g, m7gd, c6gn)."""
    family = instance_type.split(".")[0]
    match = _GENERATION_AND_ATTRIBUTES.match(family)
    return family == "a1" or bool(match and "g" in match["attributes"])


def al2023_parameter(instance_type: str) -> str:
    """The SSM public parameter holding the latest Amazon Linux 2023 AMI for the type's architecture."""
    return AL2023_PARAMETER.format(arch="arm64" if is_graviton(instance_type) else "x86_64")


def mapped_ami(ami_map: Mapping[str, str], region: str) -> Optional[str]:
    """The explicit AMI for the region, or None to use the SSM parameter (validation ensured the region is mapped)."""
    return ami_map[region] if ami_map else None


def encode_user_data(user_data: str) -> Optional[str]:
    """Launch templates take user data base64-encoded; None leaves it out."""
    return base64.b64encode(user_data.encode("utf-8")).decode("ascii") if user_data else None
