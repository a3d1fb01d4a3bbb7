"""Amazon Data Firehose delivery streams (https://aws.amazon.com/firehose/pricing/): usage, by GB.

- Ingestion, per GB ingested a month (`monthly_data_ingested_gb`, as billed: Direct PUT rounds each
  record up to 5 KB), in AWS's volume tiers (first 500 TB, next 1.5 PB, beyond: AWS lists the next 3 PB
  and quotes more on request), at the rate of its source: Direct PUT (the default), a Kinesis data
  stream (`kinesisSourceConfiguration`) or an MSK cluster (`mskSourceConfiguration`). A stream delivering to Apache Iceberg tables (`destination`
  iceberg) is billed at the Iceberg rate instead (first 250 TB, next 750 TB, beyond).
- Format conversion (`extendedS3Configuration.dataFormatConversionConfiguration`, on unless its
  `enabled` is false): per GB converted, the GB ingested.
- Dynamic partitioning (`extendedS3Configuration.dynamicPartitioningConfiguration.enabled`): per GB
  partitioned, the GB ingested, and per 1,000 S3 objects delivered (`monthly_partitioned_objects`);
  JQ processing hours are not priced.
- Delivery into a VPC (an OpenSearch, OpenSearch Serverless or Elasticsearch destination's
  `vpcConfig`): per hour for each subnet (AZ) and per GB delivered, the GB ingested; subnets unknown
  until apply leave the hours a line of unknown quantity (the stream partly priced).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import SUBNET, Index, Unpriceable, each_type, flag, known_value, line_or_unknown, text
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey

DELIVERY_STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"
TYPES = (DELIVERY_STREAM,)
FILE = "kinesisfirehose.json"

# source -> the pricing page's metric of each volume tier (first 500 TB, next 1.5 PB, next 3 PB)
SOURCE_METRICS = {
    "direct-put": ("Per GB of data ingested first 500TB", "Per GB of data ingested Next 1 5PB",
                   "Per GB of data ingested Next 3PB"),
    "kinesis-stream": ("Per GB of data read from Kinesis Streams first 500TB",
                       "Per GB of data read from Kinesis Streams Next 1 5PB",
                       "Per GB of data read from Kinesis Streams Next 3PB"),
    "msk": ("MSK Record Processing Per GB of data ingested first 500TB",
            "MSK Record Processing Per GB of data ingested Next 1 5PB",
            "MSK Record Processing Per GB of data ingested Next 3PB"),
}
SOURCE_LABELS = {"direct-put": "Direct PUT", "kinesis-stream": "from a Kinesis data stream", "msk": "from MSK"}
ICEBERG_METRIC = "Per GB of data ingested or delivered to Apache Iceberg Tables from {range}"


def _metrics(field: str, metrics: dict[str, str]) -> Page:
    """A page source reading exactly `metrics`, each filling the family's `field` with its value."""
    pattern = re.compile(f"(?P<{field}>" + "|".join(re.escape(metric) for metric in metrics) + ")")
    return Page(FILE, pattern, values={field: metrics})


def _ingestion_tier(position: int, upto: float, label: str) -> Tier:
    metrics = {metrics[position]: source for source, metrics in SOURCE_METRICS.items()}
    return Tier(upto, label, Price("firehose", "ingestion", "GB", f"data ingested, {label}",
                                   variant=f"{{source}}|tier{position + 1}", sources=[_metrics("source", metrics)]))


def _iceberg_tier(position: int, upto: float, label: str, page_range: str) -> Tier:
    return Tier(upto, label, Price("firehose", "ingestion", "GB", f"data delivered to Iceberg tables, {label}",
                                   variant=f"iceberg|tier{position + 1}",
                                   sources=[Page(FILE, ICEBERG_METRIC.format(range=page_range))]))


INGESTION = Tiered([_ingestion_tier(0, 512_000, "first 500 TB"), _ingestion_tier(1, 2_048_000, "next 1.5 PB"),
                    _ingestion_tier(2, INF, "over 2 PB")])  # in GB
ICEBERG_INGESTION = Tiered([_iceberg_tier(0, 256_000, "first 250 TB", "0 to 256000"),
                            _iceberg_tier(1, 1_024_000, "next 750 TB", "256000 to 1024000"),
                            _iceberg_tier(2, INF, "over 1,000 TB", "1024000 to Inf")])


def _price(item: str, unit: str, description: str, metric: str, operation: str = "", factor: float = 1) -> Price:
    refresh = [OfferFilter("AmazonKinesisFirehose", families="Kinesis Firehose", attributes={"operation": operation})] \
        if operation else []
    return Price("firehose", item, unit, description, sources=[Page(FILE, metric, factor=factor)], refresh=refresh)


FORMAT_CONVERSION = _price("format-conversion", "GB", "format conversion", "Per GB of data format conversion",
                           "DataFormatConversion")
PARTITIONED_DATA = _price("dynamic-partitioning", "GB", "dynamically partitioned data",
                          "Per GB of dynamically partitioned data delivered")
PARTITIONED_OBJECTS = _price("dynamic-partitioning-objects", "1K objects", "dynamically partitioned objects delivered",
                             "Per object dynamically partitioned", factor=1_000)
VPC_DATA = _price("vpc-delivery", "GB", "data delivered into a VPC", "Per GB of data delivered to VPC", "VpcBandwidth")
VPC_HOURS = _price("vpc-delivery-az", "hour", "VPC delivery hours (one per subnet)", "Per Hour per AZ for VPC delivery",
                   "RunVpcInstance")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"firehose": "Data Firehose"}
PRICES = (INGESTION, ICEBERG_INGESTION, FORMAT_CONVERSION, PARTITIONED_DATA, PARTITIONED_OBJECTS, VPC_DATA, VPC_HOURS)

MONTHLY_DATA_INGESTED_GB = UsageKey("monthly_data_ingested_gb", "GB", "data ingested per month, as billed")
MONTHLY_PARTITIONED_OBJECTS = UsageKey("monthly_partitioned_objects", "objects",
                                       "S3 objects dynamic partitioning delivers per month")
USAGE = {DELIVERY_STREAM: (MONTHLY_DATA_INGESTED_GB, MONTHLY_PARTITIONED_OBJECTS)}

VPC_DESTINATIONS = {"elasticsearch": "elasticsearchConfiguration", "opensearch": "opensearchConfiguration",
                    "opensearchserverless": "opensearchserverlessConfiguration"}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, SUBNET)
    return each_type(resources, {DELIVERY_STREAM: (lambda row: _delivery_stream(row, index),
                                                   "Firehose delivery stream")})


def _block(inputs: dict[str, Any], key: str, what: str) -> dict[str, Any]:
    value = known_value(inputs.get(key), what)
    return value if isinstance(value, dict) else {}


def _delivery_stream(resource: Any, index: Index) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    destination = text(inputs, "destination", "destination").lower()
    if destination == "iceberg":
        rows = ICEBERG_INGESTION.usage_lines(urn, MONTHLY_DATA_INGESTED_GB, "data delivered to Iceberg tables")
    else:
        source = "kinesis-stream" if inputs.get("kinesisSourceConfiguration") else \
            "msk" if inputs.get("mskSourceConfiguration") else "direct-put"
        rows = INGESTION.usage_lines(urn, MONTHLY_DATA_INGESTED_GB, f"data ingested ({SOURCE_LABELS[source]})",
                                     source=source)
    s3 = _block(inputs, "extendedS3Configuration", "S3 destination")
    conversion = _block(s3, "dataFormatConversionConfiguration", "format conversion")
    if conversion and str(known_value(conversion.get("enabled", True), "format conversion")).lower() != "false":
        rows.append(FORMAT_CONVERSION.usage_line(urn, MONTHLY_DATA_INGESTED_GB))
    if flag(_block(s3, "dynamicPartitioningConfiguration", "dynamic partitioning"), "enabled", "dynamic partitioning"):
        rows += [PARTITIONED_DATA.usage_line(urn, MONTHLY_DATA_INGESTED_GB),
                 PARTITIONED_OBJECTS.usage_line(urn, MONTHLY_PARTITIONED_OBJECTS, factor=1 / 1_000)]
    block = VPC_DESTINATIONS.get(destination, "")
    vpc = _block(_block(inputs, block, "destination"), "vpcConfig", "VPC delivery")
    if vpc:
        rows += [line_or_unknown(VPC_HOURS, urn, lambda: _vpc_subnets(resource, index, block, vpc)),
                 VPC_DATA.usage_line(urn, MONTHLY_DATA_INGESTED_GB)]
    return rows


def _vpc_subnets(resource: Any, index: Index, block: str, vpc: dict[str, Any]) -> int:
    """The subnets (AZs) of a VPC delivery; Unpriceable when none are known (its hours a line of unknown
    quantity: the stream partly priced)."""
    listed = vpc.get("subnetIds")
    subnets = len(listed) if isinstance(listed, list) else index.count_referenced(resource, block, SUBNET)
    if not subnets:
        raise Unpriceable("VPC delivery without subnets: number of AZs unknown")
    return subnets
