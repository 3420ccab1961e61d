"""``workbook spc`` on the inputs a UK-led course meets: day-first dates, ambiguous or mixed
date orders, time-zone offsets, a ``$`` in a title, values near the float limit, and outputs
that must never be left half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from workbook.cli import main


def _csv(tmp_path: Path, dates: list[str], values: list[float] | None = None) -> Path:
    values = values if values is not None else [float(10 + (i % 3)) for i in range(len(dates))]
    path = tmp_path / "data.csv"
    lines = ["when,value"] + [f"{d},{v}" for d, v in zip(dates, values, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _spc(path: Path, tmp_path: Path, *extra: str) -> list[str]:
    return [
        "spc", str(path), "--value", "value", "--date", "when", "--chart", "run",
        "-o", str(tmp_path / "chart.png"), "--points", str(tmp_path / "points.csv"), *extra,
    ]  # fmt: skip


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("Read the ")]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    return lines[0]


def _points_dates(tmp_path: Path) -> list[str]:
    return list(pd.read_csv(tmp_path / "points.csv")["x"].str[:10])


def test_weekly_uk_dates_are_read_day_first_and_the_order_is_said(tmp_path, capsys):
    dates = pd.date_range("2024-01-06", periods=12, freq="7D").strftime("%d/%m/%Y")
    path = _csv(tmp_path, list(dates)[::-1])  # unsorted: the command sorts by date
    assert main(_spc(path, tmp_path)) == 0
    assert "day first (day/month/year)" in capsys.readouterr().err
    assert _points_dates(tmp_path) == list(
        pd.date_range("2024-01-06", periods=12, freq="7D").strftime("%Y-%m-%d")
    )


def test_monthly_dates_that_fit_both_orders_are_read_day_first(tmp_path, capsys):
    # 01/02/2024 .. 01/12/2024: first of each month read day first, not 2 to 12 January
    dates = [f"01/{m:02d}/2024" for m in range(2, 13)]
    path = _csv(tmp_path, dates)
    assert main(_spc(path, tmp_path)) == 0
    assert _points_dates(tmp_path)[:2] == ["2024-02-01", "2024-03-01"]


def test_daily_dates_keep_their_true_order(tmp_path):
    # read month first these would sort 12/01 (1 Dec) after 13/01 and reorder the series
    dates = ["11/01/2024", "12/01/2024", "13/01/2024", "14/01/2024"]
    path = _csv(tmp_path, dates, [1.0, 2.0, 3.0, 4.0])
    assert main(_spc(path, tmp_path)) == 0
    points = pd.read_csv(tmp_path / "points.csv")
    assert list(points["y"]) == [1.0, 2.0, 3.0, 4.0]


def test_month_first_dates_are_refused_with_the_fix(tmp_path, capsys):
    path = _csv(tmp_path, ["01/13/2024", "01/20/2024", "01/27/2024"])
    assert main(_spc(path, tmp_path)) == 2
    line = _one_error_line(capsys)
    assert "data.csv:2: when: '01/13/2024' is not a day-first date" in line
    assert "--date-format %m/%d/%Y" in line
    assert not (tmp_path / "chart.png").exists()


def test_date_format_option_reads_month_first(tmp_path, capsys):
    path = _csv(tmp_path, ["01/13/2024", "01/20/2024", "01/27/2024"])
    assert main(_spc(path, tmp_path, "--date-format", "%m/%d/%Y")) == 0
    assert "with --date-format %m/%d/%Y" in capsys.readouterr().err
    assert _points_dates(tmp_path) == ["2024-01-13", "2024-01-20", "2024-01-27"]


def test_a_column_mixing_both_orders_is_refused_not_guessed(tmp_path, capsys):
    path = _csv(tmp_path, ["13/01/2024", "01/20/2024", "05/02/2024"])
    assert main(_spc(path, tmp_path)) == 2
    line = _one_error_line(capsys)
    assert "data.csv:3: when:" in line and "mixes two date orders" in line


def test_a_value_not_matching_the_given_format_names_its_row(tmp_path, capsys):
    path = _csv(tmp_path, ["2024-01-01", "2024-02-01", "March"])
    assert main(_spc(path, tmp_path, "--date-format", "%Y-%m-%d")) == 2
    assert "data.csv:4: when: 'March' does not match --date-format" in _one_error_line(capsys)


def test_text_that_is_not_a_date_names_its_row(tmp_path, capsys):
    path = _csv(tmp_path, ["2024-01-01", "2024-02-01", "soon"])
    assert main(_spc(path, tmp_path)) == 2
    assert "data.csv:4: when: 'soon' is not a date" in _one_error_line(capsys)


def test_an_empty_date_is_refused(tmp_path, capsys):
    path = _csv(tmp_path, ["2024-01-01", "", "2024-03-01"])
    assert main(_spc(path, tmp_path)) == 2
    assert "data.csv:3: when: the date is empty" in _one_error_line(capsys)


def test_mixed_time_zone_offsets_are_converted_to_utc(tmp_path, capsys):
    dates = ["2024-03-30T23:30:00+00:00", "2024-03-31T09:00:00+01:00", "2024-04-01T09:00:00+01:00"]
    path = _csv(tmp_path, dates, [1.0, 2.0, 3.0])
    assert main(_spc(path, tmp_path)) == 0
    assert "different UTC offsets converted to UTC" in capsys.readouterr().err
    points = pd.read_csv(tmp_path / "points.csv")
    assert list(points["x"].str[:16]) == [
        "2024-03-30 23:30",
        "2024-03-31 08:00",
        "2024-04-01 08:00",
    ]


def test_offsets_on_some_times_only_are_refused(tmp_path, capsys):
    path = _csv(tmp_path, ["2024-03-30T10:00:00+01:00", "2024-03-31T10:00:00"])
    assert main(_spc(path, tmp_path)) == 2
    assert "data.csv:3: when:" in (line := _one_error_line(capsys)) and "offset" in line


@pytest.mark.parametrize("title", ["Costs in $ per bed", "$x^2$ and $", "back\\slash $"])
def test_a_title_with_dollar_signs_is_drawn_literally(tmp_path, title):
    path = _csv(tmp_path, ["2024-01-01", "2024-02-01", "2024-03-01"])
    out = tmp_path / "chart.svg"
    argv = [
        "spc",
        str(path),
        "--value",
        "value",
        "--chart",
        "run",
        "-o",
        str(out),
        "--title",
        title,
    ]
    assert main(argv) == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.parametrize("big", ["1e308", "-1.7e308", "1.7976931348623157e308"])
def test_values_near_the_float_limit_are_one_located_line(tmp_path, capsys, big):
    path = tmp_path / "big.csv"
    path.write_text(f"value\n1\n{big}\n3\n4\n", encoding="utf-8")
    argv = ["spc", str(path), "--value", "value", "--chart", "xmr", "-o", str(tmp_path / "c.png")]
    assert main(argv) == 2
    assert "big.csv:3: value: the value is" in _one_error_line(capsys)


def test_a_failed_run_leaves_the_previous_chart_and_summary_whole(tmp_path, capsys):
    good = _csv(tmp_path, ["2024-01-01", "2024-02-01", "2024-03-01"])
    chart, summary = tmp_path / "chart.png", tmp_path / "summary.csv"
    argv = ["spc", str(good), "--value", "value", "--chart", "run", "-o", str(chart)]
    assert main([*argv, "--summary", str(summary)]) == 0
    before = chart.read_bytes(), summary.read_bytes()
    good.write_text("when,value\n2024-01-01,1\n2024-02-01,lots\n", encoding="utf-8")
    assert main([*argv, "--summary", str(summary)]) == 2
    assert (chart.read_bytes(), summary.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png", "data.csv", "summary.csv"]


def test_outputs_are_written_through_write_atomically(tmp_path, monkeypatch):
    import workbook.io

    written: list[str] = []
    real = workbook.io.write_atomically
    monkeypatch.setattr(
        workbook.io, "write_atomically", lambda p, d: written.append(Path(p).name) or real(p, d)
    )
    path = _csv(tmp_path, ["2024-01-01", "2024-02-01", "2024-03-01"])
    assert main([*_spc(path, tmp_path), "--summary", str(tmp_path / "s.csv")]) == 0
    assert sorted(written) == ["chart.png", "points.csv", "s.csv"]


def test_an_output_onto_the_data_file_is_refused(tmp_path, capsys):
    path = _csv(tmp_path, ["2024-01-01", "2024-02-01", "2024-03-01"])
    before = path.read_bytes()
    argv = ["spc", str(path), "--value", "value", "--chart", "run", "-o", str(tmp_path / "c.png")]
    assert main([*argv, "--summary", str(path)]) == 2
    assert "is the data file" in _one_error_line(capsys)
    assert path.read_bytes() == before


def test_non_utf8_csv_is_one_line_in_a_subprocess(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("when,value\n01/01/2024,caf\xe9\n".encode("latin-1"))
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "spc", str(path), "--value", "value",
         "--chart", "run", "-o", str(tmp_path / "c.png")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "latin.csv: is not UTF-8 text" in proc.stderr


def test_a_device_as_an_output_is_refused_before_anything_is_written(tmp_path, capsys):
    path = _csv(tmp_path, ["2024-01-01", "2024-02-01", "2024-03-01"])
    chart = tmp_path / "c.png"
    argv = ["spc", str(path), "--value", "value", "--chart", "run", "-o", str(chart)]
    assert main([*argv, "--summary", "/dev/null"]) == 2
    assert "--summary /dev/null is not a regular file" in _one_error_line(capsys)
    assert not chart.exists()


def test_two_digit_years_and_times_follow_the_same_day_first_rule(tmp_path, capsys):
    path = _csv(tmp_path, ["12/01/24 08:00", "13/01/24 08:00", "14/01/24 08:00"], [1, 2, 3])
    assert main(_spc(path, tmp_path)) == 0
    points = pd.read_csv(tmp_path / "points.csv")
    assert list(points["x"].str[:16]) == [
        "2024-01-12 08:00",
        "2024-01-13 08:00",
        "2024-01-14 08:00",
    ]
    # month first with a time: refused, never silently swapped row by row
    path = _csv(tmp_path, ["01/12/24 08:00", "01/13/24 08:00"], [1, 2])
    assert main(_spc(path, tmp_path)) == 2
    assert "data.csv:3: when: '01/13/24 08:00' is not a day-first date" in _one_error_line(capsys)


def test_an_impossible_day_first_date_names_its_row(tmp_path, capsys):
    path = _csv(tmp_path, ["30/01/2024", "31/02/2024"], [1, 2])
    assert main(_spc(path, tmp_path)) == 2
    assert "data.csv:3: when: '31/02/2024' is not a date (day first" in _one_error_line(capsys)
