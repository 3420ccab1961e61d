"""grade(item, answer) for every item type and its edges; number parsing; option order."""

from __future__ import annotations

import pytest

from workbook.components.grading import (
    Feedback,
    answer_text,
    grade,
    option_order,
    ordering_start,
    parse_number,
    summarise,
)
from workbook.content.quiz import load_quiz


@pytest.fixture
def items(quiz_file):
    quiz = load_quiz(quiz_file)
    return {i.id: i for i in quiz.items}


# ------------------------------------------------------------------ single
def test_single_right_and_wrong(items):
    right = grade(items["t-q1"], 1)
    assert right == Feedback(True, right.message, 1.0)
    assert "Beta is right because B." in right.message and "General explanation." in right.message
    wrong = grade(items["t-q1"], 0)
    assert not wrong.correct and wrong.score == 0.0 and wrong.answered
    assert "Alpha is wrong because A." in wrong.message and "Beta is right" not in wrong.message


def test_single_nothing_chosen_is_a_hint_not_an_attempt(items):
    fb = grade(items["t-q1"], None)
    assert not fb.answered and not fb.correct and "Choose" in fb.message


@pytest.mark.parametrize("bad", ["1", 1.0, [1], True])
def test_single_wrong_answer_type(items, bad):
    with pytest.raises(TypeError):
        grade(items["t-q1"], bad)


def test_single_index_out_of_range(items):
    with pytest.raises(ValueError, match="out of range"):
        grade(items["t-q1"], 3)


# ------------------------------------------------------------------ multiple
def test_multiple_all_or_nothing(items):
    item = items["t-q2"]
    assert grade(item, [0, 2]).correct and grade(item, {2, 0}).score == 1.0
    partial = grade(item, [0])
    assert not partial.correct and partial.score == 0.0
    # feedback for the chosen option and for the missed correct one, not for unchosen wrong ones
    assert "One fits." in partial.message and "Three fits." in partial.message
    assert "missed" in partial.message and "Two does not fit." not in partial.message
    extra = grade(item, [0, 1, 2])
    assert not extra.correct and "Two does not fit." in extra.message
    assert "should not be chosen" in extra.message


def test_multiple_empty_and_wrong_types(items):
    assert not grade(items["t-q2"], []).answered
    for bad in ("0,2", 0, None):
        with pytest.raises(TypeError):
            grade(items["t-q2"], bad)


# ------------------------------------------------------------------ numeric
@pytest.mark.parametrize(
    "typed, correct, word",
    [
        ("12.5", True, "Right amount."),
        ("12,5", True, "Right amount."),
        ("12.5 %", True, "Right amount."),
        ("12.5%", True, "Right amount."),
        (" 13 ", True, "Right amount."),  # the tolerance edge: |13 - 12.5| == 0.5
        ("12", True, "Right amount."),  # the other edge
        ("11.99", False, "Too little."),
        ("13.01", False, "Too much."),
        ("1 234", False, "Too much."),
        ("1,234.5", False, "Too much."),
        (12.5, True, "Right amount."),
        (-3, False, "Too little."),
    ],
)
def test_numeric(items, typed, correct, word):
    fb = grade(items["t-q3"], typed)
    assert fb.correct is correct and fb.answered and word in fb.message


@pytest.mark.parametrize("typed", ["", "   ", "twelve", "12 and 13", "1 2", "1,2,3", None])
def test_numeric_not_a_number_is_helpful(items, typed):
    fb = grade(items["t-q3"], typed)
    assert not fb.answered and not fb.correct
    assert "number" in fb.message.lower()


def test_numeric_wrong_type_raises(items):
    with pytest.raises(TypeError):
        grade(items["t-q3"], [12.5])


@pytest.mark.parametrize(
    "text, value",
    [
        ("12,5", 12.5),
        ("1 234", 1234.0),
        ("1\u202f234,5", 1234.5),
        ("1,234", 1234.0),
        ("1,234,567", 1234567.0),
        ("1.234.567", 1234567.0),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("0,05", 0.05),
        ("-4", -4.0),
        ("\u22123,25", -3.25),
        ("£3.50", 3.5),
        ("45 minutes", 45.0),
        ("7.", 7.0),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == (value, "")


def test_parse_number_strips_the_items_unit():
    assert parse_number("30 mmHg", "mmHg") == (30.0, "")
    assert parse_number("£ 30", "£") == (30.0, "")
    value, message = parse_number("30 mm 5", "mmHg")
    assert value is None and "mmHg" in message


# ------------------------------------------------------------------ ordering
def test_ordering_counts_places(items):
    item = items["t-q4"]
    right = grade(item, ["first", "second", "third", "fourth"])
    assert right.correct and right.score == 1.0 and "In order." in right.message
    swapped = grade(item, ["second", "first", "third", "fourth"])
    assert not swapped.correct and "2 of 4" in swapped.message and swapped.score == 0.5
    assert "Not in order." in swapped.message
    assert grade(item, [3, 2, 1, 0]).message.count("0 of 4") == 1


def test_ordering_bad_answers(items):
    item = items["t-q4"]
    with pytest.raises(ValueError):
        grade(item, ["first", "first", "third", "fourth"])
    with pytest.raises(ValueError):
        grade(item, ["first", "second", "third", "fifth"])
    with pytest.raises(TypeError):
        grade(item, "first second third fourth")


def test_ordering_start_is_stable_and_never_the_answer(items):
    item = items["t-q4"]
    start = ordering_start(item)
    assert start == ordering_start(item) and sorted(start) == [0, 1, 2, 3]
    assert start != [0, 1, 2, 3]
    for seed in range(20):
        assert ordering_start(item, seed) != [0, 1, 2, 3]


# ------------------------------------------------------------------ shuffling, score, text
def test_options_shuffled_only_with_an_integer_seed(items):
    item = items["t-q1"]
    assert option_order(item, None) == [0, 1, 2]
    orders = {tuple(option_order(item, seed)) for seed in range(30)}
    assert len(orders) > 1  # some seeds do reorder
    assert option_order(item, 7) == option_order(item, 7)  # stable
    assert option_order(item, True) == [0, 1, 2]  # a bool is not a seed


def test_summary(items):
    results = {
        "t-q1": grade(items["t-q1"], 1),
        "t-q2": grade(items["t-q2"], [0]),
        "t-q3": grade(items["t-q3"], "abc"),
    }
    score = summarise(results, 4)
    assert (score.answered, score.correct, score.total) == (2, 1, 4)
    assert "1 of 4 correct" in score.text


def test_answer_text(items):
    assert answer_text(items["t-q1"], 1) == "Beta"
    assert answer_text(items["t-q2"], [2, 0]) == "One; Three"
    assert answer_text(items["t-q4"], [1, 0, 2, 3]) == "second > first > third > fourth"
    assert answer_text(items["t-q3"], " 12,5 ") == "12,5"


def test_grade_rejects_non_items():
    with pytest.raises(TypeError):
        grade({"type": "single"}, 0)


# ------------------------------------------------------------------ feedback heads
def test_head_is_not_repeated_when_the_feedback_already_affirms(items):
    """'Correct. Right. ...' read badly in the live view: a feedback that already says the
    answer is right gets no extra head; one that does not still gets 'Correct.'."""
    from workbook.content.quiz import SingleItem

    plain = items["t-q1"]
    assert grade(plain, 1).message.startswith("**Correct.**")
    data = plain.model_dump()
    data["options"][1]["feedback"] = "Right. Beta is right because B."
    affirmed = SingleItem.model_validate(data)
    message = grade(affirmed, 1).message
    assert message.startswith("Right. Beta") and "Correct." not in message
    assert grade(affirmed, 0).message.startswith("**Not quite.**")
