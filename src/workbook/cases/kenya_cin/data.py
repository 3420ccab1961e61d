"""Load the Kenya case's CSV files, each bad cell reported as ``file:line: column: problem``.

No widgets and no plotting here: these functions only read and check the data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbook.cases._csv import BOOL, COUNT, DATE, TEXT, row_error

__all__ = [
    "data_dir",
    "load_hospitals",
    "load_mortality",
    "load_indicators",
    "load_adherence",
    "load_people",
    "load_advice",
]


def data_dir() -> Path:
    from workbook.paths import project_root

    return project_root() / "case_studies" / "kenya-cin" / "data"


_HINT = "the files are written by case_studies/kenya-cin/generate_data.py; run it to restore them"


def _read(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    from workbook.cases._csv import read_csv

    return read_csv(path, columns, hint=_HINT)


def _path(name: str, folder: str | Path | None) -> Path:
    return (Path(folder) if folder is not None else data_dir()) / name


def load_hospitals(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per hospital: when it joined, and whether that date was published."""
    return _read(
        _path("hospitals.csv", folder),
        {"hospital": TEXT, "joined": DATE, "join_date_published": BOOL},
    )


def load_mortality(folder: str | Path | None = None) -> pd.DataFrame:
    """Admissions and deaths per hospital in the network's first year (13 hospitals)."""
    path = _path("mortality.csv", folder)
    frame = _read(path, {"hospital": TEXT, "admissions": COUNT, "deaths": COUNT})
    bad = (frame["deaths"] > frame["admissions"]).to_numpy().nonzero()[0]
    if len(bad):
        raise row_error(frame, int(bad[0]), "deaths", "more deaths than admissions")
    return frame


def load_indicators(folder: str | Path | None = None) -> pd.DataFrame:
    """The 34 adherence indicators: their task type and whether they were built to improve."""
    return _read(
        _path("indicators.csv", folder), {"indicator": TEXT, "task": TEXT, "improves": BOOL}
    )


def load_adherence(folder: str | Path | None = None) -> pd.DataFrame:
    """Monthly counts per hospital and indicator: children eligible, and care that met it."""
    path = _path("adherence.csv", folder)
    frame = _read(
        path, {"hospital": TEXT, "month": COUNT, "indicator": TEXT, "eligible": COUNT, "met": COUNT}
    )
    bad = (frame["met"] > frame["eligible"]).to_numpy().nonzero()[0]
    if len(bad):
        raise row_error(
            frame, int(bad[0]), "met", "more children met the indicator than were eligible"
        )
    return frame


def load_people(folder: str | Path | None = None) -> pd.DataFrame:
    """The invented advice network's people: role and hospital."""
    return _read(_path("people.csv", folder), {"person": TEXT, "role": TEXT, "hospital": TEXT})


def load_advice(folder: str | Path | None = None) -> pd.DataFrame:
    """The invented advice ties (undirected)."""
    return _read(_path("advice.csv", folder), {"source": TEXT, "target": TEXT})
