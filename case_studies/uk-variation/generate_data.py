"""Generate the SYNTHETIC data set for the case exercise "Unwarranted variation in the UK".

Nothing here is real patient or provider data. Sixty fictional acute trusts (``T01`` to ``T60``)
report two indicators for 36 months (April 2015 to March 2018):

* ``readmit30``: emergency readmission within 30 days of discharge (per cent of discharges).
  The common-cause rate is 13.8%, the national figure NHS Digital reported for 2017/18
  (NHS Digital 2019, see ``book/references.bib``: ``NHSDigital2019Readmissions``).
* ``hipfx_mort30``: death within 30 days of hip fracture surgery (per cent of patients).
  The common-cause rate is 5.9%, the pooled 30-day mortality of the two NHFD samples in
  Tsang et al. (2017) (6.40% of 4,044 and 5.36% of 3,861 patients; ``Tsang2017``). Annual
  volumes are centred on about 340 patients a trust, the volume implied by the same paper
  (7,905 patients in 94 hospitals over three months).

Most trusts have only common-cause variation: each month's events are binomial draws at the
common rate. A few have special-cause patterns (a persistently high or low rate, a step change);
they are listed in ``data/answer_key.csv`` and in the data dictionary, for educators.

Run ``python case_studies/uk-variation/generate_data.py`` to rewrite ``data/``. The same seed
gives byte-identical files (a test checks this against the committed files).
"""

from __future__ import annotations

import argparse
import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SEED = 20151
N_PROVIDERS = 60
FIRST_YEAR, FIRST_MONTH = 2015, 4  # April 2015
N_MONTHS = 36
ANNUAL_PERIOD = "2017/18"  # the funnel plot uses the last 12 months
DATA_DIR = Path(__file__).resolve().parent / "data"

# The over-dispersed variant of the 2017/18 readmission table (providers_overdispersed.csv):
# its own seed, so adding it left the other files unchanged. Each trust keeps its denominator
# but gets its own true rate, drawn from a normal distribution around the common rate with
# this standard deviation. It is a teaching choice, not a published figure: two standard
# deviations either side of 13.8% span 12.7% to 14.9%, the range NHS Digital (2019) reported
# between the most and the least deprived areas, so the trusts differ about as much as areas
# with different populations do.
OVERDISPERSED_SEED = 20152
OVERDISPERSED_INDICATOR = "readmit30"
OVERDISPERSED_SD = 0.0055


@dataclass(frozen=True)
class Indicator:
    """One indicator: its definition and the figures it is calibrated to."""

    indicator_id: str
    name: str
    numerator: str
    denominator: str
    common_rate: float
    calibration_source: str
    volume_median: float  # annual denominator, median across trusts
    volume_sigma: float  # spread of log volume
    volume_min: int
    volume_max: int


INDICATORS = (
    Indicator(
        indicator_id="readmit30",
        name="Emergency readmission within 30 days of discharge",
        numerator="Emergency admissions within 30 days of a previous discharge",
        denominator="Discharges from an ordinary hospital stay (cancer and obstetrics excluded)",
        common_rate=0.138,
        calibration_source="NHSDigital2019Readmissions",
        volume_median=24000.0,
        volume_sigma=0.45,
        volume_min=6000,
        volume_max=70000,
    ),
    Indicator(
        indicator_id="hipfx_mort30",
        name="Death within 30 days of hip fracture surgery",
        numerator="Deaths within 30 days of surgery for hip fracture",
        denominator="Patients aged 60 or over having surgery for hip fracture",
        common_rate=0.059,
        calibration_source="Tsang2017",
        volume_median=340.0,
        volume_sigma=0.25,
        volume_min=220,
        volume_max=800,
    ),
)


@dataclass(frozen=True)
class Pattern:
    """A special-cause pattern planted in one trust's series (the educators' answer key)."""

    indicator_id: str
    provider_id: str
    pattern: str  # persistent_high | persistent_low | step_up | step_down
    rate_before: float
    rate_after: float
    change_month: int  # 0-based index of the first month at rate_after (0 = whole series)
    annual_volume: int  # fixed so that the planted signal is visible at this volume
    expected_funnel: str  # above_99.8 | below_99.8 | unspecified
    description: str


PATTERNS = (
    Pattern(
        indicator_id="readmit30",
        provider_id="T07",
        pattern="persistent_high",
        rate_before=0.155,
        rate_after=0.155,
        change_month=0,
        annual_volume=31000,
        expected_funnel="above_99.8",
        description=(
            "Rate about 1.7 percentage points above the common rate in every month: a stable "
            "process at a different level (run chart shows no signal; the funnel does)."
        ),
    ),
    Pattern(
        indicator_id="readmit30",
        provider_id="T23",
        pattern="persistent_low",
        rate_before=0.122,
        rate_after=0.122,
        change_month=0,
        annual_volume=27000,
        expected_funnel="below_99.8",
        description="Rate about 1.6 percentage points below the common rate in every month.",
    ),
    Pattern(
        indicator_id="readmit30",
        provider_id="T41",
        pattern="step_up",
        rate_before=0.138,
        rate_after=0.162,
        change_month=18,
        annual_volume=22000,
        expected_funnel="above_99.8",
        description="Step up from October 2016 (month 19): common rate before, about 16.2% after.",
    ),
    Pattern(
        indicator_id="readmit30",
        provider_id="T15",
        pattern="step_down",
        rate_before=0.138,
        rate_after=0.118,
        change_month=15,
        annual_volume=36000,
        expected_funnel="below_99.8",
        description=(
            "Step down from July 2016 (month 16), as after a successful change: about 11.8% after."
        ),
    ),
    Pattern(
        indicator_id="hipfx_mort30",
        provider_id="T33",
        pattern="persistent_high",
        rate_before=0.13,
        rate_after=0.13,
        change_month=0,
        annual_volume=640,
        expected_funnel="above_99.8",
        description="30-day mortality about twice the common rate in every month.",
    ),
    Pattern(
        indicator_id="hipfx_mort30",
        provider_id="T19",
        pattern="step_down",
        rate_before=0.10,
        rate_after=0.04,
        change_month=18,
        annual_volume=720,
        expected_funnel="unspecified",
        description=(
            "Step down from October 2016 (month 19), from about 10% to about 4%: visible on "
            "the run chart; one year's funnel plot need not flag it."
        ),
    ),
)


def month_starts() -> list[str]:
    """ISO dates of the first day of each month in the series."""
    out = []
    for k in range(N_MONTHS):
        m0 = FIRST_MONTH - 1 + k
        out.append(f"{FIRST_YEAR + m0 // 12:04d}-{m0 % 12 + 1:02d}-01")
    return out


def provider_ids() -> list[str]:
    return [f"T{i:02d}" for i in range(1, N_PROVIDERS + 1)]


def _annual_volumes(ind: Indicator, rng: np.random.Generator) -> np.ndarray:
    raw = rng.lognormal(math.log(ind.volume_median), ind.volume_sigma, N_PROVIDERS)
    return np.clip(np.round(raw), ind.volume_min, ind.volume_max).astype(np.int64)


def _monthly_rates(pattern: Pattern | None, common_rate: float) -> np.ndarray:
    if pattern is None:
        return np.full(N_MONTHS, common_rate)
    rates = np.full(N_MONTHS, pattern.rate_before)
    rates[pattern.change_month :] = pattern.rate_after
    return rates


def simulate(seed: int = SEED) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """Return (indicators, providers, monthly, answer_key) rows; all randomness from ``seed``."""
    rng = np.random.default_rng(seed)
    ids = provider_ids()
    months = month_starts()
    # winter pressure: a little more activity in the winter months (volume only, not rate)
    month_numbers = np.array([int(m[5:7]) for m in months])
    season = 1.0 + 0.06 * np.cos(2 * np.pi * (month_numbers - 1) / 12)

    indicator_rows: list[dict] = []
    provider_rows: list[dict] = []
    monthly_rows: list[dict] = []
    for ind in INDICATORS:
        indicator_rows.append(
            {
                "indicator_id": ind.indicator_id,
                "name": ind.name,
                "numerator": ind.numerator,
                "denominator": ind.denominator,
                "unit": "percent",
                "higher_is_better": "false",
                "common_rate": f"{ind.common_rate:.4f}",
                "calibration_source": ind.calibration_source,
            }
        )
        volumes = _annual_volumes(ind, rng)
        patterns = {p.provider_id: p for p in PATTERNS if p.indicator_id == ind.indicator_id}
        for i, pid in enumerate(ids):
            pat = patterns.get(pid)
            volume = pat.annual_volume if pat is not None else int(volumes[i])
            expected_n = volume / 12.0 * season
            denoms = rng.poisson(expected_n).astype(np.int64)
            denoms = np.maximum(denoms, 1)
            rates = _monthly_rates(pat, ind.common_rate)
            events = rng.binomial(denoms, rates).astype(np.int64)
            for m, d, e in zip(months, denoms, events, strict=True):
                monthly_rows.append(
                    {
                        "indicator_id": ind.indicator_id,
                        "provider_id": pid,
                        "month": m,
                        "events": int(e),
                        "denominator": int(d),
                    }
                )
            year_events = int(events[-12:].sum())
            year_denom = int(denoms[-12:].sum())
            provider_rows.append(
                {
                    "indicator_id": ind.indicator_id,
                    "provider_id": pid,
                    "period": ANNUAL_PERIOD,
                    "events": year_events,
                    "denominator": year_denom,
                    "rate": f"{year_events / year_denom:.6f}",
                }
            )

    key_rows = [
        {
            "indicator_id": p.indicator_id,
            "provider_id": p.provider_id,
            "pattern": p.pattern,
            "rate_before": f"{p.rate_before:.3f}",
            "rate_after": f"{p.rate_after:.3f}",
            "change_month": months[p.change_month],
            "expected_funnel": p.expected_funnel,
            "description": p.description,
        }
        for p in PATTERNS
    ]
    return indicator_rows, provider_rows, monthly_rows, key_rows


def overdispersed(providers: list[dict], seed: int = OVERDISPERSED_SEED) -> list[dict]:
    """The over-dispersed variant of one indicator's annual rows (same trusts and sizes)."""
    rng = np.random.default_rng(seed)
    common = next(i.common_rate for i in INDICATORS if i.indicator_id == OVERDISPERSED_INDICATOR)
    rows = [r for r in providers if r["indicator_id"] == OVERDISPERSED_INDICATOR]
    true_rates = np.clip(rng.normal(common, OVERDISPERSED_SD, len(rows)), 0.01, 0.99)
    out = []
    for row, rate in zip(rows, true_rates, strict=True):
        events = int(rng.binomial(row["denominator"], rate))
        out.append({**row, "events": events, "rate": f"{events / row['denominator']:.6f}"})
    return out


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_all(out_dir: Path, seed: int = SEED) -> list[Path]:
    """Write the five CSV files into ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    indicators, providers, monthly, key = simulate(seed)
    paths = []
    for name, rows in (
        ("indicators.csv", indicators),
        ("providers.csv", providers),
        ("monthly.csv", monthly),
        ("answer_key.csv", key),
        ("providers_overdispersed.csv", overdispersed(providers)),
    ):
        path = out_dir / name
        _write_csv(path, rows)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed")
    args = parser.parse_args(argv)
    for path in write_all(args.out, args.seed):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
