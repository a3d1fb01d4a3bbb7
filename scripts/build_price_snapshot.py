"""Build the embedded price snapshot, costing/data/prices.csv.gz, from the shared pricing data.

The shared tree (../shared/pricing) is read, never copied: `normalized/*.csv` rows keep their
service/item/variant/unit names and get their origin and as-of date from `normalized/sources.json`;
a few metrics of `aws-pricing-pages/*.json` (interface endpoints, CloudWatch, Secrets Manager, KMS)
are mapped to catalog items, with `locations.json` turning AWS location names into region codes.
The output is one table of costing.schema.PRICE_COLUMNS, one row per price key, sorted, in the
snapshot format of costing/catalog.py (gzipped CSV, each origin named once, gzip mtime 0), so
rebuilding unchanged inputs gives a byte-identical file.

As-of dates (`published_or_changed` in sources.json) are parsed conservatively:
"2025-11-20", "file changed 2025-11-20", "2025-12-05 (raw manifest)" and "2025-10-28T17:54:55Z"
give that day; a month "2025-11" gives its first day; a month range "2025-10..12" gives the first
day of its latest month (2025-12-01), so a snapshot never claims to be older than it may be.
The pricing pages carry no date of their own: their README says "published late 2025", taken by
the same rule as 2025-12-01 (override with --pages-as-of).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from costing.atomic import write_bytes_atomic  # noqa: E402
from costing.catalog import encode_snapshot  # noqa: E402
from costing.schema import PRICE_COLUMNS, PRICE_KEY  # noqa: E402

NORMALIZED_COLUMNS = ["service", "region", "item", "variant", "unit", "usd", "source_id"]
PAGES_AS_OF = "2025-12-01"
REGION_CODE = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d+$")
AS_OF_PATTERN = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2})|\.\.(\d{2}))?")


@dataclass(frozen=True)
class PageMetric:
    """One pricing-page metric and the catalog item it becomes."""

    file: str
    metric: str
    service: str
    item: str
    unit: str


# Only first tiers are kept where a metric is tiered (interface endpoint data: the first PB a month).
PAGE_METRICS = (
    PageMetric("vpc.json", "Hourly charge for VPC Endpoints per Hrs", "vpc", "interface-endpoint", "hour"),
    PageMetric("vpc.json", "Charge for per GB data processed by VPC Endpoints per GB from 0 to 1048576",
               "vpc", "interface-endpoint-data", "GB"),
    PageMetric("cloudwatch.json", "Alarm Standard", "cloudwatch", "alarm-standard", "alarm-month"),
    PageMetric("cloudwatch.json", "Alarm High Resolution", "cloudwatch", "alarm-high-resolution", "alarm-month"),
    PageMetric("cloudwatch.json", "Alarm Composite", "cloudwatch", "alarm-composite", "alarm-month"),
    PageMetric("cloudwatch.json", "Logs Collected Data Ingestion", "cloudwatch", "logs-ingestion", "GB"),
    PageMetric("cloudwatch.json", "Stored Data", "cloudwatch", "logs-storage", "GB-month"),
    PageMetric("secretsmanager.json", "Secret", "secretsmanager", "secret", "secret-month"),
    PageMetric("kms.json", "Encryption Key", "kms", "key", "key-month"),
)


class BuildError(Exception):
    """A problem with the input tree; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Snapshot:
    """The snapshot's rows and what the build left out, for the summary it prints."""

    rows: list[list[str]]  # PRICE_COLUMNS, sorted, one per price key
    duplicates: int  # rows dropped because their key was already priced
    skipped_locations: int  # page prices for places that are not regions (Local Zones, "Any")


def parse_as_of(text: str) -> str:
    """The ISO date a `published_or_changed` text stands for (see the module docstring)."""
    match = AS_OF_PATTERN.search(text)
    if not match:
        raise BuildError(f"cannot read a date from {text!r}: expected YYYY-MM-DD, YYYY-MM or YYYY-MM..MM")
    year, month, day, last_month = match.groups()
    try:
        if day:
            return date(int(year), int(month), int(day)).isoformat()
        return date(int(year), int(last_month or month), 1).isoformat()
    except ValueError as error:
        raise BuildError(f"invalid date in {text!r}: {error}") from None


def format_usd(text: str, where: str) -> str:
    """A price as its shortest exact decimal ("0.0100000000" -> "0.01"); no floats, so no rounding."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise BuildError(f"{where}: price {text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise BuildError(f"{where}: price {text!r} is not a finite non-negative number")
    formatted = format(value.normalize(), "f")
    return formatted if formatted != "-0" else "0"


def read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BuildError(f"{path}: not readable JSON ({error})") from None


def read_sources(path: Path) -> dict[str, tuple[str, str]]:
    """source_id -> (human-readable origin, ISO as-of date)."""
    entries = read_json(path)
    if not isinstance(entries, list):
        raise BuildError(f"{path}: expected a list of {{source_id, source, published_or_changed}}")
    sources = {}
    for entry in entries:
        try:
            sources[entry["source_id"]] = (entry["source"], parse_as_of(entry["published_or_changed"]))
        except (KeyError, TypeError):
            raise BuildError(f"{path}: entry {entry!r} lacks source_id, source or published_or_changed") from None
        except BuildError as error:
            raise BuildError(f"{path}: source {entry['source_id']}: {error}") from None
    return sources


def read_normalized(directory: Path, sources: dict[str, tuple[str, str]]) -> list[list[str]]:
    """Every row of normalized/*.csv in PRICE_COLUMNS, provenance resolved through sources.json."""
    files = sorted(directory.glob("*.csv"))
    if not files:
        raise BuildError(f"{directory}: no normalized *.csv files")
    rows = []
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header != NORMALIZED_COLUMNS:
                raise BuildError(f"{path}: expected columns {','.join(NORMALIZED_COLUMNS)}, got {header}")
            for line, fields in enumerate(reader, start=2):
                where = f"{path.name} line {line}"
                if len(fields) != len(NORMALIZED_COLUMNS):
                    raise BuildError(f"{where}: expected {len(NORMALIZED_COLUMNS)} fields, got {len(fields)}")
                service, region, item, variant, unit, usd, source_id = fields
                if source_id not in sources:
                    raise BuildError(f"{where}: source_id {source_id!r} is not in sources.json")
                origin, as_of = sources[source_id]
                rows.append([service, region, item, variant, unit, format_usd(usd, where), origin, as_of])
    return rows


def region_codes(locations_path: Path) -> dict[str, str]:
    """AWS location name -> region code, for regions only (Local and Wavelength Zones left out)."""
    locations = read_json(locations_path)
    if not isinstance(locations, dict):
        raise BuildError(f"{locations_path}: expected an object of location name -> {{code, type}}")
    return {name: entry["code"] for name, entry in locations.items()
            if isinstance(entry, dict) and entry.get("type") == "AWS Region"
            and REGION_CODE.match(str(entry.get("code", "")))}


def read_pricing_pages(directory: Path, as_of: str) -> tuple[list[list[str]], int]:
    """The PAGE_METRICS rows in PRICE_COLUMNS, and how many prices were for non-region locations."""
    codes = region_codes(directory / "locations.json")
    pages: dict[str, dict] = {}
    rows, skipped = [], 0
    for spec in PAGE_METRICS:
        if spec.file not in pages:
            pages[spec.file] = read_json(directory / spec.file)
        page = pages[spec.file]
        prices = page.get(spec.metric) if isinstance(page, dict) else None
        if not isinstance(prices, dict):
            raise BuildError(f"{directory / spec.file}: metric {spec.metric!r} not found")
        source = f"aws-pricing-pages/{spec.file} {spec.metric}"
        for location, usd in prices.items():
            if location not in codes:
                skipped += 1
                continue
            usd_text = format_usd(str(usd), f"{spec.file} {spec.metric!r} {location}")
            rows.append([spec.service, codes[location], spec.item, "", spec.unit, usd_text, source, as_of])
    return rows, skipped


def deduplicate(rows: list[list[str]]) -> tuple[list[list[str]], int]:
    """One row per PRICE_KEY, sorted by key. Among duplicates the newest as_of wins, then the higher
    price (an estimate had better err high), then the first source by name."""
    key_at = [PRICE_COLUMNS.index(column) for column in PRICE_KEY]
    as_of_at, source_at, usd_at = (PRICE_COLUMNS.index(c) for c in ("as_of", "source", "usd"))

    def preference(row: list[str]) -> tuple:
        newest_first = -date.fromisoformat(row[as_of_at]).toordinal()
        return (*(row[i] for i in key_at), newest_first, -Decimal(row[usd_at]), row[source_at], row)

    ordered = sorted(rows, key=preference)
    kept, last_key = [], None
    for row in ordered:
        key = tuple(row[i] for i in key_at)
        if key != last_key:
            kept.append(row)
            last_key = key
    return kept, len(rows) - len(kept)


def build_snapshot(shared: Path, pages_as_of: str = PAGES_AS_OF) -> Snapshot:
    """Read the shared pricing tree and return the snapshot's rows."""
    if not shared.is_dir():
        raise BuildError(f"{shared}: not a directory (pass --shared PATH to the shared pricing tree)")
    normalized = shared / "normalized"
    rows = read_normalized(normalized, read_sources(normalized / "sources.json"))
    page_rows, skipped = read_pricing_pages(shared / "aws-pricing-pages", pages_as_of)
    kept, duplicates = deduplicate(rows + page_rows)
    return Snapshot(kept, duplicates, skipped)


def iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Build costing/data/prices.csv.gz (the embedded price snapshot) from the shared pricing tree.")
    parser.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared" / "pricing",
                        help="the shared pricing tree with normalized/ and aws-pricing-pages/ "
                             "(default: ../shared/pricing)")
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "costing" / "data" / "prices.csv.gz",
                        help="where to write the snapshot (default: costing/data/prices.csv.gz)")
    parser.add_argument("--pages-as-of", type=iso_date, default=PAGES_AS_OF,
                        help=f"as-of date of the aws-pricing-pages prices, which carry none "
                             f"(default: {PAGES_AS_OF}, for 'published late 2025')")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        snapshot = build_snapshot(args.shared, args.pages_as_of)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(args.output, encode_snapshot(snapshot.rows))
    except (BuildError, OSError, ValueError) as error:
        print(f"build_price_snapshot: {error}", file=sys.stderr)
        return 2
    services = sorted({row[0] for row in snapshot.rows})
    regions = {row[1] for row in snapshot.rows}
    print(f"wrote {len(snapshot.rows)} prices ({len(services)} services, {len(regions)} regions) to {args.output}; "
          f"dropped {snapshot.duplicates} duplicate keys; skipped {snapshot.skipped_locations} "
          f"page prices for non-region locations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
