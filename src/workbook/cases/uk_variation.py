"""The "Unwarranted variation in the UK" case: SYNTHETIC data, its loaders and an explorer.

The data (``case_studies/uk-variation/data/``) are made up by
``case_studies/uk-variation/generate_data.py`` with a fixed seed, calibrated to published
national figures (see the data dictionary ``case_studies/uk-variation/data/README.md``).
Sixty fictional trusts report two indicators: an annual table for a funnel plot
(:func:`load_providers`) and 36 monthly values each for run charts (:func:`load_monthly`).

:class:`VariationExplorer` is the interactive view used in week 1 (step w01-s06): choose an
indicator and a provider, and it redraws the funnel plot (Spiegelhalter 2005) and the
provider's run chart (Anhøj rules) with :mod:`workbook.qi`.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook.paths import project_root

__all__ = [
    "DATA_PARTS",
    "DEFAULT_INDICATOR",
    "DEFAULT_PROVIDER",
    "VariationExplorer",
    "answer_key",
    "data_dir",
    "funnel_for",
    "funnel_positions",
    "indicators",
    "load_monthly",
    "load_providers",
    "run_chart_for",
]

#: Where the data live, relative to the project root.
DATA_PARTS = ("case_studies", "uk-variation", "data")
#: The choice the exercise starts from (and the static book shows).
DEFAULT_INDICATOR = "readmit30"
DEFAULT_PROVIDER = "T41"

_TEXT = "text"
_INT = "count"
_FLOAT = "proportion"
_DATE = "date"
_BOOL = "true/false"

#: Every file's columns and what each must hold (the data dictionary describes them).
SCHEMAS: dict[str, dict[str, str]] = {
    "indicators.csv": {
        "indicator_id": _TEXT,
        "name": _TEXT,
        "numerator": _TEXT,
        "denominator": _TEXT,
        "unit": _TEXT,
        "higher_is_better": _BOOL,
        "common_rate": _FLOAT,
        "calibration_source": _TEXT,
    },
    "providers.csv": {
        "indicator_id": _TEXT,
        "provider_id": _TEXT,
        "period": _TEXT,
        "events": _INT,
        "denominator": _INT,
        "rate": _FLOAT,
    },
    "monthly.csv": {
        "indicator_id": _TEXT,
        "provider_id": _TEXT,
        "month": _DATE,
        "events": _INT,
        "denominator": _INT,
    },
    "answer_key.csv": {
        "indicator_id": _TEXT,
        "provider_id": _TEXT,
        "pattern": _TEXT,
        "rate_before": _FLOAT,
        "rate_after": _FLOAT,
        "change_month": _DATE,
        "expected_funnel": _TEXT,
        "description": _TEXT,
    },
}


# --------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------
def data_dir(root: str | Path | None = None) -> Path:
    """The case's data folder: ``<project root>/case_studies/uk-variation/data``."""
    base = Path(root) if root is not None else project_root()
    return base.joinpath(*DATA_PARTS)


def _bad(rel: str, column: str, line: int, value: Any, want: str) -> ValueError:
    return ValueError(
        f"{rel}: column '{column}', line {line}: {value!r} is not {want}. "
        "Fix the file or regenerate it with case_studies/uk-variation/generate_data.py."
    )


def _read(name: str, root: str | Path | None) -> pd.DataFrame:
    """Read one CSV as text, check its columns, and convert each column to its type."""
    folder = data_dir(root)
    path = folder / name
    rel = "/".join((*DATA_PARTS, name))
    if not path.is_file():
        raise FileNotFoundError(
            f"{rel} is missing (looked in {folder}); regenerate it with "
            "python case_studies/uk-variation/generate_data.py"
        )
    schema = SCHEMAS[name]
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in schema:
        if column not in raw.columns:
            raise ValueError(
                f"{rel}: column '{column}' is missing; the file needs the columns "
                f"{', '.join(schema)} (see the data dictionary, data/README.md)."
            )
    if raw.empty:
        raise ValueError(f"{rel}: the file has a header but no rows.")
    out = pd.DataFrame(index=raw.index)
    for column, kind in schema.items():
        text = raw[column].str.strip()
        lines = raw.index + 2  # the header is line 1
        if kind == _TEXT:
            blank = text == ""
            if blank.any():
                line = int(lines[blank.to_numpy()][0])
                raise _bad(rel, column, line, "", "filled in (it is empty)")
            out[column] = text.astype(str)
        elif kind == _INT:
            numbers = pd.to_numeric(text, errors="coerce")
            ok = numbers.notna() & (numbers >= 0) & (numbers == numbers.round())
            if not ok.all():
                first = int((~ok).to_numpy().nonzero()[0][0])
                raise _bad(
                    rel, column, first + 2, raw[column].iloc[first], "a whole number of 0 or more"
                )
            out[column] = numbers.astype("int64")
        elif kind == _FLOAT:
            numbers = pd.to_numeric(text, errors="coerce")
            ok = numbers.notna() & (numbers >= 0) & (numbers <= 1)
            if not ok.all():
                first = int((~ok).to_numpy().nonzero()[0][0])
                raise _bad(
                    rel, column, first + 2, raw[column].iloc[first], "a proportion from 0 to 1"
                )
            out[column] = numbers.astype("float64")
        elif kind == _DATE:
            dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
            if dates.isna().any():
                first = int(dates.isna().to_numpy().nonzero()[0][0])
                raise _bad(
                    rel, column, first + 2, raw[column].iloc[first], "a date written YYYY-MM-DD"
                )
            out[column] = dates
        elif kind == _BOOL:
            lowered = text.str.lower()
            ok = lowered.isin(["true", "false"])
            if not ok.all():
                first = int((~ok).to_numpy().nonzero()[0][0])
                raise _bad(rel, column, first + 2, raw[column].iloc[first], "true or false")
            out[column] = lowered == "true"
    if "events" in schema:
        over = out["events"] > out["denominator"]
        if over.any():
            first = int(over.to_numpy().nonzero()[0][0])
            raise ValueError(
                f"{rel}: column 'events', line {first + 2}: {out['events'].iloc[first]} events "
                f"is more than the column 'denominator' ({out['denominator'].iloc[first]}); "
                "events are counted among the denominator, so they cannot exceed it."
            )
        empty = out["denominator"] == 0
        if empty.any():
            first = int(empty.to_numpy().nonzero()[0][0])
            raise _bad(rel, "denominator", first + 2, 0, "more than 0 (a rate needs patients)")
    return out


def _check_indicator(indicator: str, known: pd.Series) -> None:
    if indicator not in set(known):
        raise ValueError(
            f"unknown indicator {indicator!r}; choose one of {', '.join(known)} "
            "(see workbook.cases.uk_variation.indicators())."
        )


def indicators(*, root: str | Path | None = None) -> pd.DataFrame:
    """The indicators (one row each): id, name, definitions, unit and calibration."""
    return _read("indicators.csv", root)


def load_providers(indicator: str | None = None, *, root: str | Path | None = None) -> pd.DataFrame:
    """Annual counts for 2017/18 by provider: events, denominator and rate (a proportion).

    With ``indicator`` (e.g. ``"readmit30"``), only that indicator's rows, one per provider.
    """
    data = _read("providers.csv", root)
    known = indicators(root=root)["indicator_id"]
    unknown = ~data["indicator_id"].isin(set(known))
    if unknown.any():
        first = int(unknown.to_numpy().nonzero()[0][0])
        raise _bad(
            "/".join((*DATA_PARTS, "providers.csv")),
            "indicator_id",
            first + 2,
            data["indicator_id"].iloc[first],
            "an indicator listed in indicators.csv",
        )
    if indicator is not None:
        _check_indicator(indicator, known)
        data = data[data["indicator_id"] == indicator].reset_index(drop=True)
    return data


def load_monthly(
    indicator: str | None = None,
    provider: str | None = None,
    *,
    root: str | Path | None = None,
) -> pd.DataFrame:
    """Monthly counts (36 months from April 2015): events, denominator, month, and ``rate``.

    Filter with ``indicator`` and ``provider`` (e.g. ``load_monthly("readmit30", "T41")``).
    """
    data = _read("monthly.csv", root)
    if indicator is not None:
        _check_indicator(indicator, indicators(root=root)["indicator_id"])
        data = data[data["indicator_id"] == indicator]
    if provider is not None:
        known = sorted(set(data["provider_id"]))
        if provider not in known:
            raise ValueError(
                f"unknown provider {provider!r}; providers run from {known[0]} to {known[-1]}."
            )
        data = data[data["provider_id"] == provider]
    data = data.sort_values(["indicator_id", "provider_id", "month"]).reset_index(drop=True)
    data["rate"] = data["events"] / data["denominator"]
    return data


def answer_key(*, root: str | Path | None = None) -> pd.DataFrame:
    """The educators' answer key: the providers given special-cause patterns, and how."""
    return _read("answer_key.csv", root)


# --------------------------------------------------------------------------------------------
# Charts with workbook.qi
# --------------------------------------------------------------------------------------------
def funnel_for(indicator: str, *, root: str | Path | None = None) -> Any:
    """The funnel plot (``workbook.qi.funnel``) of one indicator's annual rates."""

    return _funnel_of(load_providers(indicator, root=root))


def run_chart_for(indicator: str, provider: str, *, root: str | Path | None = None) -> Any:
    """The run chart (``workbook.qi.run_chart``, Anhøj rules) of one provider's monthly rate."""
    return _run_of(load_monthly(indicator, provider, root=root))


def _funnel_of(table: pd.DataFrame) -> Any:
    from workbook import qi

    return qi.funnel(table["events"], table["denominator"], labels=table["provider_id"])


def _run_of(series: pd.DataFrame) -> Any:
    from workbook import qi

    return qi.run_chart(series["rate"] * 100, dates=series["month"], ylabel="Rate (%)")


def funnel_positions(result: Any) -> pd.DataFrame:
    """Where each provider lies on a funnel plot: one row per provider.

    Columns: ``provider_id``, ``events``, ``denominator``, ``rate`` (a proportion) and
    ``position``, one of ``above_99.8``, ``below_99.8`` (outside the 99.8% limits),
    ``between_95_99.8`` (outside the 95% but inside the 99.8% limits) or ``inside_95``.
    """
    rows = []
    for label in result.data["label"]:
        point = _funnel_row(result, str(label))
        rows.append(
            {
                "provider_id": str(label),
                "events": point["events"],
                "denominator": point["denominator"],
                "rate": point["rate"],
                "position": _funnel_code(point),
            }
        )
    return pd.DataFrame(rows)


def _figure_html(
    result: Any,
    alt: str,
    *,
    title: str,
    mark: tuple[float, float] | None = None,
    mark_label: str = "",
) -> str:
    """A chart as an <img> with alt text (the PNG is embedded; nothing is fetched)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = result.plot(title=title)
    if mark is not None:
        ax = fig.axes[0]
        ax.plot(
            *mark,
            linestyle="none",
            marker="o",
            markersize=15,
            markerfacecolor="none",
            markeredgecolor="black",
            markeredgewidth=2,
            zorder=5,
        )
        ax.annotate(
            mark_label,
            mark,
            textcoords="offset points",
            xytext=(9, -14),
            fontsize=9,
            fontweight="bold",
        )
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80, metadata={"Software": None})
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{png}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto">'
    )


# --------------------------------------------------------------------------------------------
# The explorer (a view; the data and the statistics stay in the functions above)
# --------------------------------------------------------------------------------------------
_STATIC_NOTE = (
    '<div class="wb-component wb-case" data-wb-id="w01-s06-explorer">'
    "<p><em>In JupyterLab you can change the indicator and provider here; the charts above "
    "show the default choice.</em></p></div>"
)


class VariationExplorer(widgets.VBox):
    """Choose an indicator and a provider; see the funnel plot and that provider's run chart.

    ``VariationExplorer()`` starts from the exercise's default choice. Its display carries the
    live widget (JupyterLab) and, as ``text/html``, a short note for the static book, which
    shows the default charts as figures instead (the exercise places them above the
    explorer).
    """

    def __init__(
        self,
        indicator: str = DEFAULT_INDICATOR,
        provider: str = DEFAULT_PROVIDER,
        *,
        root: str | Path | None = None,
    ) -> None:
        # read the files once; redrawing then only filters these tables
        self._indicators = indicators(root=root)
        self._annual = load_providers(root=root)
        self._monthly = load_monthly(root=root)
        ids = list(self._indicators["indicator_id"])
        _check_indicator(indicator, self._indicators["indicator_id"])
        annual = self._annual[self._annual["indicator_id"] == indicator]
        providers = sorted(set(annual["provider_id"]))
        if provider not in providers:
            raise ValueError(
                f"unknown provider {provider!r}; choose one from {providers[0]} to {providers[-1]}."
            )
        names = dict(zip(ids, self._indicators["name"], strict=True))
        self._indicator = widgets.Dropdown(
            options=[(names[i], i) for i in ids],
            value=indicator,
            description="Indicator",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self._provider = widgets.Dropdown(
            options=providers,
            value=provider,
            description="Provider",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="12em"),
        )
        self._summary = widgets.HTML()
        self._funnel_view = widgets.HTML()
        self._run_view = widgets.HTML()
        self._funnel: Any = None
        self._run: Any = None
        self._funnel_key: str | None = None
        self._indicator.observe(self._on_indicator_change, names="value")
        self._provider.observe(self._on_provider_change, names="value")
        super().__init__(
            children=[
                widgets.HBox([self._indicator, self._provider]),
                self._summary,
                self._funnel_view,
                self._run_view,
            ]
        )
        self._redraw()

    # -- read-only state (for notebooks and tests) -------------------------------------------
    @property
    def indicator(self) -> str:
        return str(self._indicator.value)

    @property
    def provider(self) -> str:
        return str(self._provider.value)

    @property
    def funnel(self) -> Any:
        """The current funnel plot result (``workbook.qi``)."""
        return self._funnel

    @property
    def run(self) -> Any:
        """The current run chart result (``workbook.qi``)."""
        return self._run

    @property
    def summary_html(self) -> str:
        return str(self._summary.value)

    # -- handlers ----------------------------------------------------------------------------
    def _on_indicator_change(self, change: dict) -> None:
        self._redraw()

    def _on_provider_change(self, change: dict) -> None:
        self._redraw()

    # -- drawing -----------------------------------------------------------------------------
    def _redraw(self) -> None:
        indicator, provider = self.indicator, self.provider
        name = self._indicators.set_index("indicator_id").loc[indicator, "name"]
        if self._funnel_key != indicator:
            annual = self._annual[self._annual["indicator_id"] == indicator]
            self._funnel = _funnel_of(annual.reset_index(drop=True))
            self._funnel_key = indicator
        monthly = self._monthly
        chosen = (monthly["indicator_id"] == indicator) & (monthly["provider_id"] == provider)
        self._run = _run_of(monthly[chosen].reset_index(drop=True))
        point = _funnel_row(self._funnel, provider)
        where = _funnel_position(point)
        self._funnel_view.value = _figure_html(
            self._funnel,
            f"{self._funnel.alt_text} The chosen provider, {provider}, is ringed.",
            title=f"Funnel plot: {name}, 2017/18 (synthetic data)",
            mark=_funnel_mark(self._funnel, point),
            mark_label=f"{provider} (chosen)",
        )
        self._run_view.value = _figure_html(
            self._run,
            f"Run chart for {provider}, monthly {name.lower()}: {self._run.alt_text}",
            title=f"Run chart: {provider}, {name.lower()} (synthetic data)",
        )
        # the summary last, so that it never describes charts still being drawn
        self._summary.value = (
            f"<p><strong>{html.escape(provider)}</strong>, {html.escape(name.lower())}, "
            f"{point['events']:,} of {point['denominator']:,} in 2017/18 "
            f"({point['rate'] * 100:.1f}%); all providers together "
            f"{_funnel_target(self._funnel) * 100:.1f}%. Funnel plot: {where}. "
            f"Run chart: {_run_sentence(self._run)}</p>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle = dict(bundle)
        bundle["text/html"] = _STATIC_NOTE
        bundle["text/plain"] = (
            "Variation explorer: in JupyterLab you can change the indicator and provider "
            "here; the charts above show the default choice."
        )
        return bundle


# Adapters to the workbook.qi result objects (kept in one place).
def _funnel_row(result: Any, provider: str) -> dict[str, Any]:
    table = result.data
    row = table[table["label"] == provider].iloc[0]
    return {
        "events": int(row["events"]),
        "denominator": int(row["n"]),
        "rate": float(row["proportion"]),
        "row": row,
    }


def _funnel_target(result: Any) -> float:
    return float(result.target)


def _funnel_code(point: dict[str, Any]) -> str:
    row = point["row"]
    if row["outside_998"] == "high":
        return "above_99.8"
    if row["outside_998"] == "low":
        return "below_99.8"
    if row["outside_95"] != "":
        return "between_95_99.8"
    return "inside_95"


_POSITION_WORDS = {
    "above_99.8": "above the 99.8% limit",
    "below_99.8": "below the 99.8% limit",
    "between_95_99.8": "between the 95% and 99.8% limits",
    "inside_95": "inside the 95% limits",
}


def _funnel_position(point: dict[str, Any]) -> str:
    return _POSITION_WORDS[_funnel_code(point)]


def _funnel_mark(result: Any, point: dict[str, Any]) -> tuple[float, float]:
    # the funnel plot draws proportions as percentages
    return (point["denominator"], point["rate"] * 100)


def _run_sentence(result: Any) -> str:
    verdict = "a signal of non-random variation" if result.signal else "no signal"
    return (
        f"median {result.median:.1f}%, longest run {result.longest_run} "
        f"(more than {result.longest_run_max} is a signal), {result.n_crossings} crossings "
        f"(fewer than {result.n_crossings_min} is a signal): {verdict}."
    )
