from datetime import date

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
