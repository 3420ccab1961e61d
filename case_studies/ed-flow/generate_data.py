"""Write the results the week 4 exercise shows, from the SIMULATED emergency department.

The emergency department is simulated by ``workbook.lean`` (calibrated to the volumes Flinders
Medical Centre published for 2003); the Italian lengths of stay come from
``workbook.cases.italy_lean`` (calibrated to two published means). This script records the
results the exercise computes, with the same seeds, so that readers can inspect them without
running the model. Run from the repository root: ``python case_studies/ed-flow/generate_data.py``.
"""

from __future__ import annotations

from pathlib import Path

from workbook import lean
from workbook.cases import italy_lean

SEED = 2003
DAYS = 120
REPS = 5
DATA = Path(__file__).resolve().parent / "data"


def main() -> None:
    DATA.mkdir(exist_ok=True)
    scenarios = {
        name: s.replace(run_length_days=DAYS) for name, s in lean.standard_scenarios().items()
    }
    runs = lean.compare_scenarios(scenarios, n=REPS, seed=SEED, n_jobs=1)
    means = runs.groupby("scenario", sort=False).mean(numeric_only=True).drop(columns="rep")
    means.round(4).to_csv(DATA / "scenario_means.csv")
    italy_lean.hip_stays().to_csv(DATA / "italy_hip_stays.csv", index=False)
    print(f"wrote {DATA}")


if __name__ == "__main__":
    main()
