"""The months, quarters and years the sidebar offers, how it names them, and how a KPI card
writes its change against the same period a year earlier (同比)."""

from __future__ import annotations

from datetime import date

import pytest

from i18n.formatting import format_year_on_year
from metrics.window import Window
from ui.periods import (
    calendar_label,
    current_period,
    default_period,
    option_label,
    partial_note,
    periods_offered,
)

TODAY = date(2026, 11, 30)
FIRST_RECORD = date(2024, 12, 2)


def test_months_run_from_the_current_one_back_to_the_first_records_newest_first() -> None:
    offered = periods_offered("month", FIRST_RECORD, TODAY)
    # November through the 29th, then the whole months back to December 2024: ten of 2026,
    # twelve of 2025 and one of 2024
    assert len(offered) == 1 + 10 + 12 + 1
    assert offered[0] == Window.month("2026-11").through(date(2026, 11, 29))
    assert offered[1:3] == [Window.month("2026-10"), Window.month("2026-09")]
    assert offered[-1] == Window.month("2024-12")
    assert default_period(offered) == Window.month("2026-10")


def test_quarters_and_years_are_offered_likewise() -> None:
    quarters = periods_offered("quarter", FIRST_RECORD, TODAY)
    assert [window.label for window in quarters] == [
        "2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2",
        "2025-Q1", "2024-Q4",
    ]  # fmt: skip
    assert quarters[0].is_partial and not quarters[1].is_partial
    years = periods_offered("year", FIRST_RECORD, TODAY)
    assert [window.label for window in years] == ["2026", "2025", "2024"]
    assert default_period(years) == Window.year("2025")


@pytest.mark.parametrize(
    ("period", "today", "newest"),
    [
        ("month", date(2026, 12, 1), "2026-11"),
        ("quarter", date(2027, 1, 1), "2026-Q4"),
        ("year", date(2027, 1, 1), "2026"),
    ],
)
def test_a_period_that_begins_today_is_not_offered_yet(
    period: str, today: date, newest: str
) -> None:
    assert current_period(period, today) is None  # type: ignore[arg-type]
    offered = periods_offered(period, FIRST_RECORD, today)  # type: ignore[arg-type]
    assert offered[0].label == newest and not offered[0].is_partial


def test_without_records_only_the_current_and_the_last_complete_period_are_offered() -> None:
    offered = periods_offered("month", None, TODAY)
    assert [window.label for window in offered] == ["2026-11", "2026-10"]


def test_the_pickers_name_a_period_and_mark_the_current_one_with_its_last_day() -> None:
    current, october = periods_offered("month", FIRST_RECORD, TODAY)[:2]
    assert option_label(current, "zh") == "本月（截至 11月29日）"
    assert option_label(current, "en") == "This month (through 29 Nov)"
    assert option_label(october, "zh") == "2026年10月"
    assert option_label(october, "en") == "October 2026"
    quarter = periods_offered("quarter", FIRST_RECORD, TODAY)
    assert option_label(quarter[0], "zh") == "本季度（截至 11月29日）"
    assert option_label(quarter[1], "zh") == "2026年第3季度"
    assert option_label(quarter[1], "en") == "Q3 2026"
    assert option_label(periods_offered("year", FIRST_RECORD, TODAY)[0], "zh") == (
        "今年（截至 11月29日）"
    )
    assert calendar_label(current, "zh") == "2026年11月（11月1日–29日）"


def test_only_a_partial_period_has_a_note_saying_up_to_which_day() -> None:
    current = current_period("quarter", TODAY)
    assert current is not None
    assert partial_note(current, "zh") == (
        "截至 11月29日：本季度尚未结束，上期和去年同期均取自期初起相同的 60 天。"
    )
    assert partial_note(Window.quarter("2026-Q3"), "zh") is None
    assert partial_note(Window.last_complete_week(TODAY), "zh") is None


@pytest.mark.parametrize(
    ("key", "value", "year_ago", "shown"),
    [
        ("new", 258, 306, "-15.7%"),  # 258 / 306 − 1 = −0.1569
        ("new", 45, 36, "+25.0%"),
        ("hours", 12.5, 10.0, "+25.0%"),
        ("new", 36, 36, "±0"),
        ("new", 10_000, 9_999, "±0"),  # +0.01 % rounds to nothing
        ("new", 5, 0, "+5"),  # no percentage against zero: the difference
        ("new", 0, 0, "±0"),
        ("success_rate", 0.878, 0.895, "-1.7 个百分点"),  # a rate: percentage points
        ("success_rate", None, 0.9, None),
        ("mean_days_to_resolve", 11.9, None, None),
    ],
)
def test_the_year_on_year_change_is_a_percentage_but_never_against_zero(
    key: str, value: float | None, year_ago: float | None, shown: str | None
) -> None:
    assert format_year_on_year(key, value, year_ago, "zh") == shown
