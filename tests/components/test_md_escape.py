"""One escape for learner text in Markdown (workbook.markup.md_escape), mirrored in the page
script (WB.mdEscape): the same payloads through both give identical output, and an
HTML-enabled, linkifying Markdown renderer that trusts every link turns none of them into a
tag, a link or a script; the reader sees exactly what the learner typed."""

from __future__ import annotations

import json
import random
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from wb_node import call_wb

from workbook.markup import md_escape

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '"><svg onload=alert(1)>',
    "<iframe src=https://evil.example/></iframe>",
    "<details open ontoggle=alert(1)>",
    "<style>body{display:none}</style>",
    "<a href='https://evil.example'>x</a>",
    "[click](javascript:alert(1))",
    "![pic](javascript:alert(1))",
    '[x](https://evil.example "title")',
    "<javascript:alert(1)>",
    "<https://evil.example/>",
    "<HTTPS://EVIL.EXAMPLE>",
    "<someone@evil.example>",
    "[a][ref]\n\n[ref]: javascript:alert(1)",
    "[ref]\n\n[ref]: https://evil.example",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&#x3C;svg onload=alert(1)&#x3E; &amp; &copy; &notanentity;",
    "before <!-- hidden --> after",
    "<!-- <script>alert(1)</script> -->",
    "<?php echo 1; ?> <![CDATA[<script>]]>",
    "\u202egnp.exe\u202c and \u2066<b>x</b>\u2069",
    "line one\r<script>alert(1)</script>",
    "line\r# heading\r- item\r1. one\r2) two",
    "\r\n<script>\r\n</script>\r\n",
    "visit https://evil.example/path?q=1 now",
    "www.evil.example",
    "evil.example and EVIL.EXAMPLE.ORG",
    "mail someone@evil.example",
    "mailto:someone@evil.example",
    "//evil.example/x",
    "http://localhost:8080/x and ftp://evil.example/x",
    "http://[::1]/x",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "zero\u200bwidth https://\u200bevil.example",
    "xn--80ak6aa92e.com пример.рф",
    "C:\\path\\to\\file and \\<script>alert(1)</script>",
    "\\[x\\](javascript:alert(1))",
    "ends with a backslash\\",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "\t<b>tab</b>",
    "<div>\n\n*x*\n\n</div>",
    "**bold** _em_ ~~strike~~ | a | b |",
    "$x$ and $$y$$",
    "1) first\n+ plus\n= setext\n---\nHeading\n===",
    "> quote <b>",
    "# not a heading\n- not a list\n1. not numbered\n***",
]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append(("!--", []))

    def handle_pi(self, data):
        self.tags.append(("?", []))

    def unknown_decl(self, data):
        self.tags.append(("![", []))


def renderer() -> MarkdownIt:
    """HTML on, bare URLs and addresses linkified, and every link trusted: the worst case."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable("linkify")
    md.validateLink = lambda url: True
    return md


def inert_text(markdown: str, allowed: set[str]) -> str:
    """Render; assert only ``allowed`` tags, none with an attribute; return the visible text."""
    html = renderer().render(markdown)
    found = _Collect()
    found.feed(html)
    found.close()
    for tag, attrs in found.tags:
        assert tag in allowed, (tag, markdown, html)
        assert not attrs, (tag, attrs, html)
    return "".join(found.text)


def words(text: str) -> str:
    return " ".join(text.split())


def test_there_are_enough_payloads():
    assert len(PAYLOADS) >= 30 and len(set(PAYLOADS)) == len(PAYLOADS)


def test_python_and_page_script_escape_identically():
    calls = [("mdEscape", [p, inline]) for p in PAYLOADS for inline in (False, True)]
    js = call_wb(calls)
    expected = [md_escape(p, inline=inline) for p in PAYLOADS for inline in (False, True)]
    assert js == expected


def test_random_text_escapes_identically():
    """Text drawn from every character the escape treats specially, and some it does not."""
    alphabet = list("&<>\\`*_[]~|$@/.:#+=-)0123456789 \t\r\nabcXYZ!()'\"{}") + [
        "\u00e9",
        "\u202e",
        "\u200b",
        "\u3002",
        "\U0001f600",
        "\u0661",
    ]
    rng = random.Random(11)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(400)]
    js = call_wb([("mdEscape", [t, False]) for t in texts])
    mismatched = [t for t, j in zip(texts, js, strict=True) if j != md_escape(t)]
    assert not mismatched, json.dumps(mismatched[:3])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_renders_as_its_own_text(payload):
    escaped = md_escape(payload)
    # indented lines may become a code block: still text, never markup
    visible = inert_text(escaped, {"p", "br", "pre", "code"})
    assert words(visible) == words(payload)
    one_line = md_escape(payload, inline=True)
    assert "\n" not in one_line and "\r" not in one_line
    assert words(inert_text("### " + one_line, {"h3"})) == words(payload)
    assert words(inert_text("- " + one_line, {"ul", "li"})) == words(payload)


def _notes_storage() -> dict:
    storage = {}
    for i, payload in enumerate(PAYLOADS):
        storage[f"workbook:v1:reflection:w01-r{i:02d}"] = json.dumps(
            [{"text": payload, "saved_at": "2026-11-26T10:00:00Z"}]
        )
        storage[f"workbook:v1:attempt:w01-quiz:w01-q{i:02d}"] = json.dumps(
            [{"answer": payload, "correct": False, "at": "2026-11-26T10:01:00Z"}]
        )
    crafted = {
        "<img src=x onerror=alert(1)>": "crafted id",
        "w01-r99\n# injected\n<script>alert(2)</script>": "id with line breaks",
        "[x](javascript:alert(3))": "id as a link",
        "https://evil.example/id": "id as an address",
    }
    for prompt_id, text in crafted.items():
        storage[f"workbook:v1:reflection:{prompt_id}"] = json.dumps(
            [{"text": text, "saved_at": "<img src=x onerror=alert(4)>"}]
        )
    storage["workbook:v1:complete:<b>step</b>\rhttps://evil.example"] = json.dumps(
        {"complete": True, "at": "[t](javascript:alert(5))"}
    )
    storage["workbook:v1:attempt:<i>quiz</i>:q\r<script>"] = json.dumps(
        [{"answer": "www.evil.example", "correct": True, "at": "someone@evil.example"}]
    )
    return storage


def test_downloaded_notes_carry_no_live_markup():
    """The website's "Download my notes" Markdown, built from hostile storage and titles."""
    titles = {"w01-r00": "<i>A title</i> https://evil.example", "w01-r01": "[t](https://e.x)"}
    [notes] = call_wb([("collectNotes", [{"$storage": _notes_storage()}])])
    [markdown] = call_wb([("notesMarkdown", [notes, titles])])
    visible = inert_text(markdown, {"h1", "h2", "h3", "p", "em", "ul", "li", "pre", "code", "br"})
    flat = words(visible)
    for payload in PAYLOADS:
        assert words(payload) in flat, payload
    for shown in ("<img src=x onerror=alert(1)>", "[x](javascript:alert(3))", "<b>step</b>"):
        assert shown in flat
    assert "# injected <script>alert(2)</script>" in flat  # one heading, shown as text
    assert "<i>A title</i> https://evil.example" in flat


SPECIALS = "&<>\\`*_[]~|$@/.:#+=-!()'\"{}%;?0123456789 \t\r\n"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.text(
        alphabet=st.sampled_from(
            list(SPECIALS) + list("abcwhtpsmailoxyz") + ["\u00e9", "\u202e", "\u3002", "\U0001f600"]
        ),
        max_size=60,
    )
)
def test_any_text_renders_as_itself_and_never_as_markup(text):
    visible = inert_text(md_escape(text), {"p", "br"})
    assert words(visible) == words(text)
