"""The demo's accounts: one per role, with the passwords the README prints (DEMO ONLY)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from data_access.accounts import create_user, has_accounts


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str
    communities: tuple[str, ...] = ()


# DEMO ONLY: these passwords are printed in the README. They exist only in a database the
# demo street was loaded into (never in a real one), one account per role.
DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin", "demo-admin-2026"),
    DemoAccount("leader", "leader", "demo-leader-2026"),
    DemoAccount("viewer", "viewer", "demo-viewer-2026"),
    DemoAccount("yuehaimen", "community", "demo-community-2026", ("YH01",)),
)


def create_demo_accounts(engine: Engine) -> None:
    """One account per role with the README's demo-only passwords (skipped if any exists)."""
    if has_accounts(engine):
        return
    for account in DEMO_ACCOUNTS:
        create_user(
            engine,
            username=account.username,
            role=account.role,
            password=account.password,
            communities=account.communities,
            display_name=f"{account.username} (demo)",
            actor="demo",
        )
