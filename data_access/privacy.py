"""Dispute summaries: personal data, masked by default, shown in full only to a permitted
account and only with an audit entry (personal data under PIPL).

Who may read a summary at all is `Principal.may_read_summary`: admins, and community staff for
their own communities. Everything here reads the summary column itself; no other query does,
so the text cannot reach a page, a cache, an export or a PDF by another way.

Masking itself (`mask_personal`, deliberately eager: it would rather hide a word too many than
leave a phone number, an ID number or a name on the screen) is in `data_access.masking`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from sqlmodel import col

from data_access import audit
from data_access.db import read_connection, run_write
from data_access.masking import mask_personal
from data_access.models import Dispute
from data_access.principal import Principal

UNMASK_ACTION = "summary_unmask"
MAX_REASON_LENGTH = 200


class SummaryRefused(PermissionError):
    """The account may not read this dispute's summary, or the case does not exist for it;
    `reason` is an i18n key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Case:
    community: str
    summary: str | None


def _cases(engine: Engine, case_nos: Collection[str]) -> dict[str, _Case]:
    if not case_nos:
        return {}
    statement = select(col(Dispute.case_no), col(Dispute.community), col(Dispute.summary)).where(
        col(Dispute.case_no).in_(sorted(set(case_nos)))
    )
    with read_connection(engine) as connection:
        return {
            case_no: _Case(community, summary)
            for case_no, community, summary in connection.execute(statement)
        }


def masked_summaries(
    engine: Engine, principal: Principal, case_nos: Collection[str]
) -> Mapping[str, str]:
    """Masked summary text by case number, for the cases whose summary `principal` may read;
    cases it may not read are absent (the caller shows no column for them)."""
    return {
        case_no: mask_personal(case.summary)
        for case_no, case in _cases(engine, case_nos).items()
        if principal.may_read_summary(case.community)
    }


def unmask_summary(
    engine: Engine, principal: Principal, case_no: str, reason: str, now: datetime | None = None
) -> str:
    """The full summary of one case, for a permitted account with a stated reason; the reading
    is written to the audit log first, in the same transaction, so no full text is ever shown
    without its entry."""
    reason = reason.strip()
    if not reason:
        raise SummaryRefused("summary_reason_needed")

    def body(session: Session) -> str:
        row = session.execute(
            select(col(Dispute.community), col(Dispute.summary)).where(
                col(Dispute.case_no) == case_no
            )
        ).first()
        if row is None or not principal.may_read_summary(row.community):
            # The same answer for "no such case" and "not yours": nothing about other
            # communities' cases leaks through this door.
            raise SummaryRefused("summary_refused")
        audit.write_entries(
            session,
            [
                audit.entry(
                    actor=principal.actor,
                    action=UNMASK_ACTION,
                    table="dispute",
                    key=case_no,
                    detail={"reason": reason[:MAX_REASON_LENGTH]},
                    at=now or datetime.now(UTC),
                )
            ],
        )
        return str(row.summary or "")

    return run_write(engine, body)
