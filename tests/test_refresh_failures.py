"""Refreshes that go wrong: each fails with a message naming the file (and line), and the previous
cache survives byte for byte, still the one estimates read."""

from __future__ import annotations

import pytest

from costing import cache as cache_module
from costing.cache import CACHE_ENV
from costing.catalog import load_catalog
from costing.errors import InputError
from costing.refresh import refresh_prices, run
from tests.refresh_server import (Body, FixtureServer, fast_retries, files_under, offer_csv_head, standard_site)

ON_DEMAND = "linux-ondemand-shared"
NEW = {"version": "20261001000000", "published": "2026-10-01T00:00:00Z"}
EC2_PATH = "/offers/v1.0/aws/AmazonEC2/20261001000000/us-east-1/index.csv"


@pytest.fixture
def old_cache(tmp_path, monkeypatch):
    """A cache filled by a good refresh (EC2 and KMS in us-east-1), and the estimates' view of it."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    with FixtureServer(standard_site().routes()) as server:
        report = refresh_prices(regions=["us-east-1"], services=["ec2", "kms"], endpoint=server.url,
                                progress=False, retry=fast_retries())
    assert report.ok
    return tmp_path


def newer_site():
    """The next month's prices: t3.micro at 0.0111 instead of 0.0104."""
    site = standard_site(**NEW)
    from tests.refresh_server import ec2_rows

    site.add("AmazonEC2", "us-east-1", ec2_rows("us-east-1", "0.0111", "0.099", "0.082", "0.046"))
    return site


def refresh(server, services=("ec2",), attempts=3):
    return refresh_prices(regions=["us-east-1"], services=list(services), endpoint=server.url, progress=False,
                          retry=fast_retries(attempts))


def price_files(cache) -> dict[str, bytes]:
    """The price cache's files (estimates also keep memos, parsed snapshots, beside it)."""
    return files_under(cache / "prices")


def assert_old_cache_intact(old_cache, before):
    assert price_files(old_cache) == before
    row = load_catalog().lookup("ec2", "t3.micro", "us-east-1", ON_DEMAND).iloc[0]
    assert (row["usd"], row["as_of"]) == (0.0104, "2026-09-01")


def test_a_download_that_always_breaks_fails_after_its_retries(old_cache):
    before = price_files(old_cache)
    routes = newer_site().routes()
    route = routes[EC2_PATH]
    route.cut_at = 3000
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.failures == [f"AmazonEC2: {server.url}{EC2_PATH}: connection closed after 3,000 of "
                               f"{route.body.size:,} bytes (3 attempts)"]
    assert [request["range"] for request in route.requests] == [None, "bytes=3000-", "bytes=3000-"]
    assert report.generation is None
    assert report.summary()["status"].tolist() == ["failed (previous prices kept)"]
    assert_old_cache_intact(old_cache, before)


def test_server_errors_then_success(old_cache):
    routes = newer_site().routes()
    routes[EC2_PATH].fail_first = 2
    routes["/offers/v1.0/aws/index.json"].fail_first = 1
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.ok
    assert [request["status"] for request in routes[EC2_PATH].requests] == [503, 503, 200]
    assert load_catalog().lookup("ec2", "t3.micro", "us-east-1", ON_DEMAND).loc[0, "usd"] == 0.0111


def test_server_errors_beyond_the_retries_fail(old_cache):
    before = price_files(old_cache)
    routes = newer_site().routes()
    routes[EC2_PATH].fail_first = 5
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.failures == [f"AmazonEC2: {server.url}{EC2_PATH}: HTTP 503 Service Unavailable (3 attempts)"]
    assert_old_cache_intact(old_cache, before)


def test_a_missing_file_fails_at_once(old_cache):
    before = price_files(old_cache)
    routes = newer_site().routes()
    del routes[EC2_PATH]
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.failures == [f"AmazonEC2: {server.url}{EC2_PATH}: HTTP 404 Not Found"]
    assert_old_cache_intact(old_cache, before)


def test_a_malformed_row_fails_its_offer_with_the_line_and_spares_the_others(old_cache):
    before = price_files(old_cache)
    site = newer_site()
    routes = site.routes()
    body = routes[EC2_PATH].body
    lines = body.head.decode().splitlines(keepends=True)
    lines[9] = '"BROKEN","JRTCKXETXF","OnDemand","0.5"\n'  # line 10: 4 fields instead of 91
    body.head = "".join(lines).encode()
    with FixtureServer(routes) as server:
        report = refresh(server, services=("ec2", "kms"))
    assert report.failures == [f"AmazonEC2: {server.url}{EC2_PATH} line 10: expected 91 fields as in the header, "
                               f"got 4"]
    assert report.offers[1].error == "" and report.generation is not None
    kms = load_catalog().lookup("kms", "key", "us-east-1").iloc[0]
    assert kms["as_of"] == "2026-10-01"  # KMS refreshed ...
    row = load_catalog().lookup("ec2", "t3.micro", "us-east-1", ON_DEMAND).iloc[0]
    assert (row["usd"], row["as_of"]) == (0.0104, "2026-09-01")  # ... EC2 kept as it was
    assert price_files(old_cache) != before


@pytest.mark.parametrize("replace, problem", [
    (lambda text: text.replace('"0.0111"', '"abc"'), "line 7: price 'abc' is not a non-negative number"),
    (lambda text: text.replace('"0.0111"', '"-1"'), "line 7: price '-1' is not a non-negative number"),
    (lambda text: text.replace('"0.0065"', '"0.00"65"', 1), "line 8: ',' expected after '\"'"),
])
def test_bad_prices_and_quoting_name_the_line(old_cache, replace, problem):
    before = price_files(old_cache)
    routes = newer_site().routes()
    body = routes[EC2_PATH].body
    body.head = replace(body.head.decode()).encode()
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.failures == [f"AmazonEC2: {server.url}{EC2_PATH} {problem}"]
    assert_old_cache_intact(old_cache, before)


def cut(body: Body, marker: str, end: str) -> None:
    """Truncate the served file after `marker`: at its line's end ("line"), before its 6th comma ("6 fields"),
    or 2 characters in ("quote": inside a quoted field). The server then sends what is left, whole."""
    text = body.head.decode()
    start = text.index(marker)
    if end == "line":
        stop = text.index("\n", start) + 1
    elif end == "quote":
        stop = start + 2
    else:
        stop = start
        for _ in range(int(end.split()[0])):
            stop = text.index(",", stop + 1)
    body.head = text[:stop].encode()


@pytest.mark.parametrize("marker, end, problem", [
    ('"NBus-east-1"', "6 fields", " line 31: expected 91 fields as in the header, got 6 (the file ends here: "
                                  "truncated?)"),
    ('"NBus-east-1"', "quote", " line 31: unexpected end of data (the file ends here: truncated?)"),
    ('"OfferCode"', "quote", " line 5: unexpected end of data (the file ends here: truncated?)"),
    ('"OfferCode"', "line", ": ends before its header row (truncated, or not a CSV offer file)"),
    ('"SKU"', "line", ": no price rows after the header (truncated?)"),
])
def test_a_truncated_file_is_detected(old_cache, marker, end, problem):
    before = price_files(old_cache)
    routes = newer_site().routes()
    cut(routes[EC2_PATH].body, marker, end)
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.failures == [f"AmazonEC2: {server.url}{EC2_PATH}{problem}"]
    assert_old_cache_intact(old_cache, before)


def test_a_last_row_without_its_newline_is_a_truncated_file(old_cache):
    before = price_files(old_cache)
    routes = newer_site().routes()
    body = routes[EC2_PATH].body
    body.head = body.head.rstrip(b"\n")
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.failures == [f"AmazonEC2: {server.url}{EC2_PATH}: truncated, the last line (31) is incomplete"]
    assert_old_cache_intact(old_cache, before)


def test_another_offers_file_is_refused(old_cache):
    routes = newer_site().routes()
    routes[EC2_PATH].body = Body((offer_csv_head("AmazonRDS", ["SKU", "TermType"]) + '"X","OnDemand"\n').encode())
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.failures == [f"AmazonEC2: {server.url}{EC2_PATH}: the offer file of 'AmazonRDS', "
                               f"expected 'AmazonEC2'"]


def test_a_header_without_the_needed_columns_is_refused(old_cache):
    routes = newer_site().routes()
    routes[EC2_PATH].body = Body((offer_csv_head("AmazonEC2", ["SKU", "TermType", "Unit"])
                                  + '"X","OnDemand","Hrs"\n').encode())
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.failures == [f"AmazonEC2: {server.url}{EC2_PATH}: the header lacks the column(s) PricePerUnit, "
                               f"Currency, Product Family, usageType"]


def test_an_offer_missing_from_the_offer_index(old_cache):
    routes = newer_site().routes()
    routes["/offers/v1.0/aws/index.json"].body = Body(b'{"formatVersion": "v1.0", "offers": {}}')
    with FixtureServer(routes) as server:
        report = refresh(server, services=("kms",))
    assert report.failures == [f"awskms: {server.url}/offers/v1.0/aws/index.json: offer awskms is not listed "
                               f"(or has no currentRegionIndexUrl)"]


def test_no_server_at_all(old_cache):
    before = price_files(old_cache)
    with FixtureServer({}) as server:
        url = server.url
    report = refresh_prices(regions=["us-east-1"], services=["ec2", "kms"], endpoint=url, progress=False,
                            retry=fast_retries(2))
    reason = report.offers[0].error
    assert reason.startswith(f"{url}/offers/v1.0/aws/index.json: cannot connect: ") and reason.endswith("(2 attempts)")
    assert [outcome.error for outcome in report.offers] == [reason, reason]
    assert_old_cache_intact(old_cache, before)


def test_an_interrupted_refresh_leaves_the_cache_as_it_was(old_cache, monkeypatch):
    before = price_files(old_cache)
    rows_seen = []

    def interrupt(offer, row):
        rows_seen.append(row)
        if len(rows_seen) == 5:
            raise KeyboardInterrupt
        return None

    monkeypatch.setattr(run, "match", interrupt)
    with FixtureServer(newer_site().routes()) as server, pytest.raises(KeyboardInterrupt):
        refresh(server)
    assert_old_cache_intact(old_cache, before)


def test_a_failure_while_publishing_keeps_the_live_generation(old_cache, monkeypatch):
    before = price_files(old_cache)

    def disk_full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module, "_write_synced", disk_full)
    with FixtureServer(newer_site().routes()) as server, pytest.raises(InputError) as error:
        refresh(server)
    assert str(error.value) == (f"cannot write the price cache {old_cache / 'prices'}: No space left on device; the "
                                f"previous prices are kept (set COSTING_CACHE_DIR to a writable folder)")
    assert_old_cache_intact(old_cache, before)
