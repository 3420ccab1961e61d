"""The command line's one output policy: errors are one line, untrusted text is visible."""

from __future__ import annotations

import pytest

from workbook.cli._output import error_line, run
from workbook.errors import LocatedError, UserError
from workbook.markup import terminal_safe


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain café ✓ 👋", "plain café ✓ 👋"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("a\u202eb", "a\\u202eb"),
        ("a\u2066b\u2069", "a\\u2066b\\u2069"),
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
        ("del\x7f c1\x9b", "del\\x7f c1\\x9b"),
        ("bad \udce9 byte", "bad \\udce9 byte"),
        ("tag\U000e0041", "tag\\U000e0041"),
    ],
)
def test_terminal_safe_shows_what_the_text_holds(text, shown):
    assert terminal_safe(text) == shown


def test_terminal_safe_keeps_or_escapes_newlines():
    assert terminal_safe("a\nb\tc") == "a\nb\tc"
    assert terminal_safe("a\nb\r", keep_newlines=False) == "a\\x0ab\\x0d"


def test_a_located_error_is_printed_once_on_one_line(tmp_path, capsys):
    def fail(_args):
        raise LocatedError(tmp_path / "q.yaml", 7, ("items", 2, "id"), "bad\nid \x1b[2J")

    assert run(fail, None) == 2
    err = capsys.readouterr().err
    assert err == f"error: {tmp_path / 'q.yaml'}:7: items[2].id: bad\\x0aid \\x1b[2J\n"


def test_os_errors_name_the_file_and_never_show_a_traceback(capsys):
    def fail(_args):
        raise FileNotFoundError(2, "No such file or directory", "/nowhere/x.csv")

    assert run(fail, None) == 2
    assert capsys.readouterr().err == "error: /nowhere/x.csv: No such file or directory\n"


def test_error_line_of_a_user_error():
    assert error_line(UserError("say what to do")) == "error: say what to do"
