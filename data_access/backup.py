"""Backing up the database and restoring a backup (`streetdash backup FILE`, `restore FILE`).

SQLite: SQLite's online backup copies a consistent snapshot while the app keeps running and
writing, into a single self-contained file. A restore checks the file first (a SQLite file,
intact, a streetdash database at a migration this code knows), keeps a copy of the database it
replaces, copies the backup in through the same online backup (running apps see the old data or
the new, never a mixture, and pick the new data up on their next page view: the restore is
written to the audit log, which moves the data version every cached loader is keyed by), brings
the schema up to date and logs who restored what.

PostgreSQL: `pg_dump` and `pg_restore` do this properly (README, "Backup and restore"); the
commands refuse rather than half-do it.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from data_access import audit
from data_access.db import is_sqlite, sqlite_path, write_session
from data_access.migrate import alembic_config, current_revision, migrate

SQLITE_HEADER = b"SQLite format 3\x00"
# The tables of migration 0001 onwards: a file without them is not a streetdash database.
REQUIRED_TABLES = {"street", "community", "dispute", "consultation", "organization"}
COUNTED_TABLES = ("community", "dispute", "consultation", "organization", "burden_item")
PG_DUMP_HINT = (
    "for PostgreSQL use pg_dump, e.g. `pg_dump --format=custom --file=FILE DATABASE_URL`, "
    "and pg_restore to restore (README, 'Backup and restore')"
)


class BackupError(Exception):
    """A backup or restore refused; the message says why and what to do instead."""


@dataclass(frozen=True)
class BackupInfo:
    """A checked backup file: its migration and how many records it holds."""

    path: Path
    revision: str
    counts: dict[str, int]
    size: int


def _known_revisions(engine: Engine) -> list[str]:
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    return [script.revision for script in scripts.walk_revisions()]


def _require_sqlite(engine: Engine, action: str) -> Path:
    path = sqlite_path(engine)
    if not is_sqlite(engine) or path is None:
        raise BackupError(f"streetdash {action} works on SQLite only; {PG_DUMP_HINT}")
    return path


def inspect_backup(engine: Engine, path: Path) -> BackupInfo:
    """Check that `path` is an intact streetdash database this code can restore; what it holds."""
    if not path.is_file():
        raise BackupError(f"no such file: {path}")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database (a streetdash backup is)")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            raise BackupError(f"{path} is damaged: {integrity[:3]}")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables or not tables >= REQUIRED_TABLES:
            raise BackupError(f"{path} is a SQLite database but not a streetdash database")
        revisions = [
            row[0] for row in connection.execute("SELECT version_num FROM alembic_version")
        ]
        counts = {
            table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in COUNTED_TABLES
            if table in tables
        }
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a database: {error}") from error
    finally:
        connection.close()
    if len(revisions) != 1 or revisions[0] not in _known_revisions(engine):
        raise BackupError(
            f"{path} is at migration {revisions or 'none'}, which this version of streetdash "
            "does not know (made by a newer version?): upgrade streetdash first"
        )
    return BackupInfo(path, revisions[0], counts, path.stat().st_size)


def _copy_database(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """SQLite's online backup in one step: one consistent snapshot, never a mixture."""
    source.backup(target, pages=-1)


def backup(engine: Engine, target: Path) -> BackupInfo:
    """Write a consistent copy of the (SQLite) database to `target`, while the app runs."""
    _require_sqlite(engine, "backup")
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    live = engine.raw_connection()
    copy = sqlite3.connect(partial)
    try:
        _copy_database(live.driver_connection, copy)  # type: ignore[arg-type]
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        copy.commit()
    finally:
        copy.close()
        live.close()
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    partial.replace(target)  # never a half-written file under the name asked for
    return inspect_backup(engine, target)


def restore(engine: Engine, source: Path, *, actor: str) -> tuple[BackupInfo, Path | None]:
    """Replace the (SQLite) database's contents with backup `source`; the backup's details and
    where the replaced database was kept (None when there was none)."""
    live_path = _require_sqlite(engine, "restore")
    info = inspect_backup(engine, source)
    if live_path.resolve() == source.resolve():
        raise BackupError("that file is the database itself")
    kept = None
    if live_path.is_file() and current_revision(engine) is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = backup(engine, live_path.with_name(f"{live_path.stem}.before-restore-{stamp}.db"))
    backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    live = engine.raw_connection()
    try:
        _copy_database(backup_file, live.driver_connection)  # type: ignore[arg-type]
    except sqlite3.Error as error:  # the copy is one transaction: nothing was replaced
        raise BackupError(f"the restore failed and changed nothing: {error}") from error
    finally:
        backup_file.close()
        live.close()
    engine.dispose()  # nothing pooled from before the restore
    migrate(engine)
    detail = {"backup": source.name, "migration": info.revision}
    if kept is not None:
        detail["kept_previous_as"] = kept.path.name
    with write_session(engine) as session:
        entry = audit.entry(actor=actor, action="restore", table="database", detail=detail)
        audit.write_entries(session, [entry])
    return info, kept.path if kept else None
