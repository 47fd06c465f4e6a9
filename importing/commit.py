"""Write a checked import in one transaction: add new records, update changed ones, log both.

The plan is made again inside the write transaction, so what is written is checked against
the database as it is at that moment, not as it was when the preview was shown.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.record_checks import KEY_CHUNK
from importing.validate import Plan

ADD_CHUNK = 1_000


def apply_plan(session: Session, plan: Plan, *, actor: str, detail: dict[str, Any]) -> None:
    """Insert `plan.adds`, update `plan.updates` (each UPDATE checks the version), write the log."""
    spec = plan.spec
    model: Any = spec.model
    for first in range(0, len(plan.adds), ADD_CHUNK):
        session.execute(insert(model), plan.adds[first : first + ADD_CHUNK])
    changes = {after[spec.key]: after for _, after in plan.updates}
    keys = sorted(changes)
    key_column = getattr(model, spec.key)
    for first in range(0, len(keys), KEY_CHUNK):
        chunk = keys[first : first + KEY_CHUNK]
        for stored in session.scalars(select(model).where(key_column.in_(chunk))):
            for name, value in changes[getattr(stored, spec.key)].items():
                if getattr(stored, name) != value:
                    setattr(stored, name, value)
    session.flush()
    entries = [audit.entry(actor=actor, action="import", table=spec.name, detail=detail)]
    entries += [
        audit.entry(
            actor=actor, action="import_add", table=spec.name, key=record[spec.key], after=record
        )
        for record in plan.adds
    ]
    for before, after in plan.updates:
        old, new = audit.changed_fields(before, after)
        entries.append(
            audit.entry(
                actor=actor,
                action="import_update",
                table=spec.name,
                key=after[spec.key],
                before=old,
                after=new,
            )
        )
    audit.write_entries(session, entries)
