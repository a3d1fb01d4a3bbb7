"""EC2 instances and Auto Scaling groups: Linux, shared tenancy, on-demand hours, their EBS volumes,
their public IPv4 addresses; the CloudWatch alarms of target tracking scaling policies.

An Auto Scaling group runs `count` instances of its launch template: the desired capacity, else the
minimum size, else 1. Its instance hours, the template's block devices and the instances' public
IPv4 addresses are multiplied by that count; `asg_sizes` and `asg_unit_lines` let the estimate
report the monthly cost at the group's minimum, desired and maximum size.

The launch template itself is free (see free.py): it is priced through the instances that use it.
A template without block device mappings gets one root volume from the AMI (see ebs.py).
A group with a launch configuration instead (`launchConfiguration`, by name) is priced the same way
from it: its instance type, root and EBS block devices, public IP; placement tenancy other than
default and Spot (`spotPrice`) are not priced. The launch configuration is free too.
Data transfer out is a usage line only where instances reach the internet directly (a public IP):
instances in private subnets send their traffic through a NAT gateway or a load balancer, priced there.

Public IPv4: an instance gets one when it (or its launch template's first network interface, or its
group's launch configuration) says `associatePublicIpAddress`, else when its subnet maps public IPs on
launch (`mapPublicIpOnLaunch`; a default VPC's default subnets do, which is where an instance without a
subnet goes: Amazon VPC User Guide, "Default subnets"). A group's instances spread over its
`vpcZoneIdentifiers`: all get one when every subnet maps them, none when none does; when some do, or a
subnet is unknown until apply or not in the stack, how many is unknown: a line of unknown quantity, the
resource partly priced. An instance an Elastic IP is associated with (the Elastic IP's `instance`, or an
EIP association's `instanceId`) has no address of its own: associating an Elastic IP releases the
instance's public IPv4 address (Amazon EC2 User Guide, "Public IPv4 addresses": "We release the public IP
address for your instance when ... you associate an Elastic IP address with it"); the Elastic IP is priced
as itself (network.py), and the instance's traffic out stays a usage line.

Target tracking: for each TargetTrackingScaling policy, Amazon EC2 Auto Scaling creates and manages
two CloudWatch alarms, one to scale out and one to scale in (Amazon EC2 Auto Scaling User Guide,
"Target tracking scaling policies"), billed as standard-resolution alarms. Other policies create none.
"""

from __future__ import annotations

from typing import Any, Callable

import pandas as pd

from costing.rules.common import (
    SUBNET, Index, Unpriceable, each_resource, each_type, flag, known, known_value, number, records, text,
)
from costing.rules.declare import Normalized, OfferFilter, Price
from costing.rules.ebs import block_device_lines
from costing.rules.monitoring import ALARM_STANDARD
from costing.rules.shared import MONTHLY_OUTBOUND_INTERNET_GB, PUBLIC_IPV4, data_transfer_out_lines
from costing.schema import SECRET, UNKNOWN

INSTANCE = "aws:ec2/instance:Instance"
GROUP = "aws:autoscaling/group:Group"
POLICY = "aws:autoscaling/policy:Policy"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration"
ELASTIC_IP = "aws:ec2/eip:Eip"
EIP_ASSOCIATION = "aws:ec2/eipAssociation:EipAssociation"
TYPES = (INSTANCE, GROUP, POLICY)
TARGET_TRACKING_ALARMS = 2

INSTANCE_HOURS = Price(
    "ec2", "{instance_type}", "hour", "{instance_type} instance (Linux, on-demand)", variant="linux-ondemand-shared",
    sources=[Normalized("ec2")],
    refresh=[OfferFilter("AmazonEC2", families=("Compute Instance", "Compute Instance (bare metal)"),
                         attributes={"operatingSystem": "Linux", "tenancy": "Shared", "preInstalledSw": "NA",
                                     "capacitystatus": "Used", "licenseModel": "No License required",
                                     "marketoption": ("", "OnDemand")},
                         fill={"instance_type": "instanceType"}, reservable=True)])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"ec2": "EC2"}
PRICES = (INSTANCE_HOURS,)
USAGE = {INSTANCE: (MONTHLY_OUTBOUND_INTERNET_GB,), GROUP: (MONTHLY_OUTBOUND_INTERNET_GB,)}

SIZE_COLUMNS = ["urn", "min_size", "desired", "max_size"]


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    templates, subnets = Index.of(inventory, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION), Index.of(inventory, SUBNET)
    elastic = _elastic_ip_holders(inventory)
    return each_type(resources, {
        INSTANCE: (lambda row: _instance(row, templates, subnets, elastic), "EC2 instance"),
        GROUP: (lambda row: _group(row, templates, subnets, _count(row.inputs)), "EC2 instances"),
        POLICY: (_policy, "scaling policy"),
    })


def asg_unit_lines(groups: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    """The lines of one instance of each Auto Scaling group: the cost of each step of its size."""
    templates, subnets = Index.of(inventory, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION), Index.of(inventory, SUBNET)
    return each_resource(groups, lambda row: _group(row, templates, subnets, 1.0), "EC2 instances")


def asg_sizes(groups: pd.DataFrame) -> pd.DataFrame:
    """Per Auto Scaling group: min_size, max_size and `desired`, the count priced (NaN when unknown)."""
    rows = []
    for group in groups.itertuples(index=False):
        rows.append([group.urn, _size(group.inputs, "minSize"), _count_or_nan(group.inputs),
                     _size(group.inputs, "maxSize")])
    return pd.DataFrame(rows, columns=SIZE_COLUMNS).astype({column: "float64" for column in SIZE_COLUMNS[1:]})


# --- instances ---------------------------------------------------------------------------------

def _instance(resource: Any, index: Index, subnets: Index, elastic: set[str]) -> list[dict[str, Any]]:
    inputs = resource.inputs
    template = launch_template(resource, index, required=False)
    template_inputs = template.inputs if template is not None else {}
    instance_type = text(inputs, "instanceType", "instance type") or template_instance_type(template_inputs)
    _require_shared_tenancy(inputs)
    rows = [_hours_line(resource.urn, instance_type, 1.0)]
    if "rootBlockDevice" in inputs or template is None:
        rows += block_device_lines(resource.urn, "root volume", inputs.get("rootBlockDevice"), root=True)
    else:
        rows += template_volume_lines(resource.urn, template_inputs, 1.0)
    for device in known(inputs, "ebsBlockDevices", "EBS block devices") or []:
        device = known_value(device, "EBS block device")
        rows += block_device_lines(resource.urn, f"EBS volume {device.get('deviceName') or ''}".strip(), device)
    if resource.urn in elastic or resource.id in elastic:  # its address is the Elastic IP's (module docstring)
        return rows + data_transfer_out_lines(resource.urn)
    explicit = _said(inputs, "associatePublicIpAddress")
    explicit = _template_public_ip(template_inputs) if explicit is None else explicit
    return rows + _public_ip_lines(resource, explicit, lambda: _launch_subnets(resource, subnets, "subnetId"), 1.0,
                                   "public IPv4 address")


def _elastic_ip_holders(inventory: pd.DataFrame) -> set[str]:
    """The URNs (through the references) and ids of the instances an Elastic IP is associated with."""
    holders: set[str] = set()
    for row in records(inventory[inventory["type"].isin((ELASTIC_IP, EIP_ASSOCIATION))]):
        key = "instance" if row.type == ELASTIC_IP else "instanceId"
        holders.update((row.refs or {}).get(key, ()))
        value = row.inputs.get(key)
        if isinstance(value, str) and value not in ("", UNKNOWN, SECRET):
            holders.add(value)
    return holders


def _require_shared_tenancy(inputs: dict[str, Any]) -> None:
    tenancy = text(inputs, "tenancy", "tenancy", "default")
    if tenancy != "default":
        raise Unpriceable(f"{tenancy} tenancy is not priced (shared tenancy only)")


def _hours_line(urn: str, instance_type: str, count: float) -> dict[str, Any]:
    return INSTANCE_HOURS.line(urn, count, instance_type=instance_type)


# --- Auto Scaling groups -----------------------------------------------------------------------

def _group(resource: Any, index: Index, subnets: Index, count: float) -> list[dict[str, Any]]:
    if resource.inputs.get("launchConfiguration"):
        rows, public_ip = _configured_instances(resource, index, count)
    else:
        template = launch_template(resource, index, required=True)
        template_inputs = template.inputs
        _require_shared_tenancy(known(template_inputs, "placement", "placement") or {})
        rows = [_hours_line(resource.urn, template_instance_type(template_inputs), count)]
        rows += template_volume_lines(resource.urn, template_inputs, count)
        public_ip = _template_public_ip(template_inputs)
    return rows + _public_ip_lines(resource, public_ip,
                                   lambda: _launch_subnets(resource, subnets, "vpcZoneIdentifiers"), count,
                                   "public IPv4 addresses")


def _configured_instances(resource: Any, index: Index, count: float) -> tuple[list[dict[str, Any]], bool | None]:
    """A group's instances from its launch configuration (found by reference or name): their hours and
    volumes, and what the configuration says of a public IPv4 address (None: left to the subnet)."""
    reference = resource.inputs["launchConfiguration"]
    found = index.referenced(resource, "launchConfiguration", LAUNCH_CONFIGURATION, reference)
    if found is None:
        name = known(resource.inputs, "launchConfiguration", "launch configuration")
        found = next((row for row in index.by_urn.values()
                      if row.type == LAUNCH_CONFIGURATION and row.inputs.get("name") == name), None)
    if found is None:
        raise Unpriceable("launch configuration not found among the stack's resources")
    config, urn = found.inputs, resource.urn
    _require_shared_tenancy({"tenancy": text(config, "placementTenancy", "placement tenancy", "default")})
    if known(config, "spotPrice", "spot price"):
        raise Unpriceable("Spot instances (spotPrice) are not priced (on-demand only)")
    rows = [_hours_line(urn, template_instance_type(config), count),
            *block_device_lines(urn, "root volume", config.get("rootBlockDevice"), count, root=True)]
    for device in known(config, "ebsBlockDevices", "EBS block devices") or []:
        device = known_value(device, "EBS block device")
        rows += block_device_lines(urn, f"EBS volume {device.get('deviceName') or ''}".strip(), device, count)
    return rows, _said(config, "associatePublicIpAddress")


def _policy(resource: Any) -> list[dict[str, Any]]:
    if text(resource.inputs, "policyType", "policy type", "SimpleScaling") != "TargetTrackingScaling":
        return []
    return [ALARM_STANDARD.line(resource.urn, TARGET_TRACKING_ALARMS,
                                "CloudWatch alarms target tracking creates (scale out, scale in)")]


# --- public IPv4 addresses ---------------------------------------------------------------------

def _public_ip_lines(resource: Any, explicit: bool | None, subnets: Callable[[], list[Any] | None], count: float,
                     description: str) -> list[dict[str, Any]]:
    """The addresses of `count` instances (and their traffic out, as usage), when they have some: as the
    instance or template says (`explicit`), else as the `subnets` they launch into map them."""
    try:
        public = count if explicit else 0.0 if explicit is False else _mapped(subnets(), count)
    except Unpriceable as unknown:
        return [PUBLIC_IPV4.unknown_line(resource.urn, str(unknown), description)]
    if not public:
        return []
    return [PUBLIC_IPV4.line(resource.urn, public, description), *data_transfer_out_lines(resource.urn)]


def _mapped(subnets: list[Any] | None, count: float) -> float:
    """How many of `count` instances spread over `subnets` get a public IPv4 address on launch (a default
    subnet, `subnets` None, maps one)."""
    if subnets is None:
        return count
    mapped = [flag(subnet.inputs, "mapPublicIpOnLaunch", "the subnet's public IP mapping") for subnet in subnets]
    if all(mapped):
        return count
    if not any(mapped):
        return 0.0
    raise Unpriceable("instances spread over subnets that map public IPs and subnets that do not: how many get "
                      "a public IPv4 address is unknown")


def _launch_subnets(resource: Any, subnets: Index, key: str) -> list[Any] | None:
    """The stack's subnets the input `key` names (through its dependencies, else by id); None when it names
    none (a default subnet); Unpriceable when one is unknown until apply or not among the stack's resources."""
    value = resource.inputs.get(key)
    if value in (None, "", []):
        return None
    urns = [urn for urn in (resource.refs or {}).get(key, ()) if urn in subnets.by_urn]
    if urns:
        return [subnets.by_urn[urn] for urn in dict.fromkeys(urns)]
    ids = value if isinstance(value, list) else [value]
    if any(item in (UNKNOWN, SECRET) for item in ids):
        raise Unpriceable("subnets unknown until apply: whether instances get a public IPv4 address is unknown")
    found = [subnets.by_id.get(item) for item in ids]
    if None in found:
        raise Unpriceable("subnet not among the stack's resources: whether instances get a public IPv4 address "
                          "is unknown")
    return found


def _said(inputs: dict[str, Any], key: str) -> bool | None:
    """A boolean input as given (true or false, strings included), None when it is not set."""
    value = known(inputs, key, key)
    return None if value in (None, "") else flag(inputs, key, key)


def _count(inputs: dict[str, Any]) -> float:
    """Desired capacity, else minimum size, else 1."""
    for key, what in (("desiredCapacity", "desired capacity"), ("minSize", "minimum size")):
        value = number(inputs, key, what)
        if value is not None:
            return value
    return 1.0


def _count_or_nan(inputs: dict[str, Any]) -> float:
    try:
        return _count(inputs)
    except Unpriceable:
        return float("nan")


def _size(inputs: dict[str, Any], key: str) -> float:
    try:
        value = number(inputs, key, key)
    except Unpriceable:
        return float("nan")
    return float("nan") if value is None else value


# --- launch templates --------------------------------------------------------------------------

def launch_template(resource: Any, index: Index, required: bool) -> Any | None:
    """The launch template the instance or group names (by id or name), found in the inventory."""
    spec = known(resource.inputs, "launchTemplate", "launch template", kind=dict)
    if not spec:
        if required:
            raise Unpriceable("no launch template or launch configuration (mixed instances policies are not "
                              "priced)")
        return None
    template = index.referenced(resource, "launchTemplate", LAUNCH_TEMPLATE, spec.get("id"))
    if template is None:
        template = _template_named(index, spec.get("name"))
    if template is None:
        raise Unpriceable("launch template not found among the stack's resources")
    return template


def _template_named(index: Index, name: Any) -> Any | None:
    if not isinstance(name, str) or not name:
        return None
    for row in index.by_urn.values():  # the index may hold launch configurations too
        if row.type == LAUNCH_TEMPLATE and (row.inputs.get("name") == name or row.name == name):
            return row
    return None


def template_instance_type(template_inputs: dict[str, Any]) -> str:
    """The instance type a launch template (or launch configuration) sets: an EKS node group reads it too."""
    instance_type = text(template_inputs, "instanceType", "instance type")
    if not instance_type:
        raise Unpriceable("no instance type (neither set nor in the launch template)")
    return instance_type


def template_volume_lines(urn: str, template_inputs: dict[str, Any], count: float) -> list[dict[str, Any]]:
    """The EBS volumes of `count` instances launched from a template: its block device mappings, else the
    AMI's root volume (an Auto Scaling group's, an EKS node group's)."""
    mappings = known(template_inputs, "blockDeviceMappings", "block device mappings", kind=list) or []
    if not mappings:
        return block_device_lines(urn, "root volume", None, count, root=True)
    rows = []
    for position, mapping in enumerate(mappings):
        mapping = known_value(mapping, "block device mapping")
        if "ebs" not in mapping:  # an instance-store or suppressed device costs nothing extra
            continue
        label = f"volume {mapping.get('deviceName') or position}"
        rows += block_device_lines(urn, label, mapping["ebs"], count, root=position == 0)
    return rows


def _template_public_ip(template_inputs: dict[str, Any]) -> bool | None:
    """What the template's network interfaces say of a public IPv4 address: True when one asks for it,
    False when they decline it, None when they leave it to the subnet."""
    interfaces = [known_value(interface, "network interface")
                  for interface in known(template_inputs, "networkInterfaces", "network interfaces") or []]
    said = [_said(interface, "associatePublicIpAddress") for interface in interfaces]
    return True if True in said else False if False in said else None
