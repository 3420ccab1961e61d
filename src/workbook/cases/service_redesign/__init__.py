"""The service-redesign case (week 3): mapping who led an INVENTED redesign of a hospital's
frailty pathway, stage by stage, as a network of contributions.

The data (``case_studies/service-redesign/data/``) are invented for teaching and written by
``case_studies/service-redesign/generate_data.py``; see its data dictionary. The analysis uses
:mod:`workbook.networks`. Import it as ``import workbook.cases.service_redesign as sr``.
"""

from __future__ import annotations

from workbook.cases.service_redesign.analysis import (
    Redesign,
    analyse,
    formal_versus_network,
    holders_table,
    robustness_table,
    stage_leaders_table,
)
from workbook.cases.service_redesign.data import (
    PEOPLE_COLUMNS,
    STAGES,
    data_dir,
    load_contributions,
    load_people,
)

__all__ = [
    "PEOPLE_COLUMNS",
    "STAGES",
    "Redesign",
    "analyse",
    "data_dir",
    "formal_versus_network",
    "holders_table",
    "load_contributions",
    "load_people",
    "robustness_table",
    "stage_leaders_table",
]
