"""The price catalog: AWS on-demand prices in PRICE_COLUMNS, loaded once from a snapshot file.

The default is the snapshot embedded in the package (costing/data/prices.csv.gz, built by
scripts/build_price_snapshot.py). `load_catalog(snapshot_path)` takes another file of the same
format, so a refreshed copy in the user's cache can replace it later.

Snapshot format (gzipped UTF-8): first one line per origin, `# source <ref>,<as_of>,<origin>`
(CSV fields), then a CSV table of PRICE_COLUMNS without `as_of`, whose `source` is a ref. Naming
each origin once, instead of repeating a 100-character string on every row, makes the file a third
of the size and loading twice as fast; `decode_snapshot` expands the refs back into PRICE_COLUMNS.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import io
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from costing.errors import InputError
from costing.regions import region_named
from costing.result import PriceProvenance
from costing.schema import PRICE_COLUMNS

EMBEDDED_SNAPSHOT = Path(__file__).with_name("data") / "prices.csv.gz"
EMBEDDED_ORIGIN = "embedded snapshot"
EXAMPLE_REGION = "eu-west-1"

SOURCE_MARK = b"# source "
TABLE_COLUMNS = [column for column in PRICE_COLUMNS if column != "as_of"]
TABLE_DTYPES = {column: "category" for column in TABLE_COLUMNS} | {"usd": "float64"}
INFO_COLUMNS = ["service", "regions", "items", "prices", "as_of", "age_days", "missing_regions"]


@dataclass(frozen=True, eq=False)
class Catalog:
    """Prices (PRICE_COLUMNS; `usd` float, the other columns categorical) and where they came from.

    Treat `prices` as read-only: a loaded catalog is shared by every caller in the process.
    """

    prices: pd.DataFrame
    origin: str = EMBEDDED_ORIGIN

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

    def provenance(self) -> tuple[PriceProvenance, ...]:
        """Per service, the newest as-of date of its prices and this catalog's origin."""
        return tuple(PriceProvenance(service, as_of, self.origin) for service, as_of in self._newest_as_of.items())

    def info(self, today: date | None = None) -> pd.DataFrame:
        """One row per service (INFO_COLUMNS): coverage, as-of date, age, and the regions it lacks."""
        today = today or date.today()
        counts = self.prices.groupby("service", observed=True).agg(
            regions=("region", "nunique"), items=("item", "nunique"), prices=("usd", "size"))
        present = self.prices[["service", "region"]].drop_duplicates().groupby("service", observed=True)["region"]
        rows = []
        for service, as_of in self._newest_as_of.items():
            missing = sorted(set(self.regions) - set(present.get_group(service)))
            rows.append([service, *counts.loc[service], as_of, (today - date.fromisoformat(as_of)).days,
                         ", ".join(missing)])
        return pd.DataFrame(rows, columns=INFO_COLUMNS)

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
        pairs = self.prices[["service", "as_of"]].drop_duplicates().astype(str)
        return pairs.groupby("service")["as_of"].max().to_dict()

    def _region_like(self, text: str) -> str:
        """The catalog region `text` most likely meant (a near code or a region name), else an example."""
        close = difflib.get_close_matches(str(text).lower(), self.regions, n=1, cutoff=0.6)
        named = region_named(str(text))
        for candidate in [*close, named, EXAMPLE_REGION]:
            if candidate in self.regions:
                return candidate
        return self.regions[0]


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
    """The catalog of a snapshot file (default: the embedded one), read once per process and path."""
    if snapshot_path is None:
        return _load(EMBEDDED_SNAPSHOT, EMBEDDED_ORIGIN)
    path = Path(snapshot_path)
    return _load(path, str(path))


@lru_cache(maxsize=8)
def _load(path: Path, origin: str) -> Catalog:
    return Catalog(read_snapshot(path), origin)


def read_snapshot(path: Path) -> pd.DataFrame:
    """PRICE_COLUMNS from a snapshot file, or an InputError naming the file and the problem."""
    try:
        return decode_snapshot(path.read_bytes())
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError, pd.errors.ParserError) as error:
        raise InputError(f"cannot read price snapshot {path}: {error} "
                         f"(rebuild it with scripts/build_price_snapshot.py)") from None


def decode_snapshot(data: bytes) -> pd.DataFrame:
    """PRICE_COLUMNS from the bytes of a snapshot file (see the module docstring for the format)."""
    text = gzip.decompress(data)
    sources, table_start = _read_sources(text)
    table = _read_table(memoryview(text)[table_start:])
    refs = table["source"].cat
    undeclared = sorted(set(refs.categories) - set(sources))
    if undeclared:
        raise ValueError(f"source refs {', '.join(undeclared)} are not declared")
    entries = [sources[ref] for ref in refs.categories]
    codes = refs.codes.to_numpy()
    table["source"] = _expand(codes, [origin for _, origin in entries])
    table["as_of"] = _expand(codes, [as_of for as_of, _ in entries])
    return table[PRICE_COLUMNS]


def _read_table(text: memoryview) -> pd.DataFrame:
    """The CSV table, its text columns categorical (small, fast to filter and merge)."""
    table = pd.read_csv(io.BytesIO(text), dtype=TABLE_DTYPES, keep_default_na=False, na_filter=False)
    if list(table.columns) != TABLE_COLUMNS:
        raise ValueError(f"expected columns {','.join(TABLE_COLUMNS)}, got {','.join(map(str, table.columns))}")
    numeric = [column for column, dtype in TABLE_DTYPES.items()
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


def encode_snapshot(rows: Iterable[Sequence[str]]) -> bytes:
    """A snapshot file of PRICE_COLUMNS rows (strings), byte-identical for identical rows (gzip mtime 0)."""
    source_at, as_of_at = PRICE_COLUMNS.index("source"), PRICE_COLUMNS.index("as_of")
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
    writer.writerow(TABLE_COLUMNS)
    for row in rows:
        fields = dict(zip(PRICE_COLUMNS, row))
        fields["source"] = refs[(row[source_at], row[as_of_at])]
        writer.writerow([fields[column] for column in TABLE_COLUMNS])
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as archive:
        archive.write(text.getvalue().encode("utf-8"))
    return buffer.getvalue()
