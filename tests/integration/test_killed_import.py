"""The process killed (SIGKILL, no clean-up of any kind) in the middle of writing an import:
the database is as it was before, on SQLite and PostgreSQL, and the next import works."""

from __future__ import annotations

import csv
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from data_access.db import read_connection, sqlite_path
from data_access.records import add_record

ROOT = Path(__file__).resolve().parents[2]
ROWS = 40_000
ACTOR = "test:killed"


def big_disputes_file(folder: Path) -> Path:
    """ROWS open disputes in YH01: long enough to write that a kill lands in the middle."""
    path = folder / "big.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["案件编号", "社区", "登记日期", "纠纷类型", "来源", "状态", "化解层级"])
        for number in range(ROWS):
            writer.writerow(
                [f"K-{number:06d}", "YH01", "2026-09-03", "邻里纠纷", "网格排查", "调处中", "社区"]
            )
    return path


def state_of(engine: Engine) -> dict[str, tuple[int, str]]:
    """Rows and a checksum of every table, the audit log included."""
    tables = sorted(name for name in inspect(engine).get_table_names() if name != "alembic_version")
    state = {}
    with read_connection(engine) as connection:
        for table in tables:
            rows = connection.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
            state[table] = (len(rows), digest)
    return state


def start_import(engine: Engine, path: Path) -> subprocess.Popen[bytes]:
    """`streetdash import disputes FILE` in a process of its own, as cron or a person runs it."""
    url = engine.url.render_as_string(hide_password=False)
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "import", "disputes", str(path)],
        cwd=ROOT,
        env={**os.environ, "STREETDASH_DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_until(is_true: Callable[[], bool], process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 120
    while not is_true():
        if process.poll() is not None:
            pytest.fail(f"the import ended before {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.02)


def sqlite_is_writing(engine: Engine) -> Callable[[], bool]:
    """True once the import holds the write lock and has put uncommitted pages on disk."""
    path = sqlite_path(engine)
    assert path is not None
    wal = path.with_name(path.name + "-wal")
    baseline = wal.stat().st_size if wal.exists() else 0

    def is_writing() -> bool:
        probe = sqlite3.connect(path, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
            return False  # nobody holds the write lock
        except sqlite3.OperationalError:
            return wal.exists() and wal.stat().st_size > baseline + 2_000_000
        finally:
            probe.close()

    return is_writing


def postgres_is_writing(engine: Engine) -> Callable[[], bool]:
    """True once another session of this database has written rows in an open transaction."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
    )

    def is_writing() -> bool:
        with engine.connect() as connection:
            return bool(connection.execute(query).scalar_one())

    return is_writing


@pytest.fixture
def street(engine: Engine) -> Engine:
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor=ACTOR)
    community = {"code": "YH01", "name": "粤海门社区", "street_code": "YH", "population": 21500}
    add_record(engine, "communities", community, actor=ACTOR)
    return engine


def test_an_import_killed_while_writing_leaves_the_database_as_it_was(
    street: Engine, tmp_path: Path
) -> None:
    engine = street
    path = big_disputes_file(tmp_path)
    before = state_of(engine)
    is_writing = sqlite_is_writing(engine) if sqlite_path(engine) else postgres_is_writing(engine)

    process = start_import(engine, path)
    wait_until(is_writing, process, "it was writing")
    time.sleep(0.2)  # further into the write
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    if sqlite_path(engine) is None:  # PostgreSQL rolls back once it notices its client is gone
        deadline = time.monotonic() + 30
        while is_writing() and time.monotonic() < deadline:
            time.sleep(0.1)
    engine.dispose()
    assert state_of(engine) == before
    if sqlite_path(engine) is not None:
        with read_connection(engine) as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"

    again = start_import(engine, path)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert f"新增 {ROWS}" in out.decode()
    with read_connection(engine) as connection:
        assert connection.execute(text("SELECT count(*) FROM dispute")).scalar_one() == ROWS
