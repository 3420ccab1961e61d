"""Portable formats: the JSON export, import files, and the book's downloaded notes.

Two formats come in: our own export (``"format": "workbook-journal"``: everything, with
history) and the notes the published book's pages let a learner download
(``"format": "workbook-notes"``: reflections, completed steps and quiz answers saved in the
browser). :func:`read_import_file` reads a file (size, encoding, JSON syntax) and
:func:`validate_document` checks a whole document before anything is written, naming the
field of the first problem.

Size: an import file may be up to :data:`MAX_IMPORT_BYTES`. The journal counts what its own
JSON export takes (:func:`entry_bytes`) and refuses a save that would take it past that
limit, so every export the journal writes can be imported again.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.journal.values import (
    APPLICATION,
    MAX_DEPTH,
    MAX_TEXT_CHARS,
    JournalError,
    human_time,
    id_problem,
    normalise_timestamp,
    safe_label,
    unencodable,
)
from workbook.journal.values import dumps as _dumps

__all__ = [
    "EXPORT_VERSION",
    "NOTES_FORMAT",
    "MAX_IMPORT_BYTES",
    "EXPORT_HEADER_BYTES",
    "JOURNAL_LISTS",
    "render_json",
    "entry_bytes",
    "entry_from_row",
    "too_big_message",
    "ImportResult",
    "Prepared",
    "prepare_rows",
    "read_import_file",
    "validate_document",
]

#: Export/import format version.
EXPORT_VERSION = 1
NOTES_FORMAT = "workbook-notes"
#: Largest file :meth:`Journal.import_file` reads (128 MiB). No JSON export the journal
#: writes is larger: a save that would make it so is refused (see :func:`entry_bytes`).
MAX_IMPORT_BYTES = 128 * 1024 * 1024
#: Room kept in :data:`MAX_IMPORT_BYTES` for the export's header and list brackets.
EXPORT_HEADER_BYTES = 4096
#: Entry lists of each format, in export order.
JOURNAL_LISTS = ("reflections", "step_events", "quiz_attempts", "records")


def _megabytes(n: int) -> str:
    """``n`` bytes for people: ``128 MB``, ``2.9 MB``, or ``7,000 bytes`` below a megabyte."""
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


# ---------------------------------------------------------------------------------------------
# Export


def render_json(document: dict) -> str:
    """The JSON export of a journal document (see :meth:`Journal.to_dict`)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def entry_bytes(entry: dict) -> int:
    """Bytes ``entry`` takes in :func:`render_json`'s output, with its indent and comma.

    An entry sits two levels deep (document, list), so each of its lines gains four spaces;
    ``",\\n"`` separates it from the next.
    """
    text = json.dumps(entry, ensure_ascii=False, indent=2)
    return len(text.encode("utf-8")) + 4 * (text.count("\n") + 1) + 2


def entry_from_row(table: str, row: tuple) -> dict:
    """A stored row (columns as in ``schema.TABLES``, time last) as an export entry."""
    if table == "reflections":
        p, t, s = row
        return {"prompt_id": p, "text": t, "saved_at": s}
    if table == "step_events":
        s, c, a = row
        return {"step_id": s, "complete": bool(c), "at": a}
    if table == "quiz_attempts":
        q, i, a, c, t = row
        return {
            "quiz_id": q,
            "item_id": i,
            "answer": json.loads(a),
            "correct": bool(c),
            "answered_at": t,
        }
    k, y, d, s = row
    return {"kind": k, "key": y, "data": json.loads(d), "saved_at": s}


def too_big_message(path: object, total: int) -> str:
    return (
        f"{path}: cannot save: the journal's export would be {_megabytes(total)}, over the "
        f"{_megabytes(MAX_IMPORT_BYTES)} that `workbook journal import` reads, so it could not "
        "be imported again. Your journal is unchanged; export it (workbook journal export -o "
        "my-journal.json) and keep long texts in files of their own."
    )


# ---------------------------------------------------------------------------------------------
# Import results


@dataclass
class ImportResult:
    """What :meth:`Journal.import_file` added, what it already had, and any warnings."""

    file: str
    format: str
    added: dict[str, int] = field(default_factory=dict)
    already_present: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def __str__(self) -> str:
        parts = [f"{n} {kind.replace('_', ' ')}" for kind, n in self.added.items() if n]
        added = ", ".join(parts) if parts else "nothing new"
        lines = [
            f"Imported {self.file}: added {added}; "
            f"{self.already_present} entr{'y was' if self.already_present == 1 else 'ies were'} "
            "already in the journal."
        ]
        lines += [f"Warning: {w}" for w in self.warnings]
        return "\n".join(lines)


@dataclass
class Prepared:
    """An entry ready to insert: its columns (time clamped), the time it claimed, its size."""

    values: tuple
    claimed: str
    clamped: bool
    size: int


def prepare_rows(
    rows: dict[str, Any], now: str, name: str
) -> tuple[dict[str, list[Prepared]], list[str]]:
    """Clamp times after ``now`` (a device with a wrong clock) to ``now``, with a warning.

    An entry from the future would otherwise sort after every later save for ever. Its
    claimed time is kept (``claimed_at``) so that importing the same file again adds nothing.
    """
    out: dict[str, list[Prepared]] = {}
    future: list[str] = []
    for kind in JOURNAL_LISTS:
        out[kind] = []
        for values in rows[kind]:
            claimed = values[-1]
            clamped = claimed > now
            if clamped:
                future.append(claimed)
                values = (*values[:-1], now)
            size = entry_bytes(entry_from_row(kind, values))
            out[kind].append(Prepared(values, claimed, clamped, size))
    warnings = []
    if future:
        n = len(future)
        warnings.append(
            f"{n} entr{'y' if n == 1 else 'ies'} in {name} carried a time in the future "
            f"(up to {human_time(max(future))}); the device that saved "
            f"{'it' if n == 1 else 'them'} may have had a wrong clock. "
            f"{'It was' if n == 1 else 'They were'} saved as of now ({human_time(now)}), so "
            "your later saves still come after them."
        )
    return out, warnings


# ---------------------------------------------------------------------------------------------
# Reading an import file


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
            raise ValueError(f"the key {safe_label(key, quote=True)} appears twice in one object")
        out[key] = value
    return out


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in JSON")


def read_import_file(path: str | os.PathLike[str]) -> dict:
    """Read and parse an import file (size, encoding, JSON syntax); return the document."""
    name = str(path)
    p = Path(path)
    limit = MAX_IMPORT_BYTES
    try:
        if p.is_dir():
            raise JournalError(f"{name}: is a folder; give the exported .json file")
        with open(p, "rb") as fh:
            raw = fh.read(limit + 1)
            size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        raise JournalError(f"{name}: no such file") from None
    except OSError as exc:
        raise JournalError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    if len(raw) > limit:
        shown = f"{_megabytes(size)}, " if _megabytes(size) != _megabytes(limit) else ""
        raise JournalError(
            f"{name}: the file is {shown}larger than the {_megabytes(limit)} that "
            "`workbook journal import` reads. No export the journal writes is that large, so "
            "this is probably not a workbook export: check that you chose the right file"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JournalError(f"{name}: not UTF-8 text (bad byte at offset {exc.start})") from None
    del raw
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


# ---------------------------------------------------------------------------------------------
# Validating a document

_JOURNAL_KEYS = {"format", "version", "exported_at", "generator", *JOURNAL_LISTS}
_NOTES_KEYS = {
    "format",
    "version",
    "exported_at",
    "source",
    "reflections",
    "completed_steps",
    "quiz_attempts",
}


def _field(where: str, key: object) -> str:
    label = safe_label(key) if isinstance(key, str) else repr(key)
    return f"{where}.{label}" if where else label


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
                raise self.fail(_field(where, key), f"unexpected field (expected {allowed})")
        for key in sorted(required):
            if key not in value:
                raise self.fail(_field(where, key), "missing")
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
        if unencodable(value):
            raise self.fail(where, "contains characters that are not valid Unicode text")
        return value

    def ident(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(
                where, f"expected a string id such as 'w01-r01', found {_kind_of(value)}"
            )
        problem = id_problem(value)
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
        if depth > MAX_DEPTH:
            raise self.fail(where, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, str):
            self.string(value, where)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self._walk(item, f"{where}[{i}]", depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                self._walk(item, _field(where, key), depth + 1)
        elif isinstance(value, float) and not math.isfinite(value):
            raise self.fail(where, "numbers must be finite")


def _check_header(v: _Validator, document: object) -> str:
    if not isinstance(document, dict):
        raise v.fail("", f"expected a JSON object at the top level, found {_kind_of(document)}")
    fmt = document.get("format")
    if "format" not in document:
        raise v.fail("format", f"missing; expected '{APPLICATION}' or '{NOTES_FORMAT}'")
    if fmt not in (APPLICATION, NOTES_FORMAT):
        shown = safe_label(fmt, quote=True) if isinstance(fmt, str) else _kind_of(fmt)
        raise v.fail(
            "format",
            f"unknown format {shown}; expected '{APPLICATION}' (from `workbook journal export`) "
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
    return fmt


def validate_document(document: object, name: str) -> dict:
    """Check an import document completely; return rows ready to insert.

    Rows are tuples in the column order of :data:`workbook.journal.schema.TABLES`, their
    time last, keyed by table, plus ``"format"``.
    """
    v = _Validator(name)
    fmt = _check_header(v, document)
    assert isinstance(document, dict)
    rows: dict[str, Any] = {"format": fmt, **{kind: [] for kind in JOURNAL_LISTS}}
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
