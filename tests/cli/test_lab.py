"""``workbook lab`` starts a real JupyterLab that opens at the welcome page."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_lab_opens_at_the_welcome_page(repo_root, tmp_path):
    port, token = _free_port(), secrets.token_hex(16)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "workbook",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
        ],
        cwd=repo_root / "weeks",  # found from a subfolder too
        env={
            **os.environ,
            "WORKBOOK_HOME": str(tmp_path),
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):  # wait for the server to answer (not a limit on behaviour)
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    pytest.fail(f"JupyterLab exited:\n{proc.stdout.read()}")
                time.sleep(0.5)
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(f"{base}/?token={token}", timeout=10)
        assert redirect.value.code in (301, 302)
        location = redirect.value.headers["Location"]
        assert location.split("?")[0].endswith("/lab/tree/book/welcome.ipynb"), location
        page = urllib.request.urlopen(
            f"{base}/lab/tree/book/welcome.ipynb?token={token}", timeout=10
        )
        assert page.status == 200
        api = urllib.request.urlopen(
            f"{base}/api/contents/book/welcome.ipynb?token={token}", timeout=10
        )
        assert b'"type": "notebook"' in api.read().replace(
            b'"type":"notebook"', b'"type": "notebook"'
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
