"""``workbook build``, ``lab``, ``check`` and ``generate``: the course as a whole."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from workbook.cli._output import PROBLEMS_FOUND, emit
from workbook.errors import UserError
from workbook.markup import terminal_safe

__all__ = ["register", "cmd_build", "cmd_lab", "cmd_check", "cmd_generate", "SPHINX_WARNING"]

#: A Sphinx warning or error line ("file:12: WARNING: ...", "WARNING: ...", docutils'
#: "(ERROR/3)"). Python's own logging lines from libraries the kernels use, such as
#: "ERROR:tornado.general:..." when a kernel's socket closes at shutdown, are not Sphinx's.
SPHINX_WARNING = re.compile(r"\b(WARNING|ERROR|CRITICAL)(: |\])|: (WARNING|ERROR|SEVERE)/")

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

_ROOT_HELP = "the course folder (default: found from here)"


def register(sub: Any) -> None:
    """Add ``build``, ``lab``, ``check`` and ``generate`` to the ``workbook`` command line."""
    p = sub.add_parser("build", help="build the published book into _build/html")
    p.add_argument("--all", action="store_true", help="rebuild every page, not only changed ones")
    p.add_argument("-v", "--verbose", action="store_true", help="show Jupyter Book's output")
    p.add_argument("--root", help=_ROOT_HELP)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("lab", help="open the course in JupyterLab at the welcome page")
    p.add_argument("--root", help=_ROOT_HELP)
    p.epilog = "Other options (e.g. --no-browser, --ServerApp.port=8890) are passed to JupyterLab."
    p.set_defaults(func=cmd_lab)

    p = sub.add_parser(
        "check", help="validate every week, quiz, reflection, transcript, notebook and reference"
    )
    p.add_argument("--root", help=_ROOT_HELP)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("generate", help="regenerate overview pages, glossary and _toc.yml")
    p.add_argument("--root", help=_ROOT_HELP)
    p.set_defaults(func=cmd_generate)


def course_root(args: argparse.Namespace) -> Path:
    """The course folder: ``--root`` exactly (never a folder above it or another course),
    else found from the current folder."""
    from workbook.paths import course_root as exact_root
    from workbook.paths import project_root

    given = getattr(args, "root", None)
    if given is not None:
        return exact_root(given, option="--root")
    return project_root()


def _print_problems(errors: list) -> None:
    for err in errors:
        print(terminal_safe(str(err), keep_newlines=False), file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from workbook.content.check import check_course

    root = course_root(args)
    summary = check_course(root)
    _print_problems(summary.errors)
    c = summary.counts
    emit(
        f"Checked {c.get('weeks', 0)} weeks: {c.get('objectives', 0)} objectives, "
        f"{c.get('steps', 0)} steps, {c.get('quiz_items', 0)} quiz items "
        f"({c.get('options', 0)} options), {c.get('reflections', 0)} reflection prompts, "
        f"{c.get('transcripts', 0)} transcripts, {c.get('notebooks', 0)} notebooks, "
        f"{c.get('references', 0)} references.\n"
    )
    for week in summary.weeks:
        emit(
            f"  Week {week.week}: {len(week.objectives)} objectives, {len(week.steps)} steps, "
            f"{week.total_minutes} minutes ({sum(1 for s in week.steps if s.file)} written)\n"
        )
    if summary.errors:
        n = len(summary.errors)
        print(f"{n} problem{'s' if n != 1 else ''} found.", file=sys.stderr)
        return PROBLEMS_FOUND
    emit("No problems found.\n")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from workbook.content.generate import write_generated

    root = course_root(args)
    written = write_generated(root)
    for path in written:
        emit(f"wrote {path.relative_to(root)}\n")
    if not written:
        emit("Generated pages are up to date.\n")
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
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".js", ".css", ".html"}:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _invalidate_stale_execution_cache(build_dir: Path) -> bool:
    """Drop Jupyter Book's execution cache if the package changed since it was filled."""
    from workbook.io import write_atomically

    stamp = build_dir / ".workbook-package-hash"
    current = _package_fingerprint()
    cache = build_dir / ".jupyter_cache"
    stale = cache.exists() and (not stamp.is_file() or stamp.read_text().strip() != current)
    if stale:
        shutil.rmtree(cache)
    build_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(stamp, current + "\n")
    return stale


def cmd_build(args: argparse.Namespace) -> int:
    from workbook.content.check import check_course

    root = course_root(args)
    summary = check_course(root)
    if summary.errors:
        _print_problems(summary.errors)
        print("The course content has problems; fix them before building.", file=sys.stderr)
        return PROBLEMS_FOUND
    build_dir = root / "_build"
    if _invalidate_stale_execution_cache(build_dir):
        emit("The workbook package changed since the last build: re-running every notebook.\n")
        args.all = True
    log_path = build_dir / "build.log"
    cmd = [*_jupyter_book(), "build", str(root), "-W", "-n", "--keep-going"]
    if args.all:
        cmd.append("--all")
    emit(f"Building the book (warnings are errors); full log in {log_path.relative_to(root)} ...\n")
    start = time.perf_counter()
    warnings: list[str] = []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # The log is streamed as the build runs (it is what to read when a build hangs or is
    # killed), so it is the one file not written atomically.
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        assert proc.stdout is not None  # for type checkers: PIPE was asked for
        for line in proc.stdout:
            log.write(line)
            plain = _ANSI.sub("", line).rstrip()
            if SPHINX_WARNING.search(plain):
                warnings.append(plain)
                print(plain, file=sys.stderr)
            elif args.verbose:
                emit(line.rstrip() + "\n")
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
        return PROBLEMS_FOUND
    emit(f"Built {pages} pages in {seconds:.0f} s with 0 warnings.\n")
    emit(
        f"Open {(html / 'index.html').relative_to(root)} in a browser "
        f"(file://{html / 'index.html'}).\n"
    )
    return 0


def cmd_lab(args: argparse.Namespace) -> int:
    root = course_root(args)
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
    emit("Opening the course in JupyterLab at the welcome page (Ctrl+C to stop) ...\n")
    os.chdir(root)
    if os.name == "posix":
        # Become JupyterLab, so that signals (Ctrl+C, a service manager's SIGTERM) reach it
        # directly and no orphaned server is left behind.
        os.execv(sys.executable, cmd)
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0
