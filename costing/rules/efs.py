"""EFS file systems: storage by class, throughput, and data moved to and from the cheaper classes
(https://aws.amazon.com/efs/pricing/).

- Storage (usage): Standard (`storage_gb`), or One Zone when the file system lives in one Availability
  Zone (`availabilityZoneName`); Infrequent Access (`infrequent_access_storage_gb`) and its reads and
  writes per GB (`monthly_infrequent_access_read_gb`, `monthly_infrequent_access_write_gb`) when a
  lifecycle policy transitions files to IA; Archive (`archive_storage_gb`, `monthly_archive_read_gb`,
  `monthly_archive_write_gb`) when one transitions them to Archive (not offered for One Zone file systems
  in the price data: not priced there).
- Throughput (`throughputMode`, bursting when unset: the EFS API's default): bursting costs nothing
  more; provisioned is priced per MB/s-month provisioned (`provisionedThroughputInMibps`; the baseline
  that the Standard storage would get in bursting mode, 50 KiB/s per GiB, is not deducted, so the line
  errs high for large file systems); elastic is billed per GB read and written (`monthly_elastic_read_gb`,
  `monthly_elastic_write_gb`: names of ours, infracost has none for elastic throughput).
Access points, mount targets and policies are free (costing/rules/free.py).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_resource, known, known_value, number, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey, by_usage_type

FILE_SYSTEM = "aws:efs/fileSystem:FileSystem"
TYPES = (FILE_SYSTEM,)

STANDARD, STANDARD_IA, ARCHIVE = "standard", "standard-ia", "archive"
ONE_ZONE, ONE_ZONE_IA = "one-zone", "one-zone-ia"
_STORAGE_METRICS = {"General Purpose Storage GB Mo": STANDARD, "Infrequent Access Storage GB Mo": STANDARD_IA,
                    "Archive Storage GB Mo": ARCHIVE, "One Zone General Purpose Storage GB Mo": ONE_ZONE,
                    "One Zone Infrequent Access Storage GB Mo": ONE_ZONE_IA}
# The Price List's usage types (infracost's filters; Archive's is not checked yet, so not refreshed).
_STORAGE_USAGE = {"TimedStorage-ByteHrs": STANDARD, "IATimedStorage-ByteHrs": STANDARD_IA,
                  "TimedStorage-Z-ByteHrs": ONE_ZONE, "IATimedStorage-Z-ByteHrs": ONE_ZONE_IA}
STORAGE = Price("efs", "storage", "GB-month", "{storage_class} storage", variant="{storage_class}",
                sources=[Page("efs.json", re.compile("(?P<storage_class>" + "|".join(map(re.escape, _STORAGE_METRICS))
                                                     + ")"), values={"storage_class": _STORAGE_METRICS})],
                refresh=[OfferFilter("AmazonEFS", families="Storage", usage=tuple(_STORAGE_USAGE),
                                     fill={"storage_class": by_usage_type(_STORAGE_USAGE)})])
# Reads from and writes to the Infrequent Access classes (Standard-IA and One Zone-IA alike) and Archive.
TIER_ACCESS = Price("efs", "tier-access", "GB", "{tier} {direction}s", variant="{tier}|{direction}",
                    sources=[Page("efs.json", re.compile(r"(?P<tier>Infrequent Access Requests|Archive Storage "
                                                         r"(?:Read|Write)) (?P<direction>Read|Write)(?: per)? GB"),
                                  values={"tier": {"Infrequent Access Requests": "infrequent-access",
                                                   "Archive Storage Read": "archive",
                                                   "Archive Storage Write": "archive"},
                                          "direction": {"Read": "read", "Write": "write"}})])
ELASTIC_THROUGHPUT = Price("efs", "elastic-throughput", "GB", "elastic throughput {direction}s", variant="{direction}",
                           sources=[Page("efs.json",
                                         re.compile(r"EFS Storage Requests (?P<direction>Read|Write) per GB"),
                                         values={"direction": {"Read": "read", "Write": "write"}})])
PROVISIONED_THROUGHPUT = Price("efs", "provisioned-throughput", "MBps-month", "provisioned throughput",
                               sources=[Page("efs.json", "Throughput Provisioned")],
                               refresh=[OfferFilter("AmazonEFS", families="Provisioned Throughput",
                                                    usage="ProvisionedTP-MiBpsHrs")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"efs": "EFS"}
PRICES = (STORAGE, TIER_ACCESS, ELASTIC_THROUGHPUT, PROVISIONED_THROUGHPUT)

STORAGE_GB = UsageKey("storage_gb", "GB", "data stored in the Standard (or One Zone) class (the month's average)")
IA_STORAGE_GB = UsageKey("infrequent_access_storage_gb", "GB", "data stored in Infrequent Access (the month's average)")
IA_READ_GB = UsageKey("monthly_infrequent_access_read_gb", "GB", "data read from Infrequent Access per month")
IA_WRITE_GB = UsageKey("monthly_infrequent_access_write_gb", "GB", "data written to Infrequent Access per month")
ARCHIVE_STORAGE_GB = UsageKey("archive_storage_gb", "GB", "data stored in Archive (the month's average)")
ARCHIVE_READ_GB = UsageKey("monthly_archive_read_gb", "GB", "data read from Archive per month")
ARCHIVE_WRITE_GB = UsageKey("monthly_archive_write_gb", "GB", "data written to Archive per month")
ELASTIC_READ_GB = UsageKey("monthly_elastic_read_gb", "GB", "data read per month (elastic throughput)")
ELASTIC_WRITE_GB = UsageKey("monthly_elastic_write_gb", "GB", "data written per month (elastic throughput)")
USAGE = {FILE_SYSTEM: (STORAGE_GB, IA_STORAGE_GB, IA_READ_GB, IA_WRITE_GB, ARCHIVE_STORAGE_GB, ARCHIVE_READ_GB,
                       ARCHIVE_WRITE_GB, ELASTIC_READ_GB, ELASTIC_WRITE_GB)}

THROUGHPUT_MODES = ("bursting", "provisioned", "elastic")
NOT_DEDUCTED = "the baseline the Standard storage would get in bursting mode is not deducted"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_resource(resources, _file_system, "EFS file system")


def _file_system(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    one_zone = bool(known(inputs, "availabilityZoneName", "Availability Zone"))
    policies = [known_value(policy, "lifecycle policy") or {}
                for policy in known(inputs, "lifecyclePolicies", "lifecycle policies") or []]
    to_ia = any(known(policy, "transitionToIa", "transition to IA") for policy in policies)
    to_archive = any(known(policy, "transitionToArchive", "transition to Archive") for policy in policies)
    mode = text(inputs, "throughputMode", "throughput mode", "bursting")
    if mode not in THROUGHPUT_MODES:
        raise Unpriceable(f"throughput mode {mode!r} is not priced (priced: {', '.join(THROUGHPUT_MODES)})")
    if one_zone and to_archive:
        raise Unpriceable("Archive storage of a One Zone file system is not priced (no price in the snapshot)")
    rows = [STORAGE.usage_line(urn, STORAGE_GB, "One Zone storage" if one_zone else "Standard storage",
                               storage_class=ONE_ZONE if one_zone else STANDARD)]
    if to_ia:
        rows += [STORAGE.usage_line(urn, IA_STORAGE_GB, "One Zone-IA storage" if one_zone else "Standard-IA storage",
                                    storage_class=ONE_ZONE_IA if one_zone else STANDARD_IA),
                 TIER_ACCESS.usage_line(urn, IA_READ_GB, "Infrequent Access reads", tier="infrequent-access",
                                        direction="read"),
                 TIER_ACCESS.usage_line(urn, IA_WRITE_GB, "Infrequent Access writes", tier="infrequent-access",
                                        direction="write")]
    if to_archive:
        rows += [STORAGE.usage_line(urn, ARCHIVE_STORAGE_GB, "Archive storage", storage_class=ARCHIVE),
                 TIER_ACCESS.usage_line(urn, ARCHIVE_READ_GB, "Archive reads", tier="archive", direction="read"),
                 TIER_ACCESS.usage_line(urn, ARCHIVE_WRITE_GB, "Archive writes", tier="archive", direction="write")]
    if mode == "provisioned":
        mibps = number(inputs, "provisionedThroughputInMibps", "provisioned throughput")
        if mibps is None:
            raise Unpriceable("provisioned throughput mode without provisionedThroughputInMibps")
        rows.append(PROVISIONED_THROUGHPUT.line(urn, mibps, note=NOT_DEDUCTED))
    elif mode == "elastic":
        rows += [ELASTIC_THROUGHPUT.usage_line(urn, ELASTIC_READ_GB, "elastic throughput reads", direction="read"),
                 ELASTIC_THROUGHPUT.usage_line(urn, ELASTIC_WRITE_GB, "elastic throughput writes", direction="write")]
    return rows
