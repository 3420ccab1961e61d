"""Fixtures for the browser tests: Debian's Chromium driven by Playwright (sync API).

- ``browser`` (session): one Chromium for the whole run; fails (never skips) without it.
- ``site_url`` (session): the lead's ``built_book`` served over http on 127.0.0.1.
- ``page`` (per test): a fresh browser context whose every request is checked; a request to any
  host other than 127.0.0.1 is aborted and recorded, and the test then fails at teardown.
- ``lab`` (session): a real JupyterLab on 127.0.0.1 with ``WORKBOOK_HOME`` in a tmp folder.
- ``axe_check``: runs axe-core from ``node_modules`` (``npm ci``; never a CDN) on a page.

Run: ``pytest -m browser tests/browser`` (needs ``apt-get install chromium``; never
``playwright install``). Full-page screenshots land in ``tests/browser/_screenshots/``.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

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
# The course folder under test; WORKBOOK_ROOT wins, as in workbook.paths.project_root().
PROJECT_ROOT = Path(os.environ.get("WORKBOOK_ROOT") or Path(__file__).resolve().parents[2])
SCREENSHOT_DIR = Path(__file__).resolve().parent / "_screenshots"
LOCAL_HOSTS = {"127.0.0.1"}
# Generous: these bound how long we wait for something to appear, not how fast it must be.
WAIT_MS = 60_000
LAB_START_S = 120


# --------------------------------------------------------------------------- browser


# ``browser`` (one Chromium for the whole run) lives in tests/conftest.py, so that tests of
# other kinds share it: Playwright's sync API cannot be started twice in one thread.


@dataclass
class PageWatch:
    """What a page did that a test may want to assert on."""

    offsite: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    # Every error counts: there is no list of errors to ignore.
    def on_page_error(self, exc) -> None:
        self.page_errors.append(getattr(exc, "message", None) or str(exc))

    def on_console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def on_request_failed(self, request) -> None:
        if _is_local(request.url):  # offsite requests are refused on purpose and listed apart
            self.failed.append(f"{request.url} ({request.failure})")

    def on_response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in {"data", "blob", "about"}:
        return True
    return parsed.hostname in LOCAL_HOSTS


@pytest.fixture
def watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def context(browser, watch, request):
    """A fresh context (own localStorage, downloads allowed); offsite requests are refused.

    Parametrize it indirectly with "light" or "dark" for the reader's colour scheme.
    """
    ctx = browser.new_context(
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
        color_scheme=getattr(request, "param", "light"),
    )
    ctx.set_default_timeout(WAIT_MS)

    def guard(route):
        url = route.request.url
        watch.requests.append(url)
        if _is_local(url):
            route.continue_()
        else:
            watch.offsite.append(url)
            route.abort()

    ctx.route("**/*", guard)
    yield ctx
    ctx.close()
    assert not watch.offsite, (
        "requests left 127.0.0.1 (the site and JupyterLab must work offline, no CDN):\n"
        + "\n".join(sorted(set(watch.offsite)))
    )


@pytest.fixture
def page(context, watch):
    pg = context.new_page()

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("console", watch.on_console)
    pg.on("pageerror", watch.on_page_error)
    pg.on("requestfailed", watch.on_request_failed)
    pg.on("response", watch.on_response)
    return pg


# --------------------------------------------------------------------------- static site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@pytest.fixture(scope="session")
def site_url(built_book):
    """Serve the built book on 127.0.0.1 (a free port); yield its base URL ending in '/'."""
    root = Path(built_book)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


# --------------------------------------------------------------------------- JupyterLab


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    url: str
    token: str
    home: Path
    log: Path

    def tree(self, path: str) -> str:
        return f"{self.url}lab/tree/{path}?token={self.token}"

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"


def _lab_settings(settings_dir: Path) -> None:
    """User settings so the test session never writes to the repo nor asks questions."""
    files = {
        # Autosave would write executed outputs into the committed notebook.
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        # No news or update checks (they would reach the internet) and no toast over buttons.
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for rel, data in files.items():
        target = settings_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data))


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A real JupyterLab serving the project root, journal in a tmp ``WORKBOOK_HOME``."""
    base = tmp_path_factory.mktemp("lab")
    home = base / "workbook-home"
    home.mkdir()
    settings = base / "settings"
    _lab_settings(settings)
    port = _free_port()
    token = secrets.token_hex(16)
    env = dict(os.environ)
    env.update(
        WORKBOOK_HOME=str(home),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        PYTHONPATH=os.pathsep.join(
            p for p in [str(PROJECT_ROOT / "src"), env.get("PYTHONPATH", "")] if p
        ),
    )
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={PROJECT_ROOT}",
        # Checkpoints go to tmp, not into .ipynb_checkpoints folders inside the repo.
        f"--FileCheckpoints.checkpoint_dir={base / 'checkpoints'}",
        "--LabApp.news_url=",
    ]
    log = base / "jupyterlab.log"
    with log.open("wb") as log_fh:
        proc = subprocess.Popen(
            cmd,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log_fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    info = Lab(url=url, token=token, home=home, log=log)
    try:
        _wait_for_lab(proc, f"{url}api/status?token={token}", info)
        yield info
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def lab_root() -> Path:
    """The folder JupyterLab serves (the project root)."""
    return PROJECT_ROOT


def _wait_for_lab(proc: subprocess.Popen, status_url: str, info: Lab) -> None:
    deadline = time.monotonic() + LAB_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab exited with {proc.returncode}:\n{info.log_tail()}")
        try:
            with urllib.request.urlopen(status_url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)  # polling a server that is starting; there is no event to wait on
    pytest.fail(f"JupyterLab did not answer within {LAB_START_S} s:\n{info.log_tail()}")


def _stop(proc: subprocess.Popen) -> None:
    """Terminate JupyterLab (and its kernels, same process group), then kill if needed."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)


# --------------------------------------------------------------------------- axe-core


AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _axe_script() -> str:
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is needed for the accessibility tests and {AXE.relative_to(PROJECT_ROOT)} "
            "is missing: run `npm ci` at the repository root (package-lock.json pins it)."
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe_source() -> str:
    return _axe_script()


@pytest.fixture
def axe_check(axe_source):
    """Return ``check(page, label)`` -> list of serious/critical violations (and print them)."""

    def check(pg, label: str) -> list[dict]:
        pg.evaluate(axe_source)
        results = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [v for v in results["violations"] if v.get("impact") in {"serious", "critical"}]
        for v in bad:
            print(f"[{label}] {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"]:
                print(f"    target {node['target']}: {node.get('failureSummary', '')[:300]}")
        return bad

    return check


# --------------------------------------------------------------------------- screenshots


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    return SCREENSHOT_DIR


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (fixtures use it to save failure evidence)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
