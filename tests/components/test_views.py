"""Live views driven headlessly: set .value, call .click(), read HTML.value and the journal."""

from __future__ import annotations

import pytest

from workbook.components import MarkComplete, Quiz, Reflection, Transcript, WeekProgress
from workbook.content.quiz import load_quiz
from workbook.content.reflections import load_reflections


@pytest.fixture
def journal(learner_home):
    from workbook.journal import Journal

    return Journal()


@pytest.fixture
def view(quiz_file, learner_home):
    return Quiz(load_quiz(quiz_file)).view


def test_view_is_a_vbox_created_lazily(quiz_file):
    import ipywidgets

    quiz = Quiz(load_quiz(quiz_file))
    assert quiz._view is None
    assert isinstance(quiz.view, ipywidgets.VBox) and quiz.view is quiz.view


def test_single_wrong_then_right_is_recorded(view, journal):
    c = view._controls["t-q1"]
    c.input.value = 0
    c.check.click()
    assert "Alpha is wrong because A." in c.feedback.value and "wb-incorrect" in c.feedback.value
    c.input.value = 1
    c.check.click()
    assert "Beta is right because B." in c.feedback.value and "Alpha" not in c.feedback.value
    attempts = journal.attempts("t-quiz")
    assert [(a["item_id"], a["correct"]) for a in attempts] == [("t-q1", False), ("t-q1", True)]
    assert attempts[-1]["answer"] == "Beta"
    assert "1 of 4 correct (1 answered)" in view._score.value


def test_nothing_chosen_or_not_a_number_is_not_recorded(view, journal):
    view._controls["t-q1"].check.click()
    assert "Choose an option first." in view._controls["t-q1"].feedback.value
    c = view._controls["t-q3"]
    c.input.value = "twelve"
    c.check.click()
    assert "could not read" in c.feedback.value
    assert journal.attempts("t-quiz") == []
    c.input.value = "12,5 %"
    c.check.click()
    assert "Right amount." in c.feedback.value
    assert [a["answer"] for a in journal.attempts("t-quiz")] == ["12,5 %"]


@pytest.mark.parametrize(
    "typed",
    [
        "[see this](https://evil.example/x)",
        "<img src=x onerror=alert(1)>",
        "https://evil.example/x",
        "**12** `<script>alert(1)</script>`",
        "12 and [13](javascript:alert(1))",
        "&lt;b&gt; \\[x\\](https://evil.example)",
    ],
)
def test_unreadable_number_is_echoed_as_text_not_markup(view, journal, typed):
    """The live quiz quotes what the learner typed; a typed link or tag stays text."""
    from html.parser import HTMLParser

    c = view._controls["t-q3"]
    c.input.value = typed
    c.check.click()
    tags, text = [], []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_starttag = lambda tag, attrs: tags.append((tag, attrs))
    parser.handle_data = text.append
    parser.feed(c.feedback.value)
    parser.close()
    assert {tag for tag, _ in tags} <= {"div", "p"}, tags
    assert all(name in ("class", "style") for _, attrs in tags for name, _ in attrs), tags
    assert f"\u2018{typed}\u2019" in "".join(text)  # shown exactly as typed
    assert journal.attempts("t-quiz") == []


def test_multiple_and_ordering(view, journal):
    c = view._controls["t-q2"]
    c.boxes[0].value = True
    c.check.click()
    assert "missed" in c.feedback.value and "Three fits." in c.feedback.value
    c.boxes[2].value = True
    c.check.click()
    assert "wb-correct" in c.feedback.value

    o = view._controls["t-q4"]
    # sort with the Up buttons, as a learner would: bubble each entry into place
    for target in range(4):
        while o.keys.index(target) != target:
            pos = o.keys.index(target)
            up = o.rows.children[pos].children[0]
            assert up.description == "Up" and not up.disabled
            up.click()
    assert o.keys == [0, 1, 2, 3]
    assert o.rows.children[0].children[0].disabled  # first row cannot move up
    o.check.click()
    assert "all 4 are in the right place" in o.feedback.value
    assert [a["correct"] for a in journal.attempts("t-quiz")] == [False, True, True]
    assert journal.attempts("t-quiz")[-1]["answer"] == "first > second > third > fourth"


def test_reflection_saves_history_and_reopens(reflections_file, journal):
    prompt = load_reflections(reflections_file).prompt("t-r1")
    view = Reflection(prompt).view
    assert view._text.value == "" and view._status.value == ""
    view._save.click()
    assert "Write something" in view._status.value
    view._text.value = "First thoughts"
    view._save.click()
    assert "Saved" in view._status.value and "1 version kept" in view._status.value
    view._text.value = "Second thoughts"
    view._save.click()
    assert "2 versions kept" in view._status.value
    assert [h["text"] for h in journal.reflection_history("t-r1")] == [
        "First thoughts",
        "Second thoughts",
    ]

    reopened = Reflection(prompt).view
    assert reopened._text.value == "Second thoughts"
    assert "Last saved" in reopened._status.value and "2 versions" in reopened._status.value


def test_mark_complete_toggles_in_journal(journal):
    view = MarkComplete("w01-s02").view
    assert view._button.description == "Mark as complete"
    view._button.click()
    assert "w01-s02" in journal.completed_steps()
    assert view._button.description.startswith("Completed")
    assert MarkComplete("w01-s02").view._button.description.startswith("Completed")
    view._button.click()
    assert "w01-s02" not in journal.completed_steps()
    assert "not complete" in view._status.value


def _weeks():
    class S:
        def __init__(self, id, minutes):
            self.id, self.title, self.minutes = id, f"Step {id}", minutes

    class W:
        week, title = 1, "Week one"
        steps = [S("w01-s01", 10), S("w01-s02", 20), S("w01-s03", 30)]

    return [W()]


def test_progress_view_reads_the_journal(journal):
    progress = WeekProgress(_weeks())
    view = progress.view
    assert "0 of 3 steps done, about 60 minutes left" in view._table.value
    journal.set_complete("w01-s02")
    view._refresh.click()
    assert "1 of 3 steps done, about 40 minutes left" in view._table.value
    assert "33% (1 of 3 steps)" in view._chart.value
    assert progress.summary({"w01-s01", "w01-s02", "w01-s03"}) == [
        "Week 1: 3 of 3 steps done, about 0 minutes left."
    ]


def test_transcript_search_filters_and_highlights(write):
    path = write(
        "t.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFlow and queues.\n\n"
        "00:00:03.000 --> 00:00:04.000\nDemand and capacity.\n",
    )
    view = Transcript.from_file(path).view
    assert view._segments.value.count("<li") == 2
    view._search.value = "QUEUES"
    assert view._segments.value.count("<li") == 1 and "<mark>queues</mark>" in view._segments.value
    assert "1 of 2 segments match" in view._status.value
    view._search.value = ""
    assert view._segments.value.count("<li") == 2 and view._status.value == ""


def test_feedback_still_shown_when_the_journal_cannot_be_written(quiz_file, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("WORKBOOK_HOME", str(blocker))
    view = Quiz(load_quiz(quiz_file)).view
    c = view._controls["t-q1"]
    c.input.value = 1
    c.check.click()
    assert "Beta is right because B." in c.feedback.value
    assert "Not saved to your journal" in c.feedback.value
