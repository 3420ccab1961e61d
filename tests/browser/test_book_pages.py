"""The built book's pages: search, launch and download buttons, accessibility, screenshots."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(os.environ.get("WORKBOOK_ROOT") or Path(__file__).resolve().parents[2])
NOTEBOOK_PAGE = "weeks/week01/09-quiz"
# A word week 1 teaches (step w01-s05 "unwarranted variation"); Sphinx search stems it.
WEEK1_WORD = "variation"


def week1_pages() -> list[str]:
    """Week 1 step pages that exist (week.yaml lists a file once the step is written)."""
    week_yaml = ROOT / "weeks" / "week01" / "week.yaml"
    if not week_yaml.is_file():
        return [NOTEBOOK_PAGE + ".html"]
    steps = yaml.safe_load(week_yaml.read_text(encoding="utf-8")).get("steps", [])
    pages = []
    for step in steps:
        file = step.get("file")
        if file and (week_yaml.parent / file).is_file():
            pages.append(f"weeks/week01/{Path(file).with_suffix('.html')}")
    return pages or [NOTEBOOK_PAGE + ".html"]


SHOWCASE_PAGES = ["book/tour.html", "book/progress.html", *week1_pages()]
# Pages that must show at least one workbook component.
COMPONENT_PAGES = {"book/tour.html", "book/progress.html", NOTEBOOK_PAGE + ".html"}


def open_page(page, site_url: str, rel: str) -> None:
    response = page.goto(site_url + rel, wait_until="load")
    assert response is not None and response.status == 200, f"{rel} was not served (built?)"


# --------------------------------------------------------------------------- search


def test_search_finds_week1_pages(page, site_url):
    open_page(page, site_url, "search.html")
    query = page.locator('input[name="q"]:visible').first
    query.wait_for()
    query.fill(WEEK1_WORD)
    query.press("Enter")
    page.wait_for_url(re.compile(rf"search\.html\?q={WEEK1_WORD}"))
    # Results arrive one by one; the summary line is written when the search has finished.
    summary = page.locator("#search-results .search-summary")
    summary.filter(has_text=re.compile(r"found \d+ page", re.I)).wait_for()
    hits = page.locator("#search-results ul.search li a")
    hrefs = [hits.nth(i).get_attribute("href") or "" for i in range(hits.count())]
    assert any("weeks/week01/" in h for h in hrefs), f"no week 1 page among results: {hrefs}"
    assert not re.search(r"found 0 page", summary.inner_text(), re.I)


# --------------------------------------------------------------------------- header buttons


def test_notebook_page_has_launch_and_download_buttons(page, site_url):
    open_page(page, site_url, NOTEBOOK_PAGE + ".html")

    launch = page.locator(".dropdown-launch-buttons")
    toggle = launch.locator("button.dropdown-toggle")
    assert toggle.get_attribute("aria-label") == "Launch interactive content"
    toggle.click()
    links = launch.locator(".dropdown-menu a")
    links.first.wait_for(state="visible")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    launchers = [h for h in hrefs if ("binder" in h or "colab" in h)]
    assert launchers, f"no Binder/Colab launch link: {hrefs}"
    assert all(h.endswith(NOTEBOOK_PAGE + ".ipynb") for h in launchers), launchers

    download = page.locator(".dropdown-download-buttons")
    download.locator("button.dropdown-toggle").click()
    source = download.locator("a.btn-download-source-button")
    source.wait_for(state="visible")
    href = source.get_attribute("href")
    assert href and href.endswith(NOTEBOOK_PAGE.split("/")[-1] + ".ipynb"), href

    # The offered file is the notebook itself, as committed: outputs stripped.
    reply = page.request.get(page.url.rsplit("/", 1)[0] + "/" + href)
    assert reply.ok, f"download link {href} answers {reply.status}"
    notebook = json.loads(reply.text())
    assert notebook["nbformat"] == 4
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(not c.get("outputs") for c in code), "downloaded notebook has outputs"


# --------------------------------------------------------------------------- a11y + screenshots


def page_id(rel: str) -> str:
    return rel.removesuffix(".html").replace("/", "__")


@pytest.mark.parametrize("rel", SHOWCASE_PAGES, ids=page_id)
def test_page_accessible_and_screenshot(page, site_url, watch, axe_check, screenshot_dir, rel):
    """axe-core finds no serious or critical violation; a full-page screenshot is kept."""
    open_page(page, site_url, rel)
    if rel in COMPONENT_PAGES:
        page.locator(".wb-component").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    shot = screenshot_dir / f"{page_id(rel)}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0

    bad = axe_check(page, rel)
    summary = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in bad]
    assert not bad, f"serious/critical accessibility violations on {rel}:\n" + "\n".join(summary)
    assert not watch.page_errors, f"script errors on {rel}: {watch.page_errors}"
