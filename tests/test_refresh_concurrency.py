"""Refreshes that run at the same time, and estimates that read the cache meanwhile: the cache stays valid.

Each pair of refreshes runs in two processes released together against the fixture server; after each
pair the live generation must exist and read as a catalog, and a reader loading the catalog in a loop
the whole time must never fail. And, without relying on timing, a reader paused between resolving
CURRENT and reading the files it names must read them whole while two refreshes publish.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import shutil
import sys
from pathlib import Path

import pytest

from costing import catalog as catalog_module
from costing.cache import live_generation, price_cache, publish
from costing.catalog import RESERVED_COLUMNS, encode_snapshot, load_catalog
from tests.refresh_server import FixtureServer, fast_retries, standard_site

PAIRS = 16

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks the test process")


def refresh_when_released(endpoint: str, services: list[str], start, results) -> None:
    start.wait()
    refresh(endpoint, services, results)


def refresh(endpoint: str, services: list[str], results) -> None:
    from costing.refresh import refresh_prices

    try:
        report = refresh_prices(regions=["us-east-1"], services=services, endpoint=endpoint, progress=False,
                                retry=fast_retries())
        results.put("ok" if report.ok else "; ".join(report.failures))
    except Exception as error:  # noqa: BLE001 (reported to the test, which fails on it)
        results.put(f"{type(error).__name__}: {error}")


def read_until_stopped(stop, results) -> None:
    """Load the catalog again and again (a new process's view each time) until `stop` is set."""
    failures, loads = [], 0
    while not stop.is_set():
        catalog_module._load_with_cache.cache_clear()  # noqa: SLF001 (as a new process would)
        try:
            if live_generation() is not None:
                load_catalog().lookup("kms", "key", "us-east-1")
                loads += 1
        except Exception as error:  # noqa: BLE001
            failures.append(f"{type(error).__name__}: {error}")
    results.put((loads, failures[:3], len(failures)))


def test_concurrent_refreshes_keep_the_cache_valid_and_readable(cache_dir):
    context = multiprocessing.get_context("fork")
    with FixtureServer(standard_site().routes()) as server:
        stop, reads = context.Event(), context.Queue()
        reader = context.Process(target=read_until_stopped, args=(stop, reads))
        reader.start()
        try:
            for pair in range(PAIRS):
                start, results = context.Event(), context.Queue()
                refreshes = [context.Process(target=refresh_when_released,
                                             args=(server.url, services, start, results))
                             for services in (["kms"], ["kms", "secretsmanager"])]
                for process in refreshes:
                    process.start()
                start.set()
                outcomes = [results.get(timeout=60) for _ in refreshes]
                for process in refreshes:
                    process.join(timeout=60)
                assert outcomes == ["ok", "ok"], f"pair {pair}"
                generation = live_generation(price_cache())
                assert generation is not None and generation.is_dir(), f"pair {pair}"
                catalog_module._load_with_cache.cache_clear()  # noqa: SLF001
                assert load_catalog().lookup("kms", "key", "us-east-1").loc[0, "usd"] == 1.0, f"pair {pair}"
        finally:
            stop.set()
            loads, failures, failed = reads.get(timeout=60)
            reader.join(timeout=60)
    assert (failed, failures) == (0, []) and loads > 0
    generations = sorted(entry.name for entry in price_cache().iterdir() if entry.name.startswith("prices-"))
    assert generations == [live_generation().name]  # every one it replaced removed
    assert not [entry for entry in os.listdir(price_cache()) if entry.startswith(".incoming-")]


def publish_kms(usd: str) -> Path:
    """Publish a price cache generation whose KMS key in us-east-1 costs `usd` a month."""
    row = ["kms", "us-east-1", "key", "", "key-month", usd, "https://prices.test/kms", "2030-01-01"]
    files = {"prices.csv.gz": encode_snapshot([row]), "reserved.csv.gz": encode_snapshot([], RESERVED_COLUMNS)}
    return publish(price_cache(), files, {"services": {"kms": {"source": "https://prices.test", "regions": {}}}})


def read_pausing_after_resolving(resolved, go, results) -> None:
    """Load the catalog, pausing at the first read of a file of the price cache (CURRENT is resolved by then)
    until `go` is set; put the KMS key's price, or the error."""
    real_read = catalog_module.read_snapshot

    def paused_read(path, *args, **kwargs):
        if path.parent.parent == price_cache() and not resolved.is_set():
            resolved.set()
            go.wait(timeout=60)
        return real_read(path, *args, **kwargs)

    catalog_module.read_snapshot = paused_read
    catalog_module._load_with_cache.cache_clear()  # noqa: SLF001 (as a new process would)
    try:
        results.put(float(load_catalog().lookup("kms", "key", "us-east-1").loc[0, "usd"]))
    except Exception as error:  # noqa: BLE001 (reported to the test, which fails on it)
        results.put(f"{type(error).__name__}: {error}")


def publish_twice_once_resolved(resolved, go, stopped, results) -> None:
    """Once the reader has resolved CURRENT, publish two generations. Set `stopped` and wait for `go` where a
    reader could be hurt: when a lock this process asks for is held by another (the reader), and when a
    generation being removed has lost its files but not yet its folder (the middle of shutil.rmtree)."""
    real_flock, real_rmtree = fcntl.flock, shutil.rmtree

    def flock_reporting_waits(descriptor, operation):
        if operation & (fcntl.LOCK_NB | fcntl.LOCK_UN):
            return real_flock(descriptor, operation)
        try:
            return real_flock(descriptor, operation | fcntl.LOCK_NB)
        except BlockingIOError:
            stopped.set()
            return real_flock(descriptor, operation)

    def rmtree_pausing_halfway(path, *args, **kwargs):
        for entry in Path(path).iterdir():
            entry.unlink()
        stopped.set()
        go.wait(timeout=60)
        return real_rmtree(path, *args, **kwargs)

    fcntl.flock, shutil.rmtree = flock_reporting_waits, rmtree_pausing_halfway
    resolved.wait(timeout=60)
    try:
        for usd in ("2.0", "3.0"):
            publish_kms(usd)
        results.put("ok")
    except Exception as error:  # noqa: BLE001
        results.put(f"{type(error).__name__}: {error}")


def test_a_reader_paused_after_resolving_current_reads_that_generation_whole_while_two_refreshes_publish(cache_dir):
    first = publish_kms("1.0")
    context = multiprocessing.get_context("fork")
    resolved, go, stopped = context.Event(), context.Event(), context.Event()
    read, published = context.Queue(), context.Queue()
    reader = context.Process(target=read_pausing_after_resolving, args=(resolved, go, read))
    publisher = context.Process(target=publish_twice_once_resolved, args=(resolved, go, stopped, published))
    reader.start()
    publisher.start()
    try:
        assert resolved.wait(timeout=60)
        # the reader goes on once the publisher stops: halfway through removing the generation the reader
        # resolved (as before the fix), or waiting for the reader (the fix); no timing involved
        while publisher.is_alive() and not stopped.is_set():
            publisher.join(timeout=0.01)
    finally:
        go.set()
        outcomes = (read.get(timeout=60), published.get(timeout=60))
        reader.join(timeout=60)
        publisher.join(timeout=60)
    assert outcomes == (1.0, "ok")  # the prices of the generation it resolved, read whole
    live = live_generation()
    assert sorted(entry.name for entry in price_cache().iterdir() if entry.name.startswith("prices-")) == [live.name]
    assert not first.exists()  # removed once the reader was done
    catalog_module._load_with_cache.cache_clear()  # noqa: SLF001
    assert load_catalog().lookup("kms", "key", "us-east-1").loc[0, "usd"] == 3.0


def refresh_pausing_in_its_download(endpoint: str, downloading, read, resumed, results) -> None:
    """A refresh that, once downloading, waits for `read` (at most 30 s), sets `resumed`, then goes on."""
    from costing.refresh import run

    real_refresh_offers = run._refresh_offers  # noqa: SLF001

    def paused_download(*args, **kwargs):
        downloading.set()
        read.wait(timeout=30)
        resumed.set()
        return real_refresh_offers(*args, **kwargs)

    run._refresh_offers = paused_download  # noqa: SLF001
    refresh(endpoint, ["kms"], results)


def test_a_reader_does_not_wait_for_a_refresh_that_is_downloading(cache_dir):
    publish_kms("9.0")
    context = multiprocessing.get_context("fork")
    downloading, read, resumed, results = context.Event(), context.Event(), context.Event(), context.Queue()
    with FixtureServer(standard_site().routes()) as server:
        refresh = context.Process(target=refresh_pausing_in_its_download,
                                  args=(server.url, downloading, read, resumed, results))
        refresh.start()
        try:
            assert downloading.wait(timeout=60)
            catalog_module._load_with_cache.cache_clear()  # noqa: SLF001
            price = load_catalog().lookup("kms", "key", "us-east-1").loc[0, "usd"]
            waited = resumed.is_set()  # only if the read had to wait for the refresh to go on
        finally:
            read.set()
            outcome = results.get(timeout=60)
            refresh.join(timeout=60)
    assert (price, waited, outcome) == (9.0, False, "ok")
    catalog_module._load_with_cache.cache_clear()  # noqa: SLF001
    assert load_catalog().lookup("kms", "key", "us-east-1").loc[0, "usd"] == 1.0  # the refresh's, once published
