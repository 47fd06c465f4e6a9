from datetime import date, timedelta

import pandas as pd
import pytest

from metrics.window import Window


def test_an_iso_week_runs_monday_to_sunday():
    week = Window.iso_week("2026-W40")
    assert (week.start, week.end) == (date(2026, 9, 28), date(2026, 10, 4))
    assert week.days == 7
    assert week.week == "2026-W40"
    assert str(week) == "2026-W40"


def test_the_previous_window_has_the_same_length_and_ends_the_day_before():
    window = Window(date(2026, 9, 1), date(2026, 9, 10))
    assert window.previous() == Window(date(2026, 8, 22), date(2026, 8, 31))
    # eight windows back: 80 days before the start
    assert window.previous(8) == Window(date(2026, 6, 13), date(2026, 6, 22))


def test_a_window_that_is_not_one_iso_week_has_no_week_label():
    window = Window(date(2026, 9, 29), date(2026, 10, 5))
    assert window.week is None
    assert window.to_json() == {
        "start": "2026-09-29",
        "end": "2026-10-05",
        "week": None,
        "period": "range",
        "label": "2026-09-29..2026-10-05",
    }
    assert str(window) == "2026-09-29~2026-10-05"


def test_timestamps_compare_with_datetime_columns():
    week = Window.iso_week("2026-W01")
    assert week.start_ts == pd.Timestamp("2025-12-29")
    assert week.end_ts == pd.Timestamp("2026-01-04")


def test_week_containing_and_last_complete_week():
    assert Window.week_containing(date(2026, 10, 1)) == Window.iso_week("2026-W40")
    # on Monday 2026-10-05 the last complete week is W40; on Sunday 10-04 it is W39
    assert Window.last_complete_week(date(2026, 10, 5)) == Window.iso_week("2026-W40")
    assert Window.last_complete_week(date(2026, 10, 4)) == Window.iso_week("2026-W39")


def test_shifted_weeks_moves_the_window_by_whole_weeks():
    assert Window.iso_week("2026-W40").shifted_weeks(-2) == Window.iso_week("2026-W38")


@pytest.mark.parametrize("label", ["2026-40", "2026-W54", "W40"])
def test_a_bad_week_label_is_refused(label):
    with pytest.raises(ValueError):
        Window.iso_week(label)


def test_a_window_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        Window(date(2026, 10, 2), date(2026, 10, 1))


def days(first: str, last: str) -> Window:
    return Window(date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize(
    ("window", "period", "label", "first", "last"),
    [
        (Window.iso_week("2026-W40"), "week", "2026-W40", "2026-09-28", "2026-10-04"),
        (Window.month("2026-10"), "month", "2026-10", "2026-10-01", "2026-10-31"),
        (Window.month("2028-02"), "month", "2028-02", "2028-02-01", "2028-02-29"),
        (Window.quarter("2026-Q3"), "quarter", "2026-Q3", "2026-07-01", "2026-09-30"),
        (Window.year("2026"), "year", "2026", "2026-01-01", "2026-12-31"),
        (days("2026-10-01", "2026-10-31"), "range", "2026-10-01..2026-10-31", "", ""),
        (days("2026-09-28", "2026-10-04"), "week", "2026-W40", "", ""),  # exactly an ISO week
    ],
)
def test_each_kind_of_window_has_its_period_label_and_days(window, period, label, first, last):
    assert (window.period, window.label) == (period, label)
    if first:
        assert (window.start, window.end) == (date.fromisoformat(first), date.fromisoformat(last))
    assert Window.of_label(label) == window
    assert not window.is_partial


@pytest.mark.parametrize("label", ["2026-13", "2026-1", "2026-Q5", "26", "2026-10-01"])
def test_a_bad_period_label_is_refused(label):
    with pytest.raises(ValueError):
        Window.of_label(label)


def test_the_previous_calendar_period_is_the_month_quarter_or_year_before():
    assert Window.month("2026-10").previous() == Window.month("2026-09")
    assert Window.month("2026-01").previous() == Window.month("2025-12")
    assert Window.month("2028-03").previous() == Window.month("2028-02")  # 29 days
    assert Window.quarter("2026-Q3").previous() == Window.quarter("2026-Q2")
    assert Window.quarter("2026-Q1").previous() == Window.quarter("2025-Q4")
    assert Window.year("2026").previous() == Window.year("2025")
    assert Window.month("2026-10").previous(3) == Window.month("2026-07")


def test_a_year_ago_is_364_days_for_a_week_and_the_same_calendar_period_otherwise():
    # 2026-W40 (09-28..10-04) → 2025-09-29..10-05, Monday to Sunday again: 2025-W40
    assert Window.iso_week("2026-W40").year_ago() == Window.iso_week("2025-W40")
    assert Window.month("2028-02").year_ago() == Window.month("2027-02")  # 29 → 28 days
    assert Window.quarter("2026-Q4").year_ago() == Window.quarter("2025-Q4")
    assert Window.year("2028").year_ago() == Window.year("2027")


def test_a_range_a_year_ago_moves_each_end_back_a_calendar_year_29_february_to_28():
    assert days("2028-02-01", "2028-02-29").year_ago() == days("2027-02-01", "2027-02-28")
    assert days("2028-02-29", "2028-03-10").year_ago() == days("2027-02-28", "2027-03-10")
    # a range keeps its same-length previous: the 29 days before 02-01
    assert days("2028-02-01", "2028-02-29").previous() == days("2028-01-03", "2028-01-31")


def test_a_quarter_that_starts_mid_week_is_still_whole_months():
    quarter = Window.quarter("2026-Q4")
    assert quarter.start == date(2026, 10, 1) and quarter.start.weekday() == 3  # a Thursday
    assert quarter.week is None and quarter.days == 92


def test_a_current_period_stops_at_the_last_complete_day_and_is_partial():
    november = Window.month("2026-11").through(date(2026, 11, 29))
    assert (november.start, november.end, november.label) == (
        date(2026, 11, 1),
        date(2026, 11, 29),
        "2026-11",
    )
    assert november.is_partial
    assert str(november) == "2026-11"
    # a period that has ended by then is whole
    assert Window.month("2026-10").through(date(2026, 11, 29)) == Window.month("2026-10")


def test_a_partial_periods_comparisons_cover_the_same_number_of_days():
    november = Window.month("2026-11").through(date(2026, 11, 29))  # 29 days
    assert november.previous() == Window.month("2026-10").through(date(2026, 10, 29))
    assert november.year_ago() == Window.month("2025-11").through(date(2025, 11, 29))
    # 30 days of March set against February: all of February, never beyond it
    march = Window.month("2028-03").through(date(2028, 3, 30))
    assert march.previous() == Window.month("2028-02")
    # 2026-Q4 up to 11-29 is 60 days: Q3's first 60 days end on 08-29
    quarter = Window.quarter("2026-Q4").through(date(2026, 11, 29))
    assert quarter.previous() == Window.quarter("2026-Q3").through(date(2026, 8, 29))
    # 2028 (leap) up to 11-29 is 334 days: 2027's first 334 days end on 11-30
    year = Window.year("2028").through(date(2028, 11, 29))
    assert year.year_ago() == Window.year("2027").through(date(2027, 11, 30))


def test_a_period_not_begun_a_week_or_a_range_cannot_be_cut_short():
    with pytest.raises(ValueError):
        Window.month("2026-12").through(date(2026, 11, 29))
    with pytest.raises(ValueError):
        Window.iso_week("2026-W48").through(date(2026, 11, 25))


def test_the_surge_baseline_windows_are_of_the_windows_length_in_days():
    october = Window.month("2026-10")  # 31 days
    assert october.same_length_before() == days("2026-08-31", "2026-09-30")
    assert october.same_length_before(8).start == date(2026, 10, 1) - timedelta(days=8 * 31)


def test_last_complete_period_is_the_latest_that_ended_before_today():
    today = date(2026, 11, 30)
    assert Window.last_complete("month", today) == Window.month("2026-10")
    assert Window.last_complete("quarter", today) == Window.quarter("2026-Q3")
    assert Window.last_complete("year", today) == Window.year("2025")
    assert Window.last_complete("month", date(2026, 1, 1)) == Window.month("2025-12")


def test_the_window_json_names_its_period_and_label():
    assert Window.quarter("2026-Q3").to_json() == {
        "start": "2026-07-01",
        "end": "2026-09-30",
        "week": None,
        "period": "quarter",
        "label": "2026-Q3",
    }
