"""CaseExplorer: live widget in a kernel; on the static site a keyboard-operable picker between
pre-rendered charts (no script, nothing fetched, alt text on every chart); plain text too.
The UK variation explorer's static page holds the charts its questions need."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import pytest

from workbook.cases._explorer import CaseExplorer, ExplorerChart, ExplorerView
from workbook.components._base import reset_page
from workbook.content.case import load_case
from workbook.results import figure_png

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"


def _tiny_png(colour: str) -> bytes:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    fig.add_subplot().set_facecolor(colour)
    return figure_png(fig, 20)


def _views() -> list[ExplorerView]:
    return [
        ExplorerView(
            "a",
            "First",
            "First <b>view</b> & summary.",
            (ExplorerChart(_tiny_png("red"), 'Alt "one"', "Caption one"),),
            "Group 1",
        ),
        ExplorerView(
            "b",
            "Second",
            "Second summary.",
            (ExplorerChart(_tiny_png("blue"), "Alt two", "Caption two"),),
            "Group 1",
        ),
        ExplorerView(
            "c",
            "Third",
            "Third summary.",
            (ExplorerChart(_tiny_png("green"), "Alt three", "Caption three"),),
            "Group 2",
        ),
    ]


def _explorer(views=None) -> CaseExplorer:
    import ipywidgets as widgets

    return CaseExplorer(
        "w01-s99-explorer",
        "Try the explorer",
        views=lambda: _views() if views is None else views,
        live=lambda: widgets.HTML("live"),
        intro="Pick one.",
    )


@pytest.fixture(autouse=True)
def _fresh_page():
    reset_page()
    yield
    reset_page()


def test_bundle_has_the_live_widget_static_html_and_text():
    bundle = _explorer()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = bundle["text/html"]
    assert 'class="wb-component wb-case"' in page
    text = bundle["text/plain"]
    assert "First <b>view</b> & summary." in text and "[Caption two] Alt two" in text


def test_static_picker_is_radios_with_labels_in_fieldsets_one_panel_per_view():
    page = _explorer().to_html()
    body = page[page.index('<section class="wb-component wb-case"') :]
    assert "<script" not in body and "<select" not in body
    assert not re.search(r"(src|href)=\"https?:", page)  # nothing fetched
    radios = re.findall(r'<input type="radio" name="([^"]+)" id="([^"]+)"', body)
    assert len(radios) == 3 and len({name for name, _ in radios}) == 1
    assert body.count(" checked>") == 1  # the first view is chosen
    assert re.findall(r"<legend>([^<]+)</legend>", body) == ["Group 1", "Group 2"]
    for _, rid in radios:
        assert f"#{rid}:checked" in body  # a CSS rule shows that view's panel
    panels = re.findall(r'<div class="wb-case-panel" id="([^"]+)"', body)
    assert len(panels) == 3
    for (_, rid), pid in zip(radios, panels, strict=True):
        assert f'aria-controls="{pid}"' in body and rid.replace("-v", "-p") == pid


def test_every_chart_is_an_embedded_png_with_its_alt_text_and_text_is_escaped():
    body = _explorer().to_html()
    imgs = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"', body)
    assert [html.unescape(alt) for _, alt in imgs] == ['Alt "one"', "Alt two", "Alt three"]
    assert all(base64.b64decode(data).startswith(PNG) for data, _ in imgs)
    assert "First &lt;b&gt;view&lt;/b&gt; &amp; summary." in body
    assert "<b>view</b>" not in body


def test_ids_come_from_the_content_id_and_stay_unique_on_a_page():
    first, second = _explorer().to_html(), _explorer().to_html()
    assert 'id="wb-w01-s99-explorer"' in first
    assert 'id="wb-w01-s99-explorer-2"' in second
    assert first.replace("wb-w01-s99-explorer", "X") != second


def test_views_must_exist_and_have_unique_keys():
    with pytest.raises(ValueError, match="at least one view"):
        _explorer(views=[]).to_html()
    twice = _views()[:1] * 2
    with pytest.raises(ValueError, match="view keys must be unique"):
        _explorer(views=twice).to_html()


@pytest.mark.browser
def test_picker_works_by_keyboard_without_script_in_chromium(tmp_path, browser):
    page_html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body><main>{_explorer().to_html()}</main></body></html>"
    )
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_content(page_html)
        visible = page.locator(".wb-case-panel:visible")
        assert visible.count() == 1 and "First" in visible.inner_text()
        page.focus('input[type="radio"][checked]')
        page.keyboard.press("ArrowRight")
        assert visible.count() == 1 and "Second summary." in visible.inner_text()
        page.keyboard.press("ArrowRight")
        assert "Third summary." in visible.inner_text()
        page.click("text=First")
        assert "First" in visible.inner_text()
    finally:
        context.close()


# -- the UK variation case ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def uk_static():
    from workbook.cases import uk_variation as uv

    reset_page()
    explorer = uv.VariationExplorer()
    return explorer, explorer.to_html(), explorer.to_text()


def test_uk_static_page_has_a_view_for_each_chart_the_case_lists(uk_static):
    explorer, page, _ = uk_static
    case = load_case(ROOT / "case_studies" / "uk-variation" / "case.yaml")
    keys = [f"{v.indicator}-{v.provider or 'funnel'}" for v in case.explorer]
    assert [v.key for v in explorer.views] == keys
    assert re.findall(r'data-wb-view="([^"]+)"', page) == keys
    assert page.count("<img ") == len(keys)
    assert all(alt.strip() for alt in re.findall(r'alt="([^"]*)"', page))


def test_uk_static_page_answers_the_questions_about_other_trusts_and_the_second_indicator(
    uk_static,
):
    from workbook.cases import uk_variation as uv

    explorer, _, text = uk_static
    by_key = {v.key: v for v in explorer.views}
    # question 4: T07; question 5: T33 and T19 on the second indicator; question 6: trusts
    # inside the funnel, one of them with a chance signal
    for key in ("readmit30-T07", "hipfx_mort30-funnel", "hipfx_mort30-T33", "hipfx_mort30-T19"):
        assert key in by_key
    for key, view in by_key.items():
        indicator, _, provider = key.partition("-")
        if provider == "funnel":
            continue
        expected = uv.funnel_positions(uv.funnel_for(indicator)).set_index("provider_id")
        words = uv.POSITION_WORDS[expected.loc[provider, "position"]]
        assert words in view.summary, key
        signal = uv.run_chart_for(indicator, provider).signal
        assert ("a signal of non-random variation" in view.summary) == signal, key
    groups = {v.group for v in explorer.views}
    assert groups == set(uv.indicators()["name"])
    inside = [v for v in explorer.views if "inside the 95% limits" in v.summary]
    assert any("a signal" in v.summary for v in inside)
    assert any("no signal" in v.summary for v in inside)
    assert "hip fracture" in text


def test_uk_static_page_stays_light(uk_static):
    _, page, _ = uk_static
    assert len(page.encode("utf-8")) < 650_000  # 13 charts at 1,024 px, 64-colour PNGs


def test_every_trust_a_question_names_has_a_prepared_chart(uk_static):
    import nbformat

    explorer, _, _ = uk_static
    nb = nbformat.read(ROOT / "weeks" / "week01" / "06-variation-exercise.ipynb", as_version=4)
    questions = [
        c.source
        for c in nb.cells
        if c.cell_type == "markdown" and re.match(r"\*\*\d+\. ", c.source)
    ]
    assert len(questions) >= 7
    named = set(re.findall(r"\bT\d\d\b", "\n".join(questions)))
    assert named >= {"T41", "T07", "T33", "T19"}
    prepared = {v.key.split("-", 1)[1] for v in explorer.views}
    assert named <= prepared, named - prepared
