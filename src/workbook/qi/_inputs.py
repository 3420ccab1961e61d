"""Turn what a learner passes (lists, arrays, Series) into clean float arrays.

Every error names the argument and the position of the first bad entry, so the learner can
find it in their spreadsheet.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["TrialLimitsWarning", "as_numeric", "as_dates", "as_positions", "warn_trial"]

#: The largest magnitude accepted. Limits, moving ranges and sums of values near the float
#: limit (about 1.8e308) overflow to infinity; no count, rate or time a course measures
#: comes near this, so a larger value is a unit slip or a corrupted cell.
MAX_MAGNITUDE = 1e100

#: The number of points NHS "Making Data Count" asks for before limits are fixed.
MIN_POINTS_FOR_LIMITS = 12


class TrialLimitsWarning(UserWarning):
    """Limits rest on fewer than 12 points, so they are trial limits that will move."""


def warn_trial(n_points: int, what: str = "limits", stacklevel: int = 3) -> None:
    """Warn that limits come from fewer than 12 points (NHSRplotthedots does the same)."""
    warnings.warn(
        f"The {what} rest on only {n_points} point(s); with fewer than "
        f"{MIN_POINTS_FOR_LIMITS} they are trial limits that will move as data arrive. "
        "Treat any signal with caution and recalculate when you have more data.",
        TrialLimitsWarning,
        stacklevel=stacklevel,
    )


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def as_numeric(
    values: Any,
    name: str = "values",
    *,
    allow_missing: bool = True,
    allow_empty: bool = False,
) -> np.ndarray:
    """Return ``values`` as a 1-D float64 array; missing values (None, NaN, NA) become NaN.

    Raises TypeError naming the first entry that is not a number (for example a string in a
    numeric column), and ValueError for an empty series or a value that is infinite.
    """
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a list, array or Series of numbers, not a string.")
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name} must be one column (a Series), not a whole DataFrame.")
    if isinstance(values, pd.Series):
        raw = values.to_numpy(dtype=object) if values.dtype == object else values.to_numpy()
    elif isinstance(values, np.ndarray):
        raw = values
    elif isinstance(values, Iterable):
        raw = np.asarray(list(values), dtype=object)
    else:
        raise TypeError(f"{name} must be a list, array or Series of numbers, not {type(values)}.")
    if raw.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional; it has shape {raw.shape}.")

    if raw.dtype.kind in "fiub":
        out = raw.astype(np.float64, copy=True)
    else:
        # Object or string data: convert entry by entry and report the first failure.
        series = pd.Series(raw, dtype=object)
        coerced = pd.to_numeric(series, errors="coerce")
        was_missing = series.isna().to_numpy()
        bad = np.flatnonzero(coerced.isna().to_numpy() & ~was_missing)
        if bad.size:
            pos = int(bad[0])
            raise TypeError(
                f"{name}[{pos}] is {_describe(raw[pos])}, which is not a number. "
                f"Check that column for text, units or stray characters"
                + (f" ({bad.size} such entries in all)." if bad.size > 1 else ".")
            )
        out = coerced.to_numpy(dtype=np.float64, na_value=np.nan)

    if out.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty: give at least one value.")
    inf = np.flatnonzero(np.isinf(out))
    if inf.size:
        raise ValueError(f"{name}[{int(inf[0])}] is infinite; give finite numbers.")
    huge = np.flatnonzero(np.abs(np.nan_to_num(out)) > MAX_MAGNITUDE)
    if huge.size:
        pos = int(huge[0])
        raise ValueError(
            f"{name}[{pos}] is {out[pos]:g}, too large to chart (the limit is "
            f"{MAX_MAGNITUDE:g}); check the column's units and the cell's value."
        )
    if not allow_missing:
        nan = np.flatnonzero(np.isnan(out))
        if nan.size:
            raise ValueError(f"{name}[{int(nan[0])}] is missing; every entry needs a value.")
    return out


def as_dates(dates: Any, n: int, values: Any = None) -> pd.Index | None:
    """Return the x-axis labels: ``dates`` if given, else a Series' DatetimeIndex, else None."""
    if dates is None:
        if isinstance(values, pd.Series) and isinstance(values.index, pd.DatetimeIndex):
            return pd.Index(values.index)
        return None
    if isinstance(dates, (str, bytes)):
        raise TypeError("dates must be a list, array or Series of dates, not a string.")
    index = pd.Index(list(dates) if not isinstance(dates, (pd.Series, np.ndarray)) else dates)
    if len(index) != n:
        raise ValueError(f"dates has {len(index)} entries but there are {n} values; give one each.")
    if index.dtype == object or str(index.dtype).startswith(("str", "string")):
        try:
            index = pd.DatetimeIndex(pd.to_datetime(index))
        except (ValueError, TypeError) as exc:
            raise TypeError(f"dates could not be read as dates: {exc}") from None
    return index


def as_positions(positions: Any, n: int, name: str, dates: pd.Index | None = None) -> np.ndarray:
    """Return sorted unique integer positions (0-based) from ints or from dates in ``dates``."""
    if positions is None:
        return np.zeros(0, dtype=np.int64)
    if isinstance(positions, (int, np.integer, str, bytes)) or not isinstance(
        positions, (Sequence, np.ndarray, pd.Index, pd.Series)
    ):
        positions = [positions]
    out = []
    for k, p in enumerate(positions):
        if isinstance(p, (bool, np.bool_)):
            raise TypeError(f"{name}[{k}] is {p!r}; give a position (0-based integer) or a date.")
        if isinstance(p, (int, np.integer)):
            if not 0 <= int(p) < n:
                raise ValueError(f"{name}[{k}] = {p} is outside the data (positions 0 to {n - 1}).")
            out.append(int(p))
        elif dates is not None:
            try:
                stamp = pd.Timestamp(p) if isinstance(dates, pd.DatetimeIndex) else p
                matches = np.flatnonzero(dates == stamp)
            except (ValueError, TypeError):
                matches = np.zeros(0, dtype=np.int64)
            if matches.size == 0:
                raise ValueError(f"{name}[{k}] = {p!r} is not one of the dates.")
            out.append(int(matches[0]))
        else:
            raise TypeError(
                f"{name}[{k}] is {p!r}; give a 0-based position, or pass dates= to use dates."
            )
    return np.unique(np.asarray(out, dtype=np.int64))


def check_counts(y: np.ndarray, name: str, *, integer: bool = False) -> None:
    """Raise ValueError naming the first negative (or, if asked, fractional) count."""
    neg = np.flatnonzero(y < 0)
    if neg.size:
        raise ValueError(f"{name}[{int(neg[0])}] is {y[neg[0]]:g}; counts cannot be negative.")
    if integer:
        frac = np.flatnonzero(np.isfinite(y) & (y != np.round(y)))
        if frac.size:
            raise ValueError(
                f"{name}[{int(frac[0])}] is {y[frac[0]]:g}; counts must be whole numbers."
            )


def check_denominators(n: np.ndarray, name: str = "n") -> None:
    """Raise ValueError naming the first zero or negative denominator."""
    bad = np.flatnonzero(n <= 0)
    if bad.size:
        raise ValueError(
            f"{name}[{int(bad[0])}] is {n[bad[0]]:g}; a denominator must be greater than zero "
            "(leave the row out, or mark it missing, if nothing was counted)."
        )
