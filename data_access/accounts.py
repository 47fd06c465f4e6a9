"""Accounts, passwords, throttled sign-ins, and the scope of what each account may see.

Passwords are stored only as argon2 hashes and never logged. Every sign-in, failure and
refusal is written to the audit log (table `user_account`). The clock is a parameter, so
tests control it.

Failed sign-ins are slowed down, never locked out (a lock-out would let anyone lock the admin
out): each failure counts against the name typed and against the client's address. After
FREE_FAILURES in a row, the next attempt is refused for 1 s, then 2, 4, 8 … seconds, up to
NAME_DELAY_CAP for a name (so the right password always gets in soon, however hard someone
hammers the name) and SOURCE_DELAY_CAP for an address (the attacker's own delay keeps
growing). A name nobody has is counted exactly like an account's, so the answers never tell
which accounts exist.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import CursorResult, Engine, delete, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from data_access import audit
from data_access.db import read_connection, run_write
from data_access.models import Community, LoginThrottle, UserAccount, UserCommunity
from metrics.codes import ROLES

# Failures in a row (per name, per address) before any delay; then 2**(n - FREE_FAILURES) s.
FREE_FAILURES = 5
NAME_DELAY_CAP = timedelta(minutes=1)
SOURCE_DELAY_CAP = timedelta(hours=1)
# A count whose last delay ended this long ago starts again from zero.
FORGET_AFTER = timedelta(hours=24)
# The address of a sign-in whose client the app cannot tell (a local run, a test).
LOCAL_SOURCE = "local"
MIN_PASSWORD_LENGTH = 8
AUDIT_TABLE = "user_account"
# Roles that read every community; `community` reads and writes only its own.
READ_ALL_ROLES = frozenset({"leader", "admin", "viewer"})
WRITE_ROLES = frozenset({"admin", "community"})
SUMMARY_ROLES = frozenset({"admin", "community"})

_HASHER = PasswordHasher()
# Verified when the user does not exist, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("streetdash-no-such-user")


class AccountError(ValueError):
    """An account change refused; `reason` is an i18n key, `params` fill it in."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Principal:
    """Who is signed in: the account's name, role and (for `community`) its communities."""

    username: str
    role: str
    communities: tuple[str, ...] = ()
    display_name: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def reads_all(self) -> bool:
        return self.role in READ_ALL_ROLES

    @property
    def can_write(self) -> bool:
        return self.role in WRITE_ROLES

    @property
    def actor(self) -> str:
        """The audit log's name for this account."""
        return f"user:{self.username}"

    def may_write(self, community: str | None) -> bool:
        """Whether this account may change a record of `community` (None: street-level data)."""
        if self.role == "admin":
            return True
        if self.role != "community":
            return False
        return community is not None and community in self.communities

    def may_read_summary(self, community: str) -> bool:
        """Dispute summary text: admins, and community staff for their own community."""
        return self.role == "admin" or (self.role == "community" and community in self.communities)

    def write_scope(self) -> frozenset[str] | None:
        """The communities this account may write, or None for every one (admin)."""
        if self.role == "admin":
            return None
        if self.role == "community":
            return frozenset(self.communities)
        return frozenset()


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a login: the principal, or the reason (an i18n key) it was refused and
    the time before which the next attempt will be refused (None: no delay)."""

    principal: Principal | None
    reason: str | None = None
    wait_until: datetime | None = None


def allowed_scope(
    principal: Principal, requested: Iterable[str], all_codes: Iterable[str]
) -> tuple[str, ...]:
    """The community codes `principal` may see among `requested` (all it may see if none)."""
    visible = set(all_codes)
    if not principal.reads_all:
        visible &= set(principal.communities)
    chosen = visible & set(requested)
    return tuple(sorted(chosen or visible))


def visible_codes(principal: Principal, all_codes: Iterable[str]) -> tuple[str, ...]:
    """Every community code `principal` may see."""
    return allowed_scope(principal, (), all_codes)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("acct_err_password_short", length=MIN_PASSWORD_LENGTH)
    return password


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; every stored time is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _account(session: Session, username: str) -> UserAccount | None:
    return session.scalars(select(UserAccount).where(col(UserAccount.username) == username)).first()


def _communities_of(session: Session, user_id: int | None) -> tuple[str, ...]:
    rows = session.scalars(
        select(col(UserCommunity.community)).where(col(UserCommunity.user_id) == user_id)
    )
    return tuple(sorted(rows))


def _principal(session: Session, account: UserAccount) -> Principal:
    return Principal(
        username=account.username,
        role=account.role,
        communities=_communities_of(session, account.id),
        display_name=account.display_name,
    )


def _log(
    session: Session, *, actor: str, action: str, username: str, now: datetime, **detail: Any
) -> None:
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
        if _account(session, username) is not None:
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
        _log(
            session,
            actor=actor,
            action="account_add",
            username=username,
            now=now,
            role=role,
            communities=sorted(set(communities)),
        )
        session.flush()
        return _principal(session, account)

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
    with Session(engine) as session:
        rows = []
        for account in session.scalars(select(UserAccount).order_by(col(UserAccount.username))):
            rows.append(
                (
                    account.username,
                    account.display_name,
                    account.role,
                    ", ".join(_communities_of(session, account.id)),
                    account.is_active,
                    _delayed_until(account, now),
                    _aware(account.last_login_at),
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
        account = _account(session, username)
        if account is None:
            raise AccountError("acct_err_unknown_user", username=username)
        detail = change(session, account) or {}
        _log(session, actor=actor, action=action, username=username, now=now, **detail)

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
    account's, and every address's (the way back in when the admin's own address, say the
    office's one NAT address, shares an attacker's delay)."""
    hashed = hash_password(_checked_password(password))

    def change(session: Session, account: UserAccount) -> dict[str, Any]:
        account.password_hash = hashed
        account.failed_logins = 0
        account.locked_until = None
        deleted = session.execute(
            delete(LoginThrottle).where(col(LoginThrottle.kind) == "source"),
            execution_options=_UNSYNCED,
        )
        lifted = cast(CursorResult[Any], deleted).rowcount
        return {"source_delays_lifted": lifted} if lifted else {}

    _change(engine, username, change, actor=actor, action="password_reset", now=now)


def change_password(
    engine: Engine, username: str, old: str, new: str, *, now: datetime | None = None
) -> None:
    """The user's own change: the old password must match."""
    _checked_password(new)
    with Session(engine) as session:
        account = _account(session, username)
        stored = account.password_hash if account else None
    if stored is None or not _verifies(stored, old):
        raise AccountError("acct_err_old_password")
    hashed = hash_password(new)

    def change(session: Session, account: UserAccount) -> None:
        account.password_hash = hashed

    _change(engine, username, change, actor=f"user:{username}", action="password_change", now=now)


def _verifies(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass
class _Count:
    """Failures in a row and the time before which the next attempt is refused."""

    failures: int = 0
    not_before: datetime | None = None

    def waits_until(self, now: datetime) -> datetime | None:
        return self.not_before if self.not_before is not None and self.not_before > now else None

    def failed(self, now: datetime, cap: timedelta) -> _Count:
        """The count after one more failure at `now`: no delay for the first FREE_FAILURES - 1,
        then 1 s, 2 s, 4 s … up to `cap`. A count idle for FORGET_AFTER starts again."""
        forgotten = self.not_before is not None and now - self.not_before >= FORGET_AFTER
        failures = (0 if forgotten else self.failures) + 1
        return _Count(failures, now + delay_after(failures, cap))


def delay_after(failures: int, cap: timedelta) -> timedelta:
    """How long the next attempt waits after `failures` failures in a row."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    exponent = min(failures - FREE_FAILURES, 40)  # 2**40 s is past any cap
    return min(timedelta(seconds=2**exponent), cap)


# Bulk deletes of login_throttle leave the session's objects alone: no Python-side matching
# of SQLite's naive times against aware ones, and no object is used again after its delete.
_UNSYNCED = {"synchronize_session": False}


def _throttle(session: Session, kind: str, identity: str) -> LoginThrottle | None:
    return session.scalars(
        select(LoginThrottle).where(
            col(LoginThrottle.kind) == kind, col(LoginThrottle.identity) == identity
        )
    ).first()


def _stored_count(session: Session, kind: str, identity: str) -> _Count:
    row = _throttle(session, kind, identity)
    return _Count(row.failures, _aware(row.not_before)) if row is not None else _Count()


def _store_count(session: Session, kind: str, identity: str, count: _Count) -> None:
    assert count.not_before is not None  # a stored count follows a failure
    row = _throttle(session, kind, identity)
    if row is None:
        row = LoginThrottle(kind=kind, identity=identity, not_before=count.not_before)
        session.add(row)
    row.failures = count.failures
    row.not_before = count.not_before


def _name_count(session: Session, name: str, account: UserAccount | None) -> _Count:
    """The name's count: in its account, or (a name nobody has) in login_throttle."""
    if account is not None:
        return _Count(account.failed_logins, _aware(account.locked_until))
    return _stored_count(session, "name", name)


def _store_name_count(
    session: Session, name: str, account: UserAccount | None, count: _Count
) -> None:
    if account is not None:
        account.failed_logins = count.failures
        account.locked_until = count.not_before
    else:
        _store_count(session, "name", name, count)


def _delayed_until(account: UserAccount, now: datetime) -> datetime | None:
    return _Count(account.failed_logins, _aware(account.locked_until)).waits_until(now)


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
        account = _account(session, username)
        by_name = _name_count(session, name, account)
        by_source = _stored_count(session, "source", source)
        wait = _latest(by_name.waits_until(now), by_source.waits_until(now))
        if wait is not None:
            _log(
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
        verified = _verifies(stored or _DUMMY_HASH, password) and stored is not None
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
            _log(session, actor=f"user:{username}", action="login", username=username, now=now)
            return LoginResult(_principal(session, account))
        by_name = by_name.failed(now, NAME_DELAY_CAP)
        by_source = by_source.failed(now, SOURCE_DELAY_CAP)
        _store_name_count(session, name, account, by_name)
        _store_count(session, "source", source, by_source)
        session.execute(
            delete(LoginThrottle).where(col(LoginThrottle.not_before) < now - FORGET_AFTER),
            execution_options=_UNSYNCED,
        )
        reason = "unknown" if stored is None else "password" if not verified else "disabled"
        _log(
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
    with Session(engine) as session:
        account = _account(session, username)
        if account is None or not account.is_active:
            return None
        return _principal(session, account)


def sso_login(engine: Engine, subject: str, now: datetime) -> LoginResult:
    """Map an identity from the OIDC provider to the local account linked to it; audited."""

    def body(session: Session) -> LoginResult:
        account = session.scalars(
            select(UserAccount).where(col(UserAccount.oidc_subject) == subject)
        ).first()
        if account is None or not account.is_active:
            _log(
                session,
                actor=f"sso:{subject}"[:100],
                action="login_failed",
                username=subject[:64],
                now=now,
                reason="sso_unmapped",
            )
            return LoginResult(None, "acct_sso_unmapped")
        account.last_login_at = now
        _log(
            session,
            actor=f"user:{account.username}",
            action="login",
            username=account.username,
            now=now,
            via="sso",
        )
        return LoginResult(_principal(session, account))

    return run_write(engine, body)


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
        before = {"role": account.role, "communities": list(_communities_of(session, account.id))}
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


def log_logout(engine: Engine, principal: Principal, now: datetime, *, reason: str) -> None:
    """Audit a logout (by the user, or `idle` when the timeout ended the session)."""

    def body(session: Session) -> None:
        _log(
            session,
            actor=principal.actor,
            action="logout",
            username=principal.username,
            now=now,
            reason=reason,
        )

    run_write(engine, body)
