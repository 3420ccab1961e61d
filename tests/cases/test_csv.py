"""The typed CSV loader (workbook.cases._csv): declared columns and types; every bad file is
one located error, file:line: column: message, with the file's own line numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbook.cases._csv import (
    BOOL,
    COUNT,
    DATE,
    NUMBER,
    PROPORTION,
    TEXT,
    CaseDataError,
    read_csv,
    row_error,
)
from workbook.errors import LocatedError

COLUMNS = {"id": TEXT, "n": COUNT, "p": PROPORTION, "x": NUMBER, "d": DATE, "ok": BOOL}
GOOD = "id,n,p,x,d,ok,extra\nA,3,0.5,-1.5,2020-01-01,true,zz\nB,0,1,2,2021-12-31,FALSE,\n"


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str, columns=COLUMNS) -> CaseDataError:
    with pytest.raises(CaseDataError) as exc:
        read_csv(_write(tmp_path, text), columns, hint="Regenerate it.")
    assert isinstance(exc.value, LocatedError) and isinstance(exc.value, ValueError)
    assert "\n" not in str(exc.value)
    return exc.value


def test_good_file_gives_typed_columns_in_declared_order(tmp_path):
    table = read_csv(_write(tmp_path, GOOD), COLUMNS)
    assert list(table.columns) == list(COLUMNS)  # the undeclared column is left out
    assert table["n"].dtype == "int64" and table["p"].dtype == "float64"
    assert table["d"].iloc[1] == pd.Timestamp("2021-12-31")
    assert table["ok"].tolist() == [True, False]
    assert table["x"].tolist() == [-1.5, 2.0]
    assert table.attrs["lines"] == [2, 3]


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("C,2.5,0.1,1,2020-01-01,true", "n", "'2.5' is not a whole number of 0 or more"),
        ("C,-1,0.1,1,2020-01-01,true", "n", "'-1' is not a whole number"),
        ("C,2,1.5,1,2020-01-01,true", "p", "'1.5' is not a proportion from 0 to 1"),
        ("C,2,0.1,abc,2020-01-01,true", "x", "'abc' is not a number"),
        ("C,2,0.1,1,01/02/2020,true", "d", "'01/02/2020' is not a date written YYYY-MM-DD"),
        ("C,2,0.1,1,2020-01-01,yes", "ok", "'yes' is not true or false"),
        (" ,2,0.1,1,2020-01-01,true", "id", "the value is empty; fill it in"),
        ("C,,0.1,1,2020-01-01,true", "n", "'' is not a whole number"),
    ],
)
def test_bad_value_names_file_line_column_and_what_it_should_be(tmp_path, row, field, message):
    text = "id,n,p,x,d,ok\nA,3,0.5,1,2020-01-01,true\n" + row + "\n"
    err = _error(tmp_path, text)
    assert (err.line, err.field) == (3, field)
    assert str(err).startswith(f"{tmp_path / 't.csv'}:3: {field}: {message}")
    assert str(err).endswith(". Regenerate it.")


def test_line_numbers_are_the_files_own_lines_after_quoted_newlines_and_blank_lines(tmp_path):
    text = 'id,n\n"two\nlines",1\n\nB,x\n'
    err = _error(tmp_path, text, {"id": TEXT, "n": COUNT})
    assert (err.line, err.field) == (5, "n")


def test_missing_column_empty_file_no_rows_and_ragged_rows(tmp_path):
    err = _error(tmp_path, "id,n,p\nA,1,0.1\n")
    assert (err.line, err.field) == (1, "x")
    assert "column 'x' is missing; the file needs the columns id, n, p, x, d, ok" in str(err)
    err = _error(tmp_path, "")
    assert err.line == 1 and "empty" in err.message
    err = _error(tmp_path, "id,n,p,x,d,ok\n")
    assert "a header but no rows" in err.message
    err = _error(tmp_path, "id,n,p,x,d,ok\nA,1,0.1,1,2020-01-01,true,extra\n")
    assert err.line == 2 and "7 fields but the header has 6" in err.message


def test_missing_file_and_non_utf8_file(tmp_path):
    with pytest.raises(CaseDataError, match=r"nope\.csv: the file is missing; Regenerate it\."):
        read_csv(tmp_path / "nope.csv", COLUMNS, hint="Regenerate it.")
    path = tmp_path / "latin.csv"
    path.write_bytes(b"id,n\nA,1\nCaf\xe9,2\n")
    with pytest.raises(CaseDataError) as exc:
        read_csv(path, {"id": TEXT, "n": COUNT})
    assert exc.value.line == 3 and "not UTF-8" in exc.value.message


def test_unknown_kind_is_a_programming_error_named_clearly(tmp_path):
    with pytest.raises(ValueError, match="column 'n': unknown kind 'integer'"):
        read_csv(_write(tmp_path, GOOD), {"n": "integer"})


def test_row_error_points_at_the_rows_line(tmp_path):
    table = read_csv(_write(tmp_path, GOOD), COLUMNS)
    err = row_error(table, 1, "n", "too small.")
    assert str(err) == f"{tmp_path / 't.csv'}:3: n: too small."


def test_data_side_imports_no_widgets():
    import subprocess
    import sys

    code = "import sys, workbook.cases._csv; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]
