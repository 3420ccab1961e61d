"""The case's explorer: choose an indicator and a trust; see the funnel plot and run chart.

:class:`VariationExplorer` is a :class:`~workbook.cases._explorer.CaseExplorer`. In a kernel
it shows :class:`VariationView` (two dropdowns that redraw both charts); on the published
site it shows a picker between the pre-rendered views listed in the case's ``case.yaml``
(the funnel of each indicator and the run charts of the trusts the questions ask about), so
the exercise can be done without a kernel.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook.cases._explorer import CaseExplorer, ExplorerChart, ExplorerView
from workbook.cases.uk_variation.analysis import (
    POSITION_WORDS,
    funnel_figure,
    funnel_of,
    funnel_row,
    provider_sentence,
    run_figure,
    run_of,
    run_sentence,
)
from workbook.cases.uk_variation.data import (
    DEFAULT_INDICATOR,
    DEFAULT_PROVIDER,
    _check_indicator,
    indicators,
    load_monthly,
    load_providers,
)
from workbook.paths import project_root
from workbook.results import figure_png, png_img_html

__all__ = ["CASE_FOLDER", "VariationExplorer", "VariationView", "static_views"]

CASE_FOLDER = ("case_studies", "uk-variation")
_LIVE_DPI = 100
#: Static charts are drawn narrower than the notebook's (6.4 inches, not 8) and at a higher
#: resolution, so their type is larger where a phone shows them (1,024 pixels across: over
#: three times the width a phone shows, 1.6 times a desktop text column).
_STATIC_SIZE = (6.4, 4.4)
_STATIC_DPI = 160


class _Tables:
    """The case's tables, read once; charts are built from them on demand and cached."""

    def __init__(self, root: str | Path | None) -> None:
        self.indicators = indicators(root=root)
        self.annual = load_providers(root=root)
        self.monthly = load_monthly(root=root)
        self.names = dict(
            zip(self.indicators["indicator_id"], self.indicators["name"], strict=True)
        )
        self._funnels: dict[str, Any] = {}

    def providers(self, indicator: str) -> list[str]:
        _check_indicator(indicator, self.indicators["indicator_id"])
        return sorted(set(self.annual.loc[self.annual["indicator_id"] == indicator, "provider_id"]))

    def check(self, indicator: str, provider: str) -> None:
        providers = self.providers(indicator)
        if provider not in providers:
            raise ValueError(
                f"unknown provider {provider!r}; choose one from {providers[0]} to {providers[-1]}."
            )

    def funnel(self, indicator: str) -> Any:
        if indicator not in self._funnels:
            annual = self.annual[self.annual["indicator_id"] == indicator]
            self._funnels[indicator] = funnel_of(annual.reset_index(drop=True))
        return self._funnels[indicator]

    def run(self, indicator: str, provider: str) -> Any:
        m = self.monthly
        chosen = (m["indicator_id"] == indicator) & (m["provider_id"] == provider)
        return run_of(m[chosen].reset_index(drop=True))


def _funnel_title(name: str) -> str:
    return f"Funnel plot: {name}, 2017/18 (synthetic data)"


def _run_title(provider: str, name: str) -> str:
    return f"Run chart: {provider}, {name.lower()} (synthetic data)"


def _run_alt(run: Any, provider: str, name: str) -> str:
    return f"Run chart for {provider}, monthly {name.lower()}: {run.alt_text}"


def _funnel_alt(funnel: Any, marked: list[str]) -> str:
    if not marked:
        return funnel.alt_text
    words = ", ".join(marked)
    return f"{funnel.alt_text} Ringed and labelled: {words}."


class VariationView(widgets.VBox):
    """The live view: indicator and trust dropdowns, a summary in words, both charts."""

    def __init__(self, tables: _Tables, indicator: str, provider: str) -> None:
        self._tables = tables
        ids = list(tables.indicators["indicator_id"])
        self._indicator = widgets.Dropdown(
            options=[(tables.names[i], i) for i in ids],
            value=indicator,
            description="Indicator",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self._provider = widgets.Dropdown(
            options=tables.providers(indicator),
            value=provider,
            description="Trust",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="12em"),
        )
        self._summary = widgets.HTML()
        self._funnel_view = widgets.HTML()
        self._run_view = widgets.HTML()
        self._run: Any = None
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

    @property
    def indicator(self) -> str:
        return str(self._indicator.value)

    @property
    def provider(self) -> str:
        return str(self._provider.value)

    @property
    def funnel(self) -> Any:
        """The current funnel plot result (``workbook.qi``)."""
        return self._tables.funnel(self.indicator)

    @property
    def run(self) -> Any:
        """The current run chart result (``workbook.qi``)."""
        return self._run

    @property
    def summary_html(self) -> str:
        return str(self._summary.value)

    def _on_indicator_change(self, change: dict) -> None:
        self._redraw()

    def _on_provider_change(self, change: dict) -> None:
        self._redraw()

    def _redraw(self) -> None:
        indicator, provider = self.indicator, self.provider
        name = self._tables.names[indicator]
        funnel = self.funnel
        self._run = self._tables.run(indicator, provider)
        point = funnel_row(funnel, provider)
        fig = funnel_figure(funnel, _funnel_title(name), [provider])
        self._funnel_view.value = png_img_html(
            figure_png(fig, _LIVE_DPI),
            f"{funnel.alt_text} The chosen trust, {provider}, is ringed.",
        )
        self._run_view.value = png_img_html(
            self._run.to_png(_LIVE_DPI, title=_run_title(provider, name)),
            _run_alt(self._run, provider, name),
        )
        # the summary last, so that it never describes charts still being drawn
        self._summary.value = (
            f"<p><strong>{html.escape(provider)}</strong>, {html.escape(name.lower())}, "
            f"{point['events']:,} of {point['denominator']:,} in 2017/18 "
            f"({point['rate'] * 100:.1f}%); all trusts together "
            f"{float(funnel.target) * 100:.1f}%. Funnel plot: "
            f"{POSITION_WORDS[point['position']]}. Run chart: {html.escape(run_sentence(self._run))}"
            "</p>"
        )


def static_views(
    specs: list[tuple[str, str | None]], *, root: str | Path | None = None, dpi: int = _STATIC_DPI
) -> list[ExplorerView]:
    """Pre-render the views ``(indicator, provider or None)``: a funnel (with the trusts named
    for that indicator ringed) or one trust's run chart with its summary in words."""
    tables = _Tables(root)
    for indicator, provider in specs:
        if provider is None:
            tables.providers(indicator)
        else:
            tables.check(indicator, provider)
    views = []
    for indicator, provider in specs:
        name = tables.names[indicator]
        funnel = tables.funnel(indicator)
        if provider is None:
            marked = [p for i, p in specs if i == indicator and p is not None]
            # short titles: the picker's group and the caption name the indicator
            fig = funnel_figure(
                funnel, "Funnel plot, 2017/18 (synthetic data)", marked, figsize=_STATIC_SIZE
            )
            caption = f"{_funnel_title(name)}."
            if marked:
                caption += f" Ringed: {', '.join(marked)}, the trusts you can choose here."
            chart = ExplorerChart(
                figure_png(fig, dpi, palette=True), _funnel_alt(funnel, marked), caption
            )
            out95 = int((funnel.data["outside_95"] != "").sum())
            out998 = int((funnel.data["outside_998"] != "").sum())
            summary = (
                f"Funnel plot of {len(funnel.data)} trusts; all together "
                f"{float(funnel.target) * 100:.1f}%. "
                f"{out95} lie outside the 95% limits and {out998} outside the 99.8% limits."
            )
            views.append(
                ExplorerView(f"{indicator}-funnel", "Funnel plot", summary, (chart,), name)
            )
        else:
            run = tables.run(indicator, provider)
            fig = run_figure(run, f"Run chart: {provider} (synthetic data)", figsize=_STATIC_SIZE)
            chart = ExplorerChart(
                figure_png(fig, dpi, palette=True),
                _run_alt(run, provider, name),
                f"{_run_title(provider, name)}: the monthly rate, April 2015 to March 2018, "
                "around its median.",
            )
            summary = provider_sentence(funnel, run, provider, name)
            views.append(ExplorerView(f"{indicator}-{provider}", provider, summary, (chart,), name))
    return views


def _case_specs(root: str | Path | None) -> list[tuple[str, str | None]]:
    from workbook.content.case import load_case

    base = Path(root) if root is not None else project_root()
    case = load_case(base.joinpath(*CASE_FOLDER, "case.yaml"))
    return [(v.indicator, v.provider) for v in case.explorer]


class VariationExplorer(CaseExplorer):
    """Choose an indicator and a trust; see the funnel plot and that trust's run chart.

    ``VariationExplorer()`` starts from the exercise's default choice. Its display carries the
    live widget (JupyterLab) and, for the static site, a picker between the pre-rendered
    views listed under ``explorer:`` in ``case_studies/uk-variation/case.yaml``.
    """

    def __init__(
        self,
        indicator: str = DEFAULT_INDICATOR,
        provider: str = DEFAULT_PROVIDER,
        *,
        root: str | Path | None = None,
        views: list[tuple[str, str | None]] | None = None,
    ) -> None:
        tables = _Tables(root)
        tables.check(indicator, provider)
        specs = views

        def make_views() -> list[ExplorerView]:
            return static_views(specs if specs is not None else _case_specs(root), root=root)

        super().__init__(
            "w01-s06-explorer",
            "Variation explorer",
            views=make_views,
            live=lambda: VariationView(tables, indicator, provider),
            intro=(
                "Choose a chart. Each trust's run chart comes with where it lies on the funnel "
                "plot. The data are synthetic."
            ),
        )
