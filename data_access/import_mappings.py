"""Remembered import mappings: a confirmed mapping saved under a name with its file's header
signature, so that the next file with the same headers is mapped the same way.

A mapping is scoped like the account that saved it: a community account's mapping belongs to
its communities and is seen only by accounts writing those communities; an admin's belongs to
every community. Leaders and viewers import nothing and see none. Every save is audited (table
`import_mappings`) in its write transaction and names the version it started from. The mapping
itself is kept as the JSON text importing.mapping.Mapping writes (this layer does not read it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import col

from data_access import audit
from data_access.accounts import AccountError
from data_access.db import read_connection, run_write
from data_access.mapping_models import ImportMapping
from data_access.principal import Principal
from data_access.records import StaleRecord

TABLE = "import_mappings"
NAME_LENGTH = 100
_FIELDS = ("id", "name", "table_name", "signature", "mapping", "communities", "version")


@dataclass(frozen=True)
class SavedMapping:
    """A saved mapping as its reader sees it; `communities` empty: every community's."""

    id: int
    name: str
    table: str
    signature: str
    mapping_json: str
    communities: tuple[str, ...]
    version: int


def scope_text(principal: Principal) -> str:
    """The scope a mapping saved by `principal` gets: its communities, or '' (admin: all)."""
    return "" if principal.is_admin else ",".join(sorted(set(principal.communities)))


def _record(row: Any) -> SavedMapping:
    return SavedMapping(
        id=int(row.id),
        name=row.name,
        table=row.table_name,
        signature=row.signature,
        mapping_json=row.mapping,
        communities=tuple(code for code in row.communities.split(",") if code),
        version=int(row.version),
    )


def may_see(principal: Principal, saved: SavedMapping) -> bool:
    """Admins see every mapping; a community account an all-community one and those made for
    its own communities only; other roles (who import nothing) none."""
    if principal.is_admin:
        return True
    if principal.role != "community":
        return False
    return set(saved.communities) <= set(principal.communities)


def mappings_for(engine: Engine, principal: Principal) -> list[SavedMapping]:
    """The mappings `principal` may use: its own scope's first, then by name."""
    with read_connection(engine) as connection:
        rows = connection.execute(
            select(*[col(getattr(ImportMapping, name)) for name in _FIELDS])
        ).all()
    own = scope_text(principal)
    seen = [saved for saved in map(_record, rows) if may_see(principal, saved)]
    return sorted(seen, key=lambda s: (",".join(s.communities) != own, s.name, s.id))


def mapping_named(engine: Engine, principal: Principal, name: str) -> SavedMapping | None:
    """The mapping called `name` that `principal` may use (its own scope's first)."""
    name = name.strip()
    return next((s for s in mappings_for(engine, principal) if s.name == name), None)


def mapping_for_signature(
    engine: Engine, principal: Principal, signature: str, table: str | None = None
) -> SavedMapping | None:
    """The mapping for a file whose header signature is `signature` (of `table` when given):
    one of the account's own scope first, else the most recently saved visible one."""
    statement = (
        select(*[col(getattr(ImportMapping, name)) for name in _FIELDS])
        .where(col(ImportMapping.signature) == signature)
        .order_by(col(ImportMapping.updated_at).desc(), col(ImportMapping.id).desc())
    )
    if table is not None:
        statement = statement.where(col(ImportMapping.table_name) == table)
    with read_connection(engine) as connection:
        rows = connection.execute(statement).all()
    seen = [saved for saved in map(_record, rows) if may_see(principal, saved)]
    own = scope_text(principal)
    return next((s for s in seen if ",".join(s.communities) == own), seen[0] if seen else None)


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise AccountError("err_mapping_name_required")
    if len(name) > NAME_LENGTH:
        raise AccountError("err_mapping_name_long", limit=NAME_LENGTH)
    return name


def save_mapping(
    engine: Engine,
    principal: Principal,
    *,
    name: str,
    table: str,
    signature: str,
    mapping_json: str,
    version: int | None = None,
    actor: str | None = None,
) -> SavedMapping:
    """Save a mapping under `name` in `principal`'s scope: a new one (`version` None; refused
    when the name is taken there), or the one of that name loaded at `version` (StaleRecord when
    saved by someone else since). Refused (AccountError) for an account that imports nothing.
    `actor`: the audit log's name when not the principal's own (the command line's)."""
    actor = actor or principal.actor
    if not principal.can_write:
        raise AccountError("err_mapping_role")
    name = _clean_name(name)
    scope = scope_text(principal)
    if principal.role == "community" and not scope:
        raise AccountError("err_mapping_role")

    def change(session: Session) -> SavedMapping:
        found = session.scalars(
            select(ImportMapping).where(
                col(ImportMapping.name) == name, col(ImportMapping.communities) == scope
            )
        ).first()
        now = datetime.now(UTC)
        after = {"name": name, "table": table, "signature": signature, "mapping": mapping_json}
        if found is None:
            if version is not None:
                raise StaleRecord()
            saved = ImportMapping(
                name=name,
                table_name=table,
                signature=signature,
                mapping=mapping_json,
                communities=scope,
                created_by=actor,
                created_at=now,
                updated_at=now,
            )
            session.add(saved)
            session.flush()
            entry = audit.entry(
                actor=actor,
                action="add",
                table=TABLE,
                key=str(saved.id),
                after=after | {"communities": scope},
            )
        else:
            if version is None:
                raise AccountError("err_mapping_name_taken", name=name)
            if found.version != version:
                raise StaleRecord()
            before = {
                "name": found.name,
                "table": found.table_name,
                "signature": found.signature,
                "mapping": found.mapping,
            }
            found.table_name, found.signature, found.mapping = table, signature, mapping_json
            found.updated_at = now
            session.add(found)
            session.flush()
            saved = found
            old, new = audit.changed_fields(before, after)
            entry = audit.entry(
                actor=actor,
                action="edit",
                table=TABLE,
                key=str(found.id),
                before=old,
                after=new,
            )
        audit.write_entries(session, [entry])
        return _record(saved)

    try:
        return run_write(engine, change)
    except StaleDataError as error:
        raise StaleRecord() from error
    except IntegrityError as error:
        raise AccountError("err_mapping_name_taken", name=name) from error
