"""costing.memo: saved values that are never half-written, and whose loss costs only speed."""

from __future__ import annotations

import os

import pandas as pd

from costing.memo import all_but_recent, read_frame_memo, read_memo, write_memo


def test_a_memo_reads_back_what_was_written(tmp_path):
    path = tmp_path / "memos" / "a.pkl"
    write_memo(path, {"rows": [1, 2]})
    assert read_memo(path) == {"rows": [1, 2]}
    assert [entry.name for entry in path.parent.iterdir()] == ["a.pkl"]  # no temporary file left


def test_a_missing_or_truncated_memo_reads_as_none(tmp_path):
    path = tmp_path / "a.pkl"
    assert read_memo(path) is None
    write_memo(path, list(range(1000)))
    path.write_bytes(path.read_bytes()[:50])
    assert read_memo(path) is None


def test_a_frame_memo_is_read_only_with_exactly_its_columns(tmp_path):
    path = tmp_path / "rows.pkl"
    write_memo(path, pd.DataFrame({"urn": ["a"], "type": ["t"]}))
    assert read_frame_memo(path, ["urn", "type"])["urn"].tolist() == ["a"]
    assert read_frame_memo(path, ["urn", "type", "region"]) is None  # an older layout: compute it again
    assert read_frame_memo(path, ["type", "urn"]) is None
    write_memo(path, {"urn": ["a"], "type": ["t"]})
    assert read_frame_memo(path, ["urn", "type"]) is None  # not a frame
    assert read_frame_memo(tmp_path / "missing.pkl", ["urn"]) is None


def test_a_memo_that_cannot_be_written_is_skipped(tmp_path):
    blocker = tmp_path / "memos"
    blocker.write_text("a file where the folder should be")
    write_memo(blocker / "a.pkl", 1)  # no exception: a memo only saves time
    assert blocker.read_text() == "a file where the folder should be"


def test_stale_picks_among_the_others_of_the_folder(tmp_path):
    for name in ("old-1.pkl", "old-2.pkl", "keep.pkl", "notes.txt"):
        (tmp_path / name).write_text("x")
    write_memo(tmp_path / "new.pkl", 1, stale=lambda others: [other for other in others if "old" in other.name])
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["keep.pkl", "new.pkl", "notes.txt"]


def test_all_but_recent_keeps_the_memos_used_last(tmp_path):
    for age, name in enumerate(["c.pkl", "b.pkl", "a.pkl"]):  # a.pkl used longest ago
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, (1_000_000 - age * 100, 1_000_000 - age * 100))
    write_memo(tmp_path / "new.pkl", 1, stale=all_but_recent(3))
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["b.pkl", "c.pkl", "new.pkl"]
