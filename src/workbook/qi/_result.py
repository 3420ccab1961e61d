"""The shared behaviour of every chart result: a table, a summary, a picture, alt text."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

__all__ = ["ChartResult"]


class ChartResult:
    """Base class: subclasses set ``data`` and ``title`` and implement ``_draw`` and
    ``_summary_items`` and ``alt_text``.

    Displaying the object in a notebook shows the chart (PNG) with a text version; nothing is
    drawn until it is displayed, so building results stays fast.
    """

    data: pd.DataFrame
    title: str = "Chart"
    figsize: tuple[float, float] = (8.0, 4.5)

    # -- to be provided by subclasses -------------------------------------------------------
    def _summary_items(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _draw(self, ax: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def alt_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- shared -------------------------------------------------------------------------------
    def summary(self) -> pd.Series:
        """The headline numbers as a Series (statistic -> value)."""
        return pd.Series(self._summary_items(), name=self.title, dtype=object)

    def plot(self, ax: Any = None, *, title: str | None = None) -> Any:
        """Draw the chart and return its matplotlib Figure.

        With ``ax`` given, draw into that Axes (and return its Figure); otherwise make a new
        Figure without touching pyplot's global state.
        """
        if ax is None:
            from matplotlib.figure import Figure

            fig = Figure(figsize=self.figsize, layout="constrained")
            ax = fig.add_subplot()
        self._draw(ax)
        ax.set_title(self.title if title is None else title, loc="left", fontsize=11)
        return ax.figure

    def to_png(self, dpi: int = 100) -> bytes:
        """The chart as PNG bytes (Agg renderer, independent of the notebook backend)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig = self.plot()
        FigureCanvasAgg(fig)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()

    def savefig(self, path: Any, dpi: int = 150) -> None:
        """Write the chart to ``path`` (format from the file extension)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig = self.plot()
        FigureCanvasAgg(fig)
        fig.savefig(path, dpi=dpi)

    def _text(self) -> str:
        lines = [self.title, self.alt_text, ""]
        for key, value in self._summary_items().items():
            if isinstance(value, float):
                value = f"{value:.4g}"
            lines.append(f"  {key}: {value}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._text()

    def _repr_png_(self) -> bytes:
        return self.to_png()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        from ._plot import chart_bundle

        return chart_bundle(self.plot(), self.alt_text, self._text())
