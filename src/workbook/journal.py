"""The learner's journal: reflections, quiz attempts, step completion and other saved work.

One SQLite file (standard library ``sqlite3``) in write-ahead-log mode at
``$WORKBOOK_HOME/journal.sqlite3`` (see :func:`workbook.paths.workbook_home`). Nothing is ever
deleted or overwritten: each saved reflection is a new version, each change of a step's
completion is a new event (the latest wins), each record save is a new version. Every write
is one transaction; several processes (notebooks, the command line) may write at once and
wait for each other (``busy_timeout``) rather than fail. Timestamps are UTC ISO 8601.

A file that is damaged, not SQLite, or another program's SQLite database is never modified:
opening it raises :class:`JournalError` naming the file and how to get going again.

Export (:meth:`Journal.export`) gives JSON for machines (``"format": "workbook-journal"``,
everything including history) and Markdown or HTML for people. :meth:`Journal.import_file`
merges our JSON export or the book's downloaded notes (``"format": "workbook-notes"``)
without duplicates, after validating the whole file, in one transaction.
"""

from __future__ import annotations

import html
import json
import math
import os
import random
import re
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from workbook.errors import UserError
from workbook.markup import md_escape

__all__ = [
    "APPLICATION",
    "SCHEMA_VERSION",
    "MAX_IMPORT_BYTES",
    "ContentTitles",
    "ImportResult",
    "Journal",
    "JournalError",
    "content_titles",
    "default_path",
    "read_import_file",
]

#: Name stored in the journal's ``meta`` table (and export files) to recognise our files.
APPLICATION = "workbook-journal"
#: ``PRAGMA application_id`` of a journal: "WBJL" in ASCII.
APPLICATION_ID = 0x57424A4C
#: ``PRAGMA user_version``: the journal's schema version.
SCHEMA_VERSION = 1
#: Export/import format version.
EXPORT_VERSION = 1
NOTES_FORMAT = "workbook-notes"
#: Largest file :meth:`Journal.import_file` reads (10 MiB).
MAX_IMPORT_BYTES = 10 * 1024 * 1024
#: Longest single text (a reflection) the journal keeps, in characters.
MAX_TEXT_CHARS = 1_000_000
_MAX_ID = 200
_MAX_DEPTH = 20
_FILE_NAME = "journal.sqlite3"
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA = (
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


class _NeedsRecovery(Exception):
    """A read-only look at the journal found a WAL left by a killed writer."""


class _Busy(Exception):
    """Another process held a lock that SQLite's busy handler does not wait for."""


def _is_busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


class JournalError(UserError):
    """The journal file cannot be used, or an import file is not acceptable.

    The message names the file and says what to do; the file itself is left untouched.
    """


def default_path() -> Path:
    """``$WORKBOOK_HOME/journal.sqlite3`` (or the platform's user data folder)."""
    from workbook.paths import workbook_home

    return workbook_home() / _FILE_NAME


# ---------------------------------------------------------------------------------------------
# Timestamps and values

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))"
)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _format_time(moment: datetime) -> str:
    m = moment.astimezone(timezone.utc)
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond:06d}Z"
    )


def normalise_timestamp(value: str) -> str:
    """An ISO 8601 timestamp with a time zone, as UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.

    Raises ``ValueError`` when ``value`` is not such a timestamp.
    """
    m = _ISO.fullmatch(value) if isinstance(value, str) else None
    if not m:
        raise ValueError("expected an ISO 8601 time with a time zone, e.g. 2026-11-26T10:00:00Z")
    year, month, day, hour, minute, second, frac, _z, sign, oh, om = m.groups()
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((frac or "0")[:6].ljust(6, "0")),
            tzinfo=timezone.utc,
        )
        if sign:
            offset = timedelta(hours=int(oh), minutes=int(om))
            moment = moment - offset if sign == "+" else moment + offset
    except (ValueError, OverflowError):
        raise ValueError(f"{value!r} is not a real date and time") from None
    return _format_time(moment)


def _human_time(stamp: str) -> str:
    """``2026-11-26T10:00:00.000000Z`` -> ``2026-11-26 10:00 UTC``."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp


def _check_id(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string such as 'w01-r01', not {type(value).__name__}")
    problem = _id_problem(value)
    if problem:
        raise ValueError(f"{name} {problem}")
    return value


def _id_problem(value: str) -> str | None:
    if not value.strip():
        return "must not be empty"
    if len(value) > _MAX_ID:
        return f"is longer than {_MAX_ID} characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return "must not contain control characters"
    if _unencodable(value):
        return "contains characters that are not valid Unicode text"
    return None


def _unencodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _check_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    if len(value) > MAX_TEXT_CHARS:
        raise ValueError(f"{name} is longer than {MAX_TEXT_CHARS:,} characters")
    if _unencodable(value):
        raise ValueError(f"{name} contains characters that are not valid Unicode text")
    return value


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _to_json(name: str, value: object) -> str:
    try:
        text = _dumps(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be made of strings, numbers, true/false, None, lists and dicts ({exc})"
        ) from None
    except RecursionError:
        raise ValueError(f"{name} is nested too deeply") from None
    if _unencodable(text):
        raise ValueError(f"{name} contains characters that are not valid Unicode text")
    return text


def _as_bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    # numpy.bool_ is not a bool subclass but is what a grader built on numpy may return.
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool_", "bool"):
        return bool(value)
    raise TypeError(f"{name} must be True or False, not {value!r}")


# ---------------------------------------------------------------------------------------------
# Titles from the course content (best effort; exports work without them)


@dataclass
class ContentTitles:
    """Titles of weeks, steps and reflection prompts, used to label exports."""

    weeks: dict[int, str] = field(default_factory=dict)
    steps: dict[str, str] = field(default_factory=dict)
    prompts: dict[str, str] = field(default_factory=dict)


def content_titles(root: Path | None = None) -> ContentTitles:
    """Read titles from the course's ``week.yaml`` and ``reflections.yaml`` files.

    Returns empty titles when the course folder cannot be found or read: an export is how a
    learner rescues their work, so it must never fail because course content is missing.
    """
    titles = ContentTitles()
    try:
        from workbook.content.reflections import load_reflections
        from workbook.content.week import load_all_weeks

        weeks = load_all_weeks(root, require_files=False)
    except Exception:  # content unavailable or invalid: export without titles
        return titles
    for week in weeks:
        titles.weeks[week.week] = week.title
        for step in week.steps:
            titles.steps[step.id] = step.title
        path = (root or _project_root()) / "weeks" / week.slug / "reflections.yaml"
        if path.is_file():
            try:
                for prompt in load_reflections(path).prompts:
                    titles.prompts[prompt.id] = prompt.title
            except Exception:  # one bad file should not hide the other weeks' titles
                continue
    return titles


def _project_root() -> Path:
    from workbook.paths import project_root

    return project_root()


_WEEK_ID = re.compile(r"^w(\d{2})-")


def _week_of(content_id: str) -> int | None:
    m = _WEEK_ID.match(content_id)
    return int(m[1]) if m else None


# ---------------------------------------------------------------------------------------------
# The journal


@dataclass
class ImportResult:
    """What :meth:`Journal.import_file` added and what it already had."""

    file: str
    format: str
    added: dict[str, int] = field(default_factory=dict)
    already_present: int = 0

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def __str__(self) -> str:
        parts = [f"{n} {kind.replace('_', ' ')}" for kind, n in self.added.items() if n]
        added = ", ".join(parts) if parts else "nothing new"
        return (
            f"Imported {self.file}: added {added}; "
            f"{self.already_present} entr{'y was' if self.already_present == 1 else 'ies were'} "
            "already in the journal."
        )


class Journal:
    """The learner's journal (see the module documentation).

    ``Journal()`` uses ``$WORKBOOK_HOME/journal.sqlite3``; ``Journal(path)`` any file. The
    file and its folder are created on the first save. ``clock`` (returning an aware
    ``datetime``) is for tests.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        timeout: float = 30.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.timeout = float(timeout)
        self._clock = clock or _utc_now
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._inherited: list[sqlite3.Connection] = []
        # Fail now, not at the first save, on a damaged or foreign file.
        self._state = self._retry(self._inspect)

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (it reopens when next needed)."""
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    # -- opening ---------------------------------------------------------------------------

    def _way_out(self) -> str:
        return (
            f"Your work in it has not been changed. Move the file aside (for example rename it "
            f"to {self.path.name}.damaged) or set WORKBOOK_HOME to another folder, then try again."
        )

    def _damaged(self, detail: str) -> JournalError:
        return JournalError(
            f"{self.path}: the journal file is damaged ({detail}). {self._way_out()}"
        )

    def _foreign(self, detail: str) -> JournalError:
        return JournalError(
            f"{self.path}: this is not a workbook journal ({detail}). It has not been changed. "
            f"Move it aside or set WORKBOOK_HOME to another folder, then try again."
        )

    def _sqlite_error(self, action: str, exc: sqlite3.Error) -> JournalError:
        name = getattr(exc, "sqlite_errorname", "") or ""
        text = str(exc)
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
            return self._damaged(text)
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
            return JournalError(
                f"{self.path}: could not {action} the journal: another program kept it busy for "
                f"over {self.timeout:g} s. Close other notebooks using it and try again."
            )
        if name.startswith("SQLITE_FULL") or "full" in text:
            return JournalError(f"{self.path}: could not {action} the journal: the disk is full.")
        return JournalError(f"{self.path}: could not {action} the journal ({text}).")

    def _inspect(self) -> str:
        """'missing', 'new' (empty, safe to set up) or 'ours'; raise on anything else.

        Reads only: a read-only connection cannot change the file (not even a checkpoint).
        """
        path = self.path
        try:
            if path.is_dir():
                raise JournalError(
                    f"{path} is a folder, not a journal file; set WORKBOOK_HOME to the folder "
                    "that should hold journal.sqlite3."
                )
            if not path.exists():
                return "missing"
            with open(path, "rb") as fh:
                head = fh.read(100)
        except OSError as exc:
            raise JournalError(
                f"{path}: cannot read the journal ({exc.strerror or exc})."
            ) from None
        if not head:
            return "new"
        if not head.startswith(_SQLITE_MAGIC):
            raise self._foreign("it is not a SQLite database")
        if len(head) < 100:
            raise self._damaged("the file is cut short")
        # A read-only open of a WAL-mode file creates empty -wal and -shm files beside it.
        # If we reject the file, remove the ones we made so that we leave no trace at all.
        sidecars = [Path(f"{path}-wal"), Path(f"{path}-shm")]
        existed = [p.exists() for p in sidecars]
        try:
            return self._inspect_sqlite(path)
        except JournalError:
            if not any(existed) and sidecars[0].is_file() and sidecars[0].stat().st_size == 0:
                for p in sidecars:
                    with suppress(OSError):
                        p.unlink()
            raise

    def _inspect_sqlite(self, path: Path) -> str:
        try:
            return self._inspect_sqlite_as(path, "ro")
        except _NeedsRecovery:
            # A writer died with a WAL file in use: the WAL index must be rebuilt before
            # anyone can read, and a read-only connection may not do that. A read-write
            # connection recovers the WAL (the database file's content is unchanged).
            return self._inspect_sqlite_as(path, "rw")

    def _inspect_sqlite_as(self, path: Path, mode: str) -> str:
        uri = "file:" + urllib.parse.quote(str(path.resolve())) + f"?mode={mode}"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise (_Busy() if _is_busy(exc) else self._sqlite_error("open", exc)) from None
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            app_name = None
            if "meta" in tables:
                try:
                    row = conn.execute("SELECT value FROM meta WHERE key='application'").fetchone()
                    app_name = row[0] if row else None
                except sqlite3.OperationalError:
                    app_name = None
            if app_id != APPLICATION_ID and app_name != APPLICATION:
                if not tables and app_id == 0 and version == 0:
                    return "new"  # a SQLite file with nothing in it yet
                names = ", ".join(sorted(tables)[:5]) or "no tables"
                raise self._foreign(f"it is another program's SQLite database, with {names}")
            if version > SCHEMA_VERSION:
                raise JournalError(
                    f"{path}: this journal was written by a newer version of the workbook "
                    f"(schema {version}; this one reads up to {SCHEMA_VERSION}). Update the "
                    "workbook package (pip install -U workbook) to open it."
                )
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise self._damaged(problems[0] if problems else "integrity check failed")
        except sqlite3.Error as exc:
            if mode == "ro" and "readonly" in str(exc).lower():
                raise _NeedsRecovery() from None
            raise (_Busy() if _is_busy(exc) else self._sqlite_error("open", exc)) from None
        finally:
            conn.close()
        return "ours"

    def _retry(self, action: Callable[[], Any]) -> Any:
        """Run ``action`` again while it meets :class:`_Busy`, for up to ``timeout`` seconds.

        SQLite's busy handler does not wait when two connections would deadlock (both reading,
        both wanting to write), which happens when several processes create the journal or
        switch it to WAL at once; one of them gets "database is locked" at once. Backing off
        and trying again resolves it.
        """
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return action()
            except _Busy:
                if time.monotonic() > deadline:
                    raise JournalError(
                        f"{self.path}: could not open the journal: another program kept it busy "
                        f"for over {self.timeout:g} s. Close other notebooks using it and try "
                        "again."
                    ) from None
                time.sleep(random.uniform(0.002, 0.03))

    def _connection(self, *, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        if self._conn is not None:
            # Inherited through fork: never use or close the parent's connection here.
            self._inherited.append(self._conn)
            self._conn = None
        conn = self._retry(lambda: self._open(create))
        if conn is not None:
            self._conn = conn
            self._pid = os.getpid()
            self._state = "ours"
        return conn

    def _open(self, create: bool) -> sqlite3.Connection | None:
        # Once a file is ours it stays ours; anything else may have changed since we looked.
        state = "ours" if self._state == "ours" else self._inspect()
        self._state = state
        if state != "ours" and not create:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise JournalError(
                f"{self.path.parent}: cannot create the journal's folder ({exc.strerror or exc}); "
                "set WORKBOOK_HOME to a folder you can write to."
            ) from None
        try:
            conn = sqlite3.connect(
                str(self.path),
                timeout=self.timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise (_Busy() if _is_busy(exc) else self._sqlite_error("open", exc)) from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA synchronous = FULL")
            if state != "ours":
                self._initialise(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise (_Busy() if _is_busy(exc) else self._sqlite_error("set up", exc)) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _initialise(self, conn: sqlite3.Connection) -> None:
        # WAL lets readers and one writer work at once; it is a property of the file, set once.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if version == 0 and app_id == 0:
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if tables:
                    raise self._foreign("another program wrote to it while it was being set up")
                for statement in _SCHEMA:
                    conn.execute(statement)
                from workbook import __version__

                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("application", APPLICATION),
                        ("schema_version", str(SCHEMA_VERSION)),
                        ("created_at", _format_time(self._clock())),
                        ("created_by", f"workbook {__version__}"),
                    ],
                )
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif app_id != APPLICATION_ID:
                raise self._foreign("another program wrote to it while it was being set up")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection(create=True)
            if conn is None:  # pragma: no cover - create=True always connects or raises
                raise RuntimeError("no journal connection")
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._sqlite_error("save to", exc) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._sqlite_error("save to", exc) from None
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            conn = self._connection(create=False)
            if conn is None:
                return []
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise self._sqlite_error("read", exc) from None

    def _now(self) -> str:
        return _format_time(self._clock())

    # -- reflections -----------------------------------------------------------------------

    def save_reflection(self, prompt_id: str, text: str) -> None:
        """Save a new version of the learner's reflection for ``prompt_id`` (earlier kept)."""
        _check_id("prompt_id", prompt_id)
        _check_text("text", text)
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO reflections (prompt_id, text, saved_at) VALUES (?, ?, ?)",
                (prompt_id, text, self._now()),
            )

    def latest_reflection(self, prompt_id: str) -> str | None:
        """The most recently saved text for ``prompt_id``, or ``None``."""
        rows = self._read(
            "SELECT text FROM reflections WHERE prompt_id = ? ORDER BY saved_at DESC, id DESC "
            "LIMIT 1",
            (prompt_id,),
        )
        return rows[0][0] if rows else None

    def reflection_history(self, prompt_id: str) -> list[dict]:
        """Every saved version for ``prompt_id``, oldest first: ``{"text", "saved_at"}``."""
        rows = self._read(
            "SELECT text, saved_at FROM reflections WHERE prompt_id = ? ORDER BY saved_at, id",
            (prompt_id,),
        )
        return [{"text": text, "saved_at": saved_at} for text, saved_at in rows]

    def reflections(self) -> list[dict]:
        """Every version of every reflection, oldest first: ``{"prompt_id","text","saved_at"}``."""
        rows = self._read("SELECT prompt_id, text, saved_at FROM reflections ORDER BY saved_at, id")
        return [{"prompt_id": p, "text": t, "saved_at": s} for p, t, s in rows]

    # -- quiz attempts ---------------------------------------------------------------------

    def record_attempt(self, quiz_id: str, item_id: str, answer: Any, correct: bool) -> None:
        """Record one answer to a quiz item (``answer`` is any JSON-like value)."""
        _check_id("quiz_id", quiz_id)
        _check_id("item_id", item_id)
        answer_json = _to_json("answer", answer)
        ok = _as_bool("correct", correct)
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO quiz_attempts (quiz_id, item_id, answer, correct, "
                "answered_at) VALUES (?, ?, ?, ?, ?)",
                (quiz_id, item_id, answer_json, int(ok), self._now()),
            )

    def attempts(self, quiz_id: str | None = None) -> list[dict]:
        """Quiz attempts, oldest first: ``{"quiz_id","item_id","answer","correct","answered_at"}``."""
        sql = "SELECT quiz_id, item_id, answer, correct, answered_at FROM quiz_attempts"
        params: tuple = ()
        if quiz_id is not None:
            sql += " WHERE quiz_id = ?"
            params = (quiz_id,)
        rows = self._read(sql + " ORDER BY answered_at, id", params)
        return [
            {
                "quiz_id": q,
                "item_id": i,
                "answer": json.loads(a),
                "correct": bool(c),
                "answered_at": t,
            }
            for q, i, a, c, t in rows
        ]

    # -- step completion -------------------------------------------------------------------

    def set_complete(self, step_id: str, complete: bool = True) -> None:
        """Mark a step complete (or not); each change is kept as an event, the latest wins."""
        _check_id("step_id", step_id)
        flag = _as_bool("complete", complete)
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO step_events (step_id, complete, at) VALUES (?, ?, ?)",
                (step_id, int(flag), self._now()),
            )

    def completed_steps(self) -> set[str]:
        """Ids of the steps whose latest completion event says complete."""
        rows = self._read(
            "SELECT step_id FROM (SELECT step_id, complete, ROW_NUMBER() OVER "
            "(PARTITION BY step_id ORDER BY at DESC, id DESC) AS rank FROM step_events) "
            "WHERE rank = 1 AND complete = 1"
        )
        return {row[0] for row in rows}

    def step_events(self, step_id: str | None = None) -> list[dict]:
        """Completion events, oldest first: ``{"step_id","complete","at"}``."""
        sql = "SELECT step_id, complete, at FROM step_events"
        params: tuple = ()
        if step_id is not None:
            sql += " WHERE step_id = ?"
            params = (step_id,)
        rows = self._read(sql + " ORDER BY at, id", params)
        return [{"step_id": s, "complete": bool(c), "at": a} for s, c, a in rows]

    # -- other records (PDSA cycles, exercises) --------------------------------------------

    def save_record(self, kind: str, key: str, data: dict) -> None:
        """Save a new version of a record such as ``kind="pdsa"`` (earlier versions kept)."""
        _check_id("kind", kind)
        _check_id("key", key)
        if not isinstance(data, dict):
            raise TypeError(f"data must be a dict, not {type(data).__name__}")
        if not all(isinstance(k, str) for k in data):
            raise TypeError("data's keys must all be strings")
        data_json = _to_json("data", data)
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO records (kind, key, data, saved_at) VALUES (?, ?, ?, ?)",
                (kind, key, data_json, self._now()),
            )

    def records(self, kind: str | None = None, key: str | None = None) -> list[dict]:
        """Saved records, every version, oldest first: ``{"kind","key","data","saved_at"}``."""
        sql = "SELECT kind, key, data, saved_at FROM records"
        clauses, params = [], []
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind)
        if key is not None:
            clauses.append("key = ?")
            params.append(key)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self._read(sql + " ORDER BY saved_at, id", tuple(params))
        return [{"kind": k, "key": y, "data": json.loads(d), "saved_at": s} for k, y, d, s in rows]

    def latest_record(self, kind: str, key: str) -> dict | None:
        """The latest saved ``data`` of a record, or ``None``."""
        found = self.records(kind, key)
        return found[-1]["data"] if found else None

    # -- whole journal ---------------------------------------------------------------------

    def exists(self) -> bool:
        """True once something has been saved to the file."""
        return self._inspect() == "ours"

    def integrity_check(self) -> list[str]:
        """SQLite's full integrity check: ``["ok"]`` for a healthy file."""
        return [row[0] for row in self._read("PRAGMA integrity_check")] or ["ok"]

    def to_dict(self) -> dict:
        """Everything in the journal, including history, as our JSON export's document."""
        from workbook import __version__

        return {
            "format": APPLICATION,
            "version": EXPORT_VERSION,
            "exported_at": self._now(),
            "generator": f"workbook {__version__}",
            "reflections": self.reflections(),
            "step_events": self.step_events(),
            "quiz_attempts": self.attempts(),
            "records": self.records(),
        }

    def export(self, format: str = "json", *, titles: ContentTitles | None = None) -> str:
        """The whole journal as ``"json"``, ``"md"`` (Markdown) or ``"html"`` text.

        Markdown and HTML group work by week and label prompts and steps with their titles
        from the course content (``titles``; read from the course folder when not given).
        Learner text is escaped so that nothing in it becomes markup, a link or a script.
        """
        if format not in ("json", "md", "html"):
            raise ValueError(f"unknown export format {format!r}; use json, md or html")
        doc = self.to_dict()
        if format == "json":
            return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        if titles is None:
            titles = content_titles()
        view = _ExportView(doc, titles, self.completed_steps())
        return view.markdown() if format == "md" else view.html()

    # -- import ----------------------------------------------------------------------------

    def import_file(self, path: str | os.PathLike[str]) -> ImportResult:
        """Merge a JSON export or downloaded notes file into the journal, all or nothing.

        The whole file is validated first; on any problem :class:`JournalError` names the
        file and the field (``notes.json: reflections[2].text: expected a string``) and
        nothing is written. Entries already in the journal (same id, text and time) are not
        added again, so importing the same file twice changes nothing.
        """
        data = read_import_file(path)
        return self.import_data(data, name=str(path))

    def import_data(self, document: dict, *, name: str = "<import>") -> ImportResult:
        """Like :meth:`import_file`, for an already parsed JSON document."""
        rows = _validate_document(document, name)
        result = ImportResult(file=name, format=rows["format"])
        tables = (
            (
                "reflections",
                "INSERT OR IGNORE INTO reflections (prompt_id, text, saved_at) VALUES (?, ?, ?)",
            ),
            (
                "step_events",
                "INSERT OR IGNORE INTO step_events (step_id, complete, at) VALUES (?, ?, ?)",
            ),
            (
                "quiz_attempts",
                "INSERT OR IGNORE INTO quiz_attempts (quiz_id, item_id, answer, correct, "
                "answered_at) VALUES (?, ?, ?, ?, ?)",
            ),
            (
                "records",
                "INSERT OR IGNORE INTO records (kind, key, data, saved_at) VALUES (?, ?, ?, ?)",
            ),
        )
        total = sum(len(rows[kind]) for kind, _ in tables)
        if total == 0:
            result.added = {kind: 0 for kind, _ in tables}
            return result
        with self._write() as conn:
            for kind, sql in tables:
                before = conn.total_changes
                conn.executemany(sql, rows[kind])
                result.added[kind] = conn.total_changes - before
        result.already_present = total - result.total_added
        return result


# ---------------------------------------------------------------------------------------------
# Import validation


def _fail(name: str, where: str, message: str) -> JournalError:
    return JournalError(f"{name}: {where}: {message}" if where else f"{name}: {message}")


def _kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in JSON")


def read_import_file(path: str | os.PathLike[str]) -> dict:
    """Read and parse an import file (size, encoding, JSON syntax); return the document."""
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise JournalError(f"{name}: is a folder; give the exported .json file")
        with open(p, "rb") as fh:
            raw = fh.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise JournalError(f"{name}: no such file") from None
    except OSError as exc:
        raise JournalError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise JournalError(
            f"{name}: the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; a workbook "
            "export is much smaller, so this is probably not one"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JournalError(f"{name}: not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise JournalError(f"{name}: the file is empty")
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise JournalError(
            f"{name}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except ValueError as exc:
        raise JournalError(f"{name}: not valid JSON ({exc})") from None
    except RecursionError:
        raise JournalError(f"{name}: not valid JSON (nested too deeply)") from None


_JOURNAL_KEYS = {
    "format",
    "version",
    "exported_at",
    "generator",
    "reflections",
    "step_events",
    "quiz_attempts",
    "records",
}
_NOTES_KEYS = {
    "format",
    "version",
    "exported_at",
    "source",
    "reflections",
    "completed_steps",
    "quiz_attempts",
}


class _Validator:
    """Checks one import document, naming the field path of the first problem."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, message: str) -> JournalError:
        return _fail(self.name, where, message)

    def obj(self, value: object, where: str, required: set[str], optional: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, found {_kind_of(value)}")
        for key in value:
            if key not in required and key not in optional:
                allowed = ", ".join(sorted(required | optional))
                field_at = f"{where}.{key}" if where else key
                raise self.fail(field_at, f"unexpected field (expected {allowed})")
        for key in sorted(required):
            if key not in value:
                raise self.fail(f"{where}.{key}" if where else key, "missing")
        return value

    def list_of(self, doc: dict, key: str) -> list:
        value = doc.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list, found {_kind_of(value)}")
        return value

    def string(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"expected a string, found {_kind_of(value)}")
        if len(value) > MAX_TEXT_CHARS:
            raise self.fail(where, f"longer than {MAX_TEXT_CHARS:,} characters")
        if _unencodable(value):
            raise self.fail(where, "contains characters that are not valid Unicode text")
        return value

    def ident(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(
                where, f"expected a string id such as 'w01-r01', found {_kind_of(value)}"
            )
        problem = _id_problem(value)
        if problem:
            raise self.fail(where, problem)
        return value

    def boolean(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"expected true or false, found {_kind_of(value)}")
        return value

    def time(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"expected an ISO 8601 time string, found {_kind_of(value)}")
        try:
            return normalise_timestamp(value)
        except ValueError as exc:
            raise self.fail(where, str(exc)) from None

    def json_value(self, value: object, where: str, depth: int = 0) -> str:
        self._walk(value, where, depth)
        return _dumps(value)

    def _walk(self, value: object, where: str, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise self.fail(where, f"nested more than {_MAX_DEPTH} levels deep")
        if isinstance(value, str):
            self.string(value, where)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self._walk(item, f"{where}[{i}]", depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                self._walk(item, f"{where}.{key}", depth + 1)
        elif isinstance(value, float) and not math.isfinite(value):
            raise self.fail(where, "numbers must be finite")


def _validate_document(document: object, name: str) -> dict:
    """Check an import document completely; return rows ready to insert."""
    v = _Validator(name)
    if not isinstance(document, dict):
        raise v.fail("", f"expected a JSON object at the top level, found {_kind_of(document)}")
    fmt = document.get("format")
    if "format" not in document:
        raise v.fail("format", f"missing; expected '{APPLICATION}' or '{NOTES_FORMAT}'")
    if fmt not in (APPLICATION, NOTES_FORMAT):
        raise v.fail(
            "format",
            f"unknown format {fmt!r}; expected '{APPLICATION}' (from `workbook journal export`) "
            f"or '{NOTES_FORMAT}' (notes downloaded from the book)",
        )
    version = document.get("version")
    if "version" not in document:
        raise v.fail("version", "missing")
    if isinstance(version, bool) or not isinstance(version, int):
        raise v.fail("version", f"expected a whole number, found {_kind_of(version)}")
    if version != EXPORT_VERSION:
        hint = (
            "made by a newer version of the workbook; update the package to import it"
            if version > EXPORT_VERSION
            else "not a version this workbook knows"
        )
        raise v.fail("version", f"version {version} is {hint}")
    allowed = _JOURNAL_KEYS if fmt == APPLICATION else _NOTES_KEYS
    v.obj(document, "", {"format", "version"}, allowed - {"format", "version"})
    if "exported_at" in document:
        v.time(document["exported_at"], "exported_at")
    if "generator" in document:
        v.string(document["generator"], "generator")
    if "source" in document:
        v.string(document["source"], "source")

    rows: dict[str, Any] = {
        "format": fmt,
        "reflections": [],
        "step_events": [],
        "quiz_attempts": [],
        "records": [],
    }
    for i, entry in enumerate(v.list_of(document, "reflections")):
        at = f"reflections[{i}]"
        v.obj(entry, at, {"prompt_id", "text", "saved_at"}, set())
        rows["reflections"].append(
            (
                v.ident(entry["prompt_id"], f"{at}.prompt_id"),
                v.string(entry["text"], f"{at}.text"),
                v.time(entry["saved_at"], f"{at}.saved_at"),
            )
        )
    if fmt == APPLICATION:
        for i, entry in enumerate(v.list_of(document, "step_events")):
            at = f"step_events[{i}]"
            v.obj(entry, at, {"step_id", "complete", "at"}, set())
            rows["step_events"].append(
                (
                    v.ident(entry["step_id"], f"{at}.step_id"),
                    int(v.boolean(entry["complete"], f"{at}.complete")),
                    v.time(entry["at"], f"{at}.at"),
                )
            )
        for i, entry in enumerate(v.list_of(document, "records")):
            at = f"records[{i}]"
            v.obj(entry, at, {"kind", "key", "data", "saved_at"}, set())
            if not isinstance(entry["data"], dict):
                raise v.fail(f"{at}.data", f"expected an object, found {_kind_of(entry['data'])}")
            rows["records"].append(
                (
                    v.ident(entry["kind"], f"{at}.kind"),
                    v.ident(entry["key"], f"{at}.key"),
                    v.json_value(entry["data"], f"{at}.data"),
                    v.time(entry["saved_at"], f"{at}.saved_at"),
                )
            )
    else:
        for i, entry in enumerate(v.list_of(document, "completed_steps")):
            at = f"completed_steps[{i}]"
            v.obj(entry, at, {"step_id", "completed_at"}, set())
            rows["step_events"].append(
                (
                    v.ident(entry["step_id"], f"{at}.step_id"),
                    1,
                    v.time(entry["completed_at"], f"{at}.completed_at"),
                )
            )
    for i, entry in enumerate(v.list_of(document, "quiz_attempts")):
        at = f"quiz_attempts[{i}]"
        v.obj(entry, at, {"quiz_id", "item_id", "answer", "correct", "answered_at"}, set())
        rows["quiz_attempts"].append(
            (
                v.ident(entry["quiz_id"], f"{at}.quiz_id"),
                v.ident(entry["item_id"], f"{at}.item_id"),
                v.json_value(entry["answer"], f"{at}.answer"),
                int(v.boolean(entry["correct"], f"{at}.correct")),
                v.time(entry["answered_at"], f"{at}.answered_at"),
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Export for people: Markdown and HTML


def _md_quote(text: str) -> str:
    """Learner text as a Markdown block quote, line breaks kept."""
    if not text:
        return "> *(empty)*"
    lines = md_escape(text).split("\n")
    # Two trailing spaces make a hard line break inside a paragraph.
    return "\n".join("> " + line + ("  " if line.strip() else "") for line in lines)


class _ExportView:
    """Groups a journal document by week for the Markdown and HTML exports."""

    def __init__(self, doc: dict, titles: ContentTitles, completed: set[str]) -> None:
        self.doc = doc
        self.titles = titles
        self.completed = completed
        self.weeks: dict[int | None, dict[str, Any]] = {}
        for entry in doc["reflections"]:
            prompts = self._week(entry["prompt_id"])["reflections"]
            prompts.setdefault(entry["prompt_id"], []).append(entry)
        for step_id in sorted(completed):
            self._week(step_id)["steps"].append(step_id)
        for attempt in doc["quiz_attempts"]:
            self._week(attempt["quiz_id"])["attempts"].append(attempt)
        self.order = sorted(self.weeks, key=lambda w: (w is None, w or 0))

    def _week(self, content_id: str) -> dict[str, Any]:
        return self.weeks.setdefault(
            _week_of(content_id), {"reflections": {}, "steps": [], "attempts": []}
        )

    def week_title(self, week: int | None) -> str:
        if week is None:
            return "Other work"
        title = self.titles.weeks.get(week)
        return f"Week {week}: {title}" if title else f"Week {week}"

    def prompt_title(self, prompt_id: str) -> str:
        return self.titles.prompts.get(prompt_id, "Reflection")

    def step_title(self, step_id: str) -> str:
        return self.titles.steps.get(step_id, step_id)

    @staticmethod
    def answer_text(answer: object) -> str:
        return answer if isinstance(answer, str) else _dumps(answer)

    # Markdown --------------------------------------------------------------------------

    def markdown(self) -> str:
        out = [
            "# My workbook journal",
            "",
            f"Exported {_human_time(self.doc['exported_at'])} by {md_escape(self.doc['generator'])}.",
            "",
        ]
        if not self.order and not self.doc["records"]:
            out += ["Nothing has been saved yet.", ""]
        for week in self.order:
            data = self.weeks[week]
            out += [f"## {md_escape(self.week_title(week))}", ""]
            for prompt_id, versions in data["reflections"].items():
                latest = versions[-1]
                out += [
                    f"### {md_escape(self.prompt_title(prompt_id))} ({md_escape(prompt_id)})",
                    "",
                    f"Saved {_human_time(latest['saved_at'])}:",
                    "",
                    _md_quote(latest["text"]),
                    "",
                ]
                if len(versions) > 1:
                    out += [f"Earlier versions ({len(versions) - 1}):", ""]
                    for old in reversed(versions[:-1]):
                        out += [
                            f"Saved {_human_time(old['saved_at'])}:",
                            "",
                            _md_quote(old["text"]),
                            "",
                        ]
            if data["steps"]:
                out += ["### Steps completed", ""]
                out += [
                    f"- {md_escape(self.step_title(s))} ({md_escape(s)})" for s in data["steps"]
                ]
                out.append("")
            if data["attempts"]:
                out += ["### Quiz answers", ""]
                for a in data["attempts"]:
                    verdict = "correct" if a["correct"] else "not correct"
                    out.append(
                        f"- {md_escape(a['item_id'])}, {_human_time(a['answered_at'])}: "
                        f"{md_escape(self.answer_text(a['answer']))} ({verdict})"
                    )
                out.append("")
        if self.doc["records"]:
            out += ["## Saved exercises and records", ""]
            for rec in self.doc["records"]:
                out += [
                    f"### {md_escape(rec['kind'])}: {md_escape(rec['key'])}",
                    "",
                    f"Saved {_human_time(rec['saved_at'])}:",
                    "",
                ]
                for key, value in rec["data"].items():
                    out.append(f"- **{md_escape(key)}**: {md_escape(self.answer_text(value))}")
                out.append("")
        return "\n".join(out).rstrip("\n") + "\n"

    # HTML ------------------------------------------------------------------------------

    def html(self) -> str:
        e = html.escape

        def text_block(text: str) -> str:
            return f'<div class="text" dir="auto">{e(text)}</div>'

        body = [
            "<h1>My workbook journal</h1>",
            f'<p class="when">Exported <time datetime="{e(self.doc["exported_at"])}">'
            f"{e(_human_time(self.doc['exported_at']))}</time> by {e(self.doc['generator'])}.</p>",
        ]
        if not self.order and not self.doc["records"]:
            body.append("<p>Nothing has been saved yet.</p>")
        for week in self.order:
            data = self.weeks[week]
            body.append(f"<section>\n<h2>{e(self.week_title(week))}</h2>")
            for prompt_id, versions in data["reflections"].items():
                latest = versions[-1]
                body.append(
                    f'<article>\n<h3>{e(self.prompt_title(prompt_id))} <span class="id">'
                    f"({e(prompt_id)})</span></h3>\n"
                    f'<p class="when">Saved <time datetime="{e(latest["saved_at"])}">'
                    f"{e(_human_time(latest['saved_at']))}</time></p>\n"
                    f"{text_block(latest['text'])}"
                )
                if len(versions) > 1:
                    body.append(
                        f"<details><summary>Earlier versions ({len(versions) - 1})</summary>"
                    )
                    for old in reversed(versions[:-1]):
                        body.append(
                            f'<p class="when">Saved <time datetime="{e(old["saved_at"])}">'
                            f"{e(_human_time(old['saved_at']))}</time></p>\n{text_block(old['text'])}"
                        )
                    body.append("</details>")
                body.append("</article>")
            if data["steps"]:
                items = "".join(
                    f'<li>{e(self.step_title(s))} <span class="id">({e(s)})</span></li>'
                    for s in data["steps"]
                )
                body.append(f"<h3>Steps completed</h3>\n<ul>{items}</ul>")
            if data["attempts"]:
                items = "".join(
                    f'<li><span class="id">{e(a["item_id"])}</span>, '
                    f"{e(_human_time(a['answered_at']))}: "
                    f'<span dir="auto">{e(self.answer_text(a["answer"]))}</span> '
                    f"({'correct' if a['correct'] else 'not correct'})</li>"
                    for a in data["attempts"]
                )
                body.append(f"<h3>Quiz answers</h3>\n<ul>{items}</ul>")
            body.append("</section>")
        if self.doc["records"]:
            body.append("<section>\n<h2>Saved exercises and records</h2>")
            for rec in self.doc["records"]:
                rows = "".join(
                    f'<dt>{e(k)}</dt><dd dir="auto">{e(self.answer_text(v))}</dd>'
                    for k, v in rec["data"].items()
                )
                body.append(
                    f"<article><h3>{e(rec['kind'])}: {e(rec['key'])}</h3>\n"
                    f'<p class="when">Saved {e(_human_time(rec["saved_at"]))}</p>\n'
                    f"<dl>{rows}</dl></article>"
                )
            body.append("</section>")
        return _HTML_PAGE.format(body="\n".join(body))


# No scripts, no external resources: the page's policy forbids both even if text got through.
_HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>My workbook journal</title>
<style>
body {{ font-family: system-ui, sans-serif; line-height: 1.5; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }}
.text {{ white-space: pre-wrap; border-left: 3px solid #6b7280; padding-left: .75rem; }}
.when, .id {{ color: #4b5563; font-size: .9em; }}
article {{ margin-bottom: 1.5rem; }}
</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""
