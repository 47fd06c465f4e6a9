"""The views' series and lists read from the database equal metrics/ over every record, on
SQLite and PostgreSQL, on the small generated district of test_aggregates."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.queries import view_frames
from figures.views import ViewData, view_data
from metrics.burden import assigned_items, returned_items
from metrics.consultations import held_consultations
from metrics.disputes import new_disputes
from metrics.frames import WindowFrames
from metrics.series import (
    backlog_by_age,
    communities_without_consultation,
    consultation_funnel,
    hours_by_community,
    inactive_with_last_activity,
    new_by_category_and_community,
    open_with_age,
    pending_with_age,
    span_of,
    trend_weeks,
    weekly_activities,
    weekly_assigned_by_kind,
    weekly_by_community,
    weekly_consultations,
    weekly_dispute_flow,
    weekly_reports_year_on_year,
)
from metrics.window import Window
from tests.integration.test_aggregates import LATEST, THRESHOLDS, load_small_district

EVERYTHING = date(2000, 1, 1)


def by_key(records: pd.DataFrame, key: str) -> pd.DataFrame:
    return records.sort_values(key).reset_index(drop=True)


def both(engine: Engine, view: str, window: Window, weeks: list[Window], scope: list[str]) -> tuple[
    ViewData, WindowFrames]:  # fmt: skip
    data = view_data(
        engine,
        view,
        window,
        weeks,
        scope,
        no_consultation_days=THRESHOLDS.no_consultation_days,
    )
    return data, view_frames(engine, EVERYTHING, window.end, scope)


def cases(every: list[str]) -> list[tuple[Window, list[Window], list[str]]]:
    month = Window(LATEST.end - timedelta(days=30), LATEST.end)
    return [
        (LATEST, trend_weeks(LATEST.end, 12), every),
        (LATEST.shifted_weeks(-5), trend_weeks(LATEST.shifted_weeks(-5).end, 52), every[:3]),
        (month, trend_weeks(month.end, 26), ["YH98", "YH99", every[1]]),
    ]


def check_disputes(data: ViewData, full: WindowFrames, window: Window, weeks: list[Window]) -> None:
    pd.testing.assert_frame_equal(data.series["flow"], weekly_dispute_flow(full.disputes, weeks))
    mine, reference = data.frames.disputes, full.disputes
    pd.testing.assert_frame_equal(
        by_key(new_disputes(mine, window), "case_no"),
        by_key(new_disputes(reference, window), "case_no"),
    )
    pd.testing.assert_frame_equal(
        open_with_age(mine, window.end), open_with_age(reference, window.end)
    )
    pd.testing.assert_frame_equal(
        backlog_by_age(mine, window.end), backlog_by_age(reference, window.end)
    )
    pd.testing.assert_frame_equal(
        new_by_category_and_community(mine, data.frames.communities, window),
        new_by_category_and_community(reference, full.communities, window),
    )


def check_consultations(
    data: ViewData, full: WindowFrames, window: Window, weeks: list[Window]
) -> None:
    reference = full.consultations
    pd.testing.assert_frame_equal(data.series["weekly"], weekly_consultations(reference, weeks))
    pd.testing.assert_frame_equal(
        data.series["funnel"], consultation_funnel(reference, span_of(weeks))
    )
    days = THRESHOLDS.no_consultation_days
    pd.testing.assert_frame_equal(
        data.series["quiet"],
        communities_without_consultation(reference, full.communities, window.end, days),
    )
    mine = data.frames.consultations
    pd.testing.assert_frame_equal(
        pending_with_age(mine, window.end), pending_with_age(reference, window.end)
    )
    pd.testing.assert_frame_equal(
        by_key(held_consultations(mine, window), "ref"),
        by_key(held_consultations(reference, window), "ref"),
    )


def check_organizations(
    data: ViewData, full: WindowFrames, window: Window, weeks: list[Window]
) -> None:
    pd.testing.assert_frame_equal(
        data.series["weekly"], weekly_activities(full.org_activities, weeks)
    )
    days = THRESHOLDS.inactive_days
    frames = data.frames
    pd.testing.assert_frame_equal(
        inactive_with_last_activity(frames.organizations, frames.org_activities, window.end, days),
        inactive_with_last_activity(full.organizations, full.org_activities, window.end, days),
    )
    pd.testing.assert_frame_equal(frames.organizations, full.organizations)


def check_burden(data: ViewData, full: WindowFrames, window: Window, weeks: list[Window]) -> None:
    reference = full.burden_items
    pd.testing.assert_frame_equal(data.series["by_kind"], weekly_assigned_by_kind(reference, weeks))
    pd.testing.assert_frame_equal(
        data.series["reports"], weekly_reports_year_on_year(reference, weeks)
    )
    mine = data.frames.burden_items
    for pick in (assigned_items, returned_items):
        pd.testing.assert_frame_equal(
            by_key(pick(mine, window), "ref"), by_key(pick(reference, window), "ref")
        )
    pd.testing.assert_frame_equal(
        hours_by_community(mine, data.frames.communities, window),
        hours_by_community(reference, full.communities, window),
    )


def check_community(
    data: ViewData, full: WindowFrames, window: Window, weeks: list[Window]
) -> None:
    pd.testing.assert_frame_equal(data.series["weekly"], weekly_by_community(full, weeks))


CHECKS = {
    "disputes": check_disputes,
    "consultations": check_consultations,
    "organizations": check_organizations,
    "burden": check_burden,
    "community": check_community,
}


def test_every_view_series_and_list_from_the_database_equals_metrics_over_every_record(
    engine: Engine,
) -> None:
    every = load_small_district(engine)
    for window, weeks, scope in cases(every):
        for view, check in CHECKS.items():
            data, full = both(engine, view, window, weeks, scope)
            check(data, full, window, weeks)


def test_the_lists_hold_only_what_they_show_not_the_trend_span(engine: Engine) -> None:
    every = load_small_district(engine)
    weeks = trend_weeks(LATEST.end, 52)
    data, full = both(engine, "disputes", LATEST, weeks, every)
    new, still_open = new_disputes(full.disputes, LATEST), open_with_age(full.disputes, LATEST.end)
    shown = pd.concat([new, still_open])
    assert set(data.frames.disputes["case_no"]) == set(shown["case_no"])
    assert len(data.frames.disputes) == data.frames.disputes["case_no"].nunique()
    assert len(data.frames.disputes) < len(full.disputes) / 4


def test_an_unknown_view_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="unknown view"):
        view_data(engine, "nothing", LATEST, trend_weeks(LATEST.end, 12), ["YH01"],
                  no_consultation_days=28)  # fmt: skip
