"""Generate the SYNTHETIC data for the Kenya Clinical Information Network case (week 5).

Run from the repository root: ``python case_studies/kenya-cin/generate_data.py``. It writes
the CSV files in ``case_studies/kenya-cin/data/``; the same seed always writes the same files.
Every published figure the data are calibrated to is named in ``data/README.md``. Hospitals are
anonymised (H01 ... H22): no synthetic number describes a real, named hospital.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 2014
HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

# --- Published calibration figures (see data/README.md for the sources) -----------------
MORTALITY_HOSPITALS = 13
MORTALITY_CHILDREN = 30_042
MORTALITY_DEATHS = 1_808
MORTALITY_MIN_RATE = 0.025
MORTALITY_MAX_RATE = 0.111
FEEDBACK_HOSPITALS = 14
FEEDBACK_MONTHS = 25
FEEDBACK_INDICATORS = 34
FEEDBACK_IMPROVED = 24
FEEDBACK_ADMISSIONS = 60_214
MILESTONES = [
    # (date, hospitals, dated?) — "16" was published without a date; it is drawn between
    # the dated counts and labelled as undated.
    ("2013-09-01", 8, True),
    ("2014-02-01", 14, True),
    ("2016-01-01", 16, False),
    ("2018-01-01", 19, True),
    ("2021-01-01", 22, True),
]


def _streams(n: int) -> list[np.random.Generator]:
    return [np.random.default_rng(s) for s in np.random.SeedSequence(SEED).spawn(n)]


def hospitals() -> pd.DataFrame:
    rows = []
    previous = 0
    for date, count, dated in MILESTONES:
        for i in range(previous + 1, count + 1):
            rows.append({"hospital": f"H{i:02d}", "joined": date, "join_date_published": dated})
        previous = count
    return pd.DataFrame(rows)


def mortality(rng: np.random.Generator) -> pd.DataFrame:
    """Admissions and deaths for 13 hospitals summing exactly to the published totals, with
    the published lowest and highest hospital rates."""
    sizes = rng.lognormal(mean=0.0, sigma=0.45, size=MORTALITY_HOSPITALS)
    admissions = np.floor(sizes / sizes.sum() * MORTALITY_CHILDREN).astype(int)
    admissions[np.argmax(admissions)] += MORTALITY_CHILDREN - admissions.sum()
    # Rates: the two extremes fixed, the others spread between them.
    rates = np.sort(rng.uniform(0.035, 0.09, size=MORTALITY_HOSPITALS - 2))
    rates = np.concatenate([[MORTALITY_MIN_RATE], rates, [MORTALITY_MAX_RATE]])
    order = rng.permutation(MORTALITY_HOSPITALS)
    rates = rates[order]
    low, high = int(np.argmin(rates)), int(np.argmax(rates))
    middle = [i for i in range(MORTALITY_HOSPITALS) if i not in (low, high)]
    fixed = round(admissions[low] * MORTALITY_MIN_RATE) + round(
        admissions[high] * MORTALITY_MAX_RATE
    )
    # Scale the middle hospitals' rates so that deaths add up to the published total.
    need = MORTALITY_DEATHS - fixed
    expected = (admissions[middle] * rates[middle]).sum()
    rates[middle] = rates[middle] * need / expected
    deaths = np.round(admissions * rates).astype(int)
    deaths[low] = round(admissions[low] * MORTALITY_MIN_RATE)
    deaths[high] = round(admissions[high] * MORTALITY_MAX_RATE)
    # Put any rounding remainder on the largest middle hospital.
    biggest = middle[int(np.argmax(admissions[middle]))]
    deaths[biggest] += MORTALITY_DEATHS - deaths.sum()
    return pd.DataFrame(
        {
            "hospital": [f"H{i + 1:02d}" for i in range(MORTALITY_HOSPITALS)],
            "admissions": admissions,
            "deaths": deaths,
        }
    )


TASKS = {
    # task type: (number of indicators, number that improve, baseline range, improvement range)
    "simple documentation": (10, 9, (0.35, 0.70), (0.20, 0.35)),
    "difficult documentation": (8, 6, (0.10, 0.40), (0.12, 0.30)),
    "cognitive": (16, 9, (0.20, 0.60), (0.06, 0.15)),
}


def feedback(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Adherence to 34 indicators in 14 hospitals over their first 25 months; 24 improve."""
    indicators = []
    n = 0
    for task, (count, improving, (b0, b1), (g0, g1)) in TASKS.items():
        flags = np.array([True] * improving + [False] * (count - improving))
        rng.shuffle(flags)
        for improves in flags:
            n += 1
            indicators.append(
                {
                    "indicator": f"I{n:02d}",
                    "task": task,
                    "improves": bool(improves),
                    "baseline": round(float(rng.uniform(b0, b1)), 3),
                    "gain": round(float(rng.uniform(g0, g1)), 3) if improves else 0.0,
                }
            )
    ind = pd.DataFrame(indicators)
    assert len(ind) == FEEDBACK_INDICATORS and ind["improves"].sum() == FEEDBACK_IMPROVED
    per_month = FEEDBACK_ADMISSIONS / (FEEDBACK_HOSPITALS * FEEDBACK_MONTHS)
    hospital_size = rng.lognormal(0.0, 0.35, FEEDBACK_HOSPITALS)
    hospital_size = hospital_size / hospital_size.mean() * per_month
    hospital_effect = rng.normal(0.0, 0.6, FEEDBACK_HOSPITALS)  # on the logit scale
    rows = []
    for h in range(FEEDBACK_HOSPITALS):
        admissions = rng.poisson(hospital_size[h], FEEDBACK_MONTHS)
        for _, item in ind.iterrows():
            for m in range(FEEDBACK_MONTHS):
                # Improvement ramps up over the first year of feedback, then holds.
                ramp = min(1.0, m / 12)
                p = min(0.98, item["baseline"] + item["gain"] * ramp)
                logit = np.log(p / (1 - p)) + hospital_effect[h]
                p = 1 / (1 + np.exp(-logit))
                eligible = int(rng.binomial(admissions[m], 0.6))
                met = int(rng.binomial(eligible, p))
                rows.append(
                    {
                        "hospital": f"H{h + 1:02d}",
                        "month": m + 1,
                        "indicator": item["indicator"],
                        "eligible": eligible,
                        "met": met,
                    }
                )
    return ind.drop(columns=["baseline", "gain"]), pd.DataFrame(rows)


def advice(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An INVENTED advice network: a paediatrician, a nurse lead and a health-records officer
    in each of the first 14 hospitals, plus a small coordinating team."""
    people = []
    for h in range(1, 15):
        for role, code in (
            ("paediatrician", "P"),
            ("nurse lead", "N"),
            ("health-records officer", "R"),
        ):
            people.append({"person": f"{code}{h:02d}", "role": role, "hospital": f"H{h:02d}"})
    for i, role in enumerate(
        ("network coordinator", "network coordinator", "data manager"), start=1
    ):
        people.append({"person": f"C{i}", "role": role, "hospital": "coordinating team"})
    people = pd.DataFrame(people)
    edges = set()

    def tie(a: str, b: str) -> None:
        if a != b:
            edges.add(tuple(sorted((a, b))))

    # Colleagues in the same hospital advise one another.
    for h in range(1, 15):
        p, n, r = f"P{h:02d}", f"N{h:02d}", f"R{h:02d}"
        tie(p, n)
        tie(n, r)
        if rng.random() < 0.5:
            tie(p, r)
    # Paediatricians met at network meetings: a few ties to peers, more to regional neighbours.
    paeds = [f"P{h:02d}" for h in range(1, 15)]
    for i, a in enumerate(paeds):
        for j, b in enumerate(paeds):
            if j <= i:
                continue
            near = abs(i - j) <= 2
            if rng.random() < (0.45 if near else 0.06):
                tie(a, b)
    # Nurse leads and records officers have fewer cross-hospital ties.
    for code, chance in (("N", 0.08), ("R", 0.05)):
        group = [f"{code}{h:02d}" for h in range(1, 15)]
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if rng.random() < chance:
                    tie(a, b)
    # The coordinating team links to some paediatricians and to every records officer (data).
    for h in range(1, 15):
        if rng.random() < 0.35:
            tie("C1", f"P{h:02d}")
        if rng.random() < 0.35:
            tie("C2", f"P{h:02d}")
        tie("C3", f"R{h:02d}")
    tie("C1", "C2")
    tie("C2", "C3")
    edge_frame = pd.DataFrame(sorted(edges), columns=["source", "target"])
    return people, edge_frame


def main() -> None:
    DATA.mkdir(exist_ok=True)
    s = _streams(3)
    hospitals().to_csv(DATA / "hospitals.csv", index=False)
    mortality(s[0]).to_csv(DATA / "mortality.csv", index=False)
    ind, monthly = feedback(s[1])
    ind.to_csv(DATA / "indicators.csv", index=False)
    monthly.to_csv(DATA / "adherence.csv", index=False)
    people, edges = advice(s[2])
    people.to_csv(DATA / "people.csv", index=False)
    edges.to_csv(DATA / "advice.csv", index=False)
    print(f"wrote {len(monthly)} adherence rows, {len(edges)} advice ties to {DATA}")


if __name__ == "__main__":
    main()
