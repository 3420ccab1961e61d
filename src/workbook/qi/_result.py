"""The result shape of every qi chart: :class:`workbook.results.AnalysisResult`.

Kept as a module so that ``workbook.qi._result.ChartResult`` (used by the chart modules)
names the shared base class; the shape itself lives in :mod:`workbook.results`, where the
lean, network and case analyses use it too.
"""

from __future__ import annotations

from typing import Any

from workbook.results import AnalysisResult

__all__ = ["ChartResult"]


class ChartResult(AnalysisResult):
    """A quality-improvement chart: an :class:`~workbook.results.AnalysisResult` titled
    "Chart" unless the chart names itself."""

    title: str = "Chart"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        """On a page, the chart is drawn for the width it is shown at, at twice the pixel
        density, so its type is at least 10 pt on a phone and sharp on high-density screens."""
        from ._plot import chart_bundle

        return chart_bundle(self.plot(), self.alt_text, self.to_text())
