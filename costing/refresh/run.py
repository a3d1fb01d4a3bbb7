"""`refresh_prices`: the Bulk API's current prices for the rules' services, into the user's cache.

Per offer (AmazonEC2, AmazonRDS, ...): its region index, then each wanted region's CSV offer file,
streamed and reduced to the prices the rules need. An offer succeeds only when every file of it
does; a failed offer keeps its previous cached prices untouched. The offers that succeeded replace
their (service, region) prices in the cache, everything else is carried over, and the result is
published as a new cache generation in one atomic swap (costing/cache.py) - so an interrupted or
failed refresh leaves the previous cache intact and usable.

A CSV file cut short exactly at a row boundary, served with a matching Content-Length, is a valid CSV
file: what gives it away is how few prices it holds. The manifest records each service's number of
prices per region, and a file that gives a service fewer than MIN_KEPT_SHARE of the prices the last
refresh kept for it fails its offer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pandas as pd

from costing.cache import PRICES_FILE, RESERVED_FILE, live, price_cache, publish_next, read_manifest
from costing.catalog import RESERVED_COLUMNS, encode_snapshot, read_snapshot
from costing.errors import InputError
from costing.refresh.bulk_api import (DEFAULT_ENDPOINT, OFFERS, IndexFormatError, offer_index_url, parse_endpoint,
                                      parse_region_codes, parse_services, region_files, region_index_url)
from costing.refresh.collect import OfferPrices, decimal_text
from costing.refresh.download import DownloadError, HttpStream, RetryPolicy, fetch_json
from costing.refresh.mapping import SCREENS, match
from costing.refresh.offer_csv import OfferCsv, OfferFileError
from costing.refresh.progress import RefreshProgress
from costing.schema import PRICE_COLUMNS

REFRESH_FAILURES = (DownloadError, OfferFileError, IndexFormatError)
MIN_KEPT_SHARE = 0.5


@dataclass
class OfferOutcome:
    """What the refresh of one offer did."""

    offer: str
    services: tuple[str, ...]
    regions: list[str] = field(default_factory=list)  # refreshed
    missing_regions: tuple[str, ...] = ()  # wanted, but absent from the offer's region index
    rows_read: int = 0
    prices: int = 0  # on-demand prices kept
    reserved: int = 0  # reserved-term prices kept
    bytes: int = 0
    as_of: str = ""  # newest publication date of its files
    error: str = ""  # why it failed ("" when it succeeded); its cached prices are then unchanged


@dataclass
class RefreshReport:
    cache_dir: Path  # the price cache's directory
    generation: Path | None  # the cache generation written, None when nothing was
    offers: list[OfferOutcome]
    seconds: float
    unknown_regions: tuple[str, ...] = ()  # asked for, but in no offer's region index

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def failures(self) -> list[str]:
        messages = [f"{outcome.offer}: {outcome.error}" for outcome in self.offers if outcome.error]
        if self.unknown_regions:
            messages.append(f"region(s) {', '.join(self.unknown_regions)} are in no offer's region index "
                            f"(not AWS region codes?)")
        return messages

    def summary(self) -> pd.DataFrame:
        """One row per offer (SUMMARY_COLUMNS), for the command line."""
        return pd.DataFrame([[outcome.offer, len(outcome.regions), outcome.prices, outcome.reserved,
                              outcome.rows_read, round(outcome.bytes / 1e6, 1), outcome.as_of, _status(outcome)]
                             for outcome in self.offers], columns=SUMMARY_COLUMNS)


SUMMARY_COLUMNS = ["offer", "regions", "prices", "reserved", "rows", "MB", "as_of", "status"]


def _status(outcome: OfferOutcome) -> str:
    if outcome.error:
        return "failed (previous prices kept)"
    if outcome.missing_regions:
        return f"ok; not offered in {', '.join(outcome.missing_regions)}"
    return "ok"


@dataclass
class _Fresh:
    """The kept prices of a successful offer."""

    outcome: OfferOutcome
    index_url: str
    files: dict[str, OfferPrices]  # region -> prices
    versions: dict[str, str]  # region -> offer file version


def refresh_prices(*, regions: list[str] | None = None, services: list[str] | None = None,
                   endpoint: str = DEFAULT_ENDPOINT, cache_dir: Path | str | None = None, progress: bool = True,
                   retry: RetryPolicy = RetryPolicy()) -> RefreshReport:
    """Refresh the cached prices of `services` (offer codes or catalog services; None: all) in `regions`
    (None: every region of each offer) from `endpoint`, into the price cache of costing's cache directory
    `cache_dir` (default: costing.cache.cache_root()). Bad arguments raise InputError; download and file
    failures are reported per offer in the RefreshReport, the cache keeping their previous prices."""
    offers = parse_services(services)
    wanted = parse_region_codes(regions)
    endpoint = parse_endpoint(endpoint)
    root = price_cache(Path(cache_dir).expanduser() if cache_dir is not None else None)
    started = time.monotonic()
    bar = RefreshProgress(progress)
    with bar.running():
        outcomes, fresh = _refresh_offers(offers, endpoint, wanted, retry, bar, _kept_before(root))
    generation = _publish(root, endpoint, fresh) if fresh else None
    return RefreshReport(root, generation, outcomes, time.monotonic() - started, _unknown(wanted, outcomes))


def _kept_before(root: Path) -> dict[tuple[str, str], int]:
    """(service, region) -> the number of prices the live generation's refresh kept; {} when unknown."""
    try:
        with live(root) as generation:
            services = read_manifest(generation).get("services", {}) if generation is not None else {}
        return {(service, region): int(entry["prices"]) for service, info in services.items()
                for region, entry in info.get("regions", {}).items() if isinstance(entry.get("prices"), int)}
    except (InputError, AttributeError, TypeError, ValueError):  # a damaged cache: the publish will say so
        return {}


def _refresh_offers(offers: list[str], endpoint: str, wanted: list[str] | None, retry: RetryPolicy,
                    bar: RefreshProgress, kept_before: dict[tuple[str, str], int]
                    ) -> tuple[list[OfferOutcome], list[_Fresh]]:
    """Every offer's outcome, and the prices of those that succeeded."""
    index_url = offer_index_url(endpoint)
    try:
        offer_index = fetch_json(index_url, retry)
    except DownloadError as error:
        return [OfferOutcome(offer, OFFERS[offer], error=str(error)) for offer in offers], []
    outcomes, fresh = [], []
    for offer in offers:
        outcome = OfferOutcome(offer, OFFERS[offer])
        outcomes.append(outcome)
        try:
            fresh.append(_refresh_offer(outcome, endpoint, offer_index, index_url, wanted, retry, bar, kept_before))
        except REFRESH_FAILURES as error:
            outcome.error = str(error)
    return outcomes, fresh


def _unknown(wanted: list[str] | None, outcomes: list[OfferOutcome]) -> tuple[str, ...]:
    """The regions asked for that no offer whose index was read lists (a typo, or not a region)."""
    checked = [outcome for outcome in outcomes if not outcome.error]
    return tuple(code for code in wanted or () if checked and all(code in outcome.missing_regions
                                                                   for outcome in checked))


def _refresh_offer(outcome: OfferOutcome, endpoint: str, offer_index: dict, index_url: str,
                   wanted: list[str] | None, retry: RetryPolicy, bar: RefreshProgress,
                   kept_before: dict[tuple[str, str], int]) -> _Fresh:
    offer = outcome.offer
    regions_url = region_index_url(endpoint, offer_index, offer, index_url)
    listing = region_files(endpoint, fetch_json(regions_url, retry), wanted, regions_url)
    outcome.missing_regions = listing.missing
    files, versions = {}, {}
    for region, url in listing.files.items():
        files[region], versions[region] = _read_offer_file(outcome, region, url, retry, bar)
        _check_count(files[region], kept_before)
    outcome.regions = list(files)
    outcome.as_of = max((prices.as_of for prices in files.values()), default="")
    return _Fresh(outcome, regions_url, files, versions)


def _read_offer_file(outcome: OfferOutcome, region: str, url: str, retry: RetryPolicy,
                     bar: RefreshProgress) -> tuple[OfferPrices, str]:
    """The kept prices of one region's CSV file, streamed; an OfferFileError if it keeps none."""
    file_bar = bar.file(f"{outcome.offer} {region}")
    with HttpStream(url, retry, on_bytes=file_bar.advance) as stream:
        offer_file = OfferCsv(stream, url=url, offer=outcome.offer)
        file_bar.size(stream.total)
        kept = OfferPrices(region, url, offer_file.publication_date)
        for line, row in offer_file.rows(on_rows=file_bar.rows, screen=SCREENS.get(outcome.offer)):
            found = match(outcome.offer, row)
            if found is not None:
                kept.add(row, found, line)
        outcome.bytes += stream.position
    file_bar.done()
    outcome.rows_read += offer_file.rows_read
    if not kept.count:
        raise OfferFileError(f"{url}: none of its {offer_file.rows_read:,} rows is a price the rules use")
    outcome.prices += len(kept.on_demand)
    outcome.reserved += len(kept.reserved_rows())
    return kept, offer_file.version


def _check_count(kept: OfferPrices, kept_before: dict[tuple[str, str], int]) -> None:
    """An OfferFileError when the file gives a service far fewer prices than the last refresh kept."""
    for service, count in kept.counts().items():
        before = kept_before.get((service, kept.region), 0)
        if count < before * MIN_KEPT_SHARE:
            raise OfferFileError(f"{kept.source}: {count:,} {service} price(s) in {kept.region} where the last "
                                 f"refresh kept {before:,}: most of its rows are missing (a file cut short?)")


def _publish(root: Path, endpoint: str, fresh: list[_Fresh]) -> Path:
    """The live cache with the fresh offers' (service, region) prices replaced, as a new generation (the
    live one read under the cache's lock, so a refresh that published meanwhile is built on)."""
    return publish_next(root, lambda previous: _next_generation(previous, endpoint, fresh))


def _next_generation(previous: Path | None, endpoint: str, fresh: list[_Fresh]) -> tuple[dict[str, bytes], dict]:
    """The files and manifest of the generation after `previous` (None: none yet)."""
    old_prices = _previous_rows(previous, PRICES_FILE, PRICE_COLUMNS)
    old_reserved = _previous_rows(previous, RESERVED_FILE, RESERVED_COLUMNS)
    manifest = read_manifest(previous) if previous else {"services": {}}
    replaced = {(service, region) for item in fresh for service in item.outcome.services for region in item.files}
    prices = [row for row in old_prices if (row[0], row[1]) not in replaced]
    reserved = [row for row in old_reserved if (row[0], row[1]) not in replaced]
    written_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for item in fresh:
        for region, kept in item.files.items():
            prices += kept.price_rows()
            reserved += kept.reserved_rows()
        for service in item.outcome.services:
            entry = manifest["services"].setdefault(service, {"regions": {}})
            entry.update(offer=item.outcome.offer, source=item.index_url)
            entry["regions"].update({region: {"as_of": kept.as_of, "url": kept.source,
                                              "version": item.versions[region], "refreshed_at": written_at,
                                              "prices": kept.counts().get(service, 0)}
                                     for region, kept in item.files.items()})
    manifest.update(format=1, endpoint=endpoint, written_at=written_at)
    return ({PRICES_FILE: encode_snapshot(sorted(prices)),
             RESERVED_FILE: encode_snapshot(sorted(reserved), RESERVED_COLUMNS)}, manifest)


def _previous_rows(generation: Path | None, name: str, columns: list[str]) -> list[list[str]]:
    """The rows of a file of the live generation, as the strings they were written from."""
    if generation is None:
        return []
    table = read_snapshot(generation / name, columns, hint="delete the cache directory and refresh again")
    text = {column: table[column].astype(str) for column in columns if not column.endswith("usd")}
    money = {column: table[column].map(lambda value: decimal_text(Decimal(repr(value))))
             for column in columns if column.endswith("usd")}
    return pd.DataFrame({**text, **money})[columns].values.tolist()
