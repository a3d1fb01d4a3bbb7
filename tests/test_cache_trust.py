"""The cache folder holds data, never code, and only data the user running costing wrote.

A pickle planted where a memo belongs (another user sharing COSTING_CACHE_DIR) is never loaded: memos
are a format of their own, and a file or folder that belongs to someone else, or that others may write
to, is ignored (a memo: computed again) or refused (a price cache: an error naming it). The folders
costing creates are readable by their user only.
"""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from costing.cache import live_generation, price_cache, publish
from costing.catalog import EMBEDDED_SNAPSHOT, parsed_memo_path
from costing.errors import InputError
from costing.inventory import PROJECT_ROOT
from costing.inventory.stack import cache_key, cache_path, runner_request
from costing.inventory.stack_config import stack_config
from costing.memo import read_frame_memo, read_memo, write_memo
from costing.project import load_project
from costing.schema import PRICE_COLUMNS

root_only = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                               reason="giving a file to another user needs root")


class Planted:
    """Unpickling this runs `touch <marker>`: what a planted memo could run as the user."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return subprocess.call, (["touch", str(self.marker)],)


def test_a_pickle_planted_where_memos_belong_never_runs(costing_script, cache_dir, tmp_path):
    marker = tmp_path / "ran"
    project = load_project(PROJECT_ROOT)
    config = stack_config(project, "dev")
    inventory = cache_path(config, cache_key(project, config, runner_request(project, config), project.interpreter(),
                                             project.root))
    planted = (parsed_memo_path(EMBEDDED_SNAPSHOT.read_bytes(), PRICE_COLUMNS), inventory)  # prices, dev's inventory
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(Planted(marker)))
    done = costing_script("estimate", "--stack", "dev", "-f", "json", cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), "a planted pickle ran"
    assert json.loads(done.stdout)["totals"]["resources"] > 0
    assert all(read_memo(path) is not None for path in planted)  # where the run looked: memos written over them


def test_the_folders_costing_creates_are_private(costing_script, tmp_path):
    cache = tmp_path / "new-cache"
    done = costing_script("estimate", "--stack", "dev", "-f", "json", env={"COSTING_CACHE_DIR": str(cache)})
    assert done.returncode == 0, done.stderr
    folders = [cache, *(path for path in cache.rglob("*") if path.is_dir())]
    assert {path.name for path in folders} >= {"new-cache", "inventory", "parsed-prices"}
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in folders} == dict.fromkeys(
        (path.name for path in folders), 0o700)


@pytest.mark.parametrize("change", ["group-writable file", "world-writable folder"])
def test_a_memo_others_may_write_to_is_not_read(tmp_path, change):
    path = tmp_path / "memos" / "rows.memo"
    write_memo(path, pd.DataFrame({"urn": ["a"]}))
    assert read_frame_memo(path, ["urn"])["urn"].tolist() == ["a"]
    if change == "group-writable file":
        path.chmod(0o664)
    else:
        path.parent.chmod(0o777)
    assert read_memo(path) is None


@root_only
def test_a_memo_of_another_user_is_not_read_nor_written_over(tmp_path):
    path = tmp_path / "memos" / "rows.memo"
    write_memo(path, [1, 2])
    os.chown(path, 12345, 12345)
    assert read_memo(path) is None
    os.chown(path.parent, 12345, 12345)
    write_memo(path, [3])
    os.chown(path, 0, 0)
    assert read_memo(path) is None  # the folder is someone else's: nothing read from it ...
    os.chown(path.parent, 0, 0)
    assert read_memo(path) == [1, 2]  # ... and nothing written to it


@root_only
def test_a_price_cache_of_another_user_is_refused_in_one_line(costing_script, cache_dir):
    generation = publish(price_cache(), {"prices.csv.gz": b"planted"}, {"services": {}})
    assert live_generation() == generation
    os.chown(price_cache(), 12345, 12345)
    with pytest.raises(InputError) as error:
        live_generation()
    message = (f"the price cache {price_cache()} belongs to another user or others may write to it, so its prices "
               f"cannot be trusted: delete it, or set COSTING_CACHE_DIR to a folder of your own")
    assert str(error.value) == message
    done = costing_script("prices", "info")
    assert (done.returncode, done.stderr) == (2, f"costing: error: {message}\n")


def test_a_memo_holds_exactly_what_a_pickle_would(tmp_path):
    frame = pd.DataFrame({
        "text": pd.array(["a", "b", ""], dtype="str"),
        "maybe": [None, "x", None],
        "nested": [{"tags": {"Name": "web"}, "sizes": [1, 2.5, None], "flag": True}, {}, {"big": 10**30}],
        "kind": pd.Categorical(["x", "y", "x"]),
        "usd": [0.1, float("nan"), 3.0],
        "custom": [True, False, True],
    })
    write_memo(tmp_path / "frame.memo", frame)
    again = read_frame_memo(tmp_path / "frame.memo", list(frame.columns))
    pd.testing.assert_frame_equal(again, frame)
    assert again["nested"].tolist() == frame["nested"].tolist()
    write_memo(tmp_path / "tuple.memo", pd.DataFrame({"value": [(1, 2)]}))  # JSON would make it a list
    assert not (tmp_path / "tuple.memo").exists()
