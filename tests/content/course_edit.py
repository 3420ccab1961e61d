"""Helpers for tests that break one thing in a copy of the course and run ``workbook check``."""

from __future__ import annotations

from pathlib import Path

from workbook.cli import main


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a course file; the test fails if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path.name}"  # guards the test itself
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return hits[nth - 1]


def check(root: Path, capsys) -> tuple[int, list[str]]:
    """Run ``workbook check --root ROOT``; return the exit status and the problem lines."""
    status = main(["check", "--root", str(root)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    problems = [line for line in err.splitlines() if not line.endswith(" found.")]
    return status, problems
