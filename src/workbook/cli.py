"""The ``workbook`` command: build the book, open the course, check content, and the
learner's, analyst's and educator's tools.

Every user error is printed as one line (``error: ...``) with exit status 2; content problems
are listed one per line as ``file:line: field: message`` with exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from workbook import __version__
from workbook.errors import UserError

__all__ = ["main", "build_parser"]

#: Modules that add their own subcommands through ``register(subparsers)``.
COMMAND_MODULES = ("workbook.journal_cli", "workbook.qi.cli")

SPHINX_WARNING = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b[:\]]|: (WARNING|ERROR|SEVERE)/")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _root(args: argparse.Namespace) -> Path:
    from workbook.paths import project_root

    return project_root(getattr(args, "root", None))


def cmd_check(args: argparse.Namespace) -> int:
    from workbook.content.check import check_course

    root = _root(args)
    summary = check_course(root)
    for err in summary.errors:
        print(err, file=sys.stderr)
    c = summary.counts
    print(
        f"Checked {c.get('weeks', 0)} weeks: {c.get('objectives', 0)} objectives, "
        f"{c.get('steps', 0)} steps, {c.get('quiz_items', 0)} quiz items "
        f"({c.get('options', 0)} options), {c.get('reflections', 0)} reflection prompts, "
        f"{c.get('transcripts', 0)} transcripts, {c.get('references', 0)} references."
    )
    for week in summary.weeks:
        print(
            f"  Week {week.week}: {len(week.objectives)} objectives, {len(week.steps)} steps, "
            f"{week.total_minutes} minutes ({sum(1 for s in week.steps if s.file)} written)"
        )
    if summary.errors:
        n = len(summary.errors)
        print(f"{n} problem{'s' if n != 1 else ''} found.", file=sys.stderr)
        return 1
    print("No problems found.")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from workbook.content.generate import write_generated

    root = _root(args)
    written = write_generated(root)
    for path in written:
        print(f"wrote {path.relative_to(root)}")
    if not written:
        print("Generated pages are up to date.")
    return 0


def _jupyter_book() -> list[str]:
    exe = Path(sys.executable).parent / "jupyter-book"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    raise UserError("jupyter-book is not installed; run `pip install -e .` in the workbook folder")


def _package_fingerprint() -> str:
    """A hash of the package's own files: notebook outputs embed the components' HTML and
    scripts, so cached executions are stale whenever the package changes."""
    import hashlib

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".js", ".css", ".html"}:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _invalidate_stale_execution_cache(build_dir: Path) -> bool:
    """Drop Jupyter Book's execution cache if the package changed since it was filled."""
    stamp = build_dir / ".workbook-package-hash"
    current = _package_fingerprint()
    cache = build_dir / ".jupyter_cache"
    stale = cache.exists() and (not stamp.is_file() or stamp.read_text().strip() != current)
    if stale:
        shutil.rmtree(cache)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return stale


def cmd_build(args: argparse.Namespace) -> int:
    from workbook.content.check import check_course

    root = _root(args)
    summary = check_course(root)
    if summary.errors:
        for err in summary.errors:
            print(err, file=sys.stderr)
        print("The course content has problems; fix them before building.", file=sys.stderr)
        return 1
    build_dir = root / "_build"
    if _invalidate_stale_execution_cache(build_dir):
        print("The workbook package changed since the last build: re-running every notebook.")
        args.all = True
    log_path = build_dir / "build.log"
    cmd = [*_jupyter_book(), "build", str(root), "-W", "-n", "--keep-going"]
    if args.all:
        cmd.append("--all")
    print(f"Building the book (warnings are errors); full log in {log_path.relative_to(root)} ...")
    start = time.perf_counter()
    warnings: list[str] = []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        assert proc.stdout is not None  # for type checkers: PIPE was asked for
        for line in proc.stdout:
            log.write(line)
            if SPHINX_WARNING.search(line):
                plain = _ANSI.sub("", line).rstrip()
                warnings.append(plain)
                print(plain, file=sys.stderr)
            elif args.verbose:
                print(line.rstrip())
        status = proc.wait()
    seconds = time.perf_counter() - start
    html = root / "_build" / "html"
    pages = sum(1 for _ in html.rglob("*.html")) if html.is_dir() else 0
    if status != 0 or warnings:
        reports = sorted((html / "reports").rglob("*.log")) if html.is_dir() else []
        print(
            f"Build failed after {seconds:.0f} s with {len(warnings)} warning(s)/error(s).",
            file=sys.stderr,
        )
        for report in reports:
            print(f"  execution report: {report.relative_to(root)}", file=sys.stderr)
        print(f"  full log: {log_path.relative_to(root)}", file=sys.stderr)
        return 1
    print(f"Built {pages} pages in {seconds:.0f} s with 0 warnings.")
    print(
        f"Open {(html / 'index.html').relative_to(root)} in a browser (file://{html / 'index.html'})."
    )
    return 0


def cmd_lab(args: argparse.Namespace) -> int:
    root = _root(args)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--LabApp.default_url=/lab/tree/book/welcome.ipynb",
        *args.lab_args,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in cmd:
        cmd.append("--allow-root")  # containers and CI often run as root
    print("Opening the course in JupyterLab at the welcome page (Ctrl+C to stop) ...", flush=True)
    os.chdir(root)
    if os.name == "posix":
        # Become JupyterLab, so that signals (Ctrl+C, a service manager's SIGTERM) reach it
        # directly and no orphaned server is left behind.
        os.execv(sys.executable, cmd)
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbook",
        description="Leadership for Healthcare Improvement: the interactive workbook.",
    )
    parser.add_argument("--version", action="version", version=f"workbook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", help="build the published book into _build/html")
    p.add_argument("--all", action="store_true", help="rebuild every page, not only changed ones")
    p.add_argument("-v", "--verbose", action="store_true", help="show Jupyter Book's output")
    p.add_argument("--root", help="the course folder (default: found from here)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("lab", help="open the course in JupyterLab at the welcome page")
    p.add_argument("--root", help="the course folder (default: found from here)")
    p.epilog = "Other options (e.g. --no-browser, --ServerApp.port=8890) are passed to JupyterLab."
    p.set_defaults(func=cmd_lab)

    p = sub.add_parser("check", help="validate every week.yaml, quiz, reflection and reference")
    p.add_argument("--root", help="the course folder (default: found from here)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("generate", help="regenerate overview pages, glossary and _toc.yml")
    p.add_argument("--root", help="the course folder (default: found from here)")
    p.set_defaults(func=cmd_generate)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "command", None) == "lab":
        args.lab_args = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file that cannot be read or written: say which, not a traceback
        where = f" {exc.filename}" if exc.filename else ""
        print(f"error:{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
