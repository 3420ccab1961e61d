"""quiz.yaml and reflections.yaml: models and validation errors naming file, line and field."""

from __future__ import annotations

import textwrap

import pytest
from wb_samples import QUIZ, REFLECTIONS

from workbook.content.errors import ContentError
from workbook.content.quiz import (
    MultipleItem,
    NumericItem,
    OrderingItem,
    SingleItem,
    load_quiz,
    quiz_errors,
)
from workbook.content.reflections import load_reflections, validate_week_extras


def test_valid_quiz_loads_every_type(quiz_file):
    quiz = load_quiz(quiz_file, objectives={"w01-o1", "w01-o2"})
    assert quiz.id == "t-quiz" and quiz.shuffle_seed is None
    kinds = [type(i) for i in quiz.items]
    assert kinds == [SingleItem, MultipleItem, NumericItem, OrderingItem]
    assert quiz.items[0].correct_indices == [1]
    assert quiz.items[2].answer == 12.5 and quiz.items[2].tolerance == 0.5
    assert quiz.subset(["t-q3", "t-q1"]).items[0].id == "t-q3"


def error_for(write, text, **kw) -> ContentError:
    path = write("quiz.yaml", text)
    with pytest.raises(ContentError) as info:
        load_quiz(path, **kw)
    err = info.value
    assert err.file == path
    return err


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle`` in the dedented text."""
    import textwrap

    lines = textwrap.dedent(text).lstrip("\n").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_missing_field_names_file_line_and_field(write):
    text = QUIZ.replace('    stem: "How much?"\n', "")
    err = error_for(write, text)
    assert err.field == "items[2].stem"
    assert err.line == line_of(text, "- id: t-q3")
    assert "missing" in err.message
    assert f"quiz.yaml:{err.line}: items[2].stem:" in str(err)


def test_wrong_type_is_reported_at_the_field(write):
    text = QUIZ.replace("    tolerance: 0.5", '    tolerance: "half"')
    err = error_for(write, text)
    assert err.field == "items[2].tolerance"
    assert err.line == line_of(text, 'tolerance: "half"')


def test_yes_is_not_a_boolean(write):
    # strict: YAML "yes" strings must not quietly become True
    text = QUIZ.replace(
        '        correct: true\n        feedback: "Beta',
        '        correct: "yes"\n        feedback: "Beta',
    )
    err = error_for(write, text)
    assert err.field == "items[0].options[1].correct"


def test_duplicate_item_id(write):
    text = QUIZ.replace("  - id: t-q2", "  - id: t-q1")
    err = error_for(write, text)
    assert err.field == "items[1].id"
    assert "duplicate" in err.message
    lines = textwrap.dedent(text).lstrip("\n").splitlines()
    second = [i for i, line in enumerate(lines, 1) if "- id: t-q1" in line][1]
    assert err.line == second


def test_broken_yaml_names_the_line(write):
    text = QUIZ.replace('    stem: "Pick all that apply"', '    stem: "Pick all that apply')
    err = error_for(write, text)
    assert err.line is not None and err.line >= line_of(text, "Pick all that apply")
    assert "YAML" in err.message


def test_single_needs_exactly_one_correct(write):
    text = QUIZ.replace(
        '      - text: "Gamma"\n        correct: false',
        '      - text: "Gamma"\n        correct: true',
    )
    err = error_for(write, text)
    assert err.field == "items[0].options" and "exactly one" in err.message


def test_multiple_needs_a_correct_option(write):
    text = QUIZ.replace(
        '      - text: "One"\n        correct: true', '      - text: "One"\n        correct: false'
    )
    text = text.replace(
        '      - text: "Three"\n        correct: true',
        '      - text: "Three"\n        correct: false',
    )
    err = error_for(write, text)
    assert err.field == "items[1].options" and "at least one" in err.message


def test_every_option_needs_feedback(write):
    text = QUIZ.replace('        feedback: "Two does not fit."', '        feedback: ""')
    err = error_for(write, text)
    assert err.field == "items[1].options[1].feedback"
    assert err.line == line_of(text, 'feedback: ""')


def test_objective_must_exist_when_given(write):
    err = error_for(write, QUIZ, objectives={"w01-o1"})
    assert err.field == "items[2].objective" and "w01-o2" in err.message
    assert err.line == line_of(QUIZ, "objective: w01-o2")


def test_negative_tolerance(write):
    err = error_for(write, QUIZ.replace("tolerance: 0.5", "tolerance: -1"))
    assert err.field == "items[2].tolerance"


def test_ordering_needs_three_entries(write):
    err = error_for(write, QUIZ.replace('["first", "second", "third", "fourth"]', '["a", "b"]'))
    assert err.field == "items[3].sequence"


def test_unknown_field_rejected(write):
    text = QUIZ.replace(
        '    source: "a step"\n    stem: "How much?"',
        '    source: "a step"\n    hint: "x"\n    stem: "How much?"',
    )
    err = error_for(write, text)
    assert err.field == "items[2].hint" and "unknown field" in err.message
    assert err.line == line_of(text, 'hint: "x"')


def test_unknown_type(write):
    err = error_for(write, QUIZ.replace("type: numeric", "type: essay"))
    assert err.field == "items[2].type" and "single" in err.message


def test_all_problems_are_listed(write):
    text = QUIZ.replace("tolerance: 0.5", "tolerance: -1").replace('title: "Test quiz"', "title: 3")
    _, errors = quiz_errors(write("quiz.yaml", text))
    assert {e.field for e in errors} == {"title", "items[2].tolerance"}


def test_missing_file_is_a_content_error(tmp_path):
    with pytest.raises(ContentError, match="not found"):
        load_quiz(tmp_path / "nope.yaml")


def test_reflections_load_and_check_steps(reflections_file):
    model = load_reflections(reflections_file, step_ids={"w01-s02", "w01-s05"})
    assert [p.id for p in model.prompts] == ["t-r1", "t-r2"]
    with pytest.raises(ContentError) as info:
        load_reflections(reflections_file, step_ids={"w01-s02"})
    assert info.value.field == "prompts[1].step"
    assert info.value.line == line_of(REFLECTIONS, "step: w01-s05")


def test_reflection_errors(write):
    dup = write("r.yaml", REFLECTIONS.replace("id: t-r2", "id: t-r1"))
    with pytest.raises(ContentError, match="duplicate") as info:
        load_reflections(dup)
    assert info.value.field == "prompts[1].id"
    missing = write("r2.yaml", REFLECTIONS.replace('    title: "A case"\n', ""))
    with pytest.raises(ContentError, match="missing") as info:
        load_reflections(missing)
    assert info.value.field == "prompts[1].title"
    extra = write("r3.yaml", REFLECTIONS.replace("    guidance:", "    guidence:"))
    with pytest.raises(ContentError, match="unknown field") as info:
        load_reflections(extra)
    assert info.value.field == "prompts[0].guidence"


class _Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def test_validate_week_extras_collects_problems(tmp_path, write):
    week = _Obj(week=1, objectives=[_Obj(id="w01-o1")], steps=[_Obj(id="w01-s02")])
    write("quiz.yaml", QUIZ)
    write("reflections.yaml", REFLECTIONS)
    errors = validate_week_extras(tmp_path, week)
    fields = {(e.file.name, e.field) for e in errors}
    assert ("quiz.yaml", "items[2].objective") in fields
    assert ("reflections.yaml", "prompts[1].step") in fields
    assert all(e.line for e in errors)


def test_validate_week_extras_on_week_one(repo_root):
    from workbook.components._files import load_week_plan

    week_dir = repo_root / "weeks" / "week01"
    assert validate_week_extras(week_dir, load_week_plan(week_dir / "week.yaml")) == []
