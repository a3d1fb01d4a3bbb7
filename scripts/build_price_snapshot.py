"""Build the embedded price snapshot, costing/data/prices.csv.gz, from the shared pricing data and the
price identities the rule modules declare (costing/rules/declare.py): no list of its own.

The shared tree (../shared/pricing) is read, never copied. For each declared price:
- `Normalized(table)`: the rows of `normalized/<table>.csv` whose service, unit, item and variant fit
  the price (a family, "{instance_type}", takes every row its template matches), with their origin and
  as-of date from `normalized/sources.json`;
- `Page(file, metric)`: the metric's price in every region of `aws-pricing-pages/<file>` (for a
  pattern, every metric it matches, its groups filling the family's fields), `locations.json` turning
  AWS location names into region codes, as of the date the file last changed: the table of the tree's
  `README.md` ("| file | last changed | what |"), every date at most the watcher's snapshot commit
  date ("the snapshot commit, **YYYY-MM-DD**"), which the summary names.
The output is one table of costing.schema.PRICE_COLUMNS, one row per price key, sorted, in the
snapshot format of costing/catalog.py (gzipped CSV, each origin named once, gzip mtime 0), so
rebuilding unchanged inputs gives a byte-identical file.

As-of dates (`published_or_changed` in sources.json) are parsed conservatively:
"2025-11-20", "file changed 2025-11-20", "2025-12-05 (raw manifest)" and "2025-10-28T17:54:55Z"
give that day; a month "2025-11" gives its first day; a month range "2025-10..12" gives the first
day of its latest month (2025-12-01), so a snapshot never claims to be older than it may be.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterator, Sequence

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from costing.atomic import write_bytes_atomic  # noqa: E402
from costing.catalog import encode_snapshot  # noqa: E402
from costing.rules import declared_prices  # noqa: E402
from costing.rules.declare import Normalized, Page, Price, template_pattern  # noqa: E402
from costing.schema import PRICE_COLUMNS, PRICE_KEY  # noqa: E402

NORMALIZED_COLUMNS = ["service", "region", "item", "variant", "unit", "usd", "source_id"]
REGION_CODE = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d+$")
AS_OF_PATTERN = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2})|\.\.(\d{2}))?")
PAGE_DATE_ROW = re.compile(r"^\|\s*([\w.-]+)\s*\|\s*(\d{4}-\d{2}-\d{2})\s*\|", re.MULTILINE)
SNAPSHOT_COMMIT = re.compile(r"snapshot\s+commit,\s+\*\*(\d{4}-\d{2}-\d{2})\*\*")


class BuildError(Exception):
    """A problem with the input tree; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Snapshot:
    """The snapshot's rows and what the build left out, for the summary it prints."""

    rows: list[list[str]]  # PRICE_COLUMNS, sorted, one per price key
    duplicates: int  # rows dropped because their key was already priced
    skipped_locations: int  # page prices for places that are not regions (Local Zones, "Any")
    unclaimed: int  # rows of the normalized tables read that no declared price fits
    pages_snapshot: str  # the date the pricing pages' prices were last known current


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


def read_normalized(path: Path, sources: dict[str, tuple[str, str]]) -> list[list[str]]:
    """Every row of one normalized table in PRICE_COLUMNS, provenance resolved through sources.json."""
    rows = []
    try:
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
    except FileNotFoundError:
        raise BuildError(f"{path}: file not found (a declared price reads it)") from None
    return rows


def claimed_normalized(directory: Path, prices: Sequence[Price]) -> tuple[list[list[str]], int]:
    """The rows of the normalized tables the prices name that fit one of them, and how many did not."""
    wanted: dict[str, dict[tuple[str, str], list[tuple[re.Pattern, re.Pattern]]]] = {}
    for price in prices:
        for source in price.sources:
            if isinstance(source, Normalized):
                fits = wanted.setdefault(source.table, {}).setdefault((price.service, price.unit), [])
                fits.append((template_pattern(price.item), template_pattern(price.variant)))
    if not wanted:
        return [], 0
    sources = read_sources(directory / "sources.json")
    kept, unclaimed = [], 0
    for table, fits_by_kind in sorted(wanted.items()):
        for row in read_normalized(directory / f"{table}.csv", sources):
            service, _, item, variant, unit = row[:5]
            if any(item_fit.fullmatch(item) and variant_fit.fullmatch(variant)
                   for item_fit, variant_fit in fits_by_kind.get((service, unit), ())):
                kept.append(row)
            else:
                unclaimed += 1
    return kept, unclaimed


def region_codes(locations_path: Path) -> dict[str, str]:
    """AWS location name -> region code, for regions only (Local and Wavelength Zones left out)."""
    locations = read_json(locations_path)
    if not isinstance(locations, dict):
        raise BuildError(f"{locations_path}: expected an object of location name -> {{code, type}}")
    return {name: entry["code"] for name, entry in locations.items()
            if isinstance(entry, dict) and entry.get("type") == "AWS Region"
            and REGION_CODE.match(str(entry.get("code", "")))}


def page_dates(readme: Path) -> tuple[dict[str, str], str]:
    """The date each pricing-page file last changed ("lambda.json" -> "2025-08-28") and the snapshot
    commit date, from the README's table; a file changed after the snapshot is an error."""
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError as error:
        raise BuildError(f"{readme}: cannot read the pricing pages' dates ({error.strerror or error})") from None
    commit = SNAPSHOT_COMMIT.search(text)
    if commit is None:
        raise BuildError(f"{readme}: no snapshot commit date (\"the snapshot commit, **YYYY-MM-DD**\")")
    dates = {}
    for name, changed in PAGE_DATE_ROW.findall(text):
        as_of = parse_as_of(changed)
        if as_of > commit[1]:
            raise BuildError(f"{readme}: {name} last changed {as_of}, after the snapshot commit {commit[1]}")
        dates[name if name.endswith(".json") else f"{name}.json"] = as_of
    return dates, commit[1]


class PageReader:
    """The pricing-page files, each read once, their locations resolved to region codes."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.readme = directory.parent / "README.md"
        self.codes = region_codes(directory / "locations.json")
        self.dates, self.snapshot = page_dates(self.readme)
        self.skipped = 0
        self._pages: dict[str, dict] = {}
        self._places: dict[str, tuple[str, str] | None] = {}
        self._longest_first = sorted(self.codes, key=len, reverse=True)

    def rows(self, price: Price, source: Page) -> list[list[str]]:
        """The PRICE_COLUMNS rows of one page source of `price`."""
        page, where = self._page(source.file), self.directory / source.file
        rows = []
        for metric, captured in self._metrics(page, source, where):
            for region, detail, usd in self._regional(page[metric], source, where, metric):
                fields = dict(captured)
                if source.detail is not None:
                    found = source.detail.search(detail)
                    if found is None:
                        continue
                    fields |= found.groupdict()
                key = _key(price, source, fields, f"{where}: metric {metric!r}")
                if key is None:
                    continue
                usd_text = _page_price(usd, source.factor, f"{source.file} {metric!r} {region}")
                rows.append([price.service, region, key[0], key[1], price.unit, usd_text,
                             f"aws-pricing-pages/{source.file} {metric}", self.dates[source.file]])
        return most_common(rows, source.suspect_above) if source.most_common else rows

    def _page(self, file: str) -> dict:
        if file not in self._pages:
            page = read_json(self.directory / file)
            if not isinstance(page, dict):
                raise BuildError(f"{self.directory / file}: expected an object of metric -> {{location: price}}")
            if file not in self.dates:
                raise BuildError(f"{self.readme}: no 'last changed' date for {file} in its table of files")
            self._pages[file] = page
        return self._pages[file]

    @staticmethod
    def _metrics(page: dict, source: Page, where: Path) -> list[tuple[str, dict]]:
        """(metric, fields its pattern captured) of the metrics a source reads."""
        if isinstance(source.metric, str):
            if not isinstance(page.get(source.metric), dict):
                raise BuildError(f"{where}: metric {source.metric!r} not found")
            return [(source.metric, {})]
        metrics = [(metric, found.groupdict()) for metric in page
                   if (found := source.metric.fullmatch(metric)) and isinstance(page[metric], dict)]
        if not metrics:
            raise BuildError(f"{where}: no metric matches {source.metric.pattern!r}")
        return metrics

    def _regional(self, prices: dict, source: Page, where: Path, metric: str) -> Iterator[tuple[str, str, object]]:
        """(region, detail, price) of a metric: per region, or one location's price in every region."""
        if source.location is not None:
            if source.location not in prices:
                raise BuildError(f"{where}: metric {metric!r} has no price for location {source.location!r}")
            for code in sorted(set(self.codes.values())):
                yield code, "", prices[source.location]
            return
        for location, usd in prices.items():
            place = self._place(location)
            if place is None:
                self.skipped += 1
            else:
                yield place[0], place[1], usd

    def _place(self, location: str) -> tuple[str, str] | None:
        """(region code, bracketed detail or "") of a location name, None when it is not a region."""
        if location not in self._places:
            self._places[location] = self._resolve(location)
        return self._places[location]

    def _resolve(self, location: str) -> tuple[str, str] | None:
        if location in self.codes:
            return self.codes[location], ""
        for name in self._longest_first:
            if location.startswith(name + " (") and location.endswith(")"):
                return self.codes[name], location[len(name) + 2:-1]
        return None


def most_common(rows: list[list[str]], suspect_above: float) -> list[list[str]]:
    """One row per region and price key of a `most_common` source's rows (one per place): the price most of the
    region's places share (a tie: the higher), its source saying so and naming the others; places priced over
    `suspect_above` times the price most places of every region share for the key left out as suspect."""
    usd_at, source_at = PRICE_COLUMNS.index("usd"), PRICE_COLUMNS.index("source")
    regional: dict[tuple[str, ...], list[list[str]]] = {}
    everywhere: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        regional.setdefault(tuple(row[:4]), []).append(row)
        everywhere.setdefault(tuple(row[2:4]), []).append(row[usd_at])
    kept = []
    for key, places in sorted(regional.items()):
        usual = _mode(everywhere[key[2:]])
        suspect = [row[usd_at] for row in places
                   if suspect_above and Decimal(row[usd_at]) > Decimal(usual) * Decimal(str(suspect_above))]
        trusted = [row for row in places if row[usd_at] not in suspect]
        if not trusted:
            continue
        chosen = _mode([row[usd_at] for row in trusted])
        row = next(row for row in trusted if row[usd_at] == chosen)
        others = [other[usd_at] for other in trusted if other[usd_at] != chosen]
        note = f"the price of {len(trusted) - len(others)} of the region's {len(places)} places"
        note += f"; others: {_counted(others)}" if others else ""
        note += (f"; left out as suspect: {_counted(suspect)} (over {suspect_above:g}x {usual}, the price most "
                 f"places charge)") if suspect else ""
        kept.append(row[:source_at] + [f"{row[source_at]} ({note})"] + row[source_at + 1:])
    return kept


def _mode(prices: list[str]) -> str:
    """The price given most often; among equally frequent ones, the higher."""
    counts = Counter(prices)
    return max(counts, key=lambda usd: (counts[usd], Decimal(usd)))


def _counted(prices: list[str]) -> str:
    """"0.285 at 3, 0.3 at 1": each price and how many places give it, by price."""
    return ", ".join(f"{usd} at {count}" for usd, count in sorted(Counter(prices).items(), key=lambda i: Decimal(i[0])))


def _page_price(usd: object, factor: Decimal, where: str) -> str:
    """A page's price in the declared unit: checked as given, then multiplied by the source's factor."""
    given = format_usd(str(usd), where)
    return given if factor == 1 else format_usd(str(Decimal(given) * factor), where)


def _key(price: Price, source: Page, captured: dict, where: str) -> tuple[str, str] | None:
    """The (item, variant) a page price is for; None when `values` does not list a captured value."""
    fields = {}
    for name, value in captured.items():
        if value is None:
            continue
        table = source.values.get(name)
        if table is not None and value not in table:
            return None
        fields[name] = table[value] if table is not None else value
    missing = [name for name in price.fields if name not in fields]
    if missing:
        raise BuildError(f"{where} leaves {', '.join(missing)} of {price.service} {price.item} unfilled")
    return price.key(**{name: fields[name] for name in price.fields})


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


def build_snapshot(shared: Path, prices: Sequence[Price] | None = None) -> Snapshot:
    """Read the shared pricing tree and return the snapshot's rows: those of the declared `prices`
    (default: every price the rule modules declare)."""
    if not shared.is_dir():
        raise BuildError(f"{shared}: not a directory (pass --shared PATH to the shared pricing tree)")
    prices = declared_prices() if prices is None else prices
    rows, unclaimed = claimed_normalized(shared / "normalized", prices)
    pages = PageReader(shared / "aws-pricing-pages")
    for price in prices:
        for source in price.sources:
            if isinstance(source, Page):
                rows += pages.rows(price, source)
    kept, duplicates = deduplicate(rows)
    return Snapshot(kept, duplicates, pages.skipped, unclaimed, pages.snapshot)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Build costing/data/prices.csv.gz (the embedded price snapshot) from the shared pricing tree.")
    parser.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared" / "pricing",
                        help="the shared pricing tree with normalized/ and aws-pricing-pages/ "
                             "(default: ../shared/pricing)")
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "costing" / "data" / "prices.csv.gz",
                        help="where to write the snapshot (default: costing/data/prices.csv.gz)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        snapshot = build_snapshot(args.shared)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(args.output, encode_snapshot(snapshot.rows))
    except (BuildError, OSError, ValueError) as error:
        print(f"build_price_snapshot: {error}", file=sys.stderr)
        return 2
    services = sorted({row[0] for row in snapshot.rows})
    regions = {row[1] for row in snapshot.rows}
    print(f"wrote {len(snapshot.rows)} prices ({len(services)} services, {len(regions)} regions) to {args.output}; "
          f"dropped {snapshot.duplicates} duplicate keys; skipped {snapshot.skipped_locations} "
          f"page prices for non-region locations; left out {snapshot.unclaimed} normalized rows no price "
          f"declares; pricing pages current at {snapshot.pages_snapshot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
