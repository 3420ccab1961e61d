"""The shared shape of an analysis result: data, a summary, a picture, alt text, renderings.

Every analysis the workbook teaches (the charts of :mod:`workbook.qi`, and the lean,
network and case analyses that build on it) returns an :class:`AnalysisResult`:

* ``data``: a tidy :class:`pandas.DataFrame`, one row per observation;
* :meth:`~AnalysisResult.summary`: the headline numbers as a Series (statistic -> value);
* :meth:`~AnalysisResult.plot`: a matplotlib Figure, drawn without touching pyplot's state;
* :attr:`~AnalysisResult.alt_text`: what the picture shows, in words, for screen readers;
* three renderings: :meth:`~AnalysisResult.to_png` (the image), :meth:`~AnalysisResult.to_text`
  (``text/plain``) and :meth:`~AnalysisResult.to_html` (``text/html``: a self-contained,
  widget-free figure with its alt text and a table of the summary, for static pages).

In a notebook a result displays as the image with its text version. The HTML rendering is
deliberately not part of that display: Jupyter Book prefers ``text/html`` over images, and
its figure captions, alt text from cell metadata and image scaling apply to images only.
Static pages that need the HTML (such as a case explorer's pre-rendered charts) ask for it.

Nothing is drawn until a picture is asked for, so building results stays fast.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import pandas as pd

__all__ = [
    "as_image",
    "STATIC_DPI",
    "AnalysisResult",
    "Table",
    "figure_png",
    "format_value",
    "png_img_html",
]

#: Resolution of pictures embedded in static pages: a chart 8 inches wide is 1,200 pixels,
#: over twice the width it is shown at on a phone and over 1.5 times a desktop text column.
STATIC_DPI = 150


def figure_png(fig: Any, dpi: int = 100, *, palette: bool = False) -> bytes:
    """A matplotlib Figure as PNG bytes (Agg renderer; no timestamp, so output is stable).

    ``palette=True`` stores it with 64 colours, about a third of the bytes: charts have few
    colours, and pages that embed many pictures (a static explorer) stay light.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    if not palette:
        return buffer.getvalue()
    from PIL import Image

    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    small = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(small, "PNG", optimize=True)
    return small.getvalue()


def as_image(fig: Any, dpi: int = 200) -> Any:
    """A matplotlib Figure as an IPython Image, shown the same way in JupyterLab and in the
    book whatever matplotlib backend the kernel uses (a bare Figure shows only as text under
    the Agg backend). The figure is closed, so notebooks do not keep it in memory."""
    from IPython.display import Image

    png = figure_png(fig, dpi=dpi)
    try:
        import matplotlib.pyplot as plt

        plt.close(fig)
    except Exception:  # a Figure made without pyplot is not registered there
        pass
    return Image(data=png)


def png_img_html(png: bytes, alt: str) -> str:
    """An ``<img>`` that embeds ``png`` (nothing is fetched) with ``alt`` escaped."""
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto">'
    )


def format_value(value: Any) -> str:
    """A summary value as a person reads it (floats to four significant figures)."""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


class AnalysisResult:
    """Base class of every analysis result.

    Subclasses set ``data`` and ``title``, and implement ``_summary_items()``, ``_draw(ax)``
    and the ``alt_text`` property.
    """

    data: pd.DataFrame
    title: str = "Analysis"
    figsize: tuple[float, float] = (8.0, 4.5)

    # -- to be provided by subclasses -------------------------------------------------------
    def _summary_items(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _draw(self, ax: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def alt_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- the shape ---------------------------------------------------------------------------
    def summary(self) -> pd.Series:
        """The headline numbers as a Series (statistic -> value)."""
        return pd.Series(self._summary_items(), name=self.title, dtype=object)

    def plot(self, ax: Any = None, *, title: str | None = None) -> Any:
        """Draw the result and return its matplotlib Figure.

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

    # -- renderings --------------------------------------------------------------------------
    def to_png(self, dpi: int = 100, *, title: str | None = None, palette: bool = False) -> bytes:
        """The picture as PNG bytes (independent of the notebook's matplotlib backend)."""
        return figure_png(self.plot(title=title), dpi=dpi, palette=palette)

    def to_text(self) -> str:
        """The ``text/plain`` rendering: title, alt text and the summary, one value a line."""
        lines = [self.title, self.alt_text, ""]
        for key, value in self._summary_items().items():
            lines.append(f"  {key}: {format_value(value)}")
        return "\n".join(lines)

    def to_html(self, *, title: str | None = None, dpi: int = STATIC_DPI) -> str:
        """The static ``text/html`` rendering: the picture with its alt text, then the summary.

        Self-contained (the PNG is embedded), no script, no widget; the summary is a small
        table so that the numbers are readable without the picture.
        """
        rows = "".join(
            f"<tr><th scope=row>{html.escape(str(k))}</th><td>{html.escape(format_value(v))}"
            "</td></tr>"
            for k, v in self._summary_items().items()
        )
        caption = html.escape(self.title if title is None else title)
        return (
            f'<figure class="wb-result">{png_img_html(self.to_png(dpi, title=title, palette=True), self.alt_text)}'
            f"<figcaption>{caption}</figcaption></figure>"
            f'<table class="wb-result-summary"><tbody>{rows}</tbody></table>'
        )

    def renderings(self) -> dict[str, Any]:
        """All three renderings by MIME type: ``image/png`` (bytes), ``text/plain``,
        ``text/html``."""
        return {
            "image/png": self.to_png(),
            "text/plain": self.to_text(),
            "text/html": self.to_html(),
        }

    def savefig(self, path: Any, dpi: int = 150) -> None:
        """Write the picture to ``path`` (format from the file extension)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig = self.plot()
        FigureCanvasAgg(fig)
        fig.savefig(path, dpi=dpi)

    # -- notebook display ---------------------------------------------------------------------
    def _text(self) -> str:  # kept for callers of the old name
        return self.to_text()

    def __repr__(self) -> str:
        return self.to_text()

    def _repr_png_(self) -> bytes:
        return self.to_png()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        # Base64 text, as the notebook format stores PNGs (raw bytes are not JSON).
        png = base64.b64encode(self.to_png()).decode("ascii")
        data = {"image/png": png, "text/plain": self.to_text()}
        metadata = {"image/png": {"alt": self.alt_text}}
        return data, metadata


class Table:
    """A table for people to read: no index, percentages and thousands formatted, escaped.

    ``Table(frame, percent=["rate"], names={"rate": "Rate"})`` shows the proportions in
    ``percent`` as percentages (``decimals`` places), whole numbers with thousands separators,
    and renames columns for display. It renders as an HTML table (``text/html``) and as
    aligned plain text (``text/plain``), the same in JupyterLab and on the website.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        percent: tuple[str, ...] | list[str] = (),
        names: dict[str, str] | None = None,
        decimals: int = 1,
        caption: str | None = None,
    ) -> None:
        unknown = [c for c in [*percent, *(names or {})] if c not in frame.columns]
        if unknown:
            raise ValueError(
                f"Table: no column {unknown[0]!r}; the columns are {', '.join(map(str, frame))}"
            )
        self.caption = caption
        self.headers = [str((names or {}).get(c, c)) for c in frame.columns]
        self.rows: list[list[str]] = []
        self.numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
        for _, row in frame.iterrows():
            cells = []
            for column in frame.columns:
                value = row[column]
                if column in percent:
                    cells.append(f"{value * 100:.{decimals}f}%")
                elif isinstance(value, bool):
                    cells.append("yes" if value else "no")
                elif pd.api.types.is_integer(value):
                    cells.append(f"{int(value):,}")
                elif isinstance(value, float):
                    cells.append(f"{value:,.{decimals}f}")
                elif isinstance(value, pd.Timestamp):
                    cells.append(value.strftime("%B %Y"))
                else:
                    cells.append(str(value))
            self.rows.append(cells)

    def _repr_html_(self) -> str:
        e = html.escape

        def align(i: int) -> str:
            # inline, so that the table reads well wherever it is shown (no style sheet needed)
            side = "right" if self.numeric[i] else "left"
            return f' style="text-align:{side};padding:.2em .8em"'

        head = "".join(f"<th scope=col{align(i)}>{e(h)}</th>" for i, h in enumerate(self.headers))
        body = "".join(
            "<tr>" + "".join(f"<td{align(i)}>{e(c)}</td>" for i, c in enumerate(r)) + "</tr>"
            for r in self.rows
        )
        caption = f"<caption>{e(self.caption)}</caption>" if self.caption else ""
        return (
            f'<table class="wb-table">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

    def __repr__(self) -> str:
        widths = [
            max(len(h), *(len(r[i]) for r in self.rows)) if self.rows else len(h)
            for i, h in enumerate(self.headers)
        ]

        def line(cells: list[str]) -> str:
            return "  ".join(
                c.rjust(w) if self.numeric[i] else c.ljust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()

        out = [self.caption] if self.caption else []
        out += [line(self.headers), line(["-" * w for w in widths])]
        out += [line(r) for r in self.rows]
        return "\n".join(out)
