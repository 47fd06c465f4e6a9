"""改革举措: the reforms a street evaluates, who may read and change them, and their audit.

Leaders and admins create, edit and delete reforms; every write is audited (table `reforms`) in
the same transaction and names the version it started from (`StaleRecord` when someone else
saved it in between). Leaders, admins and viewers read every reform. A community account reads
a reform only when every treated community is one of its own, and never learns the names of
the comparison communities: its records come back with `comparison` empty and
`comparison_hidden` set, and the evaluation (reports/reform.py) reads the stored comparison on
the server and shows the account only the comparison's totals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import col

from data_access import audit
from data_access.accounts import AccountError
from data_access.db import read_connection, run_write
from data_access.models import Community
from data_access.principal import Principal
from data_access.records import StaleRecord
from data_access.reform_models import Reform, ReformCommunity
from metrics.reform import check_figure

TABLE = "reforms"
EDIT_ROLES = frozenset({"leader", "admin"})
NAME_LENGTH = 100
NOTE_LENGTH = 2000
SERIALIZATION_FAILURE = "40001"
_REFORM_FIELDS = ("id", "name", "start_on", "figure", "categories", "note", "version")

T = TypeVar("T")


@dataclass(frozen=True)
class ReformRecord:
    """A saved reform as its reader may see it. `comparison` empty means the default (every
    other community of the treated communities' streets) — or, with `comparison_hidden`, that
    the reader (a community account) may not see which communities it holds."""

    id: int
    name: str
    start_on: date
    figure: str
    categories: tuple[str, ...]
    treated: tuple[str, ...]
    comparison: tuple[str, ...]
    note: str
    version: int
    comparison_hidden: bool = False


def _codes(text: str) -> tuple[str, ...]:
    return tuple(code for code in text.split(",") if code)


def _record(reform: Any, members: Sequence[tuple[str, str]]) -> ReformRecord:
    return ReformRecord(
        id=int(reform.id),
        name=reform.name,
        start_on=reform.start_on,
        figure=reform.figure,
        categories=_codes(reform.categories),
        treated=tuple(sorted(code for code, role in members if role == "treated")),
        comparison=tuple(sorted(code for code, role in members if role == "comparison")),
        note=reform.note,
        version=int(reform.version),
    )


def visible_to(principal: Principal, reform: ReformRecord) -> ReformRecord | None:
    """The reform as `principal` may see it, or None when it may not see it at all."""
    if principal.reads_all:
        return reform
    if principal.role == "community" and set(reform.treated) <= set(principal.communities):
        return replace(reform, comparison=(), comparison_hidden=True)
    return None


def _all_reforms(engine: Engine) -> list[ReformRecord]:
    reform_columns = [col(getattr(Reform, name)) for name in _REFORM_FIELDS]
    with read_connection(engine) as connection:
        reforms = connection.execute(select(*reform_columns)).all()
        members = connection.execute(
            select(
                col(ReformCommunity.reform_id),
                col(ReformCommunity.community),
                col(ReformCommunity.role),
            )
        ).all()
    by_reform: dict[int, list[tuple[str, str]]] = {}
    for reform_id, community, role in members:
        by_reform.setdefault(int(reform_id), []).append((str(community), str(role)))
    found = [_record(row, by_reform.get(int(row.id), [])) for row in reforms]
    return sorted(found, key=lambda reform: (reform.start_on, reform.id), reverse=True)


def reforms_for(engine: Engine, principal: Principal) -> list[ReformRecord]:
    """The reforms `principal` may read, the latest start first, each as it may see it."""
    seen = (visible_to(principal, reform) for reform in _all_reforms(engine))
    return [reform for reform in seen if reform is not None]


def reform_named(engine: Engine, principal: Principal, name: str) -> ReformRecord | None:
    """The reform called `name` as `principal` sees it; None when there is none it may read."""
    return next((each for each in reforms_for(engine, principal) if each.name == name), None)


def stored_comparison(engine: Engine, reform_id: int) -> tuple[str, ...]:
    """The explicit comparison communities of a reform, for the evaluation on the server only
    (never to be shown to an account whose record has `comparison_hidden`)."""
    statement = select(col(ReformCommunity.community)).where(
        col(ReformCommunity.reform_id) == reform_id, col(ReformCommunity.role) == "comparison"
    )
    with read_connection(engine) as connection:
        return tuple(sorted(str(code) for code in connection.execute(statement).scalars()))


def _refuse_unless_editor(principal: Principal) -> None:
    if principal.role not in EDIT_ROLES:
        raise AccountError("err_reform_role")


def _clean(
    *,
    name: str,
    figure: str,
    categories: Sequence[str],
    treated: Sequence[str],
    comparison: Sequence[str],
    note: str,
) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    """The fields as stored (trimmed, codes unique and sorted), or AccountError naming why."""
    name, note = name.strip(), note.strip()
    if not name:
        raise AccountError("err_reform_name_required")
    if len(name) > NAME_LENGTH:
        raise AccountError("err_reform_name_long", limit=NAME_LENGTH)
    if len(note) > NOTE_LENGTH:
        raise AccountError("err_reform_note_long", limit=NOTE_LENGTH)
    chosen_categories = tuple(sorted({code.strip() for code in categories if code.strip()}))
    try:
        check_figure(figure, chosen_categories)
    except ValueError as error:
        raise AccountError("err_reform_figure") from error
    chosen_treated = tuple(sorted(set(treated)))
    chosen_comparison = tuple(sorted(set(comparison)))
    if not chosen_treated:
        raise AccountError("err_reform_no_treated")
    both = set(chosen_treated) & set(chosen_comparison)
    if both:
        raise AccountError("err_reform_overlap", codes=", ".join(sorted(both)))
    return name, chosen_categories, chosen_treated, chosen_comparison, note


def _write(engine: Engine, change: Callable[[Session], T]) -> T:
    """`change(session)` in one write transaction; a lost race is StaleRecord, a name another
    reform took in the meantime `err_reform_name_taken`."""
    try:
        return run_write(engine, change)
    except StaleDataError as error:
        raise StaleRecord() from error
    except IntegrityError as error:
        raise AccountError("err_reform_name_taken") from error
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == SERIALIZATION_FAILURE:
            raise StaleRecord() from error
        raise


def _audit_values(reform: Reform, treated: Sequence[str], comparison: Sequence[str]) -> dict:
    """The reform as the audit log keeps it: its fields and its communities as text."""
    return {
        "name": reform.name,
        "start_on": reform.start_on,
        "figure": reform.figure,
        "categories": reform.categories,
        "treated": ",".join(treated),
        "comparison": ",".join(comparison),
        "note": reform.note,
    }


def _members(session: Session, reform_id: int) -> list[tuple[str, str]]:
    rows = session.execute(
        select(col(ReformCommunity.community), col(ReformCommunity.role)).where(
            col(ReformCommunity.reform_id) == reform_id
        )
    ).all()
    return [(str(code), str(role)) for code, role in rows]


def save_reform(
    engine: Engine,
    principal: Principal,
    *,
    id: int | None = None,
    version: int | None = None,
    name: str,
    start_on: date,
    figure: str,
    categories: Sequence[str],
    treated: Sequence[str],
    comparison: Sequence[str],
    note: str = "",
) -> ReformRecord:
    """Create a reform (`id` None) or change one loaded at `version`; the stored reform.

    Refused (AccountError with an i18n key) for a reader that is not a leader or an admin, an
    empty or taken name, a figure or category unknown, no treated community, a community in
    both groups or unknown; StaleRecord when the reform changed since `version`.
    """
    _refuse_unless_editor(principal)
    name, categories, treated, comparison, note = _clean(
        name=name,
        figure=figure,
        categories=categories,
        treated=treated,
        comparison=comparison,
        note=note,
    )

    def change(session: Session) -> ReformRecord:
        wanted = set(treated) | set(comparison)
        known = set(
            session.scalars(
                select(col(Community.code)).where(col(Community.code).in_(sorted(wanted)))
            )
        )
        if wanted - known:
            raise AccountError(
                "err_reform_unknown_community", codes=", ".join(sorted(wanted - known))
            )
        same_name = session.scalars(select(Reform).where(col(Reform.name) == name)).first()
        if same_name is not None and same_name.id != id:
            raise AccountError("err_reform_name_taken")
        now = datetime.now(UTC)
        if id is None:
            reform = Reform(
                name=name,
                start_on=start_on,
                figure=figure,
                categories=",".join(categories),
                note=note,
                created_by=principal.actor,
                created_at=now,
                updated_at=now,
            )
            session.add(reform)
            session.flush()
            before: dict[str, Any] | None = None
        else:
            found = session.get(Reform, id)
            if found is None:
                raise AccountError("err_not_found")
            if found.version != version:
                raise StaleRecord()
            reform = found
            members = _members(session, id)
            before = _audit_values(
                reform,
                sorted(code for code, role in members if role == "treated"),
                sorted(code for code, role in members if role == "comparison"),
            )
            reform.name, reform.start_on, reform.figure = name, start_on, figure
            reform.categories, reform.note, reform.updated_at = ",".join(categories), note, now
            session.execute(delete(ReformCommunity).where(col(ReformCommunity.reform_id) == id))
            session.flush()
        reform_id = int(reform.id or 0)
        session.add_all(
            [
                ReformCommunity(reform_id=reform_id, community=code, role="treated")
                for code in treated
            ]
            + [
                ReformCommunity(reform_id=reform_id, community=code, role="comparison")
                for code in comparison
            ]
        )
        session.flush()
        after = _audit_values(reform, treated, comparison)
        if before is None:
            entry = audit.entry(
                actor=principal.actor, action="add", table=TABLE, key=str(reform_id), after=after
            )
        else:
            old, new = audit.changed_fields(before, after)
            entry = audit.entry(
                actor=principal.actor,
                action="edit",
                table=TABLE,
                key=str(reform_id),
                before=old,
                after=new,
            )
        audit.write_entries(session, [entry])
        members = [(code, "treated") for code in treated] + [
            (code, "comparison") for code in comparison
        ]
        return _record(reform, members)

    return _write(engine, change)


def delete_reform(engine: Engine, principal: Principal, id: int, version: int) -> None:
    """Delete a reform (its communities go with it) loaded at `version`; audited."""
    _refuse_unless_editor(principal)

    def change(session: Session) -> None:
        reform = session.get(Reform, id)
        if reform is None:
            raise AccountError("err_not_found")
        if reform.version != version:
            raise StaleRecord()
        members = _members(session, id)
        before = _audit_values(
            reform,
            sorted(code for code, role in members if role == "treated"),
            sorted(code for code, role in members if role == "comparison"),
        )
        session.execute(delete(ReformCommunity).where(col(ReformCommunity.reform_id) == id))
        session.delete(reform)
        session.flush()
        audit.write_entries(
            session,
            [
                audit.entry(
                    actor=principal.actor, action="delete", table=TABLE, key=str(id), before=before
                )
            ],
        )

    _write(engine, change)
