"""The calendar periods the sidebar offers and how a window is named on the pages.

A month, quarter or year is offered from the one holding the first record to the current one;
the current one only once a day of it has passed, and then partial (through yesterday, as
`streetdash summary --month` takes it), marked 本月（截至 11月29日）. No Streamlit here: the
sidebar (ui/filters.py) draws what these functions decide.
"""

from __future__ import annotations

from datetime import date, timedelta

from i18n import t
from i18n.formatting import format_month_day, format_span
from metrics.window import CALENDAR_MONTHS, Period, Window, add_months

# The window types the sidebar offers, in its order.
WINDOW_MODES: tuple[Period, ...] = ("week", "month", "quarter", "year", "range")
# Periods whose pages also compare with the same period a year earlier (同比).
YEAR_ON_YEAR_PERIODS = tuple(CALENDAR_MONTHS)


def current_period(period: Period, today: date) -> Window | None:
    """The month, quarter or year that holds `today`, through yesterday; None when it begins
    today (no complete day of it yet)."""
    months = CALENDAR_MONTHS[period]
    first = date(today.year, (today.month - 1) // months * months + 1, 1)
    if first >= today:
        return None
    return Window.of_label(_label(first, period)).through(today - timedelta(days=1))


def _label(first: date, period: Period) -> str:
    if period == "month":
        return f"{first.year:04d}-{first.month:02d}"
    if period == "quarter":
        return f"{first.year:04d}-Q{(first.month - 1) // 3 + 1}"
    return f"{first.year:04d}"


def periods_offered(period: Period, first_day: date | None, today: date) -> list[Window]:
    """The months, quarters or years to choose from, newest first: the current one (partial)
    when a day of it has passed, then every whole one back to the one holding `first_day`
    (the first record's date), at least the last complete one."""
    months = CALENDAR_MONTHS[period]
    newest = Window.last_complete(period, today)
    offered = [newest]
    while first_day is not None and offered[-1].start > first_day:
        offered.append(Window.of_label(_label(add_months(offered[-1].start, -months), period)))
    current = current_period(period, today)
    return [current, *offered] if current is not None else offered


def default_period(offered: list[Window]) -> Window:
    """The last complete period of `offered`: a meeting reviews a period that has ended."""
    return next((window for window in offered if not window.is_partial), offered[0])


def period_name(window: Window, lang: str) -> str:
    """2026年11月 / November 2026, 2026年第4季度 / Q4 2026, 2026年 / 2026."""
    start = window.start
    if window.period == "month":
        month = start.month if lang == "zh" else f"{start:%B}"  # 11月 / November
        return t("period_month", lang, year=start.year, month=month)
    if window.period == "quarter":
        return t("period_quarter", lang, year=start.year, quarter=(start.month - 1) // 3 + 1)
    return t("period_year", lang, year=start.year)


def option_label(window: Window, lang: str) -> str:
    """How the picker lists a period: its name, or 本月（截至 11月29日） when partial."""
    if window.is_partial:
        return t(f"current_{window.period}", lang, day=format_month_day(window.end, lang))
    return period_name(window, lang)


def calendar_label(window: Window, lang: str) -> str:
    """A month, quarter or year with its days: 2026年11月（11月1日–29日）."""
    span = format_span(window.start, window.end, lang, with_year=False)
    return t("period_with_span", lang, period=period_name(window, lang), span=span)


def partial_note(window: Window, lang: str) -> str | None:
    """What a partial period's pages say under the title (截至 11月29日 …); None when whole."""
    if not window.is_partial:
        return None
    return t(
        "partial_note",
        lang,
        day=format_month_day(window.end, lang),
        period=t(f"period_word_{window.period}", lang),
        days=window.days,
    )
