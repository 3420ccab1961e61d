"""A typed CSV loader for case data: declared columns and types, located errors.

Each case declares, for each of its files, the columns it needs and what each must hold::

    PROVIDERS = {"provider_id": TEXT, "events": COUNT, "denominator": COUNT, "rate": PROPORTION}
    table = read_csv(folder / "providers.csv", PROVIDERS, hint="regenerate it with ...")

A bad file gives one :class:`CaseDataError` (a :class:`workbook.errors.LocatedError`, and a
``ValueError`` for callers that catch those), which reads ``file:line: column: message``:
the line is the file's own line number (the header is line 1), so an educator can open the
file at that line and fix it. Columns not declared are ignored; declared columns come back in
the declared order and types. This module needs pandas, never ipywidgets.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from workbook.errors import LocatedError

__all__ = [
    "TEXT",
    "COUNT",
    "PROPORTION",
    "NUMBER",
    "DATE",
    "BOOL",
    "KINDS",
    "CaseDataError",
    "read_csv",
    "row_error",
]

TEXT = "text"
COUNT = "count"
PROPORTION = "proportion"
NUMBER = "number"
DATE = "date"
BOOL = "true/false"

#: What each kind of column must hold, as the error message says it.
KINDS: dict[str, str] = {
    TEXT: "filled in (it is empty)",
    COUNT: "a whole number of 0 or more",
    PROPORTION: "a proportion from 0 to 1",
    NUMBER: "a number",
    DATE: "a date written YYYY-MM-DD",
    BOOL: "true or false",
}


class CaseDataError(LocatedError, ValueError):
    """A problem in a case's data file, at a line and column."""


def _lines_of(path: Path, hint: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, rows and the line number each row starts on."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CaseDataError(path, None, None, f"the file is missing; {hint}".rstrip("; ")) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise CaseDataError(
            path, line, None, "the file is not UTF-8 text; save it as UTF-8 CSV"
        ) from None
    reader = csv.reader(text.splitlines(keepends=True))
    rows: list[list[str]] = []
    starts: list[int] = []
    header: list[str] | None = None
    next_line = 1
    try:
        for row in reader:
            start, next_line = next_line, reader.line_num + 1
            if header is None:
                header = [h.strip() for h in row]
                continue
            if not row or all(not cell.strip() for cell in row):
                continue  # blank lines carry no data
            rows.append(row)
            starts.append(start)
    except csv.Error as exc:
        raise CaseDataError(
            path, reader.line_num, None, f"the file is not valid CSV: {exc}"
        ) from None
    if header is None:
        raise CaseDataError(path, 1, None, "the file is empty; it needs a header line and rows")
    return header, rows, starts


def read_csv(
    path: str | os.PathLike[str],
    columns: Mapping[str, str],
    *,
    hint: str = "",
) -> pd.DataFrame:
    """Read ``path`` and return its declared ``columns`` converted to their kinds.

    ``columns`` maps each column name to one of :data:`KINDS`. ``hint`` is added to every
    error message (e.g. how to regenerate the file). The returned frame keeps each row's line
    number in ``frame.attrs["lines"]`` for :func:`row_error`.
    """
    path = Path(path)
    for name, kind in columns.items():
        if kind not in KINDS:
            raise ValueError(f"column {name!r}: unknown kind {kind!r}; use one of {list(KINDS)}")
    tail = f" {hint}" if hint else ""
    header, rows, starts = _lines_of(path, hint)
    missing = [c for c in columns if c not in header]
    if missing:
        raise CaseDataError(
            path,
            1,
            missing[0],
            f"column '{missing[0]}' is missing; the file needs the columns "
            f"{', '.join(columns)}.{tail}",
        )
    if not rows:
        raise CaseDataError(path, 1, None, f"the file has a header but no rows.{tail}")
    for row, line in zip(rows, starts, strict=True):
        if len(row) != len(header):
            raise CaseDataError(
                path,
                line,
                None,
                f"the row has {len(row)} fields but the header has {len(header)}; check "
                f"for a missing or extra comma.{tail}",
            )
    out = pd.DataFrame(index=range(len(rows)))
    for name, kind in columns.items():
        i = header.index(name)
        raw = pd.Series([row[i] for row in rows], dtype=object)
        out[name] = _convert(raw, kind, path, name, starts, tail)
    out.attrs["lines"] = starts
    out.attrs["file"] = str(path)
    return out


def _convert(
    raw: pd.Series, kind: str, path: Path, name: str, starts: list[int], tail: str
) -> pd.Series:
    text = raw.str.strip()
    if kind == TEXT:
        ok = text != ""
        value: Any = text.astype(str)
    elif kind in (COUNT, PROPORTION, NUMBER):
        numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
        ok = numbers.notna()
        if kind == COUNT:
            ok &= (numbers >= 0) & (numbers == numbers.round())
        elif kind == PROPORTION:
            ok &= (numbers >= 0) & (numbers <= 1)
        value = numbers
    elif kind == DATE:
        value = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        ok = value.notna()
    else:  # BOOL
        lowered = text.str.lower()
        ok = lowered.isin(["true", "false"])
        value = lowered == "true"
    if not ok.all():
        first = int((~ok).to_numpy().nonzero()[0][0])
        shown = raw.iloc[first]
        what = KINDS[kind] if kind != TEXT else "empty; fill it in"
        message = (
            f"the value is {what}.{tail}" if kind == TEXT else f"{shown!r} is not {what}.{tail}"
        )
        raise CaseDataError(path, starts[first], name, message)
    if kind == COUNT:
        return value.astype("int64")
    if kind in (PROPORTION, NUMBER):
        return value.astype("float64")
    return value


def row_error(frame: pd.DataFrame, index: int, column: str, message: str) -> CaseDataError:
    """A located error for row ``index`` (position) of a frame made by :func:`read_csv`."""
    lines = frame.attrs.get("lines")
    line = lines[index] if lines is not None else None
    return CaseDataError(frame.attrs.get("file"), line, column, message)
