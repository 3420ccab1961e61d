"""Write a summary of the China case's SYNTHETIC patient population (week 2).

The model draws its population in code (``workbook.cases.china_primary_care.make_population``,
seed 2009); this script records what that population looks like, so that the data dictionary
and the pages can be checked against it. Run from the repository root:
``python case_studies/china-primary-care/generate_data.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbook.cases.china_primary_care import SEVERITIES, make_population

SEED = 2009
N = 20_000
OUT = Path(__file__).resolve().parent / "data" / "population_summary.csv"


def main() -> None:
    population = make_population(N, seed=SEED)
    frame = pd.DataFrame(
        {
            "severity": [SEVERITIES[i] for i in population.severity],
            "residence": ["rural" if r else "urban" for r in population.rural],
        }
    )
    summary = frame.value_counts(["severity", "residence"]).rename("patients").reset_index()
    summary["severity"] = pd.Categorical(summary["severity"], categories=SEVERITIES, ordered=True)
    summary = summary.sort_values(["severity", "residence"]).reset_index(drop=True)
    summary.to_csv(OUT, index=False)
    print(f"wrote {OUT} ({len(population)} synthetic patients, seed {SEED})")


if __name__ == "__main__":
    main()
