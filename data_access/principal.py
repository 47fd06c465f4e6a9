"""Who is signed in, and the scope of what each role may read and write.

A Principal is the signed-in account as the app carries it between page runs: its name, role
and (for `community`) its communities. Nothing here reads the database, so every layer that
decides what to show can hold one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Roles that read every community; `community` reads and writes only its own.
READ_ALL_ROLES = frozenset({"leader", "admin", "viewer"})
WRITE_ROLES = frozenset({"admin", "community"})
SUMMARY_ROLES = frozenset({"admin", "community"})


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
