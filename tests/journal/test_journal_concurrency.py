"""Several processes writing at once, and writers killed mid-write: nothing committed is lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from workbook.journal import Journal

WRITER = Path(__file__).with_name("_writer.py")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def test_eight_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "journal.sqlite3"  # not created yet: the writers race to set it up too
    go = tmp_path / "go"
    workers, per_worker = 8, 500
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(WRITER),
                "concurrent",
                str(path),
                str(w),
                str(per_worker),
                str(go),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for w in range(workers)
    ]
    time.sleep(0.5)  # let them start and open the journal, so they really write together
    go.touch()
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err

    journal = Journal(path)
    entries = journal.reflections()
    assert len(entries) == workers * per_worker
    expected = {
        (f"w01-r{w:02d}", f"worker {w} entry {i}")
        for w in range(workers)
        for i in range(per_worker)
    }
    assert {(e["prompt_id"], e["text"]) for e in entries} == expected
    # Each worker's own saves keep their order in the history.
    history = journal.reflection_history("w01-r03")
    assert [h["text"] for h in history] == [f"worker 3 entry {i}" for i in range(per_worker)]
    assert journal.integrity_check() == ["ok"]


def _reported(stdout: str) -> tuple[set[str], dict[str, int]]:
    singles: set[str] = set()
    batches: dict[str, int] = {}
    for line in stdout.splitlines(keepends=True):
        if not line.endswith("\n"):
            continue  # cut off by the kill: not reported
        kind, *rest = line.split()
        if kind == "single":
            singles.add(rest[0])
        elif kind == "batch":
            batches[rest[0]] = int(rest[1])
    return singles, batches


def test_writer_killed_mid_write_fifty_times_keeps_every_commit(tmp_path):
    path = tmp_path / "journal.sqlite3"
    rng = random.Random(20261126)
    reported_singles: set[str] = set()
    reported_batches: dict[str, int] = {}

    def start(run: int) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, str(WRITER), "crash", str(path), str(run), str(rng.randrange(10**6))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )

    runs = 50
    upcoming = start(0)
    for run in range(runs):
        proc = upcoming
        assert proc.stdin is not None and proc.stdout is not None
        assert proc.stdout.readline() == "ready\n", proc.stderr.read() if proc.stderr else ""
        # The next writer starts up (imports, opens the journal) while this one writes.
        upcoming = start(run + 1) if run + 1 < runs else None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        first = ""
        if run % 2:
            # Every other writer is killed only after its first commit, so the run proves
            # something on a loaded machine too; the others may die during their first write.
            first = proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.06))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        out = first + out
        assert proc.returncode == -signal.SIGKILL, err
        singles, batches = _reported(out)
        reported_singles |= singles
        reported_batches.update(batches)

        # The journal opens (no error), is intact, and holds everything reported so far.
        journal = Journal(path)
        assert journal.integrity_check() == ["ok"]
        saved = {e["text"].split(" ", 1)[0] for e in journal.reflections()}
        assert reported_singles <= saved
        for batch, size in reported_batches.items():
            assert len(journal.reflection_history(f"batch-{batch}")) == size
        journal.close()

    # Imports are all or nothing even when killed: every batch present is complete.
    conn = sqlite3.connect(path)
    counts = dict(
        conn.execute(
            "SELECT prompt_id, count(*) FROM reflections WHERE prompt_id LIKE 'batch-%' "
            "GROUP BY prompt_id"
        ).fetchall()
    )
    conn.close()
    assert len(reported_singles) + len(reported_batches) >= runs // 2  # the writers got going
    for prompt_id, count in counts.items():
        batch = prompt_id.removeprefix("batch-")
        if batch in reported_batches:
            assert count == reported_batches[batch]
        else:  # committed but killed before it could report: still whole
            assert 2 <= count <= 7
