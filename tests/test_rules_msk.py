"""MSK and Amazon MQ on the embedded snapshot (us-east-1): kafka.m5.large 0.21/h, storage 0.10/GB-month,
MSK Connect 0.11 per MCU-hour; mq.m5.large 0.288/h single, 0.576/h active/standby."""

from __future__ import annotations

import pytest

from tests.pricing_helpers import cents, of, resource
from tests.snapshot_pricing import line_table, on_snapshot, reason

CLUSTER = "aws:msk/cluster:Cluster"
CONNECTOR = "aws:mskconnect/connector:Connector"
BROKER = "aws:mq/broker:Broker"


def cluster(**group) -> dict:
    return resource(CLUSTER, "kafka", {"numberOfBrokerNodes": 2, "brokerNodeGroupInfo": {
        "instanceType": "kafka.m5.large", **group}})


def test_provisioned_throughput_is_shown_unpriced_beside_the_priced_brokers_and_storage():
    result = on_snapshot(cluster(storageInfo={"ebsStorageInfo": {"volumeSize": 500, "provisionedThroughput": {
        "enabled": True, "volumeThroughput": 250}}}))
    assert line_table(result, "kafka") == [("kafka.m5.large broker hours (2 brokers)", 2, 306.6),  # 2 x 0.21 x 730
                                           ("broker storage (500 GB x 2 brokers)", 1000, 100.0),
                                           ("provisioned storage throughput", None, None)]
    assert reason(result, "kafka") == "no price for MSK provisioned storage throughput in the snapshot"


@pytest.mark.parametrize("inputs, why", [
    ({"brokerNodeGroupInfo": {"instanceType": "kafka.m5.large"}}, "number of broker nodes not set"),
    ({"numberOfBrokerNodes": 3, "brokerNodeGroupInfo": {}}, "broker instance type not set"),
])
def test_a_cluster_missing_what_its_price_depends_on_says_why(inputs, why):
    assert reason(on_snapshot(resource(CLUSTER, "kafka", inputs)), "kafka") == why


def test_a_connector_without_workers_says_why():
    result = on_snapshot(resource(CONNECTOR, "c", {"capacity": {"provisionedCapacity": {"mcuCount": 2}}}))
    assert reason(result, "c") == "connector worker count not set"


@pytest.mark.parametrize("inputs, hourly", [
    ({"engineType": "ActiveMQ", "hostInstanceType": "mq.m5.large"}, 0.288),
    ({"engineType": "ACTIVEMQ", "hostInstanceType": "mq.m5.large", "deploymentMode": "ACTIVE_STANDBY_MULTI_AZ"}, 0.576),
    ({"engineType": "RabbitMQ", "hostInstanceType": "mq.m5.large", "deploymentMode": "CLUSTER_MULTI_AZ"}, 0.864),
])
def test_a_broker_costs_its_engine_type_and_deployment(inputs, hourly):
    assert of(on_snapshot(resource(BROKER, "mq", inputs)), "mq")["monthly_usd"] == cents(hourly * 730)


@pytest.mark.parametrize("inputs, why", [
    ({"engineType": "Kafka", "hostInstanceType": "mq.m5.large"}, "broker engine kafka: priced are ActiveMQ and RabbitMQ"),
    ({"engineType": "ActiveMQ", "hostInstanceType": "m5.large"}, "broker instance type m5.large: expected mq.<type>"),
    ({"engineType": "ActiveMQ", "hostInstanceType": "mq.m5.large", "deploymentMode": "CLUSTER_MULTI_AZ"},
     "deployment mode CLUSTER_MULTI_AZ is not one AWS offers for activemq"),
])
def test_a_broker_that_cannot_be_priced_says_why(inputs, why):
    assert reason(on_snapshot(resource(BROKER, "mq", inputs)), "mq") == why
