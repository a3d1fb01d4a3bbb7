"""`--output FILE` writes where a shell's `>` would, and never renames over what is not a regular file.

A regular file is replaced atomically (never half-written); a symbolic link is followed, so the file it
names gets the report and the link stays; a FIFO, a character device (/dev/null) and a descriptor's
name (/dev/stdout, /proc/self/fd/N) are written through. Every command here is the installed script.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from costing import atomic
from tests.documents import preview_document


@pytest.fixture
def preview(tmp_path) -> Path:
    path = tmp_path / "preview.json"
    path.write_text(json.dumps(preview_document()))
    return path


def estimate_json(costing_script, preview: Path, output: Path | str, **options):
    return costing_script("estimate", "--preview", preview, "-f", "json", "-o", output, **options)


def test_a_fifo_is_written_through_to_its_reader(costing_script, preview, tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = estimate_json(costing_script, preview, fifo)
    reader.join(timeout=20)
    if reader.is_alive():  # the report never came through: let the reader go
        with open(fifo, "wb"):
            pass
        reader.join(timeout=5)
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced by a regular file"
    assert done.returncode == 0, done.stderr
    assert json.loads(received[0])["totals"]["monthly_usd"] == 40.15
    assert f"costing: wrote the json estimate to {fifo}" in done.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_a_character_device_is_written_through_and_stays_a_device(costing_script, preview, tmp_path):
    null = tmp_path / "null"  # a /dev/null of our own: the test must not risk the machine's
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    done = estimate_json(costing_script, preview, null)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(null.lstat().st_mode), "the device was replaced by a regular file"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["null", "preview.json"]


def test_a_link_to_standard_output_writes_to_standard_output(costing_script, preview, tmp_path):
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")  # what /dev/stdout is, in a folder the test may change
    done = estimate_json(costing_script, preview, link)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    assert json.loads(done.stdout)["totals"]["monthly_usd"] == 40.15


def test_standard_output_appended_to_a_file_keeps_what_was_there(costing_script, preview, tmp_path):
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    log = tmp_path / "build.log"
    log.write_text("earlier output\n")
    with log.open("a") as appended:  # `costing ... -o /dev/stdout >> build.log`
        done = estimate_json(costing_script, preview, link, stdout=appended)
    assert done.returncode == 0, done.stderr
    first, report = log.read_text().split("\n", 1)
    assert first == "earlier output" and json.loads(report)["totals"]["monthly_usd"] == 40.15


def test_a_link_to_a_file_is_followed_and_stays_a_link(costing_script, preview, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "cost.json").write_text("previous report\n")
    link = tmp_path / "latest.json"
    link.symlink_to(reports / "cost.json")
    dangling = tmp_path / "new.json"
    dangling.symlink_to(reports / "new.json")
    for output in (link, dangling):
        done = estimate_json(costing_script, preview, output)
        assert done.returncode == 0, done.stderr
        assert output.is_symlink()
    assert json.loads((reports / "cost.json").read_text())["totals"]["monthly_usd"] == 40.15
    assert json.loads((reports / "new.json").read_text())["totals"]["monthly_usd"] == 40.15
    assert sorted(path.name for path in reports.iterdir()) == ["cost.json", "new.json"]  # no temporary file left


def test_a_folder_is_refused_in_one_line(costing_script, preview, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    done = estimate_json(costing_script, preview, folder)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"costing: error: --output {folder}: cannot write it (Is a directory)\n"
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("name, descriptor", [
    ("/dev/stdout", 1), ("/dev/stderr", 2), ("/dev/fd/1", 1), ("/proc/self/fd/2", 2), ("/dev/fd/7", 7),
    (f"/proc/{os.getpid()}/fd/1", 1), ("/proc/1/fd/1", None), ("/dev/null", None), ("report.json", None),
])
def test_descriptor_names(name, descriptor):
    assert atomic.descriptor_named(name) == descriptor


def test_atomic_writes_never_replace_what_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        atomic.write_bytes_atomic(fifo, b"data")
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and list(tmp_path.iterdir()) == [fifo]
