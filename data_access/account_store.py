"""The stored account, as both the account rules and the sign-in read and audit it.

Shared by data_access/accounts.py (opening and changing accounts) and data_access/sign_in.py
(signing in and out), so neither reaches into the other: finding an account by name, its
communities, the Principal it stands for, and the audit entry of anything done to it (table
`user_account`, keyed by the name).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from data_access import audit
from data_access.models import UserAccount, UserCommunity
from data_access.principal import Principal

AUDIT_TABLE = "user_account"


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; every stored time is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def account_named(session: Session, username: str) -> UserAccount | None:
    return session.scalars(select(UserAccount).where(col(UserAccount.username) == username)).first()


def communities_of(session: Session, user_id: int | None) -> tuple[str, ...]:
    rows = session.scalars(
        select(col(UserCommunity.community)).where(col(UserCommunity.user_id) == user_id)
    )
    return tuple(sorted(rows))


def principal_of(session: Session, account: UserAccount) -> Principal:
    return Principal(
        username=account.username,
        role=account.role,
        communities=communities_of(session, account.id),
        display_name=account.display_name,
    )


def log_account_event(
    session: Session, *, actor: str, action: str, username: str, now: datetime, **detail: Any
) -> None:
    """One audit entry for the account `username`, in the caller's transaction."""
    audit.write_entries(
        session,
        [
            audit.entry(
                actor=actor,
                action=action,
                table=AUDIT_TABLE,
                key=username,
                detail=detail or None,
                at=now,
            )
        ],
    )
