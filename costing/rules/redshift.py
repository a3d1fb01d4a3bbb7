"""Amazon Redshift provisioned clusters and Redshift Serverless (https://aws.amazon.com/redshift/pricing/).

- Cluster: `numberOfNodes` nodes (1 when unset, the API's default) of `nodeType` by the hour, twice as
  many with `multiAz` (a Multi-AZ deployment runs its compute in two Availability Zones). An RA3
  cluster's managed storage (`managed_storage_gb`, per GB-month) is a usage line; the shared price data
  has no managed storage price, so the line is declared, a gap (the cluster partly priced).
- Serverless workgroup: RPU-hours, `baseCapacity` RPUs (128 when unset, the API's default) for the
  hours a month it runs queries (`monthly_compute_hours`: Redshift Serverless bills only while it works).
- Serverless namespace: its managed storage (`managed_storage_gb`), as for RA3 clusters.

Concurrency scaling, Spectrum, backup storage beyond the free allowance and reserved nodes are not
priced.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, flag, number, text
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

CLUSTER = "aws:redshift/cluster:Cluster"
WORKGROUP = "aws:redshiftserverless/workgroup:Workgroup"
NAMESPACE = "aws:redshiftserverless/namespace:Namespace"
TYPES = (CLUSTER, WORKGROUP, NAMESPACE)

NODE_HOURS = Price(
    "redshift", "{node_type}", "hour", "{node_type} nodes",
    sources=[Page("redshift.json", re.compile(r"\[OnDemand Compute Instance Current Generation\] .*"),
                  detail=re.compile(r"Instance Type: (?P<node_type>[a-z0-9]+\.[a-z0-9]+)"))],
    refresh=[OfferFilter("AmazonRedshift", families="Compute Instance", fill={"node_type": "instanceType"})])
MANAGED_STORAGE = Price(
    "redshift", "managed-storage", "GB-month", "managed storage",
    missing="the shared price data (aws-pricing-pages/redshift.json) has no Redshift managed storage price",
    refresh=[OfferFilter("AmazonRedshift", families="Redshift Managed Storage")])
RPU_HOURS = Price("redshift", "serverless-rpu", "RPU-hour", "Serverless compute",
                  sources=[Page("redshift.json", "Redshift Serverless compute charges per RPU-Hr")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"redshift": "Redshift"}
PRICES = (NODE_HOURS, MANAGED_STORAGE, RPU_HOURS)

MANAGED_STORAGE_GB = UsageKey("managed_storage_gb", "GB", "managed storage (the month's average)")
MONTHLY_COMPUTE_HOURS = UsageKey("monthly_compute_hours", "hours", "hours a month the workgroup runs queries")
USAGE = {CLUSTER: (MANAGED_STORAGE_GB,), WORKGROUP: (MONTHLY_COMPUTE_HOURS,), NAMESPACE: (MANAGED_STORAGE_GB,)}

DEFAULT_BASE_RPUS = 128.0
HOURS_PER_MONTH = 730


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        CLUSTER: (_cluster, "Redshift cluster"),
        WORKGROUP: (_workgroup, "Redshift Serverless workgroup"),
        NAMESPACE: (lambda row: [MANAGED_STORAGE.usage_line(row.urn, MANAGED_STORAGE_GB)],
                    "Redshift Serverless namespace"),
    })


def _cluster(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    node_type = text(inputs, "nodeType", "node type")
    if not node_type:
        raise Unpriceable("node type not set")
    nodes = number(inputs, "numberOfNodes", "number of nodes", 1.0)
    zones = 2 if flag(inputs, "multiAz", "Multi-AZ") else 1
    description = f"{node_type} nodes ({nodes:g} x 2 Availability Zones)" if zones == 2 else None
    rows = [NODE_HOURS.line(urn, nodes * zones, description, node_type=node_type)]
    if node_type.startswith("ra3."):
        rows.append(MANAGED_STORAGE.usage_line(urn, MANAGED_STORAGE_GB))
    return rows


def _workgroup(resource: Any) -> list[dict[str, Any]]:
    base = number(resource.inputs, "baseCapacity", "base capacity", DEFAULT_BASE_RPUS)
    # RPUs for the hours it runs, as an average over the month's 730 hours
    return [RPU_HOURS.usage_line(resource.urn, MONTHLY_COMPUTE_HOURS, f"Serverless compute ({base:g} RPUs while "
                                                                      f"it runs queries)",
                                 factor=base / HOURS_PER_MONTH)]
