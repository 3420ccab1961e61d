"""Run charts with the Anhøj rules (as in the R package qicharts2) or the IHI rules.

Sources:
- Anhøj J, Olesen AV. Run charts revisited. PLoS ONE 2014;9(11):e113825.
- Anhøj J. Diagnostic value of run chart analysis. PLoS ONE 2015;10(3):e0121349.
- Perla RJ, Provost LP, Murray SK. The run chart. BMJ Qual Saf 2011;20:46-51.
- Schilling MF (2012) for the longest run; Chen Z (2010) for the number of crossings.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ._inputs import as_dates, as_numeric, as_positions
from ._result import ChartResult
from ._runlength import flag_runs, run_lengths_per_point

__all__ = [
    "RunChartResult",
    "anhoej_limits",
    "ihi_runs_limits",
    "run_chart",
    "runs_analysis",
    "swed_eisenhart_pmf",
]


def anhoej_limits(n_useful: int) -> tuple[int, int]:
    """Return (longest_run_max, n_crossings_min) for ``n_useful`` useful observations.

    ``longest_run_max = round(log2(n)) + 3`` (Schilling 2012) and
    ``n_crossings_min = qbinom(0.05, n - 1, 0.5)`` (Chen 2010), as in qicharts2.
    """
    n = int(n_useful)
    if n < 1:
        raise ValueError("the Anhøj limits need at least one useful observation.")
    from scipy.stats import binom

    # Python's round() and R's round() both round halves to even; log2(n) is never a half.
    return int(round(np.log2(n))) + 3, int(binom.ppf(0.05, n - 1, 0.5))


def swed_eisenhart_pmf(n1: int, n2: int) -> np.ndarray:
    """Probability of r runs (index r, 0..n1+n2) when n1 and n2 points are randomly ordered.

    Swed FS, Eisenhart C (1943), the distribution that the IHI table of runs rests on.
    """
    n1, n2 = int(n1), int(n2)
    n = n1 + n2
    pmf = np.zeros(n + 1)
    if n1 == 0 or n2 == 0:
        if n:
            pmf[1] = 1.0
        return pmf
    from scipy.special import gammaln

    def log_comb(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
        ok = (b >= 0) & (b <= a)
        out = np.full(np.broadcast(a, b).shape, -np.inf)
        out[ok] = (gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1))[ok]
        return out

    total = log_comb(np.array(n), np.array(n1))
    r = np.arange(2, n + 1)
    k_even = r // 2
    even = np.log(2) + log_comb(n1 - 1, k_even - 1) + log_comb(n2 - 1, k_even - 1) - total
    k_odd = (r - 1) // 2
    odd = (
        np.logaddexp(
            log_comb(n1 - 1, k_odd - 1) + log_comb(n2 - 1, k_odd),
            log_comb(n1 - 1, k_odd) + log_comb(n2 - 1, k_odd - 1),
        )
        - total
    )
    pmf[2:] = np.exp(np.where(r % 2 == 0, even, odd))
    return pmf


@lru_cache(maxsize=512)
def ihi_runs_limits(n_useful: int, alpha: float = 0.05) -> tuple[int, int]:
    """Return (runs_min, runs_max): fewer or more runs than these signal (two-sided ``alpha``).

    Computed exactly from the Swed-Eisenhart distribution with the useful points split as
    evenly as possible above and below the median (n // 2 and n - n // 2). This is our own
    computation of the limits, not a copy of the published IHI table.
    """
    n = int(n_useful)
    if n < 2:
        return 1, max(n, 1)
    pmf = swed_eisenhart_pmf(n // 2, n - n // 2)
    cdf = np.cumsum(pmf)
    sf = 1.0 - np.concatenate(([0.0], cdf[:-1]))  # P(R >= r)
    tail = alpha / 2
    runs_min = int(np.flatnonzero(cdf > tail + 1e-12)[0])
    runs_max = int(np.flatnonzero(sf > tail + 1e-12)[-1])
    return runs_min, runs_max


def runs_analysis(y: np.ndarray, centre: np.ndarray | float) -> dict[str, Any]:
    """Anhøj runs analysis of ``y`` around ``centre`` (missing values already NaN).

    Returns useful mask, side per point, and the Anhøj statistics, as qicharts2's
    ``runs.analysis`` computes them.
    """
    side = np.sign(y - centre)
    side = np.where(np.isnan(side), 0, side).astype(np.int8)
    useful = side != 0
    runs = side[useful]
    n_useful = int(runs.size)
    out: dict[str, Any] = {"side": side, "useful": useful, "n_useful": n_useful}
    run_len = np.zeros(y.size, dtype=np.int64)
    if n_useful:
        _, per_point, lengths = run_lengths_per_point(runs)
        run_len[useful] = per_point
        lr_max, nc_min = anhoej_limits(n_useful)
        out.update(
            longest_run=int(lengths.max()),
            longest_run_max=lr_max,
            n_runs=int(lengths.size),
            n_crossings=int(lengths.size - 1),
            n_crossings_min=nc_min,
        )
        out["signal"] = bool(out["longest_run"] > lr_max or out["n_crossings"] < nc_min)
    else:
        out.update(
            longest_run=None,
            longest_run_max=None,
            n_runs=0,
            n_crossings=None,
            n_crossings_min=None,
            signal=False,
        )
    out["run_length"] = run_len
    return out


def _ihi_trend(y: np.ndarray, min_points: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Flag points in IHI trends (``min_points`` rising or falling; repeats counted once).

    Returns (flags, direction per point: +1 up, -1 down, 0 none). NaN means left out.
    """
    n = y.size
    flags = np.zeros(n, dtype=bool)
    direction = np.zeros(n, dtype=np.int8)
    pos = np.flatnonzero(~np.isnan(y))
    v = y[pos]
    if v.size < 2:
        return flags, direction
    keep = np.concatenate(([True], v[1:] != v[:-1]))
    kpos = pos[keep]  # positions of the de-duplicated points
    d = np.sign(np.diff(v[keep])).astype(np.int8)
    qual = flag_runs(d, min_points - 1)
    if not qual.any():
        return flags, direction
    # A qualifying diff j spans kept points j and j+1, i.e. positions kpos[j]..kpos[j+1].
    starts = kpos[:-1][qual]
    ends = kpos[1:][qual]
    marks = np.zeros(n + 1, dtype=np.int64)
    np.add.at(marks, starts, 1)
    np.add.at(marks, ends + 1, -1)
    # Adjacent diffs share an end point, so count coverage of each position inclusively.
    cover = np.cumsum(marks)[:n] > 0
    flags = cover & ~np.isnan(y)
    dir_marks = np.zeros(n + 1, dtype=np.int64)
    np.add.at(dir_marks, starts, d[qual])
    np.add.at(dir_marks, ends + 1, -d[qual])
    direction = np.sign(np.cumsum(dir_marks)[:n]).astype(np.int8) * flags
    return flags, direction


class RunChartResult(ChartResult):
    """A run chart and its runs analysis.

    Attributes: ``median``, ``n_useful``, ``longest_run``, ``longest_run_max``,
    ``n_crossings``, ``n_crossings_min``, ``signal`` (by the rules chosen), ``anhoej_signal``,
    and the IHI results ``shift``, ``trend``, ``n_runs``, ``runs_min``, ``runs_max``,
    ``too_few_runs``, ``too_many_runs``, ``ihi_signal``. ``data`` has one row per point.
    """

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)
        self.title = "Run chart"

    def _summary_items(self) -> dict[str, Any]:
        items: dict[str, Any] = {
            "rules": self.rules,
            "n_points": int(len(self.data)),
            "median": self.median,
            "n_useful": self.n_useful,
        }
        if self.rules == "anhoej":
            items.update(
                longest_run=self.longest_run,
                longest_run_max=self.longest_run_max,
                n_crossings=self.n_crossings,
                n_crossings_min=self.n_crossings_min,
            )
        else:
            items.update(
                shift=self.shift,
                trend=self.trend,
                n_runs=self.n_runs,
                runs_min=self.runs_min,
                runs_max=self.runs_max,
                astronomical=self.astronomical,
            )
        items["signal"] = self.signal
        return items

    @property
    def alt_text(self) -> str:
        n = len(self.data)
        if self.median is None or np.isnan(self.median):
            return f"Run chart of {n} points with no values to analyse."
        text = f"Run chart of {n} points around a median of {self.median:.4g}. "
        if self.rules == "anhoej":
            if self.n_useful == 0:
                return text + "No point lies off the median, so there are no runs to analyse."
            text += (
                f"The longest run is {self.longest_run} points (more than "
                f"{self.longest_run_max} would signal) and the line crosses the median "
                f"{self.n_crossings} times (fewer than {self.n_crossings_min} would signal). "
            )
        else:
            parts = []
            parts.append("a shift" if self.shift else "no shift")
            parts.append("a trend" if self.trend else "no trend")
            if self.too_few_runs or self.too_many_runs:
                parts.append("too few runs" if self.too_few_runs else "too many runs")
            if self.astronomical:
                parts.append("an astronomical point marked")
            text += f"By the IHI rules there is {', '.join(parts)}. "
        text += (
            "This suggests non-random variation (a signal)."
            if self.signal
            else "The variation looks random (no signal)."
        )
        return text

    def _draw(self, ax: Any) -> None:
        from ._plot import COLOURS, LINE, finish_axes

        d = self.data
        x = d["x"].to_numpy()
        y = d["y"].to_numpy()
        ax.plot(
            x,
            y,
            color=LINE,
            linewidth=1.2,
            marker="o",
            markersize=4,
            markerfacecolor=COLOURS["common_cause"],
            markeredgecolor=LINE,
            zorder=2,
            label="Data",
        )
        flag = (
            d["long_run"].to_numpy()
            if self.rules == "anhoej"
            else (d["shift"].to_numpy() | d["trend"].to_numpy() | d["astronomical"].to_numpy())
        )
        if flag.any():
            ax.plot(
                x[flag],
                y[flag],
                linestyle="none",
                marker="D",
                markersize=7,
                markerfacecolor=COLOURS["special_cause_neutral_high"],
                markeredgecolor="black",
                label="Part of an unusually long run"
                if self.rules == "anhoej"
                else "Part of a shift or trend, or marked astronomical",
                zorder=3,
            )
        if d["excluded"].any():
            ex = d["excluded"].to_numpy()
            ax.plot(
                x[ex],
                y[ex],
                linestyle="none",
                marker="x",
                color="black",
                label="Excluded",
                zorder=3,
            )
        centre = d["centre"].to_numpy()
        style = "--" if self.signal else "-"
        ax.plot(
            x,
            centre,
            color="black" if not self.signal else COLOURS["special_cause_concern"],
            linestyle=style,
            linewidth=1.3,
            label=f"Median {self.median:.4g}" + (" (signal: non-random)" if self.signal else ""),
            zorder=1,
        )
        if self.baseline is not None:
            ax.axvline(
                x[min(self.baseline, len(x)) - 1], color="#bdbdbd", linestyle=":", linewidth=1
            )
        finish_axes(ax, self.ylabel, None, self.has_dates)


def run_chart(
    values: Any,
    *,
    baseline: int | None = None,
    exclude: Any = None,
    rules: str = "anhoej",
    dates: Any = None,
    ylabel: str | None = None,
    astronomical: Any = None,
) -> RunChartResult:
    """Run chart of ``values`` with a runs analysis by the Anhøj or the IHI rules.

    Parameters
    ----------
    values : list, array or Series of numbers; missing values (None/NaN) are left out.
    baseline : the median comes from the first ``baseline`` points only (runs are still
        counted over all points, as qicharts2's ``freeze`` does).
    exclude : positions (0-based) or dates of points to leave out of everything.
    rules : ``"anhoej"`` (shift by the longest run, crossings; qicharts2) or ``"ihi"``
        (shift of 6, trend of 5, number of runs; Perla et al. 2011). Both are always computed;
        ``rules`` chooses which ``signal`` reports and the chart shows.
    dates : optional x values (one per point).
    astronomical : positions (0-based) or dates of points the learner judges astronomical
        (IHI rule 4 is a judgement, not a computation); they count as an IHI signal.
    """
    if rules not in ("anhoej", "ihi"):
        raise ValueError(f"rules must be 'anhoej' or 'ihi', not {rules!r}.")
    y = as_numeric(values, "values")
    n = y.size
    index = as_dates(dates, n, values)
    excluded = np.zeros(n, dtype=bool)
    excluded[as_positions(exclude, n, "exclude", index)] = True
    if baseline is not None:
        if isinstance(baseline, bool) or not isinstance(baseline, (int, np.integer)):
            raise TypeError("baseline must be a whole number of points.")
        if not 1 <= baseline <= n:
            raise ValueError(f"baseline must be between 1 and {n} (the number of points).")
    included = ~excluded
    yi = np.where(included, y, np.nan)
    base = yi[: baseline if baseline is not None else n]
    median = float(np.nanmedian(base)) if np.any(~np.isnan(base)) else float("nan")

    ra = runs_analysis(yi, median)
    shift = flag_runs(ra["side"][ra["useful"]], 6)
    shift_flags = np.zeros(n, dtype=bool)
    shift_flags[ra["useful"]] = shift
    trend_flags, _ = _ihi_trend(yi)
    runs_min, runs_max = ihi_runs_limits(ra["n_useful"]) if ra["n_useful"] else (None, None)
    n_runs = ra["n_runs"]
    too_few = bool(ra["n_useful"] and n_runs < runs_min)
    too_many = bool(ra["n_useful"] and n_runs > runs_max)
    astro = np.zeros(n, dtype=bool)
    astro[as_positions(astronomical, n, "astronomical", index)] = True
    ihi_signal = bool(shift_flags.any() or trend_flags.any() or too_few or too_many or astro.any())

    long_run = ra["useful"] & (
        ra["run_length"] > (ra["longest_run_max"] if ra["n_useful"] else np.inf)
    )
    x = index if index is not None else pd.RangeIndex(1, n + 1)
    data = pd.DataFrame(
        {
            "x": x,
            "y": y,
            "centre": np.full(n, median),
            "baseline": np.arange(n) < (baseline if baseline is not None else n),
            "excluded": excluded,
            "useful": ra["useful"],
            "side": ra["side"],
            "run_length": ra["run_length"],
            "long_run": long_run,
            "shift": shift_flags,
            "trend": trend_flags,
            "astronomical": astro,
        }
    )
    return RunChartResult(
        data=data,
        rules=rules,
        baseline=baseline,
        has_dates=index is not None,
        ylabel=ylabel,
        median=median,
        n_useful=ra["n_useful"],
        longest_run=ra["longest_run"],
        longest_run_max=ra["longest_run_max"],
        n_crossings=ra["n_crossings"],
        n_crossings_min=ra["n_crossings_min"],
        anhoej_signal=ra["signal"],
        shift=bool(shift_flags.any()),
        trend=bool(trend_flags.any()),
        n_runs=n_runs,
        runs_min=runs_min,
        runs_max=runs_max,
        too_few_runs=too_few,
        too_many_runs=too_many,
        astronomical=bool(astro.any()),
        ihi_signal=ihi_signal,
        signal=ra["signal"] if rules == "anhoej" else ihi_signal,
    )
