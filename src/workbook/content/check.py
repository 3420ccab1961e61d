"""``workbook check``: validate all course content and report every problem found."""

from __future__ import annotations

import json
from pathlib import Path

from workbook.content.bibliography import check_bibliography, cited_keys
from workbook.content.errors import ContentError
from workbook.content.generate import stale_generated
from workbook.content.week import Week, load_week

__all__ = ["check_course", "CourseSummary"]


class CourseSummary:
    """What a check found: the weeks, counts, and the problems."""

    def __init__(self) -> None:
        self.weeks: list[Week] = []
        self.errors: list[ContentError] = []
        self.counts: dict[str, int] = {}

    @property
    def ok(self) -> bool:
        return not self.errors


def _text_of_notebook(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join(
        "".join(c.get("source", ""))
        for c in nb.get("cells", [])
        if c.get("cell_type") == "markdown"
    )


def _course_texts(root: Path):
    for pattern in (
        "book/*.md",
        "book/*.ipynb",
        "weeks/week0*/*.ipynb",
        "case_studies/**/*.ipynb",
        "case_studies/**/*.md",
    ):
        for path in sorted(root.glob(pattern)):
            if "_build" in path.parts or ".ipynb_checkpoints" in path.parts:
                continue
            try:
                text = (
                    _text_of_notebook(path)
                    if path.suffix == ".ipynb"
                    else path.read_text(encoding="utf-8")
                )
            except (OSError, ValueError) as exc:
                yield path, None, str(exc)
                continue
            yield path, text, None


def check_course(root: Path) -> CourseSummary:
    """Validate every ``week.yaml``, ``quiz.yaml``, ``reflections.yaml``, ``glossary.yaml``,
    transcript, the bibliography and the generated pages under ``root``."""
    from workbook.content.generate import load_glossary
    from workbook.content.quiz import quiz_errors
    from workbook.content.reflections import reflection_errors

    summary = CourseSummary()
    errors = summary.errors
    counts = summary.counts
    for key in (
        "weeks",
        "objectives",
        "steps",
        "quiz_items",
        "options",
        "reflections",
        "transcripts",
    ):
        counts[key] = 0
    week_dirs = sorted(p for p in (root / "weeks").glob("week*") if p.is_dir())
    if not week_dirs:
        errors.append(
            ContentError(root / "weeks", None, None, "no week folders (weeks/week01 ...)")
        )
    for wdir in week_dirs:
        try:
            week = load_week(wdir / "week.yaml")
        except ContentError as exc:
            errors.append(exc)
            continue
        summary.weeks.append(week)
        counts["weeks"] += 1
        counts["objectives"] += len(week.objectives)
        counts["steps"] += len(week.steps)
        objectives = {o.id for o in week.objectives}
        steps = {s.id for s in week.steps}
        if (wdir / "quiz.yaml").is_file():
            quiz, problems = quiz_errors(wdir / "quiz.yaml", objectives=objectives)
            errors.extend(problems)
            if quiz is not None:
                counts["quiz_items"] += len(quiz.items)
                counts["options"] += sum(len(getattr(i, "options", None) or []) for i in quiz.items)
        if (wdir / "reflections.yaml").is_file():
            refl, problems = reflection_errors(wdir / "reflections.yaml", step_ids=steps)
            errors.extend(problems)
            if refl is not None:
                counts["reflections"] += len(refl.prompts)
        if (wdir / "glossary.yaml").is_file():
            try:
                load_glossary(wdir / "glossary.yaml")
            except ContentError as exc:
                errors.append(exc)
        for vtt in sorted((wdir / "transcripts").glob("*.vtt")):
            try:
                from workbook.transcripts import parse

                parse(vtt)
                counts["transcripts"] += 1
            except (ValueError, ContentError) as exc:
                errors.append(ContentError(vtt, getattr(exc, "line", None), None, str(exc)))
    bib = root / "book" / "references.bib"
    keys: set[str] | None = set()
    if bib.is_file():
        keys, bib_errors = check_bibliography(bib)
        errors.extend(bib_errors)
        counts["references"] = len(keys)
        if not keys and bib_errors:
            keys = None  # the file did not parse: citations cannot be checked against it
    for path, text, problem in _course_texts(root):
        if problem:
            errors.append(ContentError(path, None, None, f"cannot read: {problem}"))
            continue
        for key in dict.fromkeys(cited_keys(text)):  # each missing key once per file
            if keys is not None and key not in keys:
                errors.append(
                    ContentError(
                        path, None, f"cite {key}", f"no entry {key!r} in book/references.bib"
                    )
                )
    try:
        for path in stale_generated(root):
            errors.append(
                ContentError(
                    path, None, None, "out of date with the course data; run `workbook generate`"
                )
            )
    except ContentError as exc:
        errors.append(exc)
    return summary
