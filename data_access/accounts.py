"""Accounts: opening them, changing their role, communities, password and sign-on link,
disabling them, and listing them; every change audited in its own transaction.

The rules of an account live here: a name of 1-64 characters, a known role, `community`
accounts (and only they) bound to existing communities, passwords of MIN_PASSWORD_LENGTH or
more, one account per single sign-on identity, and never a change that leaves no active admin.
Who may see what is data_access/principal.py; signing in is data_access/sign_in.py.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from data_access.account_store import (
    account_named,
    as_utc,
    communities_of,
    log_account_event,
    principal_of,
)
from data_access.db import read_connection, read_session, run_write
from data_access.models import Community, UserAccount, UserCommunity
from data_access.passwords import hash_password, password_matches
from data_access.principal import Principal
from data_access.sign_in import delayed_until, lift_delays
from metrics.codes import ROLES

MIN_PASSWORD_LENGTH = 8


class AccountError(ValueError):
    """An account change refused; `reason` is an i18n key, `params` fill it in."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("acct_err_password_short", length=MIN_PASSWORD_LENGTH)
    return password


def has_accounts(engine: Engine) -> bool:
    """Whether any account exists (none: the app asks for the first admin)."""
    with read_connection(engine) as connection:
        return bool(connection.execute(select(func.count()).select_from(UserAccount)).scalar_one())


def _check_role(role: str, communities: Collection[str]) -> None:
    """Community accounts are bound to communities, and only they are."""
    if role not in ROLES:
        raise AccountError("acct_err_role", role=role)
    if role == "community" and not communities:
        raise AccountError("acct_err_needs_community")
    if role != "community" and communities:
        raise AccountError("acct_err_no_community_for_role")


def _check_communities(session: Session, communities: Collection[str]) -> None:
    known = set(session.scalars(select(col(Community.code))))
    unknown = sorted(set(communities) - known)
    if unknown:
        raise AccountError("acct_err_unknown_community", codes=", ".join(unknown))


def _check_sso_free(session: Session, subject: str, username: str) -> None:
    """One identity signs in to one account: linking it twice would make the login ambiguous."""
    holder = session.scalars(
        select(col(UserAccount.username)).where(col(UserAccount.oidc_subject) == subject)
    ).first()
    if holder is not None and holder != username:
        raise AccountError("acct_err_sso_taken", username=holder)


def _check_not_last_admin(session: Session, account: UserAccount) -> None:
    """Refuse a change that would leave no active admin: nobody could manage accounts then."""
    if account.role != "admin" or not account.is_active:
        return
    others = session.scalar(
        select(func.count())
        .select_from(UserAccount)
        .where(
            col(UserAccount.role) == "admin",
            col(UserAccount.is_active),
            col(UserAccount.id) != account.id,
        )
    )
    if not others:
        raise AccountError("acct_err_last_admin")


def create_user(
    engine: Engine,
    *,
    username: str,
    role: str,
    password: str | None,
    communities: Collection[str] = (),
    display_name: str = "",
    oidc_subject: str | None = None,
    actor: str,
    now: datetime | None = None,
) -> Principal:
    """Add an account; `community` accounts need at least one existing community."""
    now = now or datetime.now(UTC)
    username = username.strip()
    if not username or len(username) > 64:
        raise AccountError("acct_err_username")
    _check_role(role, communities)
    if password is None and oidc_subject is None:
        raise AccountError("acct_err_password_short", length=MIN_PASSWORD_LENGTH)
    hashed = hash_password(_checked_password(password)) if password is not None else None

    def body(session: Session) -> Principal:
        if account_named(session, username) is not None:
            raise AccountError("acct_err_exists", username=username)
        _check_communities(session, communities)
        if oidc_subject is not None:
            _check_sso_free(session, oidc_subject, username)
        account = UserAccount(
            username=username,
            display_name=display_name,
            role=role,
            password_hash=hashed,
            oidc_subject=oidc_subject,
            created_at=now,
        )
        session.add(account)
        session.flush()
        assert account.id is not None  # assigned by the flush
        for code in sorted(set(communities)):
            session.add(UserCommunity(user_id=account.id, community=code))
        log_account_event(
            session,
            actor=actor,
            action="account_add",
            username=username,
            now=now,
            role=role,
            communities=sorted(set(communities)),
        )
        session.flush()
        return principal_of(session, account)

    return run_write(engine, body)


def users(engine: Engine, now: datetime | None = None) -> pd.DataFrame:
    """Every account: name, display name, role, communities, active, sign-in delayed until
    (only while the delay lasts), last login."""
    now = now or datetime.now(UTC)
    columns = [
        "username",
        "display_name",
        "role",
        "communities",
        "is_active",
        "locked_until",
        "last_login_at",
        "has_sso",
    ]
    with read_session(engine) as session:
        rows = []
        for account in session.scalars(select(UserAccount).order_by(col(UserAccount.username))):
            rows.append(
                (
                    account.username,
                    account.display_name,
                    account.role,
                    ", ".join(communities_of(session, account.id)),
                    account.is_active,
                    delayed_until(account, now),
                    as_utc(account.last_login_at),
                    account.oidc_subject is not None,
                )
            )
    return pd.DataFrame(rows, columns=columns, dtype=object)


Change = Callable[[Session, UserAccount], dict[str, Any] | None]


def _change(
    engine: Engine, username: str, change: Change, *, actor: str, action: str, now: datetime | None
) -> None:
    """Apply `change` to the account and audit it with the detail `change` returns, in one
    transaction: a refused change (AccountError) leaves both untouched."""
    now = now or datetime.now(UTC)

    def body(session: Session) -> None:
        account = account_named(session, username)
        if account is None:
            raise AccountError("acct_err_unknown_user", username=username)
        detail = change(session, account) or {}
        log_account_event(session, actor=actor, action=action, username=username, now=now, **detail)

    run_write(engine, body)


def set_active(
    engine: Engine, username: str, is_active: bool, *, actor: str, now: datetime | None = None
) -> None:
    """Disable (or enable again) an account; a disabled account cannot log in."""

    def change(session: Session, account: UserAccount) -> None:
        if not is_active:
            _check_not_last_admin(session, account)
        account.is_active = is_active

    action = "account_enable" if is_active else "account_disable"
    _change(engine, username, change, actor=actor, action=action, now=now)


def reset_password(
    engine: Engine, username: str, password: str, *, actor: str, now: datetime | None = None
) -> None:
    """Set a new password (an admin's reset) and lift every sign-in delay at once: the
    account's, and every address's (sign_in.lift_delays says why)."""
    hashed = hash_password(_checked_password(password))

    def change(session: Session, account: UserAccount) -> dict[str, Any]:
        account.password_hash = hashed
        lifted = lift_delays(session, account)
        return {"source_delays_lifted": lifted} if lifted else {}

    _change(engine, username, change, actor=actor, action="password_reset", now=now)


def change_password(
    engine: Engine, username: str, old: str, new: str, *, now: datetime | None = None
) -> None:
    """The user's own change: the old password must match."""
    _checked_password(new)
    with read_session(engine) as session:
        account = account_named(session, username)
        stored = account.password_hash if account else None
    if stored is None or not password_matches(stored, old):
        raise AccountError("acct_err_old_password")
    hashed = hash_password(new)

    def change(session: Session, account: UserAccount) -> None:
        account.password_hash = hashed

    _change(engine, username, change, actor=f"user:{username}", action="password_change", now=now)


def link_sso(
    engine: Engine, username: str, subject: str | None, *, actor: str, now: datetime | None = None
) -> None:
    """Link (or with None or "" unlink) an account to the OIDC identity `subject`."""
    subject = (subject or "").strip() or None

    def change(session: Session, account: UserAccount) -> dict[str, Any]:
        if subject is not None:
            _check_sso_free(session, subject, account.username)
        account.oidc_subject = subject
        return {"linked": subject is not None}

    _change(engine, username, change, actor=actor, action="account_sso", now=now)


def change_account(
    engine: Engine,
    username: str,
    *,
    role: str,
    communities: Collection[str] = (),
    display_name: str | None = None,
    actor: str,
    now: datetime | None = None,
) -> None:
    """Give an account another role, other communities or another display name; audited with
    what it was before. The signed-in user gets the new scope on their next page load."""
    _check_role(role, communities)
    wanted = sorted(set(communities))

    def change(session: Session, account: UserAccount) -> dict[str, Any]:
        _check_communities(session, wanted)
        if role != "admin":
            _check_not_last_admin(session, account)
        before = {"role": account.role, "communities": list(communities_of(session, account.id))}
        account.role = role
        if display_name is not None:
            account.display_name = display_name.strip()
        session.execute(delete(UserCommunity).where(col(UserCommunity.user_id) == account.id))
        assert account.id is not None  # a stored account
        for code in wanted:
            session.add(UserCommunity(user_id=account.id, community=code))
        return {
            "role": role,
            "communities": wanted,
            "role_before": before["role"],
            "communities_before": before["communities"],
        }

    _change(engine, username, change, actor=actor, action="account_change", now=now)
