"""The Kenya Clinical Information Network case (week 5): a network that learns from its data.

SYNTHETIC data calibrated to published figures (see ``case_studies/kenya-cin/data/README.md``):
the network's growth on its published dates, child mortality across 13 hospitals in its first
year, adherence to 34 recommended practices under audit and feedback, and an INVENTED advice
network among its clinicians for a diffusion exercise. Hospitals are anonymised (H01-H22).
"""

from __future__ import annotations

from workbook.cases.kenya_cin.analysis import (
    PUBLISHED,
    adherence_by_month,
    advice_graph,
    growth,
    hospitals_at,
    indicator_signals,
    mortality_funnel,
    seeding_comparison,
)
from workbook.cases.kenya_cin.data import (
    load_adherence,
    load_advice,
    load_hospitals,
    load_indicators,
    load_mortality,
    load_people,
)

__all__ = [
    "PUBLISHED",
    "adherence_by_month",
    "advice_graph",
    "growth",
    "hospitals_at",
    "indicator_signals",
    "load_adherence",
    "load_advice",
    "load_hospitals",
    "load_indicators",
    "load_mortality",
    "load_people",
    "mortality_funnel",
    "seeding_comparison",
]
