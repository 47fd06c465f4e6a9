"""A reform's figure per community and week in the database: the SQL form of
metrics.reform.weekly_counts (tests/integration/test_figures_reform.py checks the two equal over
random records, on SQLite and PostgreSQL).

One grouped query: each record's week is the whole number of 7-day blocks between span.start
and its date, so weeks run from the reform's periods' first day, not from Monday.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Engine, func, literal, select

from data_access.db import read_connection
from figures.sql import BURDEN, CONSULTATION, DISPUTE, ORGANIZATION, days_between, within
from metrics.reform import check_figure
from metrics.window import Window

# Each figure: the table's columns and the date that places a record in a week.
FIGURE_COLUMNS: dict[str, tuple[Any, str]] = {
    "disputes_new": (DISPUTE, "reported_on"),
    "consultations_held": (CONSULTATION, "held_on"),
    "burden_assigned": (BURDEN, "assigned_on"),
    "organizations_entered": (ORGANIZATION, "entered_on"),
}


def reform_weekly_counts(
    engine: Engine,
    figure: str,
    categories: Sequence[str],
    communities: Sequence[str],
    span: Window,
) -> dict[tuple[str, date], int]:
    """{(community, week start): count} of the figure's records of `communities` dated in
    `span` (new disputes only of `categories` when any are given), in weeks of 7 days from
    span.start; weeks without a record are absent."""
    check_figure(figure, categories)
    if not communities:
        return {}
    columns, day_name = FIGURE_COLUMNS[figure]
    day = columns[day_name]
    with read_connection(engine) as connection:
        week = (days_between(connection, day, literal(span.start, Date)) // 7).label("week")
        statement = (
            select(columns.community, week, func.count().label("records"))
            .where(columns.community.in_(list(communities)), within(day, span))
            .group_by(columns.community, week)
        )
        if categories:
            statement = statement.where(columns.category.in_(list(categories)))
        rows = connection.execute(statement).all()
    return {
        (str(community), span.start + timedelta(days=7 * int(index))): int(number)
        for community, index, number in rows
    }
