"""Errors a learner or educator can act on.

The command line prints a :class:`UserError` as one line (``error: ...``) and exits with a
non-zero status; it never shows a traceback for one. A :class:`LocatedError` is a user error
in a file: ``str()`` reads ``file:line: field: message`` and the command line prints exactly
that, once. Every loader in the package raises a ``LocatedError`` (or a subclass) for bad
input, so the location is formatted in one place only.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["UserError", "LocatedError", "display_path", "format_field"]


class UserError(Exception):
    """A problem with the user's input, files or environment, explained in the message."""


def display_path(path: str | os.PathLike[str] | None) -> str:
    """A path as a person should read it: relative to the current folder when inside it."""
    if path is None:
        return "<unknown file>"
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


def format_field(loc: tuple | list | str | None) -> str:
    """``("items", 3, "options")`` -> ``items[3].options``."""
    if loc is None or loc == ():
        return ""
    if isinstance(loc, str):
        return loc
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class LocatedError(UserError):
    """A problem at a place in a file: ``file:line: field: message``.

    ``file`` may be ``None`` (an in-memory document), ``line`` and ``field`` may be empty.
    """

    def __init__(
        self,
        file: str | os.PathLike[str] | None,
        line: int | None,
        field: str | tuple | list | None,
        message: str,
    ) -> None:
        self.file = Path(file) if file is not None else None
        self.line = line
        self.field = format_field(field)
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = display_path(self.file)
        if self.line:
            where += f":{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    def __reduce__(self):  # keep it picklable (multiprocessing, pytest-xdist)
        return (type(self), (self.file, self.line, self.field, self.message))
