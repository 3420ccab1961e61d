"""workbook.site's page fixes, on the markup Sphinx, docutils and MyST-NB write."""

from __future__ import annotations

from types import SimpleNamespace

from workbook import site


def _fixed(body: str) -> str:
    context = {"body": body}
    site.fix_page_markup(None, "p", "page.html", context, None)
    return context["body"]


def test_bibliography_entries_become_list_items():
    body = (
        '<div role="list" class="citation-list">\n'
        '<div class="citation" id="id3" role="doc-biblioentry">\n<p>A work.</p></div>\n</div>'
    )
    fixed = _fixed(body)
    assert 'id="id3" role="listitem"' in fixed and "doc-biblioentry" not in fixed


def test_code_toggles_are_named_by_what_they_show():
    body = '<summary aria-label="Toggle hidden content">\n<p>Show code cell source</p>'
    assert _fixed(body) == "<summary>\n<p>Show code cell source</p>"


def test_images_link_to_their_full_size_file_once():
    plain = '<img alt="A run chart." src="../_images/abc.png" />'
    linked = '<a class="reference internal image-reference" href="../_images/d.png">'
    linked += '<img alt="x" src="../_images/d.png" style="width: 640px;" />'
    fixed = _fixed(plain + linked)
    assert fixed.startswith(f'<a class="wb-chart-link" href="../_images/abc.png">{plain}</a>')
    assert fixed.count("<a ") == 2  # the image Sphinx already links is left alone
    logo = '<img alt="Binder logo" src="../_static/images/logo_binder.svg">'
    assert _fixed(logo) == logo


def test_widget_state_is_dropped_and_other_scripts_kept():
    state = SimpleNamespace(filename=None, attributes={"type": site.WIDGET_STATE})
    keep = SimpleNamespace(filename="_static/doctools.js", attributes={})
    context = {"script_files": [keep, state]}
    site.drop_widget_state(None, "p", "page.html", context, None)
    assert context["script_files"] == [keep]


def test_not_found_page_escapes_its_title_and_home():
    page = site.not_found_html('<script>alert("x")</script>', 'https://e.test/"><b>')
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="https://e.test/&quot;&gt;&lt;b&gt;"' in page


def test_only_the_optional_icon_script_is_removed_from_the_head():
    head = (
        '<link href="../_static/styles/theme.css" rel="stylesheet" />\n'
        '  <script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js" />'
    )
    out = str(site.without_fontawesome_js(head))
    assert "fontawesome.js" not in out
    assert "theme.css" in out and "bootstrap.js" in out
