"""督办事项: the follow-up actions the weekly meeting raises, their status and their history.

Every write is audited (table `follow_ups`) in the same transaction, and a status change names
the version it started from: when someone else changed the action in between, it is refused
(`StaleRecord`). "Overdue" is never stored: `metrics.meeting.follow_up_status` derives it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Engine, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import col

from data_access import audit
from data_access.db import read_connection, run_write
from data_access.models import Community, FollowUp, FollowUpEvent
from data_access.record_checks import Problem
from data_access.records import RecordError, StaleRecord

TABLE = "follow_ups"
STATUSES = ("open", "done")
FOLLOW_UP_COLUMNS = [
    "id",
    "version",
    "community",
    "title",
    "owner",
    "due_on",
    "status",
    "raised_on",
    "alert_rule",
    "closed_on",
    "created_by",
]
EVENT_COLUMNS = ["follow_up_id", "at", "actor", "status", "note"]

SERIALIZATION_FAILURE = "40001"

__all__ = ["RecordError", "StaleRecord", "create_follow_up", "set_follow_up_status"]


def _refuse(reason: str, column: str | None = None) -> RecordError:
    return RecordError([Problem(None, column, "", reason)])


def _write(engine: Engine, change: Callable[[Session], dict]) -> dict:
    """Run `change(session)` in one write transaction (again after a race or a busy engine:
    `run_write`), turning a race that persists into StaleRecord."""
    try:
        return run_write(engine, change)
    except StaleDataError as error:
        raise StaleRecord() from error
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == SERIALIZATION_FAILURE:
            raise StaleRecord() from error
        raise


def _values(action: FollowUp) -> dict:
    return {name: getattr(action, name) for name in FOLLOW_UP_COLUMNS}


def create_follow_up(
    engine: Engine,
    *,
    community: str,
    title: str,
    owner: str,
    due_on: date,
    raised_on: date,
    actor: str,
    alert_rule: str | None = None,
) -> dict:
    """Record a new open action (and its first history step); the stored action as a dict."""
    title, owner = title.strip(), owner.strip()
    if not title:
        raise _refuse("err_required", "title")
    if not owner:
        raise _refuse("err_required", "owner")
    if due_on < raised_on:
        raise _refuse("err_due_before_raised", "due_on")

    def change(session: Session) -> dict:
        if (
            session.scalars(select(Community).where(col(Community.code) == community)).first()
            is None
        ):
            raise _refuse("err_not_found", "community")
        action = FollowUp(
            community=community,
            title=title,
            owner=owner,
            due_on=due_on,
            raised_on=raised_on,
            alert_rule=alert_rule,
            created_by=actor,
        )
        session.add(action)
        session.flush()
        now = datetime.now(UTC)
        session.add(
            FollowUpEvent(follow_up_id=action.id or 0, at=now, actor=actor, status="open", note="")
        )
        values = _values(action)
        audit.write_entries(
            session,
            [audit.entry(actor=actor, action="add", table=TABLE, key=str(action.id), after=values)],
        )
        return values

    return dict(_write(engine, change))


def set_follow_up_status(
    engine: Engine,
    follow_up_id: int,
    *,
    status: str,
    version: int,
    on: date,
    actor: str,
    note: str = "",
) -> dict:
    """Mark an action done (closed `on`) or reopen it; refused when `version` is not current."""
    if status not in STATUSES:
        raise _refuse("err_follow_up_status", "status")

    def change(session: Session) -> dict:
        action = session.get(FollowUp, follow_up_id)
        if action is None:
            raise _refuse("err_not_found")
        if action.version != version:
            raise StaleRecord()
        before = _values(action)
        action.status = status
        action.closed_on = on if status == "done" else None
        session.flush()
        session.add(
            FollowUpEvent(
                follow_up_id=follow_up_id,
                at=datetime.now(UTC),
                actor=actor,
                status=status,
                note=note.strip(),
            )
        )
        after = _values(action)
        old, new = audit.changed_fields(before, after)
        audit.write_entries(
            session,
            [
                audit.entry(
                    actor=actor,
                    action="follow_up_status",
                    table=TABLE,
                    key=str(follow_up_id),
                    before=old,
                    after=new,
                    detail={"note": note.strip()} if note.strip() else None,
                )
            ],
        )
        return after

    return dict(_write(engine, change))


def follow_ups_between(
    engine: Engine, since: date, end: date, scope: Sequence[str]
) -> pd.DataFrame:
    """Actions in `scope` raised in [since, end], or raised before and still open (or closed
    after `since`) at `end`: what a meeting on that window reviews. Oldest first."""
    statement = (
        select(*[getattr(FollowUp, name) for name in FOLLOW_UP_COLUMNS])
        .where(col(FollowUp.community).in_(list(scope)))
        .where(col(FollowUp.raised_on) <= end)
        .where(
            or_(
                col(FollowUp.raised_on) >= since,
                col(FollowUp.status) == "open",
                col(FollowUp.closed_on) >= since,
            )
        )
        .order_by(col(FollowUp.raised_on), col(FollowUp.id))
    )
    with read_connection(engine) as connection:
        rows = connection.execute(statement).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=FOLLOW_UP_COLUMNS, dtype=object)


def follow_up_history(engine: Engine, follow_up_ids: Sequence[int]) -> pd.DataFrame:
    """The history steps of the given actions, oldest first."""
    statement = (
        select(*[getattr(FollowUpEvent, name) for name in EVENT_COLUMNS])
        .where(col(FollowUpEvent.follow_up_id).in_(list(follow_up_ids)))
        .order_by(col(FollowUpEvent.follow_up_id), col(FollowUpEvent.at), col(FollowUpEvent.id))
    )
    with read_connection(engine) as connection:
        rows = connection.execute(statement).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=EVENT_COLUMNS, dtype=object)
