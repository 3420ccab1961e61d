"""Shared fixtures: the project root, a throw-away learner home, and the built book."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Notebook kernels started by nbval and the book build inherit this environment, so nothing a
# test runs can write into the real learner's journal.
os.environ.setdefault("WORKBOOK_HOME", tempfile.mkdtemp(prefix="workbook-test-home-"))
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def learner_home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty ``$WORKBOOK_HOME`` for one test."""
    home = tmp_path / "home"
    monkeypatch.setenv("WORKBOOK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the book once per test session with ``workbook build`` (warnings are errors)
    and return ``_build/html``. The build's log is kept in ``_build/build.log``."""
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "build"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    if proc.returncode != 0:
        log = ROOT / "_build" / "build.log"
        tail = log.read_text(encoding="utf-8")[-6000:] if log.is_file() else ""
        pytest.fail(
            f"the book did not build cleanly (exit {proc.returncode}).\n"
            f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}\nlog tail:\n{tail}",
            pytrace=False,
        )
    return ROOT / "_build" / "html"
