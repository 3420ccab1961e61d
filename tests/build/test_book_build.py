"""The published book: builds with zero warnings, every page present, no widget scripts from a
CDN, search works, and every launch and download link points at a file that exists."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import yaml

pytestmark = pytest.mark.slow


def _toc_files(root: Path) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [c["file"] for c in part["chapters"]]
    return files


def _pages(built: Path, root: Path) -> dict[str, str]:
    return {f: (built / f"{f}.html").read_text(encoding="utf-8") for f in _toc_files(root)}


def test_build_log_has_no_warnings(built_book, repo_root):
    from workbook.cli import SPHINX_WARNING

    log = (repo_root / "_build" / "build.log").read_text(encoding="utf-8")
    assert [line for line in log.splitlines() if SPHINX_WARNING.search(line)] == []
    assert "build succeeded" in log


def test_every_toc_page_is_built(built_book, repo_root):
    missing = [f for f in _toc_files(repo_root) if not (built_book / f"{f}.html").is_file()]
    assert missing == []
    assert (built_book / "index.html").is_file()


def test_no_widget_or_requirejs_scripts_from_a_cdn(built_book, repo_root):
    for name, page in _pages(built_book, repo_root).items():
        assert "require.min.js" not in page, name
        assert "embed-amd.js" not in page, name
        external = re.findall(r'<script[^>]+src="(https?://[^"]+)"', page)
        assert external == [], (name, external)


def test_static_component_replaces_the_widget_on_the_site(built_book):
    page = (built_book / "weeks" / "week01" / "09-quiz.html").read_text(encoding="utf-8")
    assert 'class="wb-component wb-quiz' in page
    assert "application/vnd.jupyter.widget-view+json" not in page


def test_search_index_holds_course_words(built_book):
    assert (built_book / "search.html").is_file()
    index = (built_book / "searchindex.js").read_text(encoding="utf-8").lower()
    for word in ("unwarranted", "variation", "leadership", "network"):
        assert word in index, word


def test_status_page_has_the_execution_table(built_book):
    page = (built_book / "book" / "status.html").read_text(encoding="utf-8")
    assert "01-overview" in page and "Method" in page


def _launch_links(page: str) -> list[str]:
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]
    return [
        h
        for h in hrefs
        if "mybinder.org" in h or "colab.research.google.com" in h or "git-pull" in h
    ]


def _repo_path_of(link: str) -> str:
    url = urlparse(link)
    if "colab.research.google.com" in url.netloc:
        return url.path.split("/blob/main/", 1)[1]
    query = parse_qs(url.query)
    urlpath = unquote(query["urlpath"][0])
    path = urlpath.split("tree/", 1)[1]
    if "git-pull" in url.path:  # nbgitpuller clones into a folder named after the repository
        path = path.split("/", 1)[1]
    return path


def _launch_config(root: Path) -> dict:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config.get("launch_buttons") or {}


def test_launch_links_point_at_files_that_exist(built_book, repo_root):
    """Each configured launcher (and no other) on every notebook page, each at a real file."""
    launch = _launch_config(repo_root)
    expected = {
        key: marker
        for key, marker in (
            ("binderhub_url", "mybinder.org"),
            ("jupyterhub_url", "git-pull"),
            ("colab_url", "colab.research.google.com"),
        )
        if launch.get(key)
    }
    assert "binderhub_url" in expected, "the Binder launch button is the one every page needs"
    notebooks = {f for f in _toc_files(repo_root) if (repo_root / f"{f}.ipynb").is_file()}
    for name, page in _pages(built_book, repo_root).items():
        links = _launch_links(page)
        for link in links:
            assert (repo_root / _repo_path_of(link)).is_file(), (name, link)
            host = urlparse(link).hostname or ""
            assert not host.endswith("example.org"), f"placeholder launch address: {link}"
        markers = {key for key, marker in expected.items() if any(marker in h for h in links)}
        if name in notebooks:
            assert markers == set(expected), (name, links)
        unconfigured = [h for h in links if not any(m in h for m in expected.values())]
        assert unconfigured == [], f"{name}: a launcher that is not configured: {unconfigured}"


def test_no_colab_or_hub_button_that_would_fail(repo_root):
    """Colab only when notebooks install the package there; a hub only with a real address."""
    launch = _launch_config(repo_root)
    hub = launch.get("jupyterhub_url") or ""
    assert not urlparse(hub).hostname or not urlparse(hub).hostname.endswith("example.org")
    if launch.get("colab_url"):
        installs = [
            p
            for p in (repo_root / "weeks").rglob("*.ipynb")
            if "google.colab" in p.read_text(encoding="utf-8")
        ]
        assert installs, "a Colab button is configured but no notebook installs the package"


def test_binder_launch_from_the_welcome_page_opens_the_welcome_notebook(built_book):
    page = (built_book / "book" / "welcome.html").read_text(encoding="utf-8")
    binder = [link for link in _launch_links(page) if "mybinder.org" in link]
    assert binder and all(_repo_path_of(b) == "book/welcome.ipynb" for b in binder)


def test_download_links_point_at_built_files(built_book, repo_root):
    checked = 0
    for name, page in _pages(built_book, repo_root).items():
        for href in re.findall(r'href="([^"]*_sources/[^"]+)"', page):
            target = (built_book / name).parent / html.unescape(href)
            assert target.resolve().is_file(), (name, href)
            checked += 1
    assert checked >= len(_toc_files(repo_root))


def test_every_figure_on_the_site_has_alt_text(built_book, repo_root):
    missing = []
    images = 0
    for name, page in _pages(built_book, repo_root).items():
        body = page.split('class="bd-article"', 1)[-1]
        for tag in re.findall(r"<img\b[^>]*>", body):
            images += 1
            alt = re.search(r'\balt="([^"]*)"', tag)
            if not alt or len(alt.group(1).strip()) < 15:
                missing.append((name, tag[:120]))
    assert images >= 5  # the case exercise and the analytics chapter draw charts
    assert missing == []


def test_site_root_has_a_404_page_and_a_favicon(built_book, repo_root):
    page = (built_book / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in page and 'href="' in page
    assert "<script" not in page and "stylesheet" not in page  # served at any depth
    assert (built_book / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    for name, html_page in _pages(built_book, repo_root).items():
        assert re.search(r'<link rel="icon" href="[^"]*_static/favicon\.svg"', html_page), name


def test_pages_carry_no_dead_weight(built_book, repo_root):
    """No widget state (the site shows each component's static HTML) and no 1.5 MB icon
    script (the theme's icons come from its stylesheet's web font)."""
    for name, page in _pages(built_book, repo_root).items():
        assert "application/vnd.jupyter.widget-state+json" not in page, name
        assert "fontawesome.js" not in page, name
        assert "fa-solid" in page, name  # the icons are still there, drawn by the web font


def test_charts_are_twice_their_shown_width_and_link_to_the_full_image(built_book):
    from PIL import Image

    page = (built_book / "book" / "reading-qi-charts.html").read_text(encoding="utf-8")
    # Sphinx links a sized image to its file; workbook.site links every other image.
    links = re.findall(
        r'<a class="(?:wb-chart-link|reference internal image-reference)" href="([^"]+)">'
        r"<img ([^>]*)>",
        page,
    )
    assert len(links) >= 3
    sized = 0
    for href, attrs in links:
        target = (built_book / "book" / html.unescape(href)).resolve()
        assert target.is_file(), href
        width = re.search(r"width: (\d+)px", attrs)
        if width:
            sized += 1
            with Image.open(target) as image:
                assert image.width >= 2 * int(width.group(1)), (href, image.width)
    assert sized >= 3  # the workbook's own charts say their shown width


def test_a_failing_notebook_fails_the_build_and_names_its_report(built_book, repo_root, tmp_path):
    """A notebook that raises fails `workbook build` with a one-line summary that points at
    the notebook's execution report; no traceback from the command itself."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    files = subprocess.run(
        ["git", "ls-files"], cwd=repo_root, capture_output=True, text=True, check=True
    ).stdout.split()
    copy = tmp_path / "course"
    for f in files:
        (copy / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo_root / f, copy / f)
    # Reuse the session build's execution cache so only the broken notebook runs again.
    shutil.copytree(repo_root / "_build" / ".jupyter_cache", copy / "_build" / ".jupyter_cache")
    shutil.copy2(repo_root / "_build" / ".workbook-package-hash", copy / "_build")
    broken = copy / "weeks" / "week01" / "10-discussion-and-summary.ipynb"
    nb = json.loads(broken.read_text(encoding="utf-8"))
    nb["cells"][-1]["source"] = ['raise RuntimeError("a deliberate failure")']
    broken.write_text(json.dumps(nb, indent=1), encoding="utf-8")

    proc = subprocess.run(
        [sys.executable, "-m", "workbook", "build"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "WORKBOOK_ROOT": str(copy)},
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "Build failed" in proc.stderr
    report = "_build/html/reports/weeks/week01/10-discussion-and-summary.err.log"
    assert f"execution report: {report}" in proc.stderr
    assert "a deliberate failure" in (copy / report).read_text(encoding="utf-8")
