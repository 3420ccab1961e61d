"""The safe Markdown subset: escaping first, http(s) links only."""

from __future__ import annotations

import pytest

from workbook.components._markdown import render, render_inline, safe_url, to_plain


def test_subset():
    out = render("Some *emphasis*, **strong**, `code` and [a link](https://example.org/?a=1&b=2).")
    assert "<em>emphasis</em>" in out and "<strong>strong</strong>" in out
    assert "<code>code</code>" in out
    assert '<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer">a link</a>' in out
    assert render("- one\n- two") == "<ul><li>one</li><li>two</li></ul>"
    assert render("para one\n\npara two") == "<p>para one</p><p>para two</p>"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '"><svg onload=alert(1)>',
        "`</code><script>x</script>`",
        "**<b onmouseover=alert(1)>x</b>**",
    ],
)
def test_raw_html_is_escaped(hostile):
    for out in (render(hostile), render_inline(hostile)):
        assert "<script" not in out and "<img" not in out and "<svg" not in out
        assert "<b " not in out
        assert "&lt;" in out


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:x",
        "//evil.example",
        "/relative",
        'https://x.org/"onmouseover=alert(1)',
    ],
)
def test_only_http_links(url):
    out = render(f"[click]({url})")
    assert "href" not in out and "click" in out


def test_safe_url():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url("http://example.org") == "http://example.org"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://a.org/ b") is None


def test_to_plain():
    assert to_plain("A *b* **c** `d` [e](https://f.org)") == "A b c d e (https://f.org)"
    assert to_plain("[x](javascript:alert(1))") == "x"
    assert to_plain("line one\nline two\n\nnext") == "line one line two\n\nnext"


def test_backslash_escapes_and_references_read_as_commonmark_reads_them():
    """So learner text escaped by workbook.markup.md_escape shows literally in a widget."""
    assert render("\\*not em\\* \\[not\\](https://a.org) \\`x\\`") == (
        "<p>*not em* [not](https://a.org) `x`</p>"
    )
    assert render("&lt;b&gt; &amp; &#60;i&#x3e; &copy;") == "<p>&lt;b&gt; &amp; &lt;i&gt; ©</p>"
    assert render("&notanentity; &#0;") == "<p>&amp;notanentity; \ufffd</p>"
    assert render("`a\\` b`") == "<p><code>a\\</code> b`</p>"  # no escapes in code spans
    assert render("\\- not a bullet") == "<p>- not a bullet</p>"
    assert to_plain("\\*a\\* &lt;b&gt; `c`") == "*a* <b> c"


def test_placeholder_characters_in_the_text_are_harmless():
    assert render("a\x00 0\x00 b\x01 0\x01") == "<p>a\ufffd 0\ufffd b\ufffd 0\ufffd</p>"
