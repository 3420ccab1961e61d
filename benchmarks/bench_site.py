"""Benchmark the published site's page weight: a first visit and a repeat visit.

Run: ``python benchmarks/bench_site.py [--no-stock]`` after ``workbook build``. Writes
``benchmarks/results/site.md``.

Each page is loaded in Debian's Chromium (Playwright, ``/usr/bin/chromium``) from a local
static server, first with an empty cache and then again in the same browser (a repeat visit:
what the browser fetches again or revalidates; the local server, like many hosts, sends
``Last-Modified`` without ``Cache-Control``, so the browser revalidates with small 304s).
The figures are the bytes the browser received
(Chrome's ``encodedDataLength``; the local server sends no compression), and the gzip size of
the same responses, which is what a host that compresses (GitHub Pages, Netlify) would send.
The baseline, built in the same run, is a stock Jupyter Book 1 page: ``jupyter-book create``'s
template book, built with the same jupyter-book, so the ratio shows what the workbook adds to
what any Jupyter Book page costs.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import platform
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "_work"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    "book/welcome.html",
    "weeks/week01/09-quiz.html",
    "weeks/week01/06-variation-exercise.html",
    "book/reading-qi-charts.html",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


def serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def visit(context, url: str) -> dict:
    """Load ``url`` in a new tab of ``context``; bytes received, gzip size, request count."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    received: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    bodies: list[bytes] = []

    def keep(response):
        try:
            if response.status == 200 and not response.from_service_worker:
                bodies.append(response.body())
        except Exception:  # a response with no body (redirect, 304) has nothing to weigh
            pass

    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    page.close()
    return {
        "bytes": sum(received.values()),
        "gzip": sum(len(gzip.compress(b, 6)) for b in bodies),
        "requests": len(received),
    }


def measure(browser, base: str, rel: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # No request routing here: Playwright turns the HTTP cache off while a route is set, and
    # the repeat visit is about that cache. The browser tests prove nothing leaves 127.0.0.1.
    first = visit(context, base + rel)
    repeat = visit(context, base + rel)
    context.close()
    return {"first": first, "repeat": repeat}


def stock_book() -> Path:
    """Build jupyter-book's own template book (a stock Jupyter Book 1 site)."""
    book = WORK / "stock"
    shutil.rmtree(book, ignore_errors=True)
    jb = [str(Path(sys.executable).parent / "jupyter-book")]
    subprocess.run([*jb, "create", str(book)], check=True, capture_output=True)
    subprocess.run([*jb, "build", str(book)], check=True, capture_output=True)
    return book / "_build" / "html"


def kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n >= 10 * 1024 else f"{n:,} bytes"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-stock", action="store_true", help="skip the stock baseline")
    args = parser.parse_args()
    site = ROOT / "_build" / "html"
    if not (site / PAGES[0]).is_file():
        print("Build the book first: workbook build", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    rows = []
    stock = None
    server, base = serve(site)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for rel in PAGES:
            rows.append((rel, measure(browser, base, rel)))
        if not args.no_stock:
            stock_site = stock_book()
            stock_server, stock_base = serve(stock_site)
            stock = measure(browser, stock_base, "intro.html")
            stock_server.shutdown()
        browser.close()
    server.shutdown()

    lines = [
        "# Site page weight",
        "",
        f"{date.today():%d %B %Y}, Python {platform.python_version()}, Chromium (Debian), "
        "`python benchmarks/bench_site.py`.",
        "",
        "Bytes received from a local static server without compression, and the gzip size of "
        "the same responses (what a compressing host sends). Repeat visit: the same page again "
        "in the same browser.",
        "",
        "| page | first visit | gzip | requests | repeat visit | repeat requests |",
        "|---|---|---|---|---|---|",
    ]
    for rel, m in rows + ([("stock Jupyter Book 1: intro.html", stock)] if stock else []):
        f, r = m["first"], m["repeat"]
        lines.append(
            f"| {rel} | {kb(f['bytes'])} | {kb(f['gzip'])} | {f['requests']} | "
            f"{kb(r['bytes'])} | {r['requests']} |"
        )
    if stock:
        welcome = rows[0][1]["first"]
        lines += [
            "",
            f"The welcome page's first visit is {welcome['bytes'] / stock['first']['bytes']:.2f}x "
            f"the stock page's ({welcome['gzip'] / stock['first']['gzip']:.2f}x gzipped).",
        ]
    out = HERE / "results" / "site.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
