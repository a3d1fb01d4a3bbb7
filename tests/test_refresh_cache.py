"""costing.cache: where the cache lives, and its atomic replacement."""

from __future__ import annotations

import os
import time
from pathlib import Path

import platformdirs
import pytest

from costing import cache
from costing.cache import CACHE_ENV, cache_root, live_generation, price_cache, publish, read_manifest
from costing.catalog import EMBEDDED_ORIGIN, load_catalog
from costing.errors import InputError

LOCKS = [cache.LIVE_LOCK, cache.REFRESH_LOCK]  # the lock files a refresh leaves in the price cache's folder


def test_the_cache_is_costing_cache_dir_else_the_users_cache_directory(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "prices"))
    assert cache_root() == tmp_path / "prices"
    monkeypatch.setenv(CACHE_ENV, "~/somewhere")
    assert cache_root() == Path.home() / "somewhere"
    monkeypatch.delenv(CACHE_ENV)
    assert cache_root() == Path(platformdirs.user_cache_dir("costing"))


def test_publish_swaps_in_a_complete_generation_and_drops_the_old(tmp_path):
    assert live_generation(tmp_path) is None
    first = publish(tmp_path, {"prices.csv.gz": b"one"}, {"services": {}})
    assert live_generation(tmp_path) == first
    assert (tmp_path / "CURRENT").read_text() == first.name + "\n"
    second = publish(tmp_path, {"prices.csv.gz": b"two"}, {"services": {"kms": {}}})
    assert live_generation(tmp_path) == second
    assert (second / "prices.csv.gz").read_bytes() == b"two"
    assert read_manifest(second) == {"services": {"kms": {}}}
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*LOCKS, "CURRENT", second.name])


def test_a_failed_write_leaves_the_live_generation_and_no_debris(tmp_path, monkeypatch):
    live = publish(tmp_path, {"prices.csv.gz": b"one"}, {"services": {}})

    def fail(path, data):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(cache, "_write_synced", fail)
    with pytest.raises(InputError) as error:
        publish(tmp_path, {"prices.csv.gz": b"two"}, {"services": {}})
    assert str(error.value) == (f"cannot write the price cache {tmp_path}: Input/output error; the previous prices "
                                f"are kept (set COSTING_CACHE_DIR to a writable folder)")
    assert live_generation(tmp_path) == live
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*LOCKS, "CURRENT", live.name])


def test_a_damaged_pointer_is_an_input_error_naming_the_fix(tmp_path):
    (tmp_path / "CURRENT").write_text("../../etc\n")
    with pytest.raises(InputError) as error:
        live_generation(tmp_path)
    assert str(error.value) == (f"the price cache {tmp_path} is damaged (CURRENT names '../../etc', not a generation "
                                f"directory): delete {tmp_path} and run `costing prices refresh` again")


def test_without_a_cache_estimates_use_the_embedded_snapshot(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "empty"))
    catalog = load_catalog()
    assert catalog.origin == EMBEDDED_ORIGIN
    assert catalog.reserved.empty
    assert {p.origin for p in catalog.provenance()} == {EMBEDDED_ORIGIN}


def test_the_price_cache_keeps_to_its_own_directory(tmp_path):
    inventory = tmp_path / "webstack.prod.0123.pkl"  # another cache in costing's cache directory
    inventory.write_bytes(b"inventory")
    generation = publish(price_cache(tmp_path), {"prices.csv.gz": b"one"}, {"services": {}})
    publish(price_cache(tmp_path), {"prices.csv.gz": b"two"}, {"services": {}})
    assert generation.parent == tmp_path / "prices"
    assert inventory.read_bytes() == b"inventory"


def test_a_cache_folder_that_is_a_file_holds_no_prices_and_cannot_be_refreshed_into(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocker))
    assert live_generation() is None
    assert load_catalog().origin == EMBEDDED_ORIGIN
    with pytest.raises(InputError) as error:
        publish(price_cache(), {"prices.csv.gz": b"one"}, {"services": {}})
    assert str(error.value) == (f"cannot write the price cache {blocker / 'prices'}: Not a directory; the previous "
                                f"prices are kept (set COSTING_CACHE_DIR to a writable folder)")


def test_incoming_folders_of_long_dead_refreshes_are_removed_and_running_ones_kept(tmp_path):
    dead, running = tmp_path / ".incoming-dead", tmp_path / ".incoming-running"
    dead.mkdir()
    running.mkdir()
    os.utime(dead, (time.time() - 2 * 24 * 3600,) * 2)
    live = publish(tmp_path, {"prices.csv.gz": b"one"}, {"services": {}})
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*LOCKS, ".incoming-running", "CURRENT", live.name])
