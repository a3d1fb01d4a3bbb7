"""Amazon MQ brokers (https://aws.amazon.com/amazon-mq/pricing/).

- Broker hours by engine, instance type (`hostInstanceType`) and deployment mode: SINGLE_INSTANCE (the
  API's default), ACTIVE_STANDBY_MULTI_AZ (ActiveMQ: two brokers) or CLUSTER_MULTI_AZ (RabbitMQ: a
  three-node cluster, priced per cluster hour as AWS lists it).
- Storage per GB-month (`storage_size_gb`, usage): ActiveMQ on EFS (`storageType` efs, its default; one
  shared copy for an active/standby pair) or EBS; RabbitMQ on EBS, once per node (three in a cluster).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, text
from costing.rules.declare import Page, Price, UsageKey

BROKER = "aws:mq/broker:Broker"
TYPES = (BROKER,)
FILE = "mq.json"

ACTIVEMQ_HOURS = Price(
    "mq", "mq.{size}", "hour", "mq.{size} broker (ActiveMQ, {deployment})", variant="activemq|{deployment}",
    sources=[Page(FILE, re.compile(r"(?P<deployment>Single Instance|Active Standby) mq (?P<size>[\w.]+)"),
                  values={"deployment": {"Single Instance": "single-instance", "Active Standby": "active-standby"}})])
RABBITMQ_HOURS = Price(
    "mq", "mq.{size}", "hour", "mq.{size} broker (RabbitMQ, {deployment})", variant="rabbitmq|{deployment}",
    sources=[Page(FILE, re.compile(r"\[RabbitMQ (?P<deployment>Single|Multi) AZ per Hrs\](?: RabbitMQ .*)?"),
                  detail=re.compile(r"Instance Type: (?P<size>[\w.]+)"),
                  values={"deployment": {"Single": "single-instance", "Multi": "cluster"}})])
BROKER_HOURS = {"activemq": ACTIVEMQ_HOURS, "rabbitmq": RABBITMQ_HOURS}
STORAGE = Price("mq", "storage", "GB-month", "broker storage ({storage})", variant="{storage}",
                sources=[Page(FILE, re.compile(r"(?P<storage>Broker Storage GB Mo|Broker Storage Single AZ GB-Mo)"),
                              values={"storage": {"Broker Storage GB Mo": "efs",
                                                  "Broker Storage Single AZ GB-Mo": "ebs"}})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"mq": "Amazon MQ"}
PRICES = (ACTIVEMQ_HOURS, RABBITMQ_HOURS, STORAGE)

STORAGE_SIZE_GB = UsageKey("storage_size_gb", "GB", "message storage per broker (the month's average)")
USAGE = {BROKER: (STORAGE_SIZE_GB,)}

# deployment mode -> (engine -> the catalog's deployment); a pair not listed is not one AWS offers
DEPLOYMENTS = {"SINGLE_INSTANCE": {"activemq": "single-instance", "rabbitmq": "single-instance"},
               "ACTIVE_STANDBY_MULTI_AZ": {"activemq": "active-standby"},
               "CLUSTER_MULTI_AZ": {"rabbitmq": "cluster"}}
RABBITMQ_CLUSTER_NODES = 3


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {BROKER: (_broker, "Amazon MQ broker")})


def _broker(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    engine = text(inputs, "engineType", "broker engine").lower()
    if engine not in ("activemq", "rabbitmq"):
        raise Unpriceable(f"broker engine {engine or 'not set'}: priced are ActiveMQ and RabbitMQ")
    mode = text(inputs, "deploymentMode", "deployment mode", "SINGLE_INSTANCE").upper()
    deployment = DEPLOYMENTS.get(mode, {}).get(engine)
    if deployment is None:
        raise Unpriceable(f"deployment mode {mode} is not one AWS offers for {engine}")
    instance_type = text(inputs, "hostInstanceType", "broker instance type")
    if not instance_type.startswith("mq."):
        raise Unpriceable(f"broker instance type {instance_type or 'not set'}: expected mq.<type>")
    storage = "ebs" if engine == "rabbitmq" else text(inputs, "storageType", "storage type", "efs").lower()
    copies = RABBITMQ_CLUSTER_NODES if deployment == "cluster" else 1
    description = f"broker storage ({storage}, {copies} nodes)" if copies > 1 else None
    return [BROKER_HOURS[engine].line(urn, 1.0, size=instance_type.removeprefix("mq."), deployment=deployment),
            STORAGE.usage_line(urn, STORAGE_SIZE_GB, description, factor=copies, storage=storage)]
