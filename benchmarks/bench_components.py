"""Benchmark the components: live feedback latency after a click, and static page weight.

Run: ``python benchmarks/bench_components.py [--repeats 300]``. Writes
``benchmarks/results/components.md``.

Latency is measured in the kernel process, headlessly: the time from ``Button.click()`` to the
feedback ``HTML.value`` being set (seen by a traitlets observer), for the real quiz view (which
also records the attempt in a SQLite journal in a temporary ``WORKBOOK_HOME``), against a
baseline in the same run: a bare ipywidgets Button whose click handler sets an HTML value.
Browser round trips are not included (no frontend here); they add the same to both.
Targets: median under 50 ms; static script and style under 30 KB a page.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _timed_clicks(button, html, set_answer, repeats: int) -> list[float]:
    """Milliseconds from click() to html.value changing, ``repeats`` times."""
    seen: list[float] = []
    html.observe(lambda change: seen.append(time.perf_counter()), names="value")
    out = []
    for i in range(repeats):
        set_answer(i)
        html.value = ""  # so every click changes the value
        seen.clear()
        t0 = time.perf_counter()
        button.click()
        if not seen:
            raise RuntimeError("the click did not set the feedback value")
        out.append((seen[-1] - t0) * 1000)
    return out


def baseline(repeats: int) -> list[float]:
    import ipywidgets as widgets

    button, html = widgets.Button(description="Check"), widgets.HTML()

    def on_click(_b):
        html.value = "<p>Correct.</p>"

    button.on_click(on_click)
    return _timed_clicks(button, html, lambda i: None, repeats)


def quiz_clicks(repeats: int, item_id: str) -> list[float]:
    from workbook.components import Quiz

    quiz = Quiz.from_file(ROOT / "book" / "tour-quiz.yaml")
    c = quiz.view._controls[item_id]
    if item_id == "tour-q01":

        def answer(i):
            c.input.value = i % 4
    else:

        def answer(i):
            c.input.value = ("150 minutes", "12,5", "1 234")[i % 3]

    return _timed_clicks(c.check, c.feedback, answer, repeats)


def summary(ms: list[float]) -> str:
    qs = statistics.quantiles(ms, n=20)
    return f"{statistics.median(ms):.3f} | {qs[18]:.3f} | {max(ms):.3f}"


def page_weight() -> dict[str, int]:
    from workbook.components import MarkComplete, Quiz, Reflection, Transcript
    from workbook.components._base import asset_bytes, reset_page

    reset_page()
    parts = [
        Quiz.from_file(ROOT / "book" / "tour-quiz.yaml").to_html(),
        Reflection.from_file(ROOT / "book" / "tour-reflections.yaml", "tour-r01").to_html(),
        Transcript.from_file(ROOT / "book" / "tour-transcript.vtt").to_html(),
        MarkComplete("book-tour").to_html(),
    ]
    page = "".join(parts).encode("utf-8")
    assets = asset_bytes()
    return {
        "assets": assets,
        "assets_gzip": len(
            gzip.compress(
                (ROOT / "src/workbook/components/static/wb.js").read_bytes()
                + (ROOT / "src/workbook/components/static/wb.css").read_bytes()
            )
        ),
        "tour_components": len(page),
        "tour_assets_copies": page.count(b'<script id="wb-script">'),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "components.md")
    args = parser.parse_args(argv)
    os.environ["WORKBOOK_HOME"] = tempfile.mkdtemp(prefix="bench-workbook-")
    sys.path.insert(0, str(ROOT / "src"))

    rows = {
        "baseline: bare Button -> HTML.value": baseline(args.repeats),
        "Quiz single choice (grade + journal write)": quiz_clicks(args.repeats, "tour-q01"),
        "Quiz numeric (parse + grade + journal write)": quiz_clicks(args.repeats, "tour-q03"),
    }
    weight = page_weight()
    worst = max(statistics.median(v) for v in rows.values())
    lines = [
        "# Components benchmark",
        "",
        f"Run with `python benchmarks/bench_components.py --repeats {args.repeats}` on "
        f"{platform.machine()} / Python {platform.python_version()}, {os.cpu_count()} cores.",
        "",
        "## Live feedback latency (kernel side, click -> `HTML.value` set)",
        "",
        "| case | median ms | p95 ms | max ms |",
        "|---|---|---|---|",
        *[f"| {name} | {summary(ms)} |" for name, ms in rows.items()],
        "",
        f"Target: median under 50 ms. Slowest median here: {worst:.3f} ms "
        f"({'meets' if worst < 50 else 'MISSES'} the target). The quiz's cost over the baseline "
        "is grading, rendering the feedback and one SQLite transaction in the journal.",
        "",
        "## Static page weight",
        "",
        f"- Inlined script + style (once per page): {weight['assets']} bytes "
        f"({weight['assets'] / 1024:.1f} KB; {weight['assets_gzip']} bytes gzipped). "
        f"Target under 30 KB: {'meets' if weight['assets'] < 30 * 1024 else 'MISSES'} it.",
        f"- The tour page's four components, assets included: {weight['tour_components']} bytes; "
        f"the assets appear {weight['tour_assets_copies']} time(s).",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0 if worst < 50 and weight["assets"] < 30 * 1024 else 1


if __name__ == "__main__":
    raise SystemExit(main())
