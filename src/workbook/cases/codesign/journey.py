"""An emotional map of a patient journey: loading touchpoints and ratings, and finding where
patients' and staff's experience diverge.

The data are INVENTED (see ``case_studies/codesign/data/README.md``). Each respondent, a
patient or a member of staff, rates how they felt at each touchpoint on a scale from -3 (very
negative) to +3 (very positive), as an experience-based co-design group might do on a
paper map. This module is pure (pandas): no widgets, no plots.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbook.errors import LocatedError

__all__ = [
    "GROUPS",
    "RATING_MIN",
    "RATING_MAX",
    "CodesignDataError",
    "case_dir",
    "load_touchpoints",
    "load_ratings",
    "check_ratings",
    "emotional_map",
    "rank_divergence",
]

GROUPS: tuple[str, ...] = ("patient", "staff")
RATING_MIN, RATING_MAX = -3, 3


class CodesignDataError(LocatedError, ValueError):
    """Bad case data: ``file:line: field: message``. Also a ``ValueError`` for callers."""


def case_dir() -> Path:
    from workbook.paths import project_root

    return project_root() / "case_studies" / "codesign" / "data"


def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise CodesignDataError(
            path,
            None,
            None,
            "file not found; regenerate it with case_studies/codesign/generate_data.py",
        )
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CodesignDataError(
            path, 1, missing[0], f"column missing; the header needs {list(columns)}"
        )
    if table.empty:
        raise CodesignDataError(path, 2, None, "the file has a header but no rows")
    for column in columns:
        blank = table[column].str.strip() == ""
        if blank.any():
            line = int(blank.to_numpy().nonzero()[0][0]) + 2
            raise CodesignDataError(path, line, column, "empty; fill it in")
    return table


def load_touchpoints(path: str | Path | None = None) -> pd.DataFrame:
    """The journey's touchpoints in order: columns ``touchpoint``, ``order``, ``name``,
    ``description``."""
    path = Path(path) if path is not None else case_dir() / "touchpoints.csv"
    table = _read_csv(path, ("touchpoint", "order", "name", "description"))
    order = pd.to_numeric(table["order"], errors="coerce")
    bad = order.isna() | (order != order.round())
    if bad.any():
        line = int(bad.to_numpy().nonzero()[0][0]) + 2
        raise CodesignDataError(
            path, line, "order", "must be a whole number (1 for the first touchpoint)"
        )
    table["order"] = order.astype(int)
    dup = table["touchpoint"].duplicated()
    if dup.any():
        line = int(dup.to_numpy().nonzero()[0][0]) + 2
        raise CodesignDataError(
            path, line, "touchpoint", f"{table['touchpoint'][dup].iloc[0]!r} appears twice"
        )
    return table.sort_values("order").reset_index(drop=True)


def load_ratings(path: str | Path | None = None) -> pd.DataFrame:
    """One row per (touchpoint, respondent): ``touchpoint``, ``respondent``, ``group``
    (``patient`` or ``staff``) and ``rating`` (a whole number from -3 to +3)."""
    path = Path(path) if path is not None else case_dir() / "ratings.csv"
    table = _read_csv(path, ("touchpoint", "respondent", "group", "rating"))
    return check_ratings(table, source=path)


def check_ratings(table: pd.DataFrame, source: str | Path | None = None) -> pd.DataFrame:
    """Check ratings typed in or read from a file; return them with ``rating`` as integers.

    Line numbers in errors count the header as line 1, as in a CSV file.
    """
    table = table.reset_index(drop=True).copy()
    for column in ("touchpoint", "respondent", "group", "rating"):
        if column not in table.columns:
            raise CodesignDataError(source, 1, column, "column missing")
    groups = table["group"].astype(str).str.strip().str.lower()
    bad_group = ~groups.isin(GROUPS)
    if bad_group.any():
        i = int(bad_group.to_numpy().nonzero()[0][0])
        raise CodesignDataError(
            source, i + 2, "group", f"{table['group'][i]!r} is not one of {list(GROUPS)}"
        )
    table["group"] = groups
    rating = pd.to_numeric(table["rating"], errors="coerce")
    bad = rating.isna() | (rating != rating.round()) | (rating < RATING_MIN) | (rating > RATING_MAX)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise CodesignDataError(
            source,
            i + 2,
            "rating",
            f"{table['rating'][i]!r} is not a whole number from {RATING_MIN} to +{RATING_MAX}",
        )
    table["rating"] = rating.astype(int)
    dup = table.duplicated(["touchpoint", "respondent"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise CodesignDataError(
            source,
            i + 2,
            "respondent",
            f"{table['respondent'][i]!r} rated {table['touchpoint'][i]!r} twice",
        )
    return table


def emotional_map(touchpoints: pd.DataFrame, ratings: pd.DataFrame) -> pd.DataFrame:
    """One row per touchpoint, in journey order: the mean, lowest and highest rating and the
    number of respondents for patients and for staff, and the divergence (patient mean minus
    staff mean; negative when patients felt worse than staff did).

    Every touchpoint must have at least one patient and one staff rating, and every rating
    must belong to a touchpoint on the journey.
    """
    ratings = check_ratings(ratings)
    known = set(touchpoints["touchpoint"])
    stray = sorted(set(ratings["touchpoint"]) - known)
    if stray:
        raise CodesignDataError(
            None, None, "touchpoint", f"ratings name touchpoints not on the journey: {stray}"
        )
    stats = ratings.groupby(["touchpoint", "group"])["rating"].agg(["mean", "min", "max", "count"])
    out = touchpoints[["touchpoint", "order", "name"]].copy()
    for group in GROUPS:
        for stat in ("mean", "min", "max", "count"):
            series = (
                stats.xs(group, level="group")[stat]
                if group in stats.index.get_level_values(1)
                else pd.Series(dtype=float)
            )
            out[f"{group}_{stat}"] = out["touchpoint"].map(series)
        missing = out.loc[out[f"{group}_count"].isna(), "touchpoint"].tolist()
        if missing:
            raise CodesignDataError(
                None,
                None,
                "touchpoint",
                f"no {group} ratings for {missing}; every touchpoint needs patients' and staff's ratings",
            )
        out[f"{group}_count"] = out[f"{group}_count"].astype(int)
    out = out.rename(columns={"patient_count": "patient_n", "staff_count": "staff_n"})
    out["divergence"] = out["patient_mean"] - out["staff_mean"]
    out["abs_divergence"] = out["divergence"].abs()
    return out.reset_index(drop=True)


def rank_divergence(emap: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Touchpoints ordered by how far patients' and staff's mean ratings differ (largest gap
    first; ties in journey order), with a ``rank`` column starting at 1."""
    ranked = emap.sort_values(["abs_divergence", "order"], ascending=[False, True]).reset_index(
        drop=True
    )
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked if top is None else ranked.head(top)
