"""Amazon MSK: provisioned clusters, serverless clusters and MSK Connect connectors
(https://aws.amazon.com/msk/pricing/).

- Provisioned cluster: broker hours by instance type (`brokerNodeGroupInfo.instanceType`: kafka.* standard
  brokers, express.* Express brokers) times `numberOfBrokerNodes`; standard brokers' EBS storage per
  GB-month (`storageInfo.ebsStorageInfo.volumeSize` per broker, times the brokers). AWS sets no
  documented default size, so a cluster without one (or with one unknown until apply) shows its storage
  as a line of unknown quantity; provisioned storage throughput and Express brokers' per-GB storage and
  data are not in the price data: lines without a price. Either way the cluster is partly priced: its
  broker hours counted, the gaps shown.
- Serverless cluster: cluster hours, partition hours (`partitions`, the month's average), storage per
  GB-month (`storage_gb`) and data in and out per GB (`monthly_data_in_gb`, `monthly_data_out_gb`).
- MSK Connect connector: MCU-hours: `mcuCount` (1 by default) per worker times `workerCount`; an
  autoscaled connector at its `minWorkerCount`, what AWS bills at the least (its line says so).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, flag, known_value, number, text, unpriced_line
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

CLUSTER = "aws:msk/cluster:Cluster"
SERVERLESS_CLUSTER = "aws:msk/serverlessCluster:ServerlessCluster"
CONNECTOR = "aws:mskconnect/connector:Connector"
TYPES = (CLUSTER, SERVERLESS_CLUSTER, CONNECTOR)
FAMILY = "Managed Streaming for Apache Kafka (MSK)"


def _page(metric: str) -> list[Page]:
    return [Page("msk.json", metric)]


BROKER_HOURS = Price(
    "msk", "{instance_type}", "hour", "{instance_type} broker hours",
    sources=[Page("msk.json", re.compile(r"\[RunBroker\] RunBroker-computefamily-(?P<instance_type>[\w.]+);RunBroker "
                                         r"[\w.]+")),
             Page("msk.json", "[ExpressBroker]", detail=re.compile(r"Compute Family: (?P<instance_type>express\.[\w.]+)"))],
    refresh=[OfferFilter("AmazonMSK", families=FAMILY, usage_pattern=re.compile(r"-Kafka\.[a-z0-9]+\.\w+$"),
                         fill={"instance_type": lambda row: row.usage_type.split("Kafka.", 1)[-1]},
                         example={"usageType": "USE1-Kafka.m5.large"})])
STORAGE = Price("msk", "storage", "GB-month", "broker storage", sources=_page("RunVolume"),
                refresh=[OfferFilter("AmazonMSK", families=FAMILY, attributes={"storageFamily": "GP2"})])
SERVERLESS_HOURS = Price("msk", "serverless-cluster", "hour", "serverless cluster hours",
                         sources=_page("Serverless Cluster-hours"))
PARTITION_HOURS = Price("msk", "serverless-partition", "partition-hour", "serverless partition hours",
                        sources=_page("Serverless Partition-hours"))
SERVERLESS_STORAGE = Price("msk", "serverless-storage", "GB-month", "serverless storage",
                           sources=_page("Serverless Storage-hours"))
DATA_IN = Price("msk", "serverless-data-in", "GB", "serverless data in", sources=_page("Serverless Per-GB data ingressed"))
DATA_OUT = Price("msk", "serverless-data-out", "GB", "serverless data out",
                 sources=_page("Serverless Per-GB data egressed"))
MCU_HOURS = Price("msk", "connect-mcu", "MCU-hour", "MSK Connect MCU hours", sources=_page("RunConnect"))
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"msk": "MSK"}
PRICES = (BROKER_HOURS, STORAGE, SERVERLESS_HOURS, PARTITION_HOURS, SERVERLESS_STORAGE, DATA_IN, DATA_OUT, MCU_HOURS)

PARTITIONS = UsageKey("partitions", "partitions", "the serverless cluster's average number of partitions")
STORAGE_GB = UsageKey("storage_gb", "GB", "data stored (the month's average)")
MONTHLY_DATA_IN_GB = UsageKey("monthly_data_in_gb", "GB", "data produced to the cluster per month")
MONTHLY_DATA_OUT_GB = UsageKey("monthly_data_out_gb", "GB", "data consumed from the cluster per month")
USAGE = {SERVERLESS_CLUSTER: (PARTITIONS, STORAGE_GB, MONTHLY_DATA_IN_GB, MONTHLY_DATA_OUT_GB)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {CLUSTER: (_cluster, "MSK cluster"),
                                 SERVERLESS_CLUSTER: (_serverless, "MSK serverless cluster"),
                                 CONNECTOR: (_connector, "MSK Connect connector")})


def _block(inputs: dict[str, Any], key: str, what: str) -> dict[str, Any]:
    value = known_value(inputs.get(key), what)
    return value if isinstance(value, dict) else {}


def _cluster(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    brokers = number(inputs, "numberOfBrokerNodes", "number of broker nodes")
    if not brokers:
        raise Unpriceable("number of broker nodes not set")
    group = _block(inputs, "brokerNodeGroupInfo", "broker node group")
    instance_type = text(group, "instanceType", "broker instance type")
    if not instance_type:
        raise Unpriceable("broker instance type not set")
    item = instance_type.removeprefix("kafka.")
    rows = [BROKER_HOURS.line(urn, brokers, f"{instance_type} broker hours ({_count(brokers, 'broker')})", instance_type=item)]
    if instance_type.startswith("express."):
        return rows + [unpriced_line(urn, "Express broker storage and data written",
                                     "no price for Express brokers' storage and data written in the snapshot")]
    ebs = _block(_block(group, "storageInfo", "broker storage"), "ebsStorageInfo", "broker storage")
    try:
        size = number(ebs, "volumeSize", "broker storage size")
        if size is None:
            raise Unpriceable("broker storage size (volumeSize) not set: AWS documents no default")
    except Unpriceable as unknown:  # its storage a line of unknown quantity: the cluster partly priced
        rows.append(STORAGE.unknown_line(urn, str(unknown), "broker storage"))
    else:
        rows.append(STORAGE.line(urn, size * brokers, f"broker storage ({size:g} GB x {_count(brokers, 'broker')})"))
    if flag(_block(ebs, "provisionedThroughput", "provisioned throughput"), "enabled", "provisioned throughput"):
        rows.append(unpriced_line(urn, "provisioned storage throughput",
                                  "no price for MSK provisioned storage throughput in the snapshot"))
    return rows


def _serverless(resource: Any) -> list[dict[str, Any]]:
    urn = resource.urn
    return [SERVERLESS_HOURS.line(urn, 1.0), PARTITION_HOURS.usage_line(urn, PARTITIONS),
            SERVERLESS_STORAGE.usage_line(urn, STORAGE_GB), DATA_IN.usage_line(urn, MONTHLY_DATA_IN_GB),
            DATA_OUT.usage_line(urn, MONTHLY_DATA_OUT_GB)]


def _connector(resource: Any) -> list[dict[str, Any]]:
    capacity = _block(resource.inputs, "capacity", "connector capacity")
    provisioned = _block(capacity, "provisionedCapacity", "provisioned capacity")
    if provisioned:
        workers = number(provisioned, "workerCount", "worker count")
        mcus = number(provisioned, "mcuCount", "MCUs per worker", 1.0)
        description = f"MSK Connect MCU hours ({_count(workers, 'worker')} x {mcus:g} MCU)" if workers else ""
    else:
        autoscaling = _block(capacity, "autoscaling", "autoscaling capacity")
        workers = number(autoscaling, "minWorkerCount", "minimum worker count")
        mcus = number(autoscaling, "mcuCount", "MCUs per worker", 1.0)
        description = f"MSK Connect MCU hours (at least {_count(workers, 'worker')} x {mcus:g} MCU, autoscaled)" \
            if workers else ""
    if not workers:
        raise Unpriceable("connector worker count not set")
    return [MCU_HOURS.line(resource.urn, workers * mcus, description)]


def _count(number: float, noun: str) -> str:
    return f"{number:g} {noun}" + ("" if number == 1 else "s")
