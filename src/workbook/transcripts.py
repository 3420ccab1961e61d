"""Lecture transcripts: moved to :mod:`workbook.content.transcripts` (course content as data).

This module keeps ``from workbook.transcripts import parse`` working for code written before
the move; new code imports from :mod:`workbook.content.transcripts`.
"""

from workbook.content.transcripts import (
    FORMATS,
    Segment,
    Transcript,
    TranscriptError,
    TranscriptModel,
    detect_format,
    parse,
    parse_text,
)

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
