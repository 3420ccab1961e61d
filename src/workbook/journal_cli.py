"""The journal, progress and transcript commands as one module, as before the command line
became the :mod:`workbook.cli` package.

Kept so that ``python -m workbook.journal_cli`` and ``from workbook import journal_cli`` still
work; the commands now live in :mod:`workbook.cli.journal` and :mod:`workbook.cli.transcript`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from workbook.cli import journal as _journal
from workbook.cli import transcript as _transcript
from workbook.cli._output import run
from workbook.cli.journal import (
    cmd_journal_export,
    cmd_journal_import,
    cmd_journal_show,
    cmd_progress,
)
from workbook.cli.transcript import cmd_transcript_convert

__all__ = [
    "register",
    "main",
    "cmd_journal_show",
    "cmd_journal_export",
    "cmd_journal_import",
    "cmd_progress",
    "cmd_transcript_convert",
]


def register(subparsers: Any) -> None:
    """Add ``journal``, ``progress`` and ``transcript`` to a command line."""
    _journal.register(subparsers)
    _transcript.register(subparsers)


def main(argv: list[str] | None = None) -> int:
    """Run these commands without the rest of the ``workbook`` command line."""
    parser = argparse.ArgumentParser(prog="workbook")
    register(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(argv)
    return run(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
