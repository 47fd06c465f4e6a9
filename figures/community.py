"""The communities a summary covers, and the community profile's weekly counts of every domain
(the SQL form of metrics/community.py).

tests/integration/test_figures_views.py checks the profile against
metrics.community.weekly_by_community over random records and windows, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Date, func, literal, select

from figures.sql import (
    ACTIVITIES_WITH_COMMUNITY,
    ACTIVITY,
    BURDEN,
    COMMUNITY,
    CONSULTATION,
    DISPUTE,
    ORGANIZATION,
    days_between,
    within,
)
from metrics.community import PROFILE_MEASURES
from metrics.series import span_of
from metrics.window import Window


@dataclass(frozen=True)
class ScopeCommunity:
    """A community of the scope, with what the figures need of it besides its records."""

    code: str
    name: str
    population: int


def scope_communities(connection: Connection, scope: Sequence[str]) -> list[ScopeCommunity]:
    """The communities of `scope` that exist, ordered by code."""
    statement = (
        select(COMMUNITY.code, COMMUNITY.name, COMMUNITY.population)
        .where(COMMUNITY.code.in_(list(scope)))
        .order_by(COMMUNITY.code)
    )
    return [
        ScopeCommunity(str(row.code), str(row.name), int(row.population or 0))
        for row in connection.execute(statement)
    ]


def community_weeks(
    connection: Connection, table: Any, day: Any, community: Any, codes: list[str], span: Window
) -> pd.DataFrame:
    """(community, week, value): the rows of `table` per community and week of `span`, the
    week numbered from span's first Monday (0, 1, …)."""
    week = (days_between(connection, day, literal(span.start, Date)) // 7).label("week")
    statement = (
        select(community.label("community"), week, func.count().label("value"))
        .select_from(table)
        .where(community.in_(codes), within(day, span))
        .group_by(community, week)
    )
    return pd.DataFrame(
        [tuple(row) for row in connection.execute(statement)],
        columns=["community", "week", "value"],
    )


def weekly_by_community(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.community.weekly_by_community, counted by community and week in the database."""
    span = span_of(weeks)
    sources = {
        "disputes_new": (DISPUTE.reported_on.table, DISPUTE.reported_on, DISPUTE.community),
        "consultations_held": (
            CONSULTATION.held_on.table,
            CONSULTATION.held_on,
            CONSULTATION.community,
        ),
        "activities": (ACTIVITIES_WITH_COMMUNITY, ACTIVITY.held_on, ORGANIZATION.community),
        "burden_assigned": (BURDEN.assigned_on.table, BURDEN.assigned_on, BURDEN.community),
    }
    counted = pd.concat(
        [
            community_weeks(connection, table, day, community, codes, span).assign(measure=measure)
            for measure, (table, day, community) in sources.items()
        ],
        ignore_index=True,
    )
    grid = pd.MultiIndex.from_product(
        [sorted(codes), list(PROFILE_MEASURES), range(len(weeks))],
        names=["community", "measure", "week"],
    )
    values = (
        counted.astype({"week": "int64", "value": "int64"})
        .set_index(["community", "measure", "week"])["value"]
        .reindex(grid, fill_value=0)
        .reset_index()
    )
    mondays = pd.DatetimeIndex([pd.Timestamp(week.start) for week in weeks], name="week")
    values["week"] = mondays[values["week"].to_numpy()]
    return values[["week", "community", "measure", "value"]]
