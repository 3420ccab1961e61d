"""Write the INVENTED data of the week 3 case, "mapping who led a service redesign".

Run from the project root:  python case_studies/service-redesign/generate_data.py

The story is invented: Hollinsbridge General Hospital, its frailty pathway and every person
below are made up for teaching. It is written by hand (there is no random element, so no seed
is needed: the same script always writes the same files). Its shape is modelled on published
accounts of distributed change agency in English hospitals, where a complex service change was
carried by a large informal cast around a few central characters, with responsibilities moving
among them over time, rather than by one appointed leader (Buchanan et al. 2007, Human
Relations 60(7):1065-1089; Fitzgerald et al. 2013, The Leadership Quarterly 24(1):227-239,
doi:10.1016/j.leaqua.2012.10.012). No number in it is taken from those studies.

It writes two files to ``case_studies/service-redesign/data/``:

* ``people.csv``: one row per person (person, role, job_title, formal_project_role);
* ``contributions.csv``: one row per person per piece of work (person, role, stage,
  contribution, with_whom), the format of :mod:`workbook.networks.build`.
"""

from __future__ import annotations

import csv
from pathlib import Path

STAGES = ("Problem noticed", "Proposal", "Pilot", "Spread", "Sustain")

# person: (role, job title, formal role in the project's governance, or "" for none)
PEOPLE = {
    "Amara": ("consultant", "Consultant geriatrician", "Clinical lead"),
    "Ben": ("consultant", "Emergency medicine consultant", ""),
    "Chen": ("consultant", "Consultant orthopaedic surgeon", ""),
    "Dawn": ("nursing", "Ward sister, older people's ward", ""),
    "Eilidh": ("nursing", "Emergency nurse practitioner", ""),
    "Femi": ("nursing", "Discharge coordinator", ""),
    "Grace": ("nursing", "Frailty specialist nurse", ""),
    "Hana": ("nursing", "Community matron", ""),
    "Zoe": ("nursing", "Healthcare assistant", ""),
    "Ian": ("management", "Directorate general manager", "Project sponsor"),
    "Jas": ("management", "Service improvement lead", "Project manager"),
    "Karen": ("management", "Finance business partner", ""),
    "Leo": ("management", "Bed manager", ""),
    "Xavier": ("management", "Deputy chief executive", "Executive sponsor"),
    "Maya": ("allied health professional", "Physiotherapist", ""),
    "Nikhil": ("allied health professional", "Occupational therapist", ""),
    "Olu": ("allied health professional", "Ward pharmacist", ""),
    "Pip": ("allied health professional", "Community physiotherapist", ""),
    "Quinn": ("IT and data", "Clinical systems analyst", ""),
    "Rosa": ("IT and data", "Information analyst", ""),
    "Sam": ("patient or carer", "Patient representative", ""),
    "Tess": ("patient or carer", "Carer of a former patient", ""),
    "Uma": ("commissioner", "Commissioning manager, integrated care board", ""),
    "Vik": ("commissioner", "GP clinical director, integrated care board", ""),
    "Wendy": ("social care", "Social worker, adult social care", ""),
}

# (stage, piece of work, the people who did it together)
WORK = [
    ("Problem noticed", "Audit of readmissions after falls", ("Dawn", "Femi", "Rosa")),
    ("Problem noticed", "Delays raised at the ward safety huddle", ("Dawn", "Maya", "Nikhil")),
    ("Problem noticed", "Patient and carer story shared with the ward", ("Dawn", "Sam", "Tess")),
    ("Problem noticed", "Repeat attenders after falls noticed in ED", ("Ben", "Eilidh")),
    ("Proposal", "Outline of a same-day frailty pathway", ("Amara", "Dawn", "Jas")),
    ("Proposal", "Business case costed", ("Jas", "Karen", "Ian")),
    ("Proposal", "Business case signed off", ("Ian", "Xavier")),
    ("Proposal", "ED and geriatrics agree who sees whom", ("Amara", "Ben", "Eilidh")),
    ("Proposal", "Early conversation with commissioners", ("Ian", "Uma")),
    ("Proposal", "Therapists shape the assessment", ("Maya", "Nikhil", "Amara")),
    ("Pilot", "Frailty nurse assessments in ED", ("Grace", "Eilidh", "Maya")),
    ("Pilot", "Same-day therapy and equipment", ("Maya", "Nikhil", "Grace", "Pip")),
    ("Pilot", "Medicines review before discharge", ("Olu", "Grace")),
    ("Pilot", "Frailty flag built into the patient record", ("Quinn", "Rosa", "Grace")),
    ("Pilot", "Weekly review of pilot data", ("Rosa", "Jas", "Grace", "Amara")),
    ("Pilot", "Same-day social care assessment", ("Wendy", "Femi", "Grace")),
    ("Pilot", "Beds held for pilot patients", ("Leo", "Femi")),
    ("Spread", "Frailty flag switched on for every ward", ("Quinn", "Rosa")),
    ("Spread", "Training for ward nursing teams", ("Grace", "Dawn", "Zoe")),
    ("Spread", "Follow-up handed to community teams", ("Hana", "Pip", "Femi")),
    ("Spread", "Orthopaedic wards join the pathway", ("Chen", "Grace", "Maya")),
    ("Spread", "Directorate dashboard", ("Rosa", "Jas", "Ian")),
    ("Spread", "Plan to spread to the second site", ("Grace", "Femi", "Hana", "Nikhil")),
    ("Spread", "Falls huddles led by therapists on every ward", ("Maya", "Nikhil", "Zoe")),
    ("Sustain", "Recurrent funding agreed in the contract", ("Uma", "Vik", "Ian", "Karen")),
    ("Sustain", "Pathway written into the community specification", ("Vik", "Hana", "Uma")),
    ("Sustain", "Frailty nurse posts made permanent", ("Ian", "Grace", "Jas")),
    ("Sustain", "Patient and carer feedback reviewed", ("Dawn", "Sam", "Tess")),
    ("Sustain", "Quarterly data sent to commissioners", ("Rosa", "Uma")),
    ("Sustain", "Audit of outcomes a year on", ("Amara", "Rosa", "Olu")),
]


def rows() -> tuple[list[dict], list[dict]]:
    """The two tables as lists of rows, checked for consistency."""
    people = [
        {"person": name, "role": role, "job_title": job, "formal_project_role": formal}
        for name, (role, job, formal) in PEOPLE.items()
    ]
    contributions = []
    for stage, what, members in WORK:
        assert stage in STAGES, stage
        assert len(set(members)) == len(members), what
        for person in members:
            assert person in PEOPLE, person
            others = [m for m in members if m != person]
            contributions.append(
                {
                    "person": person,
                    "role": PEOPLE[person][0],
                    "stage": stage,
                    "contribution": what,
                    "with_whom": ";".join(others),
                }
            )
    named = {r["person"] for r in contributions}
    assert named == set(PEOPLE), set(PEOPLE) - named
    return people, contributions


def write(folder: Path) -> None:
    people, contributions = rows()
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in (("people.csv", people), ("contributions.csv", contributions)):
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(table[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(table)


if __name__ == "__main__":
    write(Path(__file__).resolve().parent / "data")
    print("wrote people.csv and contributions.csv")
