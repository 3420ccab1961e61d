"""Benchmarks for the foundation: import time, notebook execution against the bare-kernel
floor, and cold versus warm book builds.

Run from the repository root:  python benchmarks/bench_foundation.py [--skip-build]

Every figure is measured in the same run as its baseline and reported as a ratio, so the
results mean the same on a fast or a slow machine. Results go to benchmarks/results/foundation.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "foundation.md"


def _time_python(code: str, repeats: int) -> float:
    """Median in-process time of ``code`` in fresh interpreters (excludes interpreter start)."""
    probe = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    times = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def bench_import(repeats: int = 15) -> dict:
    workbook = _time_python("import workbook", repeats)
    baseline = _time_python("import json, pathlib, importlib.metadata", repeats)
    return {
        "import_workbook_s": workbook,
        "baseline_stdlib_s": baseline,
        "ratio": workbook / baseline,
    }


def _notebooks() -> list[Path]:
    files = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / f for f in files]


def _execute(path: Path | None, env: dict) -> float:
    """Wall time to start a kernel, run ``path`` (or an empty notebook) and shut down."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4) if path else nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cwd = str(path.parent) if path else str(ROOT)
    start = time.perf_counter()
    old = dict(os.environ)
    os.environ.update(env)
    try:
        NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": cwd}}
        ).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    return time.perf_counter() - start


def bench_notebooks(repeats: int = 3) -> dict:
    env = {"WORKBOOK_HOME": tempfile.mkdtemp(prefix="bench-home-"), "MPLBACKEND": "Agg"}
    floor = statistics.median(_execute(None, env) for _ in range(repeats))
    rows = {}
    for nb in _notebooks():
        t = statistics.median(_execute(nb, env) for _ in range(repeats))
        rows[str(nb.relative_to(ROOT))] = {"seconds": t, "ratio": t / floor}
    ratios = [r["ratio"] for r in rows.values()]
    return {
        "floor_s": floor,
        "notebooks": rows,
        "median_ratio": statistics.median(ratios),
        "max_ratio": max(ratios),
    }


def bench_build() -> dict:
    """Cold build in a fresh copy of the committed tree, then a rebuild with nothing changed."""
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for f in files:
        (work / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, work / f)
    env = {**os.environ, "WORKBOOK_HOME": tempfile.mkdtemp(prefix="bench-home-")}
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(work),
        "-W",
        "-n",
        "--keep-going",
    ]
    times = {}
    for label in ("cold", "warm"):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=work, env=env, capture_output=True, check=True)
        times[f"{label}_build_s"] = time.perf_counter() - start
    shutil.rmtree(work, ignore_errors=True)
    times["warm_over_cold"] = times["warm_build_s"] / times["cold_build_s"]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="skip the cold/warm build timing")
    args = parser.parse_args()
    results = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    results["import"] = bench_import()
    results["notebooks"] = bench_notebooks()
    if not args.skip_build:
        results["build"] = bench_build()
    imp, nbs = results["import"], results["notebooks"]
    lines = [
        "# Foundation benchmarks",
        "",
        f"Measured by `python benchmarks/bench_foundation.py` on {results['cpus']} CPUs, Python "
        f"{results['python']}. Each figure is the median of repeated runs.",
        "",
        "| measure | value | baseline in the same run | ratio | target |",
        "|---|---|---|---|---|",
        f"| `import workbook` | {imp['import_workbook_s'] * 1000:.1f} ms | stdlib imports "
        f"{imp['baseline_stdlib_s'] * 1000:.1f} ms | {imp['ratio']:.1f}x | < 150 ms |",
        f"| notebook execution, median | {statistics.median(r['seconds'] for r in nbs['notebooks'].values()):.2f} s"
        f" | bare kernel start+stop {nbs['floor_s']:.2f} s | {nbs['median_ratio']:.2f}x | < 2.5x |",
        f"| notebook execution, slowest | {max(r['seconds'] for r in nbs['notebooks'].values()):.2f} s"
        f" | bare kernel {nbs['floor_s']:.2f} s | {nbs['max_ratio']:.2f}x | |",
    ]
    if "build" in results:
        b = results["build"]
        lines.append(
            f"| book rebuild, nothing changed | {b['warm_build_s']:.1f} s | cold build "
            f"{b['cold_build_s']:.1f} s | {b['warm_over_cold']:.2f}x | < 10 s |"
        )
    lines += [
        "",
        "## Each notebook against the bare-kernel floor",
        "",
        "| notebook | seconds | ratio |",
        "|---|---|---|",
    ]
    for name, r in sorted(nbs["notebooks"].items()):
        lines.append(f"| `{name}` | {r['seconds']:.2f} | {r['ratio']:.2f}x |")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(json.dumps(results, indent=1)[:2000], file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
