"""The database itself: migrations, the rules it enforces, and SQLite's concurrent writes."""

from __future__ import annotations

import multiprocessing
import re
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, select

from data_access.db import SQLITE_BUSY_TIMEOUT_MS, make_engine, read_connection, write_session
from data_access.migrate import alembic_config, current_revision, head_revision, migrate
from data_access.models import (
    BurdenItem,
    Community,
    Consultation,
    Dispute,
    Organization,
    Street,
)

DAY = date(2026, 3, 10)
EARLIER = date(2026, 3, 9)
PROCESSES = 4
THREADS = 8
INCREMENTS = 50


def a_community(**overrides: Any) -> Community:
    """YH01 (粤海社区) of street YH, 10,000 residents."""
    values = {"code": "YH01", "name": "粤海社区", "street_code": "YH", "population": 10_000}
    return Community(**(values | overrides))


def a_dispute(**overrides: Any) -> Dispute:
    """An open neighbour dispute in YH01, reported on DAY."""
    values = {
        "case_no": "D-0002",
        "community": "YH01",
        "reported_on": DAY,
        "category": "neighbor",
        "source": "grid_patrol",
        "status": "open",
        "level": "grid",
    }
    return Dispute(**(values | overrides))


def a_consultation(**overrides: Any) -> Consultation:
    """A residents' council in YH01 on DAY whose consensus is being implemented."""
    values = {
        "ref": "C-0001",
        "community": "YH01",
        "held_on": DAY,
        "form": "residents_council",
        "topic": "老旧小区加装电梯",
        "topic_category": "elevator",
        "consensus": True,
        "implementation": "in_progress",
    }
    return Consultation(**(values | overrides))


def an_organization(**overrides: Any) -> Organization:
    """A filed elderly-care organisation in YH01, incubated by the street."""
    values = {
        "org_no": "O-0001",
        "name": "粤海长者互助会",
        "community": "YH01",
        "category": "elderly",
        "stage": "filed",
        "incubator": "street",
        "entered_on": EARLIER,
    }
    return Organization(**(values | overrides))


def a_burden_item(**overrides: Any) -> BurdenItem:
    """An accepted statutory report pushed onto YH01 on DAY, two and a half hours of work."""
    values = {
        "ref": "B-0001",
        "community": "YH01",
        "department": "区民政局",
        "title": "季度统计报表",
        "kind": "report",
        "list_status": "statutory",
        "assigned_on": DAY,
        "hours": 2.5,
        "outcome": "accepted",
    }
    return BurdenItem(**(values | overrides))


def seed_street_yh(engine: Engine) -> Engine:
    """Street YH with community YH01 (10,000 residents) and one open dispute, D-0001."""
    with write_session(engine) as session:
        session.add(Street(code="YH", name="粤海街道"))
        session.flush()
        session.add(a_community())
        session.flush()
        session.add(a_dispute(case_no="D-0001"))
    return engine


@pytest.fixture
def street_yh(engine: Engine) -> Engine:
    """Street YH seeded into SQLite, then into PostgreSQL."""
    return seed_street_yh(engine)


@pytest.fixture
def sqlite_street_yh(sqlite_engine: Engine) -> Engine:
    """Street YH seeded into SQLite only, for the tests of SQLite's write hooks."""
    return seed_street_yh(sqlite_engine)


def population_of(engine: Engine, code: str = "YH01") -> int:
    with read_connection(engine) as connection:
        query = text("SELECT population FROM community WHERE code = :code")
        return connection.execute(query, {"code": code}).scalar_one()


def add_one_resident(engine: Engine) -> None:
    """Read YH01's population, then write it back one higher: the update that can be lost.

    A plain UPDATE, so that these tests measure the transactions alone: an ORM update would be
    refused by the version check instead (tests/integration/test_records.py).
    """
    with write_session(engine) as session:
        population = session.exec(
            select(Community.population).where(Community.code == "YH01")
        ).one()
        session.execute(
            text("UPDATE community SET population = :population WHERE code = 'YH01'"),
            {"population": population + 1},
        )


def test_migrating_to_head_creates_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())

    assert tables == set(SQLModel.metadata.tables) | {"alembic_version"}
    assert head_revision(engine) is not None
    assert current_revision(engine) == head_revision(engine)


def test_an_empty_database_has_no_revision_until_it_is_migrated(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")

    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_the_migrations_build_exactly_the_schema_the_models_describe(engine: Engine) -> None:
    config = alembic_config(engine)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # raises AutogenerateDiffsDetected on any difference


def test_migrating_twice_changes_nothing(street_yh: Engine) -> None:
    engine = street_yh
    tables = sorted(inspect(engine).get_table_names())

    migrate(engine)

    assert sorted(inspect(engine).get_table_names()) == tables
    assert current_revision(engine) == head_revision(engine)
    with read_connection(engine) as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        assert connection.execute(text("SELECT count(*) FROM dispute")).scalar_one() == 1
    assert population_of(engine) == 10_000


REFUSED: list[tuple[str, Callable[[], SQLModel], str]] = [
    (
        "an_unknown_dispute_category",
        lambda: a_dispute(category="xyz"),
        r"ck_dispute_category",
    ),
    (
        "a_negative_population",
        lambda: a_community(code="YH02", name="海珠社区", population=-1),
        r"ck_community_population",
    ),
    (
        "negative_hours_on_a_burden_item",
        lambda: a_burden_item(hours=-1.5),
        r"ck_burden_item_hours",
    ),
    (
        "a_dispute_closed_before_it_was_reported",
        lambda: a_dispute(status="resolved", closed_on=EARLIER),
        r"ck_dispute_closed_on",
    ),
    (
        "a_resolved_dispute_without_a_closing_date",
        lambda: a_dispute(status="resolved", closed_on=None),
        r"ck_dispute_closed_on",
    ),
    (
        "an_implemented_consensus_without_an_implementation_date",
        lambda: a_consultation(implementation="done", implemented_on=None),
        r"ck_consultation_implemented_on",
    ),
    (
        "a_dormant_organisation_without_an_end_date",
        lambda: an_organization(stage="dormant", ended_on=None),
        r"ck_organization_ended_on",
    ),
    (
        "a_returned_burden_item_without_an_outcome_date",
        lambda: a_burden_item(outcome="returned", outcome_on=None),
        r"ck_burden_item_outcome_on",
    ),
    (
        "a_second_dispute_with_the_same_case_number",
        lambda: a_dispute(case_no="D-0001"),
        r"(?i)unique constraint.*case_no",
    ),
    (
        "a_dispute_in_an_unknown_community",
        lambda: a_dispute(community="NOWHERE"),
        r"(?i)foreign key",
    ),
    (
        "a_community_without_a_name",
        lambda: a_community(code="YH02", name=None),
        r"(?i)NOT NULL constraint failed: community\.name"
        r'|column "name" of relation "community" violates not-null',
    ),
]


@pytest.mark.parametrize(
    ("build_row", "reason"),
    [pytest.param(build, reason, id=name) for name, build, reason in REFUSED],
)
def test_the_database_refuses(
    street_yh: Engine, build_row: Callable[[], SQLModel], reason: str
) -> None:
    with pytest.raises(IntegrityError) as refusal, write_session(street_yh) as session:
        session.add(build_row())

    assert re.search(reason, str(refusal.value.orig)), str(refusal.value.orig)
    with read_connection(street_yh) as connection:
        assert connection.execute(text("SELECT count(*) FROM dispute")).scalar_one() == 1


def test_the_rows_each_refusal_starts_from_are_accepted(street_yh: Engine) -> None:
    accepted = [
        a_dispute(),
        a_dispute(case_no="D-0003", status="resolved", closed_on=DAY),
        a_community(code="YH02", name="海珠社区", population=0),
        a_consultation(),
        a_consultation(ref="C-0002", implementation="done", implemented_on=DAY),
        an_organization(),
        an_organization(org_no="O-0002", stage="dormant", ended_on=DAY),
        a_burden_item(),
        a_burden_item(ref="B-0002", outcome="returned", outcome_on=DAY, hours=0.0),
    ]
    with write_session(street_yh) as session:
        session.add_all(accepted)

    with read_connection(street_yh) as connection:
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("dispute", "community", "consultation", "organization", "burden_item")
        }
    assert counts == {
        "dispute": 3,
        "community": 2,
        "consultation": 2,
        "organization": 2,
        "burden_item": 2,
    }


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(
    sqlite_engine: Engine,
) -> None:
    with read_connection(sqlite_engine) as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar_one()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }

    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
    }


def engine_without_the_hooks(url: str, begin: str | None) -> Engine:
    """SQLite as it was before the fix: pysqlite's own transactions, or a deferred `BEGIN`."""
    if begin is None:
        return create_engine(url)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


def add_residents_in_a_process(
    url: str, hooked: bool, begin: str | None, start: Any, results: Any
) -> None:
    """Run in a spawned process: INCREMENTS read-then-write updates, counting commits and errors."""
    engine = make_engine(url) if hooked else engine_without_the_hooks(url, begin)
    commits, errors = 0, []
    start.wait()
    for _ in range(INCREMENTS):
        try:
            add_one_resident(engine)
            commits += 1
        except Exception as error:  # counted and reported by the test, not raised here
            errors.append(f"{type(error).__name__}: {error}".splitlines()[0])
    engine.dispose()
    results.put((commits, errors))


def add_residents_from_processes(url: str, *, hooked: bool, begin: str | None = None) -> tuple:
    """PROCESSES processes released together; their total commits and their errors."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(PROCESSES), context.Queue()
    processes = [
        context.Process(
            target=add_residents_in_a_process, args=(url, hooked, begin, start, results)
        )
        for _ in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=10)
        assert process.exitcode == 0
    commits = sum(commits for commits, _ in outcomes)
    errors = [error for _, process_errors in outcomes for error in process_errors]
    return commits, errors


def test_concurrent_processes_lose_no_sqlite_writes(sqlite_street_yh: Engine) -> None:
    engine = sqlite_street_yh
    engine.dispose()

    commits, errors = add_residents_from_processes(engine.url.render_as_string(), hooked=True)

    assert errors == []
    assert commits == PROCESSES * INCREMENTS
    assert population_of(engine) == 10_000 + PROCESSES * INCREMENTS


@pytest.mark.parametrize(
    "begin",
    [
        pytest.param(None, id="pysqlite_default_transactions_lose_updates_silently"),
        pytest.param("BEGIN", id="a_deferred_begin_fails_with_database_is_locked"),
    ],
)
def test_without_the_immediate_hook_concurrent_processes_lose_writes(
    sqlite_street_yh: Engine, begin: str | None
) -> None:
    """Proves the scenario above can fail: the same workload on an engine without the hooks."""
    engine = sqlite_street_yh
    engine.dispose()

    commits, errors = add_residents_from_processes(
        engine.url.render_as_string(), hooked=False, begin=begin
    )

    added = population_of(engine) - 10_000
    assert added < PROCESSES * INCREMENTS, f"{commits=}, {added=}, {len(errors)} errors"
    if begin is None:
        assert (errors, commits) == ([], PROCESSES * INCREMENTS)  # every commit reported success
    else:
        assert errors
        assert all("database is locked" in error for error in errors), errors[:3]


def test_threads_sharing_one_sqlite_engine_lose_no_writes(sqlite_street_yh: Engine) -> None:
    engine = sqlite_street_yh
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def add_residents() -> None:
        start.wait()
        for _ in range(INCREMENTS):
            try:
                add_one_resident(engine)
            except Exception as error:  # collected: the test asserts there are none
                errors.append(error)

    threads = [threading.Thread(target=add_residents) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert population_of(engine) == 10_000 + THREADS * INCREMENTS


def test_an_open_read_connection_does_not_hold_up_a_writer(street_yh: Engine) -> None:
    errors: list[BaseException] = []

    def write() -> None:
        try:
            add_one_resident(street_yh)
        except Exception as error:  # collected: the test asserts there are none
            errors.append(error)

    with read_connection(street_yh) as reader:
        assert reader.execute(text("SELECT population FROM community")).scalar_one() == 10_000
        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=5)
        assert not writer.is_alive(), "the writer waited for the reader's transaction"

    assert errors == []
    assert population_of(street_yh) == 10_001


@pytest.mark.postgres
def test_racing_postgresql_writers_fail_loudly_instead_of_losing_updates(
    postgres_engine: Engine,
) -> None:
    """At REPEATABLE READ a lost update becomes a serialization error: every commit counts."""
    engine = seed_street_yh(postgres_engine)
    start = threading.Barrier(THREADS)
    commits: list[int] = []
    errors: list[BaseException] = []

    def add_residents() -> None:
        start.wait()
        for _ in range(INCREMENTS):
            try:
                add_one_resident(engine)
                commits.append(1)
            except Exception as error:  # collected: the test inspects them
                errors.append(error)

    threads = [threading.Thread(target=add_residents) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert population_of(engine) == 10_000 + len(commits)
    assert all("could not serialize" in str(error) for error in errors), errors[:3]
