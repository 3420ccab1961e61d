"""Lean in Italy (week 4): SYNTHETIC patient-level lengths of stay before and after a project.

A Lean Six Sigma project on hip replacement at a university hospital in Naples reported that the
average length of stay fell from 18.9 to 10.6 days (Improta et al. 2015, J Eval Clin Pract
21(4):662-672, doi:10.1111/jep.12361). Only the two means were used: the number of patients,
their order and the spread of stays are assumptions, so that learners can ask of a
before-and-after claim what a chart over time would show.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["PUBLISHED_MEANS", "hip_stays"]

#: Mean length of stay in days, before and after (Improta et al. 2015).
PUBLISHED_MEANS = {"before": 18.9, "after": 10.6}


def hip_stays(
    n_before: int = 60, n_after: int = 40, seed: int = 2015, cv: float = 0.35
) -> pd.DataFrame:
    """Synthetic lengths of stay, one row per patient in order of admission.

    Stays are drawn from gamma distributions with coefficient of variation ``cv`` and then
    rescaled so that each phase's mean equals the published mean exactly.
    """
    for name, n in (("n_before", n_before), ("n_after", n_after)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 2:
            raise ValueError(f"{name} must be a whole number of patients of at least 2, not {n!r}")
    if not 0 < cv < 2:
        raise ValueError(f"cv must be between 0 and 2, not {cv}")
    rng = np.random.default_rng(seed)
    shape = 1 / cv**2
    frames = []
    for phase, n in (("before", n_before), ("after", n_after)):
        stays = rng.gamma(shape, 1.0, n)
        stays = stays / stays.mean() * PUBLISHED_MEANS[phase]
        frames.append(pd.DataFrame({"phase": phase, "stay_days": np.round(stays, 1)}))
    out = pd.concat(frames, ignore_index=True)
    # Rounding to 0.1 day can move a mean by a few hundredths; put the difference on the last stay.
    for phase in ("before", "after"):
        rows = out.index[out["phase"] == phase]
        gap = PUBLISHED_MEANS[phase] * len(rows) - out.loc[rows, "stay_days"].sum()
        out.loc[rows[-1], "stay_days"] = round(out.loc[rows[-1], "stay_days"] + gap, 1)
    out.insert(0, "patient", np.arange(1, len(out) + 1))
    return out
