"""Reflection prompts as data: the models behind ``weeks/weekNN/reflections.yaml``.

Also :func:`week_extras` (and :func:`validate_week_extras`, its list of problems), which
``workbook check`` runs to validate a week's quiz, reflections and transcripts against its
``week.yaml``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from workbook.content.errors import ContentError, first_error
from workbook.content.yamlio import load_model, load_yaml
from workbook.errors import LocatedError

__all__ = [
    "Prompt",
    "Reflections",
    "load_reflections",
    "reflection_errors",
    "validate_week_extras",
    "week_extras",
    "transcript_error",
    "WeekExtras",
]

_NonEmpty = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, str_strip_whitespace=True)


class Prompt(_Model):
    """One reflection prompt, shown at a step, asking the learner to apply the week."""

    id: _NonEmpty
    step: _NonEmpty
    title: _NonEmpty
    prompt: _NonEmpty
    guidance: str | None = None


class Reflections(_Model):
    prompts: list[Prompt] = Field(min_length=1)

    def prompt(self, prompt_id: str) -> Prompt:
        for p in self.prompts:
            if p.id == prompt_id:
                return p
        known = ", ".join(p.id for p in self.prompts)
        raise KeyError(f"no reflection prompt {prompt_id!r}; known prompts: {known}")


def reflection_errors(
    path: str | os.PathLike[str], *, step_ids: set[str] | list[str] | None = None
) -> tuple[Reflections | None, list[ContentError]]:
    """Validate a reflections file; return the model (or None) and every problem found."""
    path = Path(path)
    model, locator, errors = load_model(
        path,
        Reflections,
        not_a_mapping="a reflections file must be a mapping with a 'prompts' list",
    )
    if errors:
        return None, errors
    errors: list[ContentError] = []
    seen: dict[str, int] = {}
    steps = set(step_ids) if step_ids is not None else None
    for i, p in enumerate(model.prompts):
        if p.id in seen:
            errors.append(
                locator.error(
                    ("prompts", i, "id"),
                    f"duplicate id {p.id!r} (also "
                    f"prompts[{seen[p.id]}]); give every prompt its own id",
                )
            )
        seen.setdefault(p.id, i)
        if steps is not None and p.step not in steps:
            errors.append(
                locator.error(
                    ("prompts", i, "step"),
                    f"{p.step!r} is not a step id "
                    "in week.yaml; use the id of the step that shows it",
                )
            )
    return (None if errors else model), errors


def load_reflections(
    path: str | os.PathLike[str], *, step_ids: set[str] | list[str] | None = None
) -> Reflections:
    """Load and validate ``reflections.yaml``; raise :class:`ContentError` on the first problem.

    ``step_ids``: the week's step ids; when given, each prompt's ``step`` must be one of them.
    """
    model, errors = reflection_errors(path, step_ids=step_ids)
    if errors:
        raise first_error(errors)
    return model


def _ids(items: Any) -> set[str]:
    return {getattr(x, "id", None) or x["id"] for x in items}


@dataclass
class WeekExtras:
    """What :func:`week_extras` read from a week's folder, and every problem found."""

    quiz: Any = None
    reflections: Reflections | None = None
    transcripts: int = 0
    errors: list[ContentError] = dataclass_field(default_factory=list)


def week_extras(week_dir: str | os.PathLike[str], week_model: Any) -> WeekExtras:
    """Read and check a week's ``quiz.yaml``, ``reflections.yaml`` and ``transcripts/*.vtt``.

    Files that do not exist yet are skipped (a week in progress). In a week's quiz every item
    must name an objective of the week and a source; quiz, item and prompt ids must start with
    the week's prefix (``w01-``); every prompt's step must be a step of the week; every
    transcript must parse and hold timed cues. ``workbook check`` runs this for every week.
    """
    from workbook.content.quiz import quiz_errors
    from workbook.content.transcripts import parse

    week_dir = Path(week_dir)
    objectives = _ids(week_model.objectives)
    steps = _ids(week_model.steps)
    prefix = f"w{int(week_model.week):02d}-"
    out = WeekExtras()
    errors = out.errors

    quiz_path = week_dir / "quiz.yaml"
    if quiz_path.exists():
        quiz, errs = quiz_errors(quiz_path, objectives=objectives)
        errors.extend(errs)
        if quiz is not None:
            _, locator = load_yaml(quiz_path)
            if not quiz.id.startswith(prefix):
                errors.append(locator.error(("id",), f"quiz id should start with {prefix!r}"))
            for i, item in enumerate(quiz.items):
                if not item.id.startswith(prefix):
                    errors.append(
                        locator.error(("items", i, "id"), f"item id should start with {prefix!r}")
                    )
                if not item.source:
                    errors.append(
                        locator.error(
                            ("items", i), "add 'source:' naming the step where this is taught"
                        )
                    )
            out.quiz = quiz

    refl_path = week_dir / "reflections.yaml"
    if refl_path.exists():
        model, errs = reflection_errors(refl_path, step_ids=steps)
        errors.extend(errs)
        if model is not None:
            _, locator = load_yaml(refl_path)
            for i, p in enumerate(model.prompts):
                if not p.id.startswith(prefix):
                    errors.append(
                        locator.error(
                            ("prompts", i, "id"), f"prompt id should start with {prefix!r}"
                        )
                    )
            out.reflections = model

    for vtt in sorted((week_dir / "transcripts").glob("*.vtt")):
        problem = transcript_error(vtt, parse)
        if problem is not None:
            errors.append(problem)
        else:
            out.transcripts += 1
    return out


def transcript_error(path: Path, parse: Any = None) -> ContentError | None:
    """The problem with a transcript file as one located error, or None if it is good."""
    if parse is None:
        from workbook.content.transcripts import parse
    try:
        transcript = parse(path)
    except LocatedError as exc:  # TranscriptError: already names file and line
        return ContentError(exc.file, exc.line, exc.field, exc.message)
    except OSError as exc:
        return ContentError(path, None, None, f"cannot read the file: {exc.strerror or exc}")
    if not transcript.segments:
        return ContentError(
            path, None, None, "no cues found; a transcript needs timestamped segments"
        )
    return None


def validate_week_extras(week_dir: str | os.PathLike[str], week_model: Any) -> list[ContentError]:
    """Every problem :func:`week_extras` finds in a week's quiz, reflections and transcripts."""
    return week_extras(week_dir, week_model).errors
