"""Course content validation: the real course passes, and each kind of bad ``week.yaml``,
quiz or bibliography gives an error that names the file, the line and the field. Load errors
use a one-week folder; ``workbook check`` runs on a copy of the real course."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.content.check import check_course
from workbook.content.errors import ContentError
from workbook.content.generate import stale_generated, write_generated
from workbook.content.week import load_week

VALID_WEEK = textwrap.dedent(
    """\
    week: 1
    title: "A week for testing the loader"
    summary: "A short summary of the week."
    introduction: |
      This introduction is long enough to pass validation. It explains what the week is about
      and why it matters to the people who take the course.
    connection: "It follows nothing and leads to week 2."
    objectives:
      - id: w01-o1
        text: "Explain what a test is for."
      - id: w01-o2
        text: "Describe a second thing."
      - id: w01-o3
        text: "Apply a third idea."
    steps:
      - id: w01-s01
        title: "Overview"
        kind: overview
        minutes: 10
        file: 01-overview.ipynb
      - id: w01-s02
        title: "A planned lecture"
        kind: lecture
        minutes: 20
    """
)


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """One week folder holding VALID_WEEK and its one written step."""
    week = tmp_path / "weeks" / "week01"
    week.mkdir(parents=True)
    (week / "week.yaml").write_text(VALID_WEEK)
    (week / "01-overview.ipynb").write_text("{}")
    return tmp_path


def _week(course: Path) -> Path:
    return course / "weeks" / "week01" / "week.yaml"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture text {old!r} not found"  # guards the test itself
    path.write_text(text.replace(old, new, 1))


def _line_of(path: Path, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return hits[nth - 1]


def test_the_real_course_passes_check(repo_root):
    summary = check_course(repo_root)
    assert summary.errors == []
    assert summary.counts["weeks"] == 6


def test_every_week_totals_about_three_hours(repo_root):
    for week_yaml in sorted((repo_root / "weeks").glob("week0*/week.yaml")):
        week = load_week(week_yaml)
        assert 165 <= week.total_minutes <= 195, (week_yaml, week.total_minutes)
        assert 3 <= len(week.objectives) <= 5


def test_generated_pages_are_up_to_date(repo_root):
    assert stale_generated(repo_root) == []


def test_a_copy_of_the_course_is_valid(course):
    assert check_course(course).errors == []


def test_missing_field_names_file_line_and_field(minimal):
    path = _week(minimal)
    _replace(path, 'summary: "A short summary of the week."\n', "")
    with pytest.raises(ContentError) as exc:
        load_week(path)
    err = exc.value
    assert err.file == path and err.field == "summary"
    assert "required field is missing" in str(err)
    assert str(err).startswith(f"{path}:1: summary:") or ":1: summary:" in str(err)


def test_wrong_type_names_the_line_of_the_field(minimal):
    path = _week(minimal)
    _replace(path, "minutes: 20", "minutes: twenty")
    with pytest.raises(ContentError) as exc:
        load_week(path)
    err = exc.value
    assert err.field == "steps[1].minutes"
    assert err.line == _line_of(path, "minutes: twenty")
    assert "twenty" in err.message


def test_duplicate_step_id_points_at_the_second_one(minimal):
    path = _week(minimal)
    _replace(path, "id: w01-s02", "id: w01-s01")
    with pytest.raises(ContentError) as exc:
        load_week(path)
    err = exc.value
    assert err.field == "steps[1].id"
    assert err.line == _line_of(path, "id: w01-s01", nth=2)
    assert "duplicate id 'w01-s01'" in err.message


def test_broken_yaml_gives_the_line(minimal):
    path = _week(minimal)
    _replace(path, 'title: "A week for testing the loader"', 'title: "unclosed quote')
    with pytest.raises(ContentError) as exc:
        load_week(path)
    assert "invalid YAML" in exc.value.message
    assert exc.value.line is not None and exc.value.line >= 2


def test_duplicate_yaml_key_is_an_error_not_silently_overwritten(minimal):
    path = _week(minimal)
    _replace(path, "week: 1\n", "week: 1\nweek: 1\n")
    with pytest.raises(ContentError) as exc:
        load_week(path)
    assert exc.value.line == 2 and "duplicate key 'week'" in exc.value.message


def test_unknown_field_is_rejected(minimal):
    path = _week(minimal)
    _replace(path, "    minutes: 10\n", "    minutes: 10\n    minuets: 10\n")
    with pytest.raises(ContentError) as exc:
        load_week(path)
    assert exc.value.field == "steps[0].minuets" and "unknown field" in exc.value.message


def test_missing_step_file_is_reported(minimal):
    path = _week(minimal)
    _replace(path, "    minutes: 20\n", "    minutes: 20\n    file: 02-lecture.ipynb\n")
    with pytest.raises(ContentError, match="02-lecture.ipynb does not exist"):
        load_week(path)


def test_stale_overview_is_reported_by_check(course):
    _replace(_week(course), '    text: "', '    text: "Now ')
    problems = [str(e) for e in check_course(course).errors]
    assert any("01-overview.ipynb" in p and "workbook generate" in p for p in problems)
    write_generated(course)
    assert check_course(course).errors == []


def test_generate_is_idempotent(course):
    assert write_generated(course) == []


def test_check_command_reports_and_exits_nonzero(course, capsys):
    _replace(_week(course), "minutes: 1", "minutes: -1")
    status = main(["check", "--root", str(course)])
    err = capsys.readouterr().err
    assert status == 1
    assert "week.yaml:" in err and re.search(r"steps\[\d+\]\.minutes", err)


def test_check_command_prints_no_traceback(course):
    _replace(_week(course), "title: ", "title: [unclosed")
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "check", "--root", str(course)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "week.yaml:" in proc.stderr and "invalid YAML" in proc.stderr


def test_bibliography_entry_without_doi_or_url_is_reported(course):
    (course / "book" / "references.bib").write_text(
        "@article{Smith2020,\n  author = {Smith, A.},\n  title = {A title},\n"
        "  journal = {A Journal},\n  year = {2020}\n}\n"
    )
    problems = check_course(course).errors
    assert any(e.line == 1 and "no doi or url" in e.message for e in problems)


def test_citation_of_missing_key_is_reported(course):
    (course / "book" / "references.bib").write_text("")
    (course / "book" / "page.md").write_text("# Page\n\nA claim {cite}`Nobody1999`.\n")
    problems = [str(e) for e in check_course(course).errors]
    assert any("Nobody1999" in p and "page.md" in p for p in problems)


def _write_quiz(course: Path, items: str) -> Path:
    quiz = course / "weeks" / "week01" / "quiz.yaml"
    quiz.write_text('id: w01-quiz\ntitle: "Week 1 quiz"\nitems:\n' + textwrap.dedent(items))
    return quiz


ITEM = """\
  - id: {id}
    type: single
    objective: {objective}
    source: "Reading"
    stem: "Which is right?"
    options:
      - {{text: "This one", correct: true, feedback: "Yes, because it is."}}
      - {{text: "That one", correct: false, feedback: "{feedback}"}}
"""


def test_check_lists_every_quiz_problem_with_its_line(course):
    quiz = _write_quiz(
        course,
        ITEM.format(id="w01-q01", objective="w01-o1", feedback="")
        + ITEM.format(id="w01-q02", objective="w01-o1", feedback=""),
    )
    problems = [e for e in check_course(course).errors if e.file == quiz]
    assert [e.line for e in problems] == [
        _line_of(quiz, 'feedback: ""', 1),
        _line_of(quiz, 'feedback: ""', 2),
    ]
    assert [e.field for e in problems] == [
        "items[0].options[1].feedback",
        "items[1].options[1].feedback",
    ]


def test_quiz_item_must_test_an_objective_of_the_week(course):
    quiz = _write_quiz(course, ITEM.format(id="w01-q01", objective="w01-o9", feedback="No."))
    problems = [e for e in check_course(course).errors if e.file == quiz]
    assert len(problems) == 1 and "w01-o9" in problems[0].message
    assert problems[0].line == _line_of(quiz, "objective: w01-o9")


def test_unparsable_bibliography_is_one_error_not_a_cascade(course):
    (course / "book" / "references.bib").write_text(
        "@article{A2020,\n  author = {A, B},\n  title = {T},\n  journal = {J},\n  year = {2020},\n"
        "  doi = {10.1/x}\n}\n@article{A2020,\n  title = {again}\n}\n"
    )
    (course / "book" / "page.md").write_text("# Page\n\nA claim {cite}`A2020`.\n")
    problems = check_course(course).errors
    assert len(problems) == 1
    assert problems[0].line == 8 and "repeated" in problems[0].message
