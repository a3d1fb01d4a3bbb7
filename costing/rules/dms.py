"""AWS Database Migration Service replication instances (https://aws.amazon.com/dms/pricing/): hours by
class, at the Multi-AZ rate with `multiAz` (a standby in a second Availability Zone, about twice the
Single-AZ rate), and gp2 storage above what each instance includes: 50 GB for the burstable t2 and t3
classes, 100 GB for the others (AWS's page). Without `allocatedStorage` an instance gets its class's
default allocation (DescribeOrderableReplicationInstances' DefaultAllocatedStorage), taken as within
what the class includes: no storage line. DMS Serverless and T3 CPU credits are not priced.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_resource, flag, number, text
from costing.rules.declare import OfferFilter, Page, Price

REPLICATION_INSTANCE = "aws:dms/replicationInstance:ReplicationInstance"
TYPES = (REPLICATION_INSTANCE,)

_PAGE = "databasemigrationsvc.json"
_DEPLOYMENTS = {"Single AZ": "single-az", "Multiple AZ": "multi-az"}
_AWS_DEPLOYMENTS = {"Single": "single-az", "Multiple": "multi-az"}

INSTANCE_HOURS = Price(
    "dms", "dms.{instance}", "hour", "dms.{instance} replication instance ({deployment})", variant="{deployment}",
    sources=[Page(_PAGE, re.compile(r"\[DMS Replication Server (?P<deployment>Single AZ|Multiple AZ)\].*"),
                  detail=re.compile(r"Instance Type: (?P<instance>[a-z0-9]+\.[a-z0-9]+)$"),
                  values={"deployment": _DEPLOYMENTS})],
    refresh=[OfferFilter("AWSDatabaseMigrationSvc", fill={"instance": "instanceType", "deployment": "availabilityZone"},
                         values={"deployment": _AWS_DEPLOYMENTS})])
STORAGE = Price(
    "dms", "storage", "GB-month", "gp2 storage above the included ({deployment})", variant="{deployment}",
    sources=[Page(_PAGE, re.compile(r"DMS Storage Replication Storage (?P<deployment>Single AZ|Multiple AZ)"),
                  values={"deployment": _DEPLOYMENTS})],
    refresh=[OfferFilter("AWSDatabaseMigrationSvc", attributes={"storageMedia": "SSD"},
                         fill={"deployment": "availabilityZone"}, values={"deployment": _AWS_DEPLOYMENTS})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"dms": "DMS"}
PRICES = (INSTANCE_HOURS, STORAGE)

INCLUDED_GB_BURSTABLE, INCLUDED_GB = 50.0, 100.0
_CLASS = re.compile(r"^dms\.(?P<instance>(?P<family>[a-z0-9]+)\.[a-z0-9]+)$")


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_resource(resources, _replication_instance, "DMS replication instance")


def _replication_instance(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    instance_class = text(inputs, "replicationInstanceClass", "replication instance class")
    found = _CLASS.match(instance_class)
    if found is None:
        raise Unpriceable(f"replication instance class {instance_class or 'not set'}: expected dms.<type>.<size>")
    deployment = "multi-az" if flag(inputs, "multiAz", "Multi-AZ") else "single-az"
    rows = [INSTANCE_HOURS.line(urn, 1.0, instance=found["instance"], deployment=deployment)]
    included = INCLUDED_GB_BURSTABLE if found["family"].startswith("t") else INCLUDED_GB
    allocated = number(inputs, "allocatedStorage", "allocated storage", included)
    if allocated > included:
        rows.append(STORAGE.line(urn, allocated - included, f"gp2 storage above the included {included:g} GB",
                                 deployment=deployment))
    return rows
