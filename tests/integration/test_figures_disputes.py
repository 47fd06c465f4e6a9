"""figures/disputes.py equals metrics/ (the reference) over random records, windows, scopes and
thresholds, on SQLite and PostgreSQL: the window's figures, the previous window's and the
year-ago window's (weeks, ranges, whole and partial months, quarters and years), each community's
columns, the dispute alerts, the weekly flow and the disputes view's lists."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from sqlalchemy import Engine

from data_access.db import read_connection
from figures.community import scope_communities
from figures.disputes import (
    ALERT_RULES,
    community_dispute_figures,
    dispute_alerts,
    dispute_figures,
    dispute_parts,
    disputes_new_or_open,
    new_by_category,
    weekly_dispute_flow,
)
from figures.sql import new_parts
from metrics import disputes as reference
from metrics.alert_rules import RULE_FUNCTIONS
from metrics.alerts import alert_order
from metrics.by_community import by_community
from metrics.series import (
    backlog_by_age,
    new_by_category_and_community,
    open_with_age,
    overdue_with_age,
)
from metrics.series import weekly_dispute_flow as reference_flow
from tests.random_records import EXAMPLES, Case, cases, json_of, load

COLUMNS = [
    "disputes_new",
    "disputes_open_at_end",
    "disputes_overdue_at_end",
    "disputes_per_10k",
]


def keys(records: pd.DataFrame) -> list[str]:
    return sorted(records["case_no"])


@EXAMPLES
@given(case=cases())
def test_the_dispute_figures_alerts_series_and_lists_in_the_database_equal_metrics(
    engine: Engine, case: Case
) -> None:
    load(engine, case.records)
    window, thresholds, frames = case.window, case.thresholds, case.frames
    windows = [window, window.previous(), window.year_ago()]
    with read_connection(engine) as connection:
        communities = scope_communities(connection, case.scope)
        codes = [community.code for community in communities]
        parts = new_parts()
        dispute_parts(connection, windows, codes, thresholds, parts)
        figures = [
            dispute_figures(parts, index, communities, new_by_category(connection, each, codes))
            for index, each in enumerate(windows)
        ]
        rows = [community_dispute_figures(parts[one.code], one.population) for one in communities]
        alerts = dispute_alerts(connection, window, codes, parts, thresholds)
        flow = weekly_dispute_flow(connection, codes, case.weeks)
        monthly = weekly_dispute_flow(connection, codes, case.months)
    listed = disputes_new_or_open(engine, window, codes)

    assert codes == case.known
    for each, found in zip(windows, figures, strict=True):
        expected = reference.dispute_figures(frames.disputes, frames.communities, each, thresholds)
        assert found == json_of(expected), each
    assert rows == [
        {column: row[column] for column in COLUMNS}
        for row in json_of(by_community(frames, window, thresholds))
    ]
    expected_alerts = [
        alert for rule in ALERT_RULES for alert in RULE_FUNCTIONS[rule](frames, window, thresholds)
    ]
    assert sorted(alerts, key=alert_order) == sorted(expected_alerts, key=alert_order)
    pd.testing.assert_frame_equal(flow, reference_flow(frames.disputes, case.weeks))
    pd.testing.assert_frame_equal(monthly, reference_flow(frames.disputes, case.months))

    everything, end = frames.disputes, window.end
    assert keys(reference.new_disputes(listed, window)) == keys(
        reference.new_disputes(everything, window)
    )
    for mine, theirs in [
        (open_with_age(listed, end), open_with_age(everything, end)),
        (overdue_with_age(listed, end, thresholds.overdue_days),
         overdue_with_age(everything, end, thresholds.overdue_days)),
    ]:  # fmt: skip
        assert mine[["case_no", "age_days"]].to_dict("records") == theirs[
            ["case_no", "age_days"]
        ].to_dict("records")
    pd.testing.assert_frame_equal(backlog_by_age(listed, end), backlog_by_age(everything, end))
    pd.testing.assert_frame_equal(
        new_by_category_and_community(listed, frames.communities, window),
        new_by_category_and_community(everything, frames.communities, window),
    )
