"""A throw-away copy of the real course, to break in one place and run ``workbook check`` on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbook.cli import main

COURSE_FILES = ("_config.yml", "_toc.yml")
COURSE_FOLDERS = ("book", "weeks", "case_studies")
_IGNORE = shutil.ignore_patterns("_build", ".ipynb_checkpoints", "__pycache__", "*.pyc")


@pytest.fixture
def course(repo_root: Path, tmp_path: Path) -> Path:
    """A copy of the repository's course (pages, weeks, cases) that passes ``workbook check``."""
    root = tmp_path / "course"
    root.mkdir()
    for name in COURSE_FILES:
        shutil.copy2(repo_root / name, root / name)
    for name in COURSE_FOLDERS:
        shutil.copytree(repo_root / name, root / name, ignore=_IGNORE)
    return root


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
