"""``workbook spc``: draw a run chart or SPC chart from a CSV file, for analysts.

Example::

    workbook spc waits.csv --value mean_wait --date month --chart xmr \\
        --improvement decrease --target 30 -o waits.png --summary waits-summary.csv

Dates are read day first (``13/01/2024`` is 13 January: the course is UK-led) unless
``--date-format`` says otherwise; a column that does not fit that order, or that mixes orders,
is refused rather than guessed, and the command says which order it used. Every failure is one
located line (``file:row: column: what to do``); the chart, summary and points are written
atomically, so a failed run leaves earlier files as they were.

Importing this module is light (the chart code loads only when the command runs).
"""

from __future__ import annotations

import argparse
import re
import warnings
from pathlib import Path
from typing import Any

from workbook.cli._output import emit, note
from workbook.errors import LocatedError, UserError

__all__ = ["register", "cmd_spc", "read_dates"]

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
    p.add_argument(
        "--date-format",
        metavar="FMT",
        help=(
            "how the dates are written, in strftime codes, e.g. %%d/%%m/%%Y (the default order, "
            "day first) or %%m/%%d/%%Y (month first)"
        ),
    )
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


#: Where a data row sits in the file: row 1 is the header, so the first data row is row 2
#: (as a spreadsheet numbers it).
_FIRST_DATA_ROW = 2

# day/month/year (or month/day/year), 2- or 4-digit year, optionally followed by a time
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?=$|[ T])")
_ISO_DATE = re.compile(r"\d{4}-\d{1,2}(?:-\d{1,2})?(?:[T ].*)?")
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _date_error(path: Path, col: str, row: int, message: str) -> LocatedError:
    return LocatedError(path, row + _FIRST_DATA_ROW, col, message)


def _numeric_order(path: Path, col: str, texts: list[str]) -> str:
    """Decide day-first or month-first for ``d/m/yyyy`` dates: day first unless impossible,
    and refuse a column that fits neither order or only month first."""
    day_only = month_only = None
    for row, text in enumerate(texts):
        m = _NUMERIC_DATE.match(text)
        first, second = int(m[1]), int(m[3])
        if first > 12 and second <= 12 and day_only is None:
            day_only = row
        elif second > 12 and first <= 12 and month_only is None:
            month_only = row
        elif first > 12 and second > 12:
            raise _date_error(path, col, row, f"{_short(text)} is not a date in either order.")
    sep = _NUMERIC_DATE.match(texts[0])[2]
    if month_only is not None and day_only is not None:
        raise _date_error(
            path,
            col,
            month_only,
            f"{_short(texts[month_only])} can only be month first, but row "
            f"{day_only + _FIRST_DATA_ROW} ({_short(texts[day_only])}) can only be day first; "
            "the column mixes two date orders. Write every date the same way.",
        )
    if month_only is not None:
        raise _date_error(
            path,
            col,
            month_only,
            f"{_short(texts[month_only])} is not a day-first date (day/month/year, the default). "
            f"If the column is month first, say so: --date-format %m{sep}%d{sep}%Y",
        )
    return "day first (day/month/year)"


def _day_first_iso(text: str) -> str:
    """``13/01/2024 08:00`` as ``2024-01-13 08:00``; two-digit years as POSIX reads them
    (00-68 are 2000-2068, 69-99 are 1969-1999)."""
    m = _NUMERIC_DATE.match(text)
    year = int(m[4])
    if len(m[4]) == 2:
        year += 2000 if year <= 68 else 1900
    return f"{year:04d}-{int(m[3]):02d}-{int(m[1]):02d}{text[m.end() :]}"


def read_dates(path: Path, col: str, raw: Any, date_format: str | None) -> tuple[Any, str]:
    """Parse a column of dates; return the dates and a phrase saying how they were read.

    Raises :class:`LocatedError` naming the file, the row and the column of the first value
    that is not a date, and for a column whose order is ambiguous or mixed.
    """
    import pandas as pd

    texts: list[str] = []
    for row, value in enumerate(raw.tolist()):
        if value is None or (isinstance(value, float) and value != value):
            raise _date_error(path, col, row, "the date is empty; every row needs a date.")
        texts.append(str(value).strip())
    if date_format:
        how = f"with --date-format {date_format}"
        parsed = []
        for row, text in enumerate(texts):
            try:
                parsed.append(pd.to_datetime(text, format=date_format))
            except (ValueError, TypeError, OverflowError):
                raise _date_error(
                    path, col, row, f"{_short(text)} does not match --date-format {date_format}."
                ) from None
    elif texts and all(_NUMERIC_DATE.match(t) for t in texts):
        how = _numeric_order(path, col, texts)
        parsed = []
        for row, text in enumerate(texts):
            try:
                parsed.append(pd.to_datetime(_day_first_iso(text), format="ISO8601"))
            except (ValueError, OverflowError):
                raise _date_error(
                    path, col, row, f"{_short(text)} is not a date ({how})."
                ) from None
    else:
        mixed = [r for r, t in enumerate(texts) if _NUMERIC_DATE.match(t)]
        if mixed and len(mixed) < len(texts):
            row = mixed[0]
            raise _date_error(
                path,
                col,
                row,
                f"{_short(texts[row])} is written differently from other dates in the column; "
                "write every date the same way (e.g. 13/01/2024 or 2024-01-13).",
            )
        iso = all(_ISO_DATE.fullmatch(t) for t in texts)
        how = "as year-month-day (ISO 8601)" if iso else "day first where a date has no month name"
        parsed = []
        for row, text in enumerate(texts):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    stamp = pd.to_datetime(
                        text, dayfirst=not iso, format="ISO8601" if iso else None
                    )
            except (ValueError, TypeError, OverflowError):
                raise _date_error(
                    path,
                    col,
                    row,
                    f"{_short(text)} is not a date; write dates like 13/01/2024 or 2024-01-13, "
                    "or give --date-format.",
                ) from None
            parsed.append(stamp)
    aware = [r for r, t in enumerate(parsed) if t.tzinfo is not None]
    if aware and len(aware) < len(parsed):
        naive = next(r for r, t in enumerate(parsed) if t.tzinfo is None)
        raise _date_error(
            path,
            col,
            naive,
            f"{_short(texts[naive])} has no time-zone offset but row "
            f"{aware[0] + _FIRST_DATA_ROW} ({_short(texts[aware[0]])}) has one; give every "
            "time an offset, or none.",
        )
    if aware:
        offsets = {t.utcoffset() for t in parsed}
        parsed = [t.tz_convert("UTC").tz_localize(None) for t in parsed]
        if len(offsets) > 1:
            how += "; times with different UTC offsets converted to UTC"
        else:
            how += "; times converted to UTC"
    return pd.Series(pd.DatetimeIndex(parsed), index=raw.index), how


def _read(args: argparse.Namespace) -> tuple[Any, Any]:
    """The CSV as a frame sorted by date (if any) and its rows' original positions."""
    import numpy as np
    import pandas as pd

    path = Path(args.data)
    if not path.is_file():
        raise UserError(f"{path}: no such file.")
    try:
        frame = pd.read_csv(path)
    except UnicodeDecodeError as exc:
        raise LocatedError(
            path, None, None, f"is not UTF-8 text ({exc.reason}); save it as UTF-8 CSV."
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise LocatedError(path, None, None, f"could not be read as CSV ({first}).") from None
    columns = [args.value] + [c for c in (args.date, args.n) if c]
    for col in columns:
        if col not in frame.columns:
            have = ", ".join(map(str, frame.columns)) or "(none)"
            raise LocatedError(path, 1, None, f"no column named {col!r}. Columns are: {have}.")
    if frame.empty:
        raise LocatedError(path, None, None, "has no data rows.")
    frame = frame.reset_index(drop=True)
    if args.date_format and not args.date:
        raise UserError("--date-format applies with --date COL only.")
    if args.date:
        dates, how = read_dates(path, args.date, frame[args.date], args.date_format)
        frame = frame.assign(**{args.date: dates}).sort_values(args.date, kind="stable")
        note(f"Read the {args.date!r} dates {how}.")
    return frame, np.asarray(frame.index)


def _mathtext_safe(text: str | None) -> str | None:
    """Text for a matplotlib label: a ``$`` shows as a dollar sign, never starts mathematics."""
    return None if text is None else text.replace("\\", "\\\\").replace("$", r"\$")


def _build(args: argparse.Namespace, frame: Any) -> Any:
    import workbook.qi as qi

    values = frame[args.value].reset_index(drop=True)
    dates = frame[args.date].to_numpy() if args.date else None
    chart = args.chart
    ylabel = _mathtext_safe(args.value)
    if args.target is not None and chart != "xmr":
        raise UserError("--target applies to --chart xmr only.")
    if args.n and chart not in ("p", "pprime", "u", "uprime"):
        raise UserError("--n (denominators) applies to P and U charts only.")
    if chart == "run":
        return qi.run_chart(
            values, baseline=args.baseline, rules=args.rules, dates=dates, ylabel=ylabel
        )
    if chart == "xmr":
        return qi.xmr(
            values,
            improvement=args.improvement or "increase",
            target=args.target,
            screen_outliers=not args.no_screen,
            baseline=args.baseline,
            dates=dates,
            ylabel=ylabel,
        )
    improvement = args.improvement or "neutral"
    if chart == "c":
        return qi.c_chart(
            values, baseline=args.baseline, dates=dates, improvement=improvement, ylabel=ylabel
        )
    if not args.n:
        raise UserError(f"--chart {chart} needs --n COL, the column of denominators.")
    func = {"p": qi.p_chart, "pprime": qi.p_prime, "u": qi.u_chart, "uprime": qi.u_prime}[chart]
    return func(
        values,
        frame[args.n].reset_index(drop=True),
        baseline=args.baseline,
        dates=dates,
        improvement=improvement,
    )


_POSITION = re.compile(r"\b(values|events|counts|n)\[(\d+)\]")


def _locate(message: str, args: argparse.Namespace, rows: Any) -> LocatedError:
    """An analysis error as a located one: the API's ``values[3]`` becomes the CSV's row and
    column (rows counted as in a spreadsheet, the header being row 1)."""
    names = {"values": args.value, "events": args.value, "counts": args.value, "n": args.n}
    first = _POSITION.search(message)
    if first is None or names.get(first[1]) is None or int(first[2]) >= len(rows):
        return LocatedError(Path(args.data), None, None, message)
    row = int(rows[int(first[2])]) + _FIRST_DATA_ROW
    field = names[first[1]]

    def repl(match: re.Match[str]) -> str:
        if match.start() == first.start():
            return "the value"
        col = names.get(match[1])
        return f"column {col!r}" if col else match[0]

    return LocatedError(Path(args.data), row, field, _POSITION.sub(repl, message))


def _check_outputs(args: argparse.Namespace) -> list[tuple[str, Path]]:
    out = Path(args.output)
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise UserError(f"-o {out}: give a file ending .png, .svg or .pdf.")
    targets = [("-o", out)]
    targets += [
        (opt, Path(v)) for opt, v in (("--summary", args.summary), ("--points", args.points)) if v
    ]
    data = Path(args.data).resolve()
    seen: dict[Path, str] = {}
    for opt, target in targets:
        if not target.parent.is_dir():
            raise UserError(f"{opt} {target}: the folder {target.parent} does not exist.")
        if target.exists() and not target.is_file():
            raise UserError(
                f"{opt} {target} is not a regular file (a folder, device or pipe); "
                "give the name of an ordinary file to write to."
            )
        resolved = target.resolve()
        if resolved == data:
            raise UserError(f"{opt} {target} is the data file; writing there would replace it.")
        if resolved in seen:
            raise UserError(f"{opt} and {seen[resolved]} name the same file {target}.")
        seen[resolved] = opt
    return targets


def cmd_spc(args: argparse.Namespace) -> int:
    """Run ``workbook spc``; return 0 on success (errors raise UserError)."""
    import io

    from workbook.io import write_atomically

    _check_outputs(args)
    out = Path(args.output)
    frame, rows = _read(args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = _build(args, frame)
        except (ValueError, TypeError, OverflowError) as exc:
            raise _locate(str(exc), args, rows) from None
    for w in caught:
        note(f"warning: {w.message}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig = result.plot(title=_mathtext_safe(args.title))
            from matplotlib.backends.backend_agg import FigureCanvasAgg

            FigureCanvasAgg(fig)
            image = io.BytesIO()
            fig.savefig(image, dpi=150, format=out.suffix.lower().lstrip("."))
    except (ValueError, OverflowError, RuntimeError) as exc:
        raise UserError(f"-o {out}: the chart could not be drawn ({exc}).") from None
    texts: list[tuple[Path, str | bytes]] = [(out, image.getvalue())]
    if args.summary:
        summary = result.summary()
        summary.index.name = "statistic"
        texts.append((Path(args.summary), summary.rename("value").to_csv()))
    if args.points:
        texts.append((Path(args.points), result.data.to_csv(index=False)))
    # Everything is computed before anything is written: a failure leaves no new file.
    for target, data in texts:
        write_atomically(target, data)
    emit(result.alt_text + "\n")
    emit(f"wrote {out}\n")
    return 0
