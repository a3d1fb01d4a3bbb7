"""Refreshes that run at the same time, and estimates that read the cache meanwhile: the cache stays valid.

Each pair of refreshes runs in two processes released together against the fixture server; after each
pair the live generation must exist and read as a catalog, and a reader loading the catalog in a loop
the whole time must never fail.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

import pytest

from costing import catalog as catalog_module
from costing.cache import live_generation, price_cache
from costing.catalog import load_catalog
from tests.refresh_server import FixtureServer, fast_retries, standard_site

PAIRS = 16

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks the test process")


def refresh_when_released(endpoint: str, services: list[str], start, results) -> None:
    from costing.refresh import refresh_prices

    start.wait()
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
    assert 1 <= len(generations) <= 2  # the live one and the one it replaced; older ones removed
    assert not [entry for entry in os.listdir(price_cache()) if entry.startswith(".incoming-")]
