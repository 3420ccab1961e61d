"""The command line's one output and error policy.

- Results go to standard output through :func:`emit`; characters the terminal's encoding lacks
  are shown as escapes instead of failing.
- Untrusted text (learner text, names read from files) passes through
  :func:`~workbook.markup.terminal_safe` before it reaches a terminal.
- Every :class:`~workbook.errors.UserError` (a :class:`~workbook.errors.LocatedError` reads
  ``file:line: field: message``) is printed once, as one line ``error: ...``, with exit status 2
  and no traceback (:func:`run`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from workbook.errors import UserError
from workbook.markup import terminal_safe

__all__ = ["emit", "note", "error_line", "run", "USER_ERROR", "PROBLEMS_FOUND"]

#: Exit status for a user error (bad arguments, input or environment).
USER_ERROR = 2
#: Exit status when a check finds problems in the content.
PROBLEMS_FOUND = 1


def _write(stream: Any, text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))
    stream.flush()


def emit(text: str) -> None:
    """Write ``text`` to standard output as it is (the caller makes untrusted parts safe)."""
    _write(sys.stdout, text)


def note(message: str) -> None:
    """One line of information for the person at the terminal (standard error)."""
    _write(sys.stderr, terminal_safe(message, keep_newlines=False) + "\n")


def error_line(exc: BaseException) -> str:
    """The one line printed for an error: ``error: <what, where, what to do>``."""
    if isinstance(exc, OSError) and not isinstance(exc, UserError):
        where = f" {exc.filename}:" if exc.filename else ""
        text = f"{where} {exc.strerror or exc}"
        return "error:" + terminal_safe(text, keep_newlines=False)
    return "error: " + terminal_safe(str(exc), keep_newlines=False)


def run(func: Callable[[Any], int | None], args: Any) -> int:
    """Run a command function under the error policy; return the exit status."""
    try:
        return int(func(args) or 0)
    except BrokenPipeError:  # the reader (e.g. `| head`) went away: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (UserError, OSError) as exc:
        _write(sys.stderr, error_line(exc) + "\n")
        return USER_ERROR
    except KeyboardInterrupt:
        _write(sys.stderr, "interrupted\n")
        return 130
