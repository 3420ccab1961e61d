"""Case-study data for the course's exercises, each loaded through one module.

* :mod:`workbook.cases.uk_variation`: the SYNTHETIC "Unwarranted variation in the UK" data
  (two indicators for 60 fictional trusts) and its explorer, used in week 1. Each case is a
  package: ``data`` (typed loaders, no ipywidgets), ``analysis`` (pure), ``explorer`` (view).

* :class:`ModelAnswer`: a worked answer with computed numbers, closed until opened, shown
  as code-cell output so that it reads the same in JupyterLab and on the website.

Importing this package is light: the case modules (which need pandas and ipywidgets) are
imported only when you ask for them, e.g. ``from workbook.cases import uk_variation``.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["ModelAnswer", "uk_variation"]


def __getattr__(name: str) -> Any:
    if name == "ModelAnswer":
        return importlib.import_module(f"{__name__}._answer").ModelAnswer
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
