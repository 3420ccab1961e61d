"""The learner's journal: reflections, quiz attempts, step completion and other saved work.

One SQLite file (standard library ``sqlite3``) in write-ahead-log mode at
``$WORKBOOK_HOME/journal.sqlite3`` (see :func:`workbook.paths.workbook_home`). Nothing is ever
deleted or overwritten; every write is one transaction; several processes may write at once.

The package, by concern:

- :mod:`~workbook.journal.store`: :class:`Journal`, the learner API (save, read, export,
  import) and how "the latest" version is decided;
- :mod:`~workbook.journal.opening`: opening the file, recovery after a killed writer,
  locking and retries, read-only journals, private file modes;
- :mod:`~workbook.journal.schema`: the tables and their ordered migrations;
- :mod:`~workbook.journal.portable`: the JSON export, import files and the book's
  downloaded notes (``"format": "workbook-notes"``), validated before anything is written;
- :mod:`~workbook.journal.report`: Markdown and HTML exports for people;
- :mod:`~workbook.journal.values`: timestamps, ids and the checks they share.
"""

from __future__ import annotations

from workbook.journal.opening import default_path
from workbook.journal.portable import (
    EXPORT_VERSION,
    MAX_IMPORT_BYTES,
    NOTES_FORMAT,
    ImportResult,
    read_import_file,
)
from workbook.journal.report import ContentTitles, content_titles
from workbook.journal.schema import APPLICATION_ID, SCHEMA_VERSION
from workbook.journal.store import Journal
from workbook.journal.values import (
    APPLICATION,
    MAX_TEXT_CHARS,
    JournalError,
    normalise_timestamp,
)

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

# Also importable from here, as from the single module this package replaced.
_ALSO = (APPLICATION_ID, EXPORT_VERSION, NOTES_FORMAT, MAX_TEXT_CHARS, normalise_timestamp)
