"""``workbook transcript convert``: a WebVTT, SRT or "Skip to ..." transcript to WebVTT."""

from __future__ import annotations

import argparse
from typing import Any

from workbook.cli._output import emit, note
from workbook.errors import UserError
from workbook.io import write_atomically

__all__ = ["register", "cmd_transcript_convert"]


def register(subparsers: Any) -> None:
    """Add ``transcript convert`` to the ``workbook`` command line."""
    transcript = subparsers.add_parser(
        "transcript", help="convert lecture transcripts (WebVTT, SRT, 'Skip to ...' text)"
    )
    tsub = transcript.add_subparsers(dest="transcript_command", metavar="ACTION", required=True)
    p = tsub.add_parser(
        "convert",
        help="convert an SRT file or 'Skip to N minutes and M seconds' text to WebVTT",
    )
    p.add_argument("file", metavar="FILE", help="the transcript to read (format recognised)")
    p.add_argument("-o", "--output", metavar="OUT.vtt", help="file to write (default: print it)")
    p.add_argument("--title", help="the transcript's title (default: from the file, if any)")
    p.set_defaults(func=cmd_transcript_convert)


def cmd_transcript_convert(args: argparse.Namespace) -> int:
    from workbook.content.transcripts import parse

    try:
        transcript = parse(args.file, title=args.title)
    except FileNotFoundError:
        raise UserError(f"{args.file}: no such file") from None
    text = transcript.to_webvtt()
    if args.output:
        path = write_atomically(args.output, text)
        note(f"Wrote {len(transcript)} cues to {path}")
    else:
        emit(text)
    return 0
