"""Reading WebVTT, SRT and "Skip to N minutes and M seconds" transcripts; writing WebVTT."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.content.transcripts import (
    Segment,
    Transcript,
    TranscriptError,
    detect_format,
    parse,
    parse_text,
)

FIXTURES = Path(__file__).with_name("transcript_fixtures")
UNICODE_LINE = "Unicode: مرحبا · שלום · 👩🏽‍⚕️ · e\u0301 · 日本語"


def test_webvtt_fixture():
    t = parse(FIXTURES / "lecture.vtt")
    assert t.title == "Sample lecture on run charts"
    assert [s.start for s in t] == [0.0, 4.5, 9.25, 94.0]
    assert [s.end for s in t] == [4.5, 9.25, 94.0, 3723.004]
    first, second, third, fourth = t.segments
    assert first.identifier == "intro" and first.settings == "align:start position:10%"
    assert first.text == "<v Tutor>Welcome to this short <i>sample</i> lecture.</v>"
    assert second.text == "A run chart plots a measure over time,\nwith the median drawn as a line."
    assert second.identifier is None
    assert third.identifier == "3" and third.settings == "line:0 size:80%"
    assert third.text == "Tags such as <b>bold</b> &amp; entities stay as text."
    assert fourth.text == UNICODE_LINE
    assert "\r" not in "".join(s.text for s in t) and "\ufeff" not in first.text


def test_srt_fixture():
    t = parse(FIXTURES / "lecture.srt")
    assert t.title is None
    assert [(s.start, s.end) for s in t] == [
        (0.0, 4.5),
        (4.5, 9.25),
        (9.25, 94.0),
        (94.0, 3723.004),
    ]
    assert t.segments[0].text == "Welcome to this short <i>sample</i> lecture."
    assert t.segments[1].text.split("\n") == [
        "A run chart plots a measure over time,",
        "with the median drawn as a line.",
    ]
    assert t.segments[2].text == "{\\an8}Position codes stay as text."
    assert t.segments[3].text == UNICODE_LINE


def test_skip_to_fixture():
    t = parse(FIXTURES / "lecture-skip-to.txt")
    assert t.title == "Sample lecture on run charts"
    assert [s.start for s in t] == [5, 41, 94, 95, 121, 3723]
    assert [s.end for s in t] == [41, 94, 95, 121, 3723, None]
    texts = [s.text for s in t]
    assert texts[0] == "Welcome to this short sample lecture, written for the tests."
    assert texts[2] == "Often the median is drawn as a line."
    assert texts[3] == "After the marker, spaces and a new line are allowed."
    assert texts[4] == "some words that begin with an s."  # "1 second" + "some", not "seconds"
    assert texts[5] == "Unicode: مرحبا · 👩🏽‍⚕️ · e\u0301"


@pytest.mark.parametrize(
    ("text", "start", "words"),
    [
        ("Skip to 1 minute and 34 secondsOften ...", 94, "Often ..."),
        ("Skip to 0 minutes and 5 secondsHello", 5, "Hello"),
        ("Skip to 0 minutes and 1 secondHello", 1, "Hello"),
        ("Skip to 0 minutes and 0 seconds\n\nHello", 0, "Hello"),
        ("Skip to 2 minutes and 1 secondso it begins", 121, "so it begins"),
        ("Skip to 0 minutes and 1 seconds Hello", 1, "Hello"),
        ("Skip to 1 hour and 0 minutes and 2 secondsLate", 3602, "Late"),
        ("Skip to 10 minutes and 59 seconds Late", 659, "Late"),
    ],
)
def test_skip_to_marker_forms(text, start, words):
    t = parse_text(text, name="x.txt")
    assert [(s.start, s.end, s.text) for s in t] == [(start, None, words)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("lecture.vtt", "webvtt"),
        ("lecture.srt", "srt"),
        ("lecture-skip-to.txt", "skip-to"),
    ],
)
def test_format_is_recognised_from_content(name, expected):
    text = (FIXTURES / name).read_bytes().decode("utf-8")
    assert detect_format(text, name="no-suffix") == expected


def test_vtt_round_trip_is_stable():
    first = parse(FIXTURES / "lecture.vtt").to_webvtt()
    again = parse_text(first, name="again.vtt")
    assert again.to_webvtt() == first
    assert [s.text for s in again] == [s.text for s in parse(FIXTURES / "lecture.vtt")]
    assert again.title == "Sample lecture on run charts"


def test_course_transcripts_round_trip(repo_root):
    files = sorted((repo_root / "weeks").glob("week0*/transcripts/*.vtt"))
    assert files, "the course has transcripts"
    for path in files:
        original = parse(path)
        written = original.to_webvtt()
        reread = parse_text(written, name=str(path))
        assert reread.segments == original.segments
        assert reread.title == original.title
        assert reread.to_webvtt() == written


@pytest.mark.parametrize("name", ["lecture.srt", "lecture-skip-to.txt"])
def test_conversion_to_webvtt_keeps_times_and_words(name):
    source = parse(FIXTURES / name)
    vtt = parse_text(source.to_webvtt(), name="out.vtt")
    assert [s.start for s in vtt] == [s.start for s in source]
    assert [s.text for s in vtt] == [s.text for s in source]
    ends = [s.end for s in vtt]
    assert ends[:-1] == [s.start for s in vtt][1:]
    assert ends[-1] > vtt.segments[-1].start


def test_skip_to_webvtt_output():
    t = parse_text(
        "Skip to 0 minutes and 5 secondsWelcome.Skip to 1 minute and 34 secondsOften ...",
        name="x.txt",
    )
    assert t.to_webvtt() == (
        "WEBVTT\n\n"
        "00:00:05.000 --> 00:01:34.000\nWelcome.\n\n"
        "00:01:34.000 --> 00:01:36.000\nOften ...\n"
    )


def test_srt_writer():
    t = parse(FIXTURES / "lecture.vtt")
    srt = t.to_srt()
    assert srt.startswith("1\n00:00:00,000 --> 00:00:04,500\n<v Tutor>Welcome")
    assert [s.text for s in parse_text(srt, name="x.srt")] == [s.text for s in t]


def test_writer_keeps_cues_intact_when_text_would_break_them():
    t = Transcript(
        title="A --> B\ntitle",
        segments=[Segment(1.0, 2.0, "first\n\n\nparagraph --> arrow"), Segment(2.0, None, "end")],
    )
    vtt = t.to_webvtt()
    reread = parse_text(vtt, name="x.vtt")
    assert [s.text for s in reread] == ["first\nparagraph --&gt; arrow", "end"]
    assert reread.title == "A --&gt; B title"
    assert reread.segments[1].end == 4.0  # one word: the two-second minimum


def test_unicode_round_trips_exactly_through_webvtt():
    texts = [
        "مرحبا بالعالم",
        "\u200fשלום\u200f",
        "👩🏽‍⚕️🇬🇧",
        "e\u0301a\u0308",
        "行\u2028列",
        "\u00a0x",
    ]
    t = Transcript(segments=[Segment(float(i), float(i + 1), s) for i, s in enumerate(texts)])
    assert [s.text for s in parse_text(t.to_webvtt(), name="u.vtt")] == texts


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_bom_and_line_endings(ending, bom):
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nHello\nthere\n".replace("\n", ending)
    t = parse_text(bom + text, name="x.vtt")
    assert [(s.start, s.end, s.text) for s in t] == [(1.0, 2.0, "Hello\nthere")]


# ---------------------------------------------------------------------------------------------
# Malformed input: a ValueError naming the file and the line

MALFORMED = {
    "no-header.vtt": (
        "00:00:01.000 --> 00:00:02.000\nHello\n",
        1,
        "must start with the line 'WEBVTT'",
    ),
    "bad-stamp.vtt": ("WEBVTT\n\n00:00:01.000 --> 00:00:61.000\nHello\n", 3, "invalid timestamp"),
    "garbled.vtt": ("WEBVTT\n\n00:00:01.000 --> soon\nHello\n", 3, "invalid timestamp 'soon'"),
    "backwards.vtt": ("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHi\n", 3, "before it starts"),
    "no-timing.vtt": ("WEBVTT\n\nJust some words\nwith no timing\n", 3, "expected a cue timing"),
    "missing-blank.vtt": (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nOne\n00:02.000 --> 00:03.000\nTwo\n",
        5,
        "put a blank line before each new cue",
    ),
    "no-number.srt": ("1\n00:00:01,000 --> 00:00:02,000\nHi\n\nstray text\n", 5, "expected a cue"),
    "bad-stamp.srt": ("1\n00:00:01,000 --> 00:0x:02,000\nHi\n", 2, "invalid timestamp"),
    "backwards.txt": (
        "Skip to 0 minutes and 9 secondsLater\nSkip to 0 minutes and 3 secondsEarlier",
        2,
        "goes back in time",
    ),
    "long-preamble.txt": ("word " * 100 + "\nSkip to 0 minutes and 1 secondHi", 1, "too long"),
    "prose.txt": ("Just some notes about the lecture.\nNothing timed.\n", 1, "not a transcript"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_files_name_file_and_line(tmp_path, name):
    content, line, phrase = MALFORMED[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TranscriptError) as info:
        parse(path)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.line == line and err.file == path
    assert str(err).startswith(f"{path}:{line}: ") and phrase in str(err)


def test_empty_and_non_utf8_files(tmp_path):
    empty = tmp_path / "empty.vtt"
    empty.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="is empty"):
        parse(empty)
    latin = tmp_path / "latin.srt"
    latin.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(TranscriptError, match=r"latin\.srt:3: is not UTF-8 text"):
        parse(latin)


def test_unknown_format_name_is_refused():
    with pytest.raises(ValueError, match="unknown transcript format"):
        parse_text("WEBVTT\n", format="sbv")


@pytest.mark.parametrize(
    ("args", "error"),
    [((-1.0, None, "x"), ValueError), ((2.0, 1.0, "x"), ValueError), ((0.0, None, 5), TypeError)],
)
def test_segment_checks_its_values(args, error):
    with pytest.raises(error):
        Segment(*args)


def test_webvtt_file_header_is_not_a_title():
    assert parse_text("WEBVTT FILE\n\n00:01.000 --> 00:02.000\nHi\n").title is None
