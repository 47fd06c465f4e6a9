"""What `streetdash check` asks of a deployment's database: its accounts and the app role's rights.

On PostgreSQL the app connects as a role that owns nothing (deploy/postgresql/create.sql): it
reads and writes rows, may only add to the audit log and only read the schema version, and
a superuser or the tables' owner is reported, since either could change the schema or empty
the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, select, text
from sqlmodel import col

from data_access.db import read_connection
from data_access.models import UserAccount

ROW_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
# Tables whose rows the app must not change (beyond the default of every row privilege).
NEEDED = {"alembic_version": ("SELECT",), "audit_log": ("SELECT", "INSERT")}
NOT_WANTED = {
    "alembic_version": ("INSERT", "UPDATE", "DELETE", "TRUNCATE"),
    "audit_log": ("UPDATE", "DELETE", "TRUNCATE"),
}


@dataclass(frozen=True)
class AccountCounts:
    """How many accounts are active, and how many of those are admins."""

    active: int
    active_admins: int


@dataclass(frozen=True)
class RoleRights:
    """The connecting role of a PostgreSQL database and what it may do there.

    `missing` and `extra` name privileges as `TABLE: PRIVILEGE`.
    """

    role: str
    is_superuser: bool
    owned_tables: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]


def account_counts(engine: Engine) -> AccountCounts:
    """Active accounts, and active admin accounts."""
    active = col(UserAccount.is_active).is_(True)
    with read_connection(engine) as connection:
        total = connection.scalar(select(func.count()).select_from(UserAccount).where(active))
        admins = connection.scalar(
            select(func.count()).select_from(UserAccount).where(active, UserAccount.role == "admin")  # type: ignore[arg-type]
        )
    return AccountCounts(active=int(total or 0), active_admins=int(admins or 0))


def accounts_with_password(engine: Engine, passwords: Mapping[str, str]) -> list[str]:
    """The active accounts among `passwords` (name → password) whose password is that one.

    Compares hashes only: no login is made, so nothing is audited and no account locks.
    """
    query = select(col(UserAccount.username), col(UserAccount.password_hash)).where(
        col(UserAccount.username).in_(list(passwords)),
        col(UserAccount.is_active).is_(True),
    )
    with read_connection(engine) as connection:
        stored = list(connection.execute(query))
    hasher = PasswordHasher()
    matching = []
    for username, password_hash in stored:
        try:
            if password_hash and hasher.verify(password_hash, passwords[username]):
                matching.append(username)
        except (VerificationError, InvalidHashError):
            continue
    return sorted(matching)


def role_rights(engine: Engine) -> RoleRights | None:
    """The connecting role's rights over the schema's tables and sequences; None on SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    with read_connection(engine) as connection:
        role, is_superuser = connection.execute(
            text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        ).one()
        relations = connection.execute(
            text(
                "SELECT c.relname, c.relkind, pg_has_role(current_user, c.relowner, 'USAGE') "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'S') "
                "ORDER BY c.relname"
            )
        ).all()
        owned = tuple(name for name, kind, is_owner in relations if is_owner and kind != "S")
        missing: list[str] = []
        extra: list[str] = []
        for name, kind, _ in relations:
            if kind == "S":
                if not connection.scalar(
                    text("SELECT has_sequence_privilege(:name, 'USAGE')"), {"name": f'"{name}"'}
                ):
                    missing.append(f"{name}: USAGE")
                continue
            for privilege in (*ROW_PRIVILEGES, "TRUNCATE"):
                has = connection.scalar(
                    text("SELECT has_table_privilege(:name, :privilege)"),
                    {"name": f'"{name}"', "privilege": privilege},
                )
                if privilege in NEEDED.get(name, ROW_PRIVILEGES) and not has:
                    missing.append(f"{name}: {privilege}")
                if privilege in NOT_WANTED.get(name, ()) and has:
                    extra.append(f"{name}: {privilege}")
    return RoleRights(
        role=str(role),
        is_superuser=bool(is_superuser),
        owned_tables=owned,
        missing=tuple(missing),
        extra=tuple(extra),
    )
