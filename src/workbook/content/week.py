"""A week of the course, as written in ``weeks/weekNN/week.yaml``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from workbook.content.errors import ContentError, FieldError
from workbook.content.yamlio import load_yaml, parse_model
from workbook.paths import N_WEEKS

__all__ = ["Objective", "Step", "Week", "load_week", "load_all_weeks", "STEP_KINDS", "N_WEEKS"]

STEP_KINDS = ("overview", "lecture", "reading", "quiz", "reflection", "exercise", "discussion")
_STEP_FILE = re.compile(r"^\d\d-[a-z0-9][a-z0-9-]*\.ipynb$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Objective(_Strict):
    """A learning objective: what a learner can do after the week."""

    id: str = Field(pattern=rf"^w0[1-{N_WEEKS}]-o\d+$")
    text: str = Field(min_length=10)


class Step(_Strict):
    """One step of a week, in the order a learner meets them."""

    id: str = Field(pattern=rf"^w0[1-{N_WEEKS}]-s\d\d$")
    title: str = Field(min_length=3)
    kind: Literal[STEP_KINDS]  # type: ignore[valid-type]
    minutes: int = Field(gt=0, le=120)
    file: str | None = None

    @field_validator("file")
    @classmethod
    def _file_name(cls, value: str | None) -> str | None:
        if value is not None and not _STEP_FILE.match(value):
            raise ValueError(
                f"step file names look like '02-welcome.ipynb' (two digits, a hyphen, "
                f"lower-case words), not {value!r}"
            )
        return value

    @property
    def planned(self) -> bool:
        """True while the step is in the plan but its notebook is not written yet."""
        return self.file is None


class Week(_Strict):
    """Everything ``week.yaml`` says about a week."""

    week: int = Field(ge=1, le=N_WEEKS)
    title: str = Field(min_length=5)
    summary: str = Field(min_length=10)
    introduction: str = Field(min_length=100)
    connection: str = Field(min_length=20)
    objectives: list[Objective] = Field(min_length=3, max_length=5)
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Week:
        prefix = f"w{self.week:02d}-"
        for kind, items in (("objectives", self.objectives), ("steps", self.steps)):
            seen: set[str] = set()
            for i, item in enumerate(items):
                if not item.id.startswith(prefix):
                    raise FieldError(
                        (kind, i, "id"), f"id {item.id!r} should start with {prefix!r}"
                    )
                if item.id in seen:
                    raise FieldError(
                        (kind, i, "id"), f"duplicate id {item.id!r}; ids must be unique"
                    )
                seen.add(item.id)
        files = [s.file for s in self.steps if s.file]
        for i, step in enumerate(self.steps):
            if step.file and files.count(step.file) > 1:
                raise FieldError(
                    ("steps", i, "file"), f"{step.file!r} is used by more than one step"
                )
        return self

    @property
    def slug(self) -> str:
        return f"week{self.week:02d}"

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.steps)

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)


def load_week(
    week: int | str | Path, root: Path | None = None, *, require_files: bool = True
) -> Week:
    """Load and validate a week from its number or its ``week.yaml`` path.

    Raises :class:`ContentError` naming the file, line and field of the first problem.
    With ``require_files`` (the default) every step's ``file`` must exist.
    """
    if isinstance(week, int) and not isinstance(week, bool):
        from workbook.paths import week_dir

        path = week_dir(week, root) / "week.yaml"
    else:
        path = Path(week)
        if path.is_dir() and path.name != "week.yaml":
            path = path / "week.yaml"
    data, locator = load_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(
            path, 1, None, "week.yaml must be a mapping of fields (week, title, ...)"
        )
    model = parse_model(Week, data, locator)
    expected = path.parent.name
    if expected.startswith("week") and model.slug != expected:
        raise locator.error(("week",), f"says week {model.week} but the file is in {expected}/")
    for i, step in enumerate(model.steps):
        if require_files and step.file and not (path.parent / step.file).is_file():
            raise locator.error(
                ("steps", i, "file"),
                f"{step.file} does not exist in {path.parent.name}/; write it or remove 'file' "
                "while the step is only planned",
            )
    return model


def load_all_weeks(root: Path | None = None, *, require_files: bool = True) -> list[Week]:
    """Every week that has a ``week.yaml``, in order."""
    from workbook.paths import project_root

    base = (root or project_root()) / "weeks"
    return [
        load_week(p, require_files=require_files) for p in sorted(base.glob("week0[1-6]/week.yaml"))
    ]
