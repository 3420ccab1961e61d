"""Generate the INVENTED data set for the week 6 case exercise "Finding the touchpoints".

Nothing here is real. The journey (a planned hip or knee replacement in an imagined NHS
hospital), its touchpoints, the people who rate them and every rating are invented for
teaching. They are modelled on the way experience-based co-design gathers experience
(interviews with patients and staff, then an "emotional map" of the touchpoints on which
each person marks how they felt), not on any published project's results.

Each touchpoint has an intended average feeling for patients and for staff (``PROFILE``,
on the scale -3 = very negative to +3 = very positive). Each invented respondent's rating is
that average plus a small random personal difference, rounded to a whole number and kept
within -3..+3. The gaps between patients and staff are designed so that the exercise has
something to find: a few touchpoints where the two groups feel very differently.

The vignettes and the two coders' placements (``vignettes.csv``) are written by hand below;
no random numbers are involved.

Run ``python case_studies/codesign/generate_data.py`` to rewrite ``data/``. The same seed
gives byte-identical files (a test checks this against the committed files).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

SEED = 20260603
DATA_DIR = Path(__file__).resolve().parent / "data"
PATIENTS = ("P1", "P2", "P3", "P4", "P5", "P6")
STAFF = ("S1", "S2", "S3", "S4", "S5")

# touchpoint id, short name, description, intended patient mean, intended staff mean
PROFILE = (
    (
        "T01",
        "Referral and first letter",
        "A letter arrives offering the first orthopaedic appointment.",
        -0.5,
        0.5,
    ),
    (
        "T02",
        "Consultation with the surgeon",
        "The surgeon explains the operation and its risks and the patient agrees to go ahead.",
        1.0,
        1.5,
    ),
    (
        "T03",
        "Pre-operative assessment",
        "Nurses check fitness for surgery: tests, medicines and questions about home.",
        0.5,
        0.0,
    ),
    (
        "T04",
        "Joint school",
        "A group session with a physiotherapist and nurse on what to expect and how to prepare.",
        2.0,
        1.5,
    ),
    (
        "T05",
        "Waiting for a date",
        "Weeks or months with no date for the operation, and little news.",
        -2.5,
        -0.5,
    ),
    (
        "T06",
        "Arriving on the day",
        "Arriving early in the morning and waiting in the admission lounge, not knowing when.",
        -1.5,
        0.5,
    ),
    (
        "T07",
        "The operation and recovery room",
        "Anaesthetic, operation and waking up in recovery.",
        1.0,
        1.5,
    ),
    (
        "T08",
        "First night on the ward",
        "Pain, noise and asking for help on a busy ward at night.",
        -1.5,
        -2.0,
    ),
    (
        "T09",
        "Up on your feet with the physiotherapist",
        "Standing and walking for the first time after the operation.",
        1.5,
        2.0,
    ),
    (
        "T10",
        "Discharge day",
        "Waiting for medicines, the discharge letter and transport home.",
        -2.0,
        1.0,
    ),
    (
        "T11",
        "First weeks at home",
        "Managing pain, exercises and worries, and knowing whom to call.",
        -1.5,
        0.5,
    ),
    (
        "T12",
        "Six-week follow-up",
        "A clinic visit to check progress with the surgical team.",
        1.5,
        1.0,
    ),
)
PERSONAL_SD = 0.8


def _clip_round(values: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(values), -3, 3).astype(int)


def build_ratings(seed: int = SEED) -> list[dict[str, object]]:
    """One row per (touchpoint, respondent): the invented emotional ratings."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, object]] = []
    for tp_id, _name, _desc, patient_mean, staff_mean in PROFILE:
        for group, people, mean in (
            ("patient", PATIENTS, patient_mean),
            ("staff", STAFF, staff_mean),
        ):
            ratings = _clip_round(mean + rng.normal(0.0, PERSONAL_SD, size=len(people)))
            for person, rating in zip(people, ratings, strict=True):
                rows.append(
                    {
                        "touchpoint": tp_id,
                        "respondent": person,
                        "group": group,
                        "rating": int(rating),
                    }
                )
    return rows


# Rungs of Arnstein's ladder (1 = manipulation ... 8 = citizen control) and the five levels of
# the participation spectrum, written by hand for two invented coders, A and B.
# id, vignette, coder A rung, coder B rung, coder A spectrum, coder B spectrum
VIGNETTES = (
    (
        "V01",
        "A hospital posts a leaflet to every household announcing that its maternity unit will move to another site next spring.",
        "informing",
        "informing",
        "inform",
        "inform",
    ),
    (
        "V02",
        "A trust runs an online survey about three options for a new outpatient building, and publishes a report saying which option it had already chosen.",
        "consultation",
        "placation",
        "consult",
        "consult",
    ),
    (
        "V03",
        "Two patients are invited to sit on a service redesign board; they may speak but not vote, and papers arrive on the morning of each meeting.",
        "placation",
        "placation",
        "involve",
        "consult",
    ),
    (
        "V04",
        "Staff and former patients of a stroke unit meet in small groups for six months, agree four priorities and jointly decide how the unit's improvement budget is spent.",
        "partnership",
        "partnership",
        "collaborate",
        "collaborate",
    ),
    (
        "V05",
        "A mental health service hands a patient-led group a budget and full authority to run its peer-support programme, reporting back once a year.",
        "delegated_power",
        "citizen_control",
        "empower",
        "empower",
    ),
    (
        "V06",
        "A clinic runs 'education sessions' to persuade patients who complained about a new booking system that the system is right for them.",
        "therapy",
        "informing",
        "inform",
        "inform",
    ),
    (
        "V07",
        "A community group of residents owns and manages its own health centre, employing the clinicians and setting its priorities.",
        "citizen_control",
        "citizen_control",
        "empower",
        "empower",
    ),
    (
        "V08",
        "A GP practice holds a public meeting to ask patients what they think of proposed changes to opening hours, then decides in a partners' meeting.",
        "consultation",
        "consultation",
        "consult",
        "consult",
    ),
    (
        "V09",
        "A hospital asks well-known local figures to join a 'patient panel' whose role is to endorse the annual quality report before publication.",
        "manipulation",
        "manipulation",
        "inform",
        "inform",
    ),
    (
        "V10",
        "A cancer service and a patients' group share a steering group in which each holds half of the seats and both must agree any change to the pathway.",
        "partnership",
        "delegated_power",
        "collaborate",
        "collaborate",
    ),
    (
        "V11",
        "A ward puts up a 'you said, we did' board showing changes made after patients' comments, chosen by the ward manager.",
        "placation",
        "consultation",
        "consult",
        "involve",
    ),
    (
        "V12",
        "A research team pays a group of service users to co-write the study questions, and the group can veto questions it judges irrelevant.",
        "delegated_power",
        "partnership",
        "collaborate",
        "empower",
    ),
)


def write(data_dir: Path = DATA_DIR, seed: int = SEED) -> list[Path]:
    data_dir.mkdir(parents=True, exist_ok=True)
    written = []
    touchpoints = data_dir / "touchpoints.csv"
    with touchpoints.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["touchpoint", "order", "name", "description"])
        for order, (tp_id, name, desc, _p, _s) in enumerate(PROFILE, start=1):
            writer.writerow([tp_id, order, name, desc])
    written.append(touchpoints)
    ratings = data_dir / "ratings.csv"
    with ratings.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=["touchpoint", "respondent", "group", "rating"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(build_ratings(seed))
    written.append(ratings)
    vignettes = data_dir / "vignettes.csv"
    with vignettes.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            [
                "vignette",
                "text",
                "coder_a_rung",
                "coder_b_rung",
                "coder_a_spectrum",
                "coder_b_spectrum",
            ]
        )
        writer.writerows(VIGNETTES)
    written.append(vignettes)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DATA_DIR, help="folder to write (default: data/)"
    )
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(f"wrote {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
