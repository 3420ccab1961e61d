"""Bad input gives a clear message naming the field and position (brief: issue 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbook.qi import run_chart, xmr


def test_string_in_a_numeric_column_names_the_position():
    with pytest.raises(TypeError, match=r"values\[2\] is 'n/a', which is not a number"):
        xmr([1, 2, "n/a", 4])


def test_numeric_strings_are_accepted():
    """Numbers read as text (e.g. from a CSV) are converted."""
    r = run_chart(["1", "2", "3"])
    assert r.median == 2


def test_series_of_text_with_a_bad_entry():
    with pytest.raises(TypeError, match=r"values\[1\]"):
        run_chart(pd.Series(["1.5", "12 mins", "3"]))


def test_empty_series():
    with pytest.raises(ValueError, match="values is empty"):
        xmr([])
    with pytest.raises(ValueError, match="values is empty"):
        run_chart(pd.Series([], dtype=float))


def test_a_plain_string_is_refused():
    with pytest.raises(TypeError, match="not a string"):
        xmr("12345")


def test_infinite_value():
    with pytest.raises(ValueError, match=r"values\[1\] is infinite"):
        xmr([1.0, np.inf, 2.0])


def test_dates_must_match_values():
    with pytest.raises(ValueError, match="dates has 2 entries but there are 3 values"):
        run_chart([1, 2, 3], dates=["2024-01-01", "2024-02-01"])


def test_series_with_datetime_index_gives_dates():
    s = pd.Series([1.0, 2.0, 3.0], index=pd.date_range("2024-01-01", periods=3, freq="D"))
    r = run_chart(s)
    assert isinstance(r.data["x"].iloc[0], pd.Timestamp)


def test_numpy_and_series_inputs_agree_with_lists():
    y = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.0]
    a = xmr(y)
    b = xmr(np.array(y))
    c = xmr(pd.Series(y))
    assert a.upl == b.upl == c.upl
    assert a.data["rule"].tolist() == c.data["rule"].tolist()


def test_bad_baseline():
    with pytest.raises(ValueError, match="baseline"):
        run_chart([1, 2, 3], baseline=5)
    with pytest.raises(ValueError, match="baseline"):
        xmr([1.0] * 20, baseline=1)


@pytest.mark.parametrize("big", [1e308, -1.7e308, 1e101])
def test_values_near_the_float_limit_are_refused_not_overflowed(big):
    with pytest.raises(ValueError, match=r"values\[1\] is .*too large to chart"):
        xmr([1.0, big, 3.0])


def test_c_chart_refuses_fractional_counts():
    from workbook.qi import c_chart

    with pytest.raises(ValueError, match=r"counts\[2\] is 2.5; counts must be whole numbers"):
        c_chart([1, 2, 2.5, 3])
    assert c_chart([1.0, 2.0, 3.0] * 4).centre == pytest.approx(2.0)


@pytest.mark.parametrize("cutoff", [150, 0, -5, 100.5])
def test_pareto_refuses_a_cutoff_outside_0_to_100(cutoff):
    from workbook.qi import pareto

    with pytest.raises(ValueError, match="cutoff is .*at most 100"):
        pareto(["a", "b"], [3, 1], cutoff=cutoff)


def test_pareto_refuses_a_cutoff_that_is_not_a_number():
    from workbook.qi import pareto

    with pytest.raises(TypeError, match="cutoff must be a percentage"):
        pareto(["a", "b"], [3, 1], cutoff="80")
    assert pareto(["a", "b"], [3, 1], cutoff=100).data["vital_few"].all()
