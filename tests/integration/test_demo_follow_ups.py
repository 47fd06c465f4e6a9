"""The demo street's follow-up actions (督办事项) and its year of comparison: the meetings before
the latest week raised actions from the alerts their weeks really gave, some done, some overdue,
some open; the meeting of the latest week reviews them and its written summary names the overdue
ones; and the last complete month and quarter have the same period a year earlier on record."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.follow_ups import follow_up_history
from demo.street import DemoStreet, generate_demo, load_demo
from demo.street_follow_ups import ACTIONS_PER_MEETING, demo_frames
from metrics.alert_rules import evaluate_alerts
from metrics.meeting import follow_up_statuses
from metrics.summary_model import has_year_ago_data
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.meeting import follow_ups_for_report
from reports.narrative import names_of, overdue_follow_ups, written_summary
from reports.summary import window_report

TODAY = date(2026, 11, 30)  # a Monday: the latest complete week is 2026-W48
SCOPE = [f"YH{number:02d}" for number in range(1, 17)]
# Days on which the demo is loaded: a Monday, a Sunday (dues fall differently), New Year, the
# Spring Festival, and another year.
DAYS = [TODAY, date(2026, 12, 6), date(2026, 1, 5), date(2026, 2, 20), date(2027, 6, 1)]


@pytest.fixture(scope="module")
def demo() -> DemoStreet:
    return generate_demo(seed=42, weeks=104, today=TODAY)


def actions_of(demo: DemoStreet) -> pd.DataFrame:
    return pd.DataFrame(demo.follow_ups)


def test_each_action_comes_from_an_alert_of_the_week_its_meeting_reviewed(
    demo: DemoStreet,
) -> None:
    actions = actions_of(demo)
    frames = demo_frames(demo)
    latest = Window.last_complete_week(TODAY)
    assert len(actions) >= 6
    for raised_on, meeting in actions.groupby("raised_on"):
        reviewed = Window.week_containing(raised_on).previous()
        assert raised_on == reviewed.end + timedelta(days=2)  # the Tuesday after
        assert latest.start - timedelta(weeks=4) <= reviewed.start < latest.start
        alerts = {
            (alert.community, alert.rule)
            for alert in evaluate_alerts(frames, reviewed, Thresholds())
        }
        assert set(zip(meeting["community"], meeting["alert_rule"], strict=True)) <= alerts
        assert len(meeting) <= ACTIONS_PER_MEETING
    pairs = list(zip(actions["community"], actions["alert_rule"], strict=True))
    assert len(set(pairs)) == len(pairs), "a community and rule followed up is not raised again"


@pytest.mark.parametrize("today", DAYS)
def test_some_actions_are_done_some_overdue_and_some_open_within_their_time(today: date) -> None:
    actions = actions_of(generate_demo(seed=today.toordinal(), weeks=104, today=today))
    statuses = follow_up_statuses(actions, today)
    assert {"done", "overdue", "open"} <= set(statuses)
    done = actions[actions["status"].eq("done")]
    assert (done["closed_on"] > done["raised_on"]).all()
    assert (done["closed_on"] <= done["due_on"]).all()
    assert (done["closed_on"] < today).all()
    assert actions.loc[~actions["status"].eq("done"), "closed_on"].isna().all()
    assert (actions["raised_on"] < today).all()
    assert set(actions["created_by"]) == {"demo"}


def test_a_short_demo_raises_actions_only_for_weeks_it_has_records_of() -> None:
    short = generate_demo(seed=42, weeks=3, today=TODAY)
    first_monday = Window.last_complete_week(TODAY).start - timedelta(weeks=2)
    assert all(row["raised_on"] > first_monday + timedelta(days=7) for row in short.follow_ups)
    assert "no_report" not in {row["alert_rule"] for row in short.follow_ups}


def test_the_latest_weeks_meeting_reviews_the_actions_and_names_the_overdue_ones(
    engine: Engine,
) -> None:
    counts = load_demo(engine, seed=42, weeks=104, today=TODAY)
    demo = generate_demo(seed=42, weeks=104, today=TODAY)
    assert counts["follow_ups"] == len(demo.follow_ups)
    latest = Window.last_complete_week(TODAY)
    actions = follow_ups_for_report(engine, latest, SCOPE)
    expected = [
        row
        for row in demo.follow_ups
        if row["status"] == "open" or row["closed_on"] >= latest.start
    ]
    assert sorted(actions["title"]) == sorted(row["title"] for row in expected)

    history = follow_up_history(engine, [int(i) for i in actions["id"]])
    steps = history.groupby("follow_up_id")["status"].apply(list).to_dict()
    for action in actions.itertuples():
        assert steps[action.id] == (["open", "done"] if action.status == "done" else ["open"])

    overdue = overdue_follow_ups(actions, TODAY)
    assert overdue.count >= 1
    summary = window_report(engine, latest, SCOPE, thresholds=Thresholds(), lang="zh").summary
    narrative = written_summary(summary, names_of(summary), "zh", follow_ups=overdue)
    last = narrative.sentences[-1]
    assert last.part == "attention"
    assert last.text.startswith(f"督办事项逾期{overdue.count}项")
    assert set(last.communities) == set(overdue.communities)


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("period", ["month", "quarter"])
def test_the_last_complete_month_and_quarter_have_the_same_period_a_year_earlier_on_record(
    today: date, period: str
) -> None:
    demo = generate_demo(seed=42, weeks=104, today=today)
    window = Window.last_complete(period, today)  # type: ignore[arg-type]
    first_day = min(row["reported_on"] for row in demo.disputes)
    assert first_day <= window.year_ago().start
    year_ago = window.year_ago()
    for table, day in [
        ("disputes", "reported_on"),
        ("consultations", "held_on"),
        ("org_activities", "held_on"),
        ("burden_items", "assigned_on"),
    ]:
        in_year_ago = [
            row for row in getattr(demo, table) if year_ago.start <= row[day] <= year_ago.end
        ]
        in_window = [row for row in getattr(demo, table) if window.start <= row[day] <= window.end]
        assert in_year_ago and in_window, table
        # of a size to compare with: neither side a trickle of the other
        assert 0.3 <= len(in_window) / len(in_year_ago) <= 3, table


def test_the_summary_of_the_last_complete_quarter_compares_with_a_year_earlier(
    sqlite_engine: Engine,
) -> None:
    load_demo(sqlite_engine, seed=42, weeks=104, today=TODAY)
    for period in ("month", "quarter"):
        window = Window.last_complete(period, TODAY)  # type: ignore[arg-type]
        summary = window_report(
            sqlite_engine, window, SCOPE, thresholds=Thresholds(), lang="zh"
        ).summary
        assert has_year_ago_data(summary)
        assert summary.year_ago.disputes.new > 0
        assert summary.year_ago.consultations.held > 0
        assert summary.year_ago.burden.assigned > 0
        assert summary.year_ago.organizations.active > 0
