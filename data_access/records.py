"""One record at a time, for the entry forms: add, edit, delete, close a dispute, move an
organisation on, record a burden item's outcome. The checks are the import's (`check_record`),
every change is audited, and every edit names the version it started from: when someone else
saved the record in between, the save is refused (`StaleRecord`, "已被他人修改").

Every function takes the writer's `scope` (None: an admin). Master data is the admins'; a record
of another community is, to a community account, not there (`err_not_found`, as for a number
nobody uses) and its number taken (`err_key_taken`, as for any used number): no refusal names a
community or depends on what such a record holds.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import col

from data_access import audit
from data_access.characters import echo
from data_access.db import DatabaseUnavailable, read_connection, run_write, unavailable_reason
from data_access.models import Community, Organization
from data_access.record_checks import (
    Lookups,
    Problem,
    Record,
    check_record,
    scope_refusal,
    stored_records,
)
from data_access.tables import TABLES, TableSpec

STAGE_ORDER = ("incubating", "filed", "registered", "dormant", "dissolved")
STAGE_DATE = {
    "filed": "filed_on",
    "registered": "registered_on",
    "dormant": "ended_on",
    "dissolved": "ended_on",
}
LABEL_COLUMNS = {
    "streets": "name",
    "communities": "name",
    "disputes": "community",
    "consultations": "topic",
    "organizations": "name",
    "org_activities": "title",
    "burden_items": "title",
}
SERIALIZATION_FAILURE = "40001"


class RecordError(Exception):
    """A change refused; `problems` name the field (column) and the reason of each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.reason for problem in problems))
        self.problems = problems


class StaleRecord(RecordError):
    """Someone else saved the record since it was loaded (已被他人修改)."""

    def __init__(self) -> None:
        super().__init__([Problem(None, None, "", "err_stale")])


def _refuse(reason: str, column: str | None = None, **params: Any) -> RecordError:
    return RecordError([Problem(None, column, "", reason, params)])


def next_stages(stage: str) -> tuple[str, ...]:
    """The stages an organisation at `stage` may move to (forward only; 注销 is final)."""
    if stage == "dissolved":
        return ()
    return STAGE_ORDER[STAGE_ORDER.index(stage) + 1 :]


def record(
    engine: Engine, table: str, key: str, *, scope: Collection[str] | None = None
) -> Record | None:
    """One stored record (every import column and its `version`), or None — also when it lies
    outside the writer's `scope` (None: every record)."""
    spec = TABLES[table]
    model: Any = spec.model
    with read_connection(engine) as connection:
        found = stored_records(connection, spec, [key]).get(key)
        if found is None:
            return None
        if scope is not None and not Lookups.load(connection, scope).may_write(table, found):
            return None
        version = connection.execute(
            select(model.version).where(getattr(model, spec.key) == key)
        ).scalar_one()
    return found | {"version": version}


def record_choices(engine: Engine, table: str, scope: list[str] | None = None) -> dict[str, str]:
    """Key → a short label ("D-0001 · 粤海门社区"), newest keys first, for a picker.

    With `scope`, only records of those communities (an activity: its organisation's).
    """
    spec = TABLES[table]
    model: Any = spec.model
    label: Any = getattr(model, LABEL_COLUMNS[table])
    if LABEL_COLUMNS[table] == "community":  # a community's name reads better than its code
        label = select(col(Community.name)).where(col(Community.code) == model.community)
        label = label.scalar_subquery()
    statement = select(getattr(model, spec.key), label).order_by(model.id.desc())
    if scope is not None and "community" in model.__table__.c:
        statement = statement.where(model.community.in_(scope))
    elif scope is not None and table == "org_activities":
        in_scope = select(col(Organization.org_no)).where(col(Organization.community).in_(scope))
        statement = statement.where(model.org_no.in_(in_scope))
    with read_connection(engine) as connection:
        return {key: f"{key} · {text}" for key, text in connection.execute(statement)}


def _guard(table: str, scope: Collection[str] | None) -> None:
    """Refuse at once what the writer may not change at all (master data, a read-only role)."""
    reason = scope_refusal(table, scope)
    if reason is not None:
        raise _refuse(reason)


def _checked(
    lookups: Lookups, spec: TableSpec, values: Mapping[str, Any], existing: Record | None
) -> Record:
    """The record as it would be stored; references resolve only within the writer's scope."""
    merged, problems = check_record(spec, values, lookups, existing)
    if problems:
        raise RecordError(problems)
    if not lookups.may_write(spec.name, merged):  # a reference the lookups let through
        raise _refuse("err_community_not_yours")
    return merged


def _stored(
    session: Session, lookups: Lookups, spec: TableSpec, key: str, version: int
) -> tuple[Any, Record]:
    """The stored record `key` at `version`; outside the scope it is not found — before its
    version is compared, so that nothing tells that it exists."""
    model: Any = spec.model
    stored = session.scalars(select(model).where(getattr(model, spec.key) == key)).first()
    if stored is None:
        raise _refuse("err_not_found")
    before = {column.name: getattr(stored, column.name) for column in spec.columns}
    if not lookups.may_write(spec.name, before):
        raise _refuse("err_not_found")
    if stored.version != version:
        raise StaleRecord()
    return stored, before


def _write(engine: Engine, change: Any) -> Any:
    """Run `change(session)` in one write transaction (again after a race: `run_write`), turning
    a race that persists into StaleRecord; a busy or unusable database is `DatabaseUnavailable`."""
    try:
        return run_write(engine, change)
    except StaleDataError as error:
        raise StaleRecord() from error
    except IntegrityError as error:
        raise _refuse("err_still_referenced") from error
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == SERIALIZATION_FAILURE:
            raise StaleRecord() from error
        reason = unavailable_reason(error)
        if reason is not None:
            raise DatabaseUnavailable(reason, str(error.orig)) from error
        raise


def add_record(
    engine: Engine,
    table: str,
    values: Mapping[str, Any],
    *,
    actor: str,
    scope: Collection[str] | None = None,
) -> Record:
    """Add one record from form values (typed or as text); the stored record with its version.

    `scope`: the communities the writer may change (None: all); a record outside is refused.
    """
    spec = TABLES[table]
    model: Any = spec.model
    _guard(table, scope)

    def change(session: Session) -> Record:
        merged = _checked(Lookups.load(session.connection(), scope), spec, values, None)
        key = merged[spec.key]
        if session.scalars(select(model).where(getattr(model, spec.key) == key)).first():
            raise _refuse("err_key_taken", spec.key, number=echo(key))
        session.add(model(**merged))
        session.flush()
        entries = [audit.entry(actor=actor, action="add", table=table, key=key, after=merged)]
        audit.write_entries(session, entries)
        return merged | {"version": 1}

    result: Record = _write(engine, change)
    return result


def edit_record(
    engine: Engine,
    table: str,
    key: str,
    values: Mapping[str, Any],
    *,
    version: int,
    actor: str,
    action: str = "edit",
    scope: Collection[str] | None = None,
) -> Record:
    """Change the given fields of record `key`, loaded at `version`; the stored result.

    `scope` as for `add_record`: the record must be in it before and after the change.
    """
    spec = TABLES[table]
    fields = {name: value for name, value in values.items() if name != spec.key}
    _guard(table, scope)

    def change(session: Session) -> Record:
        lookups = Lookups.load(session.connection(), scope)
        stored, before = _stored(session, lookups, spec, key, version)
        merged = _checked(lookups, spec, fields, before)
        old, new = audit.changed_fields(before, merged)
        for name, value in new.items():
            setattr(stored, name, value)
        session.flush()
        if new:
            entry = audit.entry(
                actor=actor, action=action, table=table, key=key, before=old, after=new
            )
            audit.write_entries(session, [entry])
        return merged | {"version": stored.version}

    result: Record = _write(engine, change)
    return result


def delete_record(
    engine: Engine,
    table: str,
    key: str,
    *,
    version: int,
    actor: str,
    scope: Collection[str] | None = None,
) -> None:
    """Delete record `key` (refused while other records refer to it, or outside `scope`)."""
    spec = TABLES[table]
    _guard(table, scope)

    def change(session: Session) -> None:
        lookups = Lookups.load(session.connection(), scope)
        stored, before = _stored(session, lookups, spec, key, version)
        session.delete(stored)
        session.flush()
        entry = audit.entry(actor=actor, action="delete", table=table, key=key, before=before)
        audit.write_entries(session, [entry])

    _write(engine, change)


def close_dispute(
    engine: Engine,
    case_no: str,
    *,
    status: str,
    closed_on: date,
    level: str | None = None,
    version: int,
    actor: str,
    scope: Collection[str] | None = None,
) -> Record:
    """结案: a dispute becomes resolved or unresolved on `closed_on` (at `level`, if given)."""
    _guard("disputes", scope)
    if status == "open":
        raise _refuse("err_closed_on_while_open", "status")
    values: dict[str, Any] = {"status": status, "closed_on": closed_on}
    if level:
        values["level"] = level
    return edit_record(
        engine,
        "disputes",
        case_no,
        values,
        version=version,
        actor=actor,
        action="close",
        scope=scope,
    )


def advance_organization(
    engine: Engine,
    org_no: str,
    *,
    stage: str,
    on: date,
    version: int,
    actor: str,
    scope: Collection[str] | None = None,
) -> Record:
    """Move an organisation forward to `stage` on `on` (which fills that stage's date)."""
    _guard("organizations", scope)
    current = record(engine, "organizations", org_no, scope=scope)
    if current is None:
        raise _refuse("err_not_found")
    if stage not in next_stages(current["stage"]):
        raise _refuse("err_not_enum", "stage", enum="stage")
    values = {"stage": stage, STAGE_DATE[stage]: on}
    return edit_record(
        engine,
        "organizations",
        org_no,
        values,
        version=version,
        actor=actor,
        action="advance",
        scope=scope,
    )


def record_outcome(
    engine: Engine,
    ref: str,
    *,
    outcome: str,
    outcome_on: date | None,
    version: int,
    actor: str,
    scope: Collection[str] | None = None,
) -> Record:
    """A burden item's outcome (承接办理 / 退回 / 已完成) and its date."""
    values = {"outcome": outcome, "outcome_on": outcome_on}
    return edit_record(
        engine,
        "burden_items",
        ref,
        values,
        version=version,
        actor=actor,
        action="outcome",
        scope=scope,
    )
