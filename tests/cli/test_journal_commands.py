"""The journal commands under the command line's one policy: an export never replaces the
journal or a device, untrusted text reaches the terminal visible and harmless, and a home
folder that is not UTF-8 is one clear line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from workbook.cli import main
from workbook.journal import Journal


def _one_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("suffix", ["", "-wal", "-journal"])
def test_export_onto_the_journal_itself_is_refused(learner_home, capsys, suffix):
    journal = Journal()
    journal.save_reflection("w01-r01", "my work")
    db = journal.path
    before = db.read_bytes()
    assert main(["journal", "export", "-o", str(db) + suffix]) == 2
    assert "your journal's own file" in _one_error(capsys)
    assert db.read_bytes() == before
    assert Journal().reflections()[0]["text"] == "my work"


def test_export_onto_the_journal_through_a_link_is_refused(learner_home, tmp_path, capsys):
    journal = Journal()
    journal.save_reflection("w01-r01", "my work")
    link = tmp_path / "export.json"
    link.symlink_to(journal.path)
    assert main(["journal", "export", "-o", str(link)]) == 2
    assert "your journal's own file" in _one_error(capsys)
    assert Journal().reflections()[0]["text"] == "my work"


def test_export_onto_a_pipe_is_refused(learner_home, tmp_path, capsys):
    Journal().save_reflection("w01-r01", "my work")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main(["journal", "export", "-o", str(fifo)]) == 2
    assert "not a regular file" in _one_error(capsys)
    assert fifo.is_fifo()


def test_journal_show_makes_hidden_characters_visible(learner_home, capsys):
    text = "safe \u202eevil\u202c zero\u200bwidth \x1b[2Jcleared\x07 line\u2028sep"
    Journal().save_reflection("w01-r01", text)
    assert main(["journal", "show", "--all"]) == 0
    out = capsys.readouterr().out
    for raw, shown in [
        ("\u202e", "\\u202e"),
        ("\u200b", "\\u200b"),
        ("\x1b", "\\x1b"),
        ("\x07", "\\x07"),
        ("\u2028", "\\u2028"),
    ]:
        assert raw not in out and shown in out


def test_unexpected_keys_in_an_import_are_printed_harmlessly(learner_home, tmp_path, capsys):
    bad = tmp_path / "notes.json"
    bad.write_text(json.dumps({"format": "x", "\x1b]0;owned\x07\x1b[2K": 1}), encoding="utf-8")
    assert main(["journal", "import", str(bad)]) == 2
    err = _one_error(capsys)
    assert "\x1b" not in err and "\x07" not in err


def test_a_non_utf8_workbook_home_is_one_line(tmp_path):
    home = os.fsencode(tmp_path) + b"/caf\xe9"
    env = {**os.environ}
    env.pop("WORKBOOK_HOME", None)
    envb = {os.fsencode(k): os.fsencode(v) for k, v in env.items()}
    envb[b"WORKBOOK_HOME"] = home
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "journal", "show"], capture_output=True, env=envb
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2 and "Traceback" not in err
    assert err.startswith("error: WORKBOOK_HOME is set to") and "not UTF-8" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("source", ["/dev/zero", "folder"])
def test_import_from_a_device_or_folder_is_refused_not_read(learner_home, tmp_path, capsys, source):
    path = tmp_path if source == "folder" else source
    assert main(["journal", "import", str(path)]) == 2
    assert "is not a regular file" in _one_error(capsys)
    assert not Journal().exists()
