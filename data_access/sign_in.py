"""Signing in and out: passwords under a throttle, single sign-on, the per-run account check.

Every sign-in, failure and refusal is written to the audit log (table `user_account`). The
clock is a parameter, so tests control it.

Failed sign-ins are slowed down, never locked out (a lock-out would let anyone lock the admin
out): each failure counts against the name typed and against the client's address. After
FREE_FAILURES in a row, the next attempt is refused for 1 s, then 2, 4, 8 … seconds, up to
NAME_DELAY_CAP for a name (so the right password always gets in soon, however hard someone
hammers the name) and SOURCE_DELAY_CAP for an address (the attacker's own delay keeps
growing). A name nobody has is counted exactly like an account's, so the answers never tell
which accounts exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, delete, select
from sqlalchemy.orm import Session
from sqlmodel import col

from data_access.account_store import (
    account_named,
    as_utc,
    log_account_event,
    principal_of,
)
from data_access.db import read_session, run_write
from data_access.models import LoginThrottle, UserAccount
from data_access.passwords import DUMMY_HASH, password_matches
from data_access.principal import Principal

# Failures in a row (per name, per address) before any delay; then 2**(n - FREE_FAILURES) s.
FREE_FAILURES = 5
NAME_DELAY_CAP = timedelta(minutes=1)
SOURCE_DELAY_CAP = timedelta(hours=1)
# A count whose last delay ended this long ago starts again from zero.
FORGET_AFTER = timedelta(hours=24)
# The address of a sign-in whose client the app cannot tell (a local run, a test).
LOCAL_SOURCE = "local"

# Bulk deletes of login_throttle leave the session's objects alone: no Python-side matching
# of SQLite's naive times against aware ones, and no object is used again after its delete.
_UNSYNCED = {"synchronize_session": False}


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a login: the principal, or the reason (an i18n key) it was refused and
    the time before which the next attempt will be refused (None: no delay)."""

    principal: Principal | None
    reason: str | None = None
    wait_until: datetime | None = None


@dataclass
class FailureCount:
    """Failures in a row and the time before which the next attempt is refused."""

    failures: int = 0
    not_before: datetime | None = None

    def waits_until(self, now: datetime) -> datetime | None:
        return self.not_before if self.not_before is not None and self.not_before > now else None

    def failed(self, now: datetime, cap: timedelta) -> FailureCount:
        """The count after one more failure at `now`: no delay for the first FREE_FAILURES - 1,
        then 1 s, 2 s, 4 s … up to `cap`. A count idle for FORGET_AFTER starts again."""
        forgotten = self.not_before is not None and now - self.not_before >= FORGET_AFTER
        failures = (0 if forgotten else self.failures) + 1
        return FailureCount(failures, now + delay_after(failures, cap))


def delay_after(failures: int, cap: timedelta) -> timedelta:
    """How long the next attempt waits after `failures` failures in a row."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    exponent = min(failures - FREE_FAILURES, 40)  # 2**40 s is past any cap
    return min(timedelta(seconds=2**exponent), cap)


def delayed_until(account: UserAccount, now: datetime) -> datetime | None:
    """The time before which the account's next sign-in is refused, while that delay lasts."""
    return FailureCount(account.failed_logins, as_utc(account.locked_until)).waits_until(now)


def lift_delays(session: Session, account: UserAccount) -> int:
    """Lift the account's sign-in delay and every address's (an admin's way back in when their
    own address, say the office's one NAT address, shares an attacker's delay); returns how
    many addresses were delayed."""
    account.failed_logins = 0
    account.locked_until = None
    deleted = session.execute(
        delete(LoginThrottle).where(col(LoginThrottle.kind) == "source"),
        execution_options=_UNSYNCED,
    )
    return cast(CursorResult[Any], deleted).rowcount


def _throttle(session: Session, kind: str, identity: str) -> LoginThrottle | None:
    return session.scalars(
        select(LoginThrottle).where(
            col(LoginThrottle.kind) == kind, col(LoginThrottle.identity) == identity
        )
    ).first()


def _stored_count(session: Session, kind: str, identity: str) -> FailureCount:
    row = _throttle(session, kind, identity)
    return FailureCount(row.failures, as_utc(row.not_before)) if row is not None else FailureCount()


def _store_count(session: Session, kind: str, identity: str, count: FailureCount) -> None:
    assert count.not_before is not None  # a stored count follows a failure
    row = _throttle(session, kind, identity)
    if row is None:
        row = LoginThrottle(kind=kind, identity=identity, not_before=count.not_before)
        session.add(row)
    row.failures = count.failures
    row.not_before = count.not_before


def _name_count(session: Session, name: str, account: UserAccount | None) -> FailureCount:
    """The name's count: in its account, or (a name nobody has) in login_throttle."""
    if account is not None:
        return FailureCount(account.failed_logins, as_utc(account.locked_until))
    return _stored_count(session, "name", name)


def _store_name_count(
    session: Session, name: str, account: UserAccount | None, count: FailureCount
) -> None:
    if account is not None:
        account.failed_logins = count.failures
        account.locked_until = count.not_before
    else:
        _store_count(session, "name", name, count)


def _latest(*moments: datetime | None) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def authenticate(
    engine: Engine, username: str, password: str, now: datetime, *, source: str = LOCAL_SOURCE
) -> LoginResult:
    """Check a sign-in from the client address `source`; failures slow down further attempts
    for the name and for the address (module docstring). All audited.

    Every refusal reads the same whether the name is an account's or not: the same reasons,
    the same delays, and an argon2 verification either way.
    """
    username = username.strip()
    name = username[:255]
    source = (source.strip() or LOCAL_SOURCE)[:255]
    actor = f"login:{username}"[:100]

    def body(session: Session) -> LoginResult:
        account = account_named(session, username)
        by_name = _name_count(session, name, account)
        by_source = _stored_count(session, "source", source)
        wait = _latest(by_name.waits_until(now), by_source.waits_until(now))
        if wait is not None:
            log_account_event(
                session,
                actor=actor,
                action="login_refused",
                username=username[:64],
                now=now,
                reason="throttled",
                source=source,
            )
            return LoginResult(None, "acct_login_wait", wait)
        stored = account.password_hash if account is not None else None
        verified = password_matches(stored or DUMMY_HASH, password) and stored is not None
        if account is not None and verified and account.is_active:
            account.failed_logins = 0
            account.locked_until = None
            account.last_login_at = now
            session.execute(
                delete(LoginThrottle).where(
                    col(LoginThrottle.kind) == "source", col(LoginThrottle.identity) == source
                ),
                execution_options=_UNSYNCED,
            )
            log_account_event(
                session, actor=f"user:{username}", action="login", username=username, now=now
            )
            return LoginResult(principal_of(session, account))
        by_name = by_name.failed(now, NAME_DELAY_CAP)
        by_source = by_source.failed(now, SOURCE_DELAY_CAP)
        _store_name_count(session, name, account, by_name)
        _store_count(session, "source", source, by_source)
        session.execute(
            delete(LoginThrottle).where(col(LoginThrottle.not_before) < now - FORGET_AFTER),
            execution_options=_UNSYNCED,
        )
        reason = "unknown" if stored is None else "password" if not verified else "disabled"
        log_account_event(
            session,
            actor=actor,
            action="login_refused" if reason == "disabled" else "login_failed",
            username=username[:64],
            now=now,
            reason=reason,
            source=source,
            failures=by_name.failures,
        )
        wait = _latest(by_name.waits_until(now), by_source.waits_until(now))
        return LoginResult(None, "acct_login_failed", wait)

    return run_write(engine, body)


def active_principal(engine: Engine, username: str) -> Principal | None:
    """The account as stored now, or None when it is gone or disabled (checked every run)."""
    with read_session(engine) as session:
        account = account_named(session, username)
        if account is None or not account.is_active:
            return None
        return principal_of(session, account)


def sso_login(engine: Engine, subject: str, now: datetime) -> LoginResult:
    """Map an identity from the OIDC provider to the local account linked to it; audited."""

    def body(session: Session) -> LoginResult:
        account = session.scalars(
            select(UserAccount).where(col(UserAccount.oidc_subject) == subject)
        ).first()
        if account is None or not account.is_active:
            log_account_event(
                session,
                actor=f"sso:{subject}"[:100],
                action="login_failed",
                username=subject[:64],
                now=now,
                reason="sso_unmapped",
            )
            return LoginResult(None, "acct_sso_unmapped")
        account.last_login_at = now
        log_account_event(
            session,
            actor=f"user:{account.username}",
            action="login",
            username=account.username,
            now=now,
            via="sso",
        )
        return LoginResult(principal_of(session, account))

    return run_write(engine, body)


def log_logout(engine: Engine, principal: Principal, now: datetime, *, reason: str) -> None:
    """Audit a logout (by the user, or `idle` when the timeout ended the session)."""

    def body(session: Session) -> None:
        log_account_event(
            session,
            actor=principal.actor,
            action="logout",
            username=principal.username,
            now=now,
            reason=reason,
        )

    run_write(engine, body)
