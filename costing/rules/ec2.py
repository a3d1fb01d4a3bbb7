"""EC2 instances and Auto Scaling groups: Linux, shared tenancy, on-demand hours, their EBS volumes,
their public IPv4 addresses.

An Auto Scaling group runs `count` instances of its launch template: the desired capacity, else the
minimum size, else 1. Its instance hours, the template's block devices and the instances' public
IPv4 addresses are multiplied by that count; `asg_sizes` and `asg_unit_lines` let the estimate
report the monthly cost at the group's minimum, desired and maximum size.

The launch template itself is free (see free.py): it is priced through the instances that use it.
A template without block device mappings gets one root volume from the AMI (see ebs.py).
Data transfer out is a usage line only where instances reach the internet directly (a public IP):
instances in private subnets send their traffic through a NAT gateway or a load balancer, priced there.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import (
    DATA_TRANSFER_OUT, Index, Unpriceable, data_transfer_out_line, each_resource, each_type, flag, known,
    known_value, line, number, public_ipv4_line, text,
)
from costing.rules.ebs import block_device_lines

INSTANCE = "aws:ec2/instance:Instance"
GROUP = "aws:autoscaling/group:Group"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
TYPES = (INSTANCE, GROUP)
USAGE_KEYS = {INSTANCE: (DATA_TRANSFER_OUT,), GROUP: (DATA_TRANSFER_OUT,)}

EC2_VARIANT = "linux-ondemand-shared"
SIZE_COLUMNS = ["urn", "min_size", "desired", "max_size"]


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, LAUNCH_TEMPLATE)
    return each_type(resources, {INSTANCE: (lambda row: _instance(row, index), "EC2 instance"),
                                 GROUP: (lambda row: _group(row, index, _count(row.inputs)), "EC2 instances")})


def asg_unit_lines(groups: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    """The lines of one instance of each Auto Scaling group: the cost of each step of its size."""
    index = Index.of(inventory, LAUNCH_TEMPLATE)
    return each_resource(groups, lambda row: _group(row, index, 1.0), "EC2 instances")


def asg_sizes(groups: pd.DataFrame) -> pd.DataFrame:
    """Per Auto Scaling group: min_size, max_size and `desired`, the count priced (NaN when unknown)."""
    rows = []
    for group in groups.itertuples(index=False):
        rows.append([group.urn, _size(group.inputs, "minSize"), _count_or_nan(group.inputs),
                     _size(group.inputs, "maxSize")])
    return pd.DataFrame(rows, columns=SIZE_COLUMNS).astype({column: "float64" for column in SIZE_COLUMNS[1:]})


# --- instances ---------------------------------------------------------------------------------

def _instance(resource: Any, index: Index) -> list[dict[str, Any]]:
    inputs = resource.inputs
    template = _template(resource, index, required=False)
    template_inputs = template.inputs if template is not None else {}
    instance_type = text(inputs, "instanceType", "instance type") or _template_instance_type(template_inputs)
    _require_shared_tenancy(inputs)
    rows = [_hours_line(resource.urn, instance_type, 1.0)]
    if "rootBlockDevice" in inputs or template is None:
        rows += block_device_lines(resource.urn, "root volume", inputs.get("rootBlockDevice"), root=True)
    else:
        rows += _template_volume_lines(resource.urn, template_inputs, 1.0)
    for device in known(inputs, "ebsBlockDevices", "EBS block devices") or []:
        device = known_value(device, "EBS block device")
        rows += block_device_lines(resource.urn, f"EBS volume {device.get('deviceName') or ''}".strip(), device)
    if flag(inputs, "associatePublicIpAddress", "public IP association") or _template_public_ip(template_inputs):
        rows += [public_ipv4_line(resource.urn, 1.0), data_transfer_out_line(resource.urn)]
    return rows


def _require_shared_tenancy(inputs: dict[str, Any]) -> None:
    tenancy = text(inputs, "tenancy", "tenancy", "default")
    if tenancy != "default":
        raise Unpriceable(f"{tenancy} tenancy is not priced (shared tenancy only)")


def _hours_line(urn: str, instance_type: str, count: float) -> dict[str, Any]:
    return line(urn, f"{instance_type} instance (Linux, on-demand)", "ec2", instance_type, "hour", count,
                EC2_VARIANT)


# --- Auto Scaling groups -----------------------------------------------------------------------

def _group(resource: Any, index: Index, count: float) -> list[dict[str, Any]]:
    template = _template(resource, index, required=True)
    template_inputs = template.inputs
    _require_shared_tenancy(known(template_inputs, "placement", "placement") or {})
    rows = [_hours_line(resource.urn, _template_instance_type(template_inputs), count)]
    rows += _template_volume_lines(resource.urn, template_inputs, count)
    if _template_public_ip(template_inputs):
        rows += [public_ipv4_line(resource.urn, count, "public IPv4 addresses"), data_transfer_out_line(resource.urn)]
    return rows


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

def _template(resource: Any, index: Index, required: bool) -> Any | None:
    """The launch template the instance or group names (by id or name), found in the inventory."""
    spec = known(resource.inputs, "launchTemplate", "launch template", kind=dict)
    if not spec:
        if required:
            raise Unpriceable("no launch template (launch configurations and mixed instances policies "
                              "are not priced)")
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
    for row in index.by_urn.values():
        if row.inputs.get("name") == name or row.name == name:
            return row
    return None


def _template_instance_type(template_inputs: dict[str, Any]) -> str:
    instance_type = text(template_inputs, "instanceType", "instance type")
    if not instance_type:
        raise Unpriceable("no instance type (neither set nor in the launch template)")
    return instance_type


def _template_volume_lines(urn: str, template_inputs: dict[str, Any], count: float) -> list[dict[str, Any]]:
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


def _template_public_ip(template_inputs: dict[str, Any]) -> bool:
    interfaces = known(template_inputs, "networkInterfaces", "network interfaces") or []
    return any(flag(known_value(interface, "network interface"), "associatePublicIpAddress", "public IP association")
               for interface in interfaces)
