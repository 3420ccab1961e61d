"""Fixtures for the component tests: a fresh page for each test, small content files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from workbook.components._base import reset_page


@pytest.fixture(autouse=True)
def fresh_page():
    """Each test starts a new page: assets not yet emitted, no DOM ids claimed."""
    reset_page()
    yield
    reset_page()


@pytest.fixture
def write(tmp_path):
    """Write a dedented text file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


from wb_samples import QUIZ, REFLECTIONS  # noqa: E402


@pytest.fixture
def quiz_file(write) -> Path:
    return write("quiz.yaml", QUIZ)


@pytest.fixture
def reflections_file(write) -> Path:
    return write("reflections.yaml", REFLECTIONS)
