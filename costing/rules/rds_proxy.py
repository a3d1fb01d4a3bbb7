"""RDS Proxy: billed per vCPU-hour of the database instances it serves, or per ACU-hour of an Aurora
Serverless v2 database (https://aws.amazon.com/rds/proxy/pricing/), with a minimum charge of 2 vCPUs,
or 8 ACUs for Serverless v2.

A proxy names no database itself: its targets are `aws:rds/proxyTarget` resources (`dbProxyName`, and
`dbInstanceIdentifier` or `dbClusterIdentifier`), followed to the RDS instance, the Aurora cluster and
its instances, or the Multi-AZ DB cluster (three instances of `dbClusterInstanceClass`) in the stack. A
proxy whose target is not in the stack is unpriced, with the reason.

vCPUs of a DB instance class come from its size, as AWS sizes them: large 2, xlarge 4, Nxlarge 4 x N;
smaller sizes (micro, small, medium: burstable classes of 2 vCPUs) count the 2-vCPU minimum. A
Serverless v2 target counts its cluster's minimum capacity (`serverlessv2ScalingConfiguration
.minCapacity`) per db.serverless instance: more while it scales up, which is not estimated.

No refresh filter: the Price List's attributes of RDS Proxy rows could not be checked offline.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules import aurora, rds
from costing.rules.common import Unpriceable, each_resource, records, text
from costing.rules.declare import Page, Price
from costing.rules.databases import Named

PROXY = "aws:rds/proxy:Proxy"
PROXY_TARGET = "aws:rds/proxyTarget:ProxyTarget"
TYPES = (PROXY,)

_TARGETS = {"": "rds", " Aurora MySQL Hrs": "aurora-mysql", " Aurora PostgreSQL Hrs": "aurora-postgresql"}
VCPU_HOURS = Price("rds-proxy", "vcpu", "vCPU-hour", "vCPUs of its target's instances", variant="{target}",
                   sources=[Page("rds-proxy.json", re.compile(f"RDSProxy(?P<target>{'|'.join(_TARGETS)})"),
                                 values={"target": _TARGETS})])
ACU_HOURS = Price("rds-proxy", "acu", "ACU-hour", "ACUs of its Serverless v2 target", variant="{target}",
                  sources=[Page("rds-proxy.json", re.compile(r"RDSProxy Aurora (?P<target>MySQL|PostgreSQL) ACU-Hr"),
                                values={"target": {"MySQL": "aurora-mysql", "PostgreSQL": "aurora-postgresql"}})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"rds-proxy": "RDS"}
PRICES = (VCPU_HOURS, ACU_HOURS)

MINIMUM_VCPUS = 2.0
MINIMUM_ACUS = 8.0
MULTI_AZ_CLUSTER_INSTANCES = 3  # a writer and two readable standbys
_SIZE = re.compile(r"^db\.[a-z0-9-]+\.(?P<times>\d*)(?P<size>xlarge|large|medium|small|micro|nano)$")


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    databases = _Databases(inventory)
    return each_resource(resources, databases.proxy_lines, "RDS Proxy")


def vcpus(instance_class: str) -> float:
    """The vCPUs RDS Proxy bills for an instance of `instance_class` (at least its minimum of 2)."""
    found = _SIZE.match(instance_class)
    if found is None:
        raise Unpriceable(f"vCPUs of instance class {instance_class} unknown")
    if found["size"] == "xlarge":
        return 4.0 * int(found["times"] or 1)
    return MINIMUM_VCPUS


class _Databases:
    """The stack's proxy targets (by the URN of their proxy) and the databases they name (an Aurora cluster's
    instances by the cluster's URN)."""

    def __init__(self, inventory: pd.DataFrame):
        self.proxies = Named(inventory, PROXY, "name")
        self.targets = self.proxies.referrers(records(inventory[inventory["type"] == PROXY_TARGET]), "dbProxyName")
        self.instances = Named(inventory, rds.INSTANCE, "identifier")
        self.clusters = Named(inventory, aurora.CLUSTER, "clusterIdentifier")
        self.members = self.clusters.referrers(records(inventory[inventory["type"] == aurora.CLUSTER_INSTANCE]),
                                               "clusterIdentifier")

    def proxy_lines(self, proxy: Any) -> list[dict[str, Any]]:
        targets = self.targets.get(proxy.urn, [])
        if not targets:
            raise Unpriceable("no proxy target (aws:rds/proxyTarget) for it in the stack: the database it serves, "
                              "whose vCPUs it is billed by, is unknown")
        vcpu: dict[str, float] = {}
        acu: dict[str, float] = {}
        for target in targets:
            for kind, engine, amount in self._capacity(target):
                counts = vcpu if kind == "vcpu" else acu
                counts[engine] = counts.get(engine, 0.0) + amount
        rows = []
        for engine, amount in vcpu.items():
            charged = max(MINIMUM_VCPUS, amount)
            rows.append(VCPU_HOURS.line(proxy.urn, charged, f"{charged:g} vCPUs of its target's instances",
                                        target=engine))
        for engine, amount in acu.items():
            charged = max(MINIMUM_ACUS, amount)
            rows.append(ACU_HOURS.line(proxy.urn, charged, f"{charged:g} ACUs of its Serverless v2 target (minimum 8)",
                                       target=engine))
        return rows

    def _capacity(self, target: Any) -> list[tuple[str, str, float]]:
        """(vcpu or acu, the price's target engine, amount) of the database a proxy target names."""
        if target.inputs.get("dbInstanceIdentifier"):
            instance = self.instances.referenced(target, "dbInstanceIdentifier")
            if instance is None:
                raise Unpriceable("its target DB instance is not in the stack: its vCPUs are unknown")
            return [("vcpu", "rds", vcpus(text(instance.inputs, "instanceClass", "target's instance class")))]
        cluster = self.clusters.referenced(target, "dbClusterIdentifier")
        if cluster is None:
            raise Unpriceable("its target DB cluster is not in the stack: its instances' vCPUs are unknown")
        if text(cluster.inputs, "engine", "target's engine") in aurora.MULTI_AZ_CLUSTER_ENGINES:
            instance_class = text(cluster.inputs, "dbClusterInstanceClass", "target's instance class")
            return [("vcpu", "rds", MULTI_AZ_CLUSTER_INSTANCES * vcpus(instance_class))]
        engine = aurora.aurora_engine(cluster.inputs)
        members = self.members.get(cluster.urn, [])
        if not members:
            raise Unpriceable("its target Aurora cluster has no instances in the stack: their vCPUs are unknown")
        capacity = []
        for member in members:
            instance_class = text(member.inputs, "instanceClass", "target's instance class")
            if instance_class == aurora.SERVERLESS:
                capacity.append(("acu", engine, aurora.serverless_range(cluster.inputs)[0]))
            else:
                capacity.append(("vcpu", engine, vcpus(instance_class)))
        return capacity
