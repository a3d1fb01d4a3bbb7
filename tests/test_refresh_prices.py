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
from tests.refresh_server import EC2_HEADER, FixtureServer, ec2_rows, fast_retries, kms_rows, standard_site

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
]


@pytest.mark.parametrize("service, region, item, variant, unit, usd", EXPECTED,
                         ids=[f"{s}-{r}-{i}-{v}" for s, r, i, v, *_ in EXPECTED])
def test_cached_prices_to_the_cent(refreshed, service, region, item, variant, unit, usd):
    _, prices, _, _ = refreshed
    assert price(prices, service, region, item, variant) == (unit, usd)


def test_only_the_rules_products_are_kept(refreshed):
    report, prices, _, _ = refreshed
    us = prices[prices["region"] == "us-east-1"]
    assert sorted(us.loc[us["service"] == "ec2", "item"]) == ["m5.large", "m5.metal", "t3.micro"]
    assert sorted(us.loc[us["service"] == "rds", "variant"]) == [  # no Aurora
        "mysql|none|multi-az", "mysql|none|single-az", "oracle-se2|byol|multi-az",
        "sqlserver-ex|license-included|single-az"]
    assert len(prices) == 82  # the sum of the offers' prices below
    assert [(o.offer, o.prices, o.reserved, o.rows_read) for o in report.offers] == [
        ("AmazonEC2", 22, 8, 50), ("AmazonRDS", 16, 4, 26), ("AWSELB", 12, 0, 14), ("AmazonVPC", 10, 0, 16),
        ("AWSDataTransfer", 8, 0, 12), ("AmazonCloudWatch", 10, 0, 10), ("AWSSecretsManager", 2, 0, 2),
        ("awskms", 2, 0, 2)]
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
    assert provenance["secretsmanager"] == ("2025-12-01", EMBEDDED_ORIGIN)
    assert {p.service: p.origin for p in catalog.provenance(["eu-west-1"])}["kms"] == EMBEDDED_ORIGIN
    assert load_catalog() is catalog


def test_an_older_cache_gives_way_to_a_newer_embedded_snapshot(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    site = standard_site(published="2024-01-01T00:00:00Z")
    with FixtureServer(site.routes()) as server:
        refresh(server, None, services=["kms", "ec2"], regions=["us-east-1"])
    catalog = load_catalog()
    kms = catalog.lookup("kms", "key", "us-east-1").iloc[0]
    assert (kms["as_of"], kms["source"]) == ("2025-12-01", "aws-pricing-pages/kms.json Encryption Key")
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
    assert overview.loc["vpc", ["age_days", "origin"]].tolist() == [364, EMBEDDED_ORIGIN]
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
    assert (kms_sydney["usd"], kms_sydney["as_of"]) == (1.0, "2025-12-01")


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
    assert parse_services(None) == ["AmazonEC2", "AmazonRDS", "AWSELB", "AmazonVPC", "AWSDataTransfer",
                                    "AmazonCloudWatch", "AWSSecretsManager", "awskms"]
    with pytest.raises(InputError) as error:
        parse_services(["lambda"])
    assert str(error.value) == (
        "--services 'lambda': not a service the rules price; use offer codes (AmazonEC2, AmazonRDS, AWSELB, "
        "AmazonVPC, AWSDataTransfer, AmazonCloudWatch, AWSSecretsManager, awskms) or catalog services (ec2, ebs, "
        "nat, rds, rds-storage, elb, vpc, data-transfer, cloudwatch, secretsmanager, kms)")


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
