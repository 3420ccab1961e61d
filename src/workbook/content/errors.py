"""The error raised for bad course content, naming the file, the line and the field."""

from __future__ import annotations

import os
from pathlib import Path

from workbook.errors import UserError

__all__ = ["ContentError", "FieldError", "display_path", "format_field", "first_error"]


def display_path(path: str | os.PathLike[str] | None) -> str:
    """A path as a person should read it: relative to the current folder when inside it."""
    if path is None:
        return "<unknown file>"
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
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


class ContentError(UserError):
    """A problem in a course content file.

    ``str(error)`` reads ``weeks/week01/quiz.yaml:12: items[3].options: <message>``.
    """

    def __init__(
        self,
        file: str | os.PathLike[str] | None,
        line: int | None,
        field: str | tuple | None,
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


class FieldError(ValueError):
    """Raise inside a pydantic validator to point the error at a nested field.

    Pydantic reports a model validator's error at the model itself; this carries the path
    of the field that is really at fault, e.g. ``("items", 3, "id")``.
    """

    def __init__(self, loc: tuple, message: str) -> None:
        super().__init__(message)
        self.loc = tuple(loc)
        self.message = message


def first_error(errors: list[ContentError]) -> ContentError:
    """The first of several problems, saying how many more there are."""
    first = errors[0]
    if len(errors) == 1:
        return first
    n = len(errors) - 1
    return ContentError(
        first.file,
        first.line,
        first.field,
        f"{first.message} (and {n} more problem{'s' if n > 1 else ''})",
    )
