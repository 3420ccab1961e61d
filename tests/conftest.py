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


# --------------------------------------------------------------------------- Chromium

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium, driven by Playwright, for every test that needs a browser.

    Shared by all kinds of test because Playwright's sync API runs an event loop in the
    test thread: a second ``sync_playwright()`` while this one is open would fail. Fails,
    never skips, when Chromium is missing.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's Chromium. "
            "Install it with `apt-get install chromium` (never `playwright install`)."
        )
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception:
        pw.stop()
        raise
    yield chromium
    chromium.close()
    pw.stop()
