"""The data each oversight view draws, its trend series counted in the database.

A view shows the window's figures (the summary, figures/summary.py), weekly series over
12–52 weeks, and lists of records. The series here are the ones of metrics/series.py counted
by day (or by community and week) in SQL and placed into weeks by the same `weekly_sum`, so a
view never reads a trend span's records; the lists read only the records they show.
tests/integration/test_view_data.py checks every series and list against metrics/ on a
generated district, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Date, Engine, func, literal, select

from data_access.db import read_connection
from data_access.queries import (
    burden_items_touching,
    communities,
    consultations_held_or_pending,
    disputes_new_or_open,
    latest_activities,
    organizations_until,
)
from figures.summary import (
    ACTIVITY,
    BURDEN,
    CONSULTATION,
    DISPUTE,
    ORGANIZATION,
    _count,
    _daily,
    _days_between,
    _weekly,
    _within,
    weekly_consultations_sql,
    weekly_dispute_flow_sql,
)
from metrics.codes import BURDEN_KINDS
from metrics.frames import WindowFrames
from metrics.series import PROFILE_MEASURES, YEAR_WEEKS, assigned_by_kind_rows, span_of
from metrics.window import Window

VIEWS = ("disputes", "consultations", "organizations", "burden", "community")


@dataclass(frozen=True)
class ViewData:
    """A view's records (only those its lists and window breakdowns need) and its series."""

    frames: WindowFrames
    series: dict[str, pd.DataFrame] = field(default_factory=dict)


def consultation_funnel_sql(connection: Connection, codes: list[str], span: Window) -> pd.DataFrame:
    """metrics.series.consultation_funnel, counted in the database."""
    with_consensus = CONSULTATION.consensus.is_(True)
    implemented = (
        with_consensus
        & (CONSULTATION.implementation == "done")
        & (CONSULTATION.implemented_on <= span.end)
    )
    held, consensus, done = connection.execute(
        select(func.count(), _count(with_consensus), _count(implemented)).where(
            CONSULTATION.community.in_(codes), _within(CONSULTATION.held_on, span)
        )
    ).one()
    return pd.DataFrame(
        {
            "stage": ["held", "consensus", "implemented"],
            "count": [int(held), int(consensus or 0), int(done or 0)],
        }
    )


def quiet_communities_sql(
    connection: Connection, codes: list[str], names: pd.DataFrame, end: Any, days: int
) -> pd.DataFrame:
    """metrics.series.communities_without_consultation over every record: the communities
    with none held in the `days` days ending at `end`, with their latest held_on (NaT if none)."""
    latest: dict[str, Any] = {
        str(code): day
        for code, day in connection.execute(
            select(CONSULTATION.community, func.max(CONSULTATION.held_on))
            .where(CONSULTATION.community.in_(codes), CONSULTATION.held_on <= end)
            .group_by(CONSULTATION.community)
        )
    }
    first = pd.Timestamp(end - timedelta(days=days - 1))
    quiet = (
        names[["code", "name"]]
        .rename(columns={"code": "community"})
        .sort_values("community")
        .reset_index(drop=True)
    )
    last_held = pd.Series([latest.get(code) for code in quiet["community"]], dtype=object)
    quiet["last_held"] = pd.to_datetime(last_held)
    quiet = quiet[quiet["last_held"].isna() | (quiet["last_held"] < first)]
    return quiet.reset_index(drop=True)


def weekly_activities_sql(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_activities, counted by day in the database."""
    held = _daily(
        connection,
        select(
            ACTIVITY.held_on.label("day"),
            func.count().label("activities"),
            func.sum(ACTIVITY.participants).label("participants"),
        )
        .select_from(ACTIVITY.org_no.table.join(ORGANIZATION.org_no.table))
        .where(ORGANIZATION.community.in_(codes), _within(ACTIVITY.held_on, span_of(weeks)))
        .group_by(ACTIVITY.held_on),
    )
    series = pd.DataFrame(
        {column: _weekly(held, column, weeks) for column in ("activities", "participants")}
    )
    return series.reset_index()


def weekly_assigned_by_kind_sql(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_assigned_by_kind, counted by day and kind in the database."""
    daily = _daily(
        connection,
        select(BURDEN.assigned_on.label("day"), BURDEN.kind, func.count().label("assigned"))
        .where(BURDEN.community.in_(codes), _within(BURDEN.assigned_on, span_of(weeks)))
        .group_by(BURDEN.assigned_on, BURDEN.kind),
    )
    return assigned_by_kind_rows(
        {kind: _weekly(daily[daily["kind"].eq(kind)], "assigned", weeks) for kind in BURDEN_KINDS}
    )


def weekly_reports_year_on_year_sql(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_reports_year_on_year, counted by day in the database."""
    earlier = [week.shifted_weeks(-YEAR_WEEKS) for week in weeks]
    both = Window(earlier[0].start, weeks[-1].end)
    daily = _daily(
        connection,
        select(BURDEN.assigned_on.label("day"), func.count().label("reports"))
        .where(
            BURDEN.community.in_(codes),
            BURDEN.kind == "report",
            _within(BURDEN.assigned_on, both),
        )
        .group_by(BURDEN.assigned_on),
    )
    return pd.DataFrame(
        {
            "week": pd.DatetimeIndex([pd.Timestamp(week.start) for week in weeks], name="week"),
            "reports": _weekly(daily, "reports", weeks).to_numpy(),
            "reports_year_earlier": _weekly(daily, "reports", earlier).to_numpy(),
        }
    )


def _community_weeks(
    connection: Connection, table: Any, day: Any, community: Any, codes: list[str], span: Window
) -> pd.DataFrame:
    """(community, week, value): the rows of `table` per community and week of `span`, the
    week numbered from span's first Monday (0, 1, …)."""
    week = (_days_between(connection, day, literal(span.start, Date)) // 7).label("week")
    statement = (
        select(community.label("community"), week, func.count().label("value"))
        .select_from(table)
        .where(community.in_(codes), _within(day, span))
        .group_by(community, week)
    )
    return pd.DataFrame(
        [tuple(row) for row in connection.execute(statement)],
        columns=["community", "week", "value"],
    )


def weekly_by_community_sql(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_by_community, counted by community and week in the database."""
    span = span_of(weeks)
    activities = ACTIVITY.org_no.table.join(ORGANIZATION.org_no.table)
    sources = {
        "disputes_new": (DISPUTE.reported_on.table, DISPUTE.reported_on, DISPUTE.community),
        "consultations_held": (
            CONSULTATION.held_on.table,
            CONSULTATION.held_on,
            CONSULTATION.community,
        ),
        "activities": (activities, ACTIVITY.held_on, ORGANIZATION.community),
        "burden_assigned": (BURDEN.assigned_on.table, BURDEN.assigned_on, BURDEN.community),
    }
    counted = pd.concat(
        [
            _community_weeks(connection, table, day, community, codes, span).assign(measure=measure)
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


def view_data(
    engine: Engine,
    view: str,
    window: Window,
    weeks: list[Window],
    scope: Sequence[str],
    *,
    no_consultation_days: int,
) -> ViewData:
    """What `view` (one of VIEWS) draws for the window, a trend of `weeks` and `scope`."""
    codes = list(scope)
    known = communities(engine, codes)
    codes = [str(code) for code in known["code"]]
    span = span_of(weeks)
    with read_connection(engine) as connection:
        if view == "disputes":
            frames = WindowFrames(
                communities=known, disputes=disputes_new_or_open(engine, window, codes)
            )
            series = {"flow": weekly_dispute_flow_sql(connection, codes, weeks)}
        elif view == "consultations":
            frames = WindowFrames(
                communities=known,
                consultations=consultations_held_or_pending(engine, window, codes),
            )
            series = {
                "weekly": weekly_consultations_sql(connection, codes, weeks),
                "funnel": consultation_funnel_sql(connection, codes, span),
                "quiet": quiet_communities_sql(
                    connection, codes, known, window.end, no_consultation_days
                ),
            }
        elif view == "organizations":
            frames = WindowFrames(
                communities=known,
                organizations=organizations_until(engine, window.end, codes),
                org_activities=latest_activities(engine, window.end, codes),
            )
            series = {"weekly": weekly_activities_sql(connection, codes, weeks)}
        elif view == "burden":
            frames = WindowFrames(
                communities=known,
                burden_items=burden_items_touching(engine, window.start, window.end, codes),
            )
            series = {
                "by_kind": weekly_assigned_by_kind_sql(connection, codes, weeks),
                "reports": weekly_reports_year_on_year_sql(connection, codes, weeks),
            }
        elif view == "community":
            frames = WindowFrames(communities=known)
            series = {"weekly": weekly_by_community_sql(connection, codes, weeks)}
        else:
            raise ValueError(f"unknown view {view!r}; one of {', '.join(VIEWS)}")
    return ViewData(frames=frames, series=series)
