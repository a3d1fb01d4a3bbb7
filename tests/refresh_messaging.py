"""Bulk API fixture rows of the application integration, streaming and messaging offers (SQS, SNS, API
Gateway, Step Functions, EventBridge, Kinesis, Firehose, MSK, Transfer Family), in the shapes and with
the attributes infracost's product filters read (internal/resources/aws/*.go), for the refresh tests.
Prices are the us-east-1 figures of ../shared/pricing/aws-pricing-pages in both regions; each offer
also has a row its filters must leave out (another queue type, a free tier, another storage)."""

from __future__ import annotations

from tests.refresh_server import PREFIX, PRICE_COLUMNS, BulkApi, on_demand, product

HEADER = PRICE_COLUMNS + ["Group", "usageType", "operation", "Region Code", "serviceName", "Queue Type",
                          "Endpoint Type", "Event Type", "Cache Memory Size Gb", "Storage Family"]
OFFERS = ("AWSQueueService", "AmazonSNS", "AmazonApiGateway", "AmazonStates", "AWSEvents", "AmazonKinesis",
          "AmazonKinesisFirehose", "AmazonMSK", "AWSTransfer")


def _item(sku: str, family: str, region: str, usage_type: str, prefix: str | None = None, **attributes: str) -> dict:
    """A product whose usage type carries the region's prefix (`prefix` when the offer writes another)."""
    prefix = PREFIX[region] if prefix is None else prefix
    return product(sku, family, region, prefix + usage_type,
                   {name.replace("_", " "): value for name, value in attributes.items()})


def _tiers(item: dict, unit: str, *prices_and_ends: tuple[str, str]) -> list[dict]:
    """One price dimension per tier: (price, ending range), each starting where the previous ended."""
    rows, begin = [], "0"
    for price, end in prices_and_ends:
        rows.append(on_demand(item, unit, price, begin, end))
        begin = end
    return rows


def add_messaging_offers(site: BulkApi, region: str) -> None:
    use1 = "USE1-" if region == "us-east-1" else PREFIX[region]
    r = region
    site.add("AWSQueueService", r, [
        *_tiers(_item(f"QS{r}", "API Request", r, "Requests-RBP", Queue_Type="Standard"), "Requests",
                ("0.0000004", "100000000000"), ("0.0000003", "200000000000"), ("0.00000024", "Inf")),
        *_tiers(_item(f"QF{r}", "API Request", r, "Requests-FIFO-RBP", Queue_Type="FIFO (first-in, first-out)"),
                "Requests", ("0.0000005", "100000000000"), ("0.0000004", "200000000000"), ("0.00000035", "Inf")),
        on_demand(_item(f"QX{r}", "API Request", r, "Requests-Fair-RBP", Queue_Type="Fair"), "Requests", "0.0000001"),
    ], HEADER)
    site.add("AmazonSNS", r, [
        *_tiers(_item(f"SR{r}", "API Request", r, "Requests-Tier1"), "Requests", ("0", "1000000"), ("0.0000005", "Inf")),
        *_tiers(_item(f"SH{r}", "Message Delivery", r, "DeliveryAttempts-HTTP", Endpoint_Type="HTTP"), "Notifications",
                ("0", "100000"), ("0.0000006", "Inf")),
        on_demand(_item(f"SQ{r}", "Message Delivery", r, "DeliveryAttempts-SQS", Endpoint_Type="Amazon SQS"),
                  "Notifications", "0"),
    ], HEADER)
    site.add("AmazonApiGateway", r, [
        *_tiers(_item(f"AR{r}", "API Calls", r, "ApiGatewayRequest", use1), "Requests", ("0.0000035", "333000000"),
                ("0.0000028", "1000000000"), ("0.00000238", "20000000000"), ("0.00000151", "Inf")),
        *_tiers(_item(f"AH{r}", "API Calls", r, "ApiGatewayHttpRequest", use1), "Requests", ("0.000001", "300000000"),
                ("0.0000009", "Inf")),
        on_demand(_item(f"AC{r}", "Amazon API Gateway Cache", r, "CacheUsage:6.1", use1,
                        Cache_Memory_Size_Gb="6.1"), "Hrs", "0.20"),
        on_demand(_item(f"AM{r}", "WebSocket", r, "ApiGatewayMinute", use1), "Minutes", "0.00000025"),
    ], HEADER)
    site.add("AmazonStates", r, [
        on_demand(_item(f"ST{r}", "AWS Step Functions", r, "StateTransition", use1), "StateTransitions", "0.000025"),
        *_tiers(_item(f"SD{r}", "AWS Step Functions", r, "StepFunctions-GB-Second", use1), "GB-Second",
                ("0.00001667", "3600000"), ("0.00000833", "18000000"), ("0.00000456", "Inf")),
    ], HEADER)
    site.add("AWSEvents", r, [
        on_demand(_item(f"EC{r}", "EventBridge", r, "Event-64K-Chunks", use1, Event_Type="Custom Event"), "64K-Chunks",
                  "0.000001"),
        on_demand(_item(f"EP{r}", "EventBridge", r, "Event-64K-Chunks", use1, Event_Type="Partner Event"),
                  "64K-Chunks", "0.000002"),
        on_demand(_item(f"EA{r}", "CloudWatch Events", r, "ArchivedEvents-Bytes", use1), "GB", "0.10"),
    ], HEADER)
    site.add("AmazonKinesis", r, [
        on_demand(_item(f"KS{r}", "Kinesis Streams", r, "Storage-ShardHour", use1, operation="shardHourStorage"),
                  "ShardHour", "0.015"),
        on_demand(_item(f"KP{r}", "Kinesis Streams", r, "PutRequestPayloadUnits", use1, operation="PutRequest"),
                  "PutRequest", "0.000000014"),
        on_demand(_item(f"KO{r}", "Kinesis Streams", r, "OnDemand-StreamHour", use1, operation="OnDemandStreamHr"),
                  "StreamHr", "0.04"),
    ], HEADER)
    site.add("AmazonKinesisFirehose", r, [
        on_demand(_item(f"FC{r}", "Kinesis Firehose", r, "DataFormatConversion-Bytes", use1,
                        operation="DataFormatConversion"), "GB", "0.018"),
        on_demand(_item(f"FV{r}", "Kinesis Firehose", r, "VpcDeliveryHours", use1, operation="RunVpcInstance"),
                  "Hrs", "0.01"),
    ], HEADER)
    site.add("AmazonMSK", r, [
        on_demand(_item(f"MB{r}", "Managed Streaming for Apache Kafka (MSK)", r, "Kafka.m5.large", use1), "Hrs", "0.21"),
        on_demand(_item(f"MS{r}", "Managed Streaming for Apache Kafka (MSK)", r, "Kafka.Storage.GP2", use1,
                        Storage_Family="GP2"), "GB-Mo", "0.10"),
    ], HEADER)
    site.add("AWSTransfer", r, [
        on_demand(_item(f"TS{r}", "AWS Transfer Family", r, "ProtocolHours", use1, operation="SFTP:S3"), "Hrs", "0.30"),
        on_demand(_item(f"TE{r}", "AWS Transfer Family", r, "ProtocolHours", use1, operation="SFTP:EFS"), "Hrs", "0.31"),
        on_demand(_item(f"TU{r}", "AWS Transfer Family", r, "UploadBytes", use1, operation="FTP:S3"), "GB", "0.04"),
    ], HEADER)


# (service, item, variant, unit, usd) each offer above gives in both regions: the catalog's names and units
EXPECTED = [
    ("sqs", "requests", "standard|tier1", "1M requests", 0.40), ("sqs", "requests", "standard|tier2", "1M requests", 0.30),
    ("sqs", "requests", "fifo|tier3", "1M requests", 0.35),
    ("sns", "requests", "", "1M requests", 0.50),  # the paid tier, not the free first million
    ("sns", "deliveries", "http", "1M notifications", 0.60),
    ("apigateway", "requests", "rest|tier1", "1M requests", 3.50), ("apigateway", "requests", "rest|tier4", "1M requests", 1.51),
    ("apigateway", "requests", "http|tier2", "1M requests", 0.90), ("apigateway", "cache", "6.1", "hour", 0.20),
    ("apigateway", "connection-minutes", "websocket", "1M minutes", 0.25),
    ("stepfunctions", "transitions", "", "1K transitions", 0.025),
    ("stepfunctions", "express-duration", "tier2", "GB-second", 0.00000833),
    ("eventbridge", "custom-events", "", "1M events", 1.00),  # not the partner events of the same usage type
    ("eventbridge", "archive-processing", "", "GB", 0.10),
    ("kinesis", "shard", "", "hour", 0.015), ("kinesis", "put-payload-units", "", "1M units", 0.014),
    ("kinesis", "on-demand-stream", "", "hour", 0.04),
    ("firehose", "format-conversion", "", "GB", 0.018), ("firehose", "vpc-delivery-az", "", "hour", 0.01),
    ("msk", "m5.large", "", "hour", 0.21), ("msk", "storage", "", "GB-month", 0.10),
    ("transfer", "endpoint", "SFTP", "hour", 0.30),  # not the EFS server's row
    ("transfer", "data-uploaded", "", "GB", 0.04),
]
