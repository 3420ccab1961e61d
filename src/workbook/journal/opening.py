"""Opening the journal file: checks, recovery, locking, read-only folders, transactions.

:class:`Connector` is the part of :class:`workbook.journal.Journal` that deals with the file.
A file that is damaged, not SQLite, or another program's SQLite database is never modified:
opening it raises :class:`JournalError` naming the file and how to get going again.

A journal that cannot be written (a read-only file, or a file in a read-only folder) can
still be read and exported: a read-only file is read in place; a file in a read-only folder
(where SQLite cannot create the files it needs beside it) is read from a private copy in a
temporary folder. Saving then fails with a message naming the cause.

New journal files are private to the learner: the folder the journal creates is 0700, the
file 0600 (SQLite gives its ``-wal`` and ``-shm`` files the same mode).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
import threading
import time
import urllib.parse
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from workbook.journal import schema
from workbook.journal.values import APPLICATION, JournalError, format_time, utc_now

__all__ = [
    "FILE_NAME",
    "default_path",
    "can_write",
    "Connector",
]

FILE_NAME = "journal.sqlite3"
_SQLITE_MAGIC = b"SQLite format 3\x00"
T = TypeVar("T")


def default_path() -> Path:
    """``$WORKBOOK_HOME/journal.sqlite3`` (or the platform's user data folder)."""
    from workbook.paths import workbook_home

    return workbook_home() / FILE_NAME


def can_write(path: Path) -> bool:
    """Whether this process may write ``path`` (a file, or a folder to make files in)."""
    mode = os.W_OK | (os.X_OK if path.is_dir() else 0)
    return os.access(path, mode)


_COPY_PREFIX = "workbook-journal-"


def _remove_stale_copies() -> None:
    """Remove private copies left by processes that were killed before they could."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_COPY_PREFIX}*-*"):
        pid = folder.name[len(_COPY_PREFIX) :].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            if folder.stat().st_uid != os.geteuid():
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, AttributeError):  # not ours, no permission, or not POSIX: leave it
            continue


class _NeedsRecovery(Exception):
    """A read-only look at the journal found a WAL left by a killed writer, or could not open."""


class _Busy(Exception):
    """Another process held a lock that SQLite's busy handler does not wait for."""


def _is_busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def _is_readonly(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or (
        "readonly" in text or "unable to open" in text
    )


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return "file:" + urllib.parse.quote(str(path.resolve())) + (f"?{query}" if query else "")


class Connector:
    """Opens, checks, recovers and locks the journal file (see the module documentation)."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        timeout: float = 30.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.timeout = float(timeout)
        self._clock = clock or utc_now
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._conn_writable = False
        self._pid: int | None = None
        self._inherited: list[sqlite3.Connection] = []
        self._copy: Path | None = None
        self._copy_cleanup: Any = None
        # Fail now, not at the first save, on a damaged or foreign file.
        self._state = self._retry(self._inspect)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (it reopens when next needed)."""
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None
            if self._copy_cleanup is not None:
                self._copy_cleanup()
                self._copy = self._copy_cleanup = None

    def _now(self) -> str:
        return format_time(self._clock())

    # -- messages --------------------------------------------------------------------------

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

    def _read_only(self, cause: str) -> JournalError:
        return JournalError(
            f"{self.path}: cannot save to the journal: {cause}. Your saved work can still be "
            "read and exported (workbook journal export -o my-journal.json); to keep saving, "
            "make it writable, or set WORKBOOK_HOME to a folder you can write to and import "
            "the export there."
        )

    def _read_only_cause(self) -> str:
        access = self._access()
        if access == "ro-file":
            return "the file is read-only"
        if access == "ro-folder":
            folder = self.path.parent
            if folder.exists():
                return f"its folder {folder} is read-only"
            while not folder.exists() and folder != folder.parent:
                folder = folder.parent
            return f"its folder {self.path.parent} cannot be made: {folder} is read-only"
        return "the file or its folder is read-only"

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
        if action != "read" and _is_readonly(exc):
            return self._read_only(f"{self._read_only_cause()} ({text})")
        return JournalError(f"{self.path}: could not {action} the journal ({text}).")

    # -- where we may write ----------------------------------------------------------------

    def _access(self) -> str:
        """'rw', 'ro-file' (the file is read-only) or 'ro-folder' (its folder is)."""
        folder = self.path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # the journal would create the missing folders here
        if not can_write(folder):
            return "ro-folder"
        if self.path.exists() and not can_write(self.path):
            return "ro-file"
        return "rw"

    def _private_copy(self) -> Path:
        """A copy of the journal (and its WAL) in a private temporary folder, to read from."""
        if self._copy is not None and self._copy.exists():
            return self._copy
        _remove_stale_copies()
        try:
            folder = Path(tempfile.mkdtemp(prefix=f"{_COPY_PREFIX}{os.getpid()}-"))  # 0700
        except OSError as exc:
            raise JournalError(
                f"{self.path}: cannot read the journal: its folder is read-only, so it is read "
                f"from a copy, and no temporary folder could be made for one "
                f"({exc.strerror or exc}); set TMPDIR to a folder you can write to."
            ) from None
        self._copy_cleanup = weakref.finalize(self, shutil.rmtree, folder, True)
        copy = folder / FILE_NAME
        try:
            shutil.copyfile(self.path, copy)
            wal = Path(f"{self.path}-wal")
            if wal.exists():
                shutil.copyfile(wal, Path(f"{copy}-wal"))
        except OSError as exc:
            raise JournalError(
                f"{self.path}: cannot read the journal ({exc.strerror or exc})."
            ) from None
        self._copy = copy
        return copy

    # -- inspecting the file ---------------------------------------------------------------

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
        access = self._access()
        if access == "ro-folder":
            return self._inspect_sqlite_as(self._private_copy(), "rw")
        try:
            return self._inspect_sqlite_as(path, "ro")
        except _NeedsRecovery:
            # A writer died with a WAL file in use: the WAL index must be rebuilt before
            # anyone can read, and a read-only connection may not do that. A read-write
            # connection recovers the WAL (the database file's content is unchanged); a
            # read-only file is recovered in a private copy instead.
            if access == "ro-file":
                return self._inspect_sqlite_as(self._private_copy(), "rw")
            return self._inspect_sqlite_as(path, "rw")

    def _inspect_sqlite_as(self, path: Path, mode: str) -> str:
        try:
            conn = sqlite3.connect(
                _uri(path, mode=mode), uri=True, timeout=self.timeout, isolation_level=None
            )
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
            if app_id != schema.APPLICATION_ID and app_name != APPLICATION:
                if not tables and app_id == 0 and version == 0:
                    return "new"  # a SQLite file with nothing in it yet
                names = ", ".join(sorted(tables)[:5]) or "no tables"
                raise self._foreign(f"it is another program's SQLite database, with {names}")
            if version > schema.SCHEMA_VERSION:
                raise JournalError(
                    f"{self.path}: this journal was written by a newer version of the workbook "
                    f"(schema {version}; this one reads up to {schema.SCHEMA_VERSION}). Update "
                    "the workbook package (pip install -U workbook) to open it."
                )
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise self._damaged(problems[0] if problems else "integrity check failed")
        except sqlite3.Error as exc:
            if mode == "ro" and _is_readonly(exc):
                raise _NeedsRecovery() from None
            raise (_Busy() if _is_busy(exc) else self._sqlite_error("open", exc)) from None
        finally:
            conn.close()
        return "ours"

    def _retry(self, action: Callable[[], T]) -> T:
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

    # -- connections -----------------------------------------------------------------------

    def _connection(self, *, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None and self._pid == os.getpid():
            if self._conn_writable or not create:
                return self._conn
            self._conn.close()  # a read-only connection, and now we must write
            self._conn = None
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
        access = self._access()
        if not create:
            if state != "ours":
                return None
            if access != "rw":
                return self._open_read_only(access)
        else:
            if access != "rw":
                raise self._read_only(self._read_only_cause())
            self._make_private_file()
        try:
            conn = sqlite3.connect(
                _uri(self.path, mode="rwc"),
                uri=True,
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
                # WAL lets readers and one writer work at once; a property of the file.
                conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:
            conn.close()
            raise (_Busy() if _is_busy(exc) else self._sqlite_error("set up", exc)) from None
        # A connection opened to read is reopened for the first write, which makes the file
        # private first.
        self._conn_writable = create
        return conn

    def _open_read_only(self, access: str) -> sqlite3.Connection:
        source = self._copy or (self._private_copy() if access == "ro-folder" else None)
        uri = _uri(source, mode="rw") if source else _uri(self.path, mode="ro")
        try:
            conn = sqlite3.connect(
                uri, uri=True, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        except sqlite3.Error as exc:
            raise (_Busy() if _is_busy(exc) else self._sqlite_error("read", exc)) from None
        self._conn_writable = False
        return conn

    def _make_private_file(self) -> None:
        """Create the folder (0700) and an empty journal file (0600) if they are missing."""
        folder = self.path.parent
        try:
            if not folder.exists():
                folder.mkdir(parents=True, mode=0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise JournalError(
                f"{folder}: cannot create the journal's folder ({exc.strerror or exc}); "
                "set WORKBOOK_HOME to a folder you can write to."
            ) from None
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            self._tighten_existing()
        except OSError as exc:
            raise JournalError(
                f"{self.path}: cannot create the journal ({exc.strerror or exc}); set "
                "WORKBOOK_HOME to a folder you can write to."
            ) from None
        else:
            os.close(fd)

    def _tighten_existing(self) -> None:
        """Make an existing journal (ours, made by older versions) readable by its owner only."""
        if os.name != "posix":
            return
        for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            with suppress(OSError):
                st = p.stat()
                if st.st_uid == os.geteuid() and st.st_mode & 0o077:
                    os.chmod(p, st.st_mode & 0o700)

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, with the schema brought up to date first."""
        with self._lock:
            conn = self._connection(create=True)
            if conn is None:  # pragma: no cover - create=True always connects or raises
                raise RuntimeError("no journal connection")
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._sqlite_error("save to", exc) from None
            try:
                self._bring_up_to_date(conn)
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._sqlite_error("save to", exc) from None
                raise

    def _bring_up_to_date(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == schema.SCHEMA_VERSION:
            return
        if version > schema.SCHEMA_VERSION:
            raise JournalError(
                f"{self.path}: this journal was just upgraded by a newer version of the "
                "workbook; update the workbook package (pip install -U workbook) to save to it."
            )
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if version == 0:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables or app_id:
                raise self._foreign("another program wrote to it while it was being set up")
        elif app_id != schema.APPLICATION_ID:
            raise self._foreign("another program wrote to it while it was being set up")
        from workbook import __version__

        schema.migrate(conn, schema.Context(now=self._now(), created_by=f"workbook {__version__}"))

    def _snapshot(self, read: Callable[[sqlite3.Connection, int], T], empty: T) -> T:
        """Run ``read(conn, schema_version)`` in one read transaction: one consistent view."""
        with self._lock:
            conn = self._connection(create=False)
            if conn is None:
                return empty
            try:
                conn.execute("BEGIN")
                try:
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    return read(conn, version)
                finally:
                    conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise self._sqlite_error("read", exc) from None
