"""The journal's edges: clocks from the future, exports that must import again, read-only
journals, exports during imports, private files, and untrusted names in messages."""

from __future__ import annotations

import ast
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.journal import Journal, JournalError, opening, portable

from .test_journal_api import UNICODE_SAMPLES, Clock


def _notes(*reflections: tuple[str, str, str], **extra: object) -> dict:
    return {
        "format": "workbook-notes",
        "version": 1,
        "reflections": [{"prompt_id": p, "text": t, "saved_at": s} for p, t, s in reflections],
        **extra,
    }


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _state(journal: Journal) -> dict:
    doc = journal.to_dict()
    del doc["exported_at"]
    return doc


# ---------------------------------------------------------------------------------------------
# A device with a wrong clock

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)


def test_future_times_in_an_import_are_clamped_with_a_warning(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3", clock=Clock(NOW))
    notes = _notes(
        ("w01-r01", "from a phone set to 2099", "2099-01-01T00:00:00Z"),
        ("w01-r02", "an honest past entry", "2026-11-25T09:00:00Z"),
        completed_steps=[{"step_id": "w01-s01", "completed_at": "2098-05-05T00:00:00Z"}],
    )
    result = journal.import_file(_write(tmp_path / "notes.json", notes))
    assert result.total_added == 3
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert "2 entries" in warning and "in the future" in warning and "2099-01-01" in warning
    assert "Warning: " + warning in str(result)
    stamps = [r["saved_at"] for r in journal.reflections()] + [journal.step_events()[0]["at"]]
    assert all(s < "2026-11-27" for s in stamps)  # nothing stored from the future
    assert journal.reflection_history("w01-r02")[0]["saved_at"] == "2026-11-25T09:00:00.000000Z"


@pytest.mark.parametrize("kind", ["reflection", "step", "record"])
def test_a_local_save_after_a_future_import_is_the_latest(tmp_path, kind):
    journal = Journal(tmp_path / "j.sqlite3", clock=Clock(NOW))
    future = "2099-01-01T00:00:00Z"
    journal.import_data(
        {
            "format": "workbook-journal",
            "version": 1,
            "reflections": [{"prompt_id": "w01-r01", "text": "future", "saved_at": future}],
            "step_events": [{"step_id": "w01-s01", "complete": True, "at": future}],
            "records": [{"kind": "pdsa", "key": "c1", "data": {"v": "future"}, "saved_at": future}],
        }
    )
    if kind == "reflection":
        journal.save_reflection("w01-r01", "typed today")
        assert journal.latest_reflection("w01-r01") == "typed today"
        assert journal.reflection_history("w01-r01")[-1]["text"] == "typed today"
    elif kind == "step":
        journal.set_complete("w01-s01", False)
        assert journal.completed_steps() == set()
    else:
        journal.save_record("pdsa", "c1", {"v": "today"})
        assert journal.latest_record("pdsa", "c1") == {"v": "today"}


def test_a_local_save_shows_even_when_the_clock_goes_back(tmp_path):
    clock = Clock(datetime(2031, 1, 1, tzinfo=timezone.utc))  # a clock years ahead...
    journal = Journal(tmp_path / "j.sqlite3", clock=clock)
    journal.save_reflection("w01-r01", "saved while the clock was wrong")
    journal.set_complete("w01-s01")
    clock.now = NOW  # ...then put right
    journal.save_reflection("w01-r01", "saved after the clock was fixed")
    journal.set_complete("w01-s01", False)
    assert journal.latest_reflection("w01-r01") == "saved after the clock was fixed"
    assert journal.completed_steps() == set()
    # Times are kept as the clock said; the order is the order of saving.
    history = journal.reflection_history("w01-r01")
    assert [h["saved_at"][:4] for h in history] == ["2031", "2026"]


def test_importing_a_clamped_file_again_adds_nothing(tmp_path):
    clock = Clock(NOW)
    journal = Journal(tmp_path / "j.sqlite3", clock=clock)
    notes = _write(tmp_path / "notes.json", _notes(("w01-r01", "future", "2099-01-01T00:00:00Z")))
    assert journal.import_file(notes).total_added == 1
    state = _state(journal)
    again = journal.import_file(notes)  # a later moment: the clamp would differ
    assert again.total_added == 0 and again.already_present == 1
    clock.now = datetime(2100, 1, 1, tzinfo=timezone.utc)  # time caught up: not future now
    later = journal.import_file(notes)
    assert later.total_added == 0 and not later.warnings
    assert _state(journal) == state


def test_cli_import_prints_the_future_warning(learner_home, tmp_path, capsys):
    notes = _write(tmp_path / "n.json", _notes(("w01-r01", "x", "2999-01-01T00:00:00Z")))
    assert main(["journal", "import", str(notes)]) == 0
    out = capsys.readouterr().out
    assert "added 1 reflections" in out and "Warning: 1 entry" in out and "future" in out


# ---------------------------------------------------------------------------------------------
# Every export can be imported again


def _meta_export_bytes(path: Path) -> int:
    conn = sqlite3.connect(path)
    row = conn.execute("SELECT value FROM meta WHERE key = 'export_bytes'").fetchone()
    conn.close()
    return int(row[0])


def test_long_reflections_export_over_ten_megabytes_and_import_again(tmp_path):
    source = Journal(tmp_path / "a.sqlite3", clock=Clock())
    # A million characters each; control characters take six bytes each in JSON.
    long_text = ("\x07é" * 500_000)[: portable.MAX_TEXT_CHARS]
    for i in range(4):
        source.save_reflection("w01-r01", f"{i}{long_text[1:]}")
    export = tmp_path / "export.json"
    export.write_text(source.export("json"), encoding="utf-8")
    assert export.stat().st_size > 10 * 1024 * 1024
    target = Journal(tmp_path / "b.sqlite3")
    result = target.import_file(export)
    assert result.added["reflections"] == 4
    assert _state(target) == _state(source)


def test_the_journal_counts_exactly_what_its_export_takes(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3", clock=Clock())
    for i, text in enumerate(UNICODE_SAMPLES):
        journal.save_reflection(f"w01-r{i:02d}", text)
        journal.record_attempt(
            "w01-quiz", f"w01-q{i}", {"nested": [text, {"deep": [1, 2.5]}]}, True
        )
        journal.save_record("pdsa", f"c{i}", {text: [text, None, True], "n": {"x": [[]]}})
        journal.set_complete(f"w01-s{i:02d}", i % 2 == 0)
    journal.import_data(
        {
            "format": "workbook-notes",
            "version": 1,
            "reflections": [
                {"prompt_id": "w02-r01", "text": "\x00\n\t", "saved_at": "2026-01-01T00:00:00Z"}
            ],
        }
    )
    counted = _meta_export_bytes(journal.path)
    doc = journal.to_dict()
    entries_only = len(portable.render_json({k: doc[k] for k in portable.JOURNAL_LISTS}).encode())
    written = len(journal.export("json").encode())
    assert written <= counted + portable.EXPORT_HEADER_BYTES
    # Exact but for the four lists' names and brackets (less the last entry's comma in each).
    assert 0 <= entries_only - counted <= 120


def test_a_save_the_export_could_not_import_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "MAX_IMPORT_BYTES", portable.EXPORT_HEADER_BYTES + 3000)
    journal = Journal(tmp_path / "j.sqlite3", clock=Clock())
    with pytest.raises(JournalError) as info:
        for i in range(100):
            journal.save_reflection("w01-r01", f"version {i} " + "words " * 50)
    message = str(info.value)
    assert message.startswith(f"{journal.path}: cannot save: ")
    limit = f"over the {portable.MAX_IMPORT_BYTES:,} bytes that `workbook journal import` reads"
    assert limit in message and "workbook journal export -o" in message
    kept = journal.reflections()
    assert 0 < len(kept) < 100  # the refused save was not half-written
    export = tmp_path / "export.json"
    export.write_text(journal.export("json"), encoding="utf-8")
    assert export.stat().st_size <= portable.MAX_IMPORT_BYTES
    fresh = Journal(tmp_path / "fresh.sqlite3")
    assert fresh.import_file(export).added["reflections"] == len(kept)
    # A full journal still takes imports that add nothing, and refuses, whole, ones that would.
    assert journal.import_file(export).total_added == 0
    more = _notes(*[("w01-r09", f"new {i} " + "w" * 300, "2026-01-01T00:00:00Z") for i in range(3)])
    with pytest.raises(JournalError, match="cannot save: the journal's export would be"):
        journal.import_data(more, name="more.json")
    assert len(journal.reflections()) == len(kept)


def test_an_oversize_import_file_names_the_limit_and_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "MAX_IMPORT_BYTES", 2 * 1024 * 1024)
    path = _write(tmp_path / "big.json", _notes(("w01-r01", "x" * 3_000_000, "2026-01-01T00:00Z")))
    journal = Journal(tmp_path / "j.sqlite3")
    with pytest.raises(JournalError) as info:
        journal.import_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: the file is 2.9 MB, larger than the 2 MB ")
    assert "check that you chose the right file" in message and "\n" not in message
    assert not journal.path.exists()


# ---------------------------------------------------------------------------------------------
# Read-only journals


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture
def read_only(monkeypatch):
    """Make a file or folder read-only. Root ignores permission bits, so when the tests run as
    root the journal is told what the system would tell anyone else (``opening.can_write``)."""
    made: list[tuple[Path, int]] = []

    def make(path: Path) -> None:
        made.append((path, stat.S_IMODE(path.stat().st_mode)))
        path.chmod(0o555 if path.is_dir() else 0o444)
        if os.geteuid() == 0:
            real = opening.can_write
            frozen = {p.resolve() for p, _ in made}
            monkeypatch.setattr(
                opening, "can_write", lambda p: p.resolve() not in frozen and real(p)
            )

    yield make
    for path, mode in reversed(made):
        path.chmod(mode)


def _journal_left_by_a_killed_writer(folder: Path) -> Path:
    """A journal whose last saves are still in its WAL file, as a killed writer leaves it."""
    work = folder.parent / (folder.name + "-work")
    work.mkdir()
    journal = Journal(work / "journal.sqlite3", clock=Clock())
    journal.save_reflection("w01-r01", "checkpointed")
    journal.close()
    conn = sqlite3.connect(work / "journal.sqlite3", isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("SELECT count(*) FROM reflections").fetchone()  # holds the WAL open
    with Journal(work / "journal.sqlite3", clock=Clock(NOW)) as journal:
        journal.save_reflection("w01-r01", "in the WAL")
    for name in ("journal.sqlite3", "journal.sqlite3-wal"):
        shutil.copyfile(work / name, folder / name)  # copied while a connection holds it open
    conn.close()
    assert (folder / "journal.sqlite3-wal").stat().st_size > 0
    return folder / "journal.sqlite3"


@pytest.mark.parametrize("left", ["closed cleanly", "by a killed writer"])
def test_journal_in_a_read_only_folder_can_be_read_and_exported(tmp_path, read_only, left):
    folder = tmp_path / "home"
    folder.mkdir()
    if left == "closed cleanly":
        path = folder / "journal.sqlite3"
        with Journal(path, clock=Clock()) as journal:
            journal.save_reflection("w01-r01", "in the WAL")
    else:
        path = _journal_left_by_a_killed_writer(folder)
    read_only(folder)
    before = _snapshot(folder)
    journal = Journal(path)
    assert journal.latest_reflection("w01-r01") == "in the WAL"
    assert json.loads(journal.export("json"))["reflections"][-1]["text"] == "in the WAL"
    assert "in the WAL" in journal.export("md", titles=None)
    with pytest.raises(JournalError) as info:
        journal.save_reflection("w01-r01", "new")
    message = str(info.value)
    assert message.startswith(
        f"{path}: cannot save to the journal: its folder {folder} is read-only"
    )
    assert "can still be read and exported" in message and "WORKBOOK_HOME" in message
    journal.close()
    assert _snapshot(folder) == before  # nothing created, changed or left behind


def test_read_only_journal_file_can_be_read_and_exported(tmp_path, read_only):
    path = tmp_path / "journal.sqlite3"
    with Journal(path, clock=Clock()) as journal:
        journal.save_reflection("w01-r01", "kept")
    read_only(path)
    before = path.read_bytes()
    journal = Journal(path)
    assert journal.reflections()[0]["text"] == "kept"
    assert json.loads(journal.export("json"))["reflections"][0]["text"] == "kept"
    with pytest.raises(JournalError, match="cannot save to the journal: the file is read-only"):
        journal.set_complete("w01-s01")
    assert path.read_bytes() == before


def test_cli_exports_a_journal_in_a_read_only_folder(learner_home, tmp_path, read_only, capsys):
    with Journal(clock=Clock()) as journal:
        journal.save_reflection("w01-r01", "rescued")
    read_only(learner_home)
    out = tmp_path / "out.json"
    assert main(["journal", "export", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["reflections"][0]["text"] == "rescued"
    assert main(["journal", "show"]) == 0
    assert "rescued" in capsys.readouterr().out


def test_sqlite_refusing_a_write_is_reported_as_read_only(tmp_path, monkeypatch):
    # Whatever the permission bits say (and root ignores them), SQLite itself refusing to
    # write must come out as a message that names the cause.
    path = tmp_path / "journal.sqlite3"
    Journal(path).save_reflection("w01-r01", "kept")
    real = opening._uri
    monkeypatch.setattr(
        opening, "_uri", lambda p, **kw: real(p, **{**kw, "mode": "ro"} if kw else kw)
    )
    journal = Journal(path)
    with pytest.raises(JournalError) as info:
        journal.save_reflection("w01-r01", "new")
    message = str(info.value)
    assert message.startswith(f"{path}: cannot save to the journal: ")
    assert "read-only" in message and "readonly database" in message and "\n" not in message
    assert journal.latest_reflection("w01-r01") == "kept"


# ---------------------------------------------------------------------------------------------
# Exports are one snapshot


def test_an_export_during_an_import_holds_all_of_it_or_none(tmp_path):
    path = tmp_path / "j.sqlite3"
    journal = Journal(path, clock=Clock())
    journal.save_reflection("w01-r01", "before")
    other = Journal(path, clock=Clock(NOW))
    batch = {
        "format": "workbook-journal",
        "version": 1,
        "reflections": [
            {"prompt_id": "w01-r02", "text": "imported", "saved_at": "2026-01-01T00:00Z"}
        ],
        "records": [{"kind": "pdsa", "key": "c", "data": {}, "saved_at": "2026-01-01T00:00Z"}],
    }
    conn = journal._connection(create=False)
    fired = []

    def import_between_reads(statement: str) -> None:
        # After the export has read the reflections, another process imports a batch.
        if "FROM step_events" in statement and not fired:
            fired.append(statement)
            other.import_data(batch)

    conn.set_trace_callback(import_between_reads)
    doc = journal.to_dict()
    conn.set_trace_callback(None)
    assert fired
    assert [r["text"] for r in doc["reflections"]] == ["before"]
    assert doc["records"] == []  # not half of the import
    assert len(journal.to_dict()["records"]) == 1  # the next export has all of it


# ---------------------------------------------------------------------------------------------
# Private files


@pytest.fixture
def open_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_new_journal_file_and_folder_are_private(tmp_path, open_umask):
    path = tmp_path / "home" / "journal.sqlite3"
    journal = Journal(path)
    journal.save_reflection("w01-r01", "private")
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for sidecar in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600
    journal.close()


def test_an_older_world_readable_journal_is_made_private_on_save(tmp_path, open_umask):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    path = folder / "journal.sqlite3"
    with Journal(path) as journal:
        journal.save_reflection("w01-r01", "x")
    path.chmod(0o644)
    journal = Journal(path)
    assert journal.latest_reflection("w01-r01") == "x"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # reading changes nothing
    journal.save_reflection("w01-r01", "y")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755  # a folder it did not make: left alone


# ---------------------------------------------------------------------------------------------
# Untrusted names in messages

HOSTILE_KEYS = {
    "escape": "\x1b[2K\x1b[1Aerror: all good",
    "carriage return": "ok\rerror: none",
    "bidi override": "mood\u202edlefi",
    "zero width": "mo\u200bod",
    "bell and null": "a\x07\x00b",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_KEYS))
def test_unexpected_keys_are_reported_without_raw_control_characters(tmp_path, name):
    key = HOSTILE_KEYS[name]
    doc = _notes(("w01-r01", "t", "2026-01-01T00:00:00Z"))
    doc["reflections"][0][key] = 1
    journal = Journal(tmp_path / "j.sqlite3")
    with pytest.raises(JournalError) as info:
        journal.import_file(_write(tmp_path / "n.json", doc))
    message = str(info.value)
    assert "unexpected field" in message
    assert all(c.isprintable() for c in message), repr(message)
    assert "\u200b" not in message and "\u202e" not in message
    shown = message.split("reflections[0].", 1)[1].split(": unexpected", 1)[0]
    assert shown.startswith("'") and shown.endswith("'")
    assert ast.literal_eval(shown) == key  # the escaped form reads back to the key exactly


def test_long_hostile_keys_are_cut_short(tmp_path):
    doc = _notes(**{"x" * 5000: 1})
    journal = Journal(tmp_path / "j.sqlite3")
    with pytest.raises(JournalError) as info:
        journal.import_data(doc, name="n.json")
    assert len(str(info.value)) < 400 and "…" in str(info.value)


def test_nested_data_paths_escape_keys_too(tmp_path):
    doc = {
        "format": "workbook-journal",
        "version": 1,
        "records": [
            {
                "kind": "pdsa",
                "key": "c",
                "data": {"\x1b]0;owned\x07": {"x": "\ud800"}},
                "saved_at": "2026-01-01T00:00Z",
            }
        ],
    }
    with pytest.raises(JournalError) as info:
        Journal(tmp_path / "j.sqlite3").import_data(doc, name="n.json")
    message = str(info.value)
    assert "records[0].data.'\\x1b]0;owned\\x07'.x: contains characters" in message


def test_saving_under_a_missing_folder_of_a_read_only_one_names_both(tmp_path, read_only):
    parent = tmp_path / "locked"
    parent.mkdir()
    read_only(parent)
    journal = Journal(parent / "home" / "journal.sqlite3")
    assert journal.reflections() == []
    with pytest.raises(JournalError) as info:
        journal.save_reflection("w01-r01", "x")
    assert f"its folder {parent / 'home'} cannot be made: {parent} is read-only" in str(info.value)
    assert list(parent.iterdir()) == []


def test_private_copies_left_by_killed_processes_are_removed(tmp_path, read_only, monkeypatch):
    monkeypatch.setattr(opening.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / "tmp" / f"workbook-journal-{dead.stdout.strip()}-abc"
    stale.mkdir()
    (stale / "journal.sqlite3").write_bytes(b"old copy")
    alive = tmp_path / "tmp" / f"workbook-journal-{os.getppid()}-def"
    alive.mkdir()
    folder = tmp_path / "home"
    folder.mkdir()
    with Journal(folder / "journal.sqlite3") as journal:
        journal.save_reflection("w01-r01", "x")
    read_only(folder)
    journal = Journal(folder / "journal.sqlite3")
    assert journal.latest_reflection("w01-r01") == "x"
    assert not stale.exists() and alive.exists()
    copies = [p for p in (tmp_path / "tmp").iterdir() if p != alive]
    assert len(copies) == 1 and stat.S_IMODE(copies[0].stat().st_mode) == 0o700
    journal.close()
    assert [p for p in (tmp_path / "tmp").iterdir()] == [alive]  # its own copy removed


# ---------------------------------------------------------------------------------------------
# Where an export may be written


def test_an_export_may_not_replace_the_journal_or_a_special_file(tmp_path):
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    journal.save_reflection("w01-r01", "x")
    for target in (path, Path(f"{path}-wal"), tmp_path / "." / "journal.sqlite3"):
        with pytest.raises(JournalError, match="your journal's own file"):
            journal.check_export_target(target)
    link = tmp_path / "hard-link.json"
    os.link(path, link)
    with pytest.raises(JournalError, match="your journal's own file"):
        journal.check_export_target(link)
    with pytest.raises(JournalError, match="is a folder"):
        journal.check_export_target(tmp_path)
    with pytest.raises(JournalError, match="not a regular file"):
        journal.check_export_target("/dev/null")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(JournalError, match="not a regular file"):
        journal.check_export_target(fifo)
    assert journal.check_export_target(tmp_path / "new.json") == tmp_path / "new.json"
    (tmp_path / "old.json").write_text("{}", encoding="utf-8")
    assert journal.check_export_target(tmp_path / "old.json") == tmp_path / "old.json"


def test_read_only_folder_without_a_temporary_folder_is_one_clear_error(
    tmp_path, read_only, monkeypatch
):
    folder = tmp_path / "home"
    folder.mkdir()
    with Journal(folder / "journal.sqlite3") as journal:
        journal.save_reflection("w01-r01", "x")
    read_only(folder)

    def no_space(**kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(opening.tempfile, "mkdtemp", no_space)
    with pytest.raises(JournalError) as info:
        Journal(folder / "journal.sqlite3")
    message = str(info.value)
    assert "read-only" in message and "No space left on device" in message
    assert "TMPDIR" in message and "\n" not in message
