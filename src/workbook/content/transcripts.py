"""Lecture transcripts: read WebVTT, SRT and "Skip to N minutes and M seconds" text; write WebVTT.

Three formats are read, and recognised from their content:

- **WebVTT** (``WEBVTT`` header; cues ``HH:MM:SS.mmm --> HH:MM:SS.mmm``), following the W3C
  WebVTT specification: cue identifiers, cue settings, multi-line cues, ``NOTE``, ``STYLE``
  and ``REGION`` blocks. A ``Title:`` line in a ``NOTE`` block (or text after ``WEBVTT`` on
  the first line) gives the transcript's title.
- **SRT** (SubRip): numbered cues with ``HH:MM:SS,mmm --> HH:MM:SS,mmm``.
- **"Skip to" text**, the plain-text export of online course platforms, in which each segment
  starts ``Skip to 1 minute and 34 seconds`` directly followed by its words
  (``Skip to 1 minute and 34 secondsOften ...``). Segments there have no end time; each ends
  where the next begins.

Cue text is kept exactly as written (tags such as ``<i>`` or ``<v Speaker>`` are kept as text,
never interpreted), so Unicode round-trips unchanged. Bad input raises
:class:`TranscriptError`, the package's one located error (``file:line: message``; also a
``ValueError``), naming the file and the line.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbook.errors import LocatedError

__all__ = [
    "FORMATS",
    "Segment",
    "Transcript",
    "TranscriptModel",
    "TranscriptError",
    "detect_format",
    "parse",
    "parse_text",
]

#: Names of the formats :func:`parse_text` understands.
FORMATS = ("webvtt", "srt", "skip-to")

#: Speaking rate assumed when a last segment has no end time (words a second; 150 a minute).
_WORDS_PER_SECOND = 2.5
_MIN_LAST_SECONDS = 2.0
#: Longest title taken from text before the first "Skip to" marker.
_MAX_TITLE = 200
#: Most digits accepted in an hours (or "Skip to" minutes) field: 99,999 hours is far beyond
#: any lecture, and longer digit strings would overflow the arithmetic on seconds.
_MAX_HOUR_DIGITS = 5
#: Largest transcript file read (an hour's lecture is about 60 kB of text).
MAX_BYTES = 20_000_000
#: Longest piece of a bad line quoted back in an error message.
_QUOTE = 60

# Only ASCII space and tab count as blank: other Unicode spaces belong to the text.
_BLANK = " \t"
_STRIP = " \t\n"

_TIMESTAMP = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})")
_TIMING = re.compile(
    r"^[ \t]*(?P<start>\S+)[ \t]*-->[ \t]*(?P<end>[^ \t]+)(?:[ \t]+(?P<settings>.*?))?[ \t]*$"
)
# Digit runs are bounded so that a marker followed by a huge number cannot make the search
# backtrack for minutes.
_SKIP_TO = re.compile(
    r"Skip to[ \t]+"
    r"(?:(?P<h>\d{1,12})[ \t]+hours?(?:,|[ \t]+and)?[ \t]+)?"
    r"(?:(?P<m>\d{1,12})[ \t]+minutes?(?:,|[ \t]+and)?[ \t]+)?"
    r"(?P<s>\d{1,12})[ \t]+(?P<sunit>seconds|second)"
)


class TranscriptError(LocatedError, ValueError):
    """A transcript that cannot be read; ``str()`` is ``file:line: what is wrong``.

    A :class:`~workbook.errors.LocatedError` (so the command line prints it once, as one line)
    and a ``ValueError`` (what a parser raises for bad text).
    """

    def __init__(self, file: str | os.PathLike[str] | None, line: int | None, message: str) -> None:
        super().__init__(file, line, None, message)

    def __reduce__(self):  # picklable across processes
        return (type(self), (self.file, self.line, self.message))


def _quote(text: str) -> str:
    """A bad piece of input, shortened for an error message."""
    return repr(text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "…")


@dataclass(frozen=True)
class Segment:
    """One timed piece of a transcript.

    ``start`` and ``end`` are seconds from the start of the video; ``end`` is ``None`` when
    the source gives no end (the last segment of "Skip to" text). ``identifier`` and
    ``settings`` keep a WebVTT cue's identifier and cue settings, when it had them.
    """

    start: float
    end: float | None
    text: str
    identifier: str | None = None
    settings: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.start, bool) or not isinstance(self.start, (int, float)):
            raise TypeError(f"a segment's start must be a number of seconds, not {self.start!r}")
        if not math.isfinite(self.start) or self.start < 0:
            raise ValueError(f"a segment's start must be zero or more seconds, not {self.start}")
        if self.end is not None:
            if isinstance(self.end, bool) or not isinstance(self.end, (int, float)):
                raise TypeError(f"a segment's end must be seconds or None, not {self.end!r}")
            if not math.isfinite(self.end) or self.end < self.start:
                raise ValueError(
                    f"a segment's end ({self.end}) must not come before its start ({self.start})"
                )
        if not isinstance(self.text, str):
            raise TypeError(f"a segment's text must be a string, not {type(self.text).__name__}")


@dataclass
class TranscriptModel:
    """A titled list of segments in the order they are spoken."""

    title: str | None = None
    segments: list[Segment] = field(default_factory=list)

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def text(self) -> str:
        """All the words, one segment a paragraph."""
        return "\n\n".join(s.text for s in self.segments)

    def ends(self) -> list[float]:
        """Each segment's end: its own, else the next start, else estimated from its words."""
        out: list[float] = []
        for i, seg in enumerate(self.segments):
            if seg.end is not None:
                out.append(seg.end)
                continue
            nxt = self.segments[i + 1].start if i + 1 < len(self.segments) else None
            if nxt is not None and nxt > seg.start:
                out.append(nxt)
            else:
                words = len(seg.text.split())
                out.append(seg.start + max(_MIN_LAST_SECONDS, words / _WORDS_PER_SECOND))
        return out

    def to_webvtt(self) -> str:
        """The transcript as a WebVTT file (``HH:MM:SS.mmm`` timings; a ``NOTE`` holds the title).

        Blank lines inside a segment's text are dropped and ``-->`` is written ``--&gt;``,
        because WebVTT would otherwise read them as the end of the cue.
        """
        parts = ["WEBVTT\n"]
        if self.title:
            title = " ".join(self.title.replace("-->", "--&gt;").split("\n"))
            parts.append(f"NOTE\nTitle: {title}\n")
        for seg, end in zip(self.segments, self.ends(), strict=True):
            lines = []
            ident = seg.identifier
            if ident and "-->" not in ident and "\n" not in ident and ident.strip(_BLANK):
                lines.append(ident)
            settings = " ".join(seg.settings.split()) if seg.settings else ""
            timing = f"{_vtt_time(seg.start)} --> {_vtt_time(end)}"
            lines.append(f"{timing} {settings}" if settings else timing)
            text = seg.text.replace("\r\n", "\n").replace("\r", "\n").replace("-->", "--&gt;")
            lines.extend(line for line in text.split("\n") if line.strip(_BLANK))
            parts.append("\n".join(lines) + "\n")
        return "\n".join(parts)

    def to_srt(self) -> str:
        """The transcript as a SubRip (SRT) file, cues numbered from 1."""
        blocks = []
        for n, (seg, end) in enumerate(zip(self.segments, self.ends(), strict=True), start=1):
            text = seg.text.replace("\r\n", "\n").replace("\r", "\n").replace("-->", "--&gt;")
            lines = [line for line in text.split("\n") if line.strip(_BLANK)]
            blocks.append(
                "\n".join([str(n), f"{_srt_time(seg.start)} --> {_srt_time(end)}", *lines]) + "\n"
            )
        return "\n".join(blocks)


# ---------------------------------------------------------------------------------------------
# Reading


def parse(
    path: str | os.PathLike[str], *, format: str | None = None, title: str | None = None
) -> TranscriptModel:
    """Read a transcript file (WebVTT, SRT or "Skip to" text), recognising its format.

    ``format`` forces one of :data:`FORMATS`; ``title`` overrides the title found in the file.
    Raises :class:`TranscriptError` naming the file and line of the first problem, or
    ``OSError`` when the file cannot be read.
    """
    p = Path(path)
    if p.exists() and not p.is_file():
        raise TranscriptError(p, None, "is not a regular file (a folder, device or pipe)")
    if p.exists() and p.stat().st_size > MAX_BYTES:
        raise TranscriptError(
            p, None, f"is larger than {MAX_BYTES // 1_000_000} MB; a transcript is text"
        )
    data = p.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TranscriptError(
            str(p), line, "is not UTF-8 text; save the file as UTF-8 and try again"
        ) from None
    return parse_text(text, name=str(p), format=format, title=title)


def parse_text(
    text: str, *, name: str = "<transcript>", format: str | None = None, title: str | None = None
) -> TranscriptModel:
    """Parse transcript text; ``name`` is used in error messages (usually the file name)."""
    if not isinstance(text, str):
        raise TypeError(f"transcript text must be a string, not {type(text).__name__}")
    text = _normalise(text)
    fmt = format if format is not None else detect_format(text, name=name)
    if fmt not in FORMATS:
        raise ValueError(f"unknown transcript format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "webvtt":
        result = _parse_webvtt(text, name)
    elif fmt == "srt":
        result = _parse_srt(text, name)
    else:
        result = _parse_skip_to(text, name)
    if title is not None:
        result.title = title
    return result


def detect_format(text: str, *, name: str = "<transcript>") -> str:
    """``"webvtt"``, ``"srt"`` or ``"skip-to"``, from the text (and the file name's suffix)."""
    text = _normalise(text)
    lines = [line for line in text.split("\n") if line.strip(_BLANK)]
    if not lines:
        raise TranscriptError(name, None, "is empty; a transcript needs timed segments")
    first = lines[0].strip(_BLANK)
    suffix = Path(name).suffix.lower()
    if re.match(r"WEBVTT(?:[ \t]|$)", first) or suffix == ".vtt":
        return "webvtt"
    numbered = bool(re.fullmatch(r"[0-9]+", first)) and len(lines) > 1 and "-->" in lines[1]
    if "-->" in first or numbered or suffix == ".srt":
        return "srt"
    if _SKIP_TO.search(text):
        return "skip-to"
    raise TranscriptError(
        name,
        1,
        "is not a transcript this workbook can read: expected WebVTT (starting 'WEBVTT'), "
        "SRT (numbered cues with '00:00:01,000 --> 00:00:04,000') or text with "
        "'Skip to N minutes and M seconds' markers",
    )


def _normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    # Only CR LF and CR are line ends here; str.splitlines would also split on U+2028 etc.,
    # which belong to the learner-visible text.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_blank(line: str) -> bool:
    return not line.strip(_BLANK)


def _blocks(lines: list[str], start: int) -> Iterator[tuple[int, list[str]]]:
    """Yield (1-based first line, lines) for each run of non-blank lines from ``start``."""
    i = start
    while i < len(lines):
        if _is_blank(lines[i]):
            i += 1
            continue
        first = i
        while i < len(lines) and not _is_blank(lines[i]):
            i += 1
        yield first + 1, lines[first:i]


def _seconds(stamp: str, name: str, line: int, example: str) -> float:
    m = _TIMESTAMP.fullmatch(stamp)
    if not m:
        raise TranscriptError(name, line, f"invalid timestamp {_quote(stamp)} (expected {example})")
    h, mi, s, frac = m.groups()
    if h is not None and len(h) > _MAX_HOUR_DIGITS:
        raise TranscriptError(
            name,
            line,
            f"invalid timestamp {_quote(stamp)}: the hours field has {len(h)} digits "
            f"(at most {_MAX_HOUR_DIGITS}); write hours as HH, e.g. {example}",
        )
    if int(mi) > 59 or int(s) > 59:
        raise TranscriptError(
            name, line, f"invalid timestamp {_quote(stamp)}: minutes and seconds go up to 59"
        )
    ms = int(frac.ljust(3, "0"))
    return (int(h or 0) * 3600 + int(mi) * 60 + int(s)) + ms / 1000


def _timing(line_text: str, name: str, line: int, example: str) -> tuple[float, float, str]:
    m = _TIMING.match(line_text)
    if not m:
        raise TranscriptError(
            name, line, f"invalid cue timing {_quote(line_text.strip())} (expected '{example}')"
        )
    stamp_example = example.split(" ")[0]
    start = _seconds(m["start"], name, line, stamp_example)
    end = _seconds(m["end"], name, line, stamp_example)
    if end < start:
        raise TranscriptError(
            name,
            line,
            f"the cue ends ({_quote(m['end'])}) before it starts ({_quote(m['start'])})",
        )
    return start, end, (m["settings"] or "")


def _payload(block: list[str], first_line: int, offset: int, name: str) -> str:
    for k, text in enumerate(block[offset:]):
        if "-->" in text:
            raise TranscriptError(
                name,
                first_line + offset + k,
                "a timing line inside a cue's text; put a blank line before each new cue",
            )
    return "\n".join(block[offset:])


def _parse_webvtt(text: str, name: str) -> TranscriptModel:
    lines = text.split("\n")
    i = 0
    while i < len(lines) and _is_blank(lines[i]):
        i += 1
    if i >= len(lines):
        raise TranscriptError(name, None, "is empty; a transcript needs timed segments")
    header = lines[i]
    m = re.match(r"WEBVTT(?:[ \t]+(.*))?$", header.rstrip(_BLANK))
    if not m:
        raise TranscriptError(name, i + 1, "a WebVTT file must start with the line 'WEBVTT'")
    title = (m[1] or "").strip(_BLANK).lstrip("-").strip(_BLANK) or None
    if title and title.upper() == "FILE":  # "WEBVTT FILE", an early convention, is no title
        title = None
    if title and "-->" in title:
        raise TranscriptError(name, i + 1, "the WEBVTT line must not contain '-->'")
    i += 1
    # Header metadata lines (e.g. "Kind: captions") run up to the first blank line.
    while i < len(lines) and not _is_blank(lines[i]):
        if "-->" in lines[i]:
            break
        i += 1
    example = "00:00:05.000 --> 00:00:09.000"
    segments: list[Segment] = []
    for first_line, block in _blocks(lines, i):
        head = block[0]
        keyword = head.split(None, 1)[0] if head.strip() else ""
        if keyword in ("NOTE", "STYLE", "REGION") and "-->" not in head:
            if keyword == "NOTE" and title is None:
                for note_line in [head[4:], *block[1:]]:
                    tm = re.match(r"[ \t]*Title:[ \t]*(.+)$", note_line)
                    if tm and tm[1].strip(_BLANK):
                        title = tm[1].strip(_BLANK)
                        break
            continue
        if "-->" in head:
            ident, timing_at = None, 0
        elif len(block) > 1 and "-->" in block[1]:
            ident, timing_at = head, 1
        else:
            raise TranscriptError(
                name,
                first_line,
                f"expected a cue timing line like '{example}' (or a cue identifier, NOTE or "
                f"STYLE block), found {head.strip()[:60]!r}",
            )
        start, end, settings = _timing(block[timing_at], name, first_line + timing_at, example)
        body = _payload(block, first_line, timing_at + 1, name)
        segments.append(Segment(start, end, body, identifier=ident, settings=settings))
    return TranscriptModel(title=title, segments=segments)


def _parse_srt(text: str, name: str) -> TranscriptModel:
    lines = text.split("\n")
    example = "00:00:05,000 --> 00:00:09,000"
    segments: list[Segment] = []
    for first_line, block in _blocks(lines, 0):
        head = block[0].strip(_BLANK)
        if "-->" in head:
            ident, timing_at = None, 0
        elif re.fullmatch(r"[0-9]+", head) and len(block) > 1 and "-->" in block[1]:
            ident, timing_at = head, 1
        else:
            raise TranscriptError(
                name,
                first_line,
                f"expected a cue number and a timing line like '{example}', found {head[:60]!r}",
            )
        start, end, _settings = _timing(block[timing_at], name, first_line + timing_at, example)
        body = _payload(block, first_line, timing_at + 1, name)
        segments.append(Segment(start, end, body, identifier=ident))
    if not segments:
        raise TranscriptError(name, None, "has no cues")
    return TranscriptModel(title=None, segments=segments)


def _parse_skip_to(text: str, name: str) -> TranscriptModel:
    marks = list(_SKIP_TO.finditer(text))
    if not marks:
        raise TranscriptError(
            name, 1, "found no 'Skip to N minutes and M seconds' markers to split the text at"
        )

    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    lead = text[: marks[0].start()]
    title = None
    lead_lines = [ln.strip(_BLANK) for ln in lead.split("\n") if ln.strip(_BLANK)]
    if lead_lines:
        candidate = " ".join(lead_lines)
        if len(candidate) > _MAX_TITLE:
            raise TranscriptError(
                name,
                line_of(len(lead) - len(lead.lstrip(_STRIP))),
                "text before the first 'Skip to ...' marker is too long to be a title; "
                "each segment must start with 'Skip to N minutes and M seconds'",
            )
        title = candidate
    starts: list[tuple[float, int, int]] = []  # (seconds, text start, line)
    for m in marks:
        line = line_of(m.start())
        if any(len(m[g] or "") > _MAX_HOUR_DIGITS for g in ("h", "m", "s")):
            raise TranscriptError(
                name, line, f"invalid time in {_quote(m[0])}: a number there is far too long"
            )
        seconds = int(m["h"] or 0) * 3600 + int(m["m"] or 0) * 60 + int(m["s"])
        body_start = m.end()
        # "1 secondsome words": the plural 's' belongs to the text, since 1 takes "second".
        if (
            int(m["s"]) == 1
            and m["sunit"] == "seconds"
            and body_start < len(text)
            and text[body_start] not in _STRIP
        ):
            body_start -= 1
        if int(m["s"]) > 59 or (m["h"] and int(m["m"] or 0) > 59):
            raise TranscriptError(name, line, f"invalid time in {_quote(m[0])}")
        if starts and seconds < starts[-1][0]:
            raise TranscriptError(
                name,
                line,
                f"{_quote(m[0])} goes back in time from the segment before; markers must be in order",
            )
        starts.append((float(seconds), body_start, line))
    segments: list[Segment] = []
    for k, (seconds, body_start, _line) in enumerate(starts):
        body_end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        body = text[body_start:body_end].strip(_STRIP)
        end = starts[k + 1][0] if k + 1 < len(starts) else None
        segments.append(Segment(seconds, end, body))
    return TranscriptModel(title=title, segments=segments)


# ---------------------------------------------------------------------------------------------
# Writing


def _split_ms(seconds: float) -> tuple[int, int, int, int]:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return h, m, s, ms


def _vtt_time(seconds: float) -> str:
    h, m, s, ms = _split_ms(seconds)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _srt_time(seconds: float) -> str:
    h, m, s, ms = _split_ms(seconds)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


#: The name this class had before the data and view sides were named apart.
Transcript = TranscriptModel
