"""The window a `summary` or a `report` is asked for: an ISO week, a calendar month, quarter or
year, or (summary only) a range of dates; each checked against the street's today.

A week or a range must have ended by today (figures of days to come would read as zeros and
raise every "nothing reported" alert). A month, quarter or year may be the current one: its
window then stops at yesterday, the last complete day, and is partial (docs/metrics.md,
"环比与同比"); one that has not begun is refused.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, timedelta

from commands.base import UsageError
from metrics.window import Period, Window

# The period options, their makers and the example their help gives.
PERIOD_OPTIONS: dict[Period, tuple[Callable[[str], Window], str]] = {
    "week": (Window.iso_week, "ISO week, e.g. 2026-W40"),
    "month": (Window.month, "calendar month, e.g. 2026-10"),
    "quarter": (Window.quarter, "calendar quarter, e.g. 2026-Q3"),
    "year": (Window.year, "calendar year, e.g. 2026"),
}


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def add_window_options(parser: argparse.ArgumentParser, *, ranges: bool) -> None:
    """--week, --month, --quarter, --year (one of them; `last`: the last complete one), and
    with `ranges` --start/--end."""
    for period, (_, example) in PERIOD_OPTIONS.items():
        whole = "the current one up to yesterday" if period != "week" else ""
        parser.add_argument(
            f"--{period}",
            metavar="LABEL",
            help=f"{example}, or last (the last complete {period})"
            + (f"; {whole}, marked partial" if whole else ""),
        )
    if ranges:
        parser.add_argument("--start", type=parse_date, help="first day, YYYY-MM-DD")
        parser.add_argument("--end", type=parse_date, help="last day, YYYY-MM-DD")


def window_from_args(args: argparse.Namespace, today: date) -> Window:
    """The window the user asked for, checked against `today` (the street's date)."""
    asked = {period: getattr(args, period) for period in PERIOD_OPTIONS if getattr(args, period)}
    start, end = getattr(args, "start", None), getattr(args, "end", None)
    given = [f"--{period}" for period in asked] + ["--start/--end"] * bool(start or end)
    if len(given) > 1:
        raise UsageError(f"give either {given[0]} or {given[1]}, not both")
    if asked:
        [(period, label)] = asked.items()
        return period_window(period, label, today)
    if start and end:
        if end < start:
            raise UsageError(f"--end {end} is before --start {start}")
        return past_window(Window(start, end), today)
    periods = "--week YYYY-Www, --month YYYY-MM, --quarter YYYY-Qn or --year YYYY"
    raise UsageError(f"give {periods}" + (", or both --start and --end" * has_ranges(args)))


def has_ranges(args: argparse.Namespace) -> bool:
    """Whether the command takes --start/--end (summary does, report does not)."""
    return hasattr(args, "start")


def period_window(period: Period, label: str, today: date) -> Window:
    """The week, month, quarter or year of `label` (`last`: the last complete one)."""
    if label == "last":  # the last complete one of the street's calendar (for timers and cron)
        return Window.last_complete(period, today)
    make, example = PERIOD_OPTIONS[period]
    try:
        window = make(label)
    except ValueError as error:
        raise UsageError(str(error)) from error
    if period == "week":
        return past_window(window, today)
    yesterday = today - timedelta(days=1)
    if window.start > yesterday:
        raise UsageError(
            f"{window} has no complete day yet (it starts on {window.start}, today is {today}): "
            f"choose one that has begun (e.g. --{period} last)"
        )
    return window.through(yesterday)


def past_window(window: Window, today: date) -> Window:
    """`window`, refused when it ends after `today`: figures of days to come would read as zeros
    and raise every "nothing reported" alert."""
    if window.end > today:
        raise UsageError(
            f"{window} ends on {window.end}, after today ({today}): choose a window "
            "that has ended (e.g. --week last)"
        )
    return window
