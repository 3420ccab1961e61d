"""Checks on ``book/references.bib``: every entry a real, findable publication record.

We cannot prove from here that a work exists, but we can insist that each entry carries what
a reader needs to find it (authors or editors, year, title, venue, and a DOI or URL), and that
every citation in the course points at an entry.
"""

from __future__ import annotations

import re
from pathlib import Path

from workbook.content.errors import ContentError

__all__ = ["load_bibliography", "check_bibliography", "cited_keys"]

_VENUE_FIELDS = (
    "journal",
    "publisher",
    "booktitle",
    "institution",
    "organization",
    "howpublished",
    "school",
)
_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def _entry_lines(text: str) -> dict[str, int]:
    lines = {}
    for m in re.finditer(r"@\s*\w+\s*\{\s*([^,\s]+)\s*,", text):
        lines[m.group(1)] = text.count("\n", 0, m.start()) + 1
    return lines


def load_bibliography(path: Path):
    """Parse a BibTeX file with pybtex; raise :class:`ContentError` with the line on failure."""
    from pybtex.database import BibliographyDataError, parse_string
    from pybtex.exceptions import PybtexError
    from pybtex.scanner import PybtexSyntaxError

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ContentError(path, None, None, "file not found") from None
    except OSError as exc:
        raise ContentError(path, None, None, f"cannot read the file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            path, line, None, f"not UTF-8 text ({exc.reason}); save the file as UTF-8"
        ) from None
    try:
        return parse_string(text, "bibtex"), text
    except PybtexSyntaxError as exc:
        raise ContentError(
            path, getattr(exc, "lineno", None), None, f"invalid BibTeX: {exc.error_type}"
        ) from None
    except BibliographyDataError as exc:
        key = re.search(r"entry:?\s*(\S+)", str(exc))
        line = _entry_lines(text).get(key.group(1)) if key else None
        raise ContentError(path, line, None, f"{exc}; keep one entry per key") from None
    except PybtexError as exc:
        raise ContentError(path, None, None, f"invalid BibTeX: {exc}") from None
    except RecursionError:
        raise ContentError(path, None, None, "invalid BibTeX: braces nested too deeply") from None


def check_bibliography(path: Path) -> tuple[set[str], list[ContentError]]:
    """Return the set of keys and a list of problems, each naming the entry's line and field."""
    try:
        data, text = load_bibliography(path)
    except ContentError as exc:
        return set(), [exc]
    lines = _entry_lines(text)
    errors = []
    for key, entry in data.entries.items():
        line = lines.get(key)
        fields = {k.lower(): v for k, v in entry.fields.items()}
        if not (entry.persons.get("author") or entry.persons.get("editor") or "author" in fields):
            errors.append(ContentError(path, line, key, "no author or editor; add who wrote it"))
        for need in ("title", "year"):
            if not fields.get(need, "").strip():
                errors.append(ContentError(path, line, f"{key}.{need}", f"missing {need}"))
        if not any(fields.get(v, "").strip() for v in _VENUE_FIELDS):
            errors.append(
                ContentError(
                    path,
                    line,
                    key,
                    "no venue (journal, publisher, institution, ...); add where it was published",
                )
            )
        if not (fields.get("doi", "").strip() or fields.get("url", "").strip()):
            errors.append(
                ContentError(path, line, key, "no doi or url; add one so readers can find the work")
            )
        if "note" in fields and re.search(r"VERIFIED|UNVERIFIED", fields["note"]):
            errors.append(
                ContentError(path, line, f"{key}.note", "drop the reading list's verification note")
            )
    return set(data.entries), errors


def cited_keys(text: str) -> list[str]:
    """Citation keys used by MyST ``{cite}`` roles in ``text``."""
    keys = []
    for group in _CITE.findall(text):
        keys += [k.strip() for k in group.split(",") if k.strip()]
    return keys
