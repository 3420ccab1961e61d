"""``workbook spc``: the command registers on any argparse parser, draws the chart, writes
the summary, and turns bad input into a one-line located error (no traceback)."""

from __future__ import annotations

import argparse

import pandas as pd
import pytest

from workbook.cli.spc import register
from workbook.errors import UserError


def _run(argv):
    parser = argparse.ArgumentParser(prog="workbook")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def csv(tmp_path):
    path = tmp_path / "waits.csv"
    months = pd.date_range("2023-01-01", periods=24, freq="MS")
    frame = pd.DataFrame(
        {
            "month": months.strftime("%Y-%m-%d")[::-1],  # unsorted on purpose
            "wait": ([30.0, 34.0] * 12)[::-1],
            "breaches": [5, 7] * 12,
            "attendances": [100, 120] * 12,
        }
    )
    frame.to_csv(path, index=False)
    return path


def test_xmr_chart_with_summary(csv, tmp_path, capsys):
    out = tmp_path / "chart.png"
    summary = tmp_path / "summary.csv"
    points = tmp_path / "points.csv"
    code = _run(
        [
            "spc",
            str(csv),
            "--value",
            "wait",
            "--date",
            "month",
            "--chart",
            "xmr",
            "--improvement",
            "decrease",
            "--target",
            "45",
            "-o",
            str(out),
            "--summary",
            str(summary),
            "--points",
            str(points),
        ]
    )
    assert code == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    table = pd.read_csv(summary, index_col="statistic")["value"]
    assert float(table["mean"]) == 32.0
    assert table["assurance"] == "consistent_pass"
    per_point = pd.read_csv(points)
    assert len(per_point) == 24 and "rule" in per_point.columns
    assert per_point["x"].iloc[0] < per_point["x"].iloc[-1]  # sorted by date
    assert "XmR chart of 24 points" in capsys.readouterr().out


@pytest.mark.parametrize("chart", ["run", "c"])
def test_other_charts(csv, tmp_path, chart):
    out = tmp_path / f"{chart}.png"
    assert _run(["spc", str(csv), "--value", "breaches", "--chart", chart, "-o", str(out)]) == 0
    assert out.exists()


def test_p_chart_needs_denominators(csv, tmp_path):
    out = tmp_path / "p.png"
    with pytest.raises(UserError, match="needs --n"):
        _run(["spc", str(csv), "--value", "breaches", "--chart", "p", "-o", str(out)])
    assert (
        _run(
            [
                "spc",
                str(csv),
                "--value",
                "breaches",
                "--n",
                "attendances",
                "--chart",
                "p",
                "-o",
                str(out),
            ]
        )
        == 0
    )


def test_unknown_column(csv, tmp_path):
    with pytest.raises(UserError, match=r"no column named 'wiat'. Columns are: month, wait"):
        _run(["spc", str(csv), "--value", "wiat", "--chart", "xmr", "-o", str(tmp_path / "x.png")])


def test_text_in_the_value_column_names_the_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("wait\n30\n31\nabout 40\n32\n")
    with pytest.raises(UserError, match=r"bad\.csv:4: wait: the value is 'about 40'"):
        _run(["spc", str(path), "--value", "wait", "--chart", "run", "-o", str(tmp_path / "x.png")])


def test_events_above_denominator(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("e,n\n5,10\n12,10\n")
    with pytest.raises(UserError, match=r"bad\.csv:3: e: the value = 12 is more than column 'n'"):
        _run(
            [
                "spc",
                str(path),
                "--value",
                "e",
                "--n",
                "n",
                "--chart",
                "p",
                "-o",
                str(tmp_path / "x.png"),
            ]
        )


def test_missing_file_and_bad_output(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        _run(
            [
                "spc",
                str(tmp_path / "nope.csv"),
                "--value",
                "v",
                "--chart",
                "run",
                "-o",
                str(tmp_path / "x.png"),
            ]
        )
    with pytest.raises(UserError, match=".png, .svg or .pdf"):
        _run(["spc", "x.csv", "--value", "v", "--chart", "run", "-o", "chart.jpg"])


def test_trial_limits_warning_is_printed_not_raised(tmp_path, capsys):
    path = tmp_path / "short.csv"
    path.write_text("v\n1\n2\n3\n4\n")
    assert (
        _run(["spc", str(path), "--value", "v", "--chart", "xmr", "-o", str(tmp_path / "x.png")])
        == 0
    )
    assert "warning: The limits rest on only 4 point(s)" in capsys.readouterr().err


def test_through_workbook_cli_main(csv, tmp_path, capsys):
    """Wired into ``workbook`` by the lead: a user error prints one line and returns 2."""
    from workbook.cli import main

    code = main(
        ["spc", str(csv), "--value", "nope", "--chart", "xmr", "-o", str(tmp_path / "x.png")]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and "Traceback" not in err
    assert (
        main(["spc", str(csv), "--value", "wait", "--chart", "run", "-o", str(tmp_path / "ok.png")])
        == 0
    )
