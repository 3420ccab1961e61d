"""A small, safe subset of Markdown for course text inside components.

Raw HTML is escaped first; then emphasis, strong, inline code, links (http/https only) and
simple bullet lists are rendered. Anything else stays as escaped text, so course content can
never inject markup or script into a page or a widget. Backslash escapes and character
references are read as CommonMark reads them, so learner text passed through
:func:`workbook.markup.md_escape` shows literally here too.
"""

from __future__ import annotations

import html
import re
from html.entities import html5

__all__ = ["escape", "render", "render_inline", "to_plain", "safe_url"]

# a backslash escape, a code span or a character reference, whichever comes first
_LITERAL = re.compile(
    r"\\([!-/:-@\[-`{-~])"  # \* \[ \< ...: any ASCII punctuation, as CommonMark escapes
    r"|`([^`\n]+)`"  # a code span
    r"|(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"  # &lt; &#60; &#x3c;
)
_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w])_(?=\S)(.+?)(?<=\S)_(?!\w)")
_BULLET = re.compile(r"^\s*[-*]\s+")


def escape(text: object) -> str:
    """Escape text for HTML element content and attribute values."""
    return html.escape(str(text), quote=True)


def safe_url(url: str) -> str | None:
    """``url`` if it is an absolute http(s) URL without control characters, else None."""
    if any(ord(c) < 33 or c in '"<>\\`' for c in url):
        return None
    if re.match(r"^https?://[^/]", url, flags=re.IGNORECASE):
        return url
    return None


def _protect(text: str, html_out: bool) -> tuple[str, list[str]]:
    """Cut out escapes, code spans and character references, which are never markup.

    Each becomes a placeholder; the list holds what it stands for, as HTML or as plain text.
    """
    kept: list[str] = []

    def keep(m: re.Match) -> str:
        if m.group(2) is not None:
            code = m.group(2)
            kept.append(f"<code>{escape(code)}</code>" if html_out else code)
        else:
            char = m.group(1) if m.group(1) is not None else _reference(m.group(3))
            kept.append(escape(char) if html_out else char)
        return f"\x00{len(kept) - 1}\x00"

    # the placeholders' own characters cannot come from the text (CommonMark drops NUL too)
    text = text.replace("\x00", "\ufffd").replace("\x01", "\ufffd")
    return _LITERAL.sub(keep, text), kept


def _reference(ref: str) -> str:
    """``&lt;``, ``&#60;`` or ``&#x3c;`` as its character; an unknown name stays as written."""
    if ref[1] == "#":
        char = html.unescape(ref)
        return "\ufffd" if char == "\x00" else char
    return html5.get(ref[1:], ref)


def _restore(text: str, kept: list[str]) -> str:
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _inline(text: str) -> str:
    # escapes, code spans and entities are cut out first so they are not treated as markup
    text, codes = _protect(text, html_out=True)
    links: list[str] = []

    def keep_link(m: re.Match) -> str:
        label, url = m.group(1), m.group(2)
        good = safe_url(url)
        rendered = _emphasis(escape(label))
        if good is None:  # e.g. javascript: - keep the words, drop the link
            links.append(rendered)
        else:
            links.append(f'<a href="{escape(good)}" rel="noopener noreferrer">{rendered}</a>')
        return f"\x01{len(links) - 1}\x01"

    text = _LINK.sub(keep_link, text)
    text = _emphasis(escape(text))
    text = re.sub("\x01(\\d+)\x01", lambda m: links[int(m.group(1))], text)
    return _restore(text, codes)


def _emphasis(escaped: str) -> str:
    escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
    return _EM.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", escaped)


def _blocks(text: str) -> list[list[str]]:
    text = str(text).replace("\r\n", "\n").strip()
    return [b.split("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]


def render(text: str | None) -> str:
    """Course Markdown -> safe HTML block content (paragraphs and bullet lists)."""
    if not text:
        return ""
    out = []
    for lines in _blocks(text):
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append(f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>")
    return "".join(out)


def render_inline(text: str | None) -> str:
    """Course Markdown -> safe phrasing content (for <legend>, <label>): blocks become spans."""
    if not text:
        return ""
    parts = []
    for lines in _blocks(text):
        if all(_BULLET.match(line) for line in lines):
            parts.extend(
                f'<span class="wb-para">• {_inline(_BULLET.sub("", line))}</span>' for line in lines
            )
        else:
            parts.append(
                f'<span class="wb-para">{_inline(" ".join(s.strip() for s in lines))}</span>'
            )
    return "".join(parts)


def to_plain(text: str | None) -> str:
    """Course Markdown -> plain text (for widget labels and text/plain)."""
    if not text:
        return ""
    text, kept = _protect(str(text), html_out=False)
    text = _LINK.sub(
        lambda m: f"{m.group(1)} ({m.group(2)})" if safe_url(m.group(2)) else m.group(1), text
    )
    text = _STRONG.sub(r"\1", text)
    text = _EM.sub(lambda m: m.group(1) or m.group(2), text)
    text = _restore(text, kept)
    return "\n\n".join(
        "\n".join(line.strip() for line in lines)
        if all(_BULLET.match(x) for x in lines)
        else " ".join(line.strip() for line in lines)
        for lines in _blocks(text)
    )
