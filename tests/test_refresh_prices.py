"""`refresh_prices` against a real HTTP server serving Bulk API fixtures: what lands in the cache, to the
cent, and how the catalog merges it with the embedded snapshot."""

from __future__ import annotations

from datetime import date

import pytest

from costing.cache import CACHE_ENV, LIVE_LOCK, REFRESH_LOCK
from costing.catalog import EMBEDDED_ORIGIN, INFO_COLUMNS, RESERVED_COLUMNS, load_catalog, read_snapshot
from costing.errors import InputError
from costing.refresh import refresh_prices
from costing.refresh.bulk_api import parse_services
from tests.refresh_messaging import EXPECTED as MESSAGING_EXPECTED
from tests.refresh_server import (EC2_HEADER, FixtureServer, declared_offers, ec2_rows, fast_retries, kms_rows,
                                  standard_site, unknown_service_message)

PUBLISHED = "2026-09-01"
ON_DEMAND = "linux-ondemand-shared"


def refresh(server: FixtureServer, cache_dir, **options):
    options.setdefault("regions", ["us-east-1", "eu-west-1"])
    options.setdefault("services", None)
    return refresh_prices(endpoint=server.url, cache_dir=cache_dir, progress=False, retry=fast_retries(), **options)


def csv_url(server: FixtureServer, offer: str, region: str) -> str:
    return f"{server.url}/offers/v1.0/aws/{offer}/20260901120000/{region}/index.csv"


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    """One refresh of every offer in us-east-1 and eu-west-1: (report, cached prices, cached reserved, url)."""
    cache_dir = tmp_path_factory.mktemp("cache")
    with FixtureServer(standard_site().routes()) as server:
        report = refresh(server, cache_dir)
        url = server.url
    prices = read_snapshot(report.generation / "prices.csv.gz")
    reserved = read_snapshot(report.generation / "reserved.csv.gz", RESERVED_COLUMNS)
    return report, prices, reserved, url


def price(prices, service: str, region: str, item: str, variant: str = "") -> tuple[str, float]:
    rows = prices[(prices["service"] == service) & (prices["region"] == region) & (prices["item"] == item)
                  & (prices["variant"] == variant)]
    assert len(rows) == 1, f"{service} {item} {variant} in {region}: {len(rows)} rows"
    return rows.iloc[0]["unit"], rows.iloc[0]["usd"]


EXPECTED = [  # (service, region, item, variant, unit, usd): the fixture's prices, in the catalog's names and units
    ("ec2", "us-east-1", "t3.micro", ON_DEMAND, "hour", 0.0104),  # not Windows, Dedicated, SQL, a Local Zone
    ("ec2", "us-east-1", "m5.large", ON_DEMAND, "hour", 0.096),
    ("ec2", "us-east-1", "m5.metal", ON_DEMAND, "hour", 4.608),  # "Compute Instance (bare metal)"
    ("ec2", "eu-west-1", "t3.micro", ON_DEMAND, "hour", 0.0114),
    ("ebs", "us-east-1", "gp3", "", "GB-month", 0.08),
    ("ebs", "eu-west-1", "gp3", "", "GB-month", 0.088),
    ("ebs", "us-east-1", "gp3-iops", "", "IOPS-month", 0.005),
    ("ebs", "us-east-1", "gp3-throughput", "", "MiBps-month", 0.04),  # 40.96 per GiBps-mo
    ("ebs", "us-east-1", "io1", "", "GB-month", 0.125),
    ("ebs", "us-east-1", "io2-iops-tier2", "", "IOPS-month", 0.0455),
    ("ebs", "us-east-1", "snapshot", "", "GB-month", 0.05),
    ("nat", "us-east-1", "nat-gateway", "", "hour", 0.045),
    ("nat", "eu-west-1", "nat-gateway-data", "", "GB", 0.048),
    ("rds", "us-east-1", "db.t3.micro", "mysql|none|single-az", "hour", 0.017),
    ("rds", "us-east-1", "db.t3.micro", "mysql|none|multi-az", "hour", 0.034),
    ("rds", "eu-west-1", "db.t3.micro", "mysql|none|multi-az", "hour", 0.036),
    ("rds", "us-east-1", "db.m5.large", "sqlserver-ex|license-included|single-az", "hour", 0.237),
    ("rds", "us-east-1", "db.r5.large", "oracle-se2|byol|multi-az", "hour", 0.5),
    ("rds-storage", "us-east-1", "gp3", "single-az", "GB-month", 0.115),
    ("rds-storage", "eu-west-1", "gp3", "multi-az", "GB-month", 0.254),
    ("rds-storage", "us-east-1", "gp2", "single-az", "GB-month", 0.115),  # one key from two engines' rows
    ("rds-storage", "us-east-1", "backup-storage", "any", "GB-month", 0.095),
    ("elb", "us-east-1", "alb", "", "hour", 0.0225),  # not the Outposts ALB
    ("elb", "eu-west-1", "alb", "", "hour", 0.0252),
    ("elb", "us-east-1", "alb-lcu", "", "LCU-hour", 0.008),
    ("elb", "us-east-1", "nlb-nlcu", "", "NLCU-hour", 0.006),
    ("elb", "us-east-1", "clb", "", "hour", 0.025),
    ("elb", "us-east-1", "clb-data", "", "GB", 0.008),
    ("vpc", "us-east-1", "public-ipv4-in-use", "", "hour", 0.005),
    ("vpc", "eu-west-1", "public-ipv4-idle", "", "hour", 0.005),
    ("vpc", "us-east-1", "site-to-site-vpn-connection", "", "hour", 0.05),  # not the large VPN's 0.6
    ("vpc", "us-east-1", "interface-endpoint", "", "hour", 0.01),
    ("vpc", "us-east-1", "interface-endpoint-data", "", "GB", 0.01),  # the first tier
    ("data-transfer", "us-east-1", "out-to-internet", "0-10TB", "GB", 0.09),  # not the free first GB
    ("data-transfer", "us-east-1", "out-to-internet", "10-50TB", "GB", 0.085),
    ("data-transfer", "eu-west-1", "out-to-internet", "50-150TB", "GB", 0.07),
    ("data-transfer", "us-east-1", "out-to-internet", "150TB+", "GB", 0.05),
    ("cloudwatch", "us-east-1", "alarm-standard", "", "alarm-month", 0.10),
    ("cloudwatch", "us-east-1", "alarm-high-resolution", "", "alarm-month", 0.30),
    ("cloudwatch", "us-east-1", "alarm-composite", "", "alarm-month", 0.50),
    ("cloudwatch", "us-east-1", "logs-ingestion", "", "GB", 0.50),
    ("cloudwatch", "us-east-1", "logs-storage", "", "GB-month", 0.03),
    ("secretsmanager", "eu-west-1", "secret", "", "secret-month", 0.40),
    ("kms", "us-east-1", "key", "", "key-month", 1.00),  # usage type "us-east-1-KMS-Keys"
    ("s3", "us-east-1", "storage", "standard|tier1", "GB-month", 0.023),  # three ranges of one SKU
    ("s3", "eu-west-1", "storage", "standard|tier3", "GB-month", 0.021),
    ("s3", "us-east-1", "storage", "standard-ia", "GB-month", 0.0125),  # not Reduced Redundancy's 0.024
    ("s3", "us-east-1", "requests-tier1", "standard", "1k requests", 0.005),  # 0.000005 per request
    ("s3", "eu-west-1", "requests-tier2", "standard-ia", "1k requests", 0.001),
    ("s3", "us-east-1", "intelligent-tiering-monitoring", "", "1k objects", 0.0025),
    ("s3", "us-east-1", "inventory", "", "1M objects", 0.0025),
    ("dynamodb", "us-east-1", "read-capacity", "standard", "RCU-hour", 0.00013),  # not the free tier, not IA's
    ("dynamodb", "eu-west-1", "write-requests", "standard", "1M request units", 0.625),
    ("dynamodb", "us-east-1", "storage", "standard", "GB-month", 0.25),
    ("dynamodb", "us-east-1", "stream-reads", "", "1M requests", 0.20),
    ("efs", "us-east-1", "storage", "standard", "GB-month", 0.30),
    ("efs", "eu-west-1", "storage", "standard-ia", "GB-month", 0.025),
    ("efs", "us-east-1", "provisioned-throughput", "", "MBps-month", 6.00),
    ("backup", "us-east-1", "storage", "efs-warm", "GB-month", 0.05),
    ("backup", "us-east-1", "restore", "efs-warm", "GB", 0.02),
    ("backup", "eu-west-1", "item-restore", "", "request", 0.50),
    ("lambda", "us-east-1", "requests", "x86_64", "1M requests", 0.20),  # 0.0000002 per request x 1,000,000
    ("lambda", "eu-west-1", "requests", "arm64", "1M requests", 0.20),  # the group's -ARM suffix
    ("lambda", "us-east-1", "duration", "x86_64|tier1", "GB-second", 0.0000166667),  # a tier by its EndingRange
    ("lambda", "us-east-1", "duration", "x86_64|tier2", "GB-second", 0.000015),
    ("lambda", "us-east-1", "duration", "x86_64|tier3", "GB-second", 0.0000133334),  # not Lambda@Edge's
    ("lambda", "us-east-1", "provisioned-concurrency", "x86_64", "GB-second", 0.0000041667),
    ("ecs", "us-east-1", "fargate-vcpu", "linux-x86_64", "vCPU-hour", 0.04048),  # not the Spot rate
    ("ecs", "us-east-1", "fargate-vcpu", "linux-arm64", "vCPU-hour", 0.03238),
    ("ecs", "eu-west-1", "fargate-memory", "linux-x86_64", "GB-hour", 0.004445),
    ("ecs", "us-east-1", "fargate-windows-licence", "", "vCPU-hour", 0.046),
    ("ecs", "us-east-1", "fargate-ephemeral-storage", "", "GB-hour", 0.000111),
    ("eks", "us-east-1", "cluster", "", "hour", 0.10),
    ("eks", "eu-west-1", "extended-support", "", "hour", 0.50),
    ("ecr", "us-east-1", "storage", "", "GB-month", 0.10),
    ("codebuild", "us-east-1", "general1.small", "linux", "minute", 0.005),  # Build-Min:Linux:g1.small
    ("codebuild", "us-east-1", "arm1.large", "linux", "minute", 0.015),  # Build-Min:ARM:g1.large
    ("codebuild", "eu-west-1", "general1.medium", "windows", "minute", 0.018),
    ("mwaa", "us-east-1", "environment", "small", "hour", 0.49),
    ("mwaa", "us-east-1", "worker", "large", "hour", 0.22),
    ("mwaa", "eu-west-1", "meta-database", "", "GB-month", 0.10),
    ("glue", "us-east-1", "job", "standard", "DPU-hour", 0.44),  # not the Flex row of the same operation
    ("glue", "us-east-1", "crawler", "", "DPU-hour", 0.44),
    ("glue", "us-east-1", "catalog-storage", "", "100k objects", 1.00),  # 0.00001 per object x 100,000
    ("glue", "eu-west-1", "catalog-requests", "", "1M requests", 1.00),  # 0.000001 per request x 1,000,000
    ("aurora", "us-east-1", "db.r5.large", "aurora-mysql|standard", "hour", 0.29),  # an Aurora row: not rds's
    ("elasticache", "eu-west-1", "cache.t3.micro", "valkey", "hour", 0.01496),
    ("docdb", "us-east-1", "db.t3.medium", "standard", "hour", 0.078),
    ("neptune", "us-east-1", "db.t3.medium", "standard", "hour", 0.098),
    ("redshift", "us-east-1", "ra3.xlplus", "", "hour", 1.086),
    ("opensearch", "us-east-1", "m5.large.search", "", "hour", 0.142),  # instanceType m5.large.search
    ("opensearch", "eu-west-1", "storage", "gp3", "GB-month", 0.1342),
    ("dms", "us-east-1", "dms.t3.medium", "single-az", "hour", 0.0745),  # instanceType t3.medium
    ("dms", "us-east-1", "storage", "multi-az", "GB-month", 0.23),
    ("route53", "eu-west-1", "resolver-endpoint-eni", "", "hour", 0.125),
    ("waf", "us-east-1", "web-acl", "v2", "acl-month", 5.00),
    ("waf", "us-east-1", "requests", "v2", "1M requests", 0.60),  # per request x 1,000,000
    ("directconnect", "us-east-1", "port-10G", "dedicated", "hour", 2.25),  # capacity 10G, connection type Dedicated
    ("networkfirewall", "eu-west-1", "endpoint", "", "hour", 0.395),
    ("acm-pca", "us-east-1", "certificate-authority", "general-purpose", "ca-month", 400.00),
    ("ssm", "us-east-1", "advanced-parameter", "", "hour", 0.00007),
    ("cloudtrail", "us-east-1", "data-events", "", "100K events", 0.10),  # per event x 100,000
    ("config", "us-east-1", "configuration-items", "continuous", "item", 0.003),
    ("directoryservice", "us-east-1", "microsoft-ad", "standard", "hour", 0.06),
    ("grafana", "us-east-1", "editor-licence", "", "user-month", 9.00),
    ("cloudformation", "us-east-1", "handler-operations", "", "operation", 0.0009),
    ("cloudhsm", "us-east-1", "hsm", "", "hour", 1.45),
]
OFFERS_READ = [  # (offer, prices kept, reserved prices kept, rows read) of the fixture's two regions, by code
    ("AmazonApiGateway", 16, 0, 16), ("AmazonCloudWatch", 10, 0, 10), ("AmazonDocDB", 2, 0, 2),
    ("AmazonDynamoDB", 8, 0, 16), ("AmazonEC2", 22, 8, 50), ("AmazonECR", 2, 0, 4), ("AmazonECS", 10, 0, 12),
    ("AmazonEFS", 6, 0, 6), ("AmazonEKS", 4, 0, 6), ("AmazonElastiCache", 4, 0, 4), ("AmazonES", 4, 0, 4),
    ("AmazonGrafana", 2, 0, 2), ("AmazonKinesis", 6, 0, 6), ("AmazonKinesisFirehose", 4, 0, 4), ("AmazonMSK", 4, 0, 4),
    ("AmazonMWAA", 6, 0, 6), ("AmazonNeptune", 2, 0, 2), ("AmazonRDS", 18, 4, 26), ("AmazonRedshift", 2, 0, 2),
    ("AmazonRoute53", 2, 0, 2), ("AmazonS3", 16, 0, 18), ("AmazonSNS", 4, 0, 10), ("AmazonStates", 8, 0, 8),
    ("AmazonVPC", 10, 0, 16), ("AWSBackup", 6, 0, 6), ("AWSCertificateManager", 2, 0, 2),
    ("AWSCloudFormation", 2, 0, 2), ("AWSCloudTrail", 2, 0, 2), ("AWSConfig", 2, 0, 2),
    ("AWSDatabaseMigrationSvc", 4, 0, 4), ("AWSDataTransfer", 8, 0, 12), ("AWSDirectConnect", 2, 0, 2),
    ("AWSDirectoryService", 2, 0, 2), ("AWSELB", 12, 0, 14), ("AWSEvents", 4, 0, 6), ("AWSGlue", 8, 0, 10),
    ("awskms", 2, 0, 2), ("AWSLambda", 12, 0, 14), ("AWSNetworkFirewall", 2, 0, 2), ("AWSQueueService", 12, 0, 14),
    ("AWSSecretsManager", 2, 0, 2), ("AWSSystemsManager", 2, 0, 2), ("AWSTransfer", 4, 0, 6), ("awswaf", 4, 0, 4),
    ("CloudHSM", 2, 0, 2), ("CodeBuild", 6, 0, 8)]


@pytest.mark.parametrize("service, region, item, variant, unit, usd", EXPECTED,
                         ids=[f"{s}-{r}-{i}-{v}" for s, r, i, v, *_ in EXPECTED])
def test_cached_prices_to_the_cent(refreshed, service, region, item, variant, unit, usd):
    _, prices, _, _ = refreshed
    assert price(prices, service, region, item, variant) == (unit, usd)


@pytest.mark.parametrize("service, item, variant, unit, usd", MESSAGING_EXPECTED,
                         ids=[f"{s}-{i}-{v}" for s, i, v, *_ in MESSAGING_EXPECTED])
def test_cached_messaging_and_streaming_prices_to_the_cent(refreshed, service, item, variant, unit, usd):
    _, prices, _, _ = refreshed
    for region in ("us-east-1", "eu-west-1"):
        assert price(prices, service, region, item, variant) == (unit, pytest.approx(usd, abs=1e-12))


def test_only_the_rules_products_are_kept(refreshed):
    report, prices, _, _ = refreshed
    us = prices[prices["region"] == "us-east-1"]
    assert sorted(us.loc[us["service"] == "ec2", "item"]) == ["m5.large", "m5.metal", "t3.micro"]
    assert sorted(us.loc[us["service"] == "rds", "variant"]) == [  # no Aurora
        "mysql|none|multi-az", "mysql|none|single-az", "oracle-se2|byol|multi-az",
        "sqlserver-ex|license-included|single-az"]
    assert sorted(us.loc[us["service"] == "aurora", "variant"]) == ["aurora-mysql|standard"]
    assert [(o.offer, o.prices, o.reserved, o.rows_read) for o in report.offers] == OFFERS_READ
    assert len(prices) == sum(count for _, count, _, _ in OFFERS_READ)
    assert {tuple(o.regions) for o in report.offers} == {("us-east-1", "eu-west-1")}
    assert report.ok and report.failures == []


def test_every_row_names_its_offer_file_and_publication_date(refreshed):
    _, prices, _, url = refreshed
    row = prices[(prices["service"] == "nat") & (prices["region"] == "eu-west-1")].iloc[0]
    assert row["source"] == f"{url}/offers/v1.0/aws/AmazonEC2/20260901120000/eu-west-1/index.csv"
    assert set(prices["as_of"]) == {PUBLISHED}


def test_reserved_terms_hourly_and_upfront(refreshed):
    _, _, reserved, _ = refreshed
    t3 = reserved[(reserved["item"] == "t3.micro") & (reserved["region"] == "us-east-1")]
    assert t3[["variant", "term", "unit", "usd", "upfront_usd"]].values.tolist() == [
        [ON_DEMAND, "reserved-1y-all-upfront", "hour", 0.0, 55.0],
        [ON_DEMAND, "reserved-1y-no-upfront", "hour", 0.0065, 0.0],  # not the convertible term's 0.0075
        [ON_DEMAND, "reserved-3y-all-upfront", "hour", 0.0, 113.0],
        [ON_DEMAND, "reserved-3y-no-upfront", "hour", 0.0045, 0.0],
    ]
    rds = reserved[(reserved["service"] == "rds") & (reserved["region"] == "eu-west-1")]
    assert rds[["item", "variant", "term", "usd", "upfront_usd"]].values.tolist() == [
        ["db.t3.micro", "mysql|none|single-az", "reserved-1y-no-upfront", 0.012, 0.0],
        ["db.t3.micro", "mysql|none|single-az", "reserved-3y-all-upfront", 0.0, 300.0],
    ]
    assert len(reserved) == 12


def test_the_catalog_prefers_the_newer_cache_and_fills_in_from_the_embedded_snapshot(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    with FixtureServer(standard_site().routes()) as server:
        refresh(server, None, services=["ec2", "kms"], regions=["us-east-1"])
    catalog = load_catalog()
    assert catalog.origin == f"{EMBEDDED_ORIGIN} and cache {tmp_path / 'prices'}"
    refreshed_row = catalog.lookup("ec2", "m5.large", "us-east-1", ON_DEMAND).iloc[0]
    assert (refreshed_row["usd"], refreshed_row["as_of"]) == (0.096, PUBLISHED)
    assert refreshed_row["source"] == csv_url(server, "AmazonEC2", "us-east-1")
    not_in_cache = catalog.lookup("ec2", "c5.large", "us-east-1", ON_DEMAND).iloc[0]  # a type the fixture lacks
    assert (not_in_cache["usd"], not_in_cache["as_of"]) == (0.085, "2025-11-20")
    other_region = catalog.lookup("ec2", "m5.large", "eu-west-1", ON_DEMAND).iloc[0]
    assert (other_region["usd"], other_region["as_of"]) == (0.107, "2025-11-20")
    ec2_label = f"cache {tmp_path / 'prices'} ({server.url}/offers/v1.0/aws/AmazonEC2/current/region_index.json)"
    kms_label = f"cache {tmp_path / 'prices'} ({server.url}/offers/v1.0/aws/awskms/current/region_index.json)"
    provenance = {p.service: (p.as_of, p.origin) for p in catalog.provenance(["us-east-1"])}
    assert provenance["kms"] == (PUBLISHED, kms_label)
    assert provenance["ec2"] == (PUBLISHED, f"{ec2_label}; {EMBEDDED_ORIGIN}")
    assert provenance["secretsmanager"] == ("2025-08-28", EMBEDDED_ORIGIN)  # secretsmanager.json last changed
    assert {p.service: p.origin for p in catalog.provenance(["eu-west-1"])}["kms"] == EMBEDDED_ORIGIN
    assert load_catalog() is catalog


def test_an_older_cache_gives_way_to_a_newer_embedded_snapshot(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    site = standard_site(published="2024-01-01T00:00:00Z")
    with FixtureServer(site.routes()) as server:
        refresh(server, None, services=["kms", "ec2"], regions=["us-east-1"])
    catalog = load_catalog()
    kms = catalog.lookup("kms", "key", "us-east-1").iloc[0]
    assert (kms["as_of"], kms["source"]) == ("2025-08-28", "aws-pricing-pages/kms.json Encryption Key")
    m5_metal = catalog.lookup("ec2", "m5.metal", "us-east-1", ON_DEMAND).iloc[0]
    assert (m5_metal["usd"], m5_metal["as_of"]) == (4.608, "2025-11-20")
    ebs_gap = catalog.lookup("ebs", "gp3", "us-east-1").iloc[0]  # the embedded snapshot wins where it has prices
    assert ebs_gap["as_of"] == "2024-07-18"
    assert {p.service: p.origin for p in catalog.provenance(["us-east-1"])}["kms"] == EMBEDDED_ORIGIN


def test_overview_says_where_prices_come_from_and_what_lacks_a_price(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    with FixtureServer(standard_site().routes()) as server:
        refresh(server, None, services=["kms", "rds"], regions=["us-east-1"])
    catalog = load_catalog()
    overview = catalog.overview(today=date(2026, 11, 30)).set_index("service")
    assert overview.loc["kms", ["as_of", "age_days", "items_with_gaps", "origin"]].tolist() == [
        PUBLISHED, 90, 0, f"cache; {EMBEDDED_ORIGIN}"]
    assert overview.loc["vpc", ["age_days", "origin"]].tolist() == [376, EMBEDDED_ORIGIN]  # as of 2025-11-19
    # the embedded snapshot has 2274 such gaps; the fixture's sqlserver-ex db.m5.large, priced in us-east-1 only,
    # is one more
    assert overview.loc["rds", "items_with_gaps"] == 2275
    assert list(catalog.info(today=date(2026, 11, 30)).columns) == INFO_COLUMNS


def test_a_region_missing_from_a_region_index_is_reported_and_the_rest_refreshed(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    with FixtureServer(standard_site().routes()) as server:
        report = refresh(server, None, services=["ec2", "kms"], regions=["us-east-1", "ap-southeast-2"])
    ec2, kms = report.offers
    assert (ec2.regions, ec2.missing_regions) == (["us-east-1", "ap-southeast-2"], ())
    assert (kms.regions, kms.missing_regions) == (["us-east-1"], ("ap-southeast-2",))
    assert report.ok
    assert report.summary()["status"].tolist() == ["ok", "ok; not offered in ap-southeast-2"]
    catalog = load_catalog()
    assert catalog.lookup("ec2", "t3.micro", "ap-southeast-2", ON_DEMAND).loc[0, "usd"] == 0.0132
    kms_sydney = catalog.lookup("kms", "key", "ap-southeast-2").iloc[0]  # kept from the embedded snapshot
    assert (kms_sydney["usd"], kms_sydney["as_of"]) == (1.0, "2025-08-28")


def test_a_region_in_no_index_fails_the_refresh(tmp_path):
    with FixtureServer(standard_site().routes()) as server:
        report = refresh(server, tmp_path, services=["kms"], regions=["us-east-1", "xx-west-9"])
    assert report.failures == ["region(s) xx-west-9 are in no offer's region index (not AWS region codes?)"]
    assert report.offers[0].regions == ["us-east-1"]


def test_an_unknown_new_attribute_column_is_ignored(tmp_path):
    header = EC2_HEADER[:20] + ["Carbon Footprint"] + EC2_HEADER[20:] + ["Quantum Ready"]
    site = standard_site()
    rows = [{**row, "Carbon Footprint": "0.5 kg", "Quantum Ready": "No"}
            for row in ec2_rows("us-east-1", "0.0111", "0.099", "0.082", "0.046")]
    site.add("AmazonEC2", "us-east-1", rows, header)
    with FixtureServer(site.routes()) as server:
        report = refresh(server, tmp_path, services=["AmazonEC2"], regions=["us-east-1"])
    prices = read_snapshot(report.generation / "prices.csv.gz")
    assert price(prices, "ec2", "us-east-1", "t3.micro", ON_DEMAND) == ("hour", 0.0111)
    assert price(prices, "ebs", "us-east-1", "gp3") == ("GB-month", 0.082)
    assert price(prices, "nat", "us-east-1", "nat-gateway") == ("hour", 0.046)
    assert report.offers[0].rows_read == 25


def test_later_refreshes_replace_only_their_services_and_regions(tmp_path):
    first = standard_site()
    second = standard_site(version="20261001000000", published="2026-10-01T00:00:00Z")
    second.add("awskms", "eu-west-1", [{**row, "PricePerUnit": "1.10"} for row in kms_rows("eu-west-1")])
    with FixtureServer(first.routes()) as server:
        refresh(server, tmp_path, services=["kms", "ec2"], regions=["us-east-1", "eu-west-1"])
    with FixtureServer(second.routes()) as server:
        report = refresh(server, tmp_path, services=["kms"], regions=["eu-west-1"])
    prices = read_snapshot(report.generation / "prices.csv.gz")
    kms = prices[prices["service"] == "kms"].set_index("region")
    assert kms.loc["eu-west-1", ["usd", "as_of"]].tolist() == [1.1, "2026-10-01"]
    assert kms.loc["us-east-1", ["usd", "as_of"]].tolist() == [1.0, PUBLISHED]
    assert price(prices, "ec2", "eu-west-1", "t3.micro", ON_DEMAND) == ("hour", 0.0114)
    assert sorted(path.name for path in (tmp_path / "prices").iterdir()) == [LIVE_LOCK, REFRESH_LOCK, "CURRENT",
                                                                             report.generation.name]


def test_services_are_offer_codes_or_catalog_services():
    assert parse_services(["ec2", "EBS", "AmazonRDS", "rds-storage", "AWSELB"]) == ["AmazonEC2", "AmazonRDS",
                                                                                    "AWSELB"]
    offers, services = declared_offers()
    assert {"AmazonEC2", "AmazonRDS", "AmazonS3", "AWSBackup", "AWSLambda", "CodeBuild"} < set(offers)
    assert {"ebs", "rds-storage", "s3", "dynamodb", "lambda", "glue"} < set(services)
    assert parse_services(None) == offers  # every offer a refresh filter reads, by code
    assert parse_services(["lambda", "ecs"]) == ["AWSLambda", "AmazonECS"]
    with pytest.raises(InputError) as error:
        parse_services(["fargate"])
    assert str(error.value) == unknown_service_message("fargate")


@pytest.mark.parametrize("options, message", [
    ({"regions": ["EU-WEST-1"]}, "--regions 'EU-WEST-1': 'EU-WEST-1' is not a region code; use codes such as "
                                 "us-east-1,eu-west-1, or all"),
    ({"endpoint": "pricing.example.com"}, "--endpoint 'pricing.example.com': expected an http(s) URL such as "
                                          "https://pricing.us-east-1.amazonaws.com"),
])
def test_bad_arguments_are_input_errors(tmp_path, options, message):
    with pytest.raises(InputError) as error:
        refresh_prices(**{"regions": None, "services": None, "endpoint": "http://127.0.0.1:9", **options},
                       cache_dir=tmp_path, progress=False)
    assert str(error.value) == message
    assert list(tmp_path.iterdir()) == []
