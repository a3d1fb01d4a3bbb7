"""S3 buckets (and their deprecated BucketV2 twin), Express One Zone directory buckets, and a bucket's
storage-class analysis and inventory reports: all priced by use (https://aws.amazon.com/s3/pricing/).

A bucket has no fixed charge; what it costs is usage, written as usage lines under infracost's keys.
Infracost nests a storage class's keys under the class (`standard: {storage_gb: ...}`); here a key is the
class and infracost's name joined by a dot: `standard.storage_gb`, `intelligent_tiering.monitored_objects`,
`glacier_flexible_retrieval.monthly_standard_data_retrieval_gb`, and the usage file may give it nested, as
infracost does, or flat (costing/usage.py reads a value nested one level as its dotted key).

- S3 Standard, on every bucket: storage in AWS's monthly volume tiers (first 50 TB, next 450 TB, over
  500 TB; per bucket, AWS's are per account), PUT/COPY/POST/LIST requests (`monthly_tier_1_requests`),
  GET/SELECT and all other requests (`monthly_tier_2_requests`), data scanned and returned by S3 Select.
- Another class, when the bucket's configuration puts objects in it (as infracost does): a lifecycle
  rule that transitions current or noncurrent versions to it (the bucket's inline `lifecycleRules` or
  a BucketLifecycleConfiguration of the bucket), or an Intelligent-Tiering configuration of the bucket.
  Its lines: storage (Intelligent-Tiering per access tier, Frequent Access in the same volume tiers as
  Standard), requests, lifecycle transitions into it, retrievals per GB (Standard-IA, One Zone-IA,
  Glacier Instant Retrieval; Glacier Flexible Retrieval's standard and expedited retrievals and their
  requests), S3 Select, and Intelligent-Tiering's monitoring fee per 1,000 objects.
- Data the bucket sends to the internet (`monthly_outbound_internet_gb`), in AWS's volume tiers.
- Glacier Instant Retrieval is not in infracost's usage file; its keys follow the same pattern
  (`glacier_instant_retrieval.storage_gb`, ...).
- Not priced, for want of a price in the snapshot (../shared/pricing's s3.json): Glacier Deep Archive
  storage (a line without a price: the bucket partly priced) and PUT requests into it, S3 Select on Glacier, early deletion
  fees, object tags.
- Directory bucket (S3 Express One Zone): storage, requests, and data uploaded and retrieved per GB
  (for the part of a request over 512 KB). A directory bucket in a Local Zone is not priced.
- Analytics configuration: per million objects monitored by storage class analysis
  (`monthly_monitored_objects`); a configuration without storage class analysis is free.
- Inventory: per million objects listed (`monthly_listed_objects`).
A bucket's sub-resources (policy, ACL, versioning, encryption, ...) are free (costing/rules/free.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, known_value, text, unpriced_line
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey, by_usage_type
from costing.rules.shared import MONTHLY_OUTBOUND_INTERNET_GB, data_transfer_out_lines

BUCKET = "aws:s3/bucket:Bucket"
BUCKET_V2 = "aws:s3/bucketV2:BucketV2"
DIRECTORY_BUCKET = "aws:s3/directoryBucket:DirectoryBucket"
ANALYTICS = "aws:s3/analyticsConfiguration:AnalyticsConfiguration"
INVENTORY = "aws:s3/inventory:Inventory"
TYPES = (BUCKET, BUCKET_V2, DIRECTORY_BUCKET, ANALYTICS, INVENTORY)

LIFECYCLE_CONFIGURATIONS = ("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                            "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2")
TIERING_CONFIGURATION = "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration"


@dataclass(frozen=True)
class StorageClass:
    """A storage class: its usage-file prefix, its price variant, its name, the name lifecycle rules give it
    (the S3 API's StorageClass), its name in s3.json's metrics and its code in the Price List's usage types."""

    key: str
    variant: str
    label: str
    lifecycle: str
    page: str
    code: str


STANDARD = StorageClass("standard", "standard", "Standard", "STANDARD", "Standard", "")
INTELLIGENT_TIERING = StorageClass("intelligent_tiering", "intelligent-tiering", "Intelligent-Tiering",
                                   "INTELLIGENT_TIERING", "Intelligent Tiering", "INT")
STANDARD_IA = StorageClass("standard_infrequent_access", "standard-ia", "Standard-IA", "STANDARD_IA",
                           "Standard Infrequent Access", "SIA")
ONE_ZONE_IA = StorageClass("one_zone_infrequent_access", "one-zone-ia", "One Zone-IA", "ONEZONE_IA",
                           "One Zone Infrequent Access", "ZIA")
GLACIER_IR = StorageClass("glacier_instant_retrieval", "glacier-instant-retrieval", "Glacier Instant Retrieval",
                          "GLACIER_IR", "Glacier Instant Retrieval", "GIR")
GLACIER = StorageClass("glacier_flexible_retrieval", "glacier-flexible-retrieval", "Glacier Flexible Retrieval",
                       "GLACIER", "Glacier", "GLACIER")
DEEP_ARCHIVE = StorageClass("glacier_deep_archive", "glacier-deep-archive", "Glacier Deep Archive", "DEEP_ARCHIVE",
                            "Glacier Deep Archive", "GDA")
EXPRESS = StorageClass("", "express-one-zone", "Express One Zone", "", "Express One Zone", "XZ")
CLASSES = (STANDARD, INTELLIGENT_TIERING, STANDARD_IA, ONE_ZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE)
BY_LIFECYCLE_NAME = {storage_class.lifecycle: storage_class for storage_class in CLASSES}

# Intelligent-Tiering's access tiers but Frequent Access (which is priced in volume tiers, as Standard).
IT_INFREQUENT, IT_ARCHIVE_INSTANT = "intelligent-tiering-infrequent", "intelligent-tiering-archive-instant"
IT_ARCHIVE, IT_DEEP_ARCHIVE = "intelligent-tiering-archive", "intelligent-tiering-deep-archive"


def _family(item: str, unit: str, description: str, metrics: dict[str, str], usage: dict[str, str] | None = None,
            factor: float = 1) -> Price:
    """A price per storage class: page metric -> class variant, and (for the refresh) the Price List usage
    type of each class (after the region prefix, "USE1-Requests-SIA-Tier1" is "Requests-SIA-Tier1")."""
    pattern = re.compile("(?P<storage_class>" + "|".join(map(re.escape, metrics)) + ")")
    refresh = []
    if usage:
        refresh = [OfferFilter("AmazonS3", usage=tuple(usage), fill={"storage_class": by_usage_type(usage)},
                               factor=factor)]
    return Price("s3", item, unit, description, variant="{storage_class}",
                 sources=[Page("s3.json", pattern, factor=factor, values={"storage_class": metrics})],
                 refresh=refresh)


def _storage_tiers(variant: str, metric_prefix: str, usage_type: str, label: str) -> Tiered:
    """Storage in AWS's volume tiers (first 50 TB, next 450 TB, over 500 TB a month; in GB)."""
    def tier(name: str, upto: float, tier_label: str, metric: str, ending_range: str) -> Tier:
        return Tier(upto, tier_label, Price(
            "s3", "storage", "GB-month", f"{label} storage, {tier_label}", variant=f"{variant}|{name}",
            sources=[Page("s3.json", f"{metric_prefix} {metric} per GB Mo")],
            refresh=[OfferFilter("AmazonS3", usage=usage_type, attributes={"endingRange": ending_range})]))
    return Tiered([tier("tier1", 51_200, "first 50 TB", "First 50 TB", "51200"),
                   tier("tier2", 512_000, "next 450 TB", "Next 450 TB", "512000"),
                   tier("tier3", INF, "over 500 TB", "Over 500 TB", "Inf")])


STANDARD_STORAGE = _storage_tiers("standard", "Standard Storage", "TimedStorage-ByteHrs", "Standard")
FREQUENT_ACCESS_STORAGE = _storage_tiers("intelligent-tiering-frequent", "Intelligent Tiering Frequent Access",
                                         "TimedStorage-INT-FA-ByteHrs", "Intelligent-Tiering Frequent Access")
STORAGE = _family("storage", "GB-month", "{storage_class} storage", {
    "Intelligent Tiering Infrequent Access per GB Mo": IT_INFREQUENT,
    "Intelligent Tiering Archive Instant Access": IT_ARCHIVE_INSTANT,
    "IntelligentTieringArchiveAccess": IT_ARCHIVE,
    "IntelligentTieringDeepArchiveAccess": IT_DEEP_ARCHIVE,
    "Standard Infrequent Access Storage per GB-Mo": STANDARD_IA.variant,
    "One Zone Infrequent Access Storage Inf per GB-Mo": ONE_ZONE_IA.variant,
    "Glacier Instant Retrieval Storage": GLACIER_IR.variant,
    "Glacier Storage per GB Mo": GLACIER.variant,
    "Express One Zone Storage Inf per GB Mo": EXPRESS.variant,
}, usage={"TimedStorage-INT-IA-ByteHrs": IT_INFREQUENT, "TimedStorage-INT-AA-ByteHrs": IT_ARCHIVE,
          "TimedStorage-INT-DAA-ByteHrs": IT_DEEP_ARCHIVE, "TimedStorage-SIA-ByteHrs": STANDARD_IA.variant,
          "TimedStorage-ZIA-ByteHrs": ONE_ZONE_IA.variant, "TimedStorage-GIR-ByteHrs": GLACIER_IR.variant})
def _metrics(template: str, *classes: StorageClass) -> dict[str, str]:
    """s3.json metric -> class variant: the classes' names in a metric name's template."""
    return {template.format(storage_class.page): storage_class.variant for storage_class in classes}


def _usage_types(template: str, *classes: StorageClass) -> dict[str, str]:
    """Price List usage type -> class variant: "Requests{}-Tier1" is Requests-Tier1 for Standard,
    Requests-SIA-Tier1 for Standard-IA."""
    return {template.format(f"-{storage_class.code}" if storage_class.code else ""): storage_class.variant
            for storage_class in classes}


_REQUEST_CLASSES = (INTELLIGENT_TIERING, STANDARD_IA, ONE_ZONE_IA, GLACIER_IR, EXPRESS)
_SELECT_CLASSES = (STANDARD, INTELLIGENT_TIERING, STANDARD_IA, ONE_ZONE_IA, GLACIER_IR)
TIER1_REQUESTS = _family(
    "requests-tier1", "1k requests", "PUT, COPY, POST, LIST requests",
    {"PUT COPY/POST or LIST requests per Requests": STANDARD.variant, "PUT requests to Glacier per Requests":
     GLACIER.variant, **_metrics("PUT COPY/POST or LIST requests to {} per Requests", *_REQUEST_CLASSES)},
    usage=_usage_types("Requests{}-Tier1", STANDARD, *_REQUEST_CLASSES), factor=1000)
TIER2_REQUESTS = _family(
    "requests-tier2", "1k requests", "GET, SELECT and all other requests",
    {"GET and all other requests per Requests": STANDARD.variant, "GET and all other requests to GLACIER per Requests":
     GLACIER.variant, "GET and all other requests to GDA per Requests": DEEP_ARCHIVE.variant,
     **_metrics("GET and all other requests to {} per Requests", *_REQUEST_CLASSES)},
    usage=_usage_types("Requests{}-Tier2", STANDARD, *_REQUEST_CLASSES, GLACIER, DEEP_ARCHIVE), factor=1000)
# The Price List bills every class's transitions under one usage type (Requests-Tier4, told apart by
# operation): no refresh mapping until that is checked against a real offer file.
LIFECYCLE_TRANSITIONS = _family(
    "lifecycle-transitions", "1k requests", "lifecycle transitions into {storage_class}",
    _metrics("Lifecycle Transition Requests into {} per Requests", INTELLIGENT_TIERING, STANDARD_IA, ONE_ZONE_IA,
             GLACIER_IR, GLACIER, DEEP_ARCHIVE), factor=1000)
_RETRIEVAL_CLASSES = (STANDARD_IA, ONE_ZONE_IA, GLACIER_IR, EXPRESS)
RETRIEVAL = _family("retrieval", "GB", "data retrieved", _metrics("Object Retrieval in {} per GB", *_RETRIEVAL_CLASSES),
                    usage=_usage_types("Retrieval{}", *_RETRIEVAL_CLASSES))
# Restores from the Glacier classes, by retrieval speed.
_GLACIER_CLASSES = {"Glacier": GLACIER.variant, "Glacier Deep Archive": DEEP_ARCHIVE.variant}
GLACIER_RETRIEVAL = Price("s3", "retrieval", "GB", "data retrieved", variant="{storage_class}|{speed}", sources=[
    Page("s3.json",
         re.compile(r"(?P<storage_class>Glacier) S3 (?P<speed>Standard|Expedited) Retrieval(?: RestoreObject)?"),
         values={"storage_class": _GLACIER_CLASSES, "speed": {"Standard": "standard", "Expedited": "expedited"}}),
    Page("s3.json", re.compile(r"Fee for (?P<speed>Standard|Bulk) Retrieval of data stored from "
                               r"(?P<storage_class>Glacier Deep Archive)"),
         values={"storage_class": _GLACIER_CLASSES, "speed": {"Standard": "standard", "Bulk": "bulk"}})])
GLACIER_RETRIEVAL_REQUESTS = Price(
    "s3", "retrieval-requests", "1k requests", "retrieval requests", variant="{storage_class}|{speed}",
    sources=[Page("s3.json", re.compile(r"(?P<storage_class>Glacier) (?P<speed>S3 API Tier 3 RestoreObject|Expedited "
                                        r"Glacier Restore Requests)"), factor=1000,
                  values={"storage_class": _GLACIER_CLASSES,
                          "speed": {"S3 API Tier 3 RestoreObject": "standard",
                                    "Expedited Glacier Restore Requests": "expedited"}})])
SELECT_SCANNED = _family("select-scanned", "GB", "data scanned by S3 Select",
                         _metrics("Data Scanned by S3 Select in {} per GB", *_SELECT_CLASSES),
                         usage=_usage_types("Select-Scanned{}-Bytes", *_SELECT_CLASSES))
SELECT_RETURNED = _family("select-returned", "GB", "data returned by S3 Select",
                          _metrics("Data Returned by S3 Select in {} per GB", *_SELECT_CLASSES),
                          usage=_usage_types("Select-Returned{}-Bytes", *_SELECT_CLASSES))
MONITORING = Price("s3", "intelligent-tiering-monitoring", "1k objects",
                   "Intelligent-Tiering monitoring and automation",
                   sources=[Page("s3.json", "Per object per month monitoring and automation fee for objects in "
                                            "Intelligent Tiering", factor=1000)],
                   refresh=[OfferFilter("AmazonS3", usage="Monitoring-Automation-INT", factor=1000)])
EXPRESS_UPLOAD = Price("s3", "upload", "GB", "data uploaded (the part of each request over 512 KB)",
                       variant=EXPRESS.variant, sources=[Page("s3.json", "Object Upload in Express One Zone per GB")],
                       refresh=[OfferFilter("AmazonS3", usage="Upload-XZ")])
ANALYTICS_OBJECTS = Price("s3", "storage-class-analysis", "1M objects", "objects monitored by storage class analysis",
                          sources=[Page("s3.json", "Per object fee for objects included in Analytics",
                                        factor=1_000_000)],
                          refresh=[OfferFilter("AmazonS3", usage="StorageAnalytics-ObjCount", factor=1_000_000)])
INVENTORY_OBJECTS = Price("s3", "inventory", "1M objects", "objects listed by S3 Inventory",
                          sources=[Page("s3.json", "Per object fee for objects listed in an Inventory",
                                        factor=1_000_000)],
                          refresh=[OfferFilter("AmazonS3", usage="Inventory-ObjectsListed", factor=1_000_000)])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"s3": "S3"}
PRICES = (STANDARD_STORAGE, FREQUENT_ACCESS_STORAGE, STORAGE, TIER1_REQUESTS, TIER2_REQUESTS, LIFECYCLE_TRANSITIONS,
          RETRIEVAL, GLACIER_RETRIEVAL, GLACIER_RETRIEVAL_REQUESTS, SELECT_SCANNED, SELECT_RETURNED, MONITORING,
          EXPRESS_UPLOAD, ANALYTICS_OBJECTS, INVENTORY_OBJECTS)


# --- usage keys: one set per storage class, named as infracost names them under the class ---------

def _class_key(storage_class: StorageClass, name: str, unit: str, description: str,
               aliases: Iterable[str] = ()) -> UsageKey:
    prefix = f"{storage_class.key}." if storage_class.key else ""
    return UsageKey(prefix + name, unit, f"{description} ({storage_class.label})",
                    aliases=tuple(prefix + alias for alias in aliases))


@dataclass(frozen=True)
class ClassKeys:
    """The usage keys of one storage class (None where the class has no such line)."""

    storage_gb: UsageKey | None = None
    tier1: UsageKey | None = None
    tier2: UsageKey | None = None
    lifecycle: UsageKey | None = None
    retrieval_gb: UsageKey | None = None
    select_scanned_gb: UsageKey | None = None
    select_returned_gb: UsageKey | None = None

    def all(self) -> tuple[UsageKey, ...]:
        return tuple(key for key in (self.storage_gb, self.tier1, self.tier2, self.lifecycle, self.retrieval_gb,
                                     self.select_scanned_gb, self.select_returned_gb) if key is not None)


def _keys(storage_class: StorageClass, storage: bool = True, put: bool = True, lifecycle: bool = True,
          retrieval: bool = False, select: bool = True) -> ClassKeys:
    def key(name: str, unit: str, description: str, aliases: Iterable[str] = ()) -> UsageKey:
        return _class_key(storage_class, name, unit, description, aliases)
    return ClassKeys(
        storage_gb=key("storage_gb", "GB", "data stored (the month's average)") if storage else None,
        tier1=key("monthly_tier_1_requests", "requests", "PUT, COPY, POST, LIST requests per month") if put else None,
        tier2=key("monthly_tier_2_requests", "requests", "GET, SELECT and all other requests per month"),
        lifecycle=key("monthly_lifecycle_transition_requests", "requests",
                      "lifecycle transitions into the class per month") if lifecycle else None,
        retrieval_gb=key("monthly_data_retrieval_gb", "GB", "data retrieved per month",
                         aliases=("monthly_retrieval_gb",)) if retrieval else None,
        select_scanned_gb=key("monthly_select_data_scanned_gb", "GB",
                              "data scanned by S3 Select per month") if select else None,
        select_returned_gb=key("monthly_select_data_returned_gb", "GB",
                               "data returned by S3 Select per month") if select else None)


KEYS = {
    STANDARD: _keys(STANDARD, lifecycle=False),
    INTELLIGENT_TIERING: _keys(INTELLIGENT_TIERING, storage=False),
    STANDARD_IA: _keys(STANDARD_IA, retrieval=True),
    ONE_ZONE_IA: _keys(ONE_ZONE_IA, retrieval=True),
    GLACIER_IR: _keys(GLACIER_IR, retrieval=True),
    GLACIER: _keys(GLACIER, select=False),
    DEEP_ARCHIVE: _keys(DEEP_ARCHIVE, storage=False, put=False, select=False),  # no price for either
}
# Intelligent-Tiering's access tiers: (name, usage key, price variant; None: Frequent Access, in volume tiers)
IT_STORAGE = tuple((tier, _class_key(INTELLIGENT_TIERING, key, "GB", f"{tier} tier storage"), variant)
                   for tier, key, variant in (
                       ("Frequent Access", "frequent_access_storage_gb", None),
                       ("Infrequent Access", "infrequent_access_storage_gb", IT_INFREQUENT),
                       ("Archive Instant Access", "archive_instant_access_storage_gb", IT_ARCHIVE_INSTANT),
                       ("Archive Access", "archive_access_storage_gb", IT_ARCHIVE),
                       ("Deep Archive Access", "deep_archive_access_storage_gb", IT_DEEP_ARCHIVE)))
MONITORED_OBJECTS = _class_key(INTELLIGENT_TIERING, "monitored_objects", "objects", "objects monitored")
GLACIER_RETRIEVALS = {  # speed -> (retrieval requests key, GB retrieved key)
    speed: (_class_key(GLACIER, f"monthly_{speed}_data_retrieval_requests", "requests",
                       f"{speed} retrieval requests per month"),
            _class_key(GLACIER, f"monthly_{speed}_data_retrieval_gb", "GB", f"data retrieved ({speed}) per month"))
    for speed in ("standard", "expedited")}
DEEP_ARCHIVE_RETRIEVAL_GB = {
    speed: _class_key(DEEP_ARCHIVE, f"monthly_{speed}_data_retrieval_gb", "GB", f"data retrieved ({speed}) per month")
    for speed in ("standard", "bulk")}
EXPRESS_KEYS = _keys(EXPRESS, lifecycle=False, retrieval=True, select=False)
EXPRESS_UPLOAD_GB = _class_key(EXPRESS, "monthly_data_upload_gb", "GB",
                               "data uploaded per month, the part of each request over 512 KB")
MONTHLY_MONITORED_OBJECTS = UsageKey("monthly_monitored_objects", "objects",
                                     "objects monitored by storage class analysis per month")
MONTHLY_LISTED_OBJECTS = UsageKey("monthly_listed_objects", "objects", "objects listed by S3 Inventory per month")

_BUCKET_KEYS = (*(key for keys in KEYS.values() for key in keys.all()), *(key for _, key, _ in IT_STORAGE),
                MONITORED_OBJECTS, MONTHLY_OUTBOUND_INTERNET_GB,
                *(key for pair in GLACIER_RETRIEVALS.values() for key in pair), *DEEP_ARCHIVE_RETRIEVAL_GB.values())
USAGE = {BUCKET: _BUCKET_KEYS, BUCKET_V2: _BUCKET_KEYS,
         DIRECTORY_BUCKET: (*EXPRESS_KEYS.all(), EXPRESS_UPLOAD_GB),
         ANALYTICS: (MONTHLY_MONITORED_OBJECTS,), INVENTORY: (MONTHLY_LISTED_OBJECTS,)}

NO_DEEP_ARCHIVE_PRICE = "no price for S3 Glacier Deep Archive storage in the price snapshot"
SINGLE_AZ = "SingleAvailabilityZone"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    classes = _configured_classes(inventory)
    return each_type(resources, {
        BUCKET: (lambda row: _bucket(row, classes), "S3 bucket"),
        BUCKET_V2: (lambda row: _bucket(row, classes), "S3 bucket"),
        DIRECTORY_BUCKET: (_directory_bucket, "S3 directory bucket"),
        ANALYTICS: (_analytics, "S3 analytics configuration"),
        INVENTORY: (lambda row: [INVENTORY_OBJECTS.usage_line(row.urn, MONTHLY_LISTED_OBJECTS, factor=1e-6)],
                    "S3 inventory"),
    })


def _configured_classes(inventory: pd.DataFrame) -> dict[str, set[StorageClass]]:
    """Bucket URN -> the storage classes its lifecycle and Intelligent-Tiering configurations (resources
    of their own) put objects in."""
    index = Index.of(inventory, BUCKET, BUCKET_V2)
    found: dict[str, set[StorageClass]] = {}
    configurations = Index.of(inventory, *LIFECYCLE_CONFIGURATIONS, TIERING_CONFIGURATION)
    for configuration in configurations.by_urn.values():
        bucket = _bucket_of(configuration, index)
        if bucket is None:
            continue
        if configuration.type == TIERING_CONFIGURATION:
            found.setdefault(bucket.urn, set()).add(INTELLIGENT_TIERING)
        else:
            found.setdefault(bucket.urn, set()).update(_transitions(configuration.inputs.get("rules")))
    return found


def _bucket_of(resource: Any, index: Index) -> Any | None:
    value = resource.inputs.get("bucket")
    return index.referenced(resource, "bucket", BUCKET, value) or index.referenced(resource, "bucket", BUCKET_V2, value)


def _transitions(rules: Any) -> set[StorageClass]:
    """The classes enabled lifecycle rules transition current or noncurrent versions to. A value unknown
    until apply is skipped: it decides which usage lines a bucket shows, not a price."""
    found = set()
    for rule in rules if isinstance(rules, list) else ():
        if not isinstance(rule, dict) or rule.get("enabled") is False or rule.get("status") == "Disabled":
            continue
        for key in ("transitions", "noncurrentVersionTransitions"):
            transitions = rule.get(key)
            for transition in transitions if isinstance(transitions, list) else ():
                if isinstance(transition, dict) and transition.get("storageClass") in BY_LIFECYCLE_NAME:
                    found.add(BY_LIFECYCLE_NAME[transition["storageClass"]])
    return found


def _bucket(resource: Any, configured: dict[str, set[StorageClass]]) -> list[dict[str, Any]]:
    classes = {STANDARD} | configured.get(resource.urn, set()) | _transitions(resource.inputs.get("lifecycleRules"))
    rows: list[dict[str, Any]] = []
    for storage_class in CLASSES:
        if storage_class in classes:
            rows += _class_lines(resource.urn, storage_class)
    return rows + data_transfer_out_lines(resource.urn)


def _class_lines(urn: str, storage_class: StorageClass) -> list[dict[str, Any]]:
    keys, variant, label = KEYS[storage_class], storage_class.variant, storage_class.label
    rows: list[dict[str, Any]] = []
    if storage_class is STANDARD:
        rows += STANDARD_STORAGE.usage_lines(urn, keys.storage_gb, "Standard storage")
    elif storage_class is INTELLIGENT_TIERING:
        rows += _intelligent_tiering_storage(urn)
    elif storage_class is DEEP_ARCHIVE:
        rows.append(unpriced_line(urn, "Glacier Deep Archive storage", NO_DEEP_ARCHIVE_PRICE))
    else:
        rows.append(STORAGE.usage_line(urn, keys.storage_gb, f"{label} storage", storage_class=variant))
    if keys.tier1 is not None:
        rows.append(TIER1_REQUESTS.usage_line(urn, keys.tier1, f"{label} PUT, COPY, POST, LIST requests", factor=1e-3,
                                              storage_class=variant))
    rows.append(TIER2_REQUESTS.usage_line(urn, keys.tier2, f"{label} GET, SELECT and all other requests",
                                          factor=1e-3, storage_class=variant))
    if keys.lifecycle is not None:
        rows.append(LIFECYCLE_TRANSITIONS.usage_line(urn, keys.lifecycle, f"lifecycle transitions into {label}",
                                                     factor=1e-3, storage_class=variant))
    if storage_class is INTELLIGENT_TIERING:
        rows.append(MONITORING.usage_line(urn, MONITORED_OBJECTS, factor=1e-3))
    if keys.retrieval_gb is not None:
        rows.append(RETRIEVAL.usage_line(urn, keys.retrieval_gb, f"{label} data retrieved", storage_class=variant))
    if storage_class is GLACIER:
        for speed, (requests, gigabytes) in GLACIER_RETRIEVALS.items():
            rows.append(GLACIER_RETRIEVAL_REQUESTS.usage_line(urn, requests, f"{label} retrieval requests ({speed})",
                                                              factor=1e-3, storage_class=variant, speed=speed))
            rows.append(GLACIER_RETRIEVAL.usage_line(urn, gigabytes, f"{label} data retrieved ({speed})",
                                                     storage_class=variant, speed=speed))
    if storage_class is DEEP_ARCHIVE:
        for speed, gigabytes in DEEP_ARCHIVE_RETRIEVAL_GB.items():
            rows.append(GLACIER_RETRIEVAL.usage_line(urn, gigabytes, f"{label} data retrieved ({speed})",
                                                     storage_class=variant, speed=speed))
    if keys.select_scanned_gb is not None:
        rows.append(SELECT_SCANNED.usage_line(urn, keys.select_scanned_gb, f"{label} data scanned by S3 Select",
                                              storage_class=variant))
        rows.append(SELECT_RETURNED.usage_line(urn, keys.select_returned_gb, f"{label} data returned by S3 Select",
                                               storage_class=variant))
    return rows


def _intelligent_tiering_storage(urn: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for tier, key, variant in IT_STORAGE:
        if variant is None:
            rows += FREQUENT_ACCESS_STORAGE.usage_lines(urn, key, f"Intelligent-Tiering {tier} storage")
        else:
            rows.append(STORAGE.usage_line(urn, key, f"Intelligent-Tiering {tier} storage", storage_class=variant))
    return rows


def _directory_bucket(resource: Any) -> list[dict[str, Any]]:
    location = known_value(resource.inputs.get("location"), "bucket location") or {}
    location_type = text(location, "type", "location type", "AvailabilityZone")
    redundancy = text(resource.inputs, "dataRedundancy", "data redundancy", SINGLE_AZ)
    if location_type != "AvailabilityZone" or redundancy != SINGLE_AZ:
        raise Unpriceable(f"directory buckets in a {location_type} ({redundancy}) are not priced "
                          f"(priced: S3 Express One Zone in an Availability Zone)")
    urn, keys, variant = resource.urn, EXPRESS_KEYS, EXPRESS.variant
    return [STORAGE.usage_line(urn, keys.storage_gb, "Express One Zone storage", storage_class=variant),
            TIER1_REQUESTS.usage_line(urn, keys.tier1, "PUT, COPY, POST, LIST requests", factor=1e-3,
                                      storage_class=variant),
            TIER2_REQUESTS.usage_line(urn, keys.tier2, "GET and all other requests", factor=1e-3,
                                      storage_class=variant),
            EXPRESS_UPLOAD.usage_line(urn, EXPRESS_UPLOAD_GB),
            RETRIEVAL.usage_line(urn, keys.retrieval_gb, "data retrieved (the part of each request over 512 KB)",
                                 storage_class=variant)]


def _analytics(resource: Any) -> list[dict[str, Any]]:
    if known_value(resource.inputs.get("storageClassAnalysis"), "storage class analysis") is None:
        return []  # a filter alone: no analysis, no charge
    return [ANALYTICS_OBJECTS.usage_line(resource.urn, MONTHLY_MONITORED_OBJECTS, factor=1e-6)]
