"""figures/consultations.py equals metrics/ (the reference) over random records, windows, scopes
and thresholds, on SQLite and PostgreSQL: the window's figures, the previous window's and the
year-ago window's (weeks, ranges, whole and partial months, quarters and years), each
community's column, the consultation alerts, the weekly series, the funnel, the quiet
communities and the consultations view's list."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from sqlalchemy import Engine

from data_access.db import read_connection
from figures.community import scope_communities
from figures.consultations import (
    ALERT_RULES,
    community_consultation_figures,
    consultation_alerts,
    consultation_figures,
    consultation_funnel,
    consultation_parts,
    consultations_held_or_pending,
    held_by_form,
    quiet_communities,
    weekly_consultations,
)
from figures.sql import new_parts
from metrics import consultations as reference
from metrics.alert_rules import RULE_FUNCTIONS
from metrics.alerts import alert_order
from metrics.by_community import by_community
from metrics.series import communities_without_consultation, pending_with_age, span_of
from metrics.series import consultation_funnel as reference_funnel
from metrics.series import weekly_consultations as reference_weekly
from tests.random_records import EXAMPLES, Case, cases, json_of, load


@EXAMPLES
@given(case=cases())
def test_the_consultation_figures_alerts_series_and_lists_in_the_database_equal_metrics(
    engine: Engine, case: Case
) -> None:
    load(engine, case.records)
    window, thresholds, frames, weeks = case.window, case.thresholds, case.frames, case.weeks
    windows = [window, window.previous(), window.year_ago()]
    days = thresholds.no_consultation_days
    with read_connection(engine) as connection:
        communities = scope_communities(connection, case.scope)
        codes = [community.code for community in communities]
        parts = new_parts()
        consultation_parts(connection, windows, codes, parts)
        figures = [
            consultation_figures(parts, index, communities, held_by_form(connection, each, codes))
            for index, each in enumerate(windows)
        ]
        rows = [community_consultation_figures(parts[one.code]) for one in communities]
        alerts = consultation_alerts(connection, window, codes, thresholds)
        weekly = weekly_consultations(connection, codes, weeks)
        monthly = weekly_consultations(connection, codes, case.months)
        funnel = consultation_funnel(connection, codes, span_of(weeks))
        quiet = quiet_communities(connection, codes, frames.communities, window.end, days)
    listed = consultations_held_or_pending(engine, window, codes)

    assert codes == case.known
    for each, found in zip(windows, figures, strict=True):
        expected = json_of(reference.consultation_figures(frames.consultations, each))
        assert found == expected, (each, found, expected)
    assert rows == [
        {"consultations_held": row["consultations_held"]}
        for row in json_of(by_community(frames, window, thresholds))
    ]
    expected_alerts = [
        alert for rule in ALERT_RULES for alert in RULE_FUNCTIONS[rule](frames, window, thresholds)
    ]
    assert sorted(alerts, key=alert_order) == sorted(expected_alerts, key=alert_order)
    everything = frames.consultations
    pd.testing.assert_frame_equal(weekly, reference_weekly(everything, weeks))
    pd.testing.assert_frame_equal(monthly, reference_weekly(everything, case.months))
    pd.testing.assert_frame_equal(funnel, reference_funnel(everything, span_of(weeks)))
    expected_quiet = communities_without_consultation(
        everything, frames.communities, window.end, days
    )
    pd.testing.assert_frame_equal(  # a date's unit (s or ns) depends on where it was read
        quiet.astype({"last_held": "datetime64[ns]"}),
        expected_quiet.astype({"last_held": "datetime64[ns]"}),
    )

    assert sorted(reference.held_consultations(listed, window)["ref"]) == sorted(
        reference.held_consultations(everything, window)["ref"]
    )
    mine, theirs = pending_with_age(listed, window.end), pending_with_age(everything, window.end)
    assert mine[["ref", "age_days"]].to_dict("records") == theirs[["ref", "age_days"]].to_dict(
        "records"
    )
