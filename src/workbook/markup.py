"""Learner text made safe for the formats it is exported to.

:func:`md_escape` is the one routine that turns learner text into Markdown that shows it
literally; the website's script (``components/static/wb.js``, ``WB.mdEscape``) mirrors it for
the notes a reader downloads, and a test feeds the same payloads through both and renders them
with an HTML-enabled, linkifying Markdown renderer.
"""

from __future__ import annotations

import re

__all__ = ["md_escape"]

_MD_CHARS = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "~": "\\~",
    "|": "\\|",
    "$": "\\$",
    "@": "\\@",
    "/": "\\/",
    ".": "\\.",
}
# One pass over the text. Besides the Markdown syntax characters, three break what a
# linkifying renderer would turn into a link: "@" (e-mail addresses), the first "/" of "//"
# (http://, //host) and a "." before a letter (www.example.org, example.org).
_MD_INLINE = re.compile(r"[&<>\\`*_\[\]~|$@]|/(?=/)|\.(?=[A-Za-z]|[^\x00-\x7f])")
# A line must not start a heading, a list, a setext underline or an ordered list.
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([#+=-])|([0-9]+)([.)]))")
# Every CommonMark line ending, so a bare carriage return cannot start an unescaped line.
_LINE_END = re.compile(r"\r\n|\r|\n")
# An indented line would start a code block, which shows the escapes above as typed.
_INDENT = {" ": "&#32;", "\t": "&#9;"}


def _line_start(m: re.Match) -> str:
    if m[2]:
        return f"{m[1]}\\{m[2]}"
    return f"{m[1]}{m[3]}\\{m[4]}"


def md_escape(text: str, *, inline: bool = False) -> str:
    """Escape text for Markdown so that it shows literally and never becomes HTML or a link.

    Angle brackets and ampersands become entities (no raw HTML, no autolinks); brackets,
    emphasis and code characters are backslash-escaped (no links, images or formatting); "@",
    "//" and a dot before a letter are escaped so that a linkifying renderer (markdown-it's
    linkify; GitHub's cmark-gfm for web addresses, though it still links e-mail addresses)
    does not make an address a link; and a leading ``#``, ``-``, ``+``, ``=`` or ``1.``
    cannot start a heading or a list, nor leading spaces a code block (the first becomes
    ``&#32;``).

    Line endings (``\\r\\n``, a bare ``\\r``, ``\\n``) become ``\\n``; with
    ``inline=True`` they become spaces, for text that must stay on one line (a heading, a
    list item). ``WB.mdEscape`` in ``components/static/wb.js`` must give the same output.
    """
    lines = _LINE_END.split(str(text))
    out = []
    for line in lines:
        line = _MD_INLINE.sub(lambda m: _MD_CHARS[m[0]], line)
        line = _MD_LINE_START.sub(_line_start, line, count=1)
        if line[:1] in _INDENT and line.strip(" \t"):
            line = _INDENT[line[0]] + line[1:]
        out.append(line)
    return (" " if inline else "\n").join(out)


# --- Text for a terminal -------------------------------------------------------------------

#: Characters shown as escapes besides the control characters: bidirectional overrides and
#: isolates (they reorder what follows, so a line can read differently from what it holds),
#: zero-width characters, and Unicode line and paragraph separators.
_INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u2028\u2029"
)


def _terminal_char(c: str, keep: str) -> str:
    if c in keep:
        return c
    o = ord(c)
    if o < 32 or 127 <= o < 160 or c in _INVISIBLE or 0xD800 <= o <= 0xDFFF:
        return f"\\x{o:02x}" if o < 256 else f"\\u{o:04x}"
    if o >= 0xE0000 and o <= 0xE007F:  # tag characters: invisible, used to hide text
        return f"\\U{o:08x}"
    return c


def terminal_safe(text: str, *, keep_newlines: bool = True) -> str:
    """Untrusted text made visible and harmless for a terminal.

    Control characters (escape sequences that move the cursor, recolour or retitle the
    terminal), bidirectional overrides, zero-width characters, Unicode line separators and
    undecodable bytes (lone surrogates) are shown as ``\\x1b``, ``\\u202e`` etc., so what is
    printed is what the text holds. Newlines and tabs are kept unless ``keep_newlines`` is
    false (for a one-line error message).
    """
    keep = "\n\t" if keep_newlines else ""
    text = str(text)
    return "".join(_terminal_char(c, keep) for c in text)


__all__ += ["terminal_safe"]
