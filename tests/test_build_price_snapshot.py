"""scripts/build_price_snapshot.py: exact rows of prices declared here from a miniature pricing tree, and of
every declared price from the real tree when present."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from costing.catalog import EMBEDDED_SNAPSHOT, read_snapshot
from costing.rules.declare import Normalized, Page, Price
from costing.schema import PRICE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_price_snapshot.py"
FIXTURE = Path(__file__).parent / "fixtures" / "pricing"
SHARED = ROOT.parent / "shared" / "pricing"

_spec = importlib.util.spec_from_file_location("build_price_snapshot", SCRIPT)
build = sys.modules["build_price_snapshot"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

EC2_OLD = "github.com/example/aws-price-watcher@c4a0470f processed/ec2.json"
EC2_NEW = "github.com/example/karpenter@1d927085 zz_generated.pricing_aws.go"
RDS = "github.com/example/aws-price-watcher@c4a0470f processed/rds-mysql-ondemand.json"
EBS = "github.com/example/ec2.shop@74c9fd8a data/ebs/ebs.json"
PAGES = "aws-pricing-pages/"
ON_DEMAND = "linux-ondemand-shared"

ENDPOINT_HOUR = "vpc.json Hourly charge for VPC Endpoints per Hrs"
ENDPOINT_GB = "vpc.json Charge for per GB data processed by VPC Endpoints per GB from 0 to 1048576"


def page_row(service: str, region: str, item: str, unit: str, usd: str, page_metric: str, as_of: str) -> list[str]:
    """A snapshot row taken from aws-pricing-pages (no variant), as of the date its file last changed."""
    return [service, region, item, "", unit, usd, PAGES + page_metric, as_of]


CLOUDWATCH, KMS, SECRETS, VPC = "2025-11-06", "2025-08-28", "2025-08-28", "2025-10-24"  # the fixture README's dates


def page_price(service: str, item: str, unit: str, file: str, metric: str) -> Price:
    return Price(service, item, unit, item, sources=[Page(file, metric)])


# What the fixture tree is read for: families over normalized tables (two files for EC2), and page metrics.
FIXTURE_PRICES = (
    Price("ec2", "{instance_type}", "hour", "instance", variant=ON_DEMAND,
          sources=[Normalized("ec2"), Normalized("ec2-newer")]),
    Price("rds", "{instance_class}", "hour", "DB instance", variant="{engine}|{licence}|{deployment}",
          sources=[Normalized("rds")]),
    Price("ebs", "{volume_type}", "GB-month", "storage", sources=[Normalized("ebs")]),
    page_price("vpc", "interface-endpoint", "hour", "vpc.json", "Hourly charge for VPC Endpoints per Hrs"),
    page_price("vpc", "interface-endpoint-data", "GB", "vpc.json",
               "Charge for per GB data processed by VPC Endpoints per GB from 0 to 1048576"),
    page_price("cloudwatch", "alarm-standard", "alarm-month", "cloudwatch.json", "Alarm Standard"),
    page_price("cloudwatch", "alarm-high-resolution", "alarm-month", "cloudwatch.json", "Alarm High Resolution"),
    page_price("cloudwatch", "alarm-composite", "alarm-month", "cloudwatch.json", "Alarm Composite"),
    page_price("cloudwatch", "logs-ingestion", "GB", "cloudwatch.json", "Logs Collected Data Ingestion"),
    page_price("cloudwatch", "logs-storage", "GB-month", "cloudwatch.json", "Stored Data"),
    page_price("secretsmanager", "secret", "secret-month", "secretsmanager.json", "Secret"),
    page_price("kms", "key", "key-month", "kms.json", "Encryption Key"),
)

FIXTURE_ROWS = [
    page_row("cloudwatch", "us-east-1", "alarm-composite", "alarm-month", "0.5", "cloudwatch.json Alarm Composite",
             CLOUDWATCH),
    page_row("cloudwatch", "us-east-1", "alarm-high-resolution", "alarm-month", "0.3",
             "cloudwatch.json Alarm High Resolution", CLOUDWATCH),
    page_row("cloudwatch", "us-east-1", "alarm-standard", "alarm-month", "0.1", "cloudwatch.json Alarm Standard",
             CLOUDWATCH),
    page_row("cloudwatch", "us-east-1", "logs-ingestion", "GB", "0.5", "cloudwatch.json Logs Collected Data Ingestion",
             CLOUDWATCH),
    page_row("cloudwatch", "us-east-1", "logs-storage", "GB-month", "0.03", "cloudwatch.json Stored Data", CLOUDWATCH),
    ["ebs", "us-east-1", "gp3", "", "GB-month", "0.08", EBS, "2024-07-18"],
    ["ec2", "eu-west-1", "t3.micro", ON_DEMAND, "hour", "0.0114", EC2_OLD, "2025-11-20"],
    ["ec2", "us-east-1", "m5.large", ON_DEMAND, "hour", "0.096", EC2_OLD, "2025-11-20"],
    ["ec2", "us-east-1", "m7i.large", ON_DEMAND, "hour", "0.1008", EC2_NEW, "2026-07-20"],
    ["ec2", "us-east-1", "t3.micro", ON_DEMAND, "hour", "0.0105", EC2_NEW, "2026-07-20"],
    page_row("kms", "us-east-1", "key", "key-month", "1", "kms.json Encryption Key", KMS),
    ["rds", "us-east-1", "db.t3.micro", "mysql|none|multi-az", "hour", "0.034", RDS, "2025-12-01"],
    ["rds", "us-east-1", "db.t3.micro", "mysql|none|single-az", "hour", "0.017", RDS, "2025-12-01"],
    page_row("secretsmanager", "eu-west-1", "secret", "secret-month", "0.41", "secretsmanager.json Secret", SECRETS),
    page_row("secretsmanager", "us-east-1", "secret", "secret-month", "0.4", "secretsmanager.json Secret", SECRETS),
    page_row("vpc", "eu-west-1", "interface-endpoint", "hour", "0.011", ENDPOINT_HOUR, VPC),
    page_row("vpc", "eu-west-1", "interface-endpoint-data", "GB", "0.01", ENDPOINT_GB, VPC),
    page_row("vpc", "us-east-1", "interface-endpoint", "hour", "0.01", ENDPOINT_HOUR, VPC),
    page_row("vpc", "us-east-1", "interface-endpoint-data", "GB", "0.01", ENDPOINT_GB, VPC),
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A writable copy of the fixture tree, for tests that break one file."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "pricing"))


@pytest.mark.parametrize("text, expected", [
    ("file changed 2025-11-20", "2025-11-20"),
    ("2026-07-20", "2026-07-20"),
    ("2025-12-05 (raw manifest)", "2025-12-05"),
    ("2025-10-28T17:54:55Z", "2025-10-28"),
    ("file changed 2025-10..12", "2025-12-01"),
    ("2025-11", "2025-11-01"),
])
def test_as_of_is_the_day_given_or_the_first_day_of_the_latest_month(text, expected):
    assert build.parse_as_of(text) == expected


@pytest.mark.parametrize("text, message", [
    ("late 2025", "cannot read a date from 'late 2025': expected YYYY-MM-DD, YYYY-MM or YYYY-MM..MM"),
    ("2025-02-30", "invalid date in '2025-02-30': day is out of range for month"),
    ("2025-10..13", "invalid date in '2025-10..13': month must be in 1..12"),
])
def test_unreadable_as_of_is_an_error_naming_the_text(text, message):
    with pytest.raises(build.BuildError) as error:
        build.parse_as_of(text)
    assert str(error.value) == message


@pytest.mark.parametrize("text, expected", [("0.0100000000", "0.01"), ("1.0000000000", "1"), ("0.0960", "0.096"),
                                            ("0.0000001000", "0.0000001"), ("0", "0"), ("12", "12")])
def test_prices_keep_their_exact_decimal_in_the_shortest_form(text, expected):
    assert build.format_usd(text, "here") == expected


@pytest.mark.parametrize("text, message", [("abc", "here: price 'abc' is not a number"),
                                           ("-0.01", "here: price '-0.01' is not a finite non-negative number"),
                                           ("NaN", "here: price 'NaN' is not a finite non-negative number")])
def test_bad_prices_are_rejected_not_guessed(text, message):
    with pytest.raises(build.BuildError) as error:
        build.format_usd(text, "here")
    assert str(error.value) == message


def test_fixture_tree_gives_exactly_these_rows():
    snapshot = build.build_snapshot(FIXTURE, FIXTURE_PRICES)
    assert snapshot.rows == FIXTURE_ROWS
    assert (snapshot.unclaimed, snapshot.pages_snapshot) == (0, "2025-12-06")


def test_duplicates_keep_the_newest_source_then_the_higher_price():
    snapshot = build.build_snapshot(FIXTURE, FIXTURE_PRICES)
    # ec2 t3.micro us-east-1: 0.0104 (2025-11-20) lost to 0.0105 (2026-07-20); secretsmanager eu-west-1:
    # "EU (Ireland)" 0.40 and "Europe (Ireland)" 0.41 share source and date, the higher price stays.
    assert snapshot.duplicates == 2
    # A Local Zone, a Local Zone mislabelled "AWS Region" (us-east-2-mci-1) and a blank location.
    assert snapshot.skipped_locations == 3


def test_normalized_rows_no_declared_price_fits_are_left_out_and_counted():
    only_gp2 = (Price("ebs", "gp2", "GB-month", "gp2 storage", sources=[Normalized("ebs")]),)
    snapshot = build.build_snapshot(FIXTURE, only_gp2)
    assert (snapshot.rows, snapshot.unclaimed) == ([], 1)  # the fixture's one EBS row is gp3


ELASTICACHE = "[OnDemand Cache Instance Standard {engine} Current Generation] OnDemand Cache Instance Standard cache " \
              "t4g.micro {engine} Current Generation"


def test_a_pattern_fills_a_family_from_the_metric_and_the_location_detail():
    nodes = Price("elasticache", "{node_type}", "hour", "node", variant="{engine}", sources=[Page(
        "elasticache.json", re.compile(r"\[OnDemand Cache Instance .*\] .* (?P<engine>Redis|Memcached|Valkey) .*"),
        detail=re.compile(r"Instance Type: (?P<node_type>cache\.[\w.]+)"),
        values={"engine": {"Redis": "redis", "Memcached": "memcached"}})])  # Valkey left out: not in `values`
    snapshot = build.build_snapshot(FIXTURE, (nodes,))
    source = {engine: PAGES + "elasticache.json " + ELASTICACHE.format(engine=engine)
              for engine in ("Redis", "Memcached")}
    assert snapshot.rows == [
        ["elasticache", "eu-west-1", "cache.t4g.micro", "redis", "hour", "0.018", source["Redis"], "2025-12-05"],
        ["elasticache", "us-east-1", "cache.t4g.micro", "memcached", "hour", "0.017", source["Memcached"],
         "2025-12-05"],
        ["elasticache", "us-east-1", "cache.t4g.micro", "redis", "hour", "0.016", source["Redis"], "2025-12-05"]]
    assert snapshot.skipped_locations == 1  # the Local Zone's


def test_a_factor_converts_the_unit_and_a_global_location_prices_every_region():
    requests = Price("lambda", "requests", "1M requests", "requests",
                     sources=[Page("lambda.json", "Lambda Requests", factor=1_000_000)])
    zones = Price("route53", "hosted-zone", "zone-month", "hosted zone",
                  sources=[Page("route53.json", "Hosted Zone", location="Any")])
    rows = build.build_snapshot(FIXTURE, (requests, zones)).rows
    assert [row[:6] for row in rows] == [
        ["lambda", "eu-west-1", "requests", "", "1M requests", "0.2"],  # 0.0000002 x 1,000,000
        ["lambda", "us-east-1", "requests", "", "1M requests", "0.2"],
        ["route53", "eu-west-1", "hosted-zone", "", "zone-month", "0.5"],
        ["route53", "us-east-1", "hosted-zone", "", "zone-month", "0.5"]]


@pytest.mark.parametrize("price, message", [
    (Price("elasticache", "{node_type}", "hour", "node", sources=[Page("elasticache.json", re.compile("Redis"))]),
     "elasticache.json: no metric matches 'Redis'"),
    (Price("elasticache", "{node_type}", "hour", "node",
           sources=[Page("elasticache.json", re.compile(r"ElastiCache Serverless (?P<engine>\w+) ECPU"))]),
     "elasticache.json: metric 'ElastiCache Serverless Redis ECPU' leaves node_type of elasticache {node_type} "
     "unfilled"),
    (Price("route53", "zone", "zone-month", "zone", sources=[Page("route53.json", "Hosted Zone", location="Global")]),
     "route53.json: metric 'Hosted Zone' has no price for location 'Global'"),
])
def test_a_source_that_reads_nothing_or_too_little_is_an_error(price, message):
    with pytest.raises(build.BuildError) as error:
        build.build_snapshot(FIXTURE, (price,))
    assert str(error.value) == f"{FIXTURE / 'aws-pricing-pages'}/{message}"


def test_a_page_without_a_last_changed_date_is_an_error(tree):
    (tree / "aws-pricing-pages" / "s3.json").write_text(json.dumps({"Storage": {"US East (N. Virginia)": "0.023"}}))
    with pytest.raises(build.BuildError) as error:
        build.build_snapshot(tree, (page_price("s3", "storage", "GB-month", "s3.json", "Storage"),))
    assert str(error.value) == f"{tree / 'README.md'}: no 'last changed' date for s3.json in its table of files"


def test_a_page_changed_after_the_snapshot_commit_is_an_error(tree):
    readme = tree / "README.md"
    readme.write_text(readme.read_text().replace("| kms | 2025-08-28 |", "| kms | 2026-01-02 |"))
    with pytest.raises(build.BuildError) as error:
        build.build_snapshot(tree, FIXTURE_PRICES)
    assert str(error.value) == f"{readme}: kms last changed 2026-01-02, after the snapshot commit 2025-12-06"


def test_the_snapshot_reads_back_and_rebuilds_byte_identical(tmp_path):
    first = build.encode_snapshot(build.build_snapshot(FIXTURE, FIXTURE_PRICES).rows)
    assert build.encode_snapshot(build.build_snapshot(FIXTURE, FIXTURE_PRICES).rows) == first
    first_line = b"# source s1,2025-11-06,aws-pricing-pages/cloudwatch.json Alarm Composite\n"
    assert gzip.decompress(first).startswith(first_line)
    output = tmp_path / "prices.csv.gz"
    output.write_bytes(first)
    prices = read_snapshot(output)
    assert list(prices.columns) == PRICE_COLUMNS
    expected = [[*row[:5], float(row[5]), *row[6:]] for row in FIXTURE_ROWS]
    assert prices.astype({column: str for column in PRICE_COLUMNS if column != "usd"}).values.tolist() == expected


def test_cli_help_names_the_options():
    result = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True)
    assert "--shared" in result.stdout and "--output" in result.stdout


def _run_main(capsys, *args: str) -> tuple[int, str]:
    code = build.main(list(args))
    return code, capsys.readouterr().err


def test_missing_tree_exits_2_naming_it(tmp_path, capsys):
    code, err = _run_main(capsys, "--shared", str(tmp_path / "nope"), "--output", str(tmp_path / "p.csv.gz"))
    assert code == 2
    assert err == (f"build_price_snapshot: {tmp_path / 'nope'}: not a directory "
                   f"(pass --shared PATH to the shared pricing tree)\n")
    assert not (tmp_path / "p.csv.gz").exists()


def build_error(tree: Path) -> str:
    """The BuildError the fixture's prices give on `tree`."""
    with pytest.raises(build.BuildError) as error:
        build.build_snapshot(tree, FIXTURE_PRICES)
    return str(error.value)


def test_unknown_source_id_names_file_and_line(tree):
    with (tree / "normalized" / "ebs.csv").open("a") as handle:
        handle.write("ebs,us-east-1,gp2,,GB-month,0.10,S9\n")
    assert build_error(tree) == "ebs.csv line 3: source_id 'S9' is not in sources.json"


def test_wrong_columns_name_the_file(tree):
    (tree / "normalized" / "ebs.csv").write_text("service,region,price\nebs,us-east-1,0.045\n")
    assert build_error(tree) == (f"{tree / 'normalized' / 'ebs.csv'}: expected columns "
                                 f"service,region,item,variant,unit,usd,source_id, got ['service', 'region', 'price']")


def test_a_missing_table_names_it(tree):
    (tree / "normalized" / "rds.csv").unlink()
    assert build_error(tree) == f"{tree / 'normalized' / 'rds.csv'}: file not found (a declared price reads it)"


def test_missing_page_metric_is_named(tree):
    (tree / "aws-pricing-pages" / "kms.json").write_text(json.dumps({"Key": {"US East (N. Virginia)": "1"}}))
    assert build_error(tree) == f"{tree / 'aws-pricing-pages' / 'kms.json'}: metric 'Encryption Key' not found"


def test_bad_as_of_in_sources_names_the_source(tree):
    sources_path = tree / "normalized" / "sources.json"
    sources = json.loads(sources_path.read_text())
    sources[3]["published_or_changed"] = "recently"
    sources_path.write_text(json.dumps(sources))
    assert build_error(tree) == (f"{sources_path}: source S4: cannot read a date from 'recently': expected "
                                 f"YYYY-MM-DD, YYYY-MM or YYYY-MM..MM")


def test_unreadable_json_is_named(tree):
    (tree / "aws-pricing-pages" / "locations.json").write_text("{not json")
    assert build_error(tree).startswith(f"{tree / 'aws-pricing-pages' / 'locations.json'}: not readable JSON (")


needs_shared = pytest.mark.skipif(not (SHARED / "normalized").is_dir(),
                                  reason=f"the shared pricing tree is not at {SHARED}")


@needs_shared
def test_real_tree_builds_the_committed_snapshot_byte_for_byte(tmp_path, capsys):
    output = tmp_path / "prices.csv.gz"
    assert build.main(["--shared", str(SHARED), "--output", str(output)]) == 0
    summary = capsys.readouterr().out
    assert re.fullmatch(rf"wrote \d+ prices \(\d+ services, 36 regions\) to {re.escape(str(output))}; dropped \d+ "
                        rf"duplicate keys; skipped \d+ page prices for non-region locations; left out 0 normalized "
                        rf"rows no price declares; pricing pages current at 2025-12-06\n", summary), summary
    assert output.read_bytes() == EMBEDDED_SNAPSHOT.read_bytes(), \
        "costing/data/prices.csv.gz is stale: run .venv/bin/python scripts/build_price_snapshot.py"


@needs_shared
def test_real_tree_keeps_every_normalized_row_and_its_provenance():
    rows = build.build_snapshot(SHARED).rows
    normalized = sum(len(path.read_text().splitlines()) - 1 for path in (SHARED / "normalized").glob("*.csv"))
    from_pages = [row for row in rows if row[6].startswith(PAGES)]
    assert len(rows) - len(from_pages) == normalized == 66780
    dates = dict(re.findall(r"^\| (\w[\w-]*) \| (\d{4}-\d\d-\d\d) \|", (SHARED / "README.md").read_text(), re.M))
    assert {(row[6].split()[0], row[7]) for row in from_pages} == {  # each page as of the date it last changed
        (f"{PAGES}{file}.json", dates[file]) for file in {row[6].split()[0][len(PAGES):-5] for row in from_pages}}
    by_key = {tuple(row[:4]): row for row in rows}
    assert by_key["ec2", "us-east-1", "t3.micro", ON_DEMAND][5:] == [
        "0.0104", "github.com/v0rts/aws-price-watcher@c4a0470f (fork of iann0036/aws-price-watcher, MIT) "
                  "processed/ec2.json", "2025-11-20"]
    assert by_key["rds", "eu-west-1", "db.t3.micro", "mysql|none|multi-az"][5:] == [
        "0.036", "github.com/v0rts/aws-price-watcher@c4a0470f (fork of iann0036/aws-price-watcher, MIT) "
                 "processed/rds-mysql-ondemand.json", "2025-12-01"]
    assert by_key["nat", "us-east-1", "nat-gateway", ""][5:] == [
        "0.045", "github.com/lamngockhuong/aws-price@508fb452 lib/data/pricing/natgateway.json (no licence file)",
        "2025-10-28"]


def test_most_common_keeps_the_price_most_places_of_a_region_share_and_drops_suspect_ones():
    def place(region: str, usd: str, where: str) -> list[str]:
        return ["dx", region, "port-1G", "dedicated", "hour", usd, f"{PAGES}dx.json Port {where}", "2025-04-29"]

    rows = [place("eu-west-3", "2.25", "A"), place("eu-west-3", "2.25", "B"), place("eu-west-3", "0.3", "C"),
            place("ap-northeast-1", "0.285", "D"), place("ap-northeast-1", "0.3", "E"),  # a tie: the higher
            place("us-east-1", "0.3", "F"), place("us-east-1", "0.3", "G"), place("us-west-2", "0.3", "H"),
            place("sa-east-1", "9", "I")]  # every place suspect: no price at all, never a suspect one
    assert build.most_common(rows, 2) == [
        place("ap-northeast-1", "0.3", "E (the price of 1 of the region's 2 places; others: 0.285 at 1)"),
        place("eu-west-3", "0.3", "C (the price of 1 of the region's 3 places; left out as suspect: 2.25 at 2 (over 2x "
                                  "0.3, the price most places charge))"),
        place("us-east-1", "0.3", "F (the price of 2 of the region's 2 places)"),
        place("us-west-2", "0.3", "H (the price of 1 of the region's 1 places)")]
    assert [row[5] for row in build.most_common(rows, 0)][:2] == ["0.3", "2.25"]  # no suspect filter: Paris' 2 of 3
