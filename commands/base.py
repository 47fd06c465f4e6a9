"""What every command shares: its exit codes, a usage mistake, who it acts as, and the scope."""

from __future__ import annotations

import getpass
from collections.abc import Sequence

from sqlalchemy import Engine

from data_access.queries import communities

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


def cli_actor() -> str:
    """Who the audit log names for a command-line change: `cli:<OS user>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def scope_from_args(engine: Engine, codes: Sequence[str] | None) -> list[str]:
    """The community codes asked for (all when none), refusing unknown codes by name."""
    known = list(communities(engine)["code"])
    if not codes:
        return known
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise UsageError(f"unknown community code(s): {', '.join(unknown)}")
    return sorted(set(codes))
