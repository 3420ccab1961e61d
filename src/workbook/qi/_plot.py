"""Drawing in the NHS "Making Data Count" style, with matplotlib (imported lazily).

Colour is never the only carrier of meaning: every point type has its own marker shape, the
icons carry a letter, and the legend names each mark. Colours are the MDC ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "COLOURS",
    "MARKERS",
    "LABELS",
    "PAGE_WIDTH_IN",
    "chart_bundle",
    "draw_points",
    "draw_icons",
    "page_png",
    "x_values",
]

COLOURS = {
    "common_cause": "#a6a6a6",
    "special_cause_improvement": "#00b0f0",
    "special_cause_concern": "#e46c0a",
    "special_cause_neutral_high": "#490092",
    "special_cause_neutral_low": "#490092",
}
MARKERS = {
    "common_cause": "o",
    "special_cause_improvement": "s",
    "special_cause_concern": "D",
    "special_cause_neutral_high": "^",
    "special_cause_neutral_low": "v",
}
LABELS = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: neutral, high",
    "special_cause_neutral_low": "Special cause: neutral, low",
}
LINE = "#595959"
LIMIT = "#7f7f7f"
TARGET = "#b2182b"

# How a chart is shown on a page: 6.4 inches at 100 CSS px per inch (640 px), drawn at twice
# that density so that it is sharp on high-density screens. With every label at 10 pt or more
# in the figure, type is at least 10 pt wherever the chart is shown at its 640 px (the site
# lets a phone scroll the chart sideways, and links to the full-size image, rather than
# shrinking it below that).
PAGE_WIDTH_IN = 6.4
PX_PER_INCH = 100
DENSITY = 2
MIN_FONT_PT = 10


def x_values(data: Any) -> np.ndarray:
    """The x positions to plot: dates when the table has them, else 1-based point numbers."""
    return data["x"].to_numpy()


def draw_points(ax: Any, x: np.ndarray, y: np.ndarray, point_type: Any) -> None:
    """Plot the data line and each point type with its own colour and marker."""
    ax.plot(x, y, color=LINE, linewidth=1.2, zorder=2)
    types = np.asarray(point_type, dtype=object)
    for kind, colour in COLOURS.items():
        mask = types == kind
        if mask.any():
            ax.plot(
                x[mask],
                y[mask],
                linestyle="none",
                marker=MARKERS[kind],
                markersize=6 if kind == "common_cause" else 8,
                markerfacecolor=colour,
                markeredgecolor="black" if kind != "common_cause" else LIMIT,
                markeredgewidth=0.8,
                label=LABELS[kind],
                zorder=3,
            )


def _icon_axes(ax: Any, slot: int) -> Any:
    icon = ax.inset_axes([0.84 + 0.085 * slot - 0.085, 1.01, 0.075, 0.2])
    icon.set_xlim(-1.1, 1.1)
    icon.set_ylim(-1.1, 1.1)
    icon.set_aspect("equal")
    icon.axis("off")
    return icon


def _variation_icon(icon: Any, variation: str | None, high: bool | None) -> None:
    from matplotlib.patches import Circle

    colour = COLOURS.get(variation or "common_cause", COLOURS["common_cause"])
    icon.add_patch(Circle((0, 0), 1.0, facecolor="white", edgecolor=colour, linewidth=2.5))
    xs = np.linspace(-0.6, 0.6, 7)
    if variation in (None, "common_cause"):
        ys = np.array([0.0, 0.25, -0.2, 0.15, -0.25, 0.2, 0.0]) - 0.15
        icon.plot(xs, ys, color=LIMIT, linewidth=1, marker="o", markersize=2.5)
        return
    step = 0.35 if high else -0.35
    ys = np.array([0, 0, 0, step, step, step, step]) - 0.25 * (1 if high else -1) * 0.2
    icon.plot(xs[:3], ys[:3] - 0.15, color=LIMIT, linewidth=1, marker="o", markersize=2.5)
    icon.plot(xs[3:], ys[3:] - 0.15, color=colour, linewidth=1, marker="o", markersize=2.5)
    icon.text(
        0,
        0.45,
        "H" if high else "L",
        ha="center",
        va="center",
        fontsize=8,
        fontweight="bold",
        color=colour,
    )


def _assurance_icon(icon: Any, assurance: str | None) -> None:
    from matplotlib.patches import Circle

    colour = {
        "consistent_pass": COLOURS["special_cause_improvement"],
        "consistent_fail": COLOURS["special_cause_concern"],
    }.get(assurance or "", COLOURS["common_cause"])
    icon.add_patch(Circle((0, 0), 1.0, facecolor="white", edgecolor=colour, linewidth=2.5))
    if assurance == "consistent_pass":
        icon.text(0, 0, "P", ha="center", va="center", fontsize=11, fontweight="bold", color=colour)
    elif assurance == "consistent_fail":
        icon.text(0, 0, "F", ha="center", va="center", fontsize=11, fontweight="bold", color=colour)
    else:
        # "Hit and miss": a varying line that crosses a target line.
        t = np.linspace(-0.65, 0.65, 40)
        icon.plot(t, 0.35 * np.sin(t * 7), color=LIMIT, linewidth=1.2)
        icon.plot([-0.7, 0.7], [0, 0], color=TARGET, linewidth=1, linestyle="--")
        icon.text(0, -0.65, "?", ha="center", va="center", fontsize=7, color=LINE)


def draw_icons(
    ax: Any, variation: str | None, high: bool | None, assurance: str | None, show_assurance: bool
) -> None:
    """Draw the variation icon (and the assurance icon when a target was given)."""
    _variation_icon(_icon_axes(ax, 1 if show_assurance else 2), variation, high)
    if show_assurance:
        _assurance_icon(_icon_axes(ax, 2), assurance)


def finish_axes(ax: Any, ylabel: str | None, xlabel: str | None, dates: bool) -> None:
    """Common finishing: light grid, labels, legend below the chart, readable dates."""
    ax.grid(True, axis="y", color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if ylabel:
        ax.set_ylabel(ylabel)
    if xlabel:
        ax.set_xlabel(xlabel)
    if not dates:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if dates:
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14 if dates else -0.1),
            ncol=len(handles) if len(handles) <= 2 else 2,
            frameon=False,
            fontsize=MIN_FONT_PT,
        )


def page_png(fig: Any) -> tuple[bytes, int]:
    """Render ``fig`` for a page: PNG bytes at :data:`DENSITY` times the CSS width returned.

    The figure is resized to :data:`PAGE_WIDTH_IN` wide (keeping its aspect ratio) so that its
    type keeps its point size at the width it is shown.
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    width, height = fig.get_size_inches()
    fig.set_size_inches(PAGE_WIDTH_IN, height * PAGE_WIDTH_IN / width)
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=PX_PER_INCH * DENSITY, metadata={"Software": None})
    return buffer.getvalue(), round(PAGE_WIDTH_IN * PX_PER_INCH)


def chart_bundle(fig: Any, alt: str, text: str) -> tuple[dict, dict]:
    """A display bundle for a chart: a 2x PNG shown at its page width, its alt text, and a
    text version (for screen readers, nbconvert to Markdown and terminals)."""
    import base64

    png, css_width = page_png(fig)
    # Base64 text, as the notebook format stores PNGs (raw bytes are not JSON).
    data = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": text}
    metadata = {"image/png": {"alt": alt, "width": css_width}}
    return data, metadata
