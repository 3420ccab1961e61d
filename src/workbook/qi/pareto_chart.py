"""Pareto charts: categories in descending order of frequency with the cumulative percentage."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._inputs import as_numeric, check_counts
from ._result import ChartResult

__all__ = ["ParetoResult", "pareto"]


class ParetoResult(ChartResult):
    """A Pareto chart. ``data`` has ``category``, ``count``, ``percent``, ``cumulative_percent``
    and ``vital_few`` (the categories up to and including the first that reaches ``cutoff``%)."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)
        self.title = "Pareto chart"

    def _summary_items(self) -> dict[str, Any]:
        d = self.data
        return {
            "n_categories": int(len(d)),
            "total": float(d["count"].sum()),
            "cutoff_percent": self.cutoff,
            "n_vital_few": int(d["vital_few"].sum()),
            "vital_few": ", ".join(map(str, d.loc[d["vital_few"], "category"])),
        }

    @property
    def alt_text(self) -> str:
        d = self.data
        k = int(d["vital_few"].sum())
        top = d.iloc[0]
        return (
            f"Pareto chart of {len(d)} categories totalling {d['count'].sum():g}, in descending "
            f"order. The largest is {top['category']} ({top['percent']:.1f}%). The first {k} "
            f"categor{'y' if k == 1 else 'ies'} account for "
            f"{d['cumulative_percent'].iloc[k - 1]:.1f}% of the total."
        )

    def _draw(self, ax: Any) -> None:
        from ._plot import COLOURS, LINE, finish_axes

        d = self.data
        pos = np.arange(len(d))
        colours = np.where(
            d["vital_few"], COLOURS["special_cause_improvement"], COLOURS["common_cause"]
        )
        ax.bar(
            pos,
            d["count"],
            color=colours,
            edgecolor="black",
            linewidth=0.6,
            label="Count",
        )
        for i in np.flatnonzero(d["vital_few"].to_numpy()):
            ax.patches[i].set_hatch("//")
        twin = ax.twinx()
        twin.plot(
            pos, d["cumulative_percent"], color=LINE, marker="o", markersize=4, label="Cumulative %"
        )
        twin.axhline(
            self.cutoff, color=LINE, linestyle=":", linewidth=1, label=f"{self.cutoff:g}% line"
        )
        twin.set_ylim(0, 105)
        twin.set_ylabel("Cumulative percent")
        handles, labels = twin.get_legend_handles_labels()
        finish_axes(ax, "Count", None, False)
        # After finish_axes, whose integer tick locator would replace the category labels.
        ax.set_xticks(pos, d["category"].astype(str), rotation=30, ha="right")
        h0, l0 = ax.get_legend_handles_labels()
        ax.legend(
            h0 + handles,
            ["Count (hatched: vital few)"] + labels,
            loc="center right",
            frameon=False,
            fontsize=8,
        )


def pareto(categories: Any, counts: Any = None, *, cutoff: float = 80.0) -> ParetoResult:
    """Pareto analysis.

    ``pareto(["fall", "fall", "med error", ...])`` counts raw observations;
    ``pareto(["fall", "med error"], [12, 5])`` takes counts per category. Ties keep the order
    in which categories were first given.
    """
    if isinstance(cutoff, bool) or not isinstance(cutoff, (int, float, np.integer, np.floating)):
        raise TypeError(f"cutoff must be a percentage (a number from 0 to 100), not {cutoff!r}.")
    if not 0 < float(cutoff) <= 100:
        raise ValueError(
            f"cutoff is {float(cutoff):g}; give a cumulative percentage above 0 and at most 100 "
            "(80 is the usual choice)."
        )
    if isinstance(categories, (str, bytes)):
        raise TypeError("categories must be a list or Series of category names, not a string.")
    cats = pd.Series(list(categories), dtype=object)
    if cats.empty:
        raise ValueError("categories is empty: give at least one category.")
    if cats.isna().any():
        raise ValueError(f"categories[{int(np.flatnonzero(cats.isna())[0])}] is missing.")
    if counts is None:
        table = cats.value_counts(sort=False)
        names, values = list(table.index), table.to_numpy(dtype=float)
    else:
        values = as_numeric(counts, "counts", allow_missing=False)
        if values.size != cats.size:
            raise ValueError(
                f"counts has {values.size} entries but categories has {cats.size}; give one each."
            )
        check_counts(values, "counts")
        if cats.duplicated().any():
            dup = cats[cats.duplicated()].iloc[0]
            raise ValueError(f"category {dup!r} appears twice; give each category once.")
        names = list(cats)
    total = values.sum()
    if total <= 0:
        raise ValueError("the counts add up to zero; there is nothing to rank.")
    order = np.argsort(-values, kind="stable")
    values = values[order]
    names = [names[i] for i in order]
    cum = np.cumsum(values) / total * 100
    first_reach = int(np.argmax(cum >= cutoff - 1e-9))
    data = pd.DataFrame(
        {
            "category": names,
            "count": values,
            "percent": values / total * 100,
            "cumulative_percent": cum,
            "vital_few": np.arange(len(values)) <= first_reach,
        }
    )
    return ParetoResult(data=data, cutoff=float(cutoff))
