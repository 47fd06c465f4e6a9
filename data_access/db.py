"""The database's life cycle: the engine from settings, transactions, and migration on start.

SQLite loses concurrent read-then-write updates unless every writing transaction starts with
`BEGIN IMMEDIATE` (PITFALLS.md), so pysqlite's own transaction handling is turned off and each
transaction is begun by the event hooks below. Reads ask for a deferred `BEGIN` through
`read_connection()`, so readers never queue behind the write lock. PostgreSQL runs at
REPEATABLE READ, where a lost update becomes an error the caller can report or retry.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from data_access.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 15_000
READ_ONLY = "streetdash_read_only"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
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


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys, a busy timeout and IMMEDIATE writes."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        _install_sqlite_hooks(engine)
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
