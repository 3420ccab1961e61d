"""The "Unwarranted variation in the UK" case's data: SYNTHETIC, loaded and checked.

The files in ``case_studies/uk-variation/data/`` are made up by
``case_studies/uk-variation/generate_data.py`` with a fixed seed and calibrated to published
national figures (the data dictionary ``data/README.md`` names them). Every file is read by
:func:`workbook.cases._csv.read_csv` against the columns declared in :data:`SCHEMAS`, so a bad
value is reported as ``file:line: column: message``. No ipywidgets here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbook.cases._csv import (
    BOOL,
    COUNT,
    DATE,
    PROPORTION,
    TEXT,
    CaseDataError,
    read_csv,
    row_error,
)
from workbook.paths import project_root

__all__ = [
    "DATA_PARTS",
    "DEFAULT_INDICATOR",
    "DEFAULT_PROVIDER",
    "SCHEMAS",
    "answer_key",
    "data_dir",
    "indicators",
    "load_monthly",
    "load_overdispersed",
    "load_providers",
]

#: Where the data live, relative to the project root.
DATA_PARTS = ("case_studies", "uk-variation", "data")
#: The choice the exercise starts from.
DEFAULT_INDICATOR = "readmit30"
DEFAULT_PROVIDER = "T41"

_ANNUAL = {
    "indicator_id": TEXT,
    "provider_id": TEXT,
    "period": TEXT,
    "events": COUNT,
    "denominator": COUNT,
    "rate": PROPORTION,
}

#: Every file's columns and what each must hold (the data dictionary describes them).
SCHEMAS: dict[str, dict[str, str]] = {
    "indicators.csv": {
        "indicator_id": TEXT,
        "name": TEXT,
        "numerator": TEXT,
        "denominator": TEXT,
        "unit": TEXT,
        "higher_is_better": BOOL,
        "common_rate": PROPORTION,
        "calibration_source": TEXT,
    },
    "providers.csv": _ANNUAL,
    "monthly.csv": {
        "indicator_id": TEXT,
        "provider_id": TEXT,
        "month": DATE,
        "events": COUNT,
        "denominator": COUNT,
    },
    "answer_key.csv": {
        "indicator_id": TEXT,
        "provider_id": TEXT,
        "pattern": TEXT,
        "rate_before": PROPORTION,
        "rate_after": PROPORTION,
        "change_month": DATE,
        "expected_funnel": TEXT,
        "description": TEXT,
    },
    "providers_overdispersed.csv": _ANNUAL,
}

_HINT = "Fix the file or regenerate it with python case_studies/uk-variation/generate_data.py."


def data_dir(root: str | Path | None = None) -> Path:
    """The case's data folder: ``<project root>/case_studies/uk-variation/data``."""
    base = Path(root) if root is not None else project_root()
    return base.joinpath(*DATA_PARTS)


def _read(name: str, root: str | Path | None) -> pd.DataFrame:
    """Read one file against its declared columns; check counts against denominators."""
    data = read_csv(data_dir(root) / name, SCHEMAS[name], hint=_HINT)
    if "events" in data.columns:
        over = (data["events"] > data["denominator"]).to_numpy().nonzero()[0]
        if over.size:
            i = int(over[0])
            raise row_error(
                data,
                i,
                "events",
                f"{data['events'].iloc[i]} events is more than the column 'denominator' "
                f"({data['denominator'].iloc[i]}); events are counted among the denominator, "
                "so they cannot exceed it.",
            )
        empty = (data["denominator"] == 0).to_numpy().nonzero()[0]
        if empty.size:
            raise row_error(
                data, int(empty[0]), "denominator", "0 is not more than 0 (a rate needs patients)."
            )
    return data


def _check_indicator(indicator: str, known: pd.Series) -> None:
    if indicator not in set(known):
        raise ValueError(
            f"unknown indicator {indicator!r}; choose one of {', '.join(known)} "
            "(see workbook.cases.uk_variation.indicators())."
        )


def indicators(*, root: str | Path | None = None) -> pd.DataFrame:
    """The indicators (one row each): id, name, definitions, unit and calibration."""
    return _read("indicators.csv", root)


def _annual(name: str, indicator: str | None, root: str | Path | None) -> pd.DataFrame:
    data = _read(name, root)
    known = indicators(root=root)["indicator_id"]
    unknown = (~data["indicator_id"].isin(set(known))).to_numpy().nonzero()[0]
    if unknown.size:
        raise row_error(
            data,
            int(unknown[0]),
            "indicator_id",
            f"{data['indicator_id'].iloc[int(unknown[0])]!r} is not an indicator listed in "
            "indicators.csv.",
        )
    if indicator is not None:
        _check_indicator(indicator, known)
        data = data[data["indicator_id"] == indicator].reset_index(drop=True)
    return data


def load_providers(indicator: str | None = None, *, root: str | Path | None = None) -> pd.DataFrame:
    """Annual counts for 2017/18 by provider: events, denominator and rate (a proportion).

    With ``indicator`` (e.g. ``"readmit30"``), only that indicator's rows, one per provider.
    """
    return _annual("providers.csv", indicator, root)


def load_overdispersed(
    indicator: str | None = None, *, root: str | Path | None = None
) -> pd.DataFrame:
    """The over-dispersed variant of the annual table (same columns as :func:`load_providers`).

    Same trusts and denominators, but every trust has its own true rate, spread around the
    common rate as real providers' rates are (see the data dictionary): the variant the
    exercise uses to show what a plain funnel does with real-looking data.
    """
    return _annual("providers_overdispersed.csv", indicator, root)


def load_monthly(
    indicator: str | None = None,
    provider: str | None = None,
    *,
    root: str | Path | None = None,
) -> pd.DataFrame:
    """Monthly counts (36 months from April 2015): events, denominator, month, and ``rate``.

    Filter with ``indicator`` and ``provider`` (e.g. ``load_monthly("readmit30", "T41")``).
    """
    data = _read("monthly.csv", root)
    if indicator is not None:
        _check_indicator(indicator, indicators(root=root)["indicator_id"])
        data = data[data["indicator_id"] == indicator]
    if provider is not None:
        known = sorted(set(data["provider_id"]))
        if provider not in known:
            raise ValueError(
                f"unknown provider {provider!r}; providers run from {known[0]} to {known[-1]}."
            )
        data = data[data["provider_id"] == provider]
    data = data.sort_values(["indicator_id", "provider_id", "month"]).reset_index(drop=True)
    data["rate"] = data["events"] / data["denominator"]
    return data


def answer_key(*, root: str | Path | None = None) -> pd.DataFrame:
    """The educators' answer key: the providers given special-cause patterns, and how."""
    return _read("answer_key.csv", root)


# re-exported so that callers can catch the loader's error by name
__all__ += ["CaseDataError"]
