"""Funnel plots for comparing providers' proportions (Spiegelhalter 2005).

Target p₀ is the overall proportion Σevents / Σdenominators unless given. Control limits at
denominator n are ``p₀ ± z·√(p₀(1−p₀)/n)`` with z = 1.96 (95%) and z = 3.09 (99.8%), clipped
to [0, 1]. With ``overdispersion=True`` the variance is multiplied by φ = (1/k) Σ zᵢ² (the
Pearson statistic over k providers, zᵢ = (yᵢ − p₀)/√(p₀(1−p₀)/nᵢ)) when φ > 1.

Source: Spiegelhalter DJ. Funnel plots for comparing institutional performance.
Stat Med 2005;24(8):1185-1202.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._inputs import as_numeric, check_counts, check_denominators
from ._result import ChartResult

__all__ = ["FunnelResult", "funnel", "Z95", "Z998"]

Z95 = 1.96
Z998 = 3.09


def _limits(p0: float, n: np.ndarray, z: float, phi: float) -> tuple[np.ndarray, np.ndarray]:
    half = z * np.sqrt(phi * p0 * (1 - p0) / n)
    return np.clip(p0 - half, 0.0, 1.0), np.clip(p0 + half, 0.0, 1.0)


class FunnelResult(ChartResult):
    """A funnel plot. Attributes: ``target``, ``phi`` (1.0 unless over-dispersion is
    adjusted), ``overdispersion``, ``data`` (one row per provider: proportion, z, limits,
    ``outside_95``, ``outside_998`` as "high"/"low"/"")."""

    figsize = (8.0, 5.0)

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)
        self.title = "Funnel plot (proportions)"

    @property
    def _centre_name(self) -> str:
        # the centre line is the overall rate unless the caller gave a target
        return "Target" if self.target_given else "Overall rate"

    def _summary_items(self) -> dict[str, Any]:
        d = self.data
        return {
            "n_providers": int(len(d)),
            "target": self.target,
            "phi": self.phi,
            "overdispersion_adjusted": self.overdispersion and self.phi > 1,
            "above_95": int((d["outside_95"] == "high").sum()),
            "below_95": int((d["outside_95"] == "low").sum()),
            "above_998": int((d["outside_998"] == "high").sum()),
            "below_998": int((d["outside_998"] == "low").sum()),
        }

    @property
    def alt_text(self) -> str:
        s = self._summary_items()
        text = (
            f"Funnel plot of {s['n_providers']} providers' proportions against their "
            f"denominators, around the {self._centre_name.lower()} of "
            f"{self.target * 100:.3g}%, with 95% and 99.8% "
            "limits that narrow as the denominator grows"
        )
        if self.phi_used > 1:
            text += f", widened for over-dispersion (phi {self.phi_used:.3g})"
        text += ". "
        out998 = s["above_998"] + s["below_998"]
        out95 = s["above_95"] + s["below_95"]
        text += (
            f"{out95} provider(s) lie outside the 95% limits and {out998} outside the 99.8% limits"
        )
        labels = self.data.loc[self.data["outside_998"] != "", "label"].astype(str).tolist()
        if labels:
            text += f" ({', '.join(labels[:5])}{'...' if len(labels) > 5 else ''})"
        return text + "."

    def _draw(self, ax: Any) -> None:
        from ._plot import COLOURS, LIMIT, finish_axes

        d = self.data
        n = d["n"].to_numpy()
        grid = np.geomspace(max(n.min() * 0.8, 1e-9), n.max() * 1.1, 200)
        for z, style, lab in ((Z95, "--", "95% limits"), (Z998, "-", "99.8% limits")):
            lo, hi = _limits(self.target, grid, z, self.phi_used)
            ax.plot(grid, hi * 100, color=LIMIT, linestyle=style, linewidth=1, label=lab)
            ax.plot(grid, lo * 100, color=LIMIT, linestyle=style, linewidth=1)
        ax.axhline(
            self.target * 100,
            color="black",
            linewidth=1.2,
            label=f"{self._centre_name} {self.target * 100:.3g}%",
        )
        kinds = {
            "": ("o", COLOURS["common_cause"], "Within 95% limits"),
            "95": ("s", "#4d4d4d", "Outside 95% limits"),
            "998": ("D", COLOURS["special_cause_neutral_high"], "Outside 99.8% limits"),
        }
        level = np.where(d["outside_998"] != "", "998", np.where(d["outside_95"] != "", "95", ""))
        p = d["proportion"].to_numpy() * 100
        for key, (marker, colour, lab) in kinds.items():
            sel = level == key
            if sel.any():
                ax.plot(
                    n[sel],
                    p[sel],
                    linestyle="none",
                    marker=marker,
                    markersize=7,
                    markerfacecolor=colour,
                    markeredgecolor="black",
                    label=lab,
                    zorder=3,
                )
        for i in np.flatnonzero(level == "998"):
            ax.annotate(
                str(d["label"].iloc[i]),
                (n[i], p[i]),
                textcoords="offset points",
                xytext=(5, 4),
                fontsize=8,
            )
        ax.set_xlabel("Denominator (number of patients)")
        finish_axes(ax, "Proportion (%)", None, False)


def funnel(
    events: Any,
    denominators: Any,
    *,
    labels: Any = None,
    target: float | None = None,
    overdispersion: bool = False,
) -> FunnelResult:
    """Funnel plot of proportions ``events / denominators`` with 95% and 99.8% limits."""
    y = as_numeric(events, "events", allow_missing=False)
    n = as_numeric(denominators, "denominators", allow_missing=False)
    if y.size != n.size:
        raise ValueError(
            f"events has {y.size} entries but denominators has {n.size}; give one each."
        )
    check_counts(y, "events")
    check_denominators(n, "denominators")
    over = np.flatnonzero(y > n)
    if over.size:
        i = int(over[0])
        raise ValueError(
            f"events[{i}] = {y[i]:g} is more than denominators[{i}] = {n[i]:g}; a "
            "proportion's events cannot exceed its denominator."
        )
    if labels is None:
        labels = [f"Provider {i + 1}" for i in range(y.size)]
    labels = list(labels)
    if len(labels) != y.size:
        raise ValueError(f"labels has {len(labels)} entries but there are {y.size} providers.")
    p0 = float(y.sum() / n.sum()) if target is None else float(target)
    if not 0 < p0 < 1:
        raise ValueError(
            f"the target proportion is {p0:g}; it must lie strictly between 0 and 1 for "
            "funnel limits to exist."
        )
    p = y / n
    se = np.sqrt(p0 * (1 - p0) / n)
    z = (p - p0) / se
    phi = float(np.mean(z**2)) if overdispersion else 1.0
    phi_used = max(phi, 1.0) if overdispersion else 1.0
    lo95, hi95 = _limits(p0, n, Z95, phi_used)
    lo998, hi998 = _limits(p0, n, Z998, phi_used)

    def outside(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        return np.where(p > hi, "high", np.where(p < lo, "low", ""))

    data = pd.DataFrame(
        {
            "label": labels,
            "events": y,
            "n": n,
            "proportion": p,
            "z": z,
            "lower_95": lo95,
            "upper_95": hi95,
            "lower_998": lo998,
            "upper_998": hi998,
            "outside_95": outside(lo95, hi95),
            "outside_998": outside(lo998, hi998),
        }
    )
    return FunnelResult(
        data=data,
        target=p0,
        phi=phi if overdispersion else 1.0,
        phi_used=phi_used,
        overdispersion=overdispersion,
        target_given=target is not None,
    )
