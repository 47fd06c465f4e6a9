"""`streetdash backup` and `streetdash restore`: a restored backup gives the same summary for the
same week; a backup taken while writers write is consistent; a restore refuses whatever it is
not sure of and changes nothing then; PostgreSQL is refused with the pg_dump way to do it."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

import cli
from data_access.audit import audit_entries
from data_access.db import engine_for, read_connection
from data_access.migrate import migrate
from data_access.records import add_record, delete_record, record
from data_access.settings import get_settings
from demo.street import load_demo
from metrics.window import Window
from ui.filters import today_local

WEEK = Window.last_complete_week(today_local())


def summary_json(capsys: pytest.CaptureFixture[str]) -> dict:
    assert cli.main(["summary", "--week", str(WEEK.week), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def demo() -> Engine:
    """The app's (temporary) database holding 10 weeks of the demo street."""
    engine = engine_for(get_settings().database_url)
    migrate(engine)
    load_demo(engine, seed=42, weeks=10, today=today_local())
    return engine


def a_dispute_of_the_week(engine: Engine) -> str:
    with read_connection(engine) as connection:
        return connection.execute(
            text("SELECT case_no FROM dispute WHERE reported_on BETWEEN :start AND :end LIMIT 1"),
            {"start": WEEK.start, "end": WEEK.end},
        ).scalar_one()


def test_a_restored_backup_gives_the_same_summary_for_the_same_week(
    demo: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = summary_json(capsys)
    backup_file = tmp_path / "backup.db"
    assert cli.main(["backup", str(backup_file)]) == 0
    assert "backup written" in capsys.readouterr().out

    case_no = a_dispute_of_the_week(demo)
    found = record(demo, "disputes", case_no)
    assert found is not None
    delete_record(demo, "disputes", case_no, version=found["version"], actor="test")
    changed = summary_json(capsys)
    assert changed != before

    assert cli.main(["restore", str(backup_file)]) == 1  # asks for --yes first
    assert "--yes" in capsys.readouterr().err
    assert summary_json(capsys) == changed
    assert cli.main(["restore", str(backup_file), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "restored" in out
    assert summary_json(capsys) == before

    latest = audit_entries(demo, limit=1).iloc[0]
    assert (latest["action"], latest["table_name"]) == ("restore", "database")
    assert latest["detail"]["backup"] == "backup.db"
    live = Path(get_settings().database_url.removeprefix("sqlite:///"))
    kept = live.with_name(latest["detail"]["kept_previous_as"])
    assert kept.is_file(), "the database the restore replaced is kept"
    with sqlite3.connect(kept) as replaced:
        assert replaced.execute(
            "SELECT count(*) FROM dispute WHERE case_no = ?", (case_no,)
        ).fetchone() == (0,)


def test_a_backup_taken_while_writers_write_is_one_consistent_moment(
    demo: Engine, tmp_path: Path
) -> None:
    stop = threading.Event()

    def write() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            values = {
                "case_no": f"W-{number:05d}",
                "community": "YH01",
                "reported_on": date(2026, 9, 4),
                "category": "family",
                "source": "hotline",
                "status": "open",
                "level": "grid",
            }
            add_record(demo, "disputes", values, actor="test:writer")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        for number in range(3):
            assert cli.main(["backup", str(tmp_path / f"b{number}.db")]) == 0
    finally:
        stop.set()
        writer.join(timeout=30)

    for number in range(3):
        with sqlite3.connect(tmp_path / f"b{number}.db") as copy:
            disputes = copy.execute("SELECT count(*) FROM dispute WHERE case_no LIKE 'W-%'")
            logged = copy.execute(
                "SELECT count(*) FROM audit_log WHERE action = 'add' AND record_key LIKE 'W-%'"
            )
            assert disputes.fetchone() == logged.fetchone()
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not list(tmp_path.glob("b*.partial")) and not list(tmp_path.glob("b*-wal"))


def not_streetdash(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")


def from_the_future(path: Path, source: Path) -> None:
    with sqlite3.connect(source) as original, sqlite3.connect(path) as copy:
        original.backup(copy)
        copy.execute("UPDATE alembic_version SET version_num = '9999'")


def damaged(path: Path, source: Path) -> None:
    data = bytearray(source.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xff" * 4096 * 3
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        ("text", "not a SQLite database"),
        ("other", "not a streetdash database"),
        ("future", "does not know"),
        ("damaged", "damaged|cannot be read"),
        ("missing", "no such file"),
    ],
)
def test_a_restore_refuses_a_file_it_is_not_sure_of_and_changes_nothing(
    demo: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: str,
    reason: str,
) -> None:
    good = tmp_path / "good.db"
    assert cli.main(["backup", str(good)]) == 0
    capsys.readouterr()
    before = summary_json(capsys)
    path = tmp_path / "candidate.db"
    if make == "text":
        path.write_text("案件编号,社区\n", encoding="utf-8")
    elif make == "other":
        not_streetdash(path)
    elif make == "future":
        from_the_future(path, good)
    elif make == "damaged":
        damaged(path, good)

    assert cli.main(["restore", str(path), "--yes"]) == 1
    assert re.search(reason, capsys.readouterr().err)
    assert summary_json(capsys) == before


@pytest.mark.postgres
def test_postgresql_is_refused_with_the_pg_dump_way(
    postgres_engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "STREETDASH_DATABASE_URL", postgres_engine.url.render_as_string(hide_password=False)
    )
    get_settings.cache_clear()

    assert cli.main(["backup", str(tmp_path / "pg.db")]) == 1
    assert "pg_dump" in capsys.readouterr().err
    assert not (tmp_path / "pg.db").exists()
    (tmp_path / "pg.db").write_bytes(b"")  # a file to restore from: the refusal is for PostgreSQL
    assert cli.main(["restore", str(tmp_path / "pg.db"), "--yes"]) == 1
    assert "pg_restore" in capsys.readouterr().err
    engine_for(get_settings().database_url).dispose()
