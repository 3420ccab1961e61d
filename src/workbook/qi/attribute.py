"""Attribute control charts (P, P', U, U', C) with the formulas of the R package qicharts2.

| chart | centre | sigma for point i |
|---|---|---|
| P | p̄ = Σy / Σn | √(p̄(1−p̄)/nᵢ), limits clipped to [0, 1] |
| P′ | p̄ | √(p̄(1−p̄)/nᵢ) · σz, σz = mean moving range of zᵢ / 1.128 (Laney 2002) |
| U | ū = Σy / Σn | √(ū/nᵢ), lower limit clipped at 0 |
| U′ | ū | √(ū/nᵢ) · σz |
| C | c̄ | √c̄, lower limit clipped at 0 |

Limits are centre ± 3σᵢ; a point is a sigma signal when strictly outside them. A runs analysis
(Anhøj rules) around the centre line is added, as qicharts2 does. Missing events or
denominators leave the point out of the sums and the rules.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._inputs import (
    MIN_POINTS_FOR_LIMITS,
    as_dates,
    as_numeric,
    check_counts,
    warn_trial,
)
from ._result import ChartResult
from .runs import runs_analysis

__all__ = ["AttributeChartResult", "p_chart", "p_prime", "u_chart", "u_prime", "c_chart"]

_NAMES = {
    "p": "P chart (proportion)",
    "pp": "P' chart (Laney proportion)",
    "u": "U chart (rate)",
    "up": "U' chart (Laney rate)",
    "c": "C chart (count)",
}
_DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}


class AttributeChartResult(ChartResult):
    """A P, P', U, U' or C chart.

    Attributes: ``chart`` ("p", "pp", "u", "up", "c"), ``centre``, ``sigma_z`` (Laney charts),
    ``n_sigma_signals``, the Anhøj runs results (``n_useful``, ``longest_run``,
    ``longest_run_max``, ``n_crossings``, ``n_crossings_min``, ``runs_signal``), ``signal``,
    and ``data`` with one row per point (``y``, ``lcl``, ``ucl``, ``sigma_signal``).
    """

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)
        self.title = _NAMES[self.chart]

    def _summary_items(self) -> dict[str, Any]:
        items = {
            "chart": self.chart,
            "n_points": int(len(self.data)),
            "centre": self.centre,
            "n_sigma_signals": self.n_sigma_signals,
            "n_useful": self.n_useful,
            "longest_run": self.longest_run,
            "longest_run_max": self.longest_run_max,
            "n_crossings": self.n_crossings,
            "n_crossings_min": self.n_crossings_min,
            "runs_signal": self.runs_signal,
            "signal": self.signal,
        }
        if self.chart in ("pp", "up"):
            items["sigma_z"] = self.sigma_z
        return items

    @property
    def alt_text(self) -> str:
        n = len(self.data)
        if np.isnan(self.centre):
            return f"{self.title} of {n} points with no values to analyse."
        scale = 100.0 if self.chart in ("p", "pp") else 1.0
        unit = "%" if scale == 100.0 else ""
        varying = self.data["ucl"].nunique() > 1
        text = (
            f"{self.title} of {n} points with centre line {self.centre * scale:.4g}{unit}; "
            f"the control limits {'vary with the denominator' if varying else 'are constant'}. "
        )
        text += (
            f"{self.n_sigma_signals} point(s) fall outside the limits"
            if self.n_sigma_signals
            else "No point falls outside the limits"
        )
        text += " and the runs analysis " + (
            "finds non-random variation." if self.runs_signal else "finds no signal."
        )
        return text

    def _draw(self, ax: Any) -> None:
        from ._plot import LIMIT, draw_points, finish_axes

        d = self.data
        x = d["x"].to_numpy()
        scale = 100.0 if self.chart in ("p", "pp") else 1.0
        ax.plot(
            x,
            d["centre"].to_numpy() * scale,
            color="black",
            linewidth=1.3,
            linestyle="--" if self.runs_signal else "-",
            label="Centre" + (" (runs signal: non-random)" if self.runs_signal else ""),
        )
        ax.step(
            x,
            d["ucl"].to_numpy() * scale,
            where="mid",
            color=LIMIT,
            linestyle="--",
            linewidth=1.0,
            label="Control limits (3 sigma)",
        )
        ax.step(
            x, d["lcl"].to_numpy() * scale, where="mid", color=LIMIT, linestyle="--", linewidth=1.0
        )
        draw_points(ax, x, d["y"].to_numpy() * scale, d["point_type"].astype(object).to_numpy())
        ylabel = (
            self.ylabel
            or {
                "p": "Percent",
                "pp": "Percent",
                "u": "Rate per unit",
                "up": "Rate per unit",
                "c": "Count",
            }[self.chart]
        )
        finish_axes(ax, ylabel, None, self.has_dates)


def _attribute(
    chart: str,
    events: Any,
    n: Any,
    *,
    baseline: int | None,
    dates: Any,
    improvement: str,
    ylabel: str | None,
) -> AttributeChartResult:
    if improvement not in _DIRECTIONS:
        raise ValueError(
            f"improvement must be 'increase', 'decrease' or 'neutral', not {improvement!r}."
        )
    y_sum = as_numeric(events, "events" if chart != "c" else "counts")
    size = y_sum.size
    # a C chart counts whole events (a Poisson count): 2.5 falls is a data-entry slip
    check_counts(y_sum, "events" if chart != "c" else "counts", integer=chart == "c")
    if chart == "c":
        denom = np.ones(size)
    else:
        if n is None:
            raise TypeError("this chart needs denominators: pass n= (one per point).")
        denom = as_numeric(n, "n")
        if denom.size != size:
            raise ValueError(
                f"n has {denom.size} entries but events has {size}; give one denominator each."
            )
        bad = np.flatnonzero(denom <= 0)
        if bad.size:
            raise ValueError(
                f"n[{int(bad[0])}] is {denom[bad[0]]:g}; a denominator must be greater than "
                "zero (mark the point missing if nothing was counted)."
            )
        if chart in ("p", "pp"):
            over = np.flatnonzero(y_sum > denom)
            if over.size:
                i = int(over[0])
                raise ValueError(
                    f"events[{i}] = {y_sum[i]:g} is more than n[{i}] = {denom[i]:g}; a "
                    "proportion's events cannot exceed its denominator."
                )
    index = as_dates(dates, size, events)
    if baseline is not None and (
        isinstance(baseline, bool)
        or not isinstance(baseline, (int, np.integer))
        or not 1 <= baseline <= size
    ):
        raise ValueError(f"baseline must be a whole number of points between 1 and {size}.")
    ok = ~np.isnan(y_sum) & ~np.isnan(denom)
    y = np.where(ok, y_sum / denom, np.nan)
    in_base = np.zeros(size, dtype=bool)
    in_base[: baseline if baseline is not None else size] = True
    base = in_base & ok
    n_base = int(base.sum())
    if n_base < MIN_POINTS_FOR_LIMITS:
        warn_trial(n_base, "control limits", stacklevel=4)
    if chart == "c":
        centre = float(y[base].mean()) if n_base else float("nan")
        sigma = np.full(size, np.sqrt(centre))
    else:
        centre = float(y_sum[base].sum() / denom[base].sum()) if n_base else float("nan")
        if chart in ("p", "pp"):
            sigma = np.sqrt(centre * (1 - centre) / denom)
        else:
            sigma = np.sqrt(centre / denom)
    sigma_z = None
    if chart in ("pp", "up"):
        with np.errstate(divide="ignore", invalid="ignore"):
            # Over the baseline in order, NaN where missing: a moving range touching a
            # missing point is dropped (qicharts2: mean(abs(diff(z)), na.rm = TRUE)).
            z = (y[in_base] - centre) / sigma[in_base]
        mr = np.abs(np.diff(z))
        mr = mr[np.isfinite(mr)]
        sigma_z = float(mr.mean() / 1.128) if mr.size else float("nan")
        sigma = sigma * sigma_z
    ucl = centre + 3 * sigma
    lcl = np.maximum(centre - 3 * sigma, 0.0)
    if chart in ("p", "pp"):
        ucl = np.minimum(ucl, 1.0)
    sigma_signal = ok & ((y > ucl) | (y < lcl))
    ra = runs_analysis(y, centre)

    direction = _DIRECTIONS[improvement]
    side = np.sign(np.nan_to_num(y - centre)).astype(np.int8)
    special = sigma_signal | (
        ra["signal"] & ra["useful"] & (ra["run_length"] > (ra["longest_run_max"] or np.inf))
    )
    codes = np.full(size, -1, dtype=np.int8)
    codes[ok] = 0
    if direction == 0:
        codes[special & (side > 0)] = 3
        codes[special & (side < 0)] = 4
    else:
        codes[special & (side * direction > 0)] = 1
        codes[special & (side * direction < 0)] = 2
    from .spc import POINT_TYPES

    x = index if index is not None else pd.RangeIndex(1, size + 1)
    data = pd.DataFrame(
        {
            "x": x,
            "events": y_sum,
            "n": denom,
            "y": y,
            "centre": np.full(size, centre),
            "lcl": np.where(ok, lcl, np.nan),
            "ucl": np.where(ok, ucl, np.nan),
            "sigma_signal": sigma_signal,
            "long_run": ra["useful"] & (ra["run_length"] > (ra["longest_run_max"] or np.inf)),
            "point_type": pd.Categorical.from_codes(codes, categories=POINT_TYPES),
        }
    )
    if chart == "c":
        data = data.drop(columns=["n"])
    n_sigma = int(sigma_signal.sum())
    return AttributeChartResult(
        chart=chart,
        data=data,
        centre=centre,
        sigma_z=sigma_z,
        n_sigma_signals=n_sigma,
        n_useful=ra["n_useful"],
        longest_run=ra["longest_run"],
        longest_run_max=ra["longest_run_max"],
        n_crossings=ra["n_crossings"],
        n_crossings_min=ra["n_crossings_min"],
        runs_signal=ra["signal"],
        signal=bool(n_sigma or ra["signal"]),
        has_dates=index is not None,
        ylabel=ylabel,
    )


def p_chart(
    events: Any,
    n: Any,
    *,
    baseline: int | None = None,
    dates: Any = None,
    improvement: str = "neutral",
    ylabel: str | None = None,
) -> AttributeChartResult:
    """P chart of ``events / n`` (qicharts2 formulas; limits vary with each denominator)."""
    return _attribute(
        "p", events, n, baseline=baseline, dates=dates, improvement=improvement, ylabel=ylabel
    )


def p_prime(
    events: Any,
    n: Any,
    *,
    baseline: int | None = None,
    dates: Any = None,
    improvement: str = "neutral",
    ylabel: str | None = None,
) -> AttributeChartResult:
    """Laney P' chart: P-chart limits widened by σz for very large denominators (Laney 2002)."""
    return _attribute(
        "pp", events, n, baseline=baseline, dates=dates, improvement=improvement, ylabel=ylabel
    )


def u_chart(
    events: Any,
    n: Any,
    *,
    baseline: int | None = None,
    dates: Any = None,
    improvement: str = "neutral",
    ylabel: str | None = None,
) -> AttributeChartResult:
    """U chart of the rate ``events / n`` (e.g. falls per 1,000 bed days, with n in 1,000s)."""
    return _attribute(
        "u", events, n, baseline=baseline, dates=dates, improvement=improvement, ylabel=ylabel
    )


def u_prime(
    events: Any,
    n: Any,
    *,
    baseline: int | None = None,
    dates: Any = None,
    improvement: str = "neutral",
    ylabel: str | None = None,
) -> AttributeChartResult:
    """Laney U' chart: U-chart limits widened by σz (Laney 2002)."""
    return _attribute(
        "up", events, n, baseline=baseline, dates=dates, improvement=improvement, ylabel=ylabel
    )


def c_chart(
    counts: Any,
    *,
    baseline: int | None = None,
    dates: Any = None,
    improvement: str = "neutral",
    ylabel: str | None = None,
) -> AttributeChartResult:
    """C chart of counts from equal areas of opportunity (centre c̄, sigma √c̄)."""
    return _attribute(
        "c", counts, None, baseline=baseline, dates=dates, improvement=improvement, ylabel=ylabel
    )
