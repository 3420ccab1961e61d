"""Improvement analytics: run charts, SPC charts, funnel plots, Pareto charts and PDSA cycles.

The definitions follow the reference tools NHS analysts use: the R packages qicharts2 (run
charts with the Anhøj rules, attribute charts) and NHSRplotthedots (XmR charts with the NHS
"Making Data Count" rules, variation and assurance icons). Every chart function returns a
result object with a per-point table (``.data``), ``.summary()``, ``.plot(ax=None)``,
``.alt_text``, and a chart when displayed in a notebook.

Submodules load on first use, so ``import workbook.qi`` (and the ``workbook`` command) stays
quick until a chart is asked for.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "PDSA",
    "TrialLimitsWarning",
    "anhoej_limits",
    "c_chart",
    "funnel",
    "ihi_runs_limits",
    "p_chart",
    "p_prime",
    "pareto",
    "run_chart",
    "u_chart",
    "u_prime",
    "xmr",
]

_WHERE = {
    "PDSA": "pdsa",
    "TrialLimitsWarning": "_inputs",
    "anhoej_limits": "runs",
    "ihi_runs_limits": "runs",
    "run_chart": "runs",
    "xmr": "spc",
    "p_chart": "attribute",
    "p_prime": "attribute",
    "u_chart": "attribute",
    "u_prime": "attribute",
    "c_chart": "attribute",
    "funnel": "funnel_plot",
    "pareto": "pareto_chart",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        module = importlib.import_module(f"{__name__}.{_WHERE[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
