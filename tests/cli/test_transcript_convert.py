"""``workbook transcript convert``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.content.transcripts import parse

FIXTURES = Path(__file__).parents[1] / "content" / "transcript_fixtures"


@pytest.mark.parametrize("name", ["lecture.srt", "lecture-skip-to.txt", "lecture.vtt"])
def test_convert_to_file(tmp_path, name, capsys):
    out = tmp_path / "out.vtt"
    assert main(["transcript", "convert", str(FIXTURES / name), "-o", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().err
    converted = parse(out)
    assert [s.text for s in converted] == [s.text for s in parse(FIXTURES / name)]
    assert out.read_text(encoding="utf-8").startswith("WEBVTT\n")


def test_convert_to_stdout_with_title(capsys):
    assert (
        main(["transcript", "convert", str(FIXTURES / "lecture.srt"), "--title", "Run charts"]) == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("WEBVTT\n\nNOTE\nTitle: Run charts\n")


def test_convert_errors_are_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.srt"
    bad.write_text("1\n00:00:01,000 --> later\nHi\n", encoding="utf-8")
    out = tmp_path / "out.vtt"
    assert main(["transcript", "convert", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}:2: invalid timestamp") and err.count("\n") == 1
    assert not out.exists()
    assert main(["transcript", "convert", str(tmp_path / "missing.srt")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'missing.srt'}: no such file\n"


def test_convert_in_a_subprocess(tmp_path):
    out = tmp_path / "out.vtt"
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "transcript", "convert",
         str(FIXTURES / "lecture-skip-to.txt"), "-o", str(out)],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "00:01:34.000 --> 00:01:35.000\nOften the median is drawn as a line." in out.read_text(
        encoding="utf-8"
    )
    bad = tmp_path / "notes.txt"
    bad.write_text("no markers here", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "transcript", "convert", str(bad)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {bad}:1: ") and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "content",
    [
        "WEBVTT\n\n" + "9" * 5000 + ":00:01.000 --> 00:00:02.000\nHi\n",
        "1\n" + "9" * 400 + ":00:01,000 --> 00:00:02,000\nHi\n",
        "Skip to " + "9" * 12 + " minutes and 1 secondHi\n",
        "Skip to " + "9" * 100_000 + " seconds and more",
    ],
    ids=["vtt-5000-digit-hours", "srt-400-digit-hours", "skip-to-huge-minutes", "skip-to-huge"],
)
def test_very_long_hour_fields_are_one_located_line(tmp_path, capsys, content):
    bad = tmp_path / ("bad.vtt" if content.startswith("WEBVTT") else "bad.txt")
    if content.startswith("1\n"):
        bad = tmp_path / "bad.srt"
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "out.vtt"
    assert main(["transcript", "convert", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}:") and err.count("\n") == 1
    assert err.count(str(bad)) == 1 and len(err) < 400
    assert not out.exists()


def test_a_device_or_folder_is_refused_not_read(tmp_path, capsys):
    for source in ("/dev/zero", str(tmp_path)):
        assert main(["transcript", "convert", source]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: {source}: is not a regular file") and err.count("\n") == 1
