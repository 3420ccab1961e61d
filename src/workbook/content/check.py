"""``workbook check``: the one place every content rule runs.

Every rule a test enforces on the course is run here, so an educator who adapts a week is
told about a problem by ``workbook check`` (and by ``workbook build``, which runs it first),
not only by the test suite:

- each ``weeks/weekNN/week.yaml`` (schema, ids, step files), one folder per week from 1 to
  :data:`~workbook.paths.N_WEEKS`, and each week about three hours long;
- each week's ``quiz.yaml``, ``reflections.yaml`` and transcripts, against its week
  (:func:`~workbook.content.reflections.week_extras`: objectives, sources, id prefixes, steps,
  timed cues), and its ``glossary.yaml``;
- the tour's quiz, reflections and transcript in ``book/``;
- every notebook: JSON shape, no outputs or execution state, the ``python3`` kernel;
- ``book/references.bib`` and every citation in the pages and notebooks;
- the generated pages (overviews, glossary, ``_toc.yml``) up to date.

Each problem is a :class:`~workbook.content.errors.ContentError` (``file:line: field:
message``); nothing here raises for bad content.
"""

from __future__ import annotations

import re
from pathlib import Path

from workbook.content.bibliography import check_bibliography, cited_keys
from workbook.content.errors import ContentError
from workbook.content.notebooks import markdown_text, notebook_errors, read_notebook
from workbook.content.reflections import reflection_errors, transcript_error, week_extras
from workbook.content.week import Week, load_week
from workbook.paths import N_WEEKS

__all__ = ["check_course", "CourseSummary", "WEEK_MINUTES"]

#: A week is "about three hours" of study: its steps' minutes add up to this range.
WEEK_MINUTES = (165, 195)

_NOTEBOOKS = ("book/*.ipynb", "weeks/week*/*.ipynb", "case_studies/**/*.ipynb")
_PAGES = ("book/*.md", "case_studies/**/*.md")
_WEEK_FOLDER = re.compile(r"week(\d\d)")


class CourseSummary:
    """What a check found: the weeks, counts, and the problems."""

    def __init__(self) -> None:
        self.weeks: list[Week] = []
        self.errors: list[ContentError] = []
        self.counts: dict[str, int] = dict.fromkeys(
            (
                "weeks",
                "objectives",
                "steps",
                "quiz_items",
                "options",
                "reflections",
                "transcripts",
                "notebooks",
                "references",
            ),
            0,
        )

    @property
    def ok(self) -> bool:
        return not self.errors


def _skip(path: Path) -> bool:
    return "_build" in path.parts or ".ipynb_checkpoints" in path.parts


def _check_weeks(root: Path, summary: CourseSummary) -> bool:
    """Check every week; return True when every week folder's ``week.yaml`` loaded."""
    from workbook.content.generate import load_glossary

    errors, counts = summary.errors, summary.counts
    weeks = root / "weeks"
    folders = sorted(p for p in weeks.iterdir() if p.is_dir() and not p.name.startswith("."))
    numbered = {}
    for folder in folders:
        m = _WEEK_FOLDER.fullmatch(folder.name)
        if not m or not 1 <= int(m[1]) <= N_WEEKS:
            errors.append(
                ContentError(
                    folder,
                    None,
                    None,
                    f"not a week folder; weeks are weeks/week01 ... weeks/week{N_WEEKS:02d}",
                )
            )
            continue
        numbered[int(m[1])] = folder
    for n in range(1, N_WEEKS + 1):
        if n not in numbered:
            errors.append(
                ContentError(
                    weeks / f"week{n:02d}", None, None, f"missing: the course has {N_WEEKS} weeks"
                )
            )
    all_loaded = True
    for _, wdir in sorted(numbered.items()):
        try:
            week = load_week(wdir / "week.yaml")
        except ContentError as exc:
            errors.append(exc)
            all_loaded = False
            continue
        summary.weeks.append(week)
        counts["weeks"] += 1
        counts["objectives"] += len(week.objectives)
        counts["steps"] += len(week.steps)
        low, high = WEEK_MINUTES
        if not low <= week.total_minutes <= high:
            errors.append(
                ContentError(
                    wdir / "week.yaml",
                    None,
                    "steps",
                    f"the steps add up to {week.total_minutes} minutes; a week is about three "
                    f"hours ({low} to {high} minutes): adjust the steps' minutes",
                )
            )
        extras = week_extras(wdir, week)
        errors.extend(extras.errors)
        if extras.quiz is not None:
            counts["quiz_items"] += len(extras.quiz.items)
            counts["options"] += sum(
                len(getattr(i, "options", None) or []) for i in extras.quiz.items
            )
        if extras.reflections is not None:
            counts["reflections"] += len(extras.reflections.prompts)
        counts["transcripts"] += extras.transcripts
        if (wdir / "glossary.yaml").is_file():
            try:
                load_glossary(wdir / "glossary.yaml")
            except ContentError as exc:
                errors.append(exc)
    return all_loaded


def _check_tour(root: Path, summary: CourseSummary) -> None:
    from workbook.content.quiz import quiz_errors

    book = root / "book"
    for path in sorted(book.glob("*quiz*.yaml")):
        summary.errors.extend(quiz_errors(path)[1])
    for path in sorted(book.glob("*reflections*.yaml")):
        summary.errors.extend(reflection_errors(path)[1])
    for path in sorted(book.glob("*.vtt")):
        problem = transcript_error(path)
        if problem is not None:
            summary.errors.append(problem)


def _course_texts(root: Path, summary: CourseSummary):
    """(path, Markdown text) of every page and notebook; notebook problems are recorded."""
    for pattern in _NOTEBOOKS:
        for path in sorted(root.glob(pattern)):
            if _skip(path):
                continue
            try:
                nb = read_notebook(path)
            except ContentError as exc:
                summary.errors.append(exc)
                continue
            summary.counts["notebooks"] += 1
            summary.errors.extend(notebook_errors(path, nb))
            yield path, markdown_text(nb)
    for pattern in _PAGES:
        for path in sorted(root.glob(pattern)):
            if _skip(path):
                continue
            if not path.is_file():
                summary.errors.append(
                    ContentError(
                        path, None, None, "is not a regular file (a folder, device or pipe)"
                    )
                )
                continue
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                summary.errors.append(
                    ContentError(path, None, None, f"not UTF-8 text ({exc.reason})")
                )
            except OSError as exc:
                summary.errors.append(
                    ContentError(path, None, None, f"cannot read: {exc.strerror}")
                )


def _check_references(root: Path, summary: CourseSummary) -> None:
    bib = root / "book" / "references.bib"
    keys: set[str] | None = set()
    if bib.is_file():
        keys, bib_errors = check_bibliography(bib)
        summary.errors.extend(bib_errors)
        summary.counts["references"] = len(keys)
        if not keys and bib_errors:
            keys = None  # the file did not parse: citations cannot be checked against it
    for path, text in _course_texts(root, summary):
        for key in dict.fromkeys(cited_keys(text)):  # each missing key once per file
            if keys is not None and key not in keys:
                summary.errors.append(
                    ContentError(
                        path, None, f"cite {key}", f"no entry {key!r} in book/references.bib"
                    )
                )


def _check_generated(root: Path, summary: CourseSummary) -> None:
    from workbook.content.generate import generated_files

    try:
        expected = generated_files(root)
    except ContentError as exc:
        summary.errors.append(exc)
        return
    already = {Path(e.file) for e in summary.errors if e.file is not None}
    for gf in expected:
        path = Path(gf.path)
        if path in already:  # unreadable or broken: its own error says so
            continue
        if path.exists() and not path.is_file():  # never read a pipe: it would block
            problem = "is not a regular file; remove it and run `workbook generate`"
        else:
            try:
                current = path.read_text(encoding="utf-8") if path.exists() else None
            except (UnicodeDecodeError, OSError) as exc:
                current, problem = None, f"cannot be read ({exc}); run `workbook generate`"
            else:
                if current == gf.text:
                    continue
                problem = "out of date with the course data; run `workbook generate`"
        summary.errors.append(ContentError(path, None, None, problem))


def check_course(root: Path) -> CourseSummary:
    """Run every content rule on the course at ``root``; return what was found."""
    root = Path(root)
    summary = CourseSummary()
    if not (root / "weeks").is_dir():
        summary.errors.append(
            ContentError(root / "weeks", None, None, "no weeks folder; is this the course?")
        )
        return summary
    weeks_loaded = _check_weeks(root, summary)
    _check_tour(root, summary)
    _check_references(root, summary)
    if weeks_loaded:  # else generating would only repeat the weeks' own errors
        _check_generated(root, summary)
    # A file read by two rules (a glossary is also read to generate its page) is one problem.
    summary.errors = list({str(e): e for e in summary.errors}.values())
    return summary
