"""EBS volumes (standalone `aws:ebs/volume`, and the block devices of instances and launch templates) and snapshots.

Priced per GB-month by volume type; gp3 adds IOPS above its 3,000 baseline and throughput above its
125 MiB/s baseline; io1 adds every provisioned IOPS; io2 adds IOPS in AWS's three tiers (up to
32,000, 32,001-64,000, above 64,000).

AWS defaults applied (no provider fills them in under mocks): a volume or block device without a
type is gp2 (the EC2 API's default); a root device whose size the program leaves to the AMI is
taken as 8 GB, the size of Amazon Linux's and most public AMIs' root snapshot (Infracost does the same),
and says so in its description.

Snapshots (`aws:ebs/snapshot`, and `aws:ebs/snapshotCopy` of one) are priced per GB-month at the size
of the volume they are taken of, when that volume is in the stack with a known size (an upper bound:
a snapshot stores only the blocks written, incremental after the first), else by use (`storage_gb`).
Archive-tier snapshots are not priced (no price for them in the price snapshot).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, known, known_value, number, text
from costing.rules.declare import INF, Normalized, OfferFilter, Price, Tier, Tiered, UsageKey

VOLUME = "aws:ebs/volume:Volume"
SNAPSHOT_OF_VOLUME = "aws:ebs/snapshot:Snapshot"
SNAPSHOT_COPY = "aws:ebs/snapshotCopy:SnapshotCopy"
TYPES = (VOLUME, SNAPSHOT_OF_VOLUME, SNAPSHOT_COPY)

_EBS = [Normalized("ebs")]


def _ebs_usage(usage: str, family: str) -> list[OfferFilter]:
    """AmazonEC2 rows of one EBS usage type ("EBS:VolumeP-IOPS.gp3" after the region prefix)."""
    return [OfferFilter("AmazonEC2", families=family, usage=usage)]


STORAGE = Price("ebs", "{volume_type}", "GB-month", "{volume_type} storage", sources=_EBS,
                refresh=[OfferFilter("AmazonEC2", families="Storage", usage_pattern=re.compile(r"EBS:VolumeUsage"),
                                     fill={"volume_type": "volumeApiName"},
                                     example={"usageType": "EBS:VolumeUsage.gp3", "volumeApiName": "gp3"})])
GP3_IOPS = Price("ebs", "gp3-iops", "IOPS-month", "gp3 IOPS above 3,000", sources=_EBS,
                 refresh=_ebs_usage("EBS:VolumeP-IOPS.gp3", "System Operation"))
GP3_THROUGHPUT = Price("ebs", "gp3-throughput", "MiBps-month", "gp3 throughput above 125 MiB/s", sources=_EBS,
                       refresh=_ebs_usage("EBS:VolumeP-Throughput.gp3", "Provisioned Throughput"))
IO1_IOPS = Price("ebs", "io1-iops", "IOPS-month", "io1 provisioned IOPS", sources=_EBS,
                 refresh=_ebs_usage("EBS:VolumeP-IOPS.piops", "System Operation"))
IO2_IOPS = Tiered([
    Tier(32000, "up to 32,000", Price("ebs", "io2-iops-tier1", "IOPS-month", "io2 provisioned IOPS up to 32,000",
                                      sources=_EBS, refresh=_ebs_usage("EBS:VolumeP-IOPS.io2", "System Operation"))),
    Tier(64000, "32,001 to 64,000", Price("ebs", "io2-iops-tier2", "IOPS-month",
                                          "io2 provisioned IOPS from 32,001 to 64,000", sources=_EBS,
                                          refresh=_ebs_usage("EBS:VolumeP-IOPS.io2.tier2", "System Operation"))),
    Tier(INF, "above 64,000", Price("ebs", "io2-iops-tier3", "IOPS-month", "io2 provisioned IOPS above 64,000",
                                    sources=_EBS, refresh=_ebs_usage("EBS:VolumeP-IOPS.io2.tier3", "System Operation"))),
])
SNAPSHOT = Price("ebs", "snapshot", "GB-month", "EBS snapshot storage", sources=_EBS,
                 refresh=_ebs_usage("EBS:SnapshotUsage", "Storage Snapshot"))
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"ebs": "EBS"}
PRICES = (STORAGE, GP3_IOPS, GP3_THROUGHPUT, IO1_IOPS, IO2_IOPS, SNAPSHOT)

SNAPSHOT_STORAGE_GB = UsageKey("storage_gb", "GB", "snapshot data stored (the month's average)")
USAGE = {SNAPSHOT_OF_VOLUME: (SNAPSHOT_STORAGE_GB,), SNAPSHOT_COPY: (SNAPSHOT_STORAGE_GB,)}

DEFAULT_TYPE = "gp2"
AMI_ROOT_GB = 8.0
GP3_BASELINE_IOPS = 3000.0
GP3_BASELINE_MIBPS = 125.0


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, VOLUME, SNAPSHOT_OF_VOLUME)
    return each_type(resources, {VOLUME: (_volume, "EBS volume"),
                                 SNAPSHOT_OF_VOLUME: (lambda row: _snapshot(row, index), "EBS snapshot"),
                                 SNAPSHOT_COPY: (lambda row: _snapshot(row, index), "EBS snapshot copy")})


def _snapshot(resource: Any, index: Index) -> list[dict[str, Any]]:
    """A snapshot at its volume's size when the stack has that volume (a copy: its source snapshot's)."""
    if text(resource.inputs, "storageTier", "storage tier", "standard") != "standard":
        raise Unpriceable("no price for archive-tier EBS snapshots in the price snapshot")
    snapshot = resource
    if resource.type == SNAPSHOT_COPY:
        source = resource.inputs.get("sourceSnapshotId")
        snapshot = index.referenced(resource, "sourceSnapshotId", SNAPSHOT_OF_VOLUME, source)
    volume = None if snapshot is None else index.referenced(snapshot, "volumeId", VOLUME,
                                                            snapshot.inputs.get("volumeId"))
    size = None if volume is None else number(volume.inputs, "size", "the volume's size")
    if size is None:
        return [SNAPSHOT.usage_line(resource.urn, SNAPSHOT_STORAGE_GB)]
    return [SNAPSHOT.line(resource.urn, size, f"EBS snapshot storage (at most the volume's {size:g} GB)")]


def _volume(resource: Any) -> list[dict[str, Any]]:
    inputs = resource.inputs
    size = number(inputs, "size", "volume size")
    if size is None:
        if known(inputs, "snapshotId", "snapshot"):
            raise Unpriceable("volume size comes from its snapshot: unknown before apply")
        raise Unpriceable("volume size not set")
    return volume_lines(resource.urn, "volume", text(inputs, "type", "volume type", DEFAULT_TYPE), size,
                        number(inputs, "iops", "volume IOPS"), number(inputs, "throughput", "volume throughput"))


def block_device_lines(urn: str, label: str, device: dict[str, Any], count: float = 1.0,
                       root: bool = False) -> list[dict[str, Any]]:
    """An instance's or launch template's block device (`rootBlockDevice`, an `ebsBlockDevices` or
    `blockDeviceMappings[].ebs` entry), `count` times."""
    device = known_value(device, label) or {}
    size = number(device, "volumeSize", f"{label} size")
    description = label
    if size is None:
        if not root:
            raise Unpriceable(f"{label} size comes from its snapshot: unknown before apply")
        size, description = AMI_ROOT_GB, f"{label}, {AMI_ROOT_GB:g} GB assumed (size from the AMI)"
    return volume_lines(urn, description, text(device, "volumeType", f"{label} type", DEFAULT_TYPE), size,
                        number(device, "iops", f"{label} IOPS"), number(device, "throughput", f"{label} throughput"),
                        count)


def volume_lines(urn: str, label: str, volume_type: str, size_gb: float, iops: float | None,
                 throughput: float | None, count: float = 1.0) -> list[dict[str, Any]]:
    """The GB-month line of `count` volumes, plus the IOPS and throughput lines their type charges."""
    rows = [STORAGE.line(urn, size_gb * count, f"{label}: {volume_type} storage", volume_type=volume_type)]
    if volume_type == "gp3":
        extra_iops = max((iops or GP3_BASELINE_IOPS) - GP3_BASELINE_IOPS, 0.0)
        extra_mibps = max((throughput or GP3_BASELINE_MIBPS) - GP3_BASELINE_MIBPS, 0.0)
        if extra_iops:
            rows.append(GP3_IOPS.line(urn, extra_iops * count, f"{label}: gp3 IOPS above 3,000"))
        if extra_mibps:
            rows.append(GP3_THROUGHPUT.line(urn, extra_mibps * count, f"{label}: gp3 throughput above 125 MiB/s"))
    elif volume_type in ("io1", "io2"):
        if not iops:
            raise Unpriceable(f"{label}: {volume_type} needs provisioned IOPS, none set")
        if volume_type == "io1":
            rows.append(IO1_IOPS.line(urn, iops * count, f"{label}: io1 provisioned IOPS"))
        else:
            rows += [{**row, "quantity": row["quantity"] * count}
                     for row in IO2_IOPS.lines(urn, iops, f"{label}: io2 provisioned IOPS")]
    return rows
