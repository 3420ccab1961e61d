"""The journal's tables and their history: ordered migrations from an empty file to today.

A journal's ``PRAGMA user_version`` says which migrations it has had. :func:`migrate` runs
the missing ones in order, inside the caller's write transaction (so a journal is never
left half-migrated: a killed migration rolls back with everything else), and sets the
version after each. A new journal is built by the same path, from version 0, so every
migration runs on every new journal and on every old file alike.

Never edit a migration that has shipped: add a new one at the end of :data:`MIGRATIONS`.

Version 1: the first journal (meta, reflections, quiz_attempts, step_events, records).
Version 2: local order and import clamping. ``ordered_at`` decides which version is the
latest (a local save always sorts after everything already in the journal, whatever the
computer's clock says); ``claimed_at`` keeps the time an import claimed when that time was in
the future and the entry's time was clamped to the moment of import (so importing the same
file again still adds nothing); a trigger orders rows that version-1 code, still running
in another process, inserts without ``ordered_at``. ``meta.export_bytes`` counts the bytes the JSON export of
the journal's entries takes, so the journal never holds more than it can import again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from workbook.journal.portable import entry_bytes, entry_from_row
from workbook.journal.values import APPLICATION

#: ``PRAGMA application_id`` of a journal: "WBJL" in ASCII.
APPLICATION_ID = 0x57424A4C


@dataclass(frozen=True)
class Table:
    """One kind of entry: its table, the columns naming what it belongs to, its time column."""

    name: str
    group: tuple[str, ...]
    content: tuple[str, ...]
    time: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.group, *self.content, self.time)


#: Entry tables, in the order of the export document.
TABLES = {
    "reflections": Table("reflections", ("prompt_id",), ("text",), "saved_at"),
    "step_events": Table("step_events", ("step_id",), ("complete",), "at"),
    "quiz_attempts": Table(
        "quiz_attempts", ("quiz_id", "item_id"), ("answer", "correct"), "answered_at"
    ),
    "records": Table("records", ("kind", "key"), ("data",), "saved_at"),
}

# Version 1's tables exactly as the first release created them. Frozen: the test that opens
# a version-1 file builds one from this text.
V1_SCHEMA = (
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE reflections (
        id INTEGER PRIMARY KEY,
        prompt_id TEXT NOT NULL,
        text TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        UNIQUE (prompt_id, saved_at, text)
    )""",
    """CREATE TABLE quiz_attempts (
        id INTEGER PRIMARY KEY,
        quiz_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        answer TEXT NOT NULL,
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        answered_at TEXT NOT NULL,
        UNIQUE (quiz_id, item_id, answered_at, answer, correct)
    )""",
    """CREATE TABLE step_events (
        id INTEGER PRIMARY KEY,
        step_id TEXT NOT NULL,
        complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
        at TEXT NOT NULL,
        UNIQUE (step_id, at, complete)
    )""",
    """CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        data TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        UNIQUE (kind, key, saved_at, data)
    )""",
)


@dataclass
class Context:
    """What a migration may need besides the connection."""

    now: str
    created_by: str


def _v1_create(conn: sqlite3.Connection, ctx: Context) -> None:
    for statement in V1_SCHEMA:
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [
            ("application", APPLICATION),
            ("schema_version", "1"),
            ("created_at", ctx.now),
            ("created_by", ctx.created_by),
        ],
    )
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _v2_local_order(conn: sqlite3.Connection, ctx: Context) -> None:
    total = 0
    for table in TABLES.values():
        t = table.name
        conn.execute(f"ALTER TABLE {t} ADD COLUMN ordered_at TEXT NOT NULL DEFAULT ''")
        conn.execute(f"ALTER TABLE {t} ADD COLUMN claimed_at TEXT")
        conn.execute(f"UPDATE {t} SET ordered_at = {table.time}")
        group = ", ".join(table.group)
        conn.execute(f"CREATE INDEX {t}_order ON {t} ({group}, ordered_at, id)")
        conn.execute(f"CREATE INDEX {t}_all_order ON {t} (ordered_at, id)")
        conn.execute(f"CREATE INDEX {t}_claimed ON {t} (claimed_at) WHERE claimed_at IS NOT NULL")
        # A process still running the version-1 code inserts without ordered_at: give its
        # row the place a local save gets (after everything in its group).
        same = " AND ".join(f"{c} = NEW.{c}" for c in table.group)
        conn.execute(
            f"CREATE TRIGGER {t}_v1_insert AFTER INSERT ON {t} WHEN NEW.ordered_at = '' "
            f"BEGIN UPDATE {t} SET ordered_at = max(NEW.{table.time}, coalesce((SELECT "
            f"max(ordered_at) FROM {t} WHERE {same}), '')) WHERE id = NEW.id; END"
        )
        cursor = conn.execute(f"SELECT {', '.join(table.columns)} FROM {t}")
        for row in cursor:
            total += entry_bytes(entry_from_row(t, row))
    conn.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        [("export_bytes", str(total)), ("migrated_to_2_at", ctx.now)],
    )


#: Every migration, in order: (version it brings the journal to, what it does).
MIGRATIONS: list[tuple[int, Callable[[sqlite3.Connection, Context], None]]] = [
    (1, _v1_create),
    (2, _v2_local_order),
]
#: ``PRAGMA user_version`` of a journal this code writes.
SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(conn: sqlite3.Connection, ctx: Context) -> int:
    """Bring the journal up to :data:`SCHEMA_VERSION`; return the version it started at.

    Call inside a write transaction (``BEGIN IMMEDIATE``): the caller commits or rolls back.
    """
    start = conn.execute("PRAGMA user_version").fetchone()[0]
    for version, step in MIGRATIONS:
        if version > start:
            step(conn, ctx)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(version),),
            )
    return start


def order_column(table: Table, version: int) -> str:
    """The column that orders ``table``'s entries in a journal at ``version``."""
    return "ordered_at" if version >= 2 else table.time


__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "TABLES",
    "V1_SCHEMA",
    "Context",
    "Table",
    "migrate",
    "order_column",
]
