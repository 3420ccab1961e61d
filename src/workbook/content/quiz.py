"""Quizzes as data: the models behind ``weeks/weekNN/quiz.yaml`` and their validation.

Four item types (single, multiple, numeric, ordering), each with feedback that teaches.
Every problem is reported as a :class:`~workbook.content.errors.ContentError` naming the
file, the line and the field, so an author can go straight to it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from workbook.content.errors import ContentError, first_error
from workbook.content.yamlio import Locator, load_model

__all__ = [
    "Option",
    "SingleItem",
    "MultipleItem",
    "NumericItem",
    "NumericFeedback",
    "OrderingItem",
    "OrderingFeedback",
    "QuizModel",
    "QuizItem",
    "ITEM_TYPES",
    "load_quiz",
    "quiz_errors",
]

ITEM_TYPES = ("single", "multiple", "numeric", "ordering")

_NonEmpty = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    # strict: YAML "yes"/"1" must not quietly become True; a number is not a text
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, str_strip_whitespace=True)


class Option(_Model):
    """One option of a single- or multiple-choice item, with the feedback it earns."""

    text: _NonEmpty
    correct: bool = False
    feedback: _NonEmpty


class _ItemBase(_Model):
    id: _NonEmpty
    objective: str | None = None
    source: str | None = None
    stem: _NonEmpty
    explanation: str | None = None


class SingleItem(_ItemBase):
    """Choose one option; exactly one is correct."""

    type: Literal["single"]
    options: list[Option] = Field(min_length=2)

    @property
    def correct_indices(self) -> list[int]:
        return [i for i, o in enumerate(self.options) if o.correct]


class MultipleItem(_ItemBase):
    """Choose every correct option; one or more are correct."""

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2)

    @property
    def correct_indices(self) -> list[int]:
        return [i for i, o in enumerate(self.options) if o.correct]


class NumericFeedback(_Model):
    correct: _NonEmpty
    too_low: _NonEmpty
    too_high: _NonEmpty


class NumericItem(_ItemBase):
    """Type a number; right when within ``tolerance`` (absolute) of ``answer``."""

    type: Literal["numeric"]
    answer: float
    tolerance: float = Field(default=0.0, ge=0)
    unit: str | None = None
    feedback: NumericFeedback


class OrderingFeedback(_Model):
    correct: _NonEmpty
    incorrect: _NonEmpty


class OrderingItem(_ItemBase):
    """Put entries in order; ``sequence`` is the correct order."""

    type: Literal["ordering"]
    sequence: list[_NonEmpty] = Field(min_length=3)
    feedback: OrderingFeedback


QuizItem = Annotated[
    SingleItem | MultipleItem | NumericItem | OrderingItem, Field(discriminator="type")
]


class QuizModel(_Model):
    """A quiz as data: an id, a title, an optional shuffle seed and its items.

    (The component that displays one is :class:`workbook.components.Quiz`.)
    """

    id: _NonEmpty
    title: _NonEmpty
    shuffle_seed: int | None = None
    items: list[QuizItem] = Field(min_length=1)

    def item(self, item_id: str):
        for it in self.items:
            if it.id == item_id:
                return it
        known = ", ".join(it.id for it in self.items)
        raise KeyError(f"quiz {self.id!r} has no item {item_id!r}; its items are {known}")

    def subset(self, item_ids: list[str]) -> QuizModel:
        """The same quiz with only ``item_ids``, in the order given."""
        return self.model_copy(update={"items": [self.item(i) for i in item_ids]})


def _semantic_errors(
    quiz: QuizModel, path: Path, locator: Locator, objectives: set[str] | None
) -> list[ContentError]:
    errors: list[ContentError] = []

    def err(loc: tuple, message: str) -> None:
        errors.append(locator.error(loc, message))

    seen: dict[str, int] = {}
    for i, item in enumerate(quiz.items):
        if item.id in seen:
            err(
                ("items", i, "id"),
                f"duplicate id {item.id!r} (also items[{seen[item.id]}]); "
                "give every item its own id",
            )
        else:
            seen[item.id] = i
        if objectives is not None:
            if item.objective is None:
                err(("items", i), "add 'objective:' naming the learning objective this tests")
            elif item.objective not in objectives:
                known = ", ".join(sorted(objectives)) or "none"
                err(
                    ("items", i, "objective"),
                    f"{item.objective!r} is not an objective in week.yaml (known: {known})",
                )
        if isinstance(item, (SingleItem, MultipleItem)):
            n_correct = len(item.correct_indices)
            if isinstance(item, SingleItem) and n_correct != 1:
                err(
                    ("items", i, "options"),
                    f"a 'single' item needs exactly one correct option, "
                    f"this has {n_correct}; mark one with 'correct: true' or use "
                    "type: multiple",
                )
            if isinstance(item, MultipleItem) and n_correct < 1:
                err(
                    ("items", i, "options"),
                    "a 'multiple' item needs at least one option with 'correct: true'",
                )
            texts: dict[str, int] = {}
            for j, option in enumerate(item.options):
                if option.text in texts:
                    err(
                        ("items", i, "options", j, "text"),
                        f"the same option text appears "
                        f"twice (options[{texts[option.text]}] too); make each option distinct",
                    )
                texts.setdefault(option.text, j)
        if isinstance(item, OrderingItem) and len(set(item.sequence)) != len(item.sequence):
            err(("items", i, "sequence"), "entries must be distinct so their order can be checked")
    return errors


def quiz_errors(
    path: str | os.PathLike[str], *, objectives: set[str] | list[str] | None = None
) -> tuple[QuizModel | None, list[ContentError]]:
    """Validate a quiz file; return the model (or None) and every problem found."""
    path = Path(path)
    quiz, locator, errors = load_model(
        path,
        QuizModel,
        not_a_mapping="a quiz file must be a mapping with id, title and items",
        union_tags=ITEM_TYPES,
    )
    if errors:
        return None, errors
    objective_set = set(objectives) if objectives is not None else None
    errors = _semantic_errors(quiz, path, locator, objective_set)
    return (None if errors else quiz), errors


def load_quiz(
    path: str | os.PathLike[str], *, objectives: set[str] | list[str] | None = None
) -> QuizModel:
    """Load and validate ``quiz.yaml``.

    ``objectives``: the ids of the week's learning objectives; when given, every item must
    name one of them. Raises :class:`ContentError` for the first problem (file, line, field).
    """
    quiz, errors = quiz_errors(path, objectives=objectives)
    if errors:
        raise first_error(errors)
    return quiz
