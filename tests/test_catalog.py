"""costing.catalog on the embedded snapshot: confirmed prices to the cent, provenance, coverage, errors."""

from __future__ import annotations

import gzip
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from costing import catalog as catalog_module
from costing.catalog import (PARSED_DIR, PARSED_KEPT, Catalog, decode_snapshot, encode_snapshot,
                             load_catalog, read_snapshot)
from costing.errors import InputError
from costing.regions import REGION_NAMES, region_name, region_named
from costing.result import PriceProvenance
from costing.rules import declared_prices
from costing.schema import PRICE_COLUMNS

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "pricing"
ON_DEMAND = "linux-ondemand-shared"
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
# The catalog's services: those the rule modules declare prices of, sorted (each service merge adds some).
# A service whose every price is declared `missing` (no data: cloudhsm) has none.
SERVICES = sorted({price.service for price in declared_prices() if not price.missing})


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# The confirmed figures of ../shared/pricing/README.md: (service, item, variant, unit) -> us-east-1, eu-west-1,
# ap-southeast-2.
CONFIRMED = [
    ("ec2", "t3.micro", ON_DEMAND, "hour", (0.0104, 0.0114, 0.0132)),
    ("ec2", "m5.large", ON_DEMAND, "hour", (0.096, 0.107, 0.120)),
    ("rds", "db.t3.micro", "mysql|none|single-az", "hour", (0.017, 0.018, 0.026)),
    ("rds", "db.t3.micro", "mysql|none|multi-az", "hour", (0.034, 0.036, 0.052)),
    ("nat", "nat-gateway", "", "hour", (0.045, 0.048, 0.059)),
    ("nat", "nat-gateway-data", "", "GB", (0.045, 0.048, 0.059)),
    ("elb", "alb", "", "hour", (0.0225, 0.0252, 0.0252)),
    ("elb", "alb-lcu", "", "LCU-hour", (0.008, 0.008, 0.008)),
    ("ebs", "gp3", "", "GB-month", (0.08, 0.088, 0.096)),
    ("ebs", "gp2", "", "GB-month", (0.10, 0.11, 0.12)),
    ("rds-storage", "gp3", "single-az", "GB-month", (0.115, 0.127, 0.138)),
    ("rds-storage", "gp3", "multi-az", "GB-month", (0.230, 0.254, 0.276)),
    ("vpc", "public-ipv4-in-use", "", "hour", (0.005, 0.005, 0.005)),
    ("vpc", "public-ipv4-idle", "", "hour", (0.005, 0.005, 0.005)),
    ("vpc", "site-to-site-vpn-connection", "", "hour", (0.05, 0.05, 0.05)),
]


@pytest.mark.parametrize("region_index, region", enumerate(REGIONS))
@pytest.mark.parametrize("service, item, variant, unit, prices", CONFIRMED,
                         ids=[f"{service}-{item}-{variant}" for service, item, variant, *_ in CONFIRMED])
def test_confirmed_figures_to_the_cent(catalog, service, item, variant, unit, prices, region_index, region):
    rows = catalog.lookup(service, item, region, variant)
    assert len(rows) == 1
    assert rows.loc[0, "unit"] == unit
    assert rows.loc[0, "usd"] == prices[region_index]


# Hand-checked in ../shared/pricing/aws-pricing-pages/*.json ("US East (N. Virginia)").
PAGES_US_EAST_1 = [  # as of the date each file last changed (../shared/pricing/README.md)
    ("secretsmanager", "secret", "secret-month", 0.40, "secretsmanager.json Secret", "2025-08-28"),
    ("kms", "key", "key-month", 1.00, "kms.json Encryption Key", "2025-08-28"),
    ("cloudwatch", "alarm-standard", "alarm-month", 0.10, "cloudwatch.json Alarm Standard", "2025-11-06"),
    ("cloudwatch", "alarm-high-resolution", "alarm-month", 0.30, "cloudwatch.json Alarm High Resolution",
     "2025-11-06"),
    ("cloudwatch", "alarm-composite", "alarm-month", 0.50, "cloudwatch.json Alarm Composite", "2025-11-06"),
    ("cloudwatch", "logs-ingestion", "GB", 0.50, "cloudwatch.json Logs Collected Data Ingestion", "2025-11-06"),
    ("cloudwatch", "logs-storage", "GB-month", 0.03, "cloudwatch.json Stored Data", "2025-11-06"),
    ("vpc", "interface-endpoint", "hour", 0.01, "vpc.json Hourly charge for VPC Endpoints per Hrs", "2025-10-24"),
    ("vpc", "interface-endpoint-data", "GB", 0.01,
     "vpc.json Charge for per GB data processed by VPC Endpoints per GB from 0 to 1048576", "2025-10-24"),
]


@pytest.mark.parametrize("service, item, unit, usd, source, as_of", PAGES_US_EAST_1)
def test_pricing_page_prices_in_us_east_1(catalog, service, item, unit, usd, source, as_of):
    row = catalog.lookup(service, item, "us-east-1").iloc[0]
    assert (row["unit"], row["usd"], row["source"], row["as_of"]) == (unit, usd, "aws-pricing-pages/" + source, as_of)


def test_interface_endpoint_hour_differs_by_region(catalog):
    assert [catalog.lookup("vpc", "interface-endpoint", region).loc[0, "usd"] for region in REGIONS] == [
        0.01, 0.011, 0.013]


def test_rows_carry_their_source_and_as_of(catalog):
    row = catalog.lookup("ec2", "t3.micro", "us-east-1", ON_DEMAND).iloc[0]
    assert row["source"] == ("github.com/v0rts/aws-price-watcher@c4a0470f (fork of iann0036/aws-price-watcher, MIT) "
                             "processed/ec2.json")
    assert row["as_of"] == "2025-11-20"
    newer_family = catalog.lookup("ec2", "m8i.large", "us-east-1", ON_DEMAND).iloc[0]
    assert newer_family["source"] == ("github.com/aws/karpenter-provider-aws@1d927085 zz_generated.pricing_aws.go "
                                      "(Apache-2.0)")
    assert newer_family["as_of"] == "2026-07-20"


def test_prices_table_shape(catalog):
    assert list(catalog.prices.columns) == PRICE_COLUMNS
    assert str(catalog.prices["usd"].dtype) == "float64"
    assert len(catalog.prices) == 114374  # the build summary's count: rebuild, then update (a merge sums the additions)
    assert not catalog.prices.duplicated(["service", "region", "item", "variant"]).any()


def test_regions_are_the_36_region_codes_sorted(catalog):
    assert len(catalog.regions) == 36
    assert catalog.regions[:3] == ("af-south-1", "ap-east-1", "ap-east-2")
    assert catalog.regions[-3:] == ("us-gov-west-1", "us-west-1", "us-west-2")
    assert catalog.regions == tuple(sorted(REGION_NAMES))


def test_known_region_validates_to_itself(catalog):
    assert catalog.validate_region("eu-west-1") == "eu-west-1"


@pytest.mark.parametrize("code, suggestion", [
    ("xx-1", "eu-west-1"),  # nothing close: the example
    ("eu-west1", "eu-west-1"),  # a near code
    ("US-EAST-1", "us-east-1"),  # the right code in the wrong case
    ("Ireland", "eu-west-1"),  # a region's name
    ("", "eu-west-1"),
])
def test_unknown_region_message(catalog, code, suggestion):
    with pytest.raises(InputError) as error:
        catalog.validate_region(code)
    assert str(error.value) == (f"unknown region {code!r}: use a region code such as {suggestion} "
                                f"(known: af-south-1, ap-east-1, ap-east-2 and 33 more)")


@pytest.mark.parametrize("args, message", [
    (("ec3", "t3.micro", "us-east-1", ON_DEMAND), "unknown price service 'ec3': closest: 'ecs', 'ecr', 'ec2'"),
    (("braket", "task", "us-east-1"),  # a service no rule prices
     f"unknown price service 'braket': known: {', '.join(map(repr, SERVICES[:3]))} and {len(SERVICES) - 3} more"),
    (("ec2", "t3.micra", "us-east-1", ON_DEMAND),
     "unknown ec2 item 't3.micra' in us-east-1: closest: 't3.micro', 't3a.micro', 't2.micro'"),
    (("ec2", "m9g.large", "eu-west-1", ON_DEMAND),
     "no ec2 price for 'm9g.large' in eu-west-1: it is priced in us-east-1"),
    (("ec2", "a1.large", "eu-south-1", ON_DEMAND),
     "no ec2 price for 'a1.large' in eu-south-1: it is priced in ap-northeast-1, ap-south-1, ap-southeast-1 "
     "and 6 more"),
    (("ebs", "gp3", "ap-east-2"),
     "no ebs prices in ap-east-2: a known gap of the price snapshot (ebs is priced in 31 of 36 regions)"),
    (("rds", "db.t3.micro", "us-east-1", "mysql|none|multiaz"),
     "no rds price for 'db.t3.micro' variant 'mysql|none|multiaz' in us-east-1: closest: 'mysql|none|multi-az', "
     "'mysql|none|single-az', 'mariadb|none|multi-az'"),
    (("rds", "db.t3.micro", "us-east-1"),
     "no rds price for 'db.t3.micro' variant '' in us-east-1: known: 'mariadb|none|multi-az', "
     "'mariadb|none|single-az', 'mysql|none|multi-az' and 4 more"),
    (("ec2", "t3.micro", "mars-1", ON_DEMAND),
     "unknown region 'mars-1': use a region code such as eu-west-1 "
     "(known: af-south-1, ap-east-1, ap-east-2 and 33 more)"),
])
def test_lookup_errors_name_what_is_missing_and_the_closest(catalog, args, message):
    with pytest.raises(InputError) as error:
        catalog.lookup(*args)
    assert str(error.value) == message


def test_info_per_service(catalog):
    info = catalog.info(today=date(2026, 11, 26)).set_index("service")
    assert {"ebs", "ec2", "rds", "rds-storage", "s3", "dynamodb", "fsx", "backup", "lambda", "ecs", "lightsail",
            "glue", "aurora", "elasticache", "redshift", "sqs", "sns", "apigateway", "kinesis", "cloudfront", "route53",
            "waf"} < set(SERVICES)
    assert "cloudhsm" not in SERVICES  # declared, but the shared data has no CloudHSM price
    assert list(info.index) == SERVICES  # every service a rule declares a price of, once, by name
    assert info.loc["ebs"].tolist() == [31, 14, 374, "2024-07-18", 861,
                                        "ap-east-2, ap-southeast-5, ap-southeast-6, ap-southeast-7, mx-central-1"]
    assert info.loc["ec2"].tolist() == [36, 1378, 17295, "2026-07-20", 129, ""]
    assert info.loc["rds"].tolist() == [36, 263, 47619, "2025-12-01", 360, ""]
    assert info.loc["vpc"].tolist() == [36, 14, 532, "2025-11-19", 372, ""]  # normalized/vpc.csv's date
    assert info.loc["cloudwatch"].tolist() == [36, 6, 216, "2025-11-06", 385, ""]  # cloudwatch.json last changed
    assert info["prices"].sum() == len(catalog.prices)
    everywhere = ["acm-pca", "apigateway", "aurora", "backup", "cloudformation", "cloudfront", "cloudtrail",
                  "cloudwatch", "config", "data-transfer", "directoryservice", "dms", "dynamodb", "ec2", "ecr", "ecs",
                  "efs", "eks", "elasticache", "elb", "eventbridge", "firehose", "globalaccelerator", "kinesis", "kms",
                  "lambda", "mq", "nat", "networkfirewall", "opensearch", "rds", "redshift", "route53", "s3", "sns",
                  "sqs", "ssm", "stepfunctions", "vpc"]
    assert (info.loc[everywhere, "missing_regions"] == "").all()
    partly = ["appsync", "cognito", "kinesisanalytics", "msk", "prometheus", "ses", "transfer", "waf"]
    assert info.loc[partly, "missing_regions"].to_dict() == {
        "appsync": "ap-east-2, ap-southeast-6, mx-central-1, us-gov-east-1, us-gov-west-1",
        "cognito": "ap-east-2, ap-southeast-6", "kinesisanalytics": "ap-southeast-6", "msk": "ap-southeast-6",
        "prometheus": "ap-southeast-6",
        "ses": "ap-east-1, ap-east-2, ap-southeast-4, ap-southeast-6, ap-southeast-7, eu-south-2, mx-central-1",
        "transfer": "ap-southeast-6", "waf": "ap-east-2, ap-southeast-6"}
    assert info.loc["fsx", "regions"] == 21  # fsx.json prices Lustre in 21 regions
    assert info.loc["lightsail", "regions"] == 15  # Lightsail is offered in 15 regions
    assert info.loc["grafana", "regions"] == 10  # Managed Grafana is offered in 10 regions
    assert info.loc["directconnect", "regions"] == 19  # directconnect.json's regions


def test_info_age_is_relative_to_today(catalog):
    ages = catalog.info(today=date(2024, 7, 28)).set_index("service")["age_days"]
    assert ages["ebs"] == 10
    assert catalog.info().set_index("service").loc["ebs", "age_days"] == (date.today() - date(2024, 7, 18)).days


def test_provenance_is_the_newest_as_of_per_service(catalog):
    provenance = catalog.provenance()
    assert [p.service for p in provenance] == SERVICES
    assert {p.service: p for p in provenance}["ebs"] == PriceProvenance("ebs", "2024-07-18", "embedded snapshot")
    assert {p.service: p.as_of for p in provenance}["ec2"] == "2026-07-20"  # newer families (karpenter source)
    assert {p.origin for p in provenance} == {"embedded snapshot"}


def test_embedded_catalog_is_read_once(catalog):
    assert load_catalog() is catalog


def kms_snapshot(usd: str = "1") -> bytes:
    return encode_snapshot([["kms", "us-east-1", "key", "", "key-month", usd, "a test", "2026-01-02"]])


@pytest.fixture
def decoded(monkeypatch, tmp_path):
    """Parses of snapshot files (calls of decode_snapshot), with an empty cache directory of their own."""
    monkeypatch.setenv("COSTING_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    real = catalog_module.decode_snapshot
    monkeypatch.setattr(catalog_module, "decode_snapshot", lambda *args: calls.append(args) or real(*args))
    return calls


def memos(tmp_path) -> list[Path]:
    return sorted((tmp_path / "cache" / PARSED_DIR).glob("*.memo"))


def test_a_parsed_snapshot_is_reused_until_its_bytes_change(tmp_path, decoded):
    path = tmp_path / "prices.csv.gz"
    path.write_bytes(kms_snapshot("1"))
    first = read_snapshot(path)
    assert (len(decoded), len(memos(tmp_path))) == (1, 1)
    again = read_snapshot(path)
    assert len(decoded) == 1  # from the memo
    assert again.equals(first) and list(again.dtypes) == list(first.dtypes)
    path.write_bytes(kms_snapshot("2"))
    assert read_snapshot(path)["usd"].tolist() == [2.0]  # never a stale table
    assert (len(decoded), len(memos(tmp_path))) == (2, 2)


def test_a_damaged_memo_is_parsed_again_and_rewritten(tmp_path, decoded):
    path = tmp_path / "prices.csv.gz"
    path.write_bytes(kms_snapshot())
    read_snapshot(path)
    [memo] = memos(tmp_path)
    memo.write_bytes(memo.read_bytes()[:100])
    assert read_snapshot(path)["usd"].tolist() == [1.0]
    assert read_snapshot(path)["usd"].tolist() == [1.0]
    assert len(decoded) == 2  # the damaged memo once, then the rewritten one


def test_only_the_snapshots_used_last_are_kept(tmp_path, decoded):
    path = tmp_path / "prices.csv.gz"
    for usd in range(PARSED_KEPT + 2):
        path.write_bytes(kms_snapshot(str(usd)))
        read_snapshot(path)
    assert len(memos(tmp_path)) == PARSED_KEPT


def test_a_bad_snapshot_leaves_no_memo(tmp_path, decoded):
    path = tmp_path / "prices.csv.gz"
    path.write_bytes(gzip.compress(b"service,region\nec2,us-east-1\n"))
    with pytest.raises(InputError):
        read_snapshot(path)
    assert memos(tmp_path) == []


def test_another_snapshot_path_has_its_own_origin(tmp_path):
    path = tmp_path / "cached.csv.gz"
    path.write_bytes(encode_snapshot([["kms", "us-east-1", "key", "", "key-month", "1", "a test", "2026-01-02"]]))
    catalog = load_catalog(path)
    assert catalog.origin == str(path)
    assert catalog.provenance() == (PriceProvenance("kms", "2026-01-02", str(path)),)
    assert catalog.regions == ("us-east-1",)
    with pytest.raises(InputError, match=r"^unknown region 'eu-west-1': use a region code such as us-east-1 "
                                         r"\(known: us-east-1\)$"):
        catalog.validate_region("eu-west-1")


@pytest.mark.parametrize("content, problem", [
    (b"plain text", "Not a gzipped file (b'pl')"),
    (gzip.compress(b"# source s1,someday,x\nservice\n"), "Invalid isoformat string: 'someday'"),
])
def test_unreadable_snapshot_names_the_file(tmp_path, content, problem):
    path = tmp_path / "prices.csv.gz"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_snapshot(path)
    assert str(error.value) == (f"cannot read price snapshot {path}: {problem} "
                                f"(rebuild it with scripts/build_price_snapshot.py)")


def test_snapshot_with_wrong_columns_or_undeclared_source(tmp_path):
    path = tmp_path / "prices.csv.gz"
    path.write_bytes(gzip.compress(b"service,region\nec2,us-east-1\n"))
    with pytest.raises(InputError) as error:
        read_snapshot(path)
    assert str(error.value) == (f"cannot read price snapshot {path}: expected columns "
                                f"service,region,item,variant,unit,usd,source, got service,region "
                                f"(rebuild it with scripts/build_price_snapshot.py)")
    path.write_bytes(gzip.compress(b"service,region,item,variant,unit,usd,source\nkms,us-east-1,key,,key-month,1,s7\n"))
    with pytest.raises(InputError) as error:
        read_snapshot(path)
    assert str(error.value) == (f"cannot read price snapshot {path}: source refs s7 are not declared "
                                f"(rebuild it with scripts/build_price_snapshot.py)")


def test_multiline_source_is_refused():
    with pytest.raises(ValueError, match="one line"):
        encode_snapshot([["kms", "us-east-1", "key", "", "key-month", "1", "two\nlines", "2026-01-02"]])


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=8)
_rows = st.lists(st.tuples(_text, _text, _text, _text, _text,
                           st.decimals(min_value=0, max_value=10_000, places=4),
                           _text, st.dates()), min_size=1, max_size=20)


@settings(max_examples=60, deadline=None)
@given(_rows)
@example([("ec2", "01", "1", "", "0", Decimal("0.5"), "s", date(2025, 1, 1))])  # all-numeric columns
def test_snapshot_round_trips_any_text(rows):
    """Commas, quotes, numeric-looking names ("01"), blanks: what is written is what is read."""
    text_rows = [[*row[:5], str(row[5]), row[6], row[7].isoformat()] for row in rows]
    prices = decode_snapshot(encode_snapshot(text_rows))
    assert prices.astype({column: str for column in PRICE_COLUMNS if column != "usd"}).values.tolist() == [
        [*row[:5], float(row[5]), *row[6:]] for row in text_rows]


def test_region_names():
    assert region_name("eu-west-1") == "EU (Ireland)"
    assert region_name("xx-1") == ""
    assert region_named("sydney") == "ap-southeast-2"
    assert region_named("asia") is None  # many regions match
    assert region_named("us") is None  # too short to mean anything


@pytest.mark.skipif(not (SHARED / "aws-pricing-pages" / "locations.json").is_file(),
                    reason=f"the shared pricing tree is not at {SHARED}")
def test_region_names_match_aws_locations():
    locations = json.loads((SHARED / "aws-pricing-pages" / "locations.json").read_text())
    names = {entry["code"]: name for name, entry in locations.items() if entry["type"] == "AWS Region"}
    assert {code: names[code] for code in REGION_NAMES} == REGION_NAMES
