"""Command-line tools for the learner's journal, progress and transcripts.

``workbook journal show|export|import``, ``workbook progress`` and
``workbook transcript convert``. The ``workbook`` command adds them through :func:`register`;
``python -m workbook.journal_cli`` runs them on their own. Importing this module is light.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workbook.errors import UserError
from workbook.io import write_atomically

__all__ = ["register", "main", "write_atomically"]

_EXPORT_SUFFIXES = {
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}


def register(subparsers: Any) -> None:
    """Add ``journal``, ``progress`` and ``transcript`` to the ``workbook`` command line."""
    journal = subparsers.add_parser(
        "journal",
        help="show, export or import your saved reflections, answers and progress",
        description=(
            "Your journal keeps every reflection you save (with earlier versions), your quiz "
            "answers and the steps you mark complete, in $WORKBOOK_HOME/journal.sqlite3. "
            "Export it to carry your work to another computer or Binder session, then import it."
        ),
    )
    jsub = journal.add_subparsers(dest="journal_command", metavar="ACTION", required=True)

    p = jsub.add_parser("show", help="summarise what your journal holds")
    p.add_argument("--all", action="store_true", help="print whole reflections, not first lines")
    p.set_defaults(func=cmd_journal_show)

    p = jsub.add_parser(
        "export",
        help="write the journal as JSON (to import elsewhere), Markdown or HTML (to read)",
    )
    p.add_argument(
        "--format",
        choices=("json", "md", "html"),
        help="default: from the -o file's suffix, else json",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="file to write (default: print it)")
    p.set_defaults(func=cmd_journal_export)

    p = jsub.add_parser(
        "import",
        help="merge a journal export or the book's downloaded notes (.json) into your journal",
    )
    p.add_argument("file", metavar="FILE", help="a .json file from `journal export` or the book")
    p.set_defaults(func=cmd_journal_import)

    p = subparsers.add_parser(
        "progress", help="steps completed and minutes remaining, week by week"
    )
    p.add_argument("--root", help="the course folder (default: found from here)")
    p.set_defaults(func=cmd_progress)

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


# ---------------------------------------------------------------------------------------------
# Output helpers


def _emit(text: str) -> None:
    """Print text; characters the terminal's encoding lacks are shown as escapes."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))
    sys.stdout.flush()


def _terminal_safe(text: str) -> str:
    """Learner text for a terminal: control characters (e.g. escape codes) made visible."""
    return "".join(
        c if c in "\n\t" or not (ord(c) < 32 or 127 <= ord(c) < 160) else f"\\x{ord(c):02x}"
        for c in text
    )


# ---------------------------------------------------------------------------------------------
# Commands


def cmd_journal_show(args: argparse.Namespace) -> int:
    from workbook.journal import Journal, content_titles

    journal = Journal()
    if not journal.exists():
        _emit(
            f"No journal yet at {journal.path}.\n"
            "It starts when you save a reflection, answer a quiz or mark a step complete in a "
            "notebook, or when you import an export with `workbook journal import FILE`.\n"
        )
        return 0
    titles = content_titles()
    reflections = journal.reflections()
    versions: dict[str, list[dict]] = {}
    for entry in reflections:
        versions.setdefault(entry["prompt_id"], []).append(entry)
    completed = journal.completed_steps()
    attempts = journal.attempts()
    records = journal.records()
    lines = [f"Journal: {journal.path}", ""]
    lines.append(
        f"Reflections: {len(versions)} prompt{'s' if len(versions) != 1 else ''} "
        f"({len(reflections)} saved version{'s' if len(reflections) != 1 else ''})"
    )
    for prompt_id in sorted(versions):
        entries = versions[prompt_id]
        latest = entries[-1]
        title = titles.prompts.get(prompt_id, "")
        count = f", {len(entries)} versions" if len(entries) > 1 else ""
        lines.append(
            f"  {prompt_id}  {_terminal_safe(title)}  (saved {latest['saved_at'][:10]} {latest['saved_at'][11:16]} UTC{count})"
        )
        text = _terminal_safe(latest["text"])
        if not args.all:
            first = text.strip().split("\n", 1)[0] if text.strip() else "(empty)"
            text = first if len(first) <= 100 else first[:99] + "…"
        lines.extend("      " + line for line in text.split("\n"))
    lines.append(f"Steps completed: {len(completed)}")
    for step_id in sorted(completed):
        title = titles.steps.get(step_id, "")
        lines.append(f"  {step_id}  {_terminal_safe(title)}".rstrip())
    correct = sum(1 for a in attempts if a["correct"])
    lines.append(f"Quiz answers: {len(attempts)} ({correct} correct)")
    if records:
        kinds: dict[str, set[str]] = {}
        for rec in records:
            kinds.setdefault(rec["kind"], set()).add(rec["key"])
        summary = ", ".join(f"{_terminal_safe(k)}: {len(v)}" for k, v in sorted(kinds.items()))
        lines.append(f"Saved records: {summary}")
    _emit("\n".join(lines) + "\n")
    return 0


def cmd_journal_export(args: argparse.Namespace) -> int:
    from workbook.journal import Journal

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fmt = _EXPORT_SUFFIXES.get(suffix, "json")
    text = Journal().export(fmt)
    if args.output:
        path = write_atomically(args.output, text)
        print(f"Wrote your journal ({fmt}) to {path}", file=sys.stderr)
    else:
        _emit(text)
    return 0


def cmd_journal_import(args: argparse.Namespace) -> int:
    from workbook.journal import Journal, read_import_file

    # Read and validate the file before the journal is opened, so a bad file touches nothing.
    document = read_import_file(args.file)
    result = Journal().import_data(document, name=args.file)
    _emit(str(result) + "\n")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from workbook.content.week import load_all_weeks
    from workbook.journal import Journal
    from workbook.paths import project_root

    root = project_root(args.root) if args.root else None
    weeks = load_all_weeks(root, require_files=False)
    if not weeks:
        raise UserError("the course has no weeks/weekNN/week.yaml files yet")
    done = Journal().completed_steps()
    total_steps = total_done = minutes_left = 0
    lines = []
    width = 52
    for week in weeks:
        steps = week.steps
        finished = [s for s in steps if s.id in done]
        left = sum(s.minutes for s in steps if s.id not in done)
        total_steps += len(steps)
        total_done += len(finished)
        minutes_left += left
        title = week.title if len(week.title) <= width else week.title[: width - 1] + "…"
        status = "done" if left == 0 else f"{left:>3} min left"
        lines.append(
            f"Week {week.week}  {title:<{width}}  {len(finished):>2}/{len(steps):<2} steps  "
            f"{status}"
        )
    hours, mins = divmod(minutes_left, 60)
    lines.append("")
    lines.append(
        f"All weeks: {total_done} of {total_steps} steps completed; "
        f"{minutes_left} minutes left (about {hours} h {mins:02d} min)."
    )
    _emit("\n".join(lines) + "\n")
    return 0


def cmd_transcript_convert(args: argparse.Namespace) -> int:
    from workbook.transcripts import parse

    try:
        transcript = parse(args.file, title=args.title)
    except FileNotFoundError:
        raise UserError(f"{args.file}: no such file") from None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    text = transcript.to_webvtt()
    if args.output:
        path = write_atomically(args.output, text)
        print(f"Wrote {len(transcript)} cues to {path}", file=sys.stderr)
    else:
        _emit(text)
    return 0


# ---------------------------------------------------------------------------------------------
# Standalone use


def main(argv: list[str] | None = None) -> int:
    """Run these commands without the rest of the ``workbook`` command line."""
    parser = argparse.ArgumentParser(prog="workbook")
    register(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(f"error:{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
