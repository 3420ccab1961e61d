"""Vectorised run-length helpers (no Python loops over points)."""

from __future__ import annotations

import numpy as np

__all__ = ["run_starts", "run_lengths_per_point", "flag_runs"]


def run_starts(codes: np.ndarray) -> np.ndarray:
    """Positions where a new run of equal codes starts (always includes 0 when non-empty)."""
    if codes.size == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    return np.concatenate(([0], change))


def run_lengths_per_point(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (run id per point, run length per point, run lengths) for runs of equal codes."""
    starts = run_starts(codes)
    lengths = np.diff(np.append(starts, codes.size))
    run_id = np.repeat(np.arange(starts.size), lengths)
    return run_id, lengths[run_id], lengths


def flag_runs(codes: np.ndarray, min_length: int, *, ignore_zero: bool = True) -> np.ndarray:
    """True for points in a run of at least ``min_length`` equal codes (0 never flagged)."""
    if codes.size == 0:
        return np.zeros(0, dtype=bool)
    _, per_point, _ = run_lengths_per_point(codes)
    flags = per_point >= min_length
    if ignore_zero:
        flags &= codes != 0
    return flags
