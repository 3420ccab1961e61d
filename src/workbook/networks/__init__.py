"""Network analysis for the course's cases: who contributed with whom, who holds a network
together, what happens if someone leaves, and how a new practice spreads.

Used by week 3 (mapping who led a service redesign) and week 5 (an advice network among a
clinical network's clinicians). Built on networkx; every function returns a networkx graph, a
tidy pandas DataFrame (one row per person, stage or step) or a matplotlib Figure, so the same
numbers feed the live notebook and the static rendering of the book.

- building: :func:`contribution_network`, :func:`role_by_stage`, :func:`advice_network`,
  :func:`stage_networks`
- measures: :func:`node_measures`, :func:`communities`, :func:`brokerage_roles`,
  :func:`leadership_by_stage`, :func:`leadership_moves`
- robustness: :func:`removal_impact`, :func:`cut_vertices`, :func:`leader_shares`
- diffusion: :func:`simulate_diffusion`, :func:`choose_seeds`, :func:`compare_strategies`,
  :func:`strategy_summary`
- drawing: :func:`network_layout`, :func:`draw_network`, :func:`network_alt_text`,
  :func:`draw_stage_panels`, :func:`stage_panels_alt_text`, :func:`role_styles`
- charts: :func:`draw_role_by_stage`, :func:`role_by_stage_alt_text`,
  :func:`draw_adoption_curves`, :func:`adoption_alt_text`

Every picture has an alt-text function that states what it shows, and role is always shown by
marker shape as well as colour.

Submodules load on first use, so ``import workbook.networks`` stays quick (networkx, pandas
and matplotlib load only when a function is called for).
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "contribution_network": "build",
    "role_by_stage": "build",
    "advice_network": "build",
    "contributions_table": "build",
    "stage_networks": "build",
    "node_measures": "measures",
    "communities": "measures",
    "brokerage_roles": "measures",
    "leadership_by_stage": "measures",
    "leadership_moves": "measures",
    "removal_impact": "robustness",
    "cut_vertices": "robustness",
    "leader_shares": "robustness",
    "simulate_diffusion": "diffusion",
    "choose_seeds": "diffusion",
    "strategy_summary": "diffusion",
    "compare_strategies": "diffusion",
    "STRATEGIES": "diffusion",
    "network_layout": "draw",
    "draw_network": "draw",
    "network_alt_text": "draw",
    "draw_role_by_stage": "charts",
    "role_by_stage_alt_text": "charts",
    "draw_adoption_curves": "charts",
    "adoption_alt_text": "charts",
    "role_styles": "draw",
    "NetworkDataError": "build",
    "draw_stage_panels": "draw",
    "stage_panels_alt_text": "draw",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        module = importlib.import_module(f"{__name__}.{_WHERE[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
