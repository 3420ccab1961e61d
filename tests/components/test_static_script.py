"""The static script's logic, run in Node (no browser): number parsing agrees with Python,
and "Download my notes" JSON has the shape ``workbook journal import`` reads."""

from __future__ import annotations

import json

from wb_node import call_wb

from workbook.components.grading import parse_number


def collect_notes(storage: dict) -> dict:
    return call_wb([("collectNotes", [{"$storage": storage}])])[0]


INPUTS = [
    "12,5",
    "12.5",
    "12.5 %",
    "12.5%",
    " 13 ",
    "1 234",
    "1,234",
    "1,234.5",
    "1.234,5",
    "1,234,567",
    "1.234.567",
    "0,05",
    "-4",
    "\u22123,25",
    "£3.50",
    "45 minutes",
    "7.",
    "",
    "twelve",
    "1 2",
    "1,2,3",
    "12 and 13",
    "3 / 4",
    "12e3",
    "1.2,3.4",
    "%12",
]


def test_number_parsing_matches_python():
    js = call_wb([("parseNumber", [text, "%"]) for text in INPUTS])
    for text, got in zip(INPUTS, js, strict=True):
        value, message = parse_number(text, "%")
        assert got.get("value") == value, (text, got, value)
        assert (got.get("msg") is None) == (message == ""), (text, got, message)


def test_notes_json_shape():
    storage = {
        "workbook:v1:reflection:w01-r01": json.dumps(
            [
                {"text": "a", "saved_at": "2026-11-26T10:00:00Z"},
                {"text": "b <img src=x>", "saved_at": "2026-11-26T11:00:00Z"},
            ]
        ),
        "workbook:v1:complete:w01-s02": json.dumps(
            {"complete": True, "at": "2026-11-26T10:05:00Z"}
        ),
        "workbook:v1:complete:w01-s03": json.dumps(
            {"complete": False, "at": "2026-11-26T10:06:00Z"}
        ),
        "workbook:v1:attempt:w01-quiz:w01-q03": json.dumps(
            [{"answer": "5,2", "correct": True, "at": "2026-11-26T10:07:00Z"}]
        ),
        "unrelated": "x",
        # tampered entries are left out, not a reason to offer no notes at all
        "workbook:v1:reflection:w01-r02": json.dumps([None, 5, "text"]),
        "workbook:v1:attempt:w01-quiz:w01-q04": "not json",
    }
    notes = collect_notes(storage)
    assert notes["format"] == "workbook-notes" and notes["version"] == 1
    assert notes["source"] == "static-site" and notes["exported_at"].endswith("Z")
    assert notes["reflections"] == [
        {"prompt_id": "w01-r01", "text": "a", "saved_at": "2026-11-26T10:00:00Z"},
        {"prompt_id": "w01-r01", "text": "b <img src=x>", "saved_at": "2026-11-26T11:00:00Z"},
    ]
    assert notes["completed_steps"] == [
        {"step_id": "w01-s02", "completed_at": "2026-11-26T10:05:00Z"}
    ]
    assert notes["quiz_attempts"] == [
        {
            "quiz_id": "w01-quiz",
            "item_id": "w01-q03",
            "answer": "5,2",
            "correct": True,
            "answered_at": "2026-11-26T10:07:00Z",
        }
    ]


def test_notes_json_imports_into_the_journal(tmp_path, learner_home):
    from workbook.journal import Journal

    storage = {
        "workbook:v1:reflection:w01-r01": json.dumps(
            [{"text": "from the site", "saved_at": "2026-11-26T10:00:00Z"}]
        ),
        "workbook:v1:complete:w01-s02": json.dumps(
            {"complete": True, "at": "2026-11-26T10:05:00Z"}
        ),
    }
    path = tmp_path / "my-workbook-notes.json"
    path.write_text(json.dumps(collect_notes(storage)))
    journal = Journal()
    journal.import_file(path)
    assert journal.latest_reflection("w01-r01") == "from the site"
    assert "w01-s02" in journal.completed_steps()
