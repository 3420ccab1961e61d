"""Values the journal stores: its error, timestamps, ids, texts and JSON-like data.

Shared by the store (checks on the learner API), the portable formats (checks on import
files) and the reports; it imports nothing else from the journal, so nothing cycles.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime, timedelta, timezone

from workbook.errors import UserError

__all__ = [
    "APPLICATION",
    "MAX_TEXT_CHARS",
    "MAX_ID",
    "MAX_DEPTH",
    "JournalError",
    "utc_now",
    "format_time",
    "normalise_timestamp",
    "human_time",
    "check_id",
    "id_problem",
    "unencodable",
    "check_text",
    "dumps",
    "to_json",
    "as_bool",
    "safe_label",
]

#: Name stored in the journal's ``meta`` table (and export files) to recognise our files.
APPLICATION = "workbook-journal"
#: Longest single text (a reflection) the journal keeps, in characters.
MAX_TEXT_CHARS = 1_000_000
MAX_ID = 200
MAX_DEPTH = 20


class JournalError(UserError):
    """The journal file cannot be used, or an import file is not acceptable.

    The message names the file and says what to do; the file itself is left untouched.
    """


# ---------------------------------------------------------------------------------------------
# Timestamps

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))"
)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def format_time(moment: datetime) -> str:
    """An aware ``datetime`` as UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (sorts as text)."""
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
    return format_time(moment)


def human_time(stamp: str) -> str:
    """``2026-11-26T10:00:00.000000Z`` -> ``2026-11-26 10:00 UTC``."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp


# ---------------------------------------------------------------------------------------------
# Ids, texts and JSON-like values from the learner API


def check_id(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string such as 'w01-r01', not {type(value).__name__}")
    problem = id_problem(value)
    if problem:
        raise ValueError(f"{name} {problem}")
    return value


def id_problem(value: str) -> str | None:
    if not value.strip():
        return "must not be empty"
    if len(value) > MAX_ID:
        return f"is longer than {MAX_ID} characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return "must not contain control characters"
    if unencodable(value):
        return "contains characters that are not valid Unicode text"
    return None


def unencodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    if len(value) > MAX_TEXT_CHARS:
        raise ValueError(f"{name} is longer than {MAX_TEXT_CHARS:,} characters")
    if unencodable(value):
        raise ValueError(f"{name} contains characters that are not valid Unicode text")
    return value


def dumps(value: object) -> str:
    """Compact JSON, as the journal stores answers and records."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def to_json(name: str, value: object) -> str:
    try:
        text = dumps(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be made of strings, numbers, true/false, None, lists and dicts ({exc})"
        ) from None
    except RecursionError:
        raise ValueError(f"{name} is nested too deeply") from None
    if unencodable(text):
        raise ValueError(f"{name} contains characters that are not valid Unicode text")
    return text


def as_bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    # numpy.bool_ is not a bool subclass but is what a grader built on numpy may return.
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool_", "bool"):
        return bool(value)
    raise TypeError(f"{name} must be True or False, not {value!r}")


# ---------------------------------------------------------------------------------------------
# Untrusted text in messages


def safe_label(text: str, limit: int = 60, *, quote: bool = False) -> str:
    """A name from an untrusted file, fit to print in a one-line message on a terminal.

    Plain names are shown as they are; anything with control, format (bidi overrides,
    zero-width) or separator characters, or quotes, is shown in ``repr`` form with those
    characters escaped, so it can neither rewrite the terminal line nor hide. Long names are
    cut short.
    """
    shown = text if len(text) <= limit else text[:limit]
    plain = shown.strip() == shown and shown and all(_plain_char(c) for c in shown)
    out = (f"'{shown}'" if quote else shown) if plain and "'" not in shown else _escaped(shown)
    return out + ("…" if len(text) > limit else "")


def _plain_char(c: str) -> bool:
    return c.isprintable() and unicodedata.category(c)[0] not in "CZ" or c == " "


def _escaped(text: str) -> str:
    body = "".join(
        c if c != "'" and c != "\\" and _plain_char(c) else _escape_char(c) for c in text
    )
    return f"'{body}'"


def _escape_char(c: str) -> str:
    if c in "'\\":
        return "\\" + c
    code = ord(c)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
