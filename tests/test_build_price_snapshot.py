"""scripts/build_price_snapshot.py: exact rows from a miniature pricing tree, and the real tree when present."""

from __future__ import annotations

import gzip
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from costing.catalog import EMBEDDED_SNAPSHOT, read_snapshot
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


def page_row(service: str, region: str, item: str, unit: str, usd: str, page_metric: str) -> list[str]:
    """A snapshot row taken from aws-pricing-pages (no variant; the default pages as-of date)."""
    return [service, region, item, "", unit, usd, PAGES + page_metric, "2025-12-01"]


FIXTURE_ROWS = [
    page_row("cloudwatch", "us-east-1", "alarm-composite", "alarm-month", "0.5", "cloudwatch.json Alarm Composite"),
    page_row("cloudwatch", "us-east-1", "alarm-high-resolution", "alarm-month", "0.3",
             "cloudwatch.json Alarm High Resolution"),
    page_row("cloudwatch", "us-east-1", "alarm-standard", "alarm-month", "0.1", "cloudwatch.json Alarm Standard"),
    page_row("cloudwatch", "us-east-1", "logs-ingestion", "GB", "0.5", "cloudwatch.json Logs Collected Data Ingestion"),
    page_row("cloudwatch", "us-east-1", "logs-storage", "GB-month", "0.03", "cloudwatch.json Stored Data"),
    ["ebs", "us-east-1", "gp3", "", "GB-month", "0.08", EBS, "2024-07-18"],
    ["ec2", "eu-west-1", "t3.micro", ON_DEMAND, "hour", "0.0114", EC2_OLD, "2025-11-20"],
    ["ec2", "us-east-1", "m5.large", ON_DEMAND, "hour", "0.096", EC2_OLD, "2025-11-20"],
    ["ec2", "us-east-1", "m7i.large", ON_DEMAND, "hour", "0.1008", EC2_NEW, "2026-07-20"],
    ["ec2", "us-east-1", "t3.micro", ON_DEMAND, "hour", "0.0105", EC2_NEW, "2026-07-20"],
    page_row("kms", "us-east-1", "key", "key-month", "1", "kms.json Encryption Key"),
    ["rds", "us-east-1", "db.t3.micro", "mysql|none|multi-az", "hour", "0.034", RDS, "2025-12-01"],
    ["rds", "us-east-1", "db.t3.micro", "mysql|none|single-az", "hour", "0.017", RDS, "2025-12-01"],
    page_row("secretsmanager", "eu-west-1", "secret", "secret-month", "0.41", "secretsmanager.json Secret"),
    page_row("secretsmanager", "us-east-1", "secret", "secret-month", "0.4", "secretsmanager.json Secret"),
    page_row("vpc", "eu-west-1", "interface-endpoint", "hour", "0.011", ENDPOINT_HOUR),
    page_row("vpc", "eu-west-1", "interface-endpoint-data", "GB", "0.01", ENDPOINT_GB),
    page_row("vpc", "us-east-1", "interface-endpoint", "hour", "0.01", ENDPOINT_HOUR),
    page_row("vpc", "us-east-1", "interface-endpoint-data", "GB", "0.01", ENDPOINT_GB),
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
    snapshot = build.build_snapshot(FIXTURE)
    assert snapshot.rows == FIXTURE_ROWS


def test_duplicates_keep_the_newest_source_then_the_higher_price():
    snapshot = build.build_snapshot(FIXTURE)
    # ec2 t3.micro us-east-1: 0.0104 (2025-11-20) lost to 0.0105 (2026-07-20); secretsmanager eu-west-1:
    # "EU (Ireland)" 0.40 and "Europe (Ireland)" 0.41 share source and date, the higher price stays.
    assert snapshot.duplicates == 2
    # A Local Zone, a Local Zone mislabelled "AWS Region" (us-east-2-mci-1) and a blank location.
    assert snapshot.skipped_locations == 3


def test_pages_as_of_can_be_overridden():
    rows = build.build_snapshot(FIXTURE, pages_as_of="2026-01-15").rows
    assert {row[7] for row in rows if row[6].startswith(PAGES)} == {"2026-01-15"}


def test_cli_writes_a_snapshot_that_reads_back_and_rebuilds_byte_identical(tmp_path):
    output = tmp_path / "out" / "prices.csv.gz"
    command = [sys.executable, str(SCRIPT), "--shared", str(FIXTURE), "--output", str(output)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert first.stdout == (f"wrote 19 prices (7 services, 2 regions) to {output}; dropped 2 duplicate keys; "
                            f"skipped 3 page prices for non-region locations\n")
    written = output.read_bytes()
    subprocess.run(command, capture_output=True, check=True)
    assert output.read_bytes() == written
    first_line = b"# source s1,2025-12-01,aws-pricing-pages/cloudwatch.json Alarm Composite\n"
    assert gzip.decompress(written).startswith(first_line)
    prices = read_snapshot(output)
    assert list(prices.columns) == PRICE_COLUMNS
    expected = [[*row[:5], float(row[5]), *row[6:]] for row in FIXTURE_ROWS]
    assert prices.astype({column: str for column in PRICE_COLUMNS if column != "usd"}).values.tolist() == expected
    assert [p.name for p in output.parent.iterdir()] == ["prices.csv.gz"]  # no temporary file left behind


def test_cli_help_names_the_options():
    result = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True)
    assert "--shared" in result.stdout and "--output" in result.stdout and "--pages-as-of" in result.stdout


def _run_main(capsys, *args: str) -> tuple[int, str]:
    code = build.main(list(args))
    return code, capsys.readouterr().err


def test_missing_tree_exits_2_naming_it(tmp_path, capsys):
    code, err = _run_main(capsys, "--shared", str(tmp_path / "nope"), "--output", str(tmp_path / "p.csv.gz"))
    assert code == 2
    assert err == (f"build_price_snapshot: {tmp_path / 'nope'}: not a directory "
                   f"(pass --shared PATH to the shared pricing tree)\n")
    assert not (tmp_path / "p.csv.gz").exists()


def test_unknown_source_id_names_file_and_line(tree, tmp_path, capsys):
    with (tree / "normalized" / "ebs.csv").open("a") as handle:
        handle.write("ebs,us-east-1,gp2,,GB-month,0.10,S9\n")
    code, err = _run_main(capsys, "--shared", str(tree), "--output", str(tmp_path / "p.csv.gz"))
    assert (code, err) == (2, "build_price_snapshot: ebs.csv line 3: source_id 'S9' is not in sources.json\n")


def test_wrong_columns_name_the_file(tree, tmp_path, capsys):
    (tree / "normalized" / "nat.csv").write_text("service,region,price\nnat,us-east-1,0.045\n")
    code, err = _run_main(capsys, "--shared", str(tree), "--output", str(tmp_path / "p.csv.gz"))
    assert code == 2
    assert err == (f"build_price_snapshot: {tree / 'normalized' / 'nat.csv'}: expected columns "
                   f"service,region,item,variant,unit,usd,source_id, got ['service', 'region', 'price']\n")


def test_missing_page_metric_is_named(tree, tmp_path, capsys):
    (tree / "aws-pricing-pages" / "kms.json").write_text(json.dumps({"Key": {"US East (N. Virginia)": "1"}}))
    code, err = _run_main(capsys, "--shared", str(tree), "--output", str(tmp_path / "p.csv.gz"))
    assert (code, err) == (2, f"build_price_snapshot: {tree / 'aws-pricing-pages' / 'kms.json'}: "
                              f"metric 'Encryption Key' not found\n")


def test_bad_as_of_in_sources_names_the_source(tree, tmp_path, capsys):
    sources_path = tree / "normalized" / "sources.json"
    sources = json.loads(sources_path.read_text())
    sources[3]["published_or_changed"] = "recently"
    sources_path.write_text(json.dumps(sources))
    code, err = _run_main(capsys, "--shared", str(tree), "--output", str(tmp_path / "p.csv.gz"))
    assert (code, err) == (2, f"build_price_snapshot: {sources_path}: source S4: cannot read a date from "
                              f"'recently': expected YYYY-MM-DD, YYYY-MM or YYYY-MM..MM\n")


def test_unreadable_json_is_named(tree, tmp_path, capsys):
    (tree / "aws-pricing-pages" / "locations.json").write_text("{not json")
    code, err = _run_main(capsys, "--shared", str(tree), "--output", str(tmp_path / "p.csv.gz"))
    assert code == 2
    assert err.startswith(f"build_price_snapshot: {tree / 'aws-pricing-pages' / 'locations.json'}: not readable JSON (")


needs_shared = pytest.mark.skipif(not (SHARED / "normalized").is_dir(),
                                  reason=f"the shared pricing tree is not at {SHARED}")


@needs_shared
def test_real_tree_builds_the_committed_snapshot_byte_for_byte(tmp_path, capsys):
    output = tmp_path / "prices.csv.gz"
    assert build.main(["--shared", str(SHARED), "--output", str(output)]) == 0
    assert capsys.readouterr().out == (f"wrote 67104 prices (11 services, 36 regions) to {output}; dropped 0 "
                                       f"duplicate keys; skipped 0 page prices for non-region locations\n")
    assert output.read_bytes() == EMBEDDED_SNAPSHOT.read_bytes(), \
        "costing/data/prices.csv.gz is stale: run .venv/bin/python scripts/build_price_snapshot.py"


@needs_shared
def test_real_tree_keeps_every_normalized_row_and_its_provenance():
    rows = build.build_snapshot(SHARED).rows
    normalized = sum(len(path.read_text().splitlines()) - 1 for path in (SHARED / "normalized").glob("*.csv"))
    from_pages = [row for row in rows if row[6].startswith(PAGES)]
    assert len(rows) - len(from_pages) == normalized == 66780
    assert len(from_pages) == 9 * 36  # nine page metrics, each in all 36 regions
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
