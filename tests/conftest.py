"""Fixtures shared by every test: isolated settings, database engines and the browser."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

from data_access import db, settings
from data_access.migrate import migrate

PG_URL_VARIABLE = "STREETDASH_TEST_PG_URL"
CHROMIUM = Path("/usr/bin/chromium")


def is_ci() -> bool:
    return os.environ.get("CI") == "true"


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where nothing may be skipped silently."""
    if is_ci():
        pytest.fail(f"{reason} (CI=true: CI must run every test, never skip one)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the app's database at a temporary file, so no test touches data/streetdash.db."""
    monkeypatch.setenv("STREETDASH_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    settings.get_settings.cache_clear()
    db.engine_for.cache_clear()
    yield
    settings.get_settings.cache_clear()
    db.engine_for.cache_clear()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh SQLite file, migrated to head, with the app's hooks (WAL, IMMEDIATE writes)."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'streetdash.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[tuple[Engine, list[str]]]:
    """A uniquely named database for this test session, migrated once, dropped at the end."""
    url = os.environ.get(PG_URL_VARIABLE, "")
    if not url:
        unavailable(f"PostgreSQL tests need {PG_URL_VARIABLE} (set by .ci/run)")
    name = f"streetdash_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine = db.make_engine(make_url(url).set(database=name).render_as_string(hide_password=False))
    try:
        migrate(engine)
        tables = [name for name in inspect(engine).get_table_names() if name != "alembic_version"]
        yield engine, tables
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def postgres_engine(postgres_database: tuple[Engine, list[str]]) -> Engine:
    """The session's PostgreSQL database, every table emptied and its ids restarted."""
    engine, tables = postgres_database
    quoted = ", ".join(f'"{table}"' for table in tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE TABLE {quoted} RESTART IDENTITY CASCADE"))
    return engine


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def engine(request: pytest.FixtureRequest) -> Engine:
    """A migrated, empty database: a temporary SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_engine")
    return request.getfixturevalue("postgres_engine")


@pytest.fixture(scope="session")
def browser_executable() -> str:
    """Debian's Chromium, for Playwright's `executable_path` (its own download cannot work here)."""
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    return str(CHROMIUM)
