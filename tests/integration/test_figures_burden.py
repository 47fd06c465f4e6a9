"""figures/burden.py equals metrics/ (the reference) over random records, windows, scopes and
thresholds, on SQLite and PostgreSQL: the window's figures, the previous window's and the
year-ago window's (weeks, ranges, whole and partial months, quarters and years), each community's
columns, the burden alerts and the burden view's weekly series."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from sqlalchemy import Engine

from data_access.db import read_connection
from figures.burden import (
    ALERT_RULES,
    burden_alerts,
    burden_figures,
    burden_parts,
    by_department,
    community_burden_figures,
    weekly_assigned_by_kind,
    weekly_reports_year_on_year,
)
from figures.community import scope_communities
from figures.sql import new_parts
from metrics import burden as reference
from metrics.alert_rules import RULE_FUNCTIONS
from metrics.alerts import alert_order
from metrics.by_community import by_community
from metrics.series import weekly_assigned_by_kind as reference_by_kind
from metrics.series import weekly_reports_year_on_year as reference_reports
from tests.random_records import EXAMPLES, Case, cases, json_of, load


@EXAMPLES
@given(case=cases())
def test_the_burden_figures_alerts_and_series_in_the_database_equal_metrics(
    engine: Engine, case: Case
) -> None:
    load(engine, case.records)
    window, thresholds, frames, weeks = case.window, case.thresholds, case.frames, case.weeks
    windows = [window, window.previous(), window.year_ago()]
    with read_connection(engine) as connection:
        communities = scope_communities(connection, case.scope)
        codes = [community.code for community in communities]
        parts = new_parts()
        burden_parts(connection, windows, codes, parts)
        figures = [
            burden_figures(parts, index, communities, by_department(connection, each, codes))
            for index, each in enumerate(windows)
        ]
        rows = [community_burden_figures(parts[one.code]) for one in communities]
        alerts = burden_alerts(connection, window, codes, thresholds)
        by_kind = weekly_assigned_by_kind(connection, codes, weeks)
        reports = weekly_reports_year_on_year(connection, codes, weeks)

    assert codes == case.known
    items = frames.burden_items
    for each, found in zip(windows, figures, strict=True):
        assert found == json_of(reference.burden_figures(items, each)), each
    assert rows == [
        {key: row[key] for key in ("burden_assigned", "burden_unapproved")}
        for row in json_of(by_community(frames, window, thresholds))
    ]
    expected_alerts = [
        alert for rule in ALERT_RULES for alert in RULE_FUNCTIONS[rule](frames, window, thresholds)
    ]
    assert sorted(alerts, key=alert_order) == sorted(expected_alerts, key=alert_order)
    pd.testing.assert_frame_equal(by_kind, reference_by_kind(items, weeks))
    pd.testing.assert_frame_equal(reports, reference_reports(items, weeks))
