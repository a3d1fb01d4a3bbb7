"""EKS clusters, managed node groups and Fargate profiles (https://aws.amazon.com/eks/pricing/).

- Cluster: the control plane per hour; a Kubernetes version past its end of standard support adds the
  extended-support charge per hour ($0.10 + $0.50 = $0.60 in us-east-1: the Price List's
  `AmazonEKS-Hours:extendedSupport` is the surcharge). The version's end of standard support comes
  from AWS's release calendar (END_OF_STANDARD_SUPPORT, https://docs.aws.amazon.com/eks/latest/userguide/
  kubernetes-versions.html), compared with the estimate's date (an input of the estimate, `on`, today
  unless given: the same cluster priced on two days may differ; both sides of a diff are priced on one
  day): a version older than the calendar is in extended support too (EKS upgrades a cluster past
  extended support only to the oldest extended version), one newer than it, or none (EKS creates the
  latest), in standard support. `upgradePolicy.supportType`
  STANDARD never pays for extended support: EKS upgrades such a cluster when standard support ends.
  Clusters on Outposts (`outpostConfig`) are not priced; EKS Auto Mode's per-instance fee is not either
  (its instances are not declared).
- Node group: its instances as EC2 instances (the desired size of `scalingConfig`, on-demand Linux
  hours of `instanceTypes[0]`, default t3.medium, the EKS API's), and each node's disk as an EBS volume
  (`diskSize`, default 20 GB, as gp2: infracost's assumption; the API does not say the default
  volume's type). A node group with a launch template takes its instance type (when `instanceTypes`
  is not set) and block device mappings from it, as an Auto Scaling group does (ec2.py). Spot node
  groups and Windows AMIs are not priced (on-demand Linux prices only).
- Fargate profile: the pods it runs, billed as Fargate tasks (ecs.py's prices, Linux x86_64: EKS on
  Fargate has no ARM pods) per vCPU-hour and GB-hour: usage lines of the average number of pods
  running (`pods`) times each pod's vCPU (`pod_vcpu`) and memory (`pod_memory_gb`), as Fargate
  rounds them up.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, known, number, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey
from costing.rules.ebs import volume_lines
from costing.rules.ec2 import (
    INSTANCE_HOURS, LAUNCH_TEMPLATE, launch_template, template_instance_type, template_volume_lines,
)
from costing.rules.ecs import GB_HOURS, LINUX_X86, VCPU_HOURS

CLUSTER = "aws:eks/cluster:Cluster"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
FARGATE_PROFILE = "aws:eks/fargateProfile:FargateProfile"
TYPES = (CLUSTER, NODE_GROUP, FARGATE_PROFILE)

CLUSTER_HOURS = Price("eks", "cluster", "hour", "EKS cluster (control plane)",
                      sources=[Page("eks.json", "Compute per Hours")],
                      refresh=[OfferFilter("AmazonEKS", usage="AmazonEKS-Hours:perCluster")])
EXTENDED_SUPPORT = Price("eks", "extended-support", "hour", "extended support for the Kubernetes version",
                         sources=[Page("eks.json", "Compute ExtendedSupport per Hours")],
                         refresh=[OfferFilter("AmazonEKS", usage="AmazonEKS-Hours:extendedSupport")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"eks": "EKS"}
PRICES = (CLUSTER_HOURS, EXTENDED_SUPPORT)

PODS = UsageKey("pods", "pods", "average number of pods running on the Fargate profile")
POD_VCPU = UsageKey("pod_vcpu", "vCPU", "vCPU of a pod, as Fargate rounds it up")
POD_MEMORY_GB = UsageKey("pod_memory_gb", "GB", "memory of a pod in GB, as Fargate rounds it up")
USAGE = {FARGATE_PROFILE: (PODS, POD_VCPU, POD_MEMORY_GB)}

# Kubernetes minor version -> the last day of its standard support on EKS (AWS's release calendar).
END_OF_STANDARD_SUPPORT = {
    "1.24": date(2024, 1, 31), "1.25": date(2024, 5, 1), "1.26": date(2024, 6, 11), "1.27": date(2024, 7, 24),
    "1.28": date(2024, 11, 26), "1.29": date(2025, 3, 23), "1.30": date(2025, 7, 23), "1.31": date(2025, 11, 26),
    "1.32": date(2026, 3, 23), "1.33": date(2026, 7, 29), "1.34": date(2026, 12, 2), "1.35": date(2027, 3, 27),
}
DEFAULT_INSTANCE_TYPE = "t3.medium"
DEFAULT_DISK_GB = 20.0
DEFAULT_DISK_TYPE = "gp2"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame, on: date) -> pd.DataFrame:
    """`on`: the day the estimate prices, which decides whether a version is in extended support."""
    index = Index.of(inventory, LAUNCH_TEMPLATE)
    return each_type(resources, {
        CLUSTER: (lambda row: _cluster(row, on), "EKS cluster"),
        NODE_GROUP: (lambda row: _node_group(row, index), "EKS node group"),
        FARGATE_PROFILE: (_fargate_profile, "EKS Fargate profile"),
    })


def _cluster(resource: Any, on: date) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    if known(inputs, "outpostConfig", "Outpost configuration"):
        raise Unpriceable("local clusters on an Outpost are not priced")
    rows = [CLUSTER_HOURS.line(urn, 1.0)]
    version = text(inputs, "version", "Kubernetes version")
    policy = known(inputs, "upgradePolicy", "upgrade policy") or {}
    support = text(policy, "supportType", "support type", "EXTENDED")
    if support == "EXTENDED" and in_extended_support(version, on):
        rows.append(EXTENDED_SUPPORT.line(urn, 1.0, f"extended support for Kubernetes {version}"))
    return rows


def in_extended_support(version: str, today: date) -> bool:
    """Whether a cluster of this Kubernetes version pays for extended support on `today`."""
    if not version:
        return False
    wanted = _minor(version)
    ends = {_minor(known_version): end for known_version, end in END_OF_STANDARD_SUPPORT.items()}
    if wanted in ends:
        return ends[wanted] < today
    return wanted < min(ends)


def _minor(version: str) -> tuple[int, int]:
    """(1, 29) for "1.29" or "1.29.3"."""
    try:
        major, minor = version.split(".")[:2]
        return int(major), int(minor)
    except ValueError:
        raise Unpriceable(f"Kubernetes version {version!r} is not a version number") from None


def _node_group(resource: Any, index: Index) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    scaling = known(inputs, "scalingConfig", "scaling config") or {}
    nodes = number(scaling, "desiredSize", "desired size")
    if nodes is None:
        raise Unpriceable("scaling config has no desired size")
    capacity = text(inputs, "capacityType", "capacity type", "ON_DEMAND")
    if capacity != "ON_DEMAND":
        raise Unpriceable(f"{capacity} node groups are not priced (on-demand only)")
    ami_type = text(inputs, "amiType", "AMI type")
    if ami_type.startswith("WINDOWS"):
        raise Unpriceable(f"{ami_type} nodes are not priced (Linux only)")
    template = launch_template(resource, index, required=False)
    instance_types = known(inputs, "instanceTypes", "instance types") or []
    if instance_types:
        instance_type = text({"type": instance_types[0]}, "type", "instance type")
    elif template is not None:
        instance_type = template_instance_type(template.inputs)
    else:
        instance_type = DEFAULT_INSTANCE_TYPE
    rows = [INSTANCE_HOURS.line(urn, nodes, f"{instance_type} nodes (Linux, on-demand)", instance_type=instance_type)]
    if template is not None and known(template.inputs, "blockDeviceMappings", "block device mappings"):
        return rows + template_volume_lines(urn, template.inputs, nodes)
    disk = number(inputs, "diskSize", "disk size", DEFAULT_DISK_GB)
    return rows + volume_lines(urn, f"node disks ({disk:g} GB each)", DEFAULT_DISK_TYPE, disk, None, None, nodes)


def _fargate_profile(resource: Any) -> list[dict[str, Any]]:
    urn = resource.urn
    return [VCPU_HOURS[LINUX_X86].usage_line(urn, (PODS, POD_VCPU), "Fargate vCPU of the profile's pods"),
            GB_HOURS[LINUX_X86].usage_line(urn, (PODS, POD_MEMORY_GB), "Fargate memory of the profile's pods")]
