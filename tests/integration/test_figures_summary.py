"""The summary assembled from the four domains in the database (figures/summary.py) equals the
metrics/ definitions, on SQLite and PostgreSQL, at the scale of a district.

A small generated district (8 communities, 60 weeks) plus two planted communities, so that every
alert rule has something to fire on, is summarised both ways for several windows and scopes; so
is the demo street. Each domain's figures, alerts, series and lists are checked over random
records by tests/integration/test_figures_<domain>.py.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, insert

from data_access.db import write_session
from data_access.models import Community, Dispute
from data_access.queries import window_frames
from demo.district import SMALL, generate_district
from demo.district_load import load_district
from demo.street import load_demo
from metrics.alerts import RULES
from metrics.meeting import AVERAGE_WINDOWS, average_lookback, windows_average
from metrics.series import trend_weeks, weekly_consultations, weekly_dispute_flow
from metrics.summary_model import Summary
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.meeting import CHART_WEEKS, meeting_report
from reports.summary import window_report, window_report_from_records

TODAY = date(2026, 11, 23)
LATEST = Window.last_complete_week(TODAY)
THRESHOLDS = Thresholds()


def load_small_district(engine: Engine) -> list[str]:
    """The small district, a community whose disputes surge, and one that reports nothing."""
    load_district(engine, shape=SMALL, today=TODAY, with_accounts=False)
    with write_session(engine) as session:
        session.execute(
            insert(Community),
            [
                {"code": "YH98", "name": "静默社区", "street_code": "YH", "population": 4000},
                {"code": "YH99", "name": "新建社区", "street_code": "YH", "population": 6000},
            ],
        )
        session.execute(
            insert(Dispute),
            [
                {
                    "case_no": f"YH99-SURGE-{number}",
                    "community": "YH99",
                    "reported_on": LATEST.start + timedelta(days=number),
                    "category": "neighbor",
                    "source": "hotline",
                    "status": "open",
                    "level": "grid",
                    "is_major": number == 0,
                    "parties": 2,
                }
                for number in range(4)
            ],
        )
    codes = [str(code) for code in generate_district(shape=SMALL, today=TODAY).tables[
        "community"]["code"]]  # fmt: skip
    return [*codes, "YH98", "YH99"]


def both_ways(engine: Engine, window: Window, scope: list[str]) -> tuple[Summary, Summary]:
    options = {"thresholds": THRESHOLDS, "lang": "zh"}
    in_database = window_report(engine, window, scope, **options).summary
    from_records = window_report_from_records(engine, window, scope, **options).summary
    return in_database, from_records


def test_the_summary_aggregated_in_the_database_equals_the_metrics_definitions(
    engine: Engine,
) -> None:
    every = load_small_district(engine)
    scopes = [every, ["YH02"], ["NT03", "YH98", "YH99"], ["NT01", "unknown"]]
    fired: set[str] = set()
    for weeks_back in (0, 40):
        window = LATEST.shifted_weeks(-weeks_back)
        for scope in scopes:
            in_database, from_records = both_ways(engine, window, scope)
            assert in_database == from_records, (window, scope)
            fired |= {alert.rule for alert in in_database.alerts}
    month = Window(LATEST.end - timedelta(days=30), LATEST.end)
    in_database, from_records = both_ways(engine, month, every)
    assert in_database == from_records
    assert fired == set(RULES)


def test_months_quarters_and_years_with_their_previous_and_year_ago_are_the_same_either_way(
    engine: Engine,
) -> None:
    every = load_small_district(engine)
    yesterday = TODAY - timedelta(days=1)
    windows = [
        Window.month("2026-10"),
        Window.month("2026-11").through(yesterday),  # partial: 11-01..11-22
        Window.quarter("2026-Q3"),
        Window.quarter("2026-Q4").through(yesterday),  # starts on a Thursday, partial
        Window.year("2026").through(yesterday),
        Window.year("2025"),  # the district's data begins in it; 2024 holds none
    ]
    for window in windows:
        for scope in (every, ["NT03", "YH98", "YH99"]):
            in_database, from_records = both_ways(engine, window, scope)
            assert in_database == from_records, (window, scope)
            assert in_database.window.label == window.label
    this_year, _ = both_ways(engine, Window.year("2026").through(yesterday), every)
    assert this_year.year_ago.has_records()


def test_the_meeting_average_and_charts_from_the_database_equal_the_metrics_definitions(
    engine: Engine,
) -> None:
    scope = load_small_district(engine)[:5]
    for window in (LATEST, LATEST.shifted_weeks(-7)):
        report = meeting_report(engine, window, scope, thresholds=THRESHOLDS, lang="en")
        lookback = average_lookback(window, THRESHOLDS, AVERAGE_WINDOWS)
        frames = window_frames(engine, lookback, window.end, scope)
        assert report.average == windows_average(frames, window, THRESHOLDS)
        weeks = trend_weeks(window.end, CHART_WEEKS)
        pd.testing.assert_frame_equal(
            report.series["dispute_flow"], weekly_dispute_flow(frames.disputes, weeks)
        )
        pd.testing.assert_frame_equal(
            report.series["consultations"], weekly_consultations(frames.consultations, weeks)
        )
        assert set(report.frames.disputes["community"]) <= set(scope)


def test_the_demo_street_summary_is_the_same_either_way(engine: Engine) -> None:
    load_demo(engine, seed=42, weeks=30, today=TODAY)
    scope = [f"YH{number:02d}" for number in range(1, 17)]
    in_database, from_records = both_ways(engine, LATEST, scope)
    assert in_database == from_records
    assert {alert.rule for alert in in_database.alerts} == set(RULES)


@pytest.mark.parametrize("seed", [1, 7])
def test_the_district_generator_is_deterministic_for_a_seed(seed: int) -> None:
    one = generate_district(seed=seed, shape=SMALL, today=TODAY)
    other = generate_district(seed=seed, shape=SMALL, today=TODAY)
    assert one.tables == other.tables
    counts = one.counts()
    assert counts["community"] == SMALL.streets * SMALL.communities_per_street
    assert counts["dispute"] > 5_000 and counts["burden_item"] > 2_000
