"""The schema's ordered migrations, and journals written by the first release (version 1)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from workbook.journal import Journal, JournalError, portable, schema

from .test_journal_api import Clock

# The first release's tables and set-up, copied from its source (workbook/journal.py at
# schema version 1) and kept here on purpose: the test must not follow later edits.
FIRST_RELEASE_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE reflections (
    id INTEGER PRIMARY KEY, prompt_id TEXT NOT NULL, text TEXT NOT NULL,
    saved_at TEXT NOT NULL, UNIQUE (prompt_id, saved_at, text));
CREATE TABLE quiz_attempts (
    id INTEGER PRIMARY KEY, quiz_id TEXT NOT NULL, item_id TEXT NOT NULL,
    answer TEXT NOT NULL, correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answered_at TEXT NOT NULL, UNIQUE (quiz_id, item_id, answered_at, answer, correct));
CREATE TABLE step_events (
    id INTEGER PRIMARY KEY, step_id TEXT NOT NULL,
    complete INTEGER NOT NULL CHECK (complete IN (0, 1)), at TEXT NOT NULL,
    UNIQUE (step_id, at, complete));
CREATE TABLE records (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL,
    saved_at TEXT NOT NULL, UNIQUE (kind, key, saved_at, data));
INSERT INTO meta VALUES ('application', 'workbook-journal'), ('schema_version', '1'),
    ('created_at', '2026-11-01T09:00:00.000000Z'), ('created_by', 'workbook 0.1.0');
PRAGMA application_id = 1463962188;
PRAGMA user_version = 1;
"""

FIRST_RELEASE_DATA = """
INSERT INTO reflections (prompt_id, text, saved_at) VALUES
    ('w01-r01', 'first draft', '2026-11-01T09:10:00.000000Z'),
    ('w01-r01', 'second draft, ''quoted'' and مرحبا', '2026-11-02T09:10:00.000000Z'),
    ('w02-r01', 'week two', '2026-11-03T09:10:00.000000Z');
INSERT INTO quiz_attempts (quiz_id, item_id, answer, correct, answered_at) VALUES
    ('w01-quiz', 'w01-q01', '["a","c"]', 0, '2026-11-01T09:20:00.000000Z'),
    ('w01-quiz', 'w01-q01', '"B"', 1, '2026-11-01T09:21:00.000000Z');
INSERT INTO step_events (step_id, complete, at) VALUES
    ('w01-s01', 1, '2026-11-01T09:30:00.000000Z'),
    ('w01-s02', 1, '2026-11-01T09:31:00.000000Z'),
    ('w01-s02', 0, '2026-11-01T09:32:00.000000Z');
INSERT INTO records (kind, key, data, saved_at) VALUES
    ('pdsa', 'cycle-1', '{"plan":"Test a checklist","do":""}', '2026-11-01T09:40:00.000000Z');
"""


def _first_release_journal(path: Path) -> Path:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(FIRST_RELEASE_DDL + FIRST_RELEASE_DATA)
    conn.close()
    return path


def _state(journal: Journal) -> dict:
    doc = journal.to_dict()
    del doc["exported_at"]
    return doc


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_migrations_are_numbered_one_by_one_in_order():
    versions = [version for version, _ in schema.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))
    assert schema.SCHEMA_VERSION == versions[-1] >= 2


def test_version_one_journal_is_read_as_it_is_without_being_changed(tmp_path):
    path = _first_release_journal(tmp_path / "journal.sqlite3")
    before = path.read_bytes()
    journal = Journal(path)
    assert journal.latest_reflection("w01-r01") == "second draft, 'quoted' and مرحبا"
    assert journal.completed_steps() == {"w01-s01"}
    assert journal.attempts()[0]["answer"] == ["a", "c"]
    assert journal.latest_record("pdsa", "cycle-1") == {"plan": "Test a checklist", "do": ""}
    assert "first draft" in journal.export("md", titles=None)
    journal.close()
    assert _version(path) == 1 and path.read_bytes() == before


def test_version_one_journal_keeps_its_data_when_migrated_by_the_first_save(tmp_path):
    path = _first_release_journal(tmp_path / "journal.sqlite3")
    old = _state(Journal(path))
    journal = Journal(path, clock=Clock(datetime(2026, 11, 26, tzinfo=timezone.utc)))
    journal.save_reflection("w01-r01", "third draft, after the upgrade")
    assert _version(path) == schema.SCHEMA_VERSION
    new = _state(journal)
    assert new["reflections"][:3] == old["reflections"]
    assert new["reflections"][3]["text"] == "third draft, after the upgrade"
    for kind in ("step_events", "quiz_attempts", "records"):
        assert new[kind] == old[kind]
    assert journal.latest_reflection("w01-r01") == "third draft, after the upgrade"
    assert journal.completed_steps() == {"w01-s01"}
    assert journal.integrity_check() == ["ok"]
    conn = sqlite3.connect(path)
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    conn.close()
    assert meta["created_at"] == "2026-11-01T09:00:00.000000Z"  # history of the file kept
    assert meta["schema_version"] == str(schema.SCHEMA_VERSION)
    # The migration counted the old entries' export size, so the size guard covers them.
    doc = journal.to_dict()
    expected = sum(
        portable.entry_bytes(entry) for kind in portable.JOURNAL_LISTS for entry in doc[kind]
    )
    assert int(meta["export_bytes"]) == expected
    # And the old entries still deduplicate: importing their export adds nothing.
    assert journal.import_data(journal.to_dict()).total_added == 0


def test_a_failing_migration_leaves_the_journal_as_it_was(tmp_path, monkeypatch):
    path = _first_release_journal(tmp_path / "journal.sqlite3")
    old = _state(Journal(path))

    def broken(conn: sqlite3.Connection, ctx: schema.Context) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, (99, broken)])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 99)
    journal = Journal(path)
    with pytest.raises(JournalError, match="could not save to the journal"):
        journal.save_reflection("w01-r01", "never saved")
    journal.close()
    assert _version(path) == 1  # not 2: the migrations and the save are one transaction
    conn = sqlite3.connect(path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    columns = {row[1] for row in conn.execute("PRAGMA table_info(reflections)")}
    conn.close()
    assert "half_done" not in tables and "ordered_at" not in columns
    monkeypatch.undo()
    assert _state(Journal(path)) == old


def test_a_new_journal_runs_every_migration(tmp_path):
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.save_reflection("w01-r01", "x")
    conn = sqlite3.connect(journal.path)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(reflections)")}
    conn.close()
    assert {"ordered_at", "claimed_at"} <= columns
    assert _version(journal.path) == schema.SCHEMA_VERSION


def test_a_save_by_version_one_code_still_running_elsewhere_is_the_latest(tmp_path):
    journal = Journal(
        tmp_path / "journal.sqlite3", clock=Clock(datetime(2030, 1, 1, tzinfo=timezone.utc))
    )
    journal.save_reflection("w01-r01", "saved by the new code, clock ahead")
    journal.set_complete("w01-s01")
    # A kernel started before the upgrade writes the way the first release did.
    conn = sqlite3.connect(journal.path, isolation_level=None)
    conn.execute(
        "INSERT OR IGNORE INTO reflections (prompt_id, text, saved_at) VALUES (?, ?, ?)",
        ("w01-r01", "saved by the old code", "2026-11-26T10:00:00.000000Z"),
    )
    conn.execute(
        "INSERT OR IGNORE INTO step_events (step_id, complete, at) VALUES (?, ?, ?)",
        ("w01-s01", 0, "2026-11-26T10:00:00.000000Z"),
    )
    conn.close()
    assert journal.latest_reflection("w01-r01") == "saved by the old code"
    assert journal.completed_steps() == set()
