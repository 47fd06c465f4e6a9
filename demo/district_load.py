"""Bulk-loading the demo district: `executemany` (SQLite) or `COPY` (PostgreSQL) of the columns
`demo.district` generates, instead of ORM adds, into an empty database."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import Engine, text

from data_access import audit
from data_access.db import is_sqlite, write_session
from demo.accounts import create_demo_accounts
from demo.district import FULL, Columns, District, DistrictShape, generate_district
from demo.street import database_is_empty, demo_loaded_entry


def _rows(columns: Columns) -> Iterable[tuple]:
    return zip(*columns.values(), strict=True)


def _write_sqlite(engine: Engine, district: District, report: Callable[[str], None]) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        for table, columns in district.tables.items():
            names = ", ".join(columns)
            marks = ", ".join("?" for _ in columns)
            insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"
            cursor.executemany(insert, list(_rows(columns)))
            report(table)
        cursor.execute("COMMIT")
        cursor.execute("ANALYZE")
    finally:
        raw.close()


def _write_postgresql(engine: Engine, district: District, report: Callable[[str], None]) -> None:
    raw = engine.raw_connection()
    try:
        cursor: Any = raw.cursor()
        for table, columns in district.tables.items():
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in _rows(columns):
                    copy.write_row(row)
            report(table)
        raw.commit()
    finally:
        raw.close()
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def load_district(
    engine: Engine,
    *,
    seed: int = 42,
    shape: DistrictShape = FULL,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
    with_accounts: bool = True,
) -> dict[str, int]:
    """Generate the district and bulk-load it into an empty database; rows per table."""
    report = progress or (lambda _message: None)
    if not database_is_empty(engine):
        raise ValueError(
            "the database already holds records; the demo district is only loaded into an "
            "empty database, so that demo rows never mix with real ones"
        )
    began = time.perf_counter()
    district = generate_district(seed=seed, shape=shape, today=today)
    counts = district.counts()
    report(f"generated in {time.perf_counter() - began:.1f} s")

    def written(table: str) -> None:
        report(f"{table}: {counts[table]} ({time.perf_counter() - began:.1f} s)")

    if is_sqlite(engine):
        _write_sqlite(engine, district, written)
    else:
        _write_postgresql(engine, district, written)
    with write_session(engine) as session:
        audit.write_entries(session, [demo_loaded_entry(counts)])
    if with_accounts:
        create_demo_accounts(engine)
    return counts
