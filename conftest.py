"""Notebooks run under nbval only when the run includes them.

nbval's plugin takes seconds to import (it loads the Jupyter client stack), so it is not
loaded for every run (``-p no:nbval`` in ``pyproject.toml``). This hook loads it, in lax mode
(cells run in a fresh kernel and must not raise; outputs are not compared), when the run
includes notebooks: the default run (``python -m pytest``, whose testpaths include ``book``,
``weeks`` and ``case_studies``), or any path that is, holds or lies inside a notebook folder.
``python -m pytest tests/qi`` therefore starts in about a second.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NOTEBOOK_FOLDERS = tuple(ROOT / name for name in ("book", "weeks", "case_studies"))

# Notebook kernels inherit this environment, so a notebook run never writes into the real
# learner's journal (tests/conftest.py sets the same for the test modules).
os.environ.setdefault("WORKBOOK_HOME", tempfile.mkdtemp(prefix="workbook-test-home-"))
os.environ.setdefault("MPLBACKEND", "Agg")


def _includes_notebooks(args: list[str]) -> bool:
    for arg in args:
        path = Path(arg.split("::", 1)[0])
        path = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if path.suffix == ".ipynb":
            return True
        if path.is_dir() and any(
            folder == path or path in folder.parents or folder in path.parents
            for folder in NOTEBOOK_FOLDERS
        ):
            return True
    return False


class _Defaults:
    """Records the default of each option nbval declares (a stand-in for pytest's parser)."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def getgroup(self, *_args, **_kwargs) -> _Defaults:
        return self

    def addoption(self, *names: str, **kwargs) -> None:
        dest = kwargs.get("dest") or names[0].lstrip("-").replace("-", "_")
        self.values[dest] = kwargs.get("default", kwargs.get("action") == "store_true" or None)
        if kwargs.get("action") == "store_true" and "default" not in kwargs:
            self.values[dest] = False

    _addoption = addoption


def pytest_configure(config) -> None:
    if not _includes_notebooks([str(a) for a in config.args]):
        return
    if config.pluginmanager.has_plugin("nbval") or config.pluginmanager.has_plugin("nbval.plugin"):
        return  # loaded already (e.g. `-p nbval` on the command line)
    import nbval.plugin

    defaults = _Defaults()
    nbval.plugin.pytest_addoption(defaults)
    for dest, value in defaults.values.items():
        if not hasattr(config.option, dest):
            setattr(config.option, dest, value)
    config.option.nbval_lax = True
    config.pluginmanager.register(nbval.plugin, "nbval.plugin")
