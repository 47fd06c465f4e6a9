"""figures/organizations.py equals metrics/ (the reference) over random records, windows, scopes
and thresholds, on SQLite and PostgreSQL: the window's figures, the previous window's and the
year-ago window's (weeks, ranges, whole and partial months, quarters and years), each
community's column, the inactive-organisation alert, the weekly activities and the organisations
view's inactive list (drawn from each organisation's latest activity)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from sqlalchemy import Engine

from data_access.db import read_connection
from figures.community import scope_communities
from figures.organizations import (
    ALERT_RULES,
    community_organization_figures,
    latest_activities,
    organization_alerts,
    organization_figures,
    organization_parts,
    weekly_activities,
)
from figures.sql import new_parts
from metrics import organizations as reference
from metrics.alert_rules import RULE_FUNCTIONS
from metrics.alerts import alert_order
from metrics.by_community import by_community
from metrics.series import inactive_with_last_activity
from metrics.series import weekly_activities as reference_weekly
from tests.random_records import EXAMPLES, Case, cases, json_of, load


@EXAMPLES
@given(case=cases())
def test_the_organization_figures_alerts_series_and_lists_in_the_database_equal_metrics(
    engine: Engine, case: Case
) -> None:
    load(engine, case.records)
    window, thresholds, frames = case.window, case.thresholds, case.frames
    windows = [window, window.previous(), window.year_ago()]
    with read_connection(engine) as connection:
        communities = scope_communities(connection, case.scope)
        codes = [community.code for community in communities]
        parts = new_parts()
        organization_parts(connection, windows, codes, thresholds, parts)
        figures = [organization_figures(parts, index, communities, True) for index in (0, 1, 2)]
        rows = [community_organization_figures(parts[one.code]) for one in communities]
        alerts = organization_alerts(connection, window, codes, thresholds)
        weekly = weekly_activities(connection, codes, case.weeks)
    latest = latest_activities(engine, window.end, codes)

    assert codes == case.known
    organizations, activities = frames.organizations, frames.org_activities
    for each, found in zip(windows, figures, strict=True):
        expected = reference.organization_figures(
            organizations, activities, frames.communities, each, thresholds
        )
        assert found == json_of(expected), each
    assert rows == [
        {"organizations_active": row["organizations_active"]}
        for row in json_of(by_community(frames, window, thresholds))
    ]
    expected_alerts = [
        alert for rule in ALERT_RULES for alert in RULE_FUNCTIONS[rule](frames, window, thresholds)
    ]
    assert sorted(alerts, key=alert_order) == sorted(expected_alerts, key=alert_order)
    pd.testing.assert_frame_equal(weekly, reference_weekly(activities, case.weeks))

    days, end = thresholds.inactive_days, window.end
    mine = inactive_with_last_activity(organizations, latest, end, days)
    theirs = inactive_with_last_activity(organizations, activities, end, days)
    unit = {"last_activity": "datetime64[ns]"}  # a date's unit depends on where it was read
    pd.testing.assert_frame_equal(mine.astype(unit), theirs.astype(unit))
