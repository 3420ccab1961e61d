"""``workbook journal show|export|import`` and ``workbook progress``."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbook import io as workbook_io
from workbook import journal_cli
from workbook.cli import main
from workbook.journal import Journal
from workbook.paths import ROOT_MARKER

WEEK_YAML = """\
week: 1
title: "A synthetic week for testing progress"
summary: "A made-up week used only by the tests."
introduction: |
  This introduction exists only so that the week validates. It is synthetic text written for
  the test suite and describes nothing real about the course or its content.
connection: "It connects to nothing; it is a test fixture."
objectives:
  - id: w01-o1
    text: "Explain what the first objective is."
  - id: w01-o2
    text: "Describe what the second objective is."
  - id: w01-o3
    text: "Apply what the third objective is."
steps:
  - id: w01-s01
    title: "Welcome to the test"
    kind: overview
    minutes: 10
  - id: w01-s02
    title: "A lecture"
    kind: lecture
    minutes: 20
  - id: w01-s03
    title: "A quiz"
    kind: quiz
    minutes: 30
"""


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    """A tiny course folder with one week of three steps (60 minutes)."""
    root = tmp_path / "course"
    (root / "weeks" / "week01").mkdir(parents=True)
    (root / ROOT_MARKER).write_text("title: A test course\n", encoding="utf-8")
    (root / "weeks" / "week01" / "week.yaml").write_text(WEEK_YAML, encoding="utf-8")
    monkeypatch.delenv("WORKBOOK_ROOT", raising=False)
    monkeypatch.chdir(root)
    return root


def _own_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbook")
    journal_cli.register(parser.add_subparsers(dest="command", required=True))
    return parser


def test_register_adds_the_commands():
    parser = _own_parser()
    args = parser.parse_args(["journal", "export", "--format", "md", "-o", "x.md"])
    assert args.func is journal_cli.cmd_journal_export and args.format == "md"
    assert parser.parse_args(["progress"]).func is journal_cli.cmd_progress
    args = parser.parse_args(["transcript", "convert", "a.srt", "-o", "a.vtt"])
    assert args.func is journal_cli.cmd_transcript_convert
    assert parser.parse_args(["journal", "import", "n.json"]).file == "n.json"


def test_show_without_a_journal_says_so_and_creates_nothing(learner_home, capsys):
    assert main(["journal", "show"]) == 0
    assert "No journal yet" in capsys.readouterr().out
    assert not learner_home.exists()


def test_show_summarises(learner_home, capsys):
    journal = Journal()
    journal.save_reflection("w01-r01", "first line\nsecond line")
    journal.save_reflection("w01-r01", "newest \x1b[31mred\x1b[0m line\nmore")
    journal.set_complete("w01-s02")
    journal.record_attempt("w01-quiz", "w01-q01", "A", True)
    journal.record_attempt("w01-quiz", "w01-q02", "B", False)
    journal.save_record("pdsa", "cycle-1", {"plan": "p"})
    assert main(["journal", "show"]) == 0
    out = capsys.readouterr().out
    assert str(journal.path) in out
    assert "Reflections: 1 prompt (2 saved versions)" in out
    assert "newest \\x1b[31mred\\x1b[0m line" in out  # escape codes shown, not obeyed
    assert "\x1b" not in out and "more" not in out
    assert "Steps completed: 1" in out and "w01-s02" in out
    assert "Quiz answers: 2 (1 correct)" in out
    assert "pdsa: 1" in out
    assert main(["journal", "show", "--all"]) == 0
    assert "more" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "fmt", "check"),
    [
        ("out.json", None, lambda t: json.loads(t)["format"] == "workbook-journal"),
        ("out.md", None, lambda t: t.startswith("# My workbook journal")),
        ("out.html", None, lambda t: t.startswith("<!DOCTYPE html>")),
        ("out.txt", "md", lambda t: t.startswith("# My workbook journal")),
        ("out.data", None, lambda t: json.loads(t)["version"] == 1),
    ],
)
def test_export_to_file(learner_home, tmp_path, name, fmt, check):
    Journal().save_reflection("w01-r01", "hello")
    out = tmp_path / name
    argv = ["journal", "export", "-o", str(out)] + (["--format", fmt] if fmt else [])
    assert main(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert check(text) and "hello" in text
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == [name]


def test_export_to_stdout(learner_home, capsys):
    Journal().save_reflection("w01-r01", "שלום 👋")
    assert main(["journal", "export"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["reflections"][0]["text"] == "שלום 👋"


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failed_export_leaves_the_old_file_whole(learner_home, tmp_path, monkeypatch, failing):
    Journal().save_reflection("w01-r01", "new text " * 1000)
    out = tmp_path / "journal.json"
    out.write_text("previous export\n", encoding="utf-8")

    def boom(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook_io.os, failing, boom)
    assert main(["journal", "export", "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["journal.json"]


def test_export_into_missing_folder_is_a_user_error(learner_home, tmp_path, capsys):
    assert main(["journal", "export", "-o", str(tmp_path / "nowhere" / "x.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_export_import_round_trip_through_the_cli(learner_home, tmp_path, capsys, monkeypatch):
    journal = Journal()
    journal.save_reflection("w01-r01", "carried over")
    journal.set_complete("w01-s01")
    out = tmp_path / "carry.json"
    assert main(["journal", "export", "-o", str(out)]) == 0
    monkeypatch.setenv("WORKBOOK_HOME", str(tmp_path / "binder-session"))
    assert main(["journal", "import", str(out)]) == 0
    assert "added 1 reflections, 1 step events" in capsys.readouterr().out
    fresh = Journal()
    assert fresh.path.parent == tmp_path / "binder-session"
    assert fresh.latest_reflection("w01-r01") == "carried over"
    assert main(["journal", "import", str(out)]) == 0
    assert "added nothing new; 2 entries were already in the journal" in capsys.readouterr().out


def test_import_missing_file(learner_home, tmp_path, capsys):
    assert main(["journal", "import", str(tmp_path / "nope.json")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'nope.json'}: no such file\n"


def test_progress_counts_steps_and_minutes(course, learner_home, capsys):
    journal = Journal()
    journal.set_complete("w01-s02")
    journal.set_complete("w01-s03")
    journal.set_complete("w01-s03", False)
    journal.set_complete("w09-s99")  # a step the course does not have: ignored
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "Week 1  A synthetic week for testing progress" in out
    assert " 1/3  steps   40 min left" in out
    assert "All weeks: 1 of 3 steps completed; 40 minutes left (about 0 h 40 min)." in out
    for step in ("w01-s01", "w01-s03"):
        journal.set_complete(step)
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert " 3/3  steps  done" in out and "0 minutes left" in out


def test_progress_with_root_option(course, learner_home, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["progress", "--root", str(course)]) == 0
    assert "0 of 3 steps completed; 60 minutes left" in capsys.readouterr().out


def test_progress_outside_a_course_is_a_user_error(learner_home, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("WORKBOOK_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("workbook.paths.__file__", str(tmp_path / "x" / "paths.py"))
    assert main(["progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_standalone_module_runs_in_a_subprocess(learner_home, tmp_path):
    env = {**os.environ, "WORKBOOK_HOME": str(learner_home)}
    Journal().save_reflection("w01-r01", "from a subprocess")
    proc = subprocess.run(
        [sys.executable, "-m", "workbook.journal_cli", "journal", "export", "--format", "md"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0 and "from a subprocess" in proc.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "workbook.journal_cli", "journal", "import", str(bad)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {bad}: line 1") and "Traceback" not in proc.stderr


def test_workbook_command_in_a_subprocess(learner_home, tmp_path):
    env = {**os.environ, "WORKBOOK_HOME": str(learner_home)}
    out = tmp_path / "mine.html"
    Journal().save_reflection("w01-r01", "<script>alert(1)</script>")
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "journal", "export", "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    page = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
