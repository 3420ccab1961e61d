"""A unit run does not load the notebook machinery; a run that includes notebooks does."""

from __future__ import annotations

import subprocess
import sys

CODE = (
    "import sys, pytest; "
    "code = pytest.main(['--co', '-q', '-p', 'no:randomly', *sys.argv[1:]]); "
    "print('NBVAL', 'nbval.plugin' in sys.modules, 'EXIT', int(code))"
)


def _collect(repo_root, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", CODE, *args],
        cwd=repo_root,
        capture_output=True,
        text=True,
    )
    return proc.stdout


def test_a_unit_run_does_not_load_nbval(repo_root):
    out = _collect(repo_root, "tests/qi/test_qi_pdsa.py")
    assert "NBVAL False EXIT 0" in out and ".ipynb" not in out


def test_a_notebook_path_is_collected_by_nbval_in_lax_mode(repo_root):
    out = _collect(repo_root, "book/tour.ipynb")
    assert "NBVAL True EXIT 0" in out
    assert "book/tour.ipynb::Cell 0" in out


def test_the_default_testpaths_switch_nbval_on(repo_root):
    # no paths given: pytest uses the testpaths of pyproject.toml, as `python -m pytest` does
    # (narrowed here to the notebook folders, to keep the collection short)
    out = _collect(repo_root, "-o", "testpaths=book weeks")
    assert "NBVAL True EXIT 0" in out
    assert "\nbook/tour.ipynb::Cell 0" in out and "\nweeks/week01/02-welcome.ipynb::Cell 0" in out
    out = _collect(repo_root, "-o", "testpaths=tests/qi")
    assert "NBVAL False EXIT 0" in out


def test_pyproject_testpaths_include_the_notebook_folders(repo_root):
    import tomllib

    config = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    testpaths = config["tool"]["pytest"]["ini_options"]["testpaths"]
    assert {"book", "weeks", "case_studies"} <= set(testpaths)
