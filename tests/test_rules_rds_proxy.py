"""RDS Proxy: the capacity of the databases its targets name (vCPUs by instance size, ACUs of Serverless v2,
three instances of a Multi-AZ DB cluster), AWS's minimums (2 vCPUs, 8 ACUs) and why a proxy is unpriced."""

from __future__ import annotations

import pandas as pd
import pytest

from costing.rules import aurora, rds, rds_proxy
from costing.rules.common import Unpriceable
from costing.schema import UNKNOWN
from tests.pricing_helpers import frame, resource

PROXY, TARGET = rds_proxy.PROXY, rds_proxy.PROXY_TARGET


def proxy(name: str = "proxy") -> dict:
    return resource(PROXY, name, {"name": name, "engineFamily": "MYSQL"})


def target(name: str, proxy_name: str = "proxy", **database: str) -> dict:
    return resource(TARGET, name, {"dbProxyName": proxy_name, "targetGroupName": "default", **database})


def proxy_lines(*rows: dict) -> pd.DataFrame:
    inventory = frame(*rows)
    lines = rds_proxy.lines(inventory[inventory["type"] == PROXY], inventory)
    return lines[lines["urn"] == proxy()["urn"]]


@pytest.mark.parametrize("instance_class, vcpus", [
    ("db.t3.micro", 2), ("db.t4g.medium", 2), ("db.r6g.large", 2), ("db.r6g.xlarge", 4), ("db.m5.2xlarge", 8),
    ("db.r6g.16xlarge", 64), ("db.x2iedn.24xlarge", 96)])
def test_vcpus_follow_the_instance_size_with_the_2_vcpu_minimum(instance_class, vcpus):
    assert rds_proxy.vcpus(instance_class) == vcpus


def test_an_instance_size_without_a_known_vcpu_count_is_unpriceable():
    with pytest.raises(Unpriceable, match="^vCPUs of instance class db.m6g.metal unknown$"):
        rds_proxy.vcpus("db.m6g.metal")


def test_targets_add_up_by_engine_and_find_their_databases_by_reference_or_name():
    db = resource(rds.INSTANCE, "db", {"engine": "mysql", "instanceClass": "db.m5.2xlarge", "identifier": "db"})
    maz = resource(aurora.CLUSTER, "maz", {"engine": "postgres", "dbClusterInstanceClass": "db.m6gd.xlarge",
                                           "clusterIdentifier": "maz"})
    by_reference = resource(TARGET, "t1", {"dbProxyName": UNKNOWN, "dbInstanceIdentifier": UNKNOWN},
                            refs={"dbProxyName": [proxy()["urn"]], "dbInstanceIdentifier": [db["urn"]]})
    lines = proxy_lines(proxy(), db, maz, by_reference, target("t2", dbClusterIdentifier="maz"))
    # 8 vCPUs of the db.m5.2xlarge + 3 x 4 of the Multi-AZ DB cluster's db.m6gd.xlarge instances
    assert list(zip(lines["item"], lines["variant"], lines["quantity"])) == [("vcpu", "rds", 20.0)]


def test_an_aurora_target_counts_every_instance_of_its_cluster_and_serverless_ones_in_acus():
    orders = resource(aurora.CLUSTER, "orders", {"engine": "aurora-mysql", "clusterIdentifier": "orders",
                                                 "serverlessv2ScalingConfiguration": {"minCapacity": 6}})
    members = [resource(aurora.CLUSTER_INSTANCE, f"orders-{n}", {"engine": "aurora-mysql", "instanceClass": size,
                                                                  "clusterIdentifier": "orders"})
               for n, size in enumerate(["db.r6g.xlarge", "db.serverless", "db.serverless"])]
    lines = proxy_lines(proxy(), orders, *members, target("t", dbClusterIdentifier="orders"))
    assert list(zip(lines["item"], lines["variant"], lines["quantity"], lines["description"])) == [
        ("vcpu", "aurora-mysql", 4.0, "4 vCPUs of its target's instances"),
        ("acu", "aurora-mysql", 12.0, "12 ACUs of its Serverless v2 target (minimum 8)")]  # 2 x 6 ACUs


@pytest.mark.parametrize("rows, message", [
    ((), "no proxy target (aws:rds/proxyTarget) for it in the stack: the database it serves, whose vCPUs it is "
         "billed by, is unknown"),
    ((target("t", proxy_name="another", dbInstanceIdentifier="db"),),
     "no proxy target (aws:rds/proxyTarget) for it in the stack: the database it serves, whose vCPUs it is billed "
     "by, is unknown"),
    ((target("t", dbInstanceIdentifier="db"),), "its target DB instance is not in the stack: its vCPUs are unknown"),
    ((target("t", dbClusterIdentifier="orders"),),
     "its target DB cluster is not in the stack: its instances' vCPUs are unknown"),
    ((resource(aurora.CLUSTER, "orders", {"engine": "aurora-postgresql", "clusterIdentifier": "orders"}),
      target("t", dbClusterIdentifier="orders")),
     "its target Aurora cluster has no instances in the stack: their vCPUs are unknown"),
    ((resource(rds.INSTANCE, "db", {"engine": "mysql", "instanceClass": UNKNOWN, "identifier": "db"}),
      target("t", dbInstanceIdentifier="db")), "target's instance class unknown until apply"),
])
def test_reasons_a_proxy_is_unpriced(rows, message):
    lines = proxy_lines(proxy(), *rows)
    assert list(lines["reason"]) == [message]
