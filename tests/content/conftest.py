"""A throw-away copy of the real course, to break in one place and run ``workbook check`` on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
