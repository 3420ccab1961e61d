"""``case_studies/<case>/case.yaml``: what a case is, where its data come from, where it is used.

One file per case is the source of the book's case-study index and of the case's place in
the table of contents (``workbook generate`` writes both; ``workbook check`` fails when they
are stale), and of the views its static explorer pre-renders. Errors name the file, the line
and the field (:class:`workbook.content.errors.ContentError`, a located error).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workbook.content.errors import ContentError, first_error
from workbook.content.yamlio import load_model

__all__ = ["Case", "CaseFile", "CalibrationSource", "ExplorerViewSpec", "load_case", "all_cases"]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaseFile(_Strict):
    """One data file of the case, relative to the case folder."""

    path: str = Field(min_length=1)
    description: str = Field(min_length=5)


class CalibrationSource(_Strict):
    """A published figure the synthetic data were calibrated to, and its BibTeX key."""

    figure: str = Field(min_length=5)
    cite: str = Field(min_length=1)


class ExplorerViewSpec(_Strict):
    """A view the static explorer pre-renders: an indicator's funnel, or one provider."""

    indicator: str = Field(min_length=1)
    provider: str | None = None


class Case(_Strict):
    """The contents of ``case.yaml``."""

    title: str = Field(min_length=3)
    summary: str = Field(min_length=10)
    week: int = Field(ge=1, le=6)
    step: str = Field(pattern=r"^w0[1-6]-s\d{2}$")
    exercise: str = Field(min_length=1)
    provenance: Literal["synthetic", "invented", "real"]
    generator: str | None = None
    seed: int | None = None
    dictionary: str = Field(min_length=1)
    data: list[CaseFile] = Field(min_length=1)
    calibration: list[CalibrationSource] = Field(default_factory=list)
    explorer: list[ExplorerViewSpec] = Field(default_factory=list)

    @field_validator("step")
    @classmethod
    def _step_in_week(cls, value: str, info) -> str:
        week = info.data.get("week")
        if week is not None and not value.startswith(f"w{week:02d}-"):
            raise ValueError(f"the step id must start with w{week:02d}- (the case's week)")
        return value


def load_case(path: str | Path) -> Case:
    """Read and check one ``case.yaml``; the files it names must exist."""
    path = Path(path)
    case, locator, errors = load_model(
        path, Case, not_a_mapping="case.yaml must be a mapping of fields (title, week, ...)"
    )
    if errors:
        raise first_error(errors)
    folder = path.parent
    if not _SLUG.match(folder.name):
        raise ContentError(
            path, 1, None, f"the case folder {folder.name!r} must be a lower-case slug"
        )
    if case.provenance == "synthetic":
        if not case.generator or case.seed is None:
            raise locator.error(
                ("generator",), "synthetic data need the generator script and its seed"
            )
        if not case.calibration:
            raise locator.error(
                ("calibration",), "synthetic data must name the published figures used"
            )
    if case.provenance == "invented" and not case.generator:
        raise locator.error(
            ("generator",), "invented data need the script that writes them (no seed is needed)"
        )
    root = folder.parent.parent
    named = [("dictionary", case.dictionary, folder)]
    named += [(("data", i, "path"), f.path, folder) for i, f in enumerate(case.data)]
    if case.generator:
        named.append(("generator", case.generator, folder))
    named.append(("exercise", case.exercise, root))
    for loc, rel, base in named:
        if not (base / rel).is_file():
            where = "the case folder" if base == folder else "the course root"
            raise locator.error(
                loc if isinstance(loc, tuple) else (loc,), f"{rel} does not exist in {where}"
            )
    return case


def all_cases(root: str | Path) -> list[tuple[str, Case]]:
    """Every case under ``<root>/case_studies``, as ``(slug, case)``, in week then slug order."""
    base = Path(root) / "case_studies"
    found = [(p.parent.name, load_case(p)) for p in sorted(base.glob("*/case.yaml"))]
    return sorted(found, key=lambda sc: (sc[1].week, sc[0]))
