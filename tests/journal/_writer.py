"""A journal writer run as a separate process by the concurrency and crash tests.

python _writer.py concurrent JOURNAL WORKER N GO_FILE
    wait for GO_FILE to exist, then save N reflections (one transaction each).
python _writer.py crash JOURNAL RUN SEED
    print "ready", wait for a line on stdin, then write until killed: single saves and multi-entry imports,
    printing each committed entry's id (or batch) only after its commit returns.
"""

from __future__ import annotations

import os
import random
import sys
import time

from workbook.journal import Journal


def concurrent(path: str, worker: int, n: int, go: str) -> None:
    journal = Journal(path)
    while not os.path.exists(go):
        time.sleep(0.001)
    for i in range(n):
        journal.save_reflection(f"w01-r{worker:02d}", f"worker {worker} entry {i}")


def crash(path: str, run: int, seed: int) -> None:
    rng = random.Random(seed)
    journal = Journal(path)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    sys.stdin.readline()  # "go": the test starts the next writer while this one waits
    i = 0
    while True:
        i += 1
        filler = "x" * rng.randrange(0, 9_000)  # spans several pages, so commits take a while
        if rng.random() < 0.7:
            entry = f"r{run}-{i}"
            journal.save_reflection(f"crash-{run}", f"{entry} {filler}")
            out.write(f"single {entry}\n")
        else:
            batch = f"b{run}-{i}"
            size = rng.randrange(2, 8)
            journal.import_data(
                {
                    "format": "workbook-notes",
                    "version": 1,
                    "reflections": [
                        {
                            "prompt_id": f"batch-{batch}",
                            "text": f"{batch}-{k} {filler}",
                            "saved_at": f"2026-11-26T10:00:{k:02d}Z",
                        }
                        for k in range(size)
                    ],
                }
            )
            out.write(f"batch {batch} {size}\n")
        out.flush()


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    if mode == "concurrent":
        concurrent(rest[0], int(rest[1]), int(rest[2]), rest[3])
    elif mode == "crash":
        crash(rest[0], int(rest[1]), int(rest[2]))
    else:
        sys.exit(f"unknown mode {mode!r}")
