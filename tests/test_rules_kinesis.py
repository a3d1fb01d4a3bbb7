"""Kinesis Data Streams, Firehose and Managed Service for Apache Flink on the embedded snapshot
(us-east-1): shard 0.015/h, extended retention 0.02/shard-hour, long-term 0.023/GB-month, on-demand
stream 0.04/h; enhanced fan-out 0.015 per consumer-shard hour; Firehose Direct PUT 0.029/GB (first
500 TB), MSK source 0.055/GB; KPU 0.11/h."""

from __future__ import annotations

import pytest

from costing.schema import UNKNOWN
from tests.pricing_helpers import cents, of, resource, urn
from tests.snapshot_pricing import line_table, on_snapshot, reason

STREAM = "aws:kinesis/stream:Stream"
CONSUMER = "aws:kinesis/streamConsumer:StreamConsumer"
FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"
SUBNET = "aws:ec2/subnet:Subnet"
FLINK = "aws:kinesisanalyticsv2/application:Application"


@pytest.mark.parametrize("retention, monthly", [(None, 43.80), (24, 43.80), (25, 43.80 + 58.40), (168, 43.80 + 58.40),
                                                (169, 43.80 + 58.40)])
def test_a_provisioned_stream_pays_its_shards_and_extended_retention_past_24_hours(retention, monthly):
    result = on_snapshot(resource(STREAM, "s", {"shardCount": 4, "retentionPeriod": retention}))
    assert of(result, "s")["monthly_usd"] == cents(monthly)  # 4 x 0.015 x 730, plus 4 x 0.02 x 730
    long_term = [line for line in line_table(result, "s") if line[0].startswith("long-term")]
    assert len(long_term) == (1 if retention == 169 else 0)


@pytest.mark.parametrize("inputs, why", [
    ({}, "shard count not set (a provisioned stream requires one)"),
    ({"shardCount": UNKNOWN}, "shard count unknown until apply"),
    ({"streamModeDetails": {"streamMode": "SERVERLESS"}}, "stream mode SERVERLESS: priced are PROVISIONED and ON_DEMAND"),
])
def test_a_stream_that_cannot_be_priced_says_why(inputs, why):
    assert reason(on_snapshot(resource(STREAM, "s", inputs)), "s") == why


def test_an_on_demand_stream_ignores_shards_and_bills_retention_by_the_gb():
    result = on_snapshot(resource(STREAM, "s", {"streamModeDetails": {"streamMode": "ON_DEMAND"}, "shardCount": 9,
                                                "retentionPeriod": 200}),
                         usage={"s": {"monthly_on_demand_extended_retention_gb": 100,
                                      "monthly_on_demand_long_term_retention_gb": 1000}})
    assert of(result, "s")["monthly_usd"] == cents(29.20)  # 0.04 x 730
    assert of(result, "s")["usage_monthly_usd"] == cents(10.00 + 23.00)  # 100 x 0.10 + 1000 x 0.023


def test_a_consumer_finds_its_stream_by_id_in_a_state_file():
    result = on_snapshot(resource(STREAM, "s", {"shardCount": 2}, id="arn:aws:kinesis:us-east-1:1:stream/s"),
                         resource(CONSUMER, "c", {"streamArn": "arn:aws:kinesis:us-east-1:1:stream/s"}))
    assert of(result, "c")["monthly_usd"] == cents(21.90)  # 2 shards x 0.015 x 730


def test_a_consumer_of_a_stream_unknown_until_apply_says_so():
    result = on_snapshot(resource(CONSUMER, "c", {"streamArn": UNKNOWN}))
    assert reason(result, "c") == "stream unknown until apply"


def test_firehose_from_msk_with_conversion_turned_off():
    result = on_snapshot(resource(FIREHOSE, "f", {
        "destination": "extended_s3", "mskSourceConfiguration": {"mskClusterArn": "arn"},
        "extendedS3Configuration": {"dataFormatConversionConfiguration": {"enabled": False}}}),
        usage={"f": {"monthly_data_ingested_gb": 1000}})
    assert line_table(result, "f") == [("data ingested (from MSK) (first 500 TB)", 1000, 55.0)]  # 1000 x 0.055


def test_firehose_vpc_delivery_counts_subnets_it_depends_on_when_the_list_is_unknown():
    firehose = resource(FIREHOSE, "f", {"destination": "elasticsearch", "elasticsearchConfiguration": {
        "vpcConfig": {"subnetIds": UNKNOWN}}}, refs={"elasticsearchConfiguration": [urn(SUBNET, "a"), urn(SUBNET, "b"),
                                                                                    urn(SUBNET, "c")]})
    result = on_snapshot(resource(SUBNET, "a"), resource(SUBNET, "b"), resource(SUBNET, "c"), firehose)
    assert of(result, "f")["monthly_usd"] == cents(21.90)  # 3 AZs x 0.01 x 730
    no_subnets = on_snapshot(resource(FIREHOSE, "g", {"destination": "opensearch", "opensearchConfiguration": {
        "vpcConfig": {"subnetIds": []}}}))
    assert reason(no_subnets, "g") == "VPC delivery without subnets: number of AZs unknown"


def test_a_flink_application_pays_an_orchestration_kpu_even_without_usage():
    result = on_snapshot(resource(FLINK, "app", {"runtimeEnvironment": "FLINK-1_20"}))
    assert of(result, "app")["monthly_usd"] == cents(80.30)  # 0.11 x 730
    assert reason(on_snapshot(resource(FLINK, "x", {"runtimeEnvironment": "BEAM-2"})), "x") == \
        "runtime environment BEAM-2: priced are SQL-*, FLINK-* and ZEPPELIN-*"

