"""Load the Kenya case's CSV files, each bad cell reported as ``file:line: column: problem``.

No widgets and no plotting here: these functions only read and check the data.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from workbook.errors import LocatedError

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


def _read(path: Path, columns: dict[str, type]) -> pd.DataFrame:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise LocatedError(path, 1, "", f"missing column(s): {', '.join(missing)}")
            rows = []
            for row in reader:
                out: dict[str, object] = {}
                for column, kind in columns.items():
                    raw = (row.get(column) or "").strip()
                    if raw == "":
                        raise LocatedError(path, reader.line_num, column, "this cell is empty")
                    if kind is int:
                        try:
                            value = int(raw)
                        except ValueError:
                            raise LocatedError(
                                path, reader.line_num, column, f"{raw!r} is not a whole number"
                            ) from None
                        if value < 0:
                            raise LocatedError(
                                path, reader.line_num, column, "must not be negative"
                            )
                        out[column] = value
                    elif kind is bool:
                        if raw.lower() not in ("true", "false"):
                            raise LocatedError(path, reader.line_num, column, "write True or False")
                        out[column] = raw.lower() == "true"
                    else:
                        out[column] = raw
                rows.append(out)
    except FileNotFoundError:
        raise LocatedError(
            path, None, "", "file not found; run case_studies/kenya-cin/generate_data.py"
        ) from None
    except UnicodeDecodeError:
        raise LocatedError(path, None, "", "not UTF-8 text; save it as UTF-8") from None
    return pd.DataFrame(rows, columns=list(columns))


def _path(name: str, folder: str | Path | None) -> Path:
    return (Path(folder) if folder is not None else data_dir()) / name


def load_hospitals(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per hospital: when it joined, and whether that date was published."""
    frame = _read(
        _path("hospitals.csv", folder),
        {"hospital": str, "joined": str, "join_date_published": bool},
    )
    frame["joined"] = pd.to_datetime(frame["joined"], format="%Y-%m-%d")
    return frame


def load_mortality(folder: str | Path | None = None) -> pd.DataFrame:
    """Admissions and deaths per hospital in the network's first year (13 hospitals)."""
    path = _path("mortality.csv", folder)
    frame = _read(path, {"hospital": str, "admissions": int, "deaths": int})
    bad = frame.index[frame["deaths"] > frame["admissions"]]
    if len(bad):
        raise LocatedError(path, int(bad[0]) + 2, "deaths", "more deaths than admissions")
    return frame


def load_indicators(folder: str | Path | None = None) -> pd.DataFrame:
    """The 34 adherence indicators: their task type and whether they were built to improve."""
    return _read(_path("indicators.csv", folder), {"indicator": str, "task": str, "improves": bool})


def load_adherence(folder: str | Path | None = None) -> pd.DataFrame:
    """Monthly counts per hospital and indicator: children eligible, and care that met it."""
    path = _path("adherence.csv", folder)
    frame = _read(
        path, {"hospital": str, "month": int, "indicator": str, "eligible": int, "met": int}
    )
    bad = frame.index[frame["met"] > frame["eligible"]]
    if len(bad):
        raise LocatedError(
            path, int(bad[0]) + 2, "met", "more children met the indicator than were eligible"
        )
    return frame


def load_people(folder: str | Path | None = None) -> pd.DataFrame:
    """The invented advice network's people: role and hospital."""
    return _read(_path("people.csv", folder), {"person": str, "role": str, "hospital": str})


def load_advice(folder: str | Path | None = None) -> pd.DataFrame:
    """The invented advice ties (undirected)."""
    return _read(_path("advice.csv", folder), {"source": str, "target": str})
