"""Damaged, foreign and non-SQLite journal files: a clear error, and the file left untouched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.journal import Journal, JournalError


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the folder: its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _healthy_journal(path: Path, n: int = 200) -> None:
    journal = Journal(path)
    for i in range(n):
        journal.save_reflection(f"w01-r{i % 3:02d}", f"reflection {i} " + "words " * 50)
    journal.close()  # the last connection checkpoints the WAL into the main file
    assert not Path(f"{path}-wal").exists()


def _make_not_sqlite(path: Path) -> None:
    path.write_text("These are my notes, not a database.\n", encoding="utf-8")


def _make_foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('someone')")
    conn.commit()
    conn.close()


def _make_foreign_wal(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, data BLOB)")
    conn.commit()
    conn.close()


def _make_garbage_pages(path: Path) -> None:
    _healthy_journal(path)
    data = bytearray(path.read_bytes())
    for i in range(4096, min(len(data), 4096 * 6)):
        data[i] = (i * 7919) % 251
    path.write_bytes(bytes(data))


def _make_truncated(path: Path) -> None:
    _healthy_journal(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _make_bad_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)


def _make_short_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00\x10\x00")


CASES = {
    "not-sqlite": (_make_not_sqlite, "not a workbook journal"),
    "foreign": (_make_foreign, "another program's SQLite database"),
    "foreign-wal": (_make_foreign_wal, "another program's SQLite database"),
    "garbage-pages": (_make_garbage_pages, "damaged"),
    "truncated": (_make_truncated, "damaged"),
    "bad-header": (_make_bad_header, "damaged"),
    "short-header": (_make_short_header, "damaged"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_unusable_file_gives_clear_error_and_is_untouched(tmp_path, case):
    make, phrase = CASES[case]
    path = tmp_path / "journal.sqlite3"
    make(path)
    before = _snapshot(tmp_path)
    with pytest.raises(JournalError) as info:
        Journal(path)
    message = str(info.value)
    assert str(path) in message
    assert phrase in message
    assert "Move" in message and "WORKBOOK_HOME" in message
    assert "\n" not in message
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("case", ["not-sqlite", "foreign", "garbage-pages"])
def test_cli_reports_unusable_journal_in_one_line(learner_home, capsys, case):
    make, phrase = CASES[case]
    learner_home.mkdir()
    path = learner_home / "journal.sqlite3"
    make(path)
    before = _snapshot(learner_home)
    for argv in (["journal", "show"], ["journal", "export"], ["progress"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: {path}: ") and phrase in err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert _snapshot(learner_home) == before


def test_cli_subprocess_on_foreign_file_has_no_traceback(learner_home):
    learner_home.mkdir()
    path = learner_home / "journal.sqlite3"
    _make_foreign(path)
    before = _snapshot(learner_home)
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "journal", "show"],
        capture_output=True,
        text=True,
        env={**os.environ, "WORKBOOK_HOME": str(learner_home)},
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
    assert _snapshot(learner_home) == before


def test_newer_schema_asks_for_an_update_and_is_untouched(tmp_path):
    path = tmp_path / "journal.sqlite3"
    _healthy_journal(path, n=3)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = _snapshot(tmp_path)
    with pytest.raises(JournalError, match="newer version of the workbook"):
        Journal(path)
    assert _snapshot(tmp_path) == before


def test_empty_file_is_set_up_as_a_new_journal(tmp_path):
    path = tmp_path / "journal.sqlite3"
    path.touch()
    journal = Journal(path)
    assert journal.latest_reflection("w01-r01") is None
    assert path.stat().st_size == 0  # reading does not set it up
    journal.save_reflection("w01-r01", "hello")
    assert Journal(path).latest_reflection("w01-r01") == "hello"


def test_folder_in_place_of_the_file_is_explained(tmp_path):
    (tmp_path / "journal.sqlite3").mkdir()
    with pytest.raises(JournalError, match="is a folder"):
        Journal(tmp_path / "journal.sqlite3")


def test_healthy_journal_reopens_after_many_writes(tmp_path):
    path = tmp_path / "journal.sqlite3"
    _healthy_journal(path)
    journal = Journal(path)
    assert len(journal.reflections()) == 200
    assert journal.integrity_check() == ["ok"]


def test_folder_names_with_url_characters_work(tmp_path):
    # The read-only check opens the file through a file: URI; these must be quoted in it.
    folder = tmp_path / "my notes ?#%& שלום"
    folder.mkdir()
    Journal(folder / "journal.sqlite3").save_reflection("w01-r01", "kept")
    assert Journal(folder / "journal.sqlite3").latest_reflection("w01-r01") == "kept"
    _make_foreign(folder / "other.sqlite3")
    with pytest.raises(JournalError, match="another program's SQLite database, with customers"):
        Journal(folder / "other.sqlite3")
