"""The learner API: :class:`Journal` saves and reads reflections, answers, steps and records.

Nothing is ever deleted or overwritten: each saved reflection is a new version, each change
of a step's completion is a new event, each record save is a new version. Every write is one
transaction; several processes (notebooks, the command line) may write at once and wait for
each other (``busy_timeout``) rather than fail. Timestamps are UTC ISO 8601.

Which version is "the latest" is decided by the journal's own order (``ordered_at``), not by
the time an entry claims: a save made here always comes after everything already in the
journal, even when the computer's clock is behind or an import carried times from the future
(those are clamped to the moment of import, with a warning in the :class:`ImportResult`).
Imported entries from the past take their place by their time among local ones.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import suppress
from pathlib import Path
from typing import Any

from workbook.journal import portable, report, schema
from workbook.journal.opening import Connector
from workbook.journal.portable import ImportResult, entry_bytes, entry_from_row
from workbook.journal.report import ContentTitles, content_titles
from workbook.journal.values import (
    APPLICATION,
    JournalError,
    as_bool,
    check_id,
    check_text,
    to_json,
)

__all__ = ["Journal"]


def _entries(
    conn: sqlite3.Connection, version: int, kind: str, where: dict[str, Any] | None = None
) -> list[dict]:
    """Every entry of ``kind`` matching ``where``, in the journal's order (oldest first)."""
    table = schema.TABLES[kind]
    where = {k: v for k, v in (where or {}).items() if v is not None}
    sql = f"SELECT {', '.join(table.columns)} FROM {table.name}"
    if where:
        sql += " WHERE " + " AND ".join(f"{column} = ?" for column in where)
    sql += f" ORDER BY {schema.order_column(table, version)}, id"
    return [entry_from_row(kind, row) for row in conn.execute(sql, tuple(where.values()))]


class Journal(Connector):
    """The learner's journal (see the package documentation).

    ``Journal()`` uses ``$WORKBOOK_HOME/journal.sqlite3``; ``Journal(path)`` any file. The
    file and its folder are created on the first save. ``clock`` (returning an aware
    ``datetime``) is for tests.
    """

    # -- writing ---------------------------------------------------------------------------

    def _export_bytes(self, conn: sqlite3.Connection) -> int:
        row = conn.execute("SELECT value FROM meta WHERE key = 'export_bytes'").fetchone()
        return int(row[0]) if row else 0

    def _add_export_bytes(self, conn: sqlite3.Connection, added: int) -> None:
        if not added:
            return
        total = self._export_bytes(conn) + added
        if total + portable.EXPORT_HEADER_BYTES > portable.MAX_IMPORT_BYTES:
            raise JournalError(portable.too_big_message(self.path, total))
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('export_bytes', ?)", (str(total),)
        )

    def _save(self, kind: str, values: tuple) -> None:
        """Insert one local entry (``values``: its columns in ``schema.TABLES`` order but the
        time, which is taken inside the write transaction, so saves are timed in the order
        they commit).

        It sorts after every entry of its group already in the journal, whatever its time.
        """
        table = schema.TABLES[kind]
        group = values[: len(table.group)]
        marks = ", ".join("?" for _ in table.columns)
        same_group = " AND ".join(f"{c} = ?" for c in table.group)
        sql = (
            f"INSERT OR IGNORE INTO {table.name} ({', '.join(table.columns)}, ordered_at) "
            f"VALUES ({marks}, max(?, coalesce((SELECT max(ordered_at) FROM {table.name} "
            f"WHERE {same_group}), '')))"
        )
        with self._write() as conn:
            now = self._now()
            row = (*values, now)
            before = conn.total_changes
            conn.execute(sql, (*row, now, *group))
            if conn.total_changes > before:
                self._add_export_bytes(conn, entry_bytes(entry_from_row(kind, row)))

    # -- reflections -----------------------------------------------------------------------

    def save_reflection(self, prompt_id: str, text: str) -> None:
        """Save a new version of the learner's reflection for ``prompt_id`` (earlier kept)."""
        check_id("prompt_id", prompt_id)
        check_text("text", text)
        self._save("reflections", (prompt_id, text))

    def latest_reflection(self, prompt_id: str) -> str | None:
        """The most recently saved text for ``prompt_id``, or ``None``."""

        def read(conn: sqlite3.Connection, version: int) -> list:
            order = schema.order_column(schema.TABLES["reflections"], version)
            return conn.execute(
                f"SELECT text FROM reflections WHERE prompt_id = ? "
                f"ORDER BY {order} DESC, id DESC LIMIT 1",
                (prompt_id,),
            ).fetchall()

        rows = self._snapshot(read, [])
        return rows[0][0] if rows else None

    def reflection_history(self, prompt_id: str) -> list[dict]:
        """Every saved version for ``prompt_id``, oldest first: ``{"text", "saved_at"}``."""
        entries = self._snapshot(
            lambda c, v: _entries(c, v, "reflections", {"prompt_id": prompt_id}), []
        )
        return [{"text": e["text"], "saved_at": e["saved_at"]} for e in entries]

    def reflections(self) -> list[dict]:
        """Every version of every reflection, oldest first: ``{"prompt_id","text","saved_at"}``."""
        return self._snapshot(lambda c, v: _entries(c, v, "reflections"), [])

    # -- quiz attempts ---------------------------------------------------------------------

    def record_attempt(self, quiz_id: str, item_id: str, answer: Any, correct: bool) -> None:
        """Record one answer to a quiz item (``answer`` is any JSON-like value)."""
        check_id("quiz_id", quiz_id)
        check_id("item_id", item_id)
        answer_json = to_json("answer", answer)
        ok = as_bool("correct", correct)
        self._save("quiz_attempts", (quiz_id, item_id, answer_json, int(ok)))

    def attempts(self, quiz_id: str | None = None) -> list[dict]:
        """Quiz attempts, oldest first: ``{"quiz_id","item_id","answer","correct","answered_at"}``."""
        return self._snapshot(
            lambda c, v: _entries(c, v, "quiz_attempts", {"quiz_id": quiz_id}), []
        )

    # -- step completion -------------------------------------------------------------------

    def set_complete(self, step_id: str, complete: bool = True) -> None:
        """Mark a step complete (or not); each change is kept as an event, the latest wins."""
        check_id("step_id", step_id)
        flag = as_bool("complete", complete)
        self._save("step_events", (step_id, int(flag)))

    def completed_steps(self) -> set[str]:
        """Ids of the steps whose latest completion event says complete."""
        return report.completed_in({"step_events": self.step_events()})

    def step_events(self, step_id: str | None = None) -> list[dict]:
        """Completion events, oldest first: ``{"step_id","complete","at"}``."""
        return self._snapshot(lambda c, v: _entries(c, v, "step_events", {"step_id": step_id}), [])

    # -- other records (PDSA cycles, exercises) --------------------------------------------

    def save_record(self, kind: str, key: str, data: dict) -> None:
        """Save a new version of a record such as ``kind="pdsa"`` (earlier versions kept)."""
        check_id("kind", kind)
        check_id("key", key)
        if not isinstance(data, dict):
            raise TypeError(f"data must be a dict, not {type(data).__name__}")
        if not all(isinstance(k, str) for k in data):
            raise TypeError("data's keys must all be strings")
        data_json = to_json("data", data)
        self._save("records", (kind, key, data_json))

    def records(self, kind: str | None = None, key: str | None = None) -> list[dict]:
        """Saved records, every version, oldest first: ``{"kind","key","data","saved_at"}``."""
        return self._snapshot(
            lambda c, v: _entries(c, v, "records", {"kind": kind, "key": key}), []
        )

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
        rows = self._snapshot(lambda c, v: c.execute("PRAGMA integrity_check").fetchall(), [])
        return [row[0] for row in rows] or ["ok"]

    def to_dict(self) -> dict:
        """Everything in the journal, including history, as our JSON export's document.

        The tables are read in one read transaction, so an export taken while another
        process imports holds all of that import or none of it.
        """
        from workbook import __version__

        doc: dict[str, Any] = {
            "format": APPLICATION,
            "version": portable.EXPORT_VERSION,
            "exported_at": self._now(),
            "generator": f"workbook {__version__}",
        }
        lists = self._snapshot(
            lambda c, v: {kind: _entries(c, v, kind) for kind in portable.JOURNAL_LISTS},
            {kind: [] for kind in portable.JOURNAL_LISTS},
        )
        doc.update(lists)
        return doc

    def export(self, format: str = "json", *, titles: ContentTitles | None = None) -> str:
        """The whole journal as ``"json"``, ``"md"`` (Markdown) or ``"html"`` text.

        Markdown and HTML group work by week and label prompts and steps with their titles
        from the course content (``titles``; read from the course folder when not given).
        Learner text is escaped so that nothing in it becomes markup, a link or a script.
        A journal that cannot be written (read-only) can still be exported.
        """
        if format not in ("json", "md", "html"):
            raise ValueError(f"unknown export format {format!r}; use json, md or html")
        doc = self.to_dict()
        if format == "json":
            return portable.render_json(doc)
        return report.render(doc, format, titles if titles is not None else content_titles())

    def check_export_target(self, path: str | os.PathLike[str]) -> Path:
        """``path`` if an export may be written there; :class:`JournalError` if not.

        An export must never replace the journal itself (or its ``-wal``/``-shm`` files), nor
        anything that is not a regular file (a folder, a device, a pipe): the command line
        checks its ``-o`` file with this before writing.
        """
        target = Path(path)
        own = [self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")]
        for file in own:
            with suppress(OSError):
                if target.resolve() == file.resolve() or (
                    target.exists() and file.exists() and target.samefile(file)
                ):
                    raise JournalError(
                        f"{target}: this is your journal's own file; an export written there "
                        "would replace your journal. Give another file name, such as "
                        "my-journal.json."
                    )
        with suppress(OSError):
            mode = target.stat().st_mode
            if not stat.S_ISREG(mode):
                kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
                raise JournalError(
                    f"{target}: is {kind}; give the name of a file to write the export to."
                )
        return target

    # -- import ----------------------------------------------------------------------------

    def import_file(self, path: str | os.PathLike[str]) -> ImportResult:
        """Merge a JSON export or downloaded notes file into the journal, all or nothing.

        The whole file is validated first; on any problem :class:`JournalError` names the
        file and the field (``notes.json: reflections[2].text: expected a string``) and
        nothing is written. Entries already in the journal (same id, text and time) are not
        added again, so importing the same file twice changes nothing.
        """
        data = portable.read_import_file(path)
        return self.import_data(data, name=str(path))

    def import_data(self, document: dict, *, name: str = "<import>") -> ImportResult:
        """Like :meth:`import_file`, for an already parsed JSON document."""
        rows = portable.validate_document(document, name)
        result = ImportResult(file=name, format=rows["format"])
        total = sum(len(rows[kind]) for kind in portable.JOURNAL_LISTS)
        if total == 0:
            result.added = {kind: 0 for kind in portable.JOURNAL_LISTS}
            return result
        prepared, result.warnings = portable.prepare_rows(rows, self._now(), name)
        with self._write() as conn:
            added_bytes = 0
            for kind in portable.JOURNAL_LISTS:
                table = schema.TABLES[kind]
                cols = ", ".join(table.columns)
                marks = ", ".join("?" for _ in table.columns)
                same = " AND ".join(f"{c} = ?" for c in (*table.group, *table.content))
                sql = (
                    f"INSERT OR IGNORE INTO {table.name} ({cols}, ordered_at, claimed_at) "
                    f"SELECT {marks}, ?, ? WHERE NOT EXISTS (SELECT 1 FROM {table.name} "
                    f"WHERE claimed_at = ? AND {same})"
                )
                added = 0
                for entry in prepared[kind]:
                    values = entry.values
                    before = conn.total_changes
                    conn.execute(
                        sql,
                        (
                            *values,
                            values[-1],
                            entry.claimed if entry.clamped else None,
                            entry.claimed,
                            *values[:-1],
                        ),
                    )
                    if conn.total_changes > before:
                        added += 1
                        added_bytes += entry.size
                result.added[kind] = added
            self._add_export_bytes(conn, added_bytes)
        result.already_present = total - result.total_added
        return result
