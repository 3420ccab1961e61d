"""``workbook check`` runs every content rule: each test breaks one thing in a copy of the
real course and expects exactly the located line for it (``file:line: field: message``),
exit status 1 and no traceback. ``workbook build`` refuses to build the same copy."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from course_edit import check, line_of, replace

from workbook.cli import main


def _week(course: Path, n: int = 1) -> Path:
    return course / "weeks" / f"week{n:02d}"


def _only(problems: list[str], *needles: str) -> str:
    """The one problem line; it contains every needle."""
    assert len(problems) == 1, problems
    for needle in needles:
        assert needle in problems[0], (needle, problems[0])
    return problems[0]


def test_the_copy_passes(course, capsys):
    status, problems = check(course, capsys)
    assert (status, problems) == (0, [])


def test_quiz_item_without_source(course, capsys):
    quiz = _week(course) / "quiz.yaml"
    line = line_of(quiz, "- id: w01-q02")
    replace(quiz, '    source: "Reading: how much harm is avoidable? (03-avoidable-harm)"\n', "", 2)
    replace(quiz, "  - id: w01-q01\n", '  - id: w01-q01\n    source: "Reading"\n')
    status, problems = check(course, capsys)
    assert status == 1
    _only(problems, f"quiz.yaml:{line}: items[1]: add 'source:'")


def test_quiz_item_id_without_the_week_prefix(course, capsys):
    quiz = _week(course) / "quiz.yaml"
    replace(quiz, "  - id: w01-q02\n", "  - id: q02\n")
    status, problems = check(course, capsys)
    line = line_of(quiz, "  - id: q02")
    assert status == 1
    _only(problems, f"quiz.yaml:{line}: items[1].id: item id should start with 'w01-'")


def test_reflection_prompt_id_without_the_week_prefix(course, capsys):
    path = _week(course) / "reflections.yaml"
    replace(path, "  - id: w01-r01\n", "  - id: r01\n")
    status, problems = check(course, capsys)
    assert status == 1
    _only(problems, "reflections.yaml:2: prompts[0].id: prompt id should start with 'w01-'")


@pytest.mark.parametrize("value", ["yes", "on", "Yes", "no"])
def test_yaml_1_1_booleans_in_a_quiz_are_an_error_not_true(course, capsys, value):
    quiz = _week(course) / "quiz.yaml"
    replace(quiz, "        correct: true\n", f"        correct: {value}\n")
    status, problems = check(course, capsys)
    line = line_of(quiz, f"correct: {value}")
    # The first key in the file is the first item's correct option: find which option it is.
    import yaml

    first = yaml.safe_load(
        (_week(course) / "quiz.yaml")
        .read_text(encoding="utf-8")
        .replace(f"correct: {value}", "correct: KEY")
    )["items"][0]["options"]
    index = [o["correct"] for o in first].index("KEY")
    assert status == 1
    assert any(f"quiz.yaml:{line}: items[0].options[{index}].correct:" in p for p in problems), (
        problems
    )


def test_week_of_more_than_about_three_hours(course, capsys):
    path = _week(course, 2) / "week.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"minutes: \d+", "minutes: 120", text, count=1), encoding="utf-8")
    status, problems = check(course, capsys)
    assert status == 1
    assert len(problems) == 2, problems  # the rule, and the overview that shows the minutes
    assert "week02/week.yaml: steps: the steps add up to 2" in problems[0]
    assert "165 to 195 minutes" in problems[0]
    assert "week02/01-overview.ipynb: out of date" in problems[1]


def test_a_missing_week_and_a_stray_folder(course, capsys):
    import shutil

    shutil.rmtree(_week(course, 6))
    (course / "weeks" / "week7").mkdir()
    status, problems = check(course, capsys)
    assert status == 1
    assert sum("week06: missing: the course has 6 weeks" in p for p in problems) == 1
    assert sum("week7: not a week folder" in p for p in problems) == 1


def test_transcript_with_a_very_long_hour_field_is_one_located_line(course, capsys):
    vtt = _week(course) / "transcripts" / "welcome.vtt"
    text = vtt.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if "-->" in line)
    line = text.splitlines().index(first) + 1
    vtt.write_text(text.replace(first, "9" * 5000 + ":00:01.000 --> 00:00:02.000", 1))
    status, problems = check(course, capsys)
    assert status == 1
    problem = _only(problems, f"welcome.vtt:{line}: invalid timestamp", "hours field has 5000")
    assert problem.count("welcome.vtt") == 1 and len(problem) < 400


def test_non_utf8_bibliography(course, capsys):
    bib = course / "book" / "references.bib"
    bib.write_bytes(bib.read_bytes().replace(b"\n", b"\n% caf\xe9\n", 3))
    status, problems = check(course, capsys)
    assert status == 1
    _only(problems, "references.bib:2: not UTF-8 text")


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ([], "01-overview.ipynb:1: not a notebook: the JSON is a list"),
        ({"cells": {}, "metadata": {}}, "01-overview.ipynb: cells: not a notebook"),
        ({"cells": [1], "metadata": {}}, "01-overview.ipynb: cells[0]: each cell must be"),
        (
            {"cells": [{"cell_type": "markdown", "source": 5}], "metadata": {}},
            "01-overview.ipynb: cells[0].source: must be text",
        ),
    ],
)
def test_notebook_with_the_wrong_json_shape(course, capsys, shape, expected):
    nb = _week(course, 3) / "01-overview.ipynb"
    nb.write_text(json.dumps(shape), encoding="utf-8")
    status, problems = check(course, capsys)
    assert status == 1
    assert problems[0].endswith(expected.split(": ", 1)[1]) or expected in problems[0], problems
    assert any(expected in p for p in problems)
    assert all("01-overview.ipynb" in p for p in problems), problems


def test_notebook_that_is_not_json(course, capsys):
    nb = _week(course) / "02-welcome.ipynb"
    nb.write_text('{\n  "cells": [\n    oops\n', encoding="utf-8")
    status, problems = check(course, capsys)
    assert status == 1
    _only(problems, "02-welcome.ipynb:3: not valid notebook JSON")


def test_notebook_with_outputs_execution_state_or_another_kernel(course, capsys):
    path = _week(course) / "02-welcome.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    nb["cells"][code]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
    nb["cells"][code]["execution_count"] = 3
    nb["cells"][code]["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01"}
    nb["metadata"]["kernelspec"]["name"] = "julia"
    path.write_text(json.dumps(nb), encoding="utf-8")
    status, problems = check(course, capsys)
    assert status == 1
    fields = sorted(p.split(": ")[1] for p in problems)
    assert fields == sorted(
        [
            f"cells[{code}].outputs",
            f"cells[{code}].execution_count",
            f"cells[{code}].metadata.execution",
            "metadata.kernelspec.name",
        ]
    )


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("a: &a [*a]\n", "anchors and aliases"),
        (
            'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
                for i in range(12)
            ),
            "anchors and aliases",
        ),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 40 levels"),
        ("? [a, b]\n: c\n", "invalid YAML: found unhashable key"),
    ],
    ids=["recursive-alias", "alias-bomb", "deep-nesting", "complex-key"],
)
def test_hostile_yaml_fails_fast_with_one_line(course, capsys, yaml_text, message):
    path = _week(course) / "glossary.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    status, problems = check(course, capsys)
    assert status == 1
    _only(problems, "glossary.yaml:", message)


def test_a_broken_copy_gives_one_line_per_problem_in_a_subprocess(course):
    replace(_week(course) / "quiz.yaml", "  - id: w01-q02\n", "  - id: q02\n")
    (course / "book" / "references.bib").write_bytes(b"@book{x,\n title={\xff}}\n")
    (_week(course, 3) / "01-overview.ipynb").write_text("[]", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "check", "--root", str(course)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[-1] == "3 problems found."
    assert len(lines) == 4


def test_build_runs_the_same_check_first(course, capsys):
    replace(_week(course) / "quiz.yaml", "  - id: w01-q02\n", "  - id: q02\n")
    assert main(["build", "--root", str(course)]) == 1
    err = capsys.readouterr().err
    assert "items[1].id: item id should start with 'w01-'" in err
    assert "fix them before building" in err
    assert not (course / "_build" / "html").exists()


@pytest.mark.parametrize("where", ["empty", "subfolder", "file", "missing"])
def test_root_that_is_not_a_course_is_an_error_not_another_course(course, tmp_path, capsys, where):
    root = {
        "empty": tmp_path / "empty",
        "subfolder": course / "weeks",  # inside a course, but not its top
        "file": course / "_config.yml",
        "missing": tmp_path / "nowhere",
    }[where]
    if where == "empty":
        root.mkdir()
    assert main(["check", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --root ") and err.count("\n") == 1
    assert "No problems found" not in err


def test_root_wins_over_workbook_root(course, repo_root, monkeypatch, capsys):
    monkeypatch.setenv("WORKBOOK_ROOT", str(repo_root))
    replace(_week(course) / "quiz.yaml", "  - id: w01-q02\n", "  - id: q02\n")
    status, problems = check(course, capsys)
    assert status == 1 and str(course.name) in problems[0]


@pytest.mark.parametrize(
    "where",
    [
        "weeks/week01/quiz.yaml",
        "weeks/week01/02-welcome.ipynb",
        "weeks/week03/01-overview.ipynb",
        "book/about.md",
        "_toc.yml",
    ],
)
def test_a_pipe_in_place_of_a_course_file_is_reported_not_read(course, capsys, where):
    import os

    path = course / where
    path.unlink()
    os.mkfifo(path)
    status, problems = check(course, capsys)
    assert status == 1
    assert any(f"{path.name}: is not a regular file" in p for p in problems), problems
