"""``write_atomically``: the one way the tools write files."""

from __future__ import annotations

import os
import time

import pytest

from workbook.errors import UserError
from workbook.io import STALE_TEMP_SECONDS, clean_stale_temp_files, write_atomically


def test_writes_text_and_bytes_and_keeps_the_mode(tmp_path):
    target = tmp_path / "out.txt"
    write_atomically(target, "première\n")
    os.chmod(target, 0o640)
    write_atomically(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["out.txt"]


def test_refuses_to_replace_a_pipe(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="not a regular file"):
        write_atomically(fifo, "x")
    assert fifo.is_fifo()


def test_refuses_to_replace_a_device():
    device = "/dev/null"
    if not os.path.exists(device):
        pytest.fail("this POSIX test needs /dev/null")
    with pytest.raises(UserError, match="not a regular file"):
        write_atomically(device, "x")


def test_refuses_a_folder_and_a_missing_folder(tmp_path):
    with pytest.raises(UserError, match="is a folder"):
        write_atomically(tmp_path, "x")
    with pytest.raises(UserError, match="does not exist"):
        write_atomically(tmp_path / "no" / "x.txt", "x")


def _stale(tmp_path, name: str, age: float):
    path = tmp_path / name
    path.write_bytes(b"half an export")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_cleans_temp_files_left_by_killed_runs(tmp_path):
    old = _stale(tmp_path, ".out.json.ab12cd_9.tmp", STALE_TEMP_SECONDS + 60)
    recent = _stale(tmp_path, ".out.json.zz12cd_9.tmp", 60)  # a write still in progress?
    other = _stale(tmp_path, ".other.json.ab12cd_9.tmp", STALE_TEMP_SECONDS + 60)
    unrelated = _stale(tmp_path, "notes.tmp", STALE_TEMP_SECONDS + 60)
    write_atomically(tmp_path / "out.json", "{}")
    assert not old.exists()
    assert recent.exists() and other.exists() and unrelated.exists()
    assert clean_stale_temp_files(tmp_path / "other.json") == 1 and not other.exists()


def test_a_failed_write_names_the_file_and_leaves_the_old_one(tmp_path, monkeypatch):
    import workbook.io

    target = tmp_path / "chart.png"
    target.write_bytes(b"old chart")

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook.io.os, "fsync", full)
    with pytest.raises(UserError, match=r"chart\.png: could not be written \(No space left"):
        write_atomically(target, b"new chart")
    assert target.read_bytes() == b"old chart"
    assert os.listdir(tmp_path) == ["chart.png"]
