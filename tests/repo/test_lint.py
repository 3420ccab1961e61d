"""The code follows the project's ruff configuration (lint and format), notebooks included,
exactly as `.pre-commit-config.yaml` runs it."""

import subprocess
import sys


def _ruff(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=cwd, capture_output=True, text=True
    )


def test_ruff_lint_is_clean(repo_root):
    proc = _ruff("check", ".", cwd=repo_root)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_is_clean(repo_root):
    proc = _ruff("format", "--check", ".", cwd=repo_root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
