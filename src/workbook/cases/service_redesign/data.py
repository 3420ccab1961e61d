"""Loading the INVENTED data of the service-redesign case (week 3).

The files live in ``case_studies/service-redesign/data/`` and are written by
``case_studies/service-redesign/generate_data.py``; the data dictionary beside them says what
each column means and what the invented story is modelled on. Loading checks both tables and
that they agree, and raises a :class:`~workbook.errors.LocatedError` naming the file, line and
column of the first problem, with what to do about it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbook.errors import LocatedError
from workbook.networks import contributions_table
from workbook.paths import project_root

__all__ = ["STAGES", "PEOPLE_COLUMNS", "data_dir", "load_contributions", "load_people"]

STAGES = ("Problem noticed", "Proposal", "Pilot", "Spread", "Sustain")
PEOPLE_COLUMNS = ("person", "role", "job_title", "formal_project_role")
_FIX = "correct the file or regenerate it with case_studies/service-redesign/generate_data.py"


def data_dir(root: str | Path | None = None) -> Path:
    """The case's data folder: ``<project root>/case_studies/service-redesign/data``."""
    base = Path(root) if root is not None else project_root()
    return base / "case_studies" / "service-redesign" / "data"


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise LocatedError(path, None, None, f"the file is missing; {_FIX}")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_people(path: str | Path | None = None) -> pd.DataFrame:
    """The people table: one row per person, with ``formal_project_role`` blank for people who
    held no formal role in the project's governance."""
    path = Path(path) if path is not None else data_dir() / "people.csv"
    table = _read(path)
    for column in PEOPLE_COLUMNS:
        if column not in table.columns:
            raise LocatedError(path, 1, column, f"this column is missing; {_FIX}")
    seen: dict[str, int] = {}
    for line, record in enumerate(table.itertuples(index=False), start=2):
        for column in ("person", "role", "job_title"):
            if not str(getattr(record, column)).strip():
                raise LocatedError(path, line, column, f"this is blank; {_FIX}")
        if record.person in seen:
            raise LocatedError(
                path,
                line,
                "person",
                f"{record.person!r} is already listed on line {seen[record.person]}; "
                "list each person once",
            )
        seen[record.person] = line
    return table[list(PEOPLE_COLUMNS)].copy()


def load_contributions(
    path: str | Path | None = None, people: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The contribution table (person, role, stage, contribution, with_whom), checked by
    :func:`workbook.networks.contributions_table` with the case's stage order, and against the
    people table: everyone who contributed is listed there, with the same role."""
    path = Path(path) if path is not None else data_dir() / "contributions.csv"
    table = _read(path)
    contributions_table(table, list(STAGES), source=path)
    people = load_people() if people is None else people
    roles = dict(zip(people["person"], people["role"], strict=True))
    for line, record in enumerate(table.itertuples(index=False), start=2):
        if record.person not in roles:
            raise LocatedError(
                path,
                line,
                "person",
                f"{record.person!r} is not in the people table; add them to people.csv",
            )
        if roles[record.person] != record.role:
            raise LocatedError(
                path,
                line,
                "role",
                f"{record.role!r} for {record.person!r} differs from "
                f"{roles[record.person]!r} in people.csv; give each person one role",
            )
    return table
