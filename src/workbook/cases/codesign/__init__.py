"""The week 6 co-design case: an emotional map of an invented patient journey, and placing
invented involvement vignettes on Arnstein's ladder with Cohen's kappa for agreement.

Everything in the case's data is INVENTED for teaching; see ``case_studies/codesign/data/``.
"""

from __future__ import annotations

from workbook.cases.codesign.agreement import (
    BANDS,
    RUNG_LABELS,
    RUNGS,
    SPECTRUM,
    agreement_table,
    band_of,
    cohen_kappa,
    load_vignettes,
    normalise,
    pairwise_kappa,
)
from workbook.cases.codesign.journey import (
    GROUPS,
    RATING_MAX,
    RATING_MIN,
    CodesignDataError,
    check_ratings,
    emotional_map,
    load_ratings,
    load_touchpoints,
    rank_divergence,
)

__all__ = [
    "BANDS",
    "GROUPS",
    "RATING_MAX",
    "RATING_MIN",
    "RUNGS",
    "RUNG_LABELS",
    "SPECTRUM",
    "CodesignDataError",
    "agreement_table",
    "band_of",
    "check_ratings",
    "cohen_kappa",
    "emotional_map",
    "load_ratings",
    "load_touchpoints",
    "load_vignettes",
    "normalise",
    "pairwise_kappa",
    "rank_divergence",
]
