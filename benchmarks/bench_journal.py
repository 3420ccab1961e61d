"""Benchmark: how long one journal write takes, against a bare SQLite insert in the same run.

    python benchmarks/bench_journal.py [--writes 1000] [--output benchmarks/results/journal.md]

The baseline is the least any durable write can cost here: one ``INSERT`` and ``COMMIT`` on
an open ``sqlite3`` connection to a WAL-mode database with the same ``synchronous=FULL``
setting as the journal. The journal adds argument checks, a timestamp, a lock and a
transaction of its own. Both are timed write by write, interleaved in blocks so that both
see the same disk and load; the report gives the median and 95th percentile. Target: a
journal write under 5 ms. Everything happens in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

TARGET_MS = 5.0
BLOCK = 50


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _stats(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {"median": statistics.median(ms), "p95": _percentile(ms, 0.95), "max": max(ms)}


def run(writes: int) -> dict:
    from workbook.journal import Journal

    text = "A reflection of about the usual length. " * 8
    with tempfile.TemporaryDirectory(prefix="bench-journal-") as folder:
        base = sqlite3.connect(Path(folder) / "baseline.sqlite3", isolation_level=None)
        base.execute("PRAGMA journal_mode = WAL")
        base.execute("PRAGMA synchronous = FULL")
        base.execute(
            "CREATE TABLE reflections (id INTEGER PRIMARY KEY, prompt_id TEXT, text TEXT, "
            "saved_at TEXT)"
        )

        def baseline_write(i: int) -> None:
            base.execute("BEGIN")
            base.execute(
                "INSERT INTO reflections (prompt_id, text, saved_at) VALUES (?, ?, ?)",
                (f"w01-r{i % 7:02d}", text, "2026-11-26T10:00:00.000000Z"),
            )
            base.execute("COMMIT")

        path = Path(folder) / "journal.sqlite3"
        start = time.perf_counter()
        journal = Journal(path)
        journal.save_reflection("w01-r00", "warm-up")  # creates the file and the schema
        create_s = time.perf_counter() - start

        def journal_write(i: int) -> None:
            journal.save_reflection(f"w01-r{i % 7:02d}", text)

        for i in range(BLOCK):  # warm-up, not timed
            baseline_write(i)
            journal_write(i)
        timings: dict[str, list[float]] = {"baseline": [], "journal": []}
        done = 0
        while done < writes:
            n = min(BLOCK, writes - done)
            for name, write in (("baseline", baseline_write), ("journal", journal_write)):
                for i in range(done, done + n):
                    t0 = time.perf_counter()
                    write(i)
                    timings[name].append(time.perf_counter() - t0)
            done += n
        base.close()

        other = {}
        journal.close()
        t0 = time.perf_counter()
        reopened = Journal(path)  # includes the integrity quick check
        reopened.latest_reflection("w01-r01")
        other["open and first read"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        reopened.export("json")
        other[f"JSON export of {writes + BLOCK + 1} entries"] = time.perf_counter() - t0
        reopened.close()
        other["create journal and first write"] = create_s
    return {
        "writes": writes,
        "baseline": _stats(timings["baseline"]),
        "journal": _stats(timings["journal"]),
        "other_ms": {k: v * 1000 for k, v in other.items()},
    }


def report(result: dict) -> str:
    b, j = result["baseline"], result["journal"]
    verdict = "meets" if j["median"] < TARGET_MS else "MISSES"
    lines = [
        "# Journal write latency",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by `benchmarks/bench_journal.py` "
        f"on {platform.system()} {platform.machine()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs.",
        "",
        f"{result['writes']} timed writes each (after {BLOCK} untimed), interleaved in blocks of "
        f"{BLOCK}. WAL mode, `synchronous=FULL` in both.",
        "",
        "| write | median (ms) | p95 (ms) | max (ms) |",
        "|---|---:|---:|---:|",
        f"| baseline: bare sqlite3 INSERT + COMMIT | {b['median']:.3f} | {b['p95']:.3f} | "
        f"{b['max']:.3f} |",
        f"| `Journal.save_reflection` | {j['median']:.3f} | {j['p95']:.3f} | {j['max']:.3f} |",
        "",
        f"Journal / baseline, median: {j['median'] / b['median']:.2f}x (the journal's own work "
        f"adds {j['median'] - b['median']:+.3f} ms; the rest is SQLite waiting for the disk to "
        "confirm the write). Target: a journal write "
        f"under {TARGET_MS:g} ms; the median {verdict} it.",
        "",
        "Other operations (single runs):",
        "",
    ]
    lines += [f"- {name}: {ms:.1f} ms" for name, ms in result["other_ms"].items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument(
        "--output",
        default=str(Path(__file__).resolve().parent / "results" / "journal.md"),
        help="Markdown report to write ('-' for none)",
    )
    args = parser.parse_args(argv)
    text = report(run(args.writes))
    print(text, end="")
    if args.output != "-":
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"(written to {args.output})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
