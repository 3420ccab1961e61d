"""The result shape of every qi chart: :class:`workbook.results.AnalysisResult`.

Kept as a module so that ``workbook.qi._result.ChartResult`` (used by the chart modules)
names the shared base class; the shape itself lives in :mod:`workbook.results`, where the
lean, network and case analyses use it too.
"""

from __future__ import annotations

from workbook.results import AnalysisResult

__all__ = ["ChartResult"]


class ChartResult(AnalysisResult):
    """A quality-improvement chart: an :class:`~workbook.results.AnalysisResult` titled
    "Chart" unless the chart names itself."""

    title: str = "Chart"
