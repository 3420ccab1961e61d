"""Why patients bypass primary care in China: a facility-choice model learners can question.

A SYNTHETIC population of patients, each with a condition of some severity, chooses where to
make a first visit among four levels of China's delivery system (a village clinic or community
health station, a township or community health centre, a county or district hospital, and a
city tertiary hospital). Each patient weighs what a published discrete-choice experiment
measured, with its published coefficients (Yu et al. 2021, BMJ Open 11(12):e053270,
doi:10.1136/bmjopen-2021-053270; a mixed logit among hypertension patients in Jiangsu and
Shanghai):

============================  ===============  =========================================
attribute                     coefficient      how this model uses it
============================  ===============  =========================================
good treatment effect         4.502            times the perceived chance of a good effect
travel time of 1 hour or less  1.285            times the chance the level is within 1 hour
effective communication       0.771            times the perceived chance of good communication
out-of-pocket cost            -0.168           per 100 yuan paid by the patient (see below)
============================  ===============  =========================================

Choices follow a multinomial logit over those utilities plus one alternative-specific
constant for hospitals (the pull of a hospital beyond the measured attributes: reputation,
trust, habit). That one constant is **calibrated** so that the baseline reproduces a
published primary-care share of outpatient visits, 59% nationally in 2013 (Wu and Lam 2016,
J Am Board Fam Med 29(2):240-247), and the model is then used to ask what moves that share
towards the 2015 policy target of 70% of first visits in primary care by 2017 (as reported by
Liu, Qiu and Wang 2022, Aust J Prim Health 28(6):459-468, doi:10.1071/PY21296).

Calibration choices, stated so that learners can challenge them:

* The cost unit. The study reports a willingness to pay of 2,489 yuan for a good treatment
  effect; 4.502 / 0.168 = 26.8 cost units, so one unit is roughly 100 yuan. We read the
  coefficient as per 100 yuan (implied willingness to pay 2,680 yuan; the gap is the mixed
  logit's spread of coefficients, which a plain logit ignores).
* Binary attributes used as probabilities. The experiment offered "good effect" or not; the
  model gives each level a perceived chance of a good effect and uses the expected utility.
* The facility table (``case_studies/china-primary-care/data/facilities.csv``) is assumed,
  except the average cost of a primary-care visit (85.1 yuan in 2016), and the hospital costs
  chosen to bracket the published average hospital outpatient visit (245.5 yuan in 2016),
  both from BMC Health Serv Res 2020, doi:10.1186/s12913-020-05193-7. Its data dictionary
  says which number is which.
* One population, not China: a share of rural patients and a mix of severities are assumed
  (``Population``); provinces, income, insurance schemes and trust are not modelled.

This module is pure (numpy, pandas, scipy): no widgets, no plots.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "BETA",
    "LEVELS",
    "PRIMARY_LEVELS",
    "SEVERITIES",
    "TARGET_PRIMARY_SHARE",
    "CALIBRATION_PRIMARY_SHARE",
    "Facilities",
    "Population",
    "Policy",
    "ChoiceModel",
    "ChoiceResult",
    "load_facilities",
    "make_population",
    "calibrate",
]

#: Levels of the delivery system, nearest and smallest first.
LEVELS: tuple[str, ...] = ("village", "township", "county", "city")
#: The levels that count as primary care in the published shares.
PRIMARY_LEVELS: tuple[str, ...] = ("village", "township")
SEVERITIES: tuple[str, ...] = ("minor", "chronic", "severe")

#: Mixed-logit mean coefficients from Yu et al. 2021 (cost per 100 yuan, see the module notes).
BETA: Mapping[str, float] = {
    "effect": 4.502,
    "near": 1.285,
    "communication": 0.771,
    "cost_per_100_yuan": -0.168,
}
#: The 2015 State Council target: 70% of first visits in primary care by 2017.
TARGET_PRIMARY_SHARE = 0.70
#: Outpatient visits in primary care nationally in 2013 (Wu and Lam 2016).
CALIBRATION_PRIMARY_SHARE = 0.59

_COLUMNS = (
    "level",
    "label",
    "primary_care",
    "severity",
    "effect",
    "near_rural",
    "near_urban",
    "communication",
    "cost_yuan",
    "reimbursement",
)


def _case_dir() -> Path:
    from workbook.paths import project_root

    return project_root() / "case_studies" / "china-primary-care"


@dataclass(frozen=True)
class Facilities:
    """What each level offers a patient of each severity: one row per (level, severity)."""

    table: pd.DataFrame

    def __post_init__(self) -> None:
        missing = [c for c in _COLUMNS if c not in self.table.columns]
        if missing:
            raise ValueError(f"facilities table: missing column(s) {', '.join(missing)}")
        got = set(zip(self.table["level"], self.table["severity"], strict=True))
        want = {(lv, sv) for lv in LEVELS for sv in SEVERITIES}
        if got != want or len(self.table) != len(want):
            raise ValueError(
                "facilities table: needs exactly one row for each level "
                f"({', '.join(LEVELS)}) and severity ({', '.join(SEVERITIES)})"
            )
        for col in ("effect", "near_rural", "near_urban", "communication", "reimbursement"):
            values = self.table[col].astype(float)
            if not ((values >= 0) & (values <= 1)).all():
                raise ValueError(f"facilities table: {col} must be between 0 and 1")
        if (self.table["cost_yuan"].astype(float) < 0).any():
            raise ValueError("facilities table: cost_yuan must not be negative")

    def value(self, column: str) -> np.ndarray:
        """``column`` as an array indexed [severity, level]."""
        pivot = self.table.pivot(index="severity", columns="level", values=column)
        return pivot.loc[list(SEVERITIES), list(LEVELS)].to_numpy(dtype=float)

    def labels(self) -> dict[str, str]:
        first = self.table.drop_duplicates("level").set_index("level")
        return {lv: str(first.loc[lv, "label"]) for lv in LEVELS}

    def replace(self, **columns: Mapping[str, float]) -> Facilities:
        """A copy with some columns set per level, e.g. ``replace(cost_yuan={"city": 400})``."""
        table = self.table.copy()
        for column, per_level in columns.items():
            if column not in _COLUMNS[4:]:
                raise ValueError(f"cannot replace {column!r}; choose one of {_COLUMNS[4:]}")
            for level, value in per_level.items():
                if level not in LEVELS:
                    raise ValueError(f"unknown level {level!r}; choose one of {LEVELS}")
                table.loc[table["level"] == level, column] = float(value)
        return Facilities(table)


def load_facilities(path: str | Path | None = None) -> Facilities:
    """Read the facility table (the case's ``data/facilities.csv`` by default)."""
    path = Path(path) if path is not None else _case_dir() / "data" / "facilities.csv"
    return Facilities(_read_table(path))


def _read_table(path: Path) -> pd.DataFrame:
    """Read the facility CSV through the cases' typed loader: each bad cell is reported as
    ``file:line: column: problem``."""
    from workbook.cases._csv import BOOL, NUMBER, PROPORTION, TEXT, read_csv, row_error

    hint = "see case_studies/china-primary-care/data/README.md for what each column holds"
    columns = {
        "level": TEXT,
        "label": TEXT,
        "primary_care": BOOL,
        "severity": TEXT,
        "effect": PROPORTION,
        "near_rural": PROPORTION,
        "near_urban": PROPORTION,
        "communication": PROPORTION,
        "cost_yuan": NUMBER,
        "reimbursement": PROPORTION,
    }
    table = read_csv(path, columns, hint=hint)
    for column, allowed in (("level", LEVELS), ("severity", SEVERITIES)):
        bad = ~table[column].isin(allowed)
        if bad.any():
            raise row_error(
                table,
                int(bad.to_numpy().nonzero()[0][0]),
                column,
                f"choose one of {', '.join(allowed)}",
            )
    return table


@dataclass(frozen=True)
class Population:
    """A synthetic population of patients making a first visit (assumed, not published)."""

    severity: np.ndarray  # index into SEVERITIES
    rural: np.ndarray  # bool
    contract_draw: np.ndarray  # uniform(0, 1): contracted when below the contracting rate
    gatekeeping_draw: np.ndarray  # uniform(0, 1): hospitals need a referral when below the share
    choice_draw: np.ndarray  # uniform(0, 1): the draw that picks the simulated facility

    def __len__(self) -> int:
        return len(self.severity)


def make_population(
    n: int = 20_000,
    seed: int = 2009,
    *,
    severity_mix: tuple[float, float, float] = (0.60, 0.30, 0.10),
    rural_share: float = 0.45,
) -> Population:
    """Draw ``n`` patients: severity (minor, chronic, severe) and where they live.

    Both the severity mix and the rural share are assumptions for teaching, not national
    statistics. Each random element has its own stream from one seed, so changing the mix
    does not change who is contracted with a family doctor or which way a choice falls.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of patients of at least 1, not {n!r}")
    mix = np.asarray(severity_mix, dtype=float)
    if mix.shape != (3,) or (mix < 0).any() or not math.isclose(mix.sum(), 1.0, abs_tol=1e-9):
        raise ValueError("severity_mix must be three shares (minor, chronic, severe) summing to 1")
    if not 0 <= rural_share <= 1:
        raise ValueError("rural_share must be between 0 and 1")
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)]
    return Population(
        severity=streams[0].choice(3, size=n, p=mix),
        rural=streams[1].random(n) < rural_share,
        contract_draw=streams[2].random(n),
        gatekeeping_draw=streams[3].random(n),
        choice_draw=streams[4].random(n),
    )


@dataclass(frozen=True)
class Policy:
    """The levers a learner moves. The defaults are the baseline (no change).

    * ``reimbursement``: the share of a visit's cost that insurance pays, per level.
    * ``referral_surcharge_yuan``: extra out-of-pocket cost of a first visit to a hospital
      without a referral (gatekeeping by price).
    * ``gatekeeping``: the share of non-severe patients for whom a hospital first visit needs
      a referral, so their first visit is in primary care (gatekeeping by rule).
    * ``primary_effect_gain``: how much better-trained primary-care doctors raise the perceived
      chance of a good treatment effect at primary levels (capped at 1).
    * ``contracting``: the share of patients contracted with a family doctor, and
      ``contract_communication_gain``: how much contracting raises perceived communication at
      primary levels for them.
    * ``near``: the chance that a level is within an hour, per level, overriding the table
      for everyone (for example, a new road or more village clinics).
    """

    reimbursement: Mapping[str, float] = field(default_factory=dict)
    referral_surcharge_yuan: float = 0.0
    gatekeeping: float = 0.0
    primary_effect_gain: float = 0.0
    contracting: float = 0.0
    contract_communication_gain: float = 0.3
    near: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("reimbursement", "near"):
            for level, value in getattr(self, name).items():
                if level not in LEVELS:
                    raise ValueError(f"{name}: unknown level {level!r}; choose from {LEVELS}")
                if not 0 <= float(value) <= 1:
                    raise ValueError(f"{name}[{level!r}] must be between 0 and 1, not {value}")
        for name in ("gatekeeping", "contracting", "contract_communication_gain"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be between 0 and 1, not {getattr(self, name)}")
        if not -1 <= self.primary_effect_gain <= 1:
            raise ValueError("primary_effect_gain must be between -1 and 1")
        if not self.referral_surcharge_yuan >= 0:
            raise ValueError("referral_surcharge_yuan must be zero or more (yuan)")


@dataclass(frozen=True)
class ChoiceResult:
    """Choice probabilities per patient and what they add up to."""

    probabilities: np.ndarray  # [patient, level]
    out_of_pocket: np.ndarray  # [patient, level], yuan
    population: Population
    labels: Mapping[str, str]

    def shares(self) -> pd.Series:
        """Expected share of first visits at each level (sums to 1)."""
        return pd.Series(self.probabilities.mean(axis=0), index=list(LEVELS), name="share")

    def primary_share(self) -> float:
        """Expected share of first visits at primary-care levels."""
        shares = self.shares()
        return float(shares[list(PRIMARY_LEVELS)].sum())

    def shares_by_severity(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.probabilities, columns=list(LEVELS))
        frame["severity"] = [SEVERITIES[i] for i in self.population.severity]
        return frame.groupby("severity", sort=False).mean().reindex(list(SEVERITIES))

    def mean_out_of_pocket(self) -> float:
        """Expected out-of-pocket cost of a first visit, yuan."""
        return float((self.probabilities * self.out_of_pocket).sum(axis=1).mean())

    def simulate(self) -> pd.Series:
        """One seeded draw of every patient's choice: the count of first visits per level."""
        cumulative = np.cumsum(self.probabilities, axis=1)
        picks = (self.population.choice_draw[:, None] > cumulative).sum(axis=1)
        picks = np.minimum(picks, len(LEVELS) - 1)
        counts = np.bincount(picks, minlength=len(LEVELS))
        return pd.Series(counts, index=list(LEVELS), name="visits")


class ChoiceModel:
    """Multinomial-logit facility choice with the published coefficients.

    ``hospital_constant`` is the alternative-specific constant shared by the two hospital
    levels (the village clinic is the reference, at 0); :func:`calibrate` sets it.
    """

    def __init__(
        self,
        facilities: Facilities | None = None,
        *,
        hospital_constant: float = 0.0,
        constants: Mapping[str, float] | None = None,
        beta: Mapping[str, float] = BETA,
    ) -> None:
        self.facilities = facilities if facilities is not None else load_facilities()
        self.hospital_constant = float(hospital_constant)
        if constants is None:
            constants = {
                lv: (0.0 if lv in PRIMARY_LEVELS else self.hospital_constant) for lv in LEVELS
            }
        unknown = set(constants) - set(LEVELS)
        if unknown:
            raise ValueError(f"constants: unknown level(s) {sorted(unknown)}; choose from {LEVELS}")
        self.constants = {lv: float(constants.get(lv, 0.0)) for lv in LEVELS}
        self.beta = dict(beta)

    def with_constant(self, hospital_constant: float) -> ChoiceModel:
        return ChoiceModel(self.facilities, hospital_constant=hospital_constant, beta=self.beta)

    def utilities(
        self, population: Population, policy: Policy = Policy()
    ) -> tuple[np.ndarray, np.ndarray]:
        """Systematic utility and out-of-pocket cost, each [patient, level]."""
        fac = self.facilities
        sev = population.severity
        primary = np.array([lv in PRIMARY_LEVELS for lv in LEVELS])
        hospital = ~primary

        effect = fac.value("effect")[sev]
        effect = np.where(
            primary, np.minimum(1.0, np.maximum(0.0, effect + policy.primary_effect_gain)), effect
        )

        near = np.where(
            population.rural[:, None], fac.value("near_rural")[sev], fac.value("near_urban")[sev]
        )
        for level, value in policy.near.items():
            near[:, LEVELS.index(level)] = float(value)

        contracted = population.contract_draw < policy.contracting
        communication = fac.value("communication")[sev]
        gain = np.where(contracted[:, None] & primary, policy.contract_communication_gain, 0.0)
        communication = np.minimum(1.0, communication + gain)

        reimbursement = fac.value("reimbursement")[sev]
        for level, value in policy.reimbursement.items():
            reimbursement[:, LEVELS.index(level)] = float(value)
        cost = fac.value("cost_yuan")[sev]
        with np.errstate(invalid="ignore"):  # inf cost x 0 reimbursement share stays inf
            oop = cost * (1.0 - reimbursement)
        oop = np.where(np.isinf(cost), np.inf, oop)
        oop = oop + np.where(hospital, policy.referral_surcharge_yuan, 0.0)

        b = self.beta
        constants = np.array([self.constants[lv] for lv in LEVELS])
        with np.errstate(invalid="ignore"):
            utility = (
                constants
                + b["effect"] * effect
                + b["near"] * near
                + b["communication"] * communication
                + b["cost_per_100_yuan"] * (oop / 100.0)
            )
        utility = np.where(np.isinf(oop), -np.inf, utility)

        # Gatekeeping by rule: for the chosen share of non-severe patients, hospitals are
        # not a first-visit option at all.
        gated = (population.gatekeeping_draw < policy.gatekeeping) & (
            sev != SEVERITIES.index("severe")
        )
        utility = np.where(gated[:, None] & hospital, -np.inf, utility)
        return utility, oop

    def predict(self, population: Population, policy: Policy = Policy()) -> ChoiceResult:
        """Each patient's probability of choosing each level under ``policy``."""
        utility, oop = self.utilities(population, policy)
        best = utility.max(axis=1, keepdims=True)
        if not np.isfinite(best).all():
            raise ValueError(
                "some patients have no level they can use (every level has an infinite cost "
                "or is closed to them); keep at least one level open"
            )
        weights = np.exp(utility - best)
        probabilities = weights / weights.sum(axis=1, keepdims=True)
        return ChoiceResult(probabilities, oop, population, self.facilities.labels())


def calibrate(
    facilities: Facilities | None = None,
    population: Population | None = None,
    target: float = CALIBRATION_PRIMARY_SHARE,
) -> ChoiceModel:
    """The model whose hospital constant makes the baseline primary-care share equal ``target``.

    The share falls as the constant rises, so a bracketing root-finder finds the one value.
    """
    from scipy.optimize import brentq

    if not 0 < target < 1:
        raise ValueError(f"target must be a share between 0 and 1, not {target}")
    model = ChoiceModel(facilities)
    population = population if population is not None else make_population()

    def gap(constant: float) -> float:
        return model.with_constant(constant).predict(population).primary_share() - target

    low, high = -20.0, 20.0
    if gap(low) < 0 or gap(high) > 0:
        raise ValueError(
            f"no hospital constant in [{low}, {high}] gives a primary-care share of {target:.0%}"
        )
    constant = brentq(gap, low, high, xtol=1e-10)
    return model.with_constant(constant)
