"""Finding course files: every path is resolved against the project root."""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = [
    "resolve",
    "week_of_id",
    "week_objectives",
    "week_step_ids",
    "journal",
    "load_week_plan",
    "all_week_plans",
]


def resolve(path: str | os.PathLike[str]) -> Path:
    """An absolute path; relative ones are taken from the project root, not the cwd."""
    p = Path(path).expanduser()
    if p.is_absolute():
        return p
    from workbook.paths import project_root

    return project_root() / p


def week_of_id(content_id: str) -> int:
    """The week number in an id such as ``w01-r02`` (1)."""
    m = re.match(r"^w(\d\d)-", content_id)
    if not m:
        raise ValueError(f"{content_id!r} does not start with a week prefix such as 'w01-'")
    return int(m.group(1))


def load_week_plan(path: Path):
    """A validated ``week.yaml`` without the check that every step's notebook exists.

    Components need only ids, titles and minutes; a week still being written (a step file
    named but not yet committed) must not stop its quiz or progress page from showing.
    ``workbook check`` runs the full check.
    """
    from workbook.content.week import load_week

    return load_week(path, require_files=False)


def all_week_plans() -> list:
    from workbook.paths import project_root

    base = project_root() / "weeks"
    return [load_week_plan(p) for p in sorted(base.glob("week0[1-6]/week.yaml"))]


def _week(week: int):
    from workbook.paths import week_dir

    return load_week_plan(week_dir(week) / "week.yaml")


def week_objectives(week: int) -> set[str]:
    return {o.id for o in _week(week).objectives}


def week_step_ids(week: int) -> set[str]:
    return {s.id for s in _week(week).steps}


def journal():
    """The learner's journal (imported when a live view first saves)."""
    from workbook.journal import Journal

    return Journal()
