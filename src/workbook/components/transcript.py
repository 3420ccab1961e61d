"""The transcript component: timestamped segments, a search box, and links that open the
lecture's video at each segment's time when a video URL is configured."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit, urlunsplit

from workbook.components import _markdown as md
from workbook.components._base import Component, dom_id
from workbook.components._files import resolve

__all__ = ["Transcript", "timestamp", "video_link"]


def _seconds(value) -> float:
    if hasattr(value, "total_seconds"):
        return float(value.total_seconds())
    return float(value)


def timestamp(seconds) -> str:
    """``[mm:ss]`` (or ``[h:mm:ss]`` from one hour on) for a time in seconds."""
    s = int(_seconds(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"[{h}:{m:02d}:{sec:02d}]" if h else f"[{m:02d}:{sec:02d}]"


def video_link(url: str, seconds) -> str:
    """The video URL opening at ``seconds``: ``?t=`` for YouTube, ``#t=`` otherwise."""
    s = int(_seconds(seconds))
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if re.search(r"(^|\.)(youtube\.com|youtu\.be|youtube-nocookie\.com)$", host.split(":")[0]):
        query = "&".join(q for q in parts.query.split("&") if q and not q.startswith("t="))
        query = f"{query}&t={s}" if query else f"t={s}"
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, f"t={s}"))


class Transcript(Component):
    """A lecture transcript: ``Transcript.for_week(1, "welcome")`` or
    ``Transcript.from_file(path, title=None, video_url=None)``."""

    def __init__(
        self, transcript, *, id: str, title: str | None = None, video_url: str | None = None
    ) -> None:
        if video_url is not None and md.safe_url(video_url) is None:
            raise ValueError(f"video_url must be an http(s) address, not {video_url!r}")
        self.id = id
        self.title = title or getattr(transcript, "title", None) or id
        self.segments = list(transcript.segments)
        self.video_url = video_url
        self._dom_base = dom_id(id)

    @classmethod
    def from_file(
        cls,
        path: str | os.PathLike[str],
        title: str | None = None,
        video_url: str | None = None,
        *,
        id: str | None = None,
    ) -> Transcript:
        """Read a WebVTT, SRT or "Skip to ..." transcript (relative to the project root)."""
        from workbook.content.transcripts import parse

        p = resolve(path)
        if not p.is_file():
            raise ValueError(f"no transcript at {p}; check the file name")
        return cls(parse(p), id=id or p.stem, title=title, video_url=video_url)

    @classmethod
    def for_week(
        cls, week: int, slug: str, *, title: str | None = None, video_url: str | None = None
    ) -> Transcript:
        """``weeks/weekNN/transcripts/<slug>.vtt``."""
        from workbook.paths import week_dir

        return cls.from_file(
            week_dir(week) / "transcripts" / f"{slug}.vtt",
            title=title,
            video_url=video_url,
            id=f"w{week:02d}-{slug}",
        )

    def to_text(self) -> str:
        lines = [self.title, ""]
        lines += [f"{timestamp(s.start)} {s.text}" for s in self.segments]
        return "\n".join(lines) + "\n"

    def _time_html(self, seg) -> str:
        stamp = timestamp(seg.start)
        if self.video_url:
            href = md.escape(video_link(self.video_url, seg.start))
            return (
                f'<a class="wb-time" href="{href}" target="_blank" rel="noopener noreferrer"'
                f' aria-label="Play the video from {stamp[1:-1]}">{stamp}</a>'
            )
        return f'<span class="wb-time">{stamp}</span>'

    def segments_html(self, query: str = "") -> tuple[str, int]:
        """The segments matching ``query`` (all when empty), matches marked; and their count."""
        q = (query or "").strip()
        pattern = re.compile(re.escape(q), re.IGNORECASE) if q else None
        items = []
        for seg in self.segments:
            if pattern and not pattern.search(seg.text):
                continue
            if pattern:
                pieces, last = [], 0
                for m in pattern.finditer(seg.text):
                    pieces.append(md.escape(seg.text[last : m.start()]))
                    pieces.append(f"<mark>{md.escape(m.group(0))}</mark>")
                    last = m.end()
                pieces.append(md.escape(seg.text[last:]))
                text = "".join(pieces)
            else:
                text = md.escape(seg.text)
            items.append(
                f'<li class="wb-segment" data-wb-start="{_seconds(seg.start):g}">'
                f'{self._time_html(seg)} <span class="wb-text">{text}</span></li>'
            )
        # The list scrolls, so it must take keyboard focus to be scrollable without a mouse
        # (axe: scrollable-region-focusable); the region is named for screen readers.
        return (
            '<div class="wb-segments-scroll" tabindex="0" role="region" '
            f'aria-label="Transcript segments"><ol class="wb-segments">{"".join(items)}</ol></div>',
            len(items),
        )

    def _static_html(self, dom: str) -> str:
        segments, _ = self.segments_html()
        video = f' data-wb-video="{md.escape(self.video_url)}"' if self.video_url else ""
        return (
            f'<div class="wb-component wb-transcript" data-wb-id="{md.escape(self.id)}" '
            f'id="{dom}"{video}><p class="wb-title">{md.escape(self.title)}</p>'
            f'<label for="{dom}-search">Search the transcript</label> '
            f'<input type="search" id="{dom}-search" class="wb-search" autocomplete="off">'
            f'<p class="wb-status" aria-live="polite"></p>{segments}</div>'
        )

    def _make_view(self):
        from workbook.components.widgets import TranscriptView

        return TranscriptView(self)
