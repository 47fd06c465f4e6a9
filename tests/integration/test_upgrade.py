"""A database the first release made (migration 0001, with records in it) upgrades to the latest
schema with every record intact, and the app's figures and record edits work on it."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from data_access.db import make_engine, read_connection
from data_access.migrate import current_revision, head_revision, migrate
from data_access.records import edit_record, record
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.summary import window_report

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "streetdash-0001.sqlite"
TABLES = ("street", "community", "dispute", "consultation", "organization", "org_activity")
TABLES += ("burden_item",)


def rows_of(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of 0001, in the columns 0001 had, as SQLite stores them."""
    with closing(sqlite3.connect(path)) as connection:
        rows = {}
        for table in TABLES:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            rows[table] = [columns] + connection.execute(
                f'SELECT * FROM "{table}" ORDER BY id'
            ).fetchall()
        return rows


def original_columns(rows: dict[str, list[tuple]], after: Path) -> dict[str, list[tuple]]:
    """The rows of `after` in the columns the fixture's tables had."""
    with closing(sqlite3.connect(after)) as connection:
        return {
            table: [columns]
            + connection.execute(
                f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY id'
            ).fetchall()
            for table, (columns, *_) in rows.items()
        }


@pytest.fixture
def upgraded(tmp_path: Path) -> Iterator[tuple[Engine, Path]]:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    engine = make_engine(f"sqlite:///{path}")
    assert current_revision(engine) == "0001"
    migrate(engine)
    yield engine, path
    engine.dispose()


def test_the_fixture_is_a_first_release_database_with_records() -> None:
    rows = rows_of(FIXTURE)
    assert {table: len(found) - 1 for table, found in rows.items()} == {
        "street": 1,
        "community": 16,
        "dispute": 95,
        "consultation": 30,
        "organization": 173,
        "org_activity": 362,
        "burden_item": 192,
    }
    with closing(sqlite3.connect(FIXTURE)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0001",)
        ]


def test_upgrading_a_first_release_database_keeps_every_record(
    upgraded: tuple[Engine, Path],
) -> None:
    engine, path = upgraded
    assert current_revision(engine) == head_revision(engine)
    before = rows_of(FIXTURE)
    assert original_columns(before, path) == before
    with read_connection(engine) as connection:
        versions = connection.execute(text("SELECT DISTINCT version FROM dispute")).all()
        assert versions == [(1,)]  # every record starts at version 1 for optimistic locking
        assert connection.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == 0


def test_an_upgraded_database_gives_figures_and_takes_edits(
    upgraded: tuple[Engine, Path],
) -> None:
    engine, _ = upgraded
    with read_connection(engine) as connection:
        latest = connection.execute(text("SELECT max(reported_on) FROM dispute")).scalar_one()
        communities = [
            code for (code,) in connection.execute(text("SELECT code FROM community ORDER BY code"))
        ]
        case_no = connection.execute(
            text("SELECT case_no FROM dispute WHERE status = 'open' LIMIT 1")
        ).scalar_one()
    window = Window.week_containing(date.fromisoformat(str(latest)))
    summary = window_report(engine, window, communities, thresholds=Thresholds(), lang="zh").summary
    assert summary.current.disputes.new > 0

    found = record(engine, "disputes", case_no)
    assert found is not None and found["version"] == 1
    edited = edit_record(
        engine, "disputes", case_no, {"parties": 9}, version=1, actor="test:upgrade"
    )
    assert edited["version"] == 2
