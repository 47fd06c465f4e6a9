"""督办事项: create, change status with a version check, history, audit, and what a week reviews
— on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from data_access.audit import audit_entries
from data_access.follow_ups import (
    create_follow_up,
    follow_up_history,
    follow_ups_between,
    set_follow_up_status,
)
from data_access.records import RecordError, StaleRecord, add_record
from metrics.meeting import follow_up_statuses

MONDAY = date(2026, 11, 16)


@pytest.fixture
def street(engine: Engine) -> Engine:
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor="app")
    for code, name in (("YH01", "粤海门社区"), ("YH02", "大冲社区")):
        add_record(
            engine,
            "communities",
            {"code": code, "name": name, "street_code": "YH", "population": 10000},
            actor="app",
        )
    return engine


def raise_action(engine: Engine, **overrides: object) -> dict:
    values: dict = {
        "community": "YH01",
        "title": "一周内上门回访超期纠纷当事人",
        "owner": "王主任",
        "due_on": date(2026, 11, 23),
        "raised_on": MONDAY,
        "actor": "leader:zhang",
        "alert_rule": "overdue_dispute",
    } | overrides
    return create_follow_up(engine, **values)


def test_a_new_action_is_open_with_one_history_step_and_an_audit_entry(street: Engine) -> None:
    action = raise_action(street)
    assert (action["status"], action["version"], action["closed_on"]) == ("open", 1, None)
    history = follow_up_history(street, [action["id"]])
    assert list(history["status"]) == ["open"]
    assert list(history["actor"]) == ["leader:zhang"]
    audit = audit_entries(street, table="follow_ups")
    assert list(audit["action"]) == ["add"]
    assert audit["record_key"].iloc[0] == str(action["id"])
    assert audit["actor"].iloc[0] == "leader:zhang"


def test_marking_done_closes_it_and_the_history_and_audit_say_who(street: Engine) -> None:
    action = raise_action(street)
    done = set_follow_up_status(
        street,
        action["id"],
        status="done",
        version=action["version"],
        on=date(2026, 11, 20),
        actor="app",
        note="已回访",
    )
    assert (done["status"], done["closed_on"], done["version"]) == ("done", date(2026, 11, 20), 2)
    history = follow_up_history(street, [action["id"]])
    assert list(history["status"]) == ["open", "done"]
    assert list(history["note"]) == ["", "已回访"]
    audit = audit_entries(street, table="follow_ups")
    assert list(audit["action"]) == ["follow_up_status", "add"]
    assert audit["after"].iloc[0]["status"] == "done"
    assert audit["before"].iloc[0]["status"] == "open"


def test_a_status_change_from_a_stale_version_is_refused_and_writes_nothing(
    street: Engine,
) -> None:
    action = raise_action(street)
    set_follow_up_status(street, action["id"], status="done", version=1, on=MONDAY, actor="a")
    with pytest.raises(StaleRecord):
        set_follow_up_status(street, action["id"], status="open", version=1, on=MONDAY, actor="b")
    assert len(follow_up_history(street, [action["id"]])) == 2
    assert len(audit_entries(street, table="follow_ups")) == 2


@pytest.mark.parametrize(
    ("overrides", "column"),
    [
        ({"title": "  "}, "title"),
        ({"owner": ""}, "owner"),
        ({"due_on": date(2026, 11, 1)}, "due_on"),
        ({"community": "XX99"}, "community"),
    ],
)
def test_an_action_without_what_who_a_sane_due_date_or_a_real_community_is_refused(
    street: Engine, overrides: dict, column: str
) -> None:
    with pytest.raises(RecordError) as refused:
        raise_action(street, **overrides)
    assert refused.value.problems[0].column == column
    assert audit_entries(street, table="follow_ups").empty


def test_a_week_reviews_last_weeks_actions_this_weeks_and_any_still_open(
    street: Engine,
) -> None:
    old_open = raise_action(street, raised_on=date(2026, 10, 5), due_on=date(2026, 10, 12))
    old_done = raise_action(street, raised_on=date(2026, 10, 5), due_on=date(2026, 10, 12))
    set_follow_up_status(
        street, old_done["id"], status="done", version=1, on=date(2026, 10, 10), actor="a"
    )
    last_week = raise_action(street, raised_on=date(2026, 11, 10), due_on=date(2026, 11, 30))
    other = raise_action(street, community="YH02", raised_on=MONDAY)
    later = raise_action(street, raised_on=date(2026, 11, 30), due_on=date(2026, 12, 5))
    actions = follow_ups_between(street, date(2026, 11, 9), date(2026, 11, 22), ["YH01"])
    assert list(actions["id"]) == [old_open["id"], last_week["id"]]
    assert other["id"] not in set(actions["id"]) and later["id"] not in set(actions["id"])
    statuses = follow_up_statuses(actions, date(2026, 11, 22))
    assert list(statuses) == ["overdue", "open"]
