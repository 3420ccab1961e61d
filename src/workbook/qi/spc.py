"""XmR (individuals) charts in the NHS "Making Data Count" style, as NHSRplotthedots does them.

Limits: ``mean ± 2.66 × AMR`` (process) and ``mean ± (2/3) × 2.66 × AMR`` (near), where AMR is
the mean moving range, screened by default (moving ranges at or above ``3.267 × AMR`` are
dropped and AMR recomputed; the NHS England Excel tool does not screen, so pass
``screen_outliers=False`` to reproduce it).

Special-cause rules, first match wins: (1) a point outside the process limits; (2) a trend of 7
points all rising or all falling (a tie breaks it); (3) two of three points beyond the near
limits, all three on the same side of the mean (only the close points are flagged); (4) a
shift of 7 points on one side of the mean (a point on the mean breaks it).

Decisions where the references are silent or differ, documented here:
- Missing values are left out: moving ranges that touch a missing value are dropped (as
  ``mean(mr, na.rm = TRUE)`` does in both R packages) and the rules run over the observed
  points in order.
- A constant series (every moving range 0) keeps AMR = 0 rather than screening every moving
  range away (which gives NaN limits in R): limits collapse onto the mean and, since every
  point lies on the mean, no point is flagged in either case.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._inputs import MIN_POINTS_FOR_LIMITS, as_dates, as_numeric, as_positions, warn_trial
from ._result import ChartResult
from ._runlength import flag_runs

__all__ = [
    "XmRResult",
    "xmr",
    "mdc_rules",
    "mdc_rule_flags",
    "assurance_type",
    "POINT_TYPES",
    "RULES",
]

#: MDC constants (NHSRplotthedots uses 2.66 and 3.267 exactly).
MDC_LIMIT = 2.66
MR_SCREEN = 3.267

RULES = ["none", "outside_limits", "trend", "two_of_three", "shift"]
POINT_TYPES = [
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
]
_DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}


def mdc_rule_flags(
    y: np.ndarray,
    mean: np.ndarray,
    lpl: np.ndarray,
    upl: np.ndarray,
    nlpl: np.ndarray,
    nupl: np.ndarray,
    group: np.ndarray | None = None,
    *,
    trend_points: int = 7,
    shift_points: int = 7,
) -> dict[str, np.ndarray]:
    """Each MDC rule's flags on its own (before "first match wins"), for observed points.

    Returns boolean arrays ``outside_limits``, ``trend``, ``two_of_three``, ``shift`` and the
    int8 arrays ``relative_to_mean`` and ``trend_side``. ``trend_points`` and
    ``shift_points`` are 7 in MDC; other values exist only to compare with tools that use
    other run lengths. Vectorised: run lengths and windowed sums, no loop over points.
    """
    m = y.size
    if group is None:
        group = np.zeros(m, dtype=np.int64)
    rtm = np.sign(y - mean).astype(np.int8)
    outside = (y > upl) | (y < lpl)
    close = ~outside & ((y < nlpl) | (y > nupl))
    same_group = group[1:] == group[:-1]

    # Trend: n points = n - 1 consecutive differences of one sign; a tie (0) breaks it.
    d = np.sign(np.diff(y)).astype(np.int8)
    d[~same_group] = 0
    qual = flag_runs(d, trend_points - 1)
    qual_right = np.append(qual, False)  # the diff to the right of point i qualifies
    qual_left = np.insert(qual, 0, False)  # the diff to the left of point i qualifies
    trend = qual_right | qual_left
    # As NHSRplotthedots: a point in two trends takes the direction on its right.
    d_right = np.append(d, 0)
    d_left = np.insert(d, 0, 0)
    trend_side = np.where(qual_right, d_right, np.where(qual_left, d_left, 0)).astype(np.int8)

    # Two of three beyond the near limits, all three on one side of the mean.
    two3 = np.zeros(m, dtype=bool)
    if m >= 3:
        c = close.astype(np.int8)
        win_close = c[:-2] + c[1:-1] + c[2:]
        win_side = rtm[:-2].astype(np.int16) + rtm[1:-1] + rtm[2:]
        win_group = same_group[:-1] & same_group[1:]
        ok = (win_close >= 2) & (np.abs(win_side) == 3) & win_group
        covered = np.zeros(m, dtype=bool)
        covered[:-2] |= ok
        covered[1:-1] |= ok
        covered[2:] |= ok
        two3 = covered & close

    # Shift: points on one side of the mean (0 breaks); phases break runs too.
    codes = rtm.astype(np.int64) + 3 * np.concatenate(([0], np.cumsum(~same_group)))
    shift = flag_runs(codes, shift_points, ignore_zero=False) & (rtm != 0)
    return {
        "outside_limits": outside,
        "trend": trend,
        "two_of_three": two3,
        "shift": shift,
        "relative_to_mean": rtm,
        "trend_side": trend_side,
    }


def mdc_rules(
    y: np.ndarray,
    mean: np.ndarray,
    lpl: np.ndarray,
    upl: np.ndarray,
    nlpl: np.ndarray,
    nupl: np.ndarray,
    group: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Apply the four MDC rules, first match wins, to observed points within phases.

    Returns (rule code per point: index into RULES, side per point: +1 high / -1 low / 0).
    """
    if y.size == 0:
        return np.zeros(0, dtype=np.int8), np.zeros(0, dtype=np.int8)
    f = mdc_rule_flags(y, mean, lpl, upl, nlpl, nupl, group)
    rule = np.select(
        [f["outside_limits"], f["trend"], f["two_of_three"], f["shift"]], [1, 2, 3, 4], 0
    ).astype(np.int8)
    rtm = f["relative_to_mean"]
    side = np.where(rule == 2, f["trend_side"], np.where(rule > 0, rtm, 0)).astype(np.int8)
    return rule, side


def assurance_type(target: float | None, lpl: float, upl: float, improvement: str) -> str | None:
    """MDC assurance from the latest limits: consistent_pass, consistent_fail or inconsistent.

    None without a target or when improvement is neutral (as NHSRplotthedots).
    """
    if target is None or improvement == "neutral" or np.isnan(lpl) or np.isnan(upl):
        return None
    increase = improvement == "increase"
    if target > upl:
        return "consistent_fail" if increase else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if increase else "consistent_fail"
    return "inconsistent"


_VARIATION_TEXT = {
    "common_cause": "common cause variation only",
    "special_cause_improvement": "special cause variation of an improving nature",
    "special_cause_concern": "special cause variation of a concerning nature",
    "special_cause_neutral_high": "special cause variation (high, neither good nor bad)",
    "special_cause_neutral_low": "special cause variation (low, neither good nor bad)",
}
_ASSURANCE_TEXT = {
    "consistent_pass": "the process will consistently hit the target",
    "consistent_fail": "the process will consistently miss the target",
    "inconsistent": "the process will hit and miss the target at random",
}


class XmRResult(ChartResult):
    """An XmR chart in the MDC style.

    Attributes: ``mean``, ``lpl``, ``upl``, ``amr`` (of the latest phase), ``phases`` (a
    table with one row per phase), ``variation`` and ``assurance`` (MDC icon names, from the
    latest observed point), ``improvement``, ``target``, and ``data`` with one row per point
    (``rule``, ``point_type``, limits, ``mr``).
    """

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)
        self.title = "XmR chart (individuals)"

    @property
    def signal(self) -> bool:
        """True when any point shows special-cause variation."""
        return bool((self.data["rule"] != "none").any())

    def _summary_items(self) -> dict[str, Any]:
        counts = self.data["rule"].value_counts()
        return {
            "n_points": int(len(self.data)),
            "n_phases": int(len(self.phases)),
            "mean": self.mean,
            "amr": self.amr,
            "lpl": self.lpl,
            "upl": self.upl,
            "improvement": self.improvement,
            "target": self.target,
            "points_outside_limits": int(counts.get("outside_limits", 0)),
            "points_in_trend": int(counts.get("trend", 0)),
            "points_two_of_three": int(counts.get("two_of_three", 0)),
            "points_in_shift": int(counts.get("shift", 0)),
            "variation": self.variation,
            "assurance": self.assurance,
        }

    @property
    def alt_text(self) -> str:
        n = len(self.data)
        if self.variation is None:
            return f"XmR chart of {n} points with no values to analyse."
        text = (
            f"XmR chart of {n} points with mean {self.mean:.4g} and process limits "
            f"{self.lpl:.4g} to {self.upl:.4g}"
            + (f" in the latest of {len(self.phases)} phases" if len(self.phases) > 1 else "")
            + ". "
        )
        n_special = int((self.data["rule"] != "none").sum())
        text += (
            f"{n_special} point(s) show special cause variation; "
            if n_special
            else "No point shows special cause variation; "
        )
        text += f"the latest point shows {_VARIATION_TEXT[self.variation]}."
        if self.target is not None:
            text += f" Target {self.target:.4g}"
            text += (
                f": {_ASSURANCE_TEXT[self.assurance]}."
                if self.assurance
                else " (no assurance for a neutral measure)."
            )
        return text

    def _draw(self, ax: Any) -> None:
        from ._plot import LIMIT, TARGET, draw_icons, draw_points, finish_axes

        d = self.data
        x = d["x"].to_numpy()
        group = d["phase"].to_numpy()
        first = True
        for g in np.unique(group):
            sel = group == g
            xs = x[sel]
            ax.plot(
                xs,
                d["mean"].to_numpy()[sel],
                color="black",
                linewidth=1.3,
                label="Mean" if first else None,
                zorder=1,
            )
            for col, style, lab in (
                ("upl", "--", "Process limits"),
                ("lpl", "--", None),
                ("nupl", ":", "Near limits (2 sigma)"),
                ("nlpl", ":", None),
            ):
                ax.plot(
                    xs,
                    d[col].to_numpy()[sel],
                    color=LIMIT,
                    linestyle=style,
                    linewidth=1.0 if style == "--" else 0.8,
                    label=lab if first else None,
                    zorder=1,
                )
            first = False
        if self.target is not None:
            ax.axhline(
                self.target,
                color=TARGET,
                linestyle="-.",
                linewidth=1.2,
                label=f"Target {self.target:.4g}",
                zorder=1,
            )
        draw_points(ax, x, d["y"].to_numpy(), d["point_type"].astype(object).to_numpy())
        last_side = self.last_side
        draw_icons(
            ax,
            self.variation,
            None if last_side == 0 else last_side > 0,
            self.assurance,
            self.target is not None and self.improvement != "neutral",
        )
        arrow = {
            "increase": "higher is better",
            "decrease": "lower is better",
            "neutral": "no preferred direction",
        }[self.improvement]
        finish_axes(ax, self.ylabel or f"Value ({arrow})", None, self.has_dates)


def xmr(
    values: Any,
    *,
    improvement: str = "increase",
    target: float | None = None,
    screen_outliers: bool = True,
    baseline: int | None = None,
    rebase_at: Any = None,
    dates: Any = None,
    limit_factor: float = MDC_LIMIT,
    ylabel: str | None = None,
) -> XmRResult:
    """XmR chart with the MDC special-cause rules, variation and assurance.

    Parameters
    ----------
    values : list, array or Series of numbers (missing values allowed and left out).
    improvement : "increase" (higher is better, the NHSRplotthedots default), "decrease" or
        "neutral".
    target : optional target value; with a direction it gives the assurance icon.
    screen_outliers : drop moving ranges >= 3.267 × AMR before recomputing AMR (default).
    baseline : fix the limits on the first ``baseline`` points of each phase (>= 12 advised).
    rebase_at : positions (0-based) or dates where a new phase with new limits starts.
    dates : optional x values (one per point).
    limit_factor : 2.66 (MDC). A qicharts2-style I chart uses ``3 / 1.128``.

    Warns with :class:`TrialLimitsWarning` when a phase's limits rest on fewer than 12 points.
    """
    if improvement not in _DIRECTIONS:
        raise ValueError(
            f"improvement must be 'increase', 'decrease' or 'neutral', not {improvement!r}."
        )
    if target is not None:
        if isinstance(target, bool) or not isinstance(target, (int, float, np.number)):
            raise TypeError(f"target must be a number, not {target!r}.")
        target = float(target)
        if not np.isfinite(target):
            raise ValueError("target must be a finite number.")
    if baseline is not None and (
        isinstance(baseline, bool) or not isinstance(baseline, (int, np.integer)) or baseline < 2
    ):
        raise ValueError("baseline must be a whole number of points, at least 2.")
    y = as_numeric(values, "values")
    n = y.size
    index = as_dates(dates, n, values)

    phase_starts = as_positions(rebase_at, n, "rebase_at", index)
    starts = np.union1d([0], phase_starts).astype(np.int64)
    group = np.zeros(n, dtype=np.int64)
    group[starts[1:]] = 1
    group = np.cumsum(group)
    ends = np.append(starts[1:], n)

    mean = np.empty(n)
    amr_pt = np.empty(n)
    phases = []
    observed = ~np.isnan(y)
    for g, (s, e) in enumerate(zip(starts, ends, strict=True)):
        # A loop over phases (a handful), never over points.
        b = e if baseline is None else min(e, s + baseline)
        yb = y[s:b]
        n_obs = int(np.count_nonzero(~np.isnan(yb)))
        if n_obs < MIN_POINTS_FOR_LIMITS:
            warn_trial(n_obs, f"limits of phase {g + 1}" if starts.size > 1 else "limits")
        if n_obs == 0:
            m_g = amr = float("nan")
        else:
            m_g = float(np.nanmean(yb))
            mr = np.abs(np.diff(yb))
            mr = mr[~np.isnan(mr)]
            amr = float(mr.mean()) if mr.size else float("nan")
            if screen_outliers and mr.size and amr > 0:
                kept = mr[mr < MR_SCREEN * amr]
                amr = float(kept.mean()) if kept.size else float("nan")
        mean[s:e] = m_g
        amr_pt[s:e] = amr
        phases.append(
            {
                "phase": g + 1,
                "start": int(s),
                "end": int(e - 1),
                "n_baseline": n_obs,
                "mean": m_g,
                "amr": amr,
                "lpl": m_g - limit_factor * amr,
                "upl": m_g + limit_factor * amr,
            }
        )

    near = limit_factor * 2.0 / 3.0
    lpl = mean - limit_factor * amr_pt
    upl = mean + limit_factor * amr_pt
    nlpl = mean - near * amr_pt
    nupl = mean + near * amr_pt

    obs = np.flatnonzero(observed)
    rule_o, side_o = mdc_rules(
        y[obs], mean[obs], lpl[obs], upl[obs], nlpl[obs], nupl[obs], group[obs]
    )
    direction = _DIRECTIONS[improvement]
    if direction == 0:
        type_o = np.where(side_o > 0, 3, np.where(side_o < 0, 4, 0))
    else:
        oriented = side_o * direction
        type_o = np.where(oriented > 0, 1, np.where(oriented < 0, 2, 0))
    rule_codes = np.full(n, -1, dtype=np.int8)
    type_codes = np.full(n, -1, dtype=np.int8)
    rule_codes[obs] = rule_o
    type_codes[obs] = type_o

    mr_all = np.full(n, np.nan)
    if n > 1:
        mr_all[1:] = np.abs(np.diff(y))
        mr_all[starts[1:]] = np.nan  # no moving range across a rebase
    x = index if index is not None else pd.RangeIndex(1, n + 1)
    data = pd.DataFrame(
        {
            "x": x,
            "y": y,
            "phase": group + 1,
            "mean": mean,
            "lpl": lpl,
            "upl": upl,
            "nlpl": nlpl,
            "nupl": nupl,
            "mr": mr_all,
            "relative_to_mean": np.sign(np.nan_to_num(y - mean)).astype(np.int8),
            "rule": pd.Categorical.from_codes(rule_codes, categories=RULES),
            "point_type": pd.Categorical.from_codes(type_codes, categories=POINT_TYPES),
        }
    )
    last = phases[-1]
    if obs.size:
        lp = obs[-1]
        variation = POINT_TYPES[type_codes[lp]]
        last_side = int(side_o[-1]) if type_codes[lp] else 0
        assurance = assurance_type(target, float(lpl[lp]), float(upl[lp]), improvement)
    else:
        variation, last_side, assurance = None, 0, None
    return XmRResult(
        data=data,
        phases=pd.DataFrame(phases),
        mean=last["mean"],
        amr=last["amr"],
        lpl=last["lpl"],
        upl=last["upl"],
        improvement=improvement,
        target=target,
        screen_outliers=screen_outliers,
        limit_factor=limit_factor,
        variation=variation,
        last_side=last_side,
        assurance=assurance,
        has_dates=index is not None,
        ylabel=ylabel,
    )
