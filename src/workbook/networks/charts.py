"""Charts of who contributed when, and of how far a practice spread under each seeding strategy.

Nothing here depends on colour alone: the role-by-stage dot chart prints each count beside its
dot, and the adoption-curve chart gives every strategy its own line style and marker as well as
an Okabe–Ito colour. Each chart has an alt-text function. matplotlib is imported only when
drawing.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .draw import MARKERS, OKABE_ITO, _join, _order

__all__ = [
    "adoption_alt_text",
    "draw_adoption_curves",
    "draw_role_by_stage",
    "role_by_stage_alt_text",
]


def _check_summary(summary: pd.DataFrame, value: str) -> None:
    missing = [c for c in ("role", "stage", value) if c not in summary.columns]
    if missing:
        raise ValueError(
            f"role-by-stage chart: column {missing[0]!r} is missing; pass the result of "
            "role_by_stage"
        )


def _stage_order(summary: pd.DataFrame) -> list:
    if isinstance(summary["stage"].dtype, pd.CategoricalDtype):
        return list(summary["stage"].cat.categories)
    return list(dict.fromkeys(summary["stage"]))


def draw_role_by_stage(
    summary: pd.DataFrame,
    *,
    value: str = "contributions",
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """A dot chart of :func:`~workbook.networks.build.role_by_stage`: roles down the side,
    stages along the bottom, dot area proportional to ``value`` and the number printed beside
    each dot (so nothing depends on reading colour or estimating area). Returns the Figure."""
    _check_summary(summary, value)
    from matplotlib.figure import Figure

    stages = _stage_order(summary)
    roles = sorted({str(r) for r in summary["role"]}, key=_order, reverse=True)
    if ax is None:
        fig = Figure(figsize=(7.0, 0.9 + 0.45 * len(roles)), layout="constrained")
        ax = fig.add_subplot()
    biggest = max(float(summary[value].max()), 1.0)
    for record in summary.itertuples(index=False):
        x, y = stages.index(record.stage), roles.index(str(record.role))
        amount = float(getattr(record, value))
        if amount <= 0:
            # A dash and a printed 0: an empty cell is a finding, not a gap in the chart.
            ax.plot(x, y, marker="_", color="#6b6b6b", ms=8)
            ax.annotate(
                "0",
                (x, y),
                xytext=(7, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
                color="#6b6b6b",
            )
            continue
        area = 40 + 360 * amount / biggest
        ax.scatter(x, y, s=area, color="#0072B2", edgecolors="#333333")
        ax.annotate(
            f"{amount:g}",
            (x, y),
            xytext=(math.sqrt(area) / 2 + 3, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_xticks(range(len(stages)), [str(s) for s in stages], rotation=20, ha="right")
    ax.set_yticks(range(len(roles)), roles)
    ax.set_xlim(-0.5, len(stages) - 0.3)
    ax.set_ylim(-0.7, len(roles) - 0.3)
    ax.grid(color="#e0e0e0", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(
        title or f"{value.replace('_', ' ').capitalize()} by role and stage",
        loc="left",
        fontsize=11,
    )
    return ax.figure


def role_by_stage_alt_text(summary: pd.DataFrame, *, value: str = "contributions") -> str:
    """A description of :func:`draw_role_by_stage`'s chart: its layout, the leading role at
    each stage and each role's total."""
    _check_summary(summary, value)
    stages = _stage_order(summary)
    roles = sorted({str(r) for r in summary["role"]}, key=_order)
    measure = value.replace("_", " ")
    leads = []
    for stage in stages:
        rows = summary[summary["stage"] == stage]
        best = rows[value].max() if len(rows) else 0
        if not best or best <= 0:
            leads.append(f"{stage}: none")
            continue
        names = sorted((str(r) for r in rows.loc[rows[value] == best, "role"]), key=_order)
        leads.append(f"{stage}: {_join(names)} ({best:g})")
    totals = summary.groupby("role", observed=True)[value].sum()
    total_text = ", ".join(f"{r} {totals.get(r, 0):g}" for r in roles)
    return (
        f"Dot chart of {measure} by role (rows, {len(roles)} roles) and stage (columns, "
        f"{len(stages)} stages); dot area and the printed number give the count. "
        f"Most {measure} at each stage: {'; '.join(leads)}. "
        f"Totals by role: {total_text}."
    )


CURVE_COLUMNS = ("strategy", "model", "replication", "step", "share")
# Okabe–Ito without yellow, which is too pale for a thin line on white.
LINE_COLOURS = tuple(c for c in OKABE_ITO if c != "#F0E442")
LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)))
MODEL_NAMES = {"simple": "Simple contagion", "complex": "Complex contagion"}


def _mean_curves(curves: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in CURVE_COLUMNS if c not in curves.columns]
    if missing:
        raise ValueError(
            f"adoption curves: column {missing[0]!r} is missing; pass the result of "
            "compare_strategies"
        )
    if curves.empty:
        raise ValueError("adoption curves: the table has no rows; run compare_strategies first")
    return curves.groupby(["model", "strategy", "step"], sort=False)["share"].mean().reset_index()


def draw_adoption_curves(curves: pd.DataFrame, *, title: str | None = None) -> Any:
    """The mean share of people who have adopted at each step, one line per seeding strategy
    and one panel per model, from :func:`~workbook.networks.diffusion.compare_strategies`.
    Returns the Figure; :func:`adoption_alt_text` describes it."""
    means = _mean_curves(curves)
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    models = list(dict.fromkeys(means["model"]))
    strategies = list(dict.fromkeys(means["strategy"]))
    replications = curves["replication"].nunique()
    fig = Figure(figsize=(3.8 * len(models) + 0.6, 4.4), layout="constrained")
    axes = fig.subplots(1, len(models), sharey=True, squeeze=False).ravel()
    for ax, model in zip(axes, models, strict=True):
        for i, strategy in enumerate(strategies):
            line = means[(means["model"] == model) & (means["strategy"] == strategy)]
            ax.plot(
                line["step"],
                line["share"],
                color=LINE_COLOURS[i % len(LINE_COLOURS)],
                linestyle=LINESTYLES[i % len(LINESTYLES)],
                marker=MARKERS[i % len(MARKERS)],
                markevery=max(1, len(line) // 6),
                markersize=6,
                lw=1.8,
                label=strategy,
            )
        ax.set_title(MODEL_NAMES.get(model, model), loc="left", fontsize=10)
        ax.set_xlabel("Step")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(0, 1.02)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.grid(color="#e0e0e0", lw=0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    axes[0].set_ylabel(f"Adopted (mean of {replications} runs)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        title="Seeding strategy",
        loc="outside lower center",
        ncol=min(3, len(labels)),
        frameon=False,
        fontsize=9,
    )
    if title:
        fig.suptitle(title, x=0.02, ha="left", fontsize=11)
    return fig


def adoption_alt_text(curves: pd.DataFrame) -> str:
    """A description of :func:`draw_adoption_curves`: the layout, and each strategy's mean
    final share under each model, highest first."""
    means = _mean_curves(curves)
    last = int(means["step"].max())
    strategies = list(dict.fromkeys(means["strategy"]))
    replications = curves["replication"].nunique()
    parts = []
    for model in dict.fromkeys(means["model"]):
        final = means[(means["model"] == model) & (means["step"] == last)]
        final = final.sort_values(["share", "strategy"], ascending=[False, True], kind="mergesort")
        shares = ", ".join(f"{r.strategy} {r.share:.0%}" for r in final.itertuples(index=False))
        parts.append(f"{MODEL_NAMES.get(model, model).lower()}: {shares}")
    return (
        f"Line chart of the share of people who had adopted at each step from 0 to {last}, "
        f"averaged over {replications} runs, for {len(strategies)} seeding strategies "
        f"({_join(strategies)}), one panel per model; each strategy has its own line style and "
        f"marker. Mean share at step {last}: {'; '.join(parts)}."
    )
