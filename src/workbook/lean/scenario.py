"""The parameters of the emergency department model, in one place, with their sources.

Calibration, figure by figure (**published** means seen in the source named; **assumption**
means the model's own choice, made to give a crowded but working department; change them and
the model says what follows from the change, nothing more):

* Demand: **published** -- Flinders Medical Centre's emergency department saw around 45,000
  patients in 2003, 40% of whom were admitted, and daily demand peaked at around 140 once or
  twice a week in winter (Ben-Tovim et al. 2008, Med J Aust 188(6 Suppl):S27,
  doi:10.5694/j.1326-5377.2008.tb01671.x). Hence 45,000 / 365 ≈ 123 arrivals a day on average
  and an admission probability of 0.40.
* Season: **assumption** -- a cosine over the year peaking in mid-July (Adelaide's winter)
  with an amplitude of 6%, chosen so that a winter week has one or two days of 140 or more
  arrivals, as published; daily counts are Poisson, so day-to-day noise is the model's.
* Time of day: **assumption** -- the usual shape of emergency department arrivals, quiet in
  the small hours and busiest from late morning to early evening (no Flinders figure).
* Triage, assessment, treatment, access block and patience times, clinician, triage-nurse
  and cubicle numbers: **assumptions** (no Flinders figure was published in what was seen).
* Streaming: the design is **published** -- patients likely to be discharged and patients
  likely to be admitted flow in separate value streams, each with its own team (King,
  Ben-Tovim & Bassham 2006, Emerg Med Australas 18(4):391-397,
  doi:10.1111/j.1742-6723.2006.00872.x). Only the *directions* of change were published
  (flatter waits, less time in the department, fewer patients in it at once, fewer leaving
  without being seen); every effect size this model shows is the model's, not Flinders'.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DEFAULT_HOURLY_PROFILE",
    "FLOWS",
    "FOUR_HOUR_IDEAL",
    "FOUR_HOUR_IDEAL_SOURCE",
    "MINUTES_PER_DAY",
    "Scenario",
    "standard_scenarios",
]

MINUTES_PER_DAY = 1440.0

#: The reference line for the share of presentations leaving the department within four
#: hours: Scott, Sullivan, Staib & Bell put the ideal four-hour compliance rate for all
#: emergency department presentations at around 80%, from a retrospective study of more than
#: 18 million presentations to 59 Australian hospitals.
FOUR_HOUR_IDEAL = 0.80
FOUR_HOUR_IDEAL_SOURCE = (
    "Scott I, Sullivan C, Staib A, Bell A. Deconstructing the 4-h rule for access to "
    "emergency care and putting patients first. Aust Health Rev 2018;42(6):698-702. "
    "doi:10.1071/AH17083"
)

#: Relative arrival rate for each hour of the day (00:00-01:00 first); an assumption with the
#: usual shape of emergency department arrivals. The model rescales it to a mean of 1.
DEFAULT_HOURLY_PROFILE: tuple[float, ...] = (
    0.55, 0.45, 0.40, 0.35, 0.33, 0.35, 0.50, 0.80, 1.10, 1.35, 1.45, 1.45,
    1.40, 1.35, 1.30, 1.30, 1.30, 1.30, 1.25, 1.20, 1.10, 0.95, 0.80, 0.65,
)  # fmt: skip

#: The two flow designs: one queue for everybody, or lean value streams.
FLOWS = ("single_queue", "streaming")

_DISTRIBUTIONS = ("lognormal", "exponential")


@dataclass(frozen=True)
class Scenario:
    """Every parameter of one run of the emergency department model (times in minutes).

    A patient arrives, queues for a triage nurse, is triaged, waits in the waiting room for a
    cubicle, then in the cubicle for a clinician ("time to be seen" ends when the clinician's
    assessment starts), is assessed, then treated and investigated in the cubicle; patients
    who are discharged leave, patients who are admitted keep their cubicle until a ward bed is
    free (access block). A patient who would go home and has waited longer than their
    patience in the waiting room leaves without being seen.

    With ``flow="single_queue"`` every patient shares one pool of cubicles and clinicians.
    With ``flow="streaming"`` triage sends each patient to the discharge stream or the admit
    stream, each with its own clinicians and cubicles; triage guesses right with probability
    ``triage_accuracy``, and standard work in each stream scales assessment and treatment
    times by ``streaming_time_factor``. Both are assumptions (see the module docstring).

    Use :meth:`replace` to make a variant: ``base.replace(n_clinicians=6)``. The object is
    frozen so that a run can never change the scenario it was given.
    """

    # -- flow design ---------------------------------------------------------------------------
    flow: str = "single_queue"
    # -- demand (published: 45,000 a year, 40% admitted, winter peaks near 140 a day) -----------
    arrivals_per_day: float = 45_000 / 365
    seasonal_amplitude: float = 0.06
    peak_day_of_year: float = 196.0
    hourly_profile: tuple[float, ...] = field(default=DEFAULT_HOURLY_PROFILE)
    p_admit: float = 0.40
    # -- resources (assumptions; math.inf means unlimited) ---------------------------------------
    n_triage: float = 2
    n_clinicians: float = 5
    n_cubicles: float = 28
    # -- durations (assumptions, minutes) ---------------------------------------------------------
    triage_mean: float = 6.0
    assessment_mean: float = 35.0
    treatment_mean_discharged: float = 110.0
    treatment_mean_admitted: float = 150.0
    duration_cv: float = 0.6
    duration_distribution: str = "lognormal"
    # -- access block: decision to admit until a ward bed is free (exponential, minutes) ----------
    bed_wait_mean: float = 240.0
    # -- patience of patients who would go home (exponential, minutes; math.inf: never leave) ----
    patience_mean: float = 180.0
    # -- streaming (used when flow == "streaming"; the admit stream gets the rest) ----------------
    discharge_clinicians: float = 3
    discharge_cubicles: float = 11
    triage_accuracy: float = 0.85
    streaming_time_factor: float = 0.85
    # -- run settings -----------------------------------------------------------------------------
    run_length_days: float = 365.0
    warm_up_days: float = 0.0
    start_date: str = "2003-01-01"

    def __post_init__(self) -> None:
        object.__setattr__(self, "hourly_profile", tuple(self.hourly_profile))
        _validate(self)

    def replace(self, **changes: Any) -> Scenario:
        """A copy with some parameters changed (validated like a new scenario)."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise ValueError(
                f"Scenario has no parameter {unknown[0]!r}; the parameters are listed in "
                "help(Scenario)."
            )
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The parameters as a plain dictionary (for a table of the scenario)."""
        return dataclasses.asdict(self)

    # -- derived quantities ------------------------------------------------------------------------
    @property
    def run_length(self) -> float:
        """Arrivals stop after this many minutes; patients in the department still finish."""
        return self.run_length_days * MINUTES_PER_DAY

    @property
    def warm_up(self) -> float:
        """Patients arriving in the first ``warm_up`` minutes are left out of the results."""
        return self.warm_up_days * MINUTES_PER_DAY

    def streams(self) -> dict[str, tuple[float, float]]:
        """Each stream's (clinicians, cubicles) under this flow design."""
        if self.flow == "single_queue":
            return {"single queue": (self.n_clinicians, self.n_cubicles)}
        return {
            "discharge stream": (self.discharge_clinicians, self.discharge_cubicles),
            "admit stream": (
                self.n_clinicians - self.discharge_clinicians,
                self.n_cubicles - self.discharge_cubicles,
            ),
        }


# -- validation ------------------------------------------------------------------------------------
def _fail(name: str, value: Any, what: str) -> None:
    raise ValueError(f"Scenario.{name} is {value!r}: {what}")


def _number(s: Scenario, name: str, *, low: float = 0.0, inf: bool = False) -> float:
    value = getattr(s, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(name, value, "give a number.")
    if math.isnan(value) or (math.isinf(value) and not inf):
        _fail(name, value, "give a finite number.")
    if value < low:
        _fail(name, value, f"give a number of at least {low:g}.")
    return float(value)


def _count(s: Scenario, name: str) -> None:
    value = getattr(s, name)
    ok = not isinstance(value, bool) and isinstance(value, (int, float))
    if ok and not (value == math.inf or (value >= 1 and float(value).is_integer())):
        ok = False
    if not ok:
        _fail(name, value, "give a whole number of at least 1, or math.inf for unlimited.")


def _probability(s: Scenario, name: str) -> None:
    value = _number(s, name)
    if value > 1:
        _fail(name, value, "give a probability between 0 and 1.")


def _validate(s: Scenario) -> None:
    if s.flow not in FLOWS:
        _fail("flow", s.flow, "choose 'single_queue' or 'streaming'.")
    if s.duration_distribution not in _DISTRIBUTIONS:
        _fail(
            "duration_distribution", s.duration_distribution, "choose 'lognormal' or 'exponential'."
        )
    _number(s, "arrivals_per_day")
    _number(s, "seasonal_amplitude")
    if s.seasonal_amplitude >= 1:
        _fail("seasonal_amplitude", s.seasonal_amplitude, "give a share below 1 (0.06 is 6%).")
    _number(s, "peak_day_of_year")
    profile = s.hourly_profile
    if len(profile) != 24 or any(
        isinstance(v, bool) or not isinstance(v, (int, float)) or not v >= 0 or math.isinf(v)
        for v in profile
    ):
        _fail("hourly_profile", profile, "give 24 finite, non-negative relative rates.")
    if s.arrivals_per_day > 0 and sum(profile) == 0:
        _fail("hourly_profile", profile, "at least one hour needs a rate above 0.")
    for name in ("p_admit", "triage_accuracy"):
        _probability(s, name)
    for name in ("n_triage", "n_clinicians", "n_cubicles"):
        _count(s, name)
    for name in (
        "triage_mean",
        "assessment_mean",
        "treatment_mean_discharged",
        "treatment_mean_admitted",
        "duration_cv",
        "bed_wait_mean",
        "warm_up_days",
    ):
        _number(s, name)
    _number(s, "patience_mean", inf=True)
    if s.patience_mean == 0:
        _fail("patience_mean", 0, "give a positive time, or math.inf for patients who never leave.")
    if _number(s, "run_length_days") <= s.warm_up_days:
        _fail("run_length_days", s.run_length_days, "give a run longer than warm_up_days.")
    if not 0 < _number(s, "streaming_time_factor") <= 10:
        _fail(
            "streaming_time_factor",
            s.streaming_time_factor,
            "give a factor above 0 (1 = no change).",
        )
    if s.flow == "streaming":
        for name, total in (
            ("discharge_clinicians", "n_clinicians"),
            ("discharge_cubicles", "n_cubicles"),
        ):
            _count(s, name)
            rest = getattr(s, total) - getattr(s, name)
            if not rest >= 1:
                _fail(
                    name,
                    getattr(s, name),
                    f"leave at least one for the admit stream (it is {total} minus {name}).",
                )
    try:
        import datetime

        datetime.date.fromisoformat(s.start_date)
    except (TypeError, ValueError):
        _fail("start_date", s.start_date, "give a date as YYYY-MM-DD.")


def standard_scenarios() -> dict[str, Scenario]:
    """The scenarios the week compares (as treat-sim's ``get_scenarios`` does): one queue or
    lean streaming, each with the assumed access block and without it (every ward bed free
    the moment it is needed), to show what redesign inside the department cannot fix."""
    base = Scenario()
    return {
        "single queue": base,
        "streaming": base.replace(flow="streaming"),
        "single queue, no access block": base.replace(bed_wait_mean=0.0),
        "streaming, no access block": base.replace(flow="streaming", bed_wait_mean=0.0),
    }
