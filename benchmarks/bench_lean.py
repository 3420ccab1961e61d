"""Benchmark ``workbook.lean`` against the STARS ``treat-sim`` model (a script, not a test).

    python benchmarks/bench_lean.py                    # writes results/lean.md
    python benchmarks/bench_lean.py --peer-reps 100 --out -

Both models simulate a year (525,600 minutes) at the same demand: ours with its default,
Flinders-calibrated scenario (about 123 arrivals a day), treat-sim with its own Nelson (2013)
arrival profile rescaled to the same mean of 45,000 / 365 arrivals a day and otherwise its
default parameters (its pathway: triage, registration, examination, trauma stabilisation and
cubicle treatment). The measure is simulated patients per second of wall time:

1. one replication of a year (best of ``--repeat`` runs, each building the run's summary);
2. 100 replications of a year on ``--jobs`` processes: ours through
   ``multiple_replications``; treat-sim's ``single_run`` mapped over the same number of
   processes (it has no parallel runner of its own), for ``--peer-reps`` replications
   (default 10, because a treat-sim year takes tens of seconds), with the time for 100
   projected from its rate and marked as such.

treat-sim is installed for the benchmark only (``pip install treat-sim``); it is never a
runtime dependency of the workbook.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from workbook.lean import Scenario, multiple_replications, single_run  # noqa: E402

YEAR = 365 * 1440.0
PER_DAY = 45_000 / 365


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def ours_one(seed: int) -> int:
    result = single_run(Scenario(), seed)
    result.summary()
    return len(result.patients)


def treat_scenario():
    from treat_sim import model
    from treat_sim.datasets import load_nelson_arrivals

    profile = load_nelson_arrivals()
    # Its 18 hourly rates repeat every 18 hours over a long run, so their mean is per hour.
    profile["arrival_rate"] *= (PER_DAY / 24) / profile["arrival_rate"].mean()
    return model, model.Scenario(arrival_profile=profile)


def treat_one(seed: int) -> int:
    model, scenario = treat_scenario()
    frame = model.single_run(scenario, rc_period=YEAR, random_no_set=seed)
    return int(frame["00_arrivals"].iloc[0])


def best(func, repeat: int) -> tuple[float, float, int]:
    """Best wall time and best CPU time (this process) of ``repeat`` runs, and the patients."""
    walls, cpus, patients = [], [], 0
    for k in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        patients = func(k + 1)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), patients


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pooled(func, reps: int, jobs: int) -> tuple[float, float, int]:
    """Wall time, CPU time of the worker processes, and patients, for ``reps`` runs."""
    cpu, wall = children_cpu(), time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        patients = sum(pool.map(func, range(reps)))
    return time.perf_counter() - wall, children_cpu() - cpu, patients


def ours_many(reps: int, jobs: int) -> tuple[float, float, int]:
    cpu, wall = children_cpu(), time.perf_counter()
    result = multiple_replications(Scenario(), reps, seed=1, n_jobs=jobs)
    return time.perf_counter() - wall, children_cpu() - cpu, int(result.runs["arrivals"].sum())


def row(name: str, ours: tuple, peer: tuple | None, note: str = "") -> str:
    wall, cpu, n = ours
    cells = [name, f"{wall:.2f} s wall, {cpu:.2f} s CPU; {n:,} patients; {n / wall:,.0f}/s wall"]
    if peer is None:
        return "| " + " | ".join([*cells, "not installed", "", ""]) + " |"
    pwall, pcpu, pn = peer
    cells.append(
        f"{note}{pwall:.1f} s wall, {pcpu:.1f} s CPU; {pn:,} patients; {pn / pwall:,.0f}/s wall"
    )
    cells.append(f"{(n / wall) / (pn / pwall):.0f}x")
    cells.append(f"{(n / cpu) / (pn / pcpu):.0f}x")
    return "| " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--peer-reps", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(HERE / "results" / "lean.md"))
    args = parser.parse_args()
    have_peer = version("treat-sim") != "not installed"

    one = best(ours_one, args.repeat)
    print(f"ours, one year: {one}", flush=True)
    peer_one = best(treat_one, 1) if have_peer else None
    print(f"treat-sim, one year: {peer_one}", flush=True)
    load = os.getloadavg()[0]
    many = ours_many(args.reps, args.jobs)
    print(f"ours, {args.reps} years: {many}", flush=True)
    peer_many = pooled(treat_one, args.peer_reps, args.jobs) if have_peer else None
    print(f"treat-sim, {args.peer_reps} years: {peer_many}", flush=True)
    wall, cpu, _ = many

    lines = [
        "# Benchmark: workbook.lean against treat-sim",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, shared with other work while measured (1-minute load average "
        f"{load:.1f} when the replications started); simpy {version('simpy')}, numpy "
        f"{version('numpy')}, treat-sim {version('treat-sim')}.",
        f"Date: {time.strftime('%d %B %Y', time.gmtime())}. Command: `python benchmarks/bench_lean.py"
        f" --reps {args.reps} --peer-reps {args.peer_reps} --jobs {args.jobs} --repeat {args.repeat}`.",
        "",
        "Method: a year (525,600 minutes) at 45,000 / 365 ≈ 123 arrivals a day for both models;",
        "ours with its default single-queue scenario (run and summary), treat-sim with its",
        "Nelson (2013) arrival profile rescaled to that mean and its default pathway and",
        "resources (its `single_run`, which returns its summary). One replication: best of",
        f"{args.repeat} for ours, one run for treat-sim. Many replications: ours through",
        f"`multiple_replications(n_jobs={args.jobs})`; treat-sim's `single_run` mapped over a pool",
        f"of {args.jobs} processes for {args.peer_reps} replications (a treat-sim year takes",
        f"tens of seconds), its time for {args.reps} projected from its rate. CPU time is the",
        "processes' own user + system time, which other work on a shared machine disturbs far",
        "less than wall time; the CPU ratio is the fairer comparison when the load moves during a run.",
        "",
        "| measure | workbook.lean | treat-sim | ratio, patients/s (wall) | ratio (CPU) |",
        "|---|---|---|---|---|",
        row("one replication of a year", one, peer_one),
        row(
            f"{args.reps} replications of a year on {args.jobs} processes",
            many,
            peer_many,
            note=f"{args.peer_reps} replications: " if have_peer else "",
        ),
        "",
    ]
    if have_peer:
        pwall, pcpu, pn = peer_many
        lines.append(
            f"treat-sim's {args.reps} replications, projected from its measured rate: "
            f"{pwall * args.reps / args.peer_reps:,.0f} s wall, {pcpu * args.reps / args.peer_reps:,.0f} s CPU."
        )
    lines += [
        "",
        f"Goal: {args.reps} replications of a year in under 30 s on two cores. Measured: "
        f"{wall:.1f} s wall ({'met' if wall < 30 else 'not met'} on this shared machine); the "
        f"workers used {cpu:.1f} s of CPU ({cpu / args.reps:.2f} s a year), about "
        f"{cpu / args.jobs:.1f} s on {args.jobs} otherwise idle cores. At least as fast as "
        "treat-sim: "
        + (
            "yes"
            if peer_many and many[2] / many[0] >= peer_many[2] / peer_many[0]
            else "no"
            if have_peer
            else "treat-sim not installed"
        )
        + ".",
        "",
    ]
    text = "\n".join(lines)
    if args.out == "-":
        print(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
