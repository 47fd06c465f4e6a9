"""The entry forms' writes: the import's checks, field-level problems, optimistic locking
(the second of two editors is refused, "已被他人修改"), audit entries, and an audit log that
cannot be changed — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from data_access.audit import audit_entries
from data_access.db import write_session
from data_access.models import Community, Street
from data_access.records import (
    RecordError,
    StaleRecord,
    add_record,
    advance_organization,
    close_dispute,
    delete_record,
    edit_record,
    next_stages,
    record,
    record_choices,
    record_outcome,
)

ACTOR = "app"


@pytest.fixture
def street(engine: Engine) -> Engine:
    """Street YH, community 粤海门社区 (YH01), organisation O-1 and open dispute D-1."""
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor=ACTOR)
    add_record(
        engine,
        "communities",
        {"code": "YH01", "name": "粤海门社区", "street_code": "YH", "population": 21500},
        actor=ACTOR,
    )
    add_record(
        engine,
        "organizations",
        {
            "org_no": "O-1",
            "name": "粤海长者互助会",
            "community": "粤海门",
            "category": "elderly",
            "stage": "incubating",
            "incubator": "street",
            "entered_on": date(2026, 1, 5),
        },
        actor=ACTOR,
    )
    add_record(
        engine,
        "disputes",
        {
            "case_no": "D-1",
            "community": "YH01",
            "reported_on": date(2026, 9, 3),
            "category": "neighbor",
            "source": "grid_patrol",
            "status": "open",
            "level": "grid",
        },
        actor=ACTOR,
    )
    return engine


def reasons(error: RecordError) -> list[tuple[str | None, str]]:
    return [(problem.column, problem.reason) for problem in error.problems]


def test_a_record_is_added_with_its_defaults_and_version_one(street: Engine) -> None:
    stored = record(street, "disputes", "D-1")
    assert stored is not None
    assert (stored["version"], stored["parties"], stored["is_major"], stored["closed_on"]) == (
        1,
        1,
        False,
        None,
    )


def test_a_form_is_checked_like_an_import_with_a_problem_per_field(street: Engine) -> None:
    with pytest.raises(RecordError) as refused:
        add_record(
            street,
            "disputes",
            {
                "case_no": "D-2",
                "community": "蛇口",
                "reported_on": "2026-02-30",
                "category": "neighbor",
                "source": "grid_patrol",
                "status": "resolved",
                "level": "grid",
                "parties": 0,
            },
            actor=ACTOR,
        )
    assert reasons(refused.value) == [
        ("community", "err_unknown_community"),
        ("reported_on", "err_not_date"),
        ("parties", "err_below_minimum"),
        ("closed_on", "err_closed_on_required"),
    ]
    assert record(street, "disputes", "D-2") is None


def test_an_existing_key_cannot_be_added_twice(street: Engine) -> None:
    with pytest.raises(RecordError) as refused:
        add_record(street, "streets", {"code": "YH", "name": "另一个"}, actor=ACTOR)
    assert reasons(refused.value) == [("code", "err_key_taken")]


def test_an_edit_saves_the_changed_fields_bumps_the_version_and_is_audited(street: Engine) -> None:
    saved = edit_record(
        street,
        "disputes",
        "D-1",
        {"parties": 4, "summary": "邻里噪音，已协调"},
        version=1,
        actor="someone",
    )
    assert (saved["parties"], saved["summary"], saved["version"]) == (4, "邻里噪音，已协调", 2)
    latest = audit_entries(street, table="disputes").iloc[0]
    assert (latest["actor"], latest["action"], latest["record_key"]) == ("someone", "edit", "D-1")
    assert latest["before"] == {"parties": 1, "summary": None}
    assert latest["after"] == {"parties": 4, "summary": "邻里噪音，已协调"}


def test_the_second_of_two_editors_of_one_record_is_refused(street: Engine) -> None:
    first = record(street, "disputes", "D-1")
    second = record(street, "disputes", "D-1")
    assert first is not None and second is not None

    edit_record(street, "disputes", "D-1", {"parties": 3}, version=first["version"], actor="a")
    with pytest.raises(StaleRecord) as refused:
        edit_record(street, "disputes", "D-1", {"parties": 9}, version=second["version"], actor="b")

    assert refused.value.problems[0].message("zh") == "该记录已被他人修改，请刷新后重新编辑。"
    stored = record(street, "disputes", "D-1")
    assert stored is not None and stored["parties"] == 3


def test_the_orm_refuses_an_update_whose_row_moved_on_since_it_was_read(street: Engine) -> None:
    """Read in one transaction, saved in a later one (as a form does): the UPDATE names the
    version it read, matches no row once another save bumped it, and nothing is written."""
    with Session(street, expire_on_commit=False) as reader:
        stale = reader.exec(select(Community).where(Community.code == "YH01")).one()
        reader.commit()
        edit_record(street, "communities", "YH01", {"grids": 9}, version=1, actor="a")
        stale.grids = 5
        with pytest.raises(StaleDataError, match="expected to update 1 row"):
            reader.commit()
    stored = record(street, "communities", "YH01")
    assert stored is not None and (stored["grids"], stored["version"]) == (9, 2)


def test_closing_a_dispute_sets_status_and_date_and_checks_the_order(street: Engine) -> None:
    with pytest.raises(RecordError) as refused:
        close_dispute(
            street, "D-1", status="resolved", closed_on=date(2026, 9, 1), version=1, actor=ACTOR
        )
    assert reasons(refused.value) == [("closed_on", "err_closed_before_reported")]

    closed = close_dispute(
        street,
        "D-1",
        status="resolved",
        closed_on=date(2026, 9, 8),
        level="community",
        version=1,
        actor=ACTOR,
    )
    assert (closed["status"], closed["closed_on"], closed["level"]) == (
        "resolved",
        date(2026, 9, 8),
        "community",
    )
    assert audit_entries(street, table="disputes").iloc[0]["action"] == "close"


def test_an_organisation_moves_forward_only_and_its_stage_date_is_filled(street: Engine) -> None:
    assert next_stages("incubating") == ("filed", "registered", "dormant", "dissolved")
    assert next_stages("dissolved") == ()
    moved = advance_organization(
        street, "O-1", stage="filed", on=date(2026, 6, 1), version=1, actor=ACTOR
    )
    assert (moved["stage"], moved["filed_on"]) == ("filed", date(2026, 6, 1))
    with pytest.raises(RecordError):
        advance_organization(
            street, "O-1", stage="incubating", on=date(2026, 7, 1), version=2, actor=ACTOR
        )


def test_an_activity_and_a_burden_outcome_are_recorded(street: Engine) -> None:
    add_record(
        street,
        "org_activities",
        {
            "ref": "A-1",
            "org_no": "O-1",
            "held_on": date(2026, 9, 9),
            "title": "重阳节联谊",
            "participants": 40,
        },
        actor=ACTOR,
    )
    add_record(
        street,
        "burden_items",
        {
            "ref": "B-1",
            "community": "YH01",
            "department": "区民政局",
            "title": "季度报表",
            "kind": "report",
            "list_status": "assist",
            "assigned_on": date(2026, 9, 1),
            "outcome": "accepted",
        },
        actor=ACTOR,
    )
    with pytest.raises(RecordError) as refused:
        record_outcome(street, "B-1", outcome="returned", outcome_on=None, version=1, actor=ACTOR)
    assert reasons(refused.value) == [("outcome_on", "err_outcome_on_required")]
    done = record_outcome(
        street, "B-1", outcome="returned", outcome_on=date(2026, 9, 2), version=1, actor=ACTOR
    )
    assert (done["outcome"], done["version"]) == ("returned", 2)
    assert record_choices(street, "org_activities") == {"A-1": "A-1 · 重阳节联谊"}


def test_a_delete_is_audited_with_the_record_before_and_refused_while_referenced(
    street: Engine,
) -> None:
    with pytest.raises(RecordError) as refused:
        delete_record(street, "communities", "YH01", version=1, actor=ACTOR)
    assert reasons(refused.value) == [(None, "err_still_referenced")]

    delete_record(street, "disputes", "D-1", version=1, actor="deleter")
    assert record(street, "disputes", "D-1") is None
    latest = audit_entries(street, table="disputes").iloc[0]
    assert (latest["action"], latest["actor"], latest["after"]) == ("delete", "deleter", None)
    assert latest["before"]["case_no"] == "D-1"


def test_a_stale_delete_is_refused(street: Engine) -> None:
    edit_record(street, "disputes", "D-1", {"parties": 2}, version=1, actor=ACTOR)
    with pytest.raises(StaleRecord):
        delete_record(street, "disputes", "D-1", version=1, actor=ACTOR)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"],
)
def test_the_database_refuses_to_change_the_audit_log(street: Engine, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"), write_session(street) as session:
        session.execute(text(statement))
    assert set(audit_entries(street)["actor"]) == {ACTOR}


def test_a_bulk_insert_without_a_version_gets_version_one(street: Engine) -> None:
    """The demo loader inserts rows without `version`; the column's default fills it."""
    from sqlalchemy import insert

    with write_session(street) as session:
        session.execute(insert(Street), [{"code": "NS", "name": "南山街道"}])
    stored = record(street, "streets", "NS")
    assert stored is not None and stored["version"] == 1
