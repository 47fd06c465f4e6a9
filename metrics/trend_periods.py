"""Which periods a window's headline trend is drawn in: weeks for a week, a month or a range,
months for a quarter or a year (a year in 52 weekly points says less than in its 12 months).

The periods are contiguous windows, oldest first, the last cut at the window's end, so that
metrics.series.weekly_sum (and its SQL form) counts a record in the period its date falls in
and nothing after the end the user chose.
"""

from __future__ import annotations

from datetime import date

from metrics.series import trend_weeks
from metrics.window import Window

# Months of a quarter's or a year's trend: the year up to the window's last month.
TREND_MONTHS = 12


def trend_months(end: date, count: int) -> list[Window]:
    """The `count` calendar months up to the one containing `end`, oldest first, the last cut
    at end."""
    last = Window.month(f"{end.year:04d}-{end.month:02d}")
    months = [last.previous(count - 1 - offset) for offset in range(count)]
    months[-1] = last.through(end)
    return months


def trend_periods(window: Window, weeks: int) -> list[Window]:
    """The headline trend of `window`: `weeks` ISO weeks up to its end for a week, a month or
    a range; TREND_MONTHS months up to its end for a quarter or a year."""
    if window.period in ("quarter", "year"):
        return trend_months(window.end, TREND_MONTHS)
    return trend_weeks(window.end, weeks)
