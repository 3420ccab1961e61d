"""``workbook spc``: draw a run chart or SPC chart from a CSV file, for analysts.

Example::

    workbook spc waits.csv --value mean_wait --date month --chart xmr \\
        --improvement decrease --target 30 -o waits.png --summary waits-summary.csv

Importing this module is light (the chart code loads only when the command runs).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

__all__ = ["register", "cmd_spc"]

CHARTS = ("run", "xmr", "p", "pprime", "u", "uprime", "c")


def register(subparsers: Any) -> None:
    """Add the ``spc`` command to the ``workbook`` command line."""
    p = subparsers.add_parser(
        "spc",
        help="draw a run chart or SPC chart (XmR, P, U, C) from a CSV file",
        description=(
            "Draw a run chart (Anhøj or IHI rules) or an SPC chart in the NHS 'Making Data "
            "Count' style from a CSV file, and print what it shows. For P and U charts, "
            "--value is the column of events and --n the column of denominators."
        ),
    )
    p.add_argument("data", metavar="DATA.csv", help="CSV file with one row per time period")
    p.add_argument("--value", required=True, metavar="COL", help="column of values (or events)")
    p.add_argument("--date", metavar="COL", help="column of dates or periods (rows are sorted)")
    p.add_argument("--n", metavar="COL", help="column of denominators (P and U charts)")
    p.add_argument("--chart", required=True, choices=CHARTS, help="which chart to draw")
    p.add_argument(
        "--improvement",
        choices=("increase", "decrease", "neutral"),
        help="which direction is better (XmR default: increase; others: neutral)",
    )
    p.add_argument("--target", type=float, help="target value (XmR chart: gives assurance)")
    p.add_argument("--baseline", type=int, metavar="N", help="fix limits on the first N points")
    p.add_argument(
        "--rules",
        choices=("anhoej", "ihi"),
        default="anhoej",
        help="run chart rules (default: anhoej)",
    )
    p.add_argument(
        "--no-screen",
        action="store_true",
        help="XmR: do not screen large moving ranges (as the NHS England Excel tool)",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="chart.png",
        help="image file to write (.png, .svg or .pdf)",
    )
    p.add_argument("--summary", metavar="out.csv", help="write the summary (statistic,value)")
    p.add_argument("--points", metavar="out.csv", help="write the per-point results")
    p.add_argument("--title", help="chart title")
    p.set_defaults(func=cmd_spc)


def _user_error(message: str) -> Exception:
    from workbook.errors import UserError

    return UserError(message)


def _read(args: argparse.Namespace) -> Any:
    import pandas as pd

    path = Path(args.data)
    if not path.is_file():
        raise _user_error(f"{path}: no such file.")
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise _user_error(f"{path}: could not be read as CSV ({exc}).") from None
    columns = [args.value] + [c for c in (args.date, args.n) if c]
    for col in columns:
        if col not in frame.columns:
            have = ", ".join(map(str, frame.columns)) or "(none)"
            raise _user_error(f"{path}: no column named {col!r}. Columns are: {have}.")
    if frame.empty:
        raise _user_error(f"{path}: has no data rows.")
    if args.date:
        dates = pd.to_datetime(frame[args.date], errors="coerce")
        bad = dates.isna() & frame[args.date].notna()
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise _user_error(
                f"{path}: column {args.date!r}, row {row + 2}: "
                f"{frame[args.date].iloc[row]!r} is not a date."
            )
        frame = frame.assign(**{args.date: dates}).sort_values(args.date, kind="stable")
    return frame


def _build(args: argparse.Namespace, frame: Any) -> Any:
    import workbook.qi as qi

    values = frame[args.value].reset_index(drop=True)
    dates = frame[args.date].to_numpy() if args.date else None
    chart = args.chart
    if args.target is not None and chart != "xmr":
        raise _user_error("--target applies to --chart xmr only.")
    if args.n and chart not in ("p", "pprime", "u", "uprime"):
        raise _user_error("--n (denominators) applies to P and U charts only.")
    if chart == "run":
        return qi.run_chart(
            values, baseline=args.baseline, rules=args.rules, dates=dates, ylabel=args.value
        )
    if chart == "xmr":
        return qi.xmr(
            values,
            improvement=args.improvement or "increase",
            target=args.target,
            screen_outliers=not args.no_screen,
            baseline=args.baseline,
            dates=dates,
            ylabel=args.value,
        )
    improvement = args.improvement or "neutral"
    if chart == "c":
        return qi.c_chart(
            values, baseline=args.baseline, dates=dates, improvement=improvement, ylabel=args.value
        )
    if not args.n:
        raise _user_error(f"--chart {chart} needs --n COL, the column of denominators.")
    func = {"p": qi.p_chart, "pprime": qi.p_prime, "u": qi.u_chart, "uprime": qi.u_prime}[chart]
    return func(
        values,
        frame[args.n].reset_index(drop=True),
        baseline=args.baseline,
        dates=dates,
        improvement=improvement,
    )


def _name_field(message: str, args: argparse.Namespace) -> str:
    # Map the API's argument names onto the CSV's column names, rows counted as in a
    # spreadsheet (header is row 1).
    import re

    names = {"values": args.value, "events": args.value, "counts": args.value, "n": args.n}

    def repl(match: re.Match[str]) -> str:
        col = names.get(match.group(1))
        if col is None:
            return match.group(0)
        return f"column {col!r}, data row {int(match.group(2)) + 1}"

    return re.sub(r"\b(values|events|counts|n)\[(\d+)\]", repl, message)


def cmd_spc(args: argparse.Namespace) -> int:
    """Run ``workbook spc``; return 0 on success (errors raise UserError)."""
    out = Path(args.output)
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise _user_error(f"-o {out}: give a file ending .png, .svg or .pdf.")
    for target in (
        out,
        Path(args.summary) if args.summary else None,
        Path(args.points) if args.points else None,
    ):
        if target is not None and not target.parent.exists():
            raise _user_error(f"{target}: the folder {target.parent} does not exist.")
    frame = _read(args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = _build(args, frame)
        except (ValueError, TypeError) as exc:
            raise _user_error(f"{args.data}: {_name_field(str(exc), args)}") from None
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    fig = result.plot(title=args.title)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.savefig(out, dpi=150)
    if args.summary:
        summary = result.summary()
        summary.index.name = "statistic"
        summary.rename("value").to_csv(args.summary)
    if args.points:
        result.data.to_csv(args.points, index=False)
    print(result.alt_text)
    print(f"wrote {out}")
    return 0
