"""The database's life cycle: the engine from settings, transactions, and migration on start.

SQLite loses concurrent read-then-write updates unless every writing transaction starts with
`BEGIN IMMEDIATE`, so pysqlite's own transaction handling is turned off and each
transaction is begun by the event hooks below. Reads ask for a deferred `BEGIN` through
`read_connection()`, so readers never queue behind the write lock. PostgreSQL runs at
REPEATABLE READ, where a lost update becomes an error the caller can report or retry.

`run_write` is how the app's writes run: the whole transaction is run again, after a short
randomised pause, when the engine was busy (SQLite's lock past the busy timeout) or the write
lost a race (PostgreSQL's serialization failures, deadlocks, a unique key inserted meanwhile),
so that the second attempt sees the other writer's work. A database that cannot be used at
all becomes `DatabaseUnavailable`, whose reason is an i18n key the UI shows in its language.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from data_access.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 15_000
READ_ONLY = "streetdash_read_only"
# Pauses before the 2nd … 6th attempt of a write, each randomised by ±50 % so that writers
# that collided do not collide again. SQLite also waits up to its busy timeout per attempt.
RETRY_PAUSES = (0.05, 0.1, 0.25, 0.5, 1.0)
# PostgreSQL: serialization failure, deadlock, and a unique key another writer inserted
# between our check and our insert (every write checks its keys first, so that is a race).
RETRYABLE_SQLSTATES = {"40001", "40P01", "23505"}
SQLITE_BUSY_TEXT = ("database is locked", "database is busy", "database table is locked")

T = TypeVar("T")
log = logging.getLogger("streetdash")


class DatabaseUnavailable(Exception):
    """The database cannot do this now; `reason` is an i18n key (db_busy, db_read_only, …)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _install_sqlite_hooks(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys, a busy timeout and IMMEDIATE writes."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        )
        _install_sqlite_hooks(engine, busy_timeout_ms)
        return engine
    # REPEATABLE READ: a read-then-write that raced another writer fails with a serialization
    # error instead of silently overwriting it (READ COMMITTED loses such updates), and the
    # several queries of one read transaction see one snapshot.
    return create_engine(url, pool_pre_ping=True, isolation_level="REPEATABLE READ")


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One shared engine (and connection pool) per database URL in this process."""
    return make_engine(url)


def get_engine() -> Engine:
    """The engine of the configured database."""
    return engine_for(get_settings().database_url)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for queries: a deferred transaction that never takes the write lock."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{READ_ONLY: True})
        with connection.begin():
            yield connection


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading objects on `read_connection`: a plain Session(engine) begins
    with BEGIN IMMEDIATE on SQLite, so every page run's account check queued behind (and
    blocked) the writers of imports and forms."""
    with read_connection(engine) as connection, Session(bind=connection) as session:
        yield session


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None)


def is_busy(error: BaseException) -> bool:
    """SQLite's write lock was not had within the busy timeout."""
    return isinstance(error, OperationalError) and any(
        busy in str(error.orig).lower() for busy in SQLITE_BUSY_TEXT
    )


def is_retryable(error: BaseException) -> bool:
    """A write that failed only because of another writer: running it again can succeed."""
    return is_busy(error) or (
        isinstance(error, DBAPIError) and _sqlstate(error) in RETRYABLE_SQLSTATES
    )


def unavailable_reason(error: BaseException) -> str | None:
    """The i18n key saying why the database could not be used, or None for another error."""
    if is_busy(error):
        return "db_busy"
    if not isinstance(error, OperationalError):
        return None
    message = str(error.orig).lower()
    if "readonly" in message or "read-only" in message:
        return "db_read_only"
    if "unable to open database" in message or "no such table" in message:
        return "db_missing"
    return "db_unreachable"  # PostgreSQL down, refusing connections, or the network gone


def run_write(
    engine: Engine, change: Callable[[Session], T], *, pauses: tuple[float, ...] | None = None
) -> T:
    """`change(session)` in one write transaction, run again after a race or a busy engine.

    Raises `DatabaseUnavailable("db_busy")` when the engine stayed busy through every attempt
    (never SQLite's "database is locked"), and the last error of a race that never resolved.
    """
    pauses = RETRY_PAUSES if pauses is None else pauses
    for attempt in range(len(pauses) + 1):
        try:
            with write_session(engine) as session:
                return change(session)
        except DBAPIError as error:
            if not is_retryable(error):
                raise
            if attempt == len(pauses):
                if is_busy(error):
                    raise DatabaseUnavailable("db_busy", str(error.orig)) from error
                raise
            log.info("write attempt %d lost a race (%s); retrying", attempt + 1, error.orig)
            time.sleep(pauses[attempt] * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")


def sqlite_path(engine: Engine) -> Path | None:
    """The file of a SQLite engine's database (None for PostgreSQL or an in-memory database)."""
    database = engine.url.database
    if not is_sqlite(engine) or not database or database == ":memory:":
        return None
    return Path(database.removeprefix("file:").split("?")[0])


@dataclass(frozen=True)
class DatabaseState:
    """What a page needs to know before it runs: can it write."""

    is_writable: bool


def database_state(engine: Engine) -> DatabaseState:
    """Check that the database answers; raise `DatabaseUnavailable` with the reason if not.

    (Whether the data changed is `audit.data_version`, part of every cached loader's key.)
    """
    path = sqlite_path(engine)
    if path is not None and not path.is_file():
        engine.dispose()  # pooled connections would still read a deleted file
        raise DatabaseUnavailable("db_missing", str(path))
    try:
        with read_connection(engine) as connection:
            connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError as error:
        engine.dispose()  # reconnect from scratch once the database is back
        reason = unavailable_reason(error) or "db_unreachable"
        raise DatabaseUnavailable(reason, str(error.orig)) from error
    # Root passes permission checks but not an immutable file or a read-only mount.
    is_writable = path is None or os.access(path, os.W_OK)
    if not is_writable:
        engine.dispose()  # a connection opened before would keep writing to the WAL file
    return DatabaseState(is_writable)
