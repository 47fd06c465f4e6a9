"""Read queries that return DataFrames already restricted to a window's dates and a scope.

Every function takes the scope as the community codes the caller may see; the SQL filters by
them, so records outside the scope never leave the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
from sqlalchemy import CompoundSelect, Engine, Select, and_, func, or_, select
from sqlmodel import col

from data_access.db import read_connection
from data_access.models import (
    BurdenItem,
    Community,
    Consultation,
    Dispute,
    OrgActivity,
    Organization,
    Street,
)
from metrics import frames as contract
from metrics.frames import WindowFrames

Scope = Sequence[str]


def read_frame(
    engine: Engine, statement: Select | CompoundSelect, columns: list[str], kind: str | None
) -> pd.DataFrame:
    """Run `statement` and type its columns as metrics/frames.py says (dates as datetime64)."""
    with read_connection(engine) as connection:
        rows = connection.execute(statement).all()
    records = pd.DataFrame([tuple(row) for row in rows], columns=columns)
    for column in contract.DATE_COLUMNS.get(kind or "", []):
        records[column] = pd.to_datetime(records[column])
    return records


def _columns(model: type, names: list[str]) -> list:
    return [col(getattr(model, name)) for name in names]


def street_names(engine: Engine) -> dict[str, str]:
    """Street code → name."""
    statement = select(col(Street.code), col(Street.name)).order_by(col(Street.code))
    with read_connection(engine) as connection:
        return {row.code: row.name for row in connection.execute(statement)}


def communities(engine: Engine, scope: Scope | None = None) -> pd.DataFrame:
    """The communities in `scope` (all when None), ordered by code."""
    statement = select(*_columns(Community, contract.COMMUNITY_COLUMNS)).order_by(
        col(Community.code)
    )
    if scope is not None:
        statement = statement.where(col(Community.code).in_(list(scope)))
    return read_frame(engine, statement, contract.COMMUNITY_COLUMNS, None)


def disputes_touching(engine: Engine, since: date, end: date, scope: Scope) -> pd.DataFrame:
    """Disputes reported by `end` and not closed before `since`: every case open or moving then."""
    statement = select(*_columns(Dispute, contract.DISPUTE_COLUMNS)).where(
        col(Dispute.community).in_(list(scope)),
        col(Dispute.reported_on) <= end,
        or_(col(Dispute.closed_on).is_(None), col(Dispute.closed_on) >= since),
    )
    return read_frame(engine, statement, contract.DISPUTE_COLUMNS, "disputes")


def consultations_touching(engine: Engine, since: date, end: date, scope: Scope) -> pd.DataFrame:
    """Consultations held in [since, end], and older consensus not implemented before `since`."""
    # Not done before `since` (one not done counts whatever its implemented_on says).
    still_open = and_(
        col(Consultation.consensus).is_(True),
        or_(
            col(Consultation.implementation) != "done",
            col(Consultation.implemented_on).is_(None),
            col(Consultation.implemented_on) >= since,
        ),
    )
    statement = select(*_columns(Consultation, contract.CONSULTATION_COLUMNS)).where(
        col(Consultation.community).in_(list(scope)),
        col(Consultation.held_on) <= end,
        or_(col(Consultation.held_on) >= since, still_open),
    )
    return read_frame(engine, statement, contract.CONSULTATION_COLUMNS, "consultations")


def organizations_touching(engine: Engine, since: date, end: date, scope: Scope) -> pd.DataFrame:
    """Organisations entered by `end` that had not ended before `since`."""
    statement = select(*_columns(Organization, contract.ORGANIZATION_COLUMNS)).where(
        col(Organization.community).in_(list(scope)),
        col(Organization.entered_on) <= end,
        or_(col(Organization.ended_on).is_(None), col(Organization.ended_on) > since),
    )
    return read_frame(engine, statement, contract.ORGANIZATION_COLUMNS, "organizations")


def org_activities_between(engine: Engine, since: date, end: date, scope: Scope) -> pd.DataFrame:
    """Activities held in [since, end] by organisations of the scope, with their community."""
    statement = (
        select(
            col(OrgActivity.ref),
            col(OrgActivity.org_no),
            col(Organization.community),
            col(OrgActivity.held_on),
            col(OrgActivity.title),
            col(OrgActivity.participants),
        )
        .join(Organization, col(Organization.org_no) == col(OrgActivity.org_no))
        .where(
            col(Organization.community).in_(list(scope)),
            col(OrgActivity.held_on) >= since,
            col(OrgActivity.held_on) <= end,
        )
    )
    return read_frame(engine, statement, contract.ORG_ACTIVITY_COLUMNS, "org_activities")


def burden_items_touching(engine: Engine, since: date, end: date, scope: Scope) -> pd.DataFrame:
    """Items assigned in [since, end] or with an outcome recorded then."""
    statement = select(*_columns(BurdenItem, contract.BURDEN_COLUMNS)).where(
        col(BurdenItem.community).in_(list(scope)),
        or_(
            and_(col(BurdenItem.assigned_on) >= since, col(BurdenItem.assigned_on) <= end),
            and_(col(BurdenItem.outcome_on) >= since, col(BurdenItem.outcome_on) <= end),
        ),
    )
    return read_frame(engine, statement, contract.BURDEN_COLUMNS, "burden_items")


def window_frames(engine: Engine, since: date, end: date, scope: Scope) -> WindowFrames:
    """Everything the figures of a window ending at `end` need, looking back to `since`."""
    codes = list(scope)
    return WindowFrames(
        communities=communities(engine, codes),
        disputes=disputes_touching(engine, since, end, codes),
        consultations=consultations_touching(engine, since, end, codes),
        organizations=organizations_touching(engine, since, end, codes),
        org_activities=org_activities_between(engine, since, end, codes),
        burden_items=burden_items_touching(engine, since, end, codes),
    )


def record_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, e.g. to tell an empty database from a loaded one."""
    tables = {
        "streets": Street,
        "communities": Community,
        "disputes": Dispute,
        "consultations": Consultation,
        "organizations": Organization,
        "org_activities": OrgActivity,
        "burden_items": BurdenItem,
    }
    with read_connection(engine) as connection:
        return {
            name: int(connection.execute(select(func.count()).select_from(model)).scalar_one())
            for name, model in tables.items()
        }


def data_date_range(engine: Engine) -> tuple[date, date] | None:
    """The first and last dates any dispute, consultation, activity or item carries."""
    parts = [
        select(func.min(col(Dispute.reported_on)), func.max(col(Dispute.reported_on))),
        select(func.min(col(Consultation.held_on)), func.max(col(Consultation.held_on))),
        select(func.min(col(OrgActivity.held_on)), func.max(col(OrgActivity.held_on))),
        select(func.min(col(BurdenItem.assigned_on)), func.max(col(BurdenItem.assigned_on))),
    ]
    firsts: list[date] = []
    lasts: list[date] = []
    with read_connection(engine) as connection:
        for statement in parts:
            first, last = connection.execute(statement).one()
            if first is not None:
                firsts.append(first)
                lasts.append(last)
    if not firsts:
        return None
    return min(firsts), max(lasts)


def organizations_until(engine: Engine, end: date, scope: Scope) -> pd.DataFrame:
    """Every organisation of the scope entered by `end`, ended or not (the whole pipeline)."""
    statement = select(*_columns(Organization, contract.ORGANIZATION_COLUMNS)).where(
        col(Organization.community).in_(list(scope)),
        col(Organization.entered_on) <= end,
    )
    return read_frame(engine, statement, contract.ORGANIZATION_COLUMNS, "organizations")


def view_frames(engine: Engine, since: date, end: date, scope: Scope) -> WindowFrames:
    """The records the oversight views draw from `since` to `end`: the window's frames, with
    every organisation entered by `end` (so dormant and dissolved ones count too).

    Like every query here it never selects dispute.summary (personal data).
    """
    frames = window_frames(engine, since, end, scope)
    return WindowFrames(
        communities=frames.communities,
        disputes=frames.disputes,
        consultations=frames.consultations,
        organizations=organizations_until(engine, end, list(scope)),
        org_activities=frames.org_activities,
        burden_items=frames.burden_items,
    )


# Alert rule -> the frame of WindowFrames its refs name.
REFERENCED_FRAMES = {
    "dispute_surge": "disputes",
    "overdue_dispute": "disputes",
    "major_dispute": "disputes",
    "consensus_stalled": "consultations",
    "inactive_org": "organizations",
    "unapproved_burden": "burden_items",
    "repeat_assessment": "burden_items",
}


def records_behind_alerts(engine: Engine, alerts: Sequence[dict], scope: Scope) -> WindowFrames:
    """The communities of the scope and the records the alerts refer to (for drill-down)."""
    keys: dict[str, set[str]] = {name: set() for name in set(REFERENCED_FRAMES.values())}
    for alert in alerts:
        frame = REFERENCED_FRAMES.get(alert["rule"])
        if frame:
            keys[frame].update(alert["refs"])
    codes = list(scope)
    tables = {
        "disputes": (Dispute, Dispute.case_no, contract.DISPUTE_COLUMNS),
        "consultations": (Consultation, Consultation.ref, contract.CONSULTATION_COLUMNS),
        "organizations": (Organization, Organization.org_no, contract.ORGANIZATION_COLUMNS),
        "burden_items": (BurdenItem, BurdenItem.ref, contract.BURDEN_COLUMNS),
    }
    frames = {}
    for name, (model, key, columns) in tables.items():
        statement = select(*_columns(model, columns)).where(
            col(model.community).in_(codes),  # type: ignore[attr-defined]
            col(key).in_(sorted(keys[name])),
        )
        frames[name] = read_frame(engine, statement, columns, name)
    return WindowFrames(communities=communities(engine, codes), **frames)
