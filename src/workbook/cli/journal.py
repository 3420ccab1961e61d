"""``workbook journal show|export|import`` and ``workbook progress``: the learner's journal.

Learner text (reflections, titles, record kinds) is made terminal-safe before it is printed.
Importing this module is light: the journal loads when a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from workbook.cli._output import emit as _emit
from workbook.cli._output import note
from workbook.errors import UserError
from workbook.io import write_atomically
from workbook.markup import terminal_safe as _terminal_safe

__all__ = [
    "register",
    "cmd_journal_show",
    "cmd_journal_export",
    "cmd_journal_import",
    "cmd_progress",
]

_EXPORT_SUFFIXES = {
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}


def register(subparsers: Any) -> None:
    """Add ``journal`` and ``progress`` to the ``workbook`` command line."""
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


# ---------------------------------------------------------------------------------------------
# Commands


def cmd_journal_show(args: argparse.Namespace) -> int:
    from workbook.journal import Journal, content_titles

    journal = Journal()
    if not journal.exists():
        _emit(
            f"No journal yet at {_terminal_safe(str(journal.path))}.\n"
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
    lines = [f"Journal: {_terminal_safe(str(journal.path))}", ""]
    lines.append(
        f"Reflections: {len(versions)} prompt{'s' if len(versions) != 1 else ''} "
        f"({len(reflections)} saved version{'s' if len(reflections) != 1 else ''})"
    )
    for prompt_id in sorted(versions):
        entries = versions[prompt_id]
        latest = entries[-1]
        title = titles.prompts.get(prompt_id, "")
        count = f", {len(entries)} versions" if len(entries) > 1 else ""
        saved = _terminal_safe(f"{latest['saved_at'][:10]} {latest['saved_at'][11:16]}")
        lines.append(
            f"  {_terminal_safe(prompt_id)}  {_terminal_safe(title)}  (saved {saved} UTC{count})"
        )
        text = _terminal_safe(latest["text"])
        if not args.all:
            first = text.strip().split("\n", 1)[0] if text.strip() else "(empty)"
            text = first if len(first) <= 100 else first[:99] + "…"
        lines.extend("      " + line for line in text.split("\n"))
    lines.append(f"Steps completed: {len(completed)}")
    for step_id in sorted(completed):
        title = titles.steps.get(step_id, "")
        lines.append(f"  {_terminal_safe(step_id)}  {_terminal_safe(title)}".rstrip())
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


def _refuse_journal_files(output: Path, journal_path: Path) -> None:
    """An export must never replace the journal itself (or its SQLite side files)."""
    try:
        out = output.expanduser().resolve()
        db = journal_path.expanduser().resolve()
    except (OSError, RuntimeError):
        return  # write_atomically reports a path that cannot be used
    same = out == db
    if not same and out.exists() and db.exists():
        try:
            same = out.samefile(db)
        except OSError:
            same = False
    side = out.parent == db.parent and out.name.startswith(db.name + "-")
    if same or side:
        raise UserError(
            f"-o {output}: that is your journal's own file; writing the export there would "
            "replace your saved work. Give another file name, e.g. my-journal.json"
        )


def cmd_journal_export(args: argparse.Namespace) -> int:
    from workbook.journal import Journal

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fmt = _EXPORT_SUFFIXES.get(suffix, "json")
    journal = Journal()
    if args.output:
        _refuse_journal_files(Path(args.output), Path(journal.path))
    text = journal.export(fmt)
    if args.output:
        path = write_atomically(args.output, text)
        note(f"Wrote your journal ({fmt}) to {path}")
    else:
        _emit(text)
    return 0


def cmd_journal_import(args: argparse.Namespace) -> int:
    from workbook.journal import Journal, read_import_file

    source = Path(args.file)
    if source.exists() and not source.is_file():  # /dev/zero would be read for ever
        raise UserError(
            f"{args.file} is not a regular file (a folder, device or pipe); give the .json "
            "file you exported or downloaded"
        )
    # Read and validate the file before the journal is opened, so a bad file touches nothing.
    document = read_import_file(args.file)
    result = Journal().import_data(document, name=args.file)
    _emit(_terminal_safe(str(result)) + "\n")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from workbook.content.week import load_all_weeks
    from workbook.journal import Journal
    from workbook.paths import course_root

    root = course_root(args.root, option="--root") if args.root else None
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
