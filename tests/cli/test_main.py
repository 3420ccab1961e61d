"""The ``workbook`` command line."""

import subprocess
import sys

import workbook
from workbook.cli import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out.strip() == f"workbook {workbook.__version__}"


def test_no_command_prints_help(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    for command in ("build", "lab", "check", "generate", "journal", "spc", "progress"):
        assert command in out


def test_console_script_is_installed():
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.startswith("workbook ")


def test_outside_a_course_gives_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBOOK_ROOT", raising=False)
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "check", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "WORKBOOK_ROOT": str(tmp_path)},
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr


def test_build_counts_sphinx_warnings_but_not_library_logging():
    from workbook.cli import SPHINX_WARNING

    assert SPHINX_WARNING.search("weeks/week01/02-welcome.ipynb:12: WARNING: undefined label")
    assert SPHINX_WARNING.search("WARNING: html_static_path entry 'x' does not exist")
    assert SPHINX_WARNING.search("book/about.md:3: ERROR: Unknown directive type")
    assert not SPHINX_WARNING.search(
        "ERROR:tornado.general:Uncaught exception in ZMQStream callback"
    )
    assert not SPHINX_WARNING.search("[IPKernelApp] WARNING | Kernel is running over TCP")
