"""The Journal API: history kept, latest wins, validation, timestamps, Unicode."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.errors import UserError
from workbook.journal import APPLICATION, SCHEMA_VERSION, Journal, JournalError, default_path

UTC_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")

UNICODE_SAMPLES = [
    "مرحبا، هذا تأملي في الأسبوع الأول",  # Arabic (right to left)
    "\u200fשלום עולם\u200f",  # Hebrew with right-to-left marks
    "👩🏽‍⚕️ 🇬🇧 🏳️‍🌈 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",  # emoji ZWJ sequences, flags, astral letters
    "e\u0301 a\u0308 n\u0303",  # combining marks: must not be normalised to é ä ñ
    "नमस्ते दुनिया",  # Devanagari with vowel signs
    "行\u2028列\u2029段 \u00a0nbsp\tTab",  # line/paragraph separators, no-break space, tab
    "line one\r\nline two\rline three\n",  # mixed line ends kept as typed
]


class Clock:
    """A clock that ticks one second per call, for predictable timestamps."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def test_default_path_is_under_workbook_home(learner_home):
    assert default_path() == learner_home / "journal.sqlite3"
    journal = Journal()
    assert journal.path == learner_home / "journal.sqlite3"


def test_reading_an_absent_journal_creates_nothing(learner_home):
    journal = Journal()
    assert journal.latest_reflection("w01-r01") is None
    assert journal.reflection_history("w01-r01") == []
    assert journal.completed_steps() == set()
    assert journal.attempts() == []
    assert journal.records("pdsa") == []
    assert not journal.exists()
    assert not learner_home.exists()


def test_first_save_creates_a_versioned_wal_database(learner_home):
    journal = Journal()
    journal.save_reflection("w01-r01", "first")
    assert journal.exists()
    conn = sqlite3.connect(journal.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    conn.close()
    assert meta["application"] == APPLICATION
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert UTC_STAMP.match(meta["created_at"])


def test_reflections_keep_every_version(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3", clock=Clock())
    journal.save_reflection("w01-r01", "draft")
    journal.save_reflection("w01-r01", "better")
    journal.save_reflection("w01-r02", "other prompt")
    journal.save_reflection("w01-r01", "final")
    assert journal.latest_reflection("w01-r01") == "final"
    history = journal.reflection_history("w01-r01")
    assert [h["text"] for h in history] == ["draft", "better", "final"]
    # The clock ticked once more when the journal was created (its created_at).
    assert [h["saved_at"] for h in history] == [
        "2026-11-26T10:00:02.000000Z",
        "2026-11-26T10:00:03.000000Z",
        "2026-11-26T10:00:05.000000Z",
    ]
    # A second Journal object (another notebook) sees the same.
    assert Journal(tmp_path / "j.sqlite3").latest_reflection("w01-r02") == "other prompt"


def test_timestamps_are_utc_iso8601(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    before = datetime.now(timezone.utc)
    journal.save_reflection("w01-r01", "text")
    stamp = journal.reflection_history("w01-r01")[0]["saved_at"]
    assert UTC_STAMP.match(stamp)
    saved = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    assert before <= saved <= datetime.now(timezone.utc)


def test_clock_in_another_time_zone_is_stored_as_utc(tmp_path):
    plus_two = timezone(timedelta(hours=2))
    journal = Journal(
        tmp_path / "j.sqlite3", clock=lambda: datetime(2026, 1, 1, 1, 30, tzinfo=plus_two)
    )
    journal.set_complete("w01-s01")
    assert journal.step_events()[0]["at"] == "2025-12-31T23:30:00.000000Z"


def test_completion_events_latest_wins_and_history_is_kept(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3", clock=Clock())
    journal.set_complete("w01-s01")
    journal.set_complete("w01-s02")
    journal.set_complete("w01-s02", False)
    journal.set_complete("w01-s03", False)
    assert journal.completed_steps() == {"w01-s01"}
    journal.set_complete("w01-s02", True)
    assert journal.completed_steps() == {"w01-s01", "w01-s02"}
    events = journal.step_events("w01-s02")
    assert [e["complete"] for e in events] == [True, False, True]


def test_quiz_attempts(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3", clock=Clock())
    journal.record_attempt("w01-quiz", "w01-q01", "Option B", False)
    journal.record_attempt("w01-quiz", "w01-q01", "Option A", True)
    journal.record_attempt("w01-quiz", "w01-q02", ["a", "c"], True)
    journal.record_attempt("w02-quiz", "w02-q01", 12.5, True)
    assert [a["answer"] for a in journal.attempts("w01-quiz")] == [
        "Option B",
        "Option A",
        ["a", "c"],
    ]
    assert [a["correct"] for a in journal.attempts("w01-quiz")] == [False, True, True]
    assert len(journal.attempts()) == 4
    assert journal.attempts("w02-quiz")[0] == {
        "quiz_id": "w02-quiz",
        "item_id": "w02-q01",
        "answer": 12.5,
        "correct": True,
        "answered_at": "2026-11-26T10:00:05.000000Z",
    }


def test_records_keep_history(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3", clock=Clock())
    journal.save_record("pdsa", "cycle-1", {"plan": "Shorter handover", "do": ""})
    journal.save_record("pdsa", "cycle-1", {"plan": "Shorter handover", "do": "Tried on ward 3"})
    journal.save_record("pdsa", "cycle-2", {"plan": "Another"})
    journal.save_record("exercise", "w01-s06", {"answer": [1, 2]})
    versions = journal.records("pdsa", "cycle-1")
    assert [v["data"]["do"] for v in versions] == ["", "Tried on ward 3"]
    assert len(journal.records("pdsa")) == 3
    assert journal.latest_record("pdsa", "cycle-1") == {
        "plan": "Shorter handover",
        "do": "Tried on ward 3",
    }
    assert journal.latest_record("pdsa", "missing") is None
    assert journal.records("exercise")[0]["data"] == {"answer": [1, 2]}


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda j: j.save_reflection(1, "text"), TypeError),
        (lambda j: j.save_reflection("", "text"), ValueError),
        (lambda j: j.save_reflection("w01\n-r01", "text"), ValueError),
        (lambda j: j.save_reflection("w01-r01", None), TypeError),
        (lambda j: j.save_reflection("w01-r01", "bad \ud800 surrogate"), ValueError),
        (lambda j: j.record_attempt("q", "i", object(), True), TypeError),
        (lambda j: j.record_attempt("q", "i", float("nan"), True), TypeError),
        (lambda j: j.record_attempt("q", "i", "a", "yes"), TypeError),
        (lambda j: j.set_complete("w01-s01", 1), TypeError),
        (lambda j: j.save_record("pdsa", "k", ["not", "a", "dict"]), TypeError),
        (lambda j: j.save_record("pdsa", "k", {1: "int key"}), TypeError),
    ],
)
def test_bad_arguments_raise_and_write_nothing(tmp_path, call, error):
    journal = Journal(tmp_path / "j.sqlite3")
    with pytest.raises(error):
        call(journal)
    assert not journal.path.exists()


def test_numpy_bool_is_accepted(tmp_path):
    import numpy as np  # a dependency of the workbook

    journal = Journal(tmp_path / "j.sqlite3")
    journal.record_attempt("w01-quiz", "w01-q01", "A", np.bool_(True))
    assert journal.attempts()[0]["correct"] is True


def test_journal_error_is_a_user_error():
    assert issubclass(JournalError, UserError)


@pytest.mark.parametrize("text", UNICODE_SAMPLES)
def test_unicode_round_trips_exactly(tmp_path, text):
    journal = Journal(tmp_path / "j.sqlite3")
    journal.save_reflection("w01-r01", text)
    journal.record_attempt("w01-quiz", "w01-q01", text, True)
    journal.save_record("pdsa", "c1", {text: text})
    fresh = Journal(tmp_path / "j.sqlite3")
    assert fresh.latest_reflection("w01-r01") == text
    assert fresh.attempts()[0]["answer"] == text
    assert fresh.records("pdsa")[0]["data"] == {text: text}


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_round_trips(tmp_path_factory, text):
    journal = Journal(tmp_path_factory.mktemp("j") / "j.sqlite3")
    journal.save_reflection("w01-r01", text)
    assert journal.latest_reflection("w01-r01") == text


def test_journal_used_as_context_manager_reopens(tmp_path):
    path = tmp_path / "j.sqlite3"
    with Journal(path) as journal:
        journal.save_reflection("w01-r01", "a")
    journal.save_reflection("w01-r01", "b")  # reconnects after close
    assert [h["text"] for h in journal.reflection_history("w01-r01")] == ["a", "b"]
