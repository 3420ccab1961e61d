"""Where does involvement sit? Arnstein's ladder, a participation spectrum, and Cohen's kappa
for the agreement between two people who place the same vignettes.

Cohen's kappa compares the observed share of agreement, p_o, with the share expected if the
two coders placed vignettes independently with their own overall frequencies, p_e:
kappa = (p_o - p_e) / (1 - p_e) (Cohen 1960). For ordered categories such as the ladder's
rungs, weighted kappa gives partial credit for near misses (Cohen 1968); with linear weights a
disagreement of d steps out of a possible k - 1 counts d / (k - 1) of a full disagreement.

Pure Python and pandas: no widgets, no plots.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from pathlib import Path

import pandas as pd

from workbook.cases.codesign.journey import CodesignDataError, _read_csv, case_dir

__all__ = [
    "RUNGS",
    "RUNG_LABELS",
    "BANDS",
    "SPECTRUM",
    "band_of",
    "normalise",
    "cohen_kappa",
    "agreement_table",
    "pairwise_kappa",
    "load_vignettes",
]

#: Arnstein's eight rungs, lowest first (Arnstein 1969).
RUNGS: tuple[str, ...] = (
    "manipulation",
    "therapy",
    "informing",
    "consultation",
    "placation",
    "partnership",
    "delegated_power",
    "citizen_control",
)
RUNG_LABELS: Mapping[str, str] = {r: r.replace("_", " ").capitalize() for r in RUNGS}
#: The ladder's three bands and the rungs each holds.
BANDS: Mapping[str, tuple[str, ...]] = {
    "non-participation": RUNGS[0:2],
    "tokenism": RUNGS[2:5],
    "citizen power": RUNGS[5:8],
}
#: Five levels of a participation spectrum, least to most public influence.
SPECTRUM: tuple[str, ...] = ("inform", "consult", "involve", "collaborate", "empower")


def band_of(rung: str) -> str:
    """The ladder band ("non-participation", "tokenism" or "citizen power") of a rung."""
    (rung,) = normalise([rung], RUNGS)
    return next(band for band, rungs in BANDS.items() if rung in rungs)


def normalise(labels: Sequence[str], categories: Sequence[str]) -> list[str]:
    """Labels as the category names, forgiving case, spaces and hyphens
    ("Delegated power" -> "delegated_power"). Anything else is a ``ValueError`` naming the
    position (counting from 1) and the labels allowed."""
    if isinstance(labels, str):
        raise ValueError("give a list of labels, one per vignette, not a single string")
    lookup = {_key(c): c for c in categories}
    out = []
    for i, label in enumerate(labels, start=1):
        key = _key(label)
        if key not in lookup:
            raise ValueError(
                f"placement {i}: {label!r} is not a recognised label; use one of {list(categories)}"
            )
        out.append(lookup[key])
    return out


def _key(label: object) -> str:
    return str(label).strip().lower().replace("-", "_").replace(" ", "_")


def agreement_table(
    first: Sequence[str], second: Sequence[str], categories: Sequence[str]
) -> pd.DataFrame:
    """The square table of counts: rows are the first coder's labels, columns the second's."""
    a = normalise(first, categories)
    b = normalise(second, categories)
    if len(a) != len(b):
        raise ValueError(
            f"the two coders placed different numbers of vignettes ({len(a)} and {len(b)}); "
            "give one placement per vignette for each"
        )
    if not a:
        raise ValueError("no placements given: kappa needs at least one vignette")
    table = pd.DataFrame(0, index=list(categories), columns=list(categories))
    for x, y in zip(a, b, strict=True):
        table.loc[x, y] += 1
    table.index.name = "first coder"
    table.columns.name = "second coder"
    return table


def cohen_kappa(
    first: Sequence[str],
    second: Sequence[str],
    categories: Sequence[str],
    weights: str | None = None,
) -> float:
    """Cohen's kappa for two coders' labels of the same items.

    ``weights=None`` treats every disagreement alike; ``weights="linear"`` is for ordered
    categories (listed in order) and counts a disagreement of d steps as d / (k - 1).
    Raises ``ValueError`` for unknown labels, unequal lengths, an empty list, or when kappa is
    undefined (both coders used one and the same category for everything).
    """
    if weights not in (None, "linear"):
        raise ValueError(f"weights must be None or 'linear', not {weights!r}")
    table = agreement_table(first, second, categories).to_numpy(dtype=float)
    k = len(categories)
    n = table.sum()
    observed = table / n
    expected = observed.sum(axis=1)[:, None] * observed.sum(axis=0)[None, :]
    if weights is None:
        disagree = [[0.0 if i == j else 1.0 for j in range(k)] for i in range(k)]
    else:
        disagree = [[abs(i - j) / (k - 1) for j in range(k)] for i in range(k)]
    obs_d = sum(disagree[i][j] * observed[i, j] for i in range(k) for j in range(k))
    exp_d = sum(disagree[i][j] * expected[i, j] for i in range(k) for j in range(k))
    if exp_d == 0:
        raise ValueError(
            "kappa is undefined here: both coders put every vignette in the same single category, "
            "so no disagreement was possible by chance"
        )
    return float(1.0 - obs_d / exp_d)


def pairwise_kappa(
    placements: Mapping[str, Sequence[str]],
    categories: Sequence[str],
    weights: str | None = None,
) -> pd.DataFrame:
    """Kappa for every pair of coders (for pooling a class's placements): one row per pair,
    columns ``coder_1``, ``coder_2``, ``kappa``. The mean of the column summarises agreement
    across the class."""
    if len(placements) < 2:
        raise ValueError("pooling needs placements from at least two coders")
    rows = []
    for c1, c2 in combinations(placements, 2):
        try:
            value = cohen_kappa(placements[c1], placements[c2], categories, weights)
        except ValueError as exc:
            raise ValueError(f"{c1} and {c2}: {exc}") from None
        rows.append({"coder_1": c1, "coder_2": c2, "kappa": value})
    return pd.DataFrame(rows)


def load_vignettes(path: str | Path | None = None) -> pd.DataFrame:
    """The invented vignettes and two coders' placements on the ladder and the spectrum."""
    path = Path(path) if path is not None else case_dir() / "vignettes.csv"
    columns = (
        "vignette",
        "text",
        "coder_a_rung",
        "coder_b_rung",
        "coder_a_spectrum",
        "coder_b_spectrum",
    )
    table = _read_csv(path, columns)
    for column, categories in (
        ("coder_a_rung", RUNGS),
        ("coder_b_rung", RUNGS),
        ("coder_a_spectrum", SPECTRUM),
        ("coder_b_spectrum", SPECTRUM),
    ):
        for i, value in enumerate(table[column]):
            try:
                (table.loc[i, column],) = normalise([value], categories)
            except ValueError:
                raise CodesignDataError(
                    path, i + 2, column, f"{value!r} is not one of {list(categories)}"
                ) from None
    return table
