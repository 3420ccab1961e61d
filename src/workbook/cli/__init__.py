"""The ``workbook`` command: build the book, open the course, check content, and the
learner's, analyst's and educator's tools.

One package, one policy (:mod:`workbook.cli._output`): every user error is printed once as one
line (``error: ...``; a located one reads ``error: file:line: field: message``) with exit
status 2 and no traceback; content problems found by ``workbook check`` are listed one per
line as ``file:line: field: message`` with exit status 1. Every file a command writes goes
through :func:`workbook.io.write_atomically`.

Submodules add their subcommands through ``register(subparsers)``:

- :mod:`workbook.cli.course`: ``build``, ``lab``, ``check``, ``generate``
- :mod:`workbook.cli.journal`: ``journal show|export|import``, ``progress``
- :mod:`workbook.cli.transcript`: ``transcript convert``
- :mod:`workbook.cli.spc`: ``spc``

Building the parser imports no heavy library; each command loads what it needs when it runs.
"""

from __future__ import annotations

import argparse
import importlib

from workbook import __version__
from workbook.cli._output import run
from workbook.cli.course import SPHINX_WARNING

__all__ = ["main", "build_parser", "COMMAND_MODULES", "SPHINX_WARNING"]

#: Modules that add their own subcommands through ``register(subparsers)``, in help order.
COMMAND_MODULES = (
    "workbook.cli.course",
    "workbook.cli.journal",
    "workbook.cli.transcript",
    "workbook.cli.spc",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbook",
        description="Leadership for Healthcare Improvement: the interactive workbook.",
    )
    parser.add_argument("--version", action="version", version=f"workbook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "command", None) == "lab":
        args.lab_args = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return run(args.func, args)
