"""Pages generated from the course data, so each fact has one source.

``week.yaml`` is the source of each week's overview notebook and of the book's table of
contents; each week's ``glossary.yaml`` is the source of ``book/glossary.md``. ``workbook
generate`` writes them; ``workbook check`` and the tests fail when a committed copy is stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbook.content.errors import ContentError
from workbook.content.week import Week, load_all_weeks
from workbook.content.yamlio import load_yaml

__all__ = [
    "FRONT_MATTER",
    "BACK_MATTER",
    "GeneratedFile",
    "overview_notebook",
    "glossary_markdown",
    "toc_yaml",
    "load_glossary",
    "generated_files",
    "write_generated",
    "stale_generated",
    "step_has_page",
    "week_is_complete",
    "course_status_markdown",
    "STATUS_CELLS",
]

#: The book's front matter, in reading order (root first), as paths without suffix.
FRONT_MATTER = (
    "book/welcome",
    "book/how-to-use",
    "book/tour",
    "book/progress",
    "book/educators",
)
#: Analytics, then the reference pages at the back of the book (the case studies between the
#: weeks and these are generated from each case's ``case.yaml``).
ANALYTICS = ("book/reading-qi-charts",)
BACK_MATTER = ("book/glossary", "book/references", "book/status", "book/about")


@dataclass(frozen=True)
class GeneratedFile:
    path: Path
    text: str


def overview_notebook(week: Week) -> str:
    """The overview notebook of ``week`` as ``.ipynb`` JSON text (no outputs)."""
    import nbformat

    n = week.week
    steps_rows = ["| Step | Kind | Time |", "|---|---|---|"]
    for step in week.steps:
        if step.kind == "overview":
            name = f"{step.title} *(this page)*"
        elif step.file:
            name = f"[{step.title}]({step.file})"
        else:
            name = f"{step.title} *(in preparation)*"
        steps_rows.append(f"| {name} | {step.kind} | {step.minutes} min |")
    hours = week.total_minutes / 60
    cells = [
        nbformat.v4.new_markdown_cell(
            f"(w{n:02d}-overview)=\n# Week {n}: {week.title}\n\n*{week.summary}*"
        ),
        nbformat.v4.new_markdown_cell(week.introduction.strip()),
        nbformat.v4.new_markdown_cell(
            "## What you will be able to do\n\nBy the end of this week you should be able to:\n\n"
            + "\n".join(f"{i}. {o.text}" for i, o in enumerate(week.objectives, 1))
        ),
        nbformat.v4.new_markdown_cell(
            "## This week's steps\n\n"
            + "\n".join(steps_rows)
            + f"\n\nIn all, about {hours:.1f} hours ({week.total_minutes} minutes). Work through "
            "the steps in order; each ends with a *Mark as complete* button, and the "
            "[progress page](../../book/progress.ipynb) shows how far you have come."
        ),
        nbformat.v4.new_markdown_cell("## How this week connects\n\n" + week.connection.strip()),
        nbformat.v4.new_code_cell(
            f'from workbook.components import MarkComplete\n\nMarkComplete("{week.steps[0].id}")',
            metadata={"tags": ["remove-input"]},
        ),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    # Stable cell ids so regenerating gives byte-identical files.
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"w{n:02d}-overview-{i:02d}"
    return nbformat.writes(nb) + "\n"


def load_glossary(path: Path) -> dict[str, str]:
    """A week's ``glossary.yaml``: a mapping of term to definition."""
    data, locator = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError(path, 1, None, "glossary.yaml must map each term to its definition")
    out: dict[str, str] = {}
    for term, definition in data.items():
        if not isinstance(term, str) or not term.strip():
            raise locator.error((term,), "a term must be non-empty text")
        if not isinstance(definition, str) or len(definition.strip()) < 10:
            raise locator.error((term,), "the definition must be text of at least 10 characters")
        out[term.strip()] = " ".join(definition.split())
    return out


def glossary_markdown(entries: list[tuple[str, str, int]]) -> str:
    """``book/glossary.md`` from ``(term, definition, week)`` triples."""
    lines = [
        "# Glossary",
        "",
        "The terms this workbook uses, in the sense it uses them. The week that introduces a term",
        "is given after its definition. This page is generated from each week's `glossary.yaml`",
        "by `workbook generate`; edit those files, not this page.",
        "",
        "```{glossary}",
        ":sorted:",
        "",
    ]
    for term, definition, week in entries:
        lines += [term, f"  {definition} (Week {week}.)", ""]
    lines.append("```")
    return "\n".join(lines) + "\n"


def toc_yaml(weeks: list[Week], root: Path) -> str:
    """``_toc.yml``: front matter, one part per week, case studies, analytics, back matter."""

    def chapters(files: tuple[str, ...] | list[str]) -> list[str]:
        return [f"      - file: {f}" for f in files]

    lines = [
        "# Generated from weeks/weekNN/week.yaml by `workbook generate`; do not edit by hand.",
        "format: jb-book",
        f"root: {FRONT_MATTER[0]}",
        "parts:",
        "  - caption: Start here",
        "    chapters:",
        *chapters(FRONT_MATTER[1:]),
    ]
    for week in weeks:
        files = [f"weeks/{week.slug}/{Path(s.file).stem}" for s in week.steps if s.file]
        lines += [
            f"  - caption: Week {week.week}",
            "    chapters:",
            *chapters(files),
        ]
    lines += case_toc_lines(root)
    lines += ["  - caption: Improvement analytics", "    chapters:", *chapters(ANALYTICS)]
    lines += ["  - caption: Reference", "    chapters:", *chapters(BACK_MATTER)]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------- what the course holds
#: Pages that say which weeks are complete: (notebook, id of the generated cell, cell after
#: which it goes when it is first added).
STATUS_CELLS = (
    ("book/welcome.ipynb", "welcome-status", "welcome-00"),
    ("book/progress.ipynb", "progress-status", "progress-00"),
)


def step_has_page(week: Week, step, root: Path) -> bool:
    """True when the step names a notebook and that notebook exists."""
    return bool(step.file) and (root / "weeks" / week.slug / step.file).is_file()


def week_is_complete(week: Week, root: Path) -> bool:
    """A week is complete when every step in its ``week.yaml`` has a notebook."""
    return all(step_has_page(week, s, root) for s in week.steps)


def course_status_markdown(weeks: list[Week], root: Path) -> str:
    """Which weeks are complete and which are in preparation, from the course data."""
    lines = ["## What this edition holds", ""]
    complete = [w for w in weeks if week_is_complete(w, root)]
    if weeks and len(complete) == len(weeks):
        lines.append(f"All {len(weeks)} weeks are complete: every step has its page.")
    else:
        lines.append(
            "The course is being written week by week. A week is complete when every one of "
            "its steps has its page; the progress page lists the steps still to come."
        )
        lines.append("")
        for w in weeks:
            written = sum(step_has_page(w, s, root) for s in w.steps)
            if week_is_complete(w, root):
                state = f"complete ({len(w.steps)} steps)"
            else:
                state = f"in preparation ({written} of {len(w.steps)} steps written)"
            lines.append(f"- **Week {w.week}** ({w.title}): {state}.")
    return "\n".join(lines)


def _with_status_cell(path: Path, cell_id: str, after: str, text: str) -> str:
    """The notebook at ``path`` with its generated status cell set to ``text``."""
    import nbformat

    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    cell = next((c for c in nb.cells if c.get("id") == cell_id), None)
    if cell is None:
        cell = nbformat.v4.new_markdown_cell(text)
        cell["id"] = cell_id
        ids = [c.get("id") for c in nb.cells]
        nb.cells.insert(ids.index(after) + 1 if after in ids else len(nb.cells), cell)
    cell["source"] = text
    return nbformat.writes(nb) + "\n"


def _status_files(weeks: list[Week], root: Path) -> list[GeneratedFile]:
    text = course_status_markdown(weeks, root)
    return [
        GeneratedFile(root / rel, _with_status_cell(root / rel, cell_id, after, text))
        for rel, cell_id, after in STATUS_CELLS
        if (root / rel).is_file()
    ]


def generated_files(root: Path) -> list[GeneratedFile]:
    """Every generated file with the text it should have now."""
    weeks = load_all_weeks(root, require_files=False)
    out = [
        GeneratedFile(root / "weeks" / w.slug / w.steps[0].file, overview_notebook(w))
        for w in weeks
        if w.steps[0].kind == "overview" and w.steps[0].file
    ]
    entries: list[tuple[str, str, int]] = []
    first_seen: dict[str, tuple[int, Path]] = {}
    for w in weeks:
        path = root / "weeks" / w.slug / "glossary.yaml"
        if not path.is_file():
            continue
        for term, definition in load_glossary(path).items():
            key = term.casefold()
            if key in first_seen:
                week, where = first_seen[key]
                _, locator = load_yaml(path)
                raise locator.error(
                    (term,), f"{term!r} is already defined in week {week} ({where.name}); keep one"
                )
            first_seen[key] = (w.week, path)
            entries.append((term, definition, w.week))
    entries.sort(key=lambda e: e[0].casefold())
    out.append(GeneratedFile(root / "book" / "glossary.md", glossary_markdown(entries)))
    out.append(GeneratedFile(root / "_toc.yml", toc_yaml(weeks, root)))
    out += case_generated_files(root)
    out += _status_files(weeks, root)
    return out


def write_generated(root: Path) -> list[Path]:
    """Write every generated file whose text changed; return the paths written."""
    written = []
    for gf in generated_files(root):
        if not gf.path.is_file() or gf.path.read_text(encoding="utf-8") != gf.text:
            tmp = gf.path.with_name(gf.path.name + ".tmp")
            tmp.write_text(gf.text, encoding="utf-8")
            tmp.replace(gf.path)
            written.append(gf.path)
    return written


def stale_generated(root: Path) -> list[Path]:
    """Generated files whose committed text differs from what the data say."""
    return [
        gf.path
        for gf in generated_files(root)
        if not gf.path.is_file() or gf.path.read_text(encoding="utf-8") != gf.text
    ]


# --------------------------------------------------------------------------------------------
# Case studies: the index page and the table of contents come from case_studies/*/case.yaml
# --------------------------------------------------------------------------------------------
#: Cases that are planned but have no folder yet (said on the index so readers know).
#: Cases the course plans, by the folder each will have, and how the index describes them
#: until that folder holds a ``case.yaml``.
PLANNED_CASES = {
    "ed-flow": "lean in an Australian emergency department and across Italian hospitals (week 4)",
    "china-primary-care": "primary care reform in China, which runs through the course (weeks 2 and 6)",
    "kenya-cin": "a clinical information network in Kenya (week 5)",
}


def _planned_text(existing: set[str]) -> list[str]:
    planned = [text for slug, text in PLANNED_CASES.items() if slug not in existing]
    if not planned:
        return []
    return [
        "## Planned cases",
        "",
        "Further cases are planned with the weeks that use them: " + "; ".join(planned) + ".",
    ]


def _cases(root: Path) -> list:
    from workbook.content.case import all_cases

    return all_cases(root) if (root / "case_studies").is_dir() else []


def case_toc_lines(root: Path) -> list[str]:
    """The "Case studies" part of ``_toc.yml``: the index, then each case's data dictionary."""
    cases = _cases(root)
    if not cases:
        return []
    files = ["case_studies/index"]
    for slug, case in cases:
        files.append(f"case_studies/{slug}/{Path(case.dictionary).with_suffix('').as_posix()}")
    return ["  - caption: Case studies", "    chapters:", *[f"      - file: {f}" for f in files]]


def case_index_markdown(cases: list) -> str:
    """``case_studies/index.md`` from the cases' ``case.yaml`` files (course text, written
    as Markdown by the course's authors, like ``week.yaml``)."""

    lines = [
        "(case-studies)=",
        "# Case studies",
        "",
        "The course draws its examples from health systems in several countries. Each case has a",
        "folder in `case_studies/` holding its data and a data dictionary that says where every",
        "figure comes from and whether the data are real or synthetic. The exercises that use a",
        "case live in the week that teaches it. This page is generated from each case's",
        "`case.yaml` by `workbook generate`; edit those files, not this page.",
        "",
    ]
    for slug, case in cases:
        dictionary = f"{slug}/{case.dictionary}"
        exercise = f"../{case.exercise}"
        lines += [
            f"## {case.title}",
            "",
            f"Week {case.week}, [the exercise]({exercise}). {case.summary}",
            "",
        ]
        if case.provenance == "synthetic":
            sources = "; ".join(f"{c.figure} {{cite:p}}`{c.cite}`" for c in case.calibration)
            lines += [
                f"**The data are synthetic**: made up by `{slug}/{case.generator}` with the "
                f"fixed seed {case.seed}, and calibrated to published figures: {sources}. "
                f"The [data dictionary]({dictionary}) describes every file and column.",
                "",
            ]
        elif case.provenance == "invented":
            lines += [
                f"**The data are invented**: a story written for teaching, stored as data by "
                f"`{slug}/{case.generator}`; no published figure is used. The "
                f"[data dictionary]({dictionary}) says what the story is modelled on.",
                "",
            ]
        else:
            lines += [f"The [data dictionary]({dictionary}) gives the sources and licence.", ""]
        lines += ["| file | what it holds |", "|---|---|"]
        lines += [f"| `{f.path}` | {f.description} |" for f in case.data]
        lines.append("")
    lines += _planned_text({slug for slug, _ in cases})
    return "\n".join(lines).rstrip("\n") + "\n"


def case_generated_files(root: Path) -> list[GeneratedFile]:
    """The case index, when the course has a ``case_studies`` folder."""
    cases = _cases(root)
    if not (root / "case_studies").is_dir():
        return []
    return [GeneratedFile(root / "case_studies" / "index.md", case_index_markdown(cases))]
