"""Which rows of an AWS offer file the pricing rules need, and the catalog key each becomes.

A row of a Bulk API CSV offer file is one price dimension of one product under one term; its
product attributes are repeated on every row, so each row is classified on its own, without
joining (that is what lets the parser stream). `match(offer, row)` returns the catalog key of a row
the rules use (service, item, variant, unit, conversion factor) or None. The names are the
embedded snapshot's (costing/catalog.py): EC2 `linux-ondemand-shared`, RDS `engine|license|deployment`,
EBS `gp3`/`gp3-iops`/..., ELB `alb`/`alb-lcu`/..., and so on.

Usage types carry a region prefix ("EUW2-NatGateway-Hours", "sa-east-1-KMS-Keys"; none in
us-east-1 for some), so they are matched by their suffix after a dash (`usage_suffix`). Rows of
Local Zones, Wavelength Zones and Outposts (Location Type other than "AWS Region") are left out.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Container, Optional

# The CSV columns the mapping reads: field name -> the header name, compared without case, spaces
# or punctuation ("usageType" == "Usage Type"). Columns not in a file read as "".
COLUMNS = {
    "sku": "SKU", "term_code": "OfferTermCode", "term_type": "TermType", "unit": "Unit",
    "price": "PricePerUnit", "currency": "Currency", "ending_range": "EndingRange",
    "lease": "LeaseContractLength", "purchase_option": "PurchaseOption", "offering_class": "OfferingClass",
    "product_family": "Product Family", "location_type": "Location Type", "region_code": "Region Code",
    "instance_type": "Instance Type", "operating_system": "Operating System", "tenancy": "Tenancy",
    "pre_installed_sw": "Pre Installed S/W", "capacity_status": "CapacityStatus", "license_model": "License Model",
    "market_option": "MarketOption", "usage_type": "usageType", "volume_type": "Volume Type",
    "database_engine": "Database Engine", "database_edition": "Database Edition",
    "deployment_option": "Deployment Option",
}
REQUIRED = ("sku", "term_type", "unit", "price", "currency", "product_family", "usage_type")
Row = namedtuple("Row", list(COLUMNS))

# A first cut on one column, before a row is looked at closely: the values a row the rules use can have
# there. Most AmazonEC2 rows are other operating systems' (Windows, RHEL, SUSE, ...), dropped cheaply.
SCREENS = {"AmazonEC2": ("operating_system", frozenset({"", "Linux"}))}


@dataclass(frozen=True)
class Match:
    """The catalog key a row prices, and the factor from AWS's unit to the catalog's."""

    service: str
    item: str
    variant: str
    unit: str
    factor: Decimal = Decimal(1)
    reservable: bool = False  # EC2 instances and RDS instances: their Reserved terms are kept too


HOUR = "hour"
EC2_VARIANT = "linux-ondemand-shared"
INSTANCE_FAMILIES = frozenset({"Compute Instance", "Compute Instance (bare metal)"})
LINUX_SHARED = ("Linux", "Shared", "NA", "Used", "No License required")
REGION_LOCATION = ("", "AWS Region")

# AWS unit -> factor to the catalog's unit, where they differ (gp3 throughput is sold per MiB/s but
# listed per GiB/s: 40.96 per GiBps-mo is 0.04 per MiBps-month).
UNIT_FACTORS = {"gibps-mo": Decimal(1) / Decimal(1024)}


def _usage(service: str, unit: str, items: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    return {usage: (service, item, unit) for usage, item in items.items()}


EC2_USAGE = {
    **_usage("ebs", "GB-month", {
        "EBS:VolumeUsage.gp2": "gp2", "EBS:VolumeUsage.gp3": "gp3", "EBS:VolumeUsage.piops": "io1",
        "EBS:VolumeUsage.io2": "io2", "EBS:VolumeUsage.st1": "st1", "EBS:VolumeUsage.sc1": "sc1",
        "EBS:VolumeUsage": "standard", "EBS:SnapshotUsage": "snapshot"}),
    **_usage("ebs", "IOPS-month", {
        "EBS:VolumeP-IOPS.gp3": "gp3-iops", "EBS:VolumeP-IOPS.piops": "io1-iops",
        "EBS:VolumeP-IOPS.io2": "io2-iops-tier1", "EBS:VolumeP-IOPS.io2.tier2": "io2-iops-tier2",
        "EBS:VolumeP-IOPS.io2.tier3": "io2-iops-tier3"}),
    **_usage("ebs", "MiBps-month", {"EBS:VolumeP-Throughput.gp3": "gp3-throughput"}),
    **_usage("nat", HOUR, {"NatGateway-Hours": "nat-gateway"}),
    **_usage("nat", "GB", {"NatGateway-Bytes": "nat-gateway-data"}),
}
VPC_USAGE = {
    **_usage("vpc", HOUR, {"PublicIPv4:InUseAddress": "public-ipv4-in-use",
                           "PublicIPv4:IdleAddress": "public-ipv4-idle",
                           "VPN-Usage-Hours:ipsec.1": "site-to-site-vpn-connection",
                           "VpcEndpoint-Hours": "interface-endpoint"}),
    **_usage("vpc", "GB", {"VpcEndpoint-Bytes": "interface-endpoint-data"}),
}
CLOUDWATCH_USAGE = {
    **_usage("cloudwatch", "alarm-month", {"CW:AlarmMonitorUsage": "alarm-standard",
                                           "CW:HighResAlarmMonitorUsage": "alarm-high-resolution",
                                           "CW:CompositeAlarmMonitorUsage": "alarm-composite"}),
    **_usage("cloudwatch", "GB", {"DataProcessing-Bytes": "logs-ingestion"}),
    **_usage("cloudwatch", "GB-month", {"TimedStorage-ByteHrs": "logs-storage"}),
}
SECRETS_USAGE = _usage("secretsmanager", "secret-month", {"AWSSecretsManager-Secrets": "secret"})
KMS_USAGE = _usage("kms", "key-month", {"KMS-Keys": "key"})

# ELB product family -> (hourly item, capacity item, capacity unit); classic load balancers bill data instead.
LOAD_BALANCERS = {
    "Load Balancer-Application": ("alb", "alb-lcu", "LCU-hour"),
    "Load Balancer-Network": ("nlb", "nlb-nlcu", "NLCU-hour"),
    "Load Balancer-Gateway": ("gwlb", "gwlb-glcu", "GLCU-hour"),
    "Load Balancer": ("clb", "", ""),
}

# Data transfer out to the internet: the tier a price dimension ends at (GB) -> the catalog's variant.
DATA_TRANSFER_TIERS = {"10240": "0-10TB", "51200": "10-50TB", "153600": "50-150TB", "Inf": "150TB+"}

RDS_ENGINES = {  # (Database Engine, Database Edition) -> engine; editions matter for Oracle and SQL Server
    ("MySQL", ""): "mysql", ("PostgreSQL", ""): "postgres", ("MariaDB", ""): "mariadb",
    ("Oracle", "Standard Two"): "oracle-se2", ("Oracle", "Enterprise"): "oracle-ee",
    ("Oracle", "Standard"): "oracle-se", ("Oracle", "Standard One"): "oracle-se1",
    ("SQL Server", "Express"): "sqlserver-ex", ("SQL Server", "Web"): "sqlserver-web",
    ("SQL Server", "Standard"): "sqlserver-se", ("SQL Server", "Enterprise"): "sqlserver-ee",
}
RDS_LICENSES = {"No license required": "none", "License included": "license-included",
                "Bring your own license": "byol"}
RDS_DEPLOYMENTS = {"Single-AZ": "single-az", "Multi-AZ": "multi-az",
                   "Multi-AZ (readable standbys)": "multi-az-2-standbys",
                   "Multi-AZ (SQL Server Mirror)": "multi-az-sqlserver-mirror"}
RDS_VOLUMES = {"General Purpose": "gp2", "General Purpose-GP3": "gp3", "Provisioned IOPS": "io1",
               "Provisioned IOPS-IO2": "io2", "Magnetic": "magnetic"}


def usage_suffix(usage_type: str, table: Container[str]) -> Optional[str]:
    """The longest name in `table` that `usage_type` is, or ends with after a dash (its region prefix)."""
    if usage_type in table:
        return usage_type
    start = usage_type.find("-")
    while start != -1:
        candidate = usage_type[start + 1:]
        if candidate in table:
            return candidate
        start = usage_type.find("-", start + 1)
    return None


def _by_usage(row: Row, table: dict[str, tuple[str, str, str]]) -> Optional[Match]:
    found = usage_suffix(row.usage_type, table)
    if found is None:
        return None
    service, item, unit = table[found]
    return Match(service, item, "", unit, UNIT_FACTORS.get(row.unit.lower(), Decimal(1)))


def ec2(row: Row) -> Optional[Match]:
    """Linux shared-tenancy instances (with their Reserved terms), EBS volumes and snapshots, NAT gateways."""
    if row.product_family in INSTANCE_FAMILIES:
        linux_shared = (row.operating_system, row.tenancy, row.pre_installed_sw, row.capacity_status,
                        row.license_model) == LINUX_SHARED
        if linux_shared and row.instance_type and row.market_option in ("", "OnDemand"):
            return Match("ec2", row.instance_type, EC2_VARIANT, HOUR, reservable=True)
        return None
    return _by_usage(row, EC2_USAGE)


def rds(row: Row) -> Optional[Match]:
    """Instances by engine, licence and deployment (with their Reserved terms); storage, IOPS, backup."""
    deployment = RDS_DEPLOYMENTS.get(row.deployment_option)
    family = row.product_family
    if family == "Database Instance":
        engine = RDS_ENGINES.get((row.database_engine, row.database_edition)) or RDS_ENGINES.get(
            (row.database_engine, ""))
        license_ = RDS_LICENSES.get(row.license_model)
        if engine and license_ and deployment and row.instance_type:
            return Match("rds", row.instance_type, f"{engine}|{license_}|{deployment}", HOUR, reservable=True)
        return None
    if row.database_engine.startswith("Aurora"):
        return None
    if family == "Database Storage" and deployment and row.volume_type in RDS_VOLUMES:
        return Match("rds-storage", RDS_VOLUMES[row.volume_type], deployment, "GB-month")
    if family == "Provisioned IOPS" and deployment and "IO2" not in row.usage_type.upper():
        item = "gp3-iops" if "GP3" in row.usage_type.upper() else "piops-iops"
        return Match("rds-storage", item, deployment, "IOPS-month")
    if family == "Provisioned Throughput" and deployment:
        return Match("rds-storage", "gp3-throughput", deployment, "MiBps-month",
                     UNIT_FACTORS.get(row.unit.lower(), Decimal(1)))
    if usage_suffix(row.usage_type, {"RDS:ChargedBackupUsage"}):
        return Match("rds-storage", "backup-storage", "any", "GB-month")
    return None


def elb(row: Row) -> Optional[Match]:
    """Load balancer hours, LCUs (NLCUs, GLCUs) and classic load balancer data."""
    kinds = LOAD_BALANCERS.get(row.product_family)
    if kinds is None:
        return None
    hourly, capacity, capacity_unit = kinds
    found = usage_suffix(row.usage_type, {"LoadBalancerUsage", "LCUUsage", "DataProcessing-Bytes"})
    if found == "LoadBalancerUsage":
        return Match("elb", hourly, "", HOUR)
    if found == "LCUUsage" and capacity:
        return Match("elb", capacity, "", capacity_unit)
    if found == "DataProcessing-Bytes" and hourly == "clb":
        return Match("elb", "clb-data", "", "GB")
    return None


def data_transfer(row: Row) -> Optional[Match]:
    """Data transfer out to the internet, one variant per volume tier."""
    tier = DATA_TRANSFER_TIERS.get(row.ending_range)
    if tier and usage_suffix(row.usage_type, {"DataTransfer-Out-Bytes"}):
        return Match("data-transfer", "out-to-internet", tier, "GB")
    return None


MAPPERS: dict[str, Callable[[Row], Optional[Match]]] = {
    "AmazonEC2": ec2,
    "AmazonRDS": rds,
    "AWSELB": elb,
    "AmazonVPC": lambda row: _by_usage(row, VPC_USAGE),
    "AWSDataTransfer": data_transfer,
    "AmazonCloudWatch": lambda row: _by_usage(row, CLOUDWATCH_USAGE),
    "AWSSecretsManager": lambda row: _by_usage(row, SECRETS_USAGE),
    "awskms": lambda row: _by_usage(row, KMS_USAGE),
}


def match(offer: str, row: Row) -> Optional[Match]:
    """The catalog key of a row of `offer`'s file that the rules use, or None (left out)."""
    if row.location_type not in REGION_LOCATION or row.currency not in ("", "USD"):
        return None
    return MAPPERS[offer](row)
