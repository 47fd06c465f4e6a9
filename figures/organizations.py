"""Organisation figures (社区社会组织) in the database: the SQL form of metrics/organizations.py.

The window's figures and each community's share of them (as additive parts), the alert rule
that reads organisations (inactive_org), the weekly activities and the activities the
organisations view lists. tests/integration/test_figures_organizations.py checks each against
metrics/ over random records and windows, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, and_, exists, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from data_access.queries import Scope, read_frame
from figures.community import ScopeCommunity
from figures.sql import (
    ACTIVITIES_WITH_COMMUNITY,
    ACTIVITY,
    ORGANIZATION,
    Parts,
    add_grouped,
    count,
    daily,
    keyed,
    overall,
    summed,
    total,
    weekly,
    within,
)
from metrics.alerts import Alert, fired
from metrics.codes import ORG_ACTIVE_STAGES
from metrics.frames import EIGHT_ITEMS, ORG_ACTIVITY_COLUMNS, share
from metrics.organizations import per_community
from metrics.series import span_of
from metrics.thresholds import Thresholds
from metrics.window import Window

ALERT_RULES = ("inactive_org",)


def active_at(day: date) -> ColumnElement[bool]:
    """metrics.organizations.active_at: entered by `day` and not ended by it."""
    return and_(
        ORGANIZATION.entered_on <= day,
        or_(ORGANIZATION.ended_on.is_(None), ORGANIZATION.ended_on > day),
    )


def recently_active(day: date, inactive_days: int) -> ColumnElement[bool]:
    """The organisation held an activity in the `inactive_days` days ending at `day`."""
    return exists().where(
        ACTIVITY.org_no == ORGANIZATION.org_no,
        ACTIVITY.held_on >= day - timedelta(days=inactive_days - 1),
        ACTIVITY.held_on <= day,
    )


def inactive_at(day: date, inactive_days: int) -> ColumnElement[bool]:
    """metrics.organizations.inactive_at: active, entered long enough ago, no recent activity."""
    old_enough = ORGANIZATION.entered_on <= day - timedelta(days=inactive_days)
    return and_(active_at(day), old_enough, ~recently_active(day, inactive_days))


def organization_parts(
    connection: Connection,
    windows: list[Window],
    codes: list[str],
    thresholds: Thresholds,
    parts: Parts,
) -> None:
    """Add each window's organisation and activity parts (`o_active_<index>` …) to `parts`."""
    has_all = and_(*(ORGANIZATION[item].is_(True) for item in EIGHT_ITEMS))
    columns = []
    for index, window in enumerate(windows):
        active = active_at(window.end)
        not_registered = or_(
            ORGANIZATION.registered_on.is_(None), ORGANIZATION.registered_on > window.end
        )
        registered = ORGANIZATION.registered_on <= window.end
        filed = and_(not_registered, ORGANIZATION.filed_on <= window.end)
        incubating = and_(
            not_registered,
            or_(ORGANIZATION.filed_on.is_(None), ORGANIZATION.filed_on > window.end),
        )
        columns += [
            count(active).label(f"o_active_{index}"),
            count(and_(active, incubating)).label(f"o_incubating_{index}"),
            count(and_(active, filed)).label(f"o_filed_{index}"),
            count(and_(active, registered)).label(f"o_registered_{index}"),
            count(within(ORGANIZATION.entered_on, window)).label(f"o_entered_{index}"),
            count(within(ORGANIZATION.filed_on, window)).label(f"o_newly_filed_{index}"),
            count(and_(active, has_all)).label(f"o_standard_{index}"),
            count(inactive_at(window.end, thresholds.inactive_days)).label(f"o_inactive_{index}"),
        ]
    statement = (
        select(ORGANIZATION.community, *columns)
        .where(ORGANIZATION.community.in_(codes))
        .group_by(ORGANIZATION.community)
    )
    add_grouped(connection, statement, parts)
    span = overall(windows)
    activity_columns = []
    for index, window in enumerate(windows):
        held = within(ACTIVITY.held_on, window)
        activity_columns += [
            count(held).label(f"o_activities_{index}"),
            total(ACTIVITY.participants, held).label(f"o_participants_{index}"),
        ]
    activities = (
        select(ORGANIZATION.community, *activity_columns)
        .select_from(ACTIVITIES_WITH_COMMUNITY)
        .where(ORGANIZATION.community.in_(codes), within(ACTIVITY.held_on, span))
        .group_by(ORGANIZATION.community)
    )
    add_grouped(connection, activities, parts)


def organization_figures(
    parts: Parts, index: int, communities: Sequence[ScopeCommunity], with_stages: bool
) -> dict[str, Any]:
    """metrics.organizations.organization_figures of window `index` from the parts of
    `communities` (without `by_stage` unless `with_stages`)."""
    codes = [community.code for community in communities]

    def part(name: str) -> int:
        return summed(parts, codes, f"{name}_{index}")

    active = part("o_active")
    figures: dict[str, Any] = {"active": active}
    if with_stages:
        figures["by_stage"] = {stage: part(f"o_{stage}") for stage in ORG_ACTIVE_STAGES}
    return figures | {
        "newly_entered": part("o_entered"),
        "newly_filed": part("o_newly_filed"),
        "per_community": per_community(active, len(communities)),
        "standard_rate": share(part("o_standard"), active),
        "activities": part("o_activities"),
        "activity_participants": part("o_participants"),
        "inactive": part("o_inactive"),
    }


def community_organization_figures(own: dict[str, float]) -> dict[str, Any]:
    """The organisation column of one `by_community` row (metrics.by_community)."""
    return {"organizations_active": int(own.get("o_active_0", 0))}


def organization_alerts(
    connection: Connection, window: Window, codes: list[str], thresholds: Thresholds
) -> list[Alert]:
    """The alert of ALERT_RULES at the window's end (metrics.organizations.inactive_org)."""
    inactive = keyed(
        connection,
        select(ORGANIZATION.community, ORGANIZATION.org_no).where(
            ORGANIZATION.community.in_(codes), inactive_at(window.end, thresholds.inactive_days)
        ),
    )
    facts = {"days": thresholds.inactive_days}
    return [
        fired("inactive_org", code, [row[1] for row in inactive[code]],
              {"count": len(inactive[code]), **facts})
        for code in codes
        if inactive.get(code)
    ]  # fmt: skip


def weekly_activities(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_activities, counted by day in the database."""
    held = daily(
        connection,
        select(
            ACTIVITY.held_on.label("day"),
            func.count().label("activities"),
            func.sum(ACTIVITY.participants).label("participants"),
        )
        .select_from(ACTIVITIES_WITH_COMMUNITY)
        .where(ORGANIZATION.community.in_(codes), within(ACTIVITY.held_on, span_of(weeks)))
        .group_by(ACTIVITY.held_on),
    )
    series = pd.DataFrame(
        {column: weekly(held, column, weeks) for column in ("activities", "participants")}
    )
    return series.reset_index()


def latest_activities(engine: Engine, end: date, scope: Scope) -> pd.DataFrame:
    """Each organisation's latest activity held on or before `end` (one row per organisation
    that has one; ref and title left empty): all the inactive list needs, since an organisation
    was active in any span ending at `end` exactly when its latest activity falls in it."""
    statement = (
        select(
            ACTIVITY.org_no,
            ORGANIZATION.community,
            func.max(ACTIVITY.held_on).label("held_on"),
        )
        .select_from(ACTIVITIES_WITH_COMMUNITY)
        .where(ORGANIZATION.community.in_(list(scope)), ACTIVITY.held_on <= end)
        .group_by(ACTIVITY.org_no, ORGANIZATION.community)
    )
    latest = read_frame(engine, statement, ["org_no", "community", "held_on"], "org_activities")
    latest.insert(0, "ref", None)
    latest.insert(4, "title", None)
    latest["participants"] = 0
    return latest[ORG_ACTIVITY_COLUMNS]
