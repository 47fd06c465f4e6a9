"""A quarter's or a year's headline trend is by calendar month, a week's or a month's by week;
records are counted in the month their date falls in, nothing after the window's end."""

from __future__ import annotations

from datetime import date

import pandas as pd

from metrics.series import trend_weeks, weekly_dispute_flow
from metrics.trend_periods import TREND_MONTHS, trend_months, trend_periods
from metrics.window import Window
from tests.builders import dispute, disputes_frame


def test_trend_months_end_with_the_month_of_the_end_cut_at_the_end() -> None:
    months = trend_months(date(2026, 11, 17), 3)
    assert months == [
        Window.month("2026-09"),
        Window.month("2026-10"),
        Window.month("2026-11").through(date(2026, 11, 17)),
    ]
    # across a new year, and February of a leap year
    assert trend_months(date(2028, 3, 31), 4)[0] == Window.month("2027-12")
    assert trend_months(date(2028, 3, 31), 4)[2] == Window.month("2028-02")


def test_a_quarter_or_a_year_is_drawn_by_month_a_week_or_a_month_by_week() -> None:
    quarter = Window.quarter("2026-Q3")
    assert trend_periods(quarter, 9) == trend_months(quarter.end, TREND_MONTHS)
    assert trend_periods(Window.year("2025"), 9)[-1] == Window.month("2025-12")
    month = Window.month("2026-10")
    assert trend_periods(month, 9) == trend_weeks(month.end, 9)


def test_disputes_count_in_the_month_they_were_reported_in_and_not_after_the_end() -> None:
    reported = [date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 17)]
    late = date(2026, 11, 18)  # after the end: in no month
    disputes = disputes_frame(*(dispute(reported_on=day) for day in [*reported, late]))
    flow = weekly_dispute_flow(disputes, trend_months(date(2026, 11, 17), 3))
    assert list(flow.columns[:2]) == ["month", "new"]
    assert list(flow["month"]) == list(pd.to_datetime(["2026-09-01", "2026-10-01", "2026-11-01"]))
    # 09-30 in September; 10-01 and 10-31 in October; 11-17 in November, 11-18 nowhere
    assert list(flow["new"]) == [1, 2, 1]
