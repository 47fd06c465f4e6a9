"""The audit log: who changed which record when, with the values before and after.

Append-only: this module only inserts and reads; the database refuses UPDATE and DELETE on
audit_log (triggers of migration 0002). `actor` is a plain string until accounts exist
(`cli:<OS user>`, `app`), so real user names drop in without a schema change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from data_access.db import read_connection
from data_access.models import AuditLog
from data_access.tables import TABLES
from i18n import enum_label, t

# Dispute summaries may hold personal data (PIPL): `readable_entries` masks them, on the
# server, before anything reaches a browser; the log itself keeps them.
MASKED_FIELDS = {"summary"}

AUDIT_COLUMNS = [
    "id",
    "at",
    "actor",
    "action",
    "table_name",
    "record_key",
    "before",
    "after",
    "detail",
]


def jsonable(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """`values` with dates as ISO text, ready for a JSON column."""
    if values is None:
        return None
    return {
        name: value.isoformat() if isinstance(value, date | datetime) else value
        for name, value in values.items()
    }


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose value differs, before and after."""
    names = [name for name in after if before.get(name) != after.get(name)]
    return {name: before.get(name) for name in names}, {name: after[name] for name in names}


def entry(
    *,
    actor: str,
    action: str,
    table: str,
    key: str | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    detail: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """One audit row as a dict for `write_entries`."""
    return {
        "at": at or datetime.now(UTC),
        "actor": actor,
        "action": action,
        "table_name": table,
        "record_key": key,
        "before": jsonable(before),
        "after": jsonable(after),
        "detail": jsonable(detail),
    }


def write_entries(session: Session, entries: Iterable[dict[str, Any]]) -> None:
    """Append `entries` in the caller's transaction: they commit or roll back with the change."""
    rows = list(entries)
    if rows:
        session.execute(insert(AuditLog), rows)


# Entries that change no record a page shows: sign-ins and account changes (table
# user_account) and the reading of a dispute's summary (privacy.UNMASK_ACTION).
NOT_DATA_TABLES = ("user_account",)
NOT_DATA_ACTIONS = ("summary_unmask",)


def data_version(engine: Engine) -> tuple[int, str]:
    """The id and time of the latest entry that changed records ((0, "") before any): every
    write of records leaves one, so a cache keyed by it sees any process's write on its next
    run. The time tells apart a restore's entry that takes the id of one the backup lacked.

    Walks the primary key back from the newest entry to the first that counts (usually it).
    """
    statement = (
        select(col(AuditLog.id), col(AuditLog.at))
        .where(
            col(AuditLog.table_name).not_in(NOT_DATA_TABLES),
            col(AuditLog.action).not_in(NOT_DATA_ACTIONS),
        )
        .order_by(col(AuditLog.id).desc())
        .limit(1)
    )
    with read_connection(engine) as connection:
        latest = connection.execute(statement).first()
    return (0, "") if latest is None else (int(latest.id), str(latest.at))


def audit_entries(
    engine: Engine,
    *,
    table: str | None = None,
    key_contains: str | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """The latest `limit` entries, newest first, optionally for one table or matching keys."""
    statement = select(*[getattr(AuditLog, name) for name in AUDIT_COLUMNS]).order_by(
        col(AuditLog.id).desc()
    )
    if table:
        statement = statement.where(col(AuditLog.table_name) == table)
    if key_contains:
        statement = statement.where(col(AuditLog.record_key).contains(key_contains))
    with read_connection(engine) as connection:
        rows = connection.execute(statement.limit(limit)).all()
    entries = pd.DataFrame([tuple(row) for row in rows], columns=AUDIT_COLUMNS, dtype=object)
    entries["at"] = pd.to_datetime(entries["at"], utc=True)
    return entries


def _value(table: str, name: str, value: Any, lang: str) -> str:
    if value is None or value == "":
        return "—"
    if name in MASKED_FIELDS:
        return "***"
    spec = TABLES.get(table)
    column = next((c for c in spec.columns if c.name == name), None) if spec else None
    if column is not None and column.enum:
        return enum_label(column.enum, value, lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    return str(value)


def _header(table: str, name: str, lang: str) -> str:
    spec = TABLES.get(table)
    if spec and any(column.name == name for column in spec.columns):
        return spec.header(name, lang)
    return name


def changes_text(table: str, before: dict | None, after: dict | None, lang: str) -> str:
    """`涉及人数: 2 → 7; 状态: 调处中 → 已化解`, or the whole record added or deleted."""
    before, after = before or {}, after or {}
    names = list(dict.fromkeys([*after, *before]))
    if before and after:
        parts = [
            f"{_header(table, n, lang)}: {_value(table, n, before.get(n), lang)} → "
            f"{_value(table, n, after.get(n), lang)}"
            for n in names
        ]
    else:
        values = after or before
        parts = [f"{_header(table, n, lang)}: {_value(table, n, values[n], lang)}" for n in names]
    return "; ".join(parts)


def detail_text(detail: dict | None, lang: str) -> str:
    if not detail:
        return ""
    if "file" not in detail:  # a login or account entry: its reason, role, communities
        return "; ".join(f"{name}: {value}" for name, value in detail.items())
    counts = t(
        "counts_line", lang, **{k: detail.get(k, 0) for k in ("added", "updated", "unchanged")}
    )
    return f"{detail.get('file', '')} · {counts}"


def readable_entries(entries: pd.DataFrame, lang: str, timezone: str) -> pd.DataFrame:
    """The entries as the audit page shows them, headers in `lang`."""
    local = entries["at"].dt.tz_convert(timezone).dt.strftime("%Y-%m-%d %H:%M:%S")
    return pd.DataFrame(
        {
            t("audit_at", lang): local,
            t("audit_actor", lang): entries["actor"],
            t("audit_action", lang): [t(f"action_{a}", lang) for a in entries["action"]],
            t("audit_table", lang): [t(f"table_{n}", lang) for n in entries["table_name"]],
            t("audit_record", lang): entries["record_key"].fillna(""),
            t("audit_changes", lang): [
                changes_text(n, b, a, lang) or detail_text(d, lang)
                for n, b, a, d in zip(
                    entries["table_name"],
                    entries["before"],
                    entries["after"],
                    entries["detail"],
                    strict=True,
                )
            ],
        }
    )
