"""The price catalog: AWS prices in PRICE_COLUMNS (on demand; reserved terms in RESERVED_COLUMNS).

The default is the snapshot embedded in the package (costing/data/prices.csv.gz, built by
scripts/build_price_snapshot.py), merged with the user's price cache when `costing prices refresh`
has filled one (costing/cache.py): per service, the source with the newer prices wins every key it
prices, and the other fills the keys (regions, types) it lacks; each row keeps its origin, which
`provenance()` reports ("embedded snapshot" or "cache <dir> (<source URL>)"). Reserved terms
(RESERVED_COLUMNS) exist only in a refreshed cache. `load_catalog(snapshot_path)` reads one file
of the snapshot format instead.

Snapshot format (gzipped UTF-8): first one line per origin, `# source <ref>,<as_of>,<origin>`
(CSV fields), then a CSV table of PRICE_COLUMNS (or RESERVED_COLUMNS) without `as_of`, whose
`source` is a ref. Naming each origin once, instead of repeating a 100-character string on every
row, makes the file a third of the size and loading twice as fast; `decode_snapshot` expands the
refs back.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import hashlib
import io
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from costing.cache import PRICES_FILE, RESERVED_FILE, cache_root, live, read_manifest
from costing.errors import InputError
from costing.memo import all_but_recent, read_frame_memo, touch, write_memo
from costing.pricing import ON_DEMAND, PRICING_OPTIONS, RESERVED_TERMS
from costing.regions import region_named
from costing.result import PriceProvenance
from costing.schema import HOURS_PER_MONTH, PRICE_COLUMNS, PRICE_KEY

EMBEDDED_SNAPSHOT = Path(__file__).with_name("data") / "prices.csv.gz"
EMBEDDED_ORIGIN = "embedded snapshot"
EXAMPLE_REGION = "eu-west-1"

SOURCE_MARK = b"# source "
INFO_COLUMNS = ["service", "regions", "items", "prices", "as_of", "age_days", "missing_regions"]
# info plus: how many items (type and variant) lack a price in some region the service is priced in,
# and where the service's prices come from ("cache", "embedded snapshot", or both, newest first).
OVERVIEW_COLUMNS = INFO_COLUMNS + ["items_with_gaps", "origin"]

# A reserved row (costing.pricing.RESERVED_TERMS) prices the PRICE_KEY of the on-demand price it replaces:
# `usd` is the hourly fee, `upfront_usd` the one-time fee.
RESERVED_COLUMNS = PRICE_KEY + ["term", "unit", "usd", "upfront_usd", "source", "as_of"]
HOURS_PER_YEAR = 12 * HOURS_PER_MONTH  # 8,760: the hours an upfront fee is spread over, per year of term


@dataclass(frozen=True, eq=False)
class Catalog:
    """Prices (PRICE_COLUMNS; `usd` float, the other columns categorical) and where they came from.

    Treat `prices` as read-only: a loaded catalog is shared by every caller in the process.
    """

    prices: pd.DataFrame
    origin: str = EMBEDDED_ORIGIN
    row_origins: pd.Series | None = None  # per row of `prices`, its origin; None: `origin` for every row
    reserved: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RESERVED_COLUMNS))

    @cached_property
    def regions(self) -> tuple[str, ...]:
        """Every region code with at least one price, sorted."""
        return tuple(sorted(self.prices["region"].unique()))

    @cached_property
    def services(self) -> tuple[str, ...]:
        return tuple(sorted(self.prices["service"].unique()))

    def validate_region(self, code: str) -> str:
        """`code` if the catalog prices that region; else an InputError suggesting the closest one."""
        if code in self.regions:
            return code
        raise InputError(f"unknown region {code!r}: use a region code such as {self._region_like(code)} "
                         f"(known: {_listing(self.regions)})")

    def provenance(self, regions: Iterable[str] | None = None) -> tuple[PriceProvenance, ...]:
        """Per service priced in `regions` (default: all), the newest as-of date of its prices there and
        their origins, newest first ("cache ... (url); embedded snapshot" when both contribute)."""
        sources = self._sources
        if regions is not None:
            sources = sources[sources["region"].isin(set(regions))]
        newest = sources.groupby("service")["as_of"].max()
        return tuple(PriceProvenance(service, newest[service], origins)
                     for service, origins in _origins_per_service(sources).items())

    def info(self, today: date | None = None) -> pd.DataFrame:
        """One row per service (INFO_COLUMNS): coverage, as-of date, age, and the regions it lacks."""
        return self.overview(today)[INFO_COLUMNS]

    def overview(self, today: date | None = None) -> pd.DataFrame:
        """One row per service (OVERVIEW_COLUMNS): info, plus items lacking a price in some region, and origin."""
        today = today or date.today()
        counts = self.prices.groupby("service", observed=True).agg(
            regions=("region", "nunique"), items=("item", "nunique"), prices=("usd", "size"))
        present = self.prices[["service", "region"]].drop_duplicates().groupby("service", observed=True)["region"]
        gaps = self._items_with_gaps
        origins = _origins_per_service(self._sources, "kind")
        rows = []
        for service, as_of in self._newest_as_of.items():
            missing = sorted(set(self.regions) - set(present.get_group(service)))
            rows.append([service, *counts.loc[service], as_of, (today - date.fromisoformat(as_of)).days,
                         ", ".join(missing), int(gaps.get(service, 0)), origins[service]])
        return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)

    def prices_for(self, pricing: str = ON_DEMAND, regions: Iterable[str] | None = None) -> pd.DataFrame:
        """The price table an estimate under `pricing` merges with: PRICE_COLUMNS plus `term` (the pricing
        a row's `usd` is under) and `on_demand_usd`. Under a reserved term, the keys with a price for it (EC2
        and RDS instances) cost its effective hourly rate, the hourly fee plus the upfront fee spread over
        the term's hours; every other key costs its on-demand price. Only the prices of `regions` (default:
        every region): an estimate merges with the few thousand of its regions, not all of them. An InputError
        when the catalog has no price for the term in `regions`: the embedded snapshot has on-demand prices only."""
        prices = self.prices if regions is None else self.prices[self.prices["region"].isin(set(regions))]
        table = prices.assign(term=ON_DEMAND, on_demand_usd=prices["usd"])
        if pricing == ON_DEMAND:
            return table
        reserved = self._reserved_under(pricing, regions)
        effective = reserved["usd"] + reserved["upfront_usd"] / (HOURS_PER_YEAR * RESERVED_TERMS[pricing])
        rates = reserved[PRICE_KEY].astype(str).assign(_effective=effective.to_numpy())
        table = table.astype({key: str for key in PRICE_KEY}).merge(rates, on=PRICE_KEY, how="left")
        under_term = table["_effective"].notna()
        table["usd"] = table["_effective"].where(under_term, table["usd"])
        table["term"] = np.where(under_term, pricing, ON_DEMAND)
        return table.drop(columns="_effective")

    def _reserved_under(self, pricing: str, regions: Iterable[str] | None) -> pd.DataFrame:
        """The reserved rows of a term in `regions`, or the InputError saying how to get some."""
        if pricing not in RESERVED_TERMS:
            raise InputError(f"--pricing {pricing!r}: use one of {', '.join(PRICING_OPTIONS)}")
        reserved = self.reserved[self.reserved["term"].astype(str) == pricing]
        wanted = sorted(set(regions or ()))
        if wanted:
            reserved = reserved[reserved["region"].astype(str).isin(wanted)]
        if reserved.empty:
            where = f" in {', '.join(wanted)}" if wanted else ""
            refresh = "costing prices refresh --services ec2,rds" + (f" --regions {','.join(wanted)}" if wanted else "")
            raise InputError(f"--pricing {pricing}: no reserved prices{where} in the price catalog (the embedded "
                             f"snapshot has on-demand prices only): reserved prices need `{refresh}` first")
        return reserved

    def lookup(self, service: str, item: str, region: str, variant: str = "") -> pd.DataFrame:
        """The price rows for one key; an InputError naming the missing part and its closest alternatives."""
        self.validate_region(region)
        of_service = self.prices[self.prices["service"] == service]
        if of_service.empty:
            raise InputError(f"unknown price service {service!r}: {_alternatives(service, self.services)}")
        in_region = of_service[of_service["region"] == region]
        if in_region.empty:
            covered = of_service["region"].nunique()
            raise InputError(f"no {service} prices in {region}: a known gap of the price snapshot "
                             f"({service} is priced in {covered} of {len(self.regions)} regions)")
        of_item = in_region[in_region["item"] == item]
        if of_item.empty:
            elsewhere = sorted(of_service.loc[of_service["item"] == item, "region"].unique())
            if elsewhere:
                raise InputError(f"no {service} price for {item!r} in {region}: it is priced in {_listing(elsewhere)}")
            raise InputError(f"unknown {service} item {item!r} in {region}: "
                             f"{_alternatives(item, in_region['item'].unique())}")
        rows = of_item[of_item["variant"] == variant]
        if rows.empty:
            raise InputError(f"no {service} price for {item!r} variant {variant!r} in {region}: "
                             f"{_alternatives(variant, of_item['variant'].unique())}")
        return rows.reset_index(drop=True)

    @cached_property
    def _newest_as_of(self) -> dict[str, str]:
        return _newest_per_service(self.prices).to_dict()

    @cached_property
    def _sources(self) -> pd.DataFrame:
        """Distinct (service, region, as_of, origin) of the prices."""
        table = self.prices[["service", "region", "as_of"]]
        if self.row_origins is not None:
            table = table.assign(origin=self.row_origins.to_numpy())
        # distinct rows first, on the categorical codes: a few hundred rows to turn into text, not every price
        table = table.drop_duplicates().astype(str).reset_index(drop=True)
        if self.row_origins is None:
            table = table.assign(origin=self.origin)
        return table.assign(kind=np.where(table["origin"] == EMBEDDED_ORIGIN, EMBEDDED_ORIGIN, "cache"))

    @cached_property
    def _items_with_gaps(self) -> pd.Series:
        """Per service, the (item, variant) keys priced in fewer regions than the service is."""
        keys = self.prices[["service", "item", "variant", "region"]].astype(str).drop_duplicates()
        per_key = keys.groupby(["service", "item", "variant"]).size()
        regions = keys.groupby("service")["region"].nunique()
        short = per_key < regions.reindex(per_key.index.get_level_values("service")).to_numpy()
        return short.groupby(level="service").sum()

    def _region_like(self, text: str) -> str:
        """The catalog region `text` most likely meant (a near code or a region name), else an example."""
        close = difflib.get_close_matches(str(text).lower(), self.regions, n=1, cutoff=0.6)
        named = region_named(str(text))
        for candidate in [*close, named, EXAMPLE_REGION]:
            if candidate in self.regions:
                return candidate
        return self.regions[0]


def _origins_per_service(sources: pd.DataFrame, column: str = "origin") -> dict[str, str]:
    """Per service (sorted), the distinct origins (or kinds of origin) of its prices, the newest first
    (then by name), joined by "; "."""
    newest = sources.groupby(["service", column], as_index=False)["as_of"].max()
    newest = newest.sort_values(["service", "as_of", column], ascending=[True, False, True])
    joined: dict[str, list[str]] = {}
    for service, origin in zip(newest["service"], newest[column]):
        joined.setdefault(service, []).append(origin)
    return {service: "; ".join(origins) for service, origins in joined.items()}


def _alternatives(wanted: str, options: Iterable[str]) -> str:
    """ "closest: 'a', 'b'" (difflib), or "known: 'a', 'b', 'c' and N more" when nothing is close."""
    options = sorted(set(options))
    close = difflib.get_close_matches(wanted, options, n=3, cutoff=0.6)
    if close:
        return "closest: " + ", ".join(map(repr, close))
    return "known: " + _listing(list(map(repr, options)))


def _listing(names: Sequence[str], shown: int = 3) -> str:
    """The first few names and how many more, to keep a message to one short line."""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def load_catalog(snapshot_path: Path | str | None = None) -> Catalog:
    """The catalog of a snapshot file, or (default) of the embedded snapshot merged with the user's
    price cache; read once per process and path (a refresh makes a new cache generation, read anew)."""
    if snapshot_path is not None:
        path = Path(snapshot_path)
        return _load(path, str(path))
    with live() as generation:  # kept live and whole while its files are read
        return _load_with_cache(generation) if generation is not None else _load(EMBEDDED_SNAPSHOT, EMBEDDED_ORIGIN)


@lru_cache(maxsize=8)
def _load(path: Path, origin: str) -> Catalog:
    return Catalog(read_snapshot(path), origin)


@lru_cache(maxsize=2)
def _load_with_cache(generation: Path) -> Catalog:
    """The embedded snapshot and one cache generation, merged per service (newest first)."""
    embedded = _load(EMBEDDED_SNAPSHOT, EMBEDDED_ORIGIN).prices
    cached = read_snapshot(generation / PRICES_FILE, hint=REFRESH_HINT)
    reserved = read_snapshot(generation / RESERVED_FILE, RESERVED_COLUMNS, hint=REFRESH_HINT)
    services = read_manifest(generation).get("services", {})
    labels = {service: f"cache {generation.parent} ({entry.get('source', 'unknown source')})"
              for service, entry in services.items()}
    prices, origins = merge_newest(embedded, cached, labels)
    return Catalog(prices, f"{EMBEDDED_ORIGIN} and cache {generation.parent}", origins, reserved)


def merge_newest(embedded: pd.DataFrame, cached: pd.DataFrame, cache_labels: dict[str, str]
                 ) -> tuple[pd.DataFrame, pd.Series]:
    """One row per PRICE_KEY and each row's origin: per service, the source with the newer prices (the
    cache on a tie) wins every key it has; the other source fills the rest."""
    newest_embedded = _newest_per_service(embedded)
    newest_cached = _newest_per_service(cached)
    cache_first = {service for service, as_of in newest_cached.items() if as_of >= newest_embedded.get(service, "")}
    cached_origin = cached["service"].astype(str).map(lambda service: cache_labels.get(service, "cache"))
    combined = pd.concat([
        cached.assign(_rank=np.where(cached["service"].astype(str).isin(cache_first), 0, 2),
                      _origin=cached_origin.to_numpy()),
        embedded.assign(_rank=1, _origin=EMBEDDED_ORIGIN),
    ], ignore_index=True)
    combined = combined.sort_values("_rank", kind="stable").drop_duplicates(PRICE_KEY)
    combined = combined.sort_values(PRICE_KEY, kind="stable").reset_index(drop=True)
    prices = combined[PRICE_COLUMNS].astype({column: "category" for column in PRICE_COLUMNS if column != "usd"})
    return prices, combined["_origin"].astype("category")


def _newest_per_service(prices: pd.DataFrame) -> pd.Series:
    return prices[["service", "as_of"]].astype(str).groupby("service")["as_of"].max()


PARSED_DIR = "parsed-prices"
PARSED_KEPT = 6  # the embedded snapshot, a refreshed cache's two files, and those of a few other versions
REBUILD_HINT = "rebuild it with scripts/build_price_snapshot.py"
REFRESH_HINT = "run `costing prices refresh` again"


def read_snapshot(path: Path, columns: Sequence[str] = PRICE_COLUMNS, hint: str = REBUILD_HINT) -> pd.DataFrame:
    """`columns` from a snapshot file, or an InputError naming the file, the problem and the fix.

    Parsing the embedded snapshot takes 50-70 ms, loading the parsed table from a memo 2 ms: the table
    is kept in costing's cache directory, keyed by a hash of the file's bytes, of `columns`, of pandas'
    version and of this module's code, for the PARSED_KEPT files used last."""
    try:
        data = path.read_bytes()
        memo = parsed_memo_path(data, columns)
        table = read_frame_memo(memo, columns)
        if table is not None:
            touch(memo)
            return table
        table = decode_snapshot(data, columns)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError, pd.errors.ParserError) as error:
        raise InputError(f"cannot read price snapshot {path}: {error} ({hint})") from None
    write_memo(memo, table, stale=all_but_recent(PARSED_KEPT))
    return table


def parsed_memo_path(data: bytes, columns: Sequence[str]) -> Path:
    digest = hashlib.sha256()
    for part in (data, ",".join(columns).encode(), pd.__version__.encode(), Path(__file__).read_bytes()):
        digest.update(part + b"\0")
    return cache_root() / PARSED_DIR / f"{digest.hexdigest()}.memo"


def decode_snapshot(data: bytes, columns: Sequence[str] = PRICE_COLUMNS) -> pd.DataFrame:
    """`columns` (PRICE_COLUMNS or RESERVED_COLUMNS) from the bytes of a snapshot file (see the module
    docstring for the format)."""
    text = gzip.decompress(data)
    sources, table_start = _read_sources(text)
    table = _read_table(memoryview(text)[table_start:], columns)
    refs = table["source"].cat
    undeclared = sorted(set(refs.categories) - set(sources))
    if undeclared:
        raise ValueError(f"source refs {', '.join(undeclared)} are not declared")
    entries = [sources[ref] for ref in refs.categories]
    codes = refs.codes.to_numpy()
    table["source"] = _expand(codes, [origin for _, origin in entries])
    table["as_of"] = _expand(codes, [as_of for as_of, _ in entries])
    return table[list(columns)]


def _read_table(text: memoryview, columns: Sequence[str]) -> pd.DataFrame:
    """The CSV table, its text columns categorical (small, fast to filter and merge), money as floats."""
    table_columns = [column for column in columns if column != "as_of"]
    dtypes = {column: "float64" if column.endswith("usd") else "category" for column in table_columns}
    table = pd.read_csv(io.BytesIO(text), dtype=dtypes, keep_default_na=False, na_filter=False)
    if list(table.columns) != table_columns:
        raise ValueError(f"expected columns {','.join(table_columns)}, got {','.join(map(str, table.columns))}")
    numeric = [column for column, dtype in dtypes.items()
               if dtype == "category" and not pd.api.types.is_string_dtype(table[column].cat.categories)]
    if numeric:  # pandas reads an all-numeric categorical column as numbers ("01" -> 1): re-read it as text
        table[numeric] = pd.read_csv(io.BytesIO(text), usecols=numeric, dtype=str, keep_default_na=False,
                                     na_filter=False).astype("category")
    return table


def _read_sources(data: bytes) -> tuple[dict[str, tuple[str, str]], int]:
    """The `# source` lines (ref -> (as_of, origin)) and the offset where the table starts."""
    sources, start = {}, 0
    while data.startswith(SOURCE_MARK, start):
        end = data.index(b"\n", start) + 1
        fields = next(csv.reader([data[start + len(SOURCE_MARK):end].decode("utf-8")]))
        if len(fields) != 3:
            raise ValueError(f"source line {data[start:end - 1]!r} is not ref,as_of,origin")
        ref, as_of, origin = fields
        sources[ref] = (date.fromisoformat(as_of).isoformat(), origin)
        start = end
    return sources, start


def _expand(codes: np.ndarray, values: Sequence[str]) -> pd.Categorical:
    """values[code] for every row, as a categorical, without a Python loop over rows."""
    categories = sorted(set(values))
    remap = np.array([categories.index(value) for value in values], dtype=np.int32)
    return pd.Categorical.from_codes(remap[codes] if len(codes) else codes, categories=categories)


def encode_snapshot(rows: Iterable[Sequence[str]], columns: Sequence[str] = PRICE_COLUMNS) -> bytes:
    """A snapshot file of `columns` rows (strings; PRICE_COLUMNS or RESERVED_COLUMNS), byte-identical for
    identical rows (gzip mtime 0)."""
    columns = list(columns)
    table_columns = [column for column in columns if column != "as_of"]
    source_at, as_of_at = columns.index("source"), columns.index("as_of")
    rows = list(rows)
    if any("\n" in row[source_at] or "\r" in row[source_at] for row in rows):
        raise ValueError("a price source must be one line of text")
    refs = {key: f"s{number}" for number, key in
            enumerate(sorted({(row[source_at], row[as_of_at]) for row in rows}), start=1)}
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    for (origin, as_of), ref in refs.items():
        text.write(SOURCE_MARK.decode())
        writer.writerow([ref, as_of, origin])
    writer.writerow(table_columns)
    for row in rows:
        fields = dict(zip(columns, row))
        fields["source"] = refs[(row[source_at], row[as_of_at])]
        writer.writerow([fields[column] for column in table_columns])
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as archive:
        archive.write(text.getvalue().encode("utf-8"))
    return buffer.getvalue()
