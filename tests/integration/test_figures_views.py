"""What the views draw from the database (figures/views.py), on SQLite and PostgreSQL: the
community profile equals metrics over random records and on the small generated district of
test_figures_summary, the lists hold only what they show, and an unknown view is refused.
Each domain's series and lists are checked against metrics/ by test_figures_<domain>.py."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from sqlalchemy import Engine

from data_access.db import read_connection
from data_access.queries import view_frames
from figures.community import weekly_by_community as figures_profile
from figures.views import VIEWS, ViewData, view_data
from metrics.community import weekly_by_community
from metrics.disputes import new_disputes
from metrics.frames import WindowFrames
from metrics.series import open_with_age, trend_weeks
from metrics.window import Window
from tests.integration.test_figures_summary import LATEST, THRESHOLDS, load_small_district
from tests.random_records import EXAMPLES, Case, cases, load

EVERYTHING = date(2000, 1, 1)
SERIES = {
    "disputes": {"flow"},
    "consultations": {"weekly", "funnel", "quiet"},
    "organizations": {"weekly"},
    "burden": {"by_kind", "reports"},
    "community": {"weekly"},
}


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


def test_the_community_profile_and_every_view_s_series_come_from_the_database(
    engine: Engine,
) -> None:
    every = load_small_district(engine)
    month = Window(LATEST.end - timedelta(days=30), LATEST.end)
    for window, weeks, scope in [
        (LATEST, trend_weeks(LATEST.end, 12), every),
        (month, trend_weeks(month.end, 26), ["YH98", "YH99", every[1]]),
    ]:
        data, full = both(engine, "community", window, weeks, scope)
        pd.testing.assert_frame_equal(data.series["weekly"], weekly_by_community(full, weeks))
    for view in VIEWS:
        data = view_data(engine, view, LATEST, trend_weeks(LATEST.end, 12), every[:2],
                         no_consultation_days=28)  # fmt: skip
        assert set(data.series) == SERIES[view], view
        assert list(data.frames.communities["code"]) == sorted(every[:2])


@EXAMPLES
@given(case=cases())
def test_the_community_profile_in_the_database_equals_metrics_over_random_records(
    engine: Engine, case: Case
) -> None:
    load(engine, case.records)
    with read_connection(engine) as connection:
        profile = figures_profile(connection, case.known, case.weeks)
    unit = {"week": "datetime64[ns]", "community": str, "measure": str}  # dtypes of no rows vary
    expected = weekly_by_community(case.frames, case.weeks)
    pd.testing.assert_frame_equal(profile.astype(unit), expected.astype(unit))


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
