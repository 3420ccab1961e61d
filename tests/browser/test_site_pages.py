"""Every page of the published site, as a reader meets it, in light and in dark mode.

On each page: no console or script error (nothing is ignored), no failed request, nothing
fetched from beyond 127.0.0.1 (the ``context`` fixture), no serious or critical axe-core
violation, charts at least 1.5 times as wide in pixels as they are shown, and at 390 px a
menu button that opens the navigation and a title that leaves room for the page.
Screenshots at 1,280 px and 390 px land in ``tests/browser/_screenshots/site/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(os.environ.get("WORKBOOK_ROOT") or Path(__file__).resolve().parents[2])
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MODES = ["light", "dark"]


def site_pages() -> list[str]:
    """Every page the book builds: the table of contents plus Sphinx's own pages."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f"{f}.html" for f in files] + ["search.html", "genindex.html"]


def page_id(rel: str) -> str:
    return rel.removesuffix(".html").replace("/", "__")


def serious(axe_check, page, label: str) -> list[str]:
    bad = axe_check(page, label)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in bad]


def narrow_charts(page) -> list[str]:
    """Images in the article shown wider than their pixels allow for a sharp picture."""
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.bd-article img')]
              .filter(i => i.getBoundingClientRect().width > 0)
              .map(i => [i.currentSrc.split('/').pop(), i.naturalWidth,
                         i.getBoundingClientRect().width])"""
    )
    return [
        f"{name}: {natural} px shown at {shown:.0f}"
        for name, natural, shown in sizes
        if natural < 1.5 * shown
    ]


def assert_clean(watch, rel: str) -> None:
    assert watch.page_errors == [], f"script errors on {rel}: {watch.page_errors}"
    assert watch.console_errors == [], f"console errors on {rel}: {watch.console_errors}"
    assert watch.failed == [], f"failed requests on {rel}: {watch.failed}"
    assert watch.dialogs == [], watch.dialogs


@pytest.mark.parametrize("context", MODES, indirect=True)
@pytest.mark.parametrize("rel", site_pages(), ids=page_id)
def test_page_for_every_reader(request, page, site_url, watch, axe_check, screenshot_dir, rel):
    mode = request.node.callspec.params["context"]
    shots = screenshot_dir / "site"
    shots.mkdir(exist_ok=True)
    response = page.goto(site_url + rel, wait_until="networkidle")
    assert response is not None and response.status == 200, f"{rel} was not served"
    assert page.evaluate("document.documentElement.dataset.theme") == mode

    # Desktop.
    page.screenshot(path=str(shots / f"{page_id(rel)}-1280-{mode}.png"), full_page=True)
    assert serious(axe_check, page, f"{rel} {mode} 1280") == []
    assert narrow_charts(page) == []

    # Phone: loaded afresh at 390 px, as a phone would (not a desktop page squeezed).
    page.set_viewport_size(PHONE)
    page.goto(site_url + rel, wait_until="networkidle")
    page.screenshot(path=str(shots / f"{page_id(rel)}-390-{mode}.png"), full_page=True)
    assert serious(axe_check, page, f"{rel} {mode} 390") == []
    assert narrow_charts(page) == []
    title = page.locator(".bd-article h1").first
    if title.count():
        height = title.bounding_box()["height"]
        assert height < 0.3 * PHONE["height"], f"the title fills {height:.0f} px of the screen"
    menu = page.locator(".primary-toggle:visible")
    assert menu.count() == 1, "one visible menu button on a phone"
    menu.click()
    dialog = page.locator("#pst-primary-sidebar-modal")
    page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open")
    link = dialog.locator("nav.bd-docs-nav a").first
    link.wait_for(state="visible")
    assert dialog.locator("nav.bd-docs-nav a").count() >= 10
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('pst-primary-sidebar-modal').open")

    assert_clean(watch, rel)


# --------------------------------------------------------------------------- after interacting


def answer_every_quiz_item(page) -> int:
    """Choose the first option of each choice item and check it; return how many were checked."""
    items = page.locator("fieldset.wb-item")
    checked = 0
    for i in range(items.count()):
        item = items.nth(i)
        choice = item.locator("input[type=radio], input[type=checkbox]")
        if not choice.count():
            continue
        choice.first.check()
        item.locator("button.wb-check").click()
        item.locator(".wb-feedback").filter(has_text=re.compile(r"\S")).first.wait_for()
        checked += 1
    return checked


def mark_complete(page) -> None:
    page.locator("button.wb-complete-button").first.click()
    page.wait_for_function(
        "document.querySelector('button.wb-complete-button').getAttribute('aria-pressed')"
        " === 'true'"
    )


@pytest.mark.parametrize("context", MODES, indirect=True)
def test_components_after_use_pass_axe(request, page, site_url, watch, axe_check, screenshot_dir):
    """Feedback, saved reflections and completed steps are as readable as the page around them."""
    mode = request.node.callspec.params["context"]
    shots = screenshot_dir / "site"
    shots.mkdir(exist_ok=True)

    page.goto(site_url + "weeks/week01/09-quiz.html", wait_until="networkidle")
    assert answer_every_quiz_item(page) >= 3
    mark_complete(page)  # a week 1 step, so the progress page shows it done
    page.screenshot(path=str(shots / f"quiz-answered-1280-{mode}.png"), full_page=True)
    assert serious(axe_check, page, f"quiz answered {mode}") == []

    page.goto(site_url + "book/tour.html", wait_until="networkidle")
    answer_every_quiz_item(page)
    reflection = page.locator(".wb-component.wb-reflection").first
    reflection.locator("textarea").fill("Run charts show `variation` over time: see the notes.")
    reflection.locator("button.wb-save").click()
    reflection.locator(".wb-status").filter(has_text="Saved").wait_for()
    mark_complete(page)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(shots / f"tour-used-390-{mode}.png"), full_page=True)
    assert serious(axe_check, page, f"tour used {mode}") == []

    page.goto(site_url + "book/progress.html", wait_until="networkidle")
    page.locator(".wb-progress li.wb-done").first.wait_for()
    page.screenshot(path=str(shots / f"progress-used-390-{mode}.png"), full_page=True)
    assert serious(axe_check, page, f"progress used {mode}") == []
    assert_clean(watch, "components after use")


# --------------------------------------------------------------------------- site root


@pytest.mark.parametrize("context", MODES, indirect=True)
def test_not_found_page_and_favicon(request, page, site_url, watch, axe_check):
    page.goto(site_url + "404.html", wait_until="networkidle")
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("main a[href]").count() == 1
    assert serious(axe_check, page, "404") == []
    icon = page.request.get(site_url + "favicon.ico")
    assert icon.ok and icon.headers.get("content-type", "").startswith("image/")
    page.goto(site_url + "book/welcome.html", wait_until="networkidle")
    href = page.locator('link[rel="icon"]').get_attribute("href")
    assert href and page.request.get(page.url.rsplit("/", 1)[0] + "/" + href).ok
    assert_clean(watch, "404")
