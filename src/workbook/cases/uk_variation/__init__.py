"""The "Unwarranted variation in the UK" case (week 1, step w01-s06): SYNTHETIC data.

Sixty fictional trusts report two indicators: an annual table for a funnel plot
(:func:`load_providers`) and 36 monthly values each for run charts (:func:`load_monthly`),
made up by ``case_studies/uk-variation/generate_data.py`` with a fixed seed and calibrated to
published national figures (``case_studies/uk-variation/case.yaml`` and the data dictionary
name them). The package is split by concern:

* :mod:`.data`: the typed loaders (no ipywidgets);
* :mod:`.analysis`: funnel plots and run charts with :mod:`workbook.qi`, and their wording;
* :mod:`.explorer`: :class:`VariationExplorer`, the case's explorer component (imported, with
  ipywidgets, only when first asked for).
"""

from __future__ import annotations

import importlib
from typing import Any

from workbook.cases.uk_variation.analysis import (
    POSITION_WORDS,
    funnel_for,
    funnel_positions,
    provider_sentence,
    run_chart_for,
    run_sentence,
    run_table,
)
from workbook.cases.uk_variation.data import (
    DATA_PARTS,
    DEFAULT_INDICATOR,
    DEFAULT_PROVIDER,
    SCHEMAS,
    CaseDataError,
    answer_key,
    data_dir,
    indicators,
    load_monthly,
    load_overdispersed,
    load_providers,
)

__all__ = [
    "DATA_PARTS",
    "DEFAULT_INDICATOR",
    "DEFAULT_PROVIDER",
    "POSITION_WORDS",
    "SCHEMAS",
    "CaseDataError",
    "VariationExplorer",
    "answer_key",
    "data_dir",
    "funnel_for",
    "funnel_positions",
    "indicators",
    "load_monthly",
    "load_overdispersed",
    "load_providers",
    "provider_sentence",
    "run_chart_for",
    "run_sentence",
    "run_table",
]

_VIEW_NAMES = {"VariationExplorer", "VariationView"}


def __getattr__(name: str) -> Any:
    if name in _VIEW_NAMES:
        return getattr(importlib.import_module(f"{__name__}.explorer"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
