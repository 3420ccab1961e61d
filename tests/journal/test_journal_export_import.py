"""Export (JSON, Markdown, HTML) and import (our JSON, the book's downloaded notes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from workbook.cli import main
from workbook.journal import ContentTitles, Journal, JournalError

from .test_journal_api import UNICODE_SAMPLES, Clock

TITLES = ContentTitles(
    weeks={1: "The nature and origins of healthcare improvement"},
    steps={"w01-s02": "Welcome"},
    prompts={"w01-r01": "Introduce yourself"},
)

NOTES = {
    "format": "workbook-notes",
    "version": 1,
    "exported_at": "2026-11-26T10:00:00Z",
    "source": "static-site",
    "reflections": [
        {"prompt_id": "w01-r01", "text": "From the book", "saved_at": "2026-11-25T09:00:00Z"},
        {"prompt_id": "w01-r01", "text": "Edited", "saved_at": "2026-11-25T09:05:00.123Z"},
        {"prompt_id": "w02-r01", "text": "Week two", "saved_at": "2026-11-25T11:00:00+01:00"},
    ],
    "completed_steps": [{"step_id": "w01-s02", "completed_at": "2026-11-25T09:10:00Z"}],
    "quiz_attempts": [
        {
            "quiz_id": "w01-quiz",
            "item_id": "w01-q03",
            "answer": "Option C",
            "correct": True,
            "answered_at": "2026-11-25T09:20:00Z",
        }
    ],
}


def _state(journal: Journal) -> dict:
    doc = journal.to_dict()
    del doc["exported_at"]
    return doc


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _filled(path: Path) -> Journal:
    journal = Journal(path, clock=Clock())
    journal.save_reflection("w01-r01", "first thoughts")
    journal.save_reflection("w01-r01", "second thoughts")
    journal.set_complete("w01-s02")
    journal.set_complete("w01-s03")
    journal.set_complete("w01-s03", False)
    journal.record_attempt("w01-quiz", "w01-q01", ["a", "b"], False)
    journal.save_record("pdsa", "cycle-1", {"plan": "Test a checklist", "do": ""})
    return journal


# ---------------------------------------------------------------------------------------------
# JSON export and import


def test_json_export_holds_everything_including_history(tmp_path):
    journal = _filled(tmp_path / "j.sqlite3")
    doc = json.loads(journal.export("json"))
    assert doc["format"] == "workbook-journal" and doc["version"] == 1
    assert [r["text"] for r in doc["reflections"]] == ["first thoughts", "second thoughts"]
    assert [(e["step_id"], e["complete"]) for e in doc["step_events"]] == [
        ("w01-s02", True),
        ("w01-s03", True),
        ("w01-s03", False),
    ]
    assert doc["quiz_attempts"][0]["answer"] == ["a", "b"]
    assert doc["records"][0]["data"] == {"plan": "Test a checklist", "do": ""}


def test_json_export_imports_into_a_fresh_journal_identically(tmp_path):
    source = _filled(tmp_path / "a.sqlite3")
    export = tmp_path / "export.json"
    export.write_text(source.export("json"), encoding="utf-8")
    target = Journal(tmp_path / "b.sqlite3")
    result = target.import_file(export)
    assert result.total_added == 7 and result.already_present == 0
    assert _state(target) == _state(source)
    assert target.completed_steps() == {"w01-s02"}


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    notes = _write(tmp_path / "notes.json", NOTES)
    first = journal.import_file(notes)
    assert first.added == {"reflections": 3, "step_events": 1, "quiz_attempts": 1, "records": 0}
    state = _state(journal)
    second = journal.import_file(notes)
    assert second.total_added == 0 and second.already_present == 5
    assert _state(journal) == state
    # Our own export of it, imported back, adds nothing either.
    export = tmp_path / "export.json"
    export.write_text(journal.export("json"), encoding="utf-8")
    assert journal.import_file(export).total_added == 0
    assert _state(journal) == state


def test_notes_import_normalises_times_and_merges_with_local_work(tmp_path):
    clock = Clock(datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc))
    journal = Journal(tmp_path / "j.sqlite3", clock=clock)
    journal.save_reflection("w01-r01", "Typed in JupyterLab")
    clock.now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)  # imported at noon
    journal.import_file(_write(tmp_path / "notes.json", NOTES))
    history = journal.reflection_history("w01-r01")
    assert [h["text"] for h in history] == ["Typed in JupyterLab", "From the book", "Edited"]
    assert history[2]["saved_at"] == "2026-11-25T09:05:00.123000Z"
    assert journal.reflection_history("w02-r01")[0]["saved_at"] == "2026-11-25T10:00:00.000000Z"
    assert journal.latest_reflection("w01-r01") == "Edited"
    assert journal.completed_steps() == {"w01-s02"}
    assert journal.attempts()[0]["answer"] == "Option C"


def test_same_instant_written_differently_is_one_entry(tmp_path):
    notes = dict(NOTES, completed_steps=[], quiz_attempts=[])
    notes["reflections"] = [
        {"prompt_id": "w01-r01", "text": "same", "saved_at": "2026-11-25T09:00:00Z"},
        {"prompt_id": "w01-r01", "text": "same", "saved_at": "2026-11-25T09:00:00.000Z"},
        {"prompt_id": "w01-r01", "text": "same", "saved_at": "2026-11-25T10:00:00+01:00"},
    ]
    journal = Journal(tmp_path / "j.sqlite3")
    result = journal.import_file(_write(tmp_path / "notes.json", notes))
    assert result.added["reflections"] == 1 and result.already_present == 2


def test_later_local_unmark_beats_an_older_imported_completion(tmp_path):
    later = Clock(datetime(2026, 11, 27, tzinfo=timezone.utc))
    journal = Journal(tmp_path / "j.sqlite3", clock=later)
    journal.set_complete("w01-s02", False)
    journal.import_file(_write(tmp_path / "notes.json", NOTES))
    assert journal.completed_steps() == set()


# ---------------------------------------------------------------------------------------------
# Malformed import files


def _notes(**changes: object) -> dict:
    doc = json.loads(json.dumps(NOTES))
    doc.update(changes)
    return doc


def _bad_text(index: int, value: object) -> dict:
    doc = _notes()
    doc["reflections"] = [dict(doc["reflections"][0]) for _ in range(index + 1)]
    doc["reflections"][index]["text"] = value
    return doc


MALFORMED: dict[str, tuple[object, str]] = {
    # name: (file content: bytes, str or a JSON document, expected message after "<file>: ")
    "bad-json": (
        '{"format": "workbook-notes", "version": 1,,}',
        "line 1, column 43: not valid JSON",
    ),
    "truncated-json": ('{"format": "workbook-notes", "reflections": [', "not valid JSON"),
    "empty": ("", "the file is empty"),
    "not-utf8": (b'{"format": "\xff\xfe"}', "not UTF-8 text"),
    "top-level-list": ([NOTES], "expected a JSON object at the top level, found a list"),
    "no-format": ({"version": 1}, "format: missing"),
    "unknown-format": (_notes(format="evernote"), "format: unknown format 'evernote'"),
    "newer-version": (_notes(version=2), "version: version 2 is made by a newer version"),
    "version-string": (_notes(version="1"), "version: expected a whole number, found a string"),
    "reflections-not-list": (
        _notes(reflections={}),
        "reflections: expected a list, found an object",
    ),
    "text-number": (_bad_text(2, 42), "reflections[2].text: expected a string, found a number"),
    "text-null": (_bad_text(0, None), "reflections[0].text: expected a string, found null"),
    "missing-time": (
        _notes(reflections=[{"prompt_id": "w01-r01", "text": "t"}]),
        "reflections[0].saved_at: missing",
    ),
    "bad-time": (
        _notes(reflections=[{"prompt_id": "w01-r01", "text": "t", "saved_at": "yesterday"}]),
        "reflections[0].saved_at: expected an ISO 8601 time with a time zone",
    ),
    "time-without-zone": (
        _notes(completed_steps=[{"step_id": "w01-s01", "completed_at": "2026-11-25T09:00:00"}]),
        "completed_steps[0].completed_at: expected an ISO 8601 time with a time zone",
    ),
    "impossible-date": (
        _notes(completed_steps=[{"step_id": "w01-s01", "completed_at": "2026-02-30T09:00:00Z"}]),
        "completed_steps[0].completed_at: '2026-02-30T09:00:00Z' is not a real date and time",
    ),
    "correct-as-string": (
        _notes(quiz_attempts=[dict(NOTES["quiz_attempts"][0], correct="yes")]),
        "quiz_attempts[0].correct: expected true or false, found a string",
    ),
    "unexpected-field": (
        _notes(reflections=[dict(NOTES["reflections"][0], mood="happy")]),
        "reflections[0].mood: unexpected field",
    ),
    "unexpected-top-field": (_notes(passwords=[]), "passwords: unexpected field"),
    "empty-id": (
        _notes(reflections=[dict(NOTES["reflections"][0], prompt_id=" ")]),
        "reflections[0].prompt_id: must not be empty",
    ),
    "duplicate-key": (
        '{"format": "workbook-notes", "version": 1, "version": 1}',
        "not valid JSON (the key 'version' appears twice in one object)",
    ),
    "nan": ('{"format": "workbook-notes", "version": NaN}', "not valid JSON (NaN is not allowed"),
    "lone-surrogate": (
        '{"format": "workbook-notes", "version": 1, "reflections": [{"prompt_id": "w01-r01", '
        '"text": "\\ud800", "saved_at": "2026-11-25T09:00:00Z"}]}',
        "reflections[0].text: contains characters that are not valid Unicode text",
    ),
    "deep-nesting": (
        '{"format": "workbook-notes", "version": 1, "quiz_attempts": [{"quiz_id": "q", '
        '"item_id": "i", "correct": true, "answered_at": "2026-11-25T09:00:00Z", "answer": '
        + "[" * 50
        + "]" * 50
        + "}]}",
        "quiz_attempts[0].answer" + "[0]" * 20,
    ),
    "journal-format-step-events": (
        {"format": "workbook-journal", "version": 1, "step_events": [{"step_id": "w01-s01"}]},
        "step_events[0]",
    ),
}


def _make(tmp_path: Path, name: str) -> Path:
    content, _ = MALFORMED[name]
    path = tmp_path / "notes.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        _write(path, content)
    return path


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_import_is_refused_and_writes_nothing(tmp_path, name):
    path = _make(tmp_path, name)
    journal = Journal(tmp_path / "absent.sqlite3")
    with pytest.raises(JournalError) as info:
        journal.import_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert MALFORMED[name][1] in message
    assert "\n" not in message
    assert not journal.path.exists()  # not even created


@pytest.mark.parametrize("name", ["text-number", "bad-json", "unknown-format"])
def test_malformed_import_leaves_an_existing_journal_unchanged(tmp_path, name):
    journal = _filled(tmp_path / "j.sqlite3")
    before = _state(journal)
    with pytest.raises(JournalError):
        journal.import_file(_make(tmp_path, name))
    assert _state(journal) == before


def test_one_bad_entry_after_good_ones_imports_none_of_them(tmp_path):
    doc = _notes()
    doc["quiz_attempts"].append(dict(doc["quiz_attempts"][0], correct=1))
    journal = Journal(tmp_path / "j.sqlite3")
    with pytest.raises(JournalError, match=r"quiz_attempts\[1\]\.correct"):
        journal.import_file(_write(tmp_path / "notes.json", doc))
    assert journal.reflections() == [] and journal.completed_steps() == set()


@pytest.mark.parametrize("name", ["text-number", "bad-json", "not-utf8"])
def test_cli_import_of_malformed_file_is_one_line_exit_2(learner_home, tmp_path, capsys, name):
    path = _make(tmp_path, name)
    assert main(["journal", "import", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: {path}: ")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert not (learner_home / "journal.sqlite3").exists()


def test_cli_import_subprocess_without_traceback(learner_home, tmp_path):
    path = _make(tmp_path, "text-number")
    env = {**os.environ, "WORKBOOK_HOME": str(learner_home)}
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "journal", "import", str(path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"error: {path}: reflections[2].text: expected a string, found a number\n"
    good = _write(tmp_path / "good.json", NOTES)
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "journal", "import", str(good)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "added 3 reflections, 1 step events, 1 quiz attempts" in proc.stdout
    assert Journal(learner_home / "journal.sqlite3").latest_reflection("w01-r01") == "Edited"


# ---------------------------------------------------------------------------------------------
# Markdown and HTML exports: readable, grouped by week, and never live

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "![pic](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    "<javascript:alert(1)>",
    '</div></pre><script src="https://evil.example/x.js"></script>',
    '"><svg onload=alert(1)>',
    "&lt;script&gt; already escaped &amp; more",
    "# not a heading\n- not a list\n1. not numbered\n> not a quote\n***\n`code` *em* _em_",
]

_ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "time",
    "section", "article", "span", "div", "details", "summary", "ul", "li", "dl", "dt", "dd",
    "blockquote", "br", "strong", "em",
}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def _collect(markup: str) -> _Collector:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector


def _assert_inert(markup: str) -> str:
    """No script, no link, no event handler, no external resource; return the visible text."""
    found = _collect(markup)
    for tag, attrs in found.tags:
        assert tag in _ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name not in ("href", "src", "srcset", "action", "formaction"), (tag, name)
            assert "javascript:" not in (value or "").lower()
    return "".join(found.text)


def _journal_with(tmp_path: Path, texts: list[str]) -> Journal:
    journal = Journal(tmp_path / "j.sqlite3", clock=Clock())
    for i, text in enumerate(texts):
        journal.save_reflection(f"w01-r{i:02d}", text)
        journal.save_reflection(f"w01-r{i:02d}", text + " (edited)")
        journal.record_attempt("w01-quiz", f"w01-q{i:02d}", text, False)
        journal.save_record("pdsa", f"cycle-{i}", {"plan": text, text[:20]: "key"})
    journal.save_reflection("w01-<b>bold</b>", "id with markup")
    return journal


def test_html_export_escapes_everything(tmp_path):
    page = _journal_with(tmp_path, PAYLOADS).export("html", titles=TITLES)
    assert "<script" not in page.lower()
    assert "Content-Security-Policy" in page
    visible = _assert_inert(page)
    for payload in PAYLOADS:
        assert payload in visible  # shown literally, as typed
    assert "w01-<b>bold</b>" in visible


def test_markdown_export_escapes_everything(tmp_path):
    text = _journal_with(tmp_path, PAYLOADS).export("md", titles=TITLES)
    assert "<script" not in text.lower() and "<img" not in text.lower()
    # Rendered by a CommonMark renderer that passes raw HTML through and trusts every link,
    # the learner's text still comes out as plain text.
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True
    rendered = md.render(text)
    visible = _assert_inert(rendered)
    for payload in PAYLOADS:
        for line in payload.split("\n"):
            assert line in visible, line


def test_markdown_and_html_group_by_week_with_titles(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3", clock=Clock())
    journal.save_reflection("w02-r01", "about week two")
    journal.save_reflection("w01-r01", "old version")
    journal.save_reflection("w01-r01", "new version")
    journal.set_complete("w01-s02")
    journal.save_reflection("intro", "not tied to a week")
    md = journal.export("md", titles=TITLES)
    week1 = md.index("## Week 1: The nature and origins of healthcare improvement")
    week2 = md.index("## Week 2")
    other = md.index("## Other work")
    assert week1 < week2 < other
    section1 = md[week1:week2]
    assert "### Introduce yourself (w01-r01)" in section1
    assert section1.index("new version") < section1.index("Earlier versions (1)")
    assert section1.index("Earlier versions (1)") < section1.index("old version")
    assert "- Welcome (w01-s02)" in section1
    assert "about week two" in md[week2:other]
    page = journal.export("html", titles=TITLES)
    visible = _assert_inert(page)
    assert visible.index("Week 1: The nature") < visible.index("Week 2") < visible.index("Other")
    assert "Introduce yourself" in visible and "Earlier versions (1)" in visible


def test_empty_journal_exports(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    assert json.loads(journal.export("json"))["reflections"] == []
    assert "Nothing has been saved yet." in journal.export("md", titles=TITLES)
    assert "Nothing has been saved yet." in _assert_inert(journal.export("html", titles=TITLES))
    with pytest.raises(ValueError, match="unknown export format"):
        journal.export("pdf")


# ---------------------------------------------------------------------------------------------
# Unicode through export and import


def test_unicode_round_trips_through_export_and_import(tmp_path):
    source = _journal_with(tmp_path, UNICODE_SAMPLES)
    export = tmp_path / "export.json"
    export.write_text(source.export("json"), encoding="utf-8")
    target = Journal(tmp_path / "target.sqlite3")
    target.import_file(export)
    assert _state(target) == _state(source)
    for i, text in enumerate(UNICODE_SAMPLES):
        assert target.latest_reflection(f"w01-r{i:02d}") == text + " (edited)"
        assert target.reflection_history(f"w01-r{i:02d}")[0]["text"] == text
    page = source.export("html", titles=TITLES)
    visible = _assert_inert(page)
    md = source.export("md", titles=TITLES)
    for text in UNICODE_SAMPLES:
        # HTML keeps every character; Markdown too, apart from its own line-break markup.
        assert text in visible
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            assert line in md


def test_notes_json_with_unicode_imports_exactly(tmp_path):
    doc = _notes(
        reflections=[
            {"prompt_id": "w01-r01", "text": text, "saved_at": f"2026-11-25T09:00:0{i}Z"}
            for i, text in enumerate(UNICODE_SAMPLES)
        ]
    )
    path = tmp_path / "notes.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    journal = Journal(tmp_path / "j.sqlite3")
    journal.import_file(path)
    assert [h["text"] for h in journal.reflection_history("w01-r01")] == UNICODE_SAMPLES


def test_time_zone_offsets_are_converted_to_utc(tmp_path):
    stamp = "2026-11-25T23:30:00-02:00"
    doc = _notes(reflections=[{"prompt_id": "w01-r01", "text": "t", "saved_at": stamp}])
    journal = Journal(tmp_path / "j.sqlite3")
    journal.import_file(_write(tmp_path / "n.json", doc))
    expected = datetime(2026, 11, 26, 1, 30, tzinfo=timezone.utc)
    assert journal.reflection_history("w01-r01")[0]["saved_at"] == expected.strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ"
    )
