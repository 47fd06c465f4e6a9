"""Ten writers at once — imports and form saves, into different communities and the same one —
on SQLite and PostgreSQL: every write lands or is refused with a clear reason, none is lost or
doubled, no "database is locked" reaches anyone, and a reader never sees half an import."""

from __future__ import annotations

import csv
import io
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, text

from data_access import db
from data_access.db import DatabaseUnavailable, make_engine, read_connection, run_write
from data_access.records import RecordError, StaleRecord, add_record, edit_record, record
from importing.service import ImportResult, import_file, problem_lines

ACTOR = "test:writer"
COMMUNITIES = [f"YH{number:02d}" for number in range(1, 9)]
ROWS_PER_FILE = 300
FORM_ADDS = 20
EDITS = 15
HEADERS = ["案件编号", "社区", "登记日期", "纠纷类型", "来源", "状态", "化解层级", "涉及人数"]


def disputes_csv(community: str, prefix: str, rows: int) -> bytes:
    """`rows` open neighbour disputes in `community`, numbered `prefix`-0001 …"""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for number in range(1, rows + 1):
        writer.writerow(
            [f"{prefix}-{number:04d}", community, "2026-09-03", "邻里纠纷", "网格排查"]
            + ["调处中", "社区", "2"]
        )
    return buffer.getvalue().encode("utf-8")


def a_dispute(case_no: str, community: str) -> dict[str, Any]:
    return {
        "case_no": case_no,
        "community": community,
        "reported_on": date(2026, 9, 4),
        "category": "family",
        "source": "hotline",
        "status": "open",
        "level": "grid",
        "parties": 2,
    }


@pytest.fixture
def street(engine: Engine) -> Engine:
    """Street YH with communities YH01 … YH08 and one open dispute, SEED (2 parties)."""
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor=ACTOR)
    for code in COMMUNITIES:
        values = {"code": code, "name": f"社区{code}", "street_code": "YH", "population": 9000}
        add_record(engine, "communities", values, actor=ACTOR)
    add_record(engine, "disputes", a_dispute("SEED", "YH08"), actor=ACTOR)
    return engine


def one_snapshot(engine: Engine) -> dict[str, Any]:
    """Per community: disputes, and audit entries that added one — read in one transaction."""
    with read_connection(engine) as connection:
        rows = connection.execute(
            text("SELECT community, count(*) FROM dispute GROUP BY community")
        ).all()
        logged = connection.execute(
            text(
                "SELECT count(*) FROM audit_log "
                "WHERE table_name = 'disputes' AND action IN ('add', 'import_add')"
            )
        ).scalar_one()
    return {"by_community": dict(rows), "logged_adds": logged}


class Run:
    """What the writers did: each outcome by writer, and anything unexpected."""

    def __init__(self) -> None:
        self.outcomes: dict[str, list[Any]] = {}
        self.unexpected: list[str] = []
        self.lock = threading.Lock()

    def note(self, writer: str, outcome: Any) -> None:
        with self.lock:
            self.outcomes.setdefault(writer, []).append(outcome)


def run_writers(engine: Engine) -> tuple[Run, list[dict[str, Any]]]:
    """Ten writers released together, and a reader taking snapshots until they are done."""
    run = Run()
    files = {
        f"import-{code}": (code, disputes_csv(code, f"I{code}", ROWS_PER_FILE))
        for code in COMMUNITIES[:4]
    }
    same_file = disputes_csv("YH05", "SAME", ROWS_PER_FILE)

    def importer(name: str, data: bytes) -> Callable[[], None]:
        def write() -> None:
            result: ImportResult = import_file(engine, f"{name}.csv", data, "disputes", actor=ACTOR)
            if not result.committed:
                run.unexpected.append(f"{name}: {problem_lines(result, 'en')}")
            run.note(name, result.counts())

        return write

    def editor(name: str) -> Callable[[], None]:
        def write() -> None:
            saved = 0
            while saved < EDITS:
                current = record(engine, "disputes", "SEED")
                assert current is not None
                try:
                    edit_record(
                        engine,
                        "disputes",
                        "SEED",
                        {"parties": current["parties"] + 1},
                        version=current["version"],
                        actor=name,
                    )
                except StaleRecord:
                    run.note(name, "stale")  # "已被他人修改": the user reloads and saves again
                    continue
                saved += 1
                run.note(name, "saved")

        return write

    def adder(name: str, community: str) -> Callable[[], None]:
        def write() -> None:
            for number in range(1, FORM_ADDS + 1):
                add_record(
                    engine, "disputes", a_dispute(f"{name}-{number:02d}", community), actor=name
                )
                run.note(name, "added")
            try:
                add_record(engine, "disputes", a_dispute("TWICE", community), actor=name)
                run.note(name, "added")
            except RecordError as error:
                run.note(name, error.problems[0].reason)

        return write

    writers = {name: importer(name, data) for name, (_, data) in files.items()}
    writers |= {"same-1": importer("same-1", same_file), "same-2": importer("same-2", same_file)}
    writers |= {"editor-1": editor("editor-1"), "editor-2": editor("editor-2")}
    writers |= {"adder-1": adder("adder-1", "YH06"), "adder-2": adder("adder-2", "YH07")}
    assert len(writers) == 10

    start = threading.Barrier(len(writers) + 1)
    snapshots: list[dict[str, Any]] = []
    done = threading.Event()

    def guarded(name: str, write: Callable[[], None]) -> None:
        start.wait()
        try:
            write()
        except (Exception, AssertionError) as error:  # every other error is a failure
            run.unexpected.append(f"{name}: {type(error).__name__}: {error}")

    def read() -> None:
        start.wait()
        while not done.is_set():
            snapshots.append(one_snapshot(engine))
            time.sleep(0.01)

    threads = [threading.Thread(target=guarded, args=item) for item in writers.items()]
    reader = threading.Thread(target=read)
    for thread in [*threads, reader]:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    done.set()
    reader.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return run, snapshots


def test_ten_writers_at_once_lose_nothing_double_nothing_and_readers_see_whole_imports(
    street: Engine,
) -> None:
    run, snapshots = run_writers(street)

    assert run.unexpected == []
    # Different communities: every file wholly added.
    for code in COMMUNITIES[:4]:
        assert run.outcomes[f"import-{code}"] == [
            {"added": ROWS_PER_FILE, "updated": 0, "unchanged": 0}
        ]
    # The same file twice: added once, and found unchanged by the other — never doubled.
    assert sorted([*run.outcomes["same-1"], *run.outcomes["same-2"]], key=lambda c: c["added"]) == [
        {"added": 0, "updated": 0, "unchanged": ROWS_PER_FILE},
        {"added": ROWS_PER_FILE, "updated": 0, "unchanged": 0},
    ]
    # The same record edited by two people: every save counted once, the rest told it changed.
    saves = Counter(outcome for name in ("editor-1", "editor-2") for outcome in run.outcomes[name])
    assert saves["saved"] == 2 * EDITS
    assert record(street, "disputes", "SEED")["parties"] == 2 + 2 * EDITS
    # The same new key from two forms: one lands, the other is refused by name.
    twice = sorted(run.outcomes["adder-1"][-1:] + run.outcomes["adder-2"][-1:])
    assert twice == ["added", "err_key_taken"]

    final = one_snapshot(street)
    assert final["by_community"] == {
        "YH01": ROWS_PER_FILE,
        "YH02": ROWS_PER_FILE,
        "YH03": ROWS_PER_FILE,
        "YH04": ROWS_PER_FILE,
        "YH05": ROWS_PER_FILE,
        "YH06": FORM_ADDS + (run.outcomes["adder-1"][-1] == "added"),
        "YH07": FORM_ADDS + (run.outcomes["adder-2"][-1] == "added"),
        "YH08": 1,
    }
    # The audit log: one entry per record added, per import, per saved edit — no more, no less.
    with read_connection(street) as connection:
        entries = Counter(
            (action, table)
            for action, table in connection.execute(
                text("SELECT action, table_name FROM audit_log")
            )
        )
        added_keys = connection.execute(
            text(
                "SELECT record_key, count(*) FROM audit_log WHERE action IN ('add', 'import_add') "
                "AND table_name = 'disputes' GROUP BY record_key HAVING count(*) > 1"
            )
        ).all()
    assert added_keys == []
    assert entries[("import", "disputes")] == 5  # the unchanged re-import writes nothing
    assert entries[("import_add", "disputes")] == 5 * ROWS_PER_FILE
    assert entries[("add", "disputes")] == 1 + 2 * FORM_ADDS + 1
    assert entries[("edit", "disputes")] == 2 * EDITS
    assert final["logged_adds"] == sum(final["by_community"].values())
    # Every snapshot a reader took during the run: each import there wholly or not at all, and
    # every record it saw already had its audit entry.
    assert len(snapshots) > 5
    for snapshot in snapshots:
        for code in COMMUNITIES[:5]:
            assert snapshot["by_community"].get(code, 0) in (0, ROWS_PER_FILE), snapshot
        assert snapshot["logged_adds"] == sum(snapshot["by_community"].values()), snapshot


def one_community(engine: Engine) -> None:
    """Street YH with community YH01 only."""
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor=ACTOR)
    community = {"code": "YH01", "name": "粤海门", "street_code": "YH", "population": 1}
    add_record(engine, "communities", community, actor=ACTOR)


def hold_the_write_lock(url: str, seconds: float, held: threading.Event) -> None:
    """Another process's long write: BEGIN IMMEDIATE, then nothing for `seconds`."""
    holder = make_engine(url)
    with db.write_session(holder) as session:
        session.execute(text("UPDATE community SET grids = grids WHERE code = 'YH01'"))
        held.set()
        time.sleep(seconds)
    holder.dispose()


def add_one_community(session: Any) -> None:
    session.execute(
        text(
            "INSERT INTO community (code, name, street_code, population, households, grids, "
            "version) VALUES ('YH99', '新社区', 'YH', 0, 0, 0, 1)"
        )
    )


@pytest.mark.parametrize("retries", [True, False], ids=["with_retries", "without_retries"])
def test_a_writer_waits_out_a_long_lock_by_retrying_and_never_shows_database_is_locked(
    sqlite_engine: Engine, retries: bool
) -> None:
    one_community(sqlite_engine)
    url = sqlite_engine.url.render_as_string()
    impatient = make_engine(url, busy_timeout_ms=100)  # the lock outlasts its busy timeout
    held = threading.Event()
    holder = threading.Thread(target=hold_the_write_lock, args=(url, 1.0, held))
    holder.start()
    held.wait(timeout=10)

    if retries:
        run_write(impatient, add_one_community, pauses=(0.2, 0.4, 0.8, 1.6))
        with read_connection(impatient) as connection:
            count = connection.execute(text("SELECT count(*) FROM community WHERE code = 'YH99'"))
            assert count.scalar_one() == 1
    else:
        with pytest.raises(DatabaseUnavailable) as refusal:
            run_write(impatient, add_one_community, pauses=())
        # The UI then says 数据库正忙, never "database is locked".
        assert refusal.value.reason == "db_busy"
    holder.join(timeout=10)
    impatient.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("retries", [True, False], ids=["with_retries", "without_retries"])
def test_a_form_adding_a_key_another_writer_just_added_is_told_the_key_is_taken(
    postgres_engine: Engine, retries: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: both check the key is free, both insert; the second must say why it lost."""
    engine = postgres_engine
    one_community(engine)
    if not retries:
        monkeypatch.setattr(db, "RETRY_PAUSES", ())
    outcome: list[str] = []

    with engine.connect() as other:
        other.execute(
            text(
                "INSERT INTO dispute (case_no, community, reported_on, category, source, status, "
                "level, is_major, parties, summary, version) VALUES ('D-1', 'YH01', '2026-09-04', "
                "'family', 'hotline', 'open', 'grid', false, 2, '', 1)"
            )
        )

        def add() -> None:
            try:
                add_record(engine, "disputes", a_dispute("D-1", "YH01"), actor=ACTOR)
                outcome.append("added")
            except RecordError as error:
                outcome.append(error.problems[0].reason)

        form = threading.Thread(target=add)
        form.start()
        time.sleep(1.0)  # the form has checked D-1 is free and waits on the unique index
        other.commit()
        form.join(timeout=30)

    assert outcome == (["err_key_taken"] if retries else ["err_still_referenced"])
