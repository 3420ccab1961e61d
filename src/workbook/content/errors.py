"""The error raised for bad course content, naming the file, the line and the field."""

from __future__ import annotations

from workbook.errors import LocatedError, display_path, format_field

__all__ = ["ContentError", "FieldError", "display_path", "format_field", "first_error"]


class ContentError(LocatedError):
    """A problem in a course content file.

    ``str(error)`` reads ``weeks/week01/quiz.yaml:12: items[3].options: <message>``.
    """


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
