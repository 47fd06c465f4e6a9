"""The queries return exactly the records a window and a scope need, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from data_access.db import write_session
from data_access.models import (
    BurdenItem,
    Community,
    Consultation,
    Dispute,
    OrgActivity,
    Organization,
    Street,
)
from data_access.queries import data_date_range, record_counts, street_names, window_frames

SINCE, END = date(2026, 9, 1), date(2026, 10, 4)


def seed(engine: Engine) -> None:
    """Two communities; records inside, before and after the span [SINCE, END]."""
    with write_session(engine) as session:
        session.add(Street(code="YH", name="粤海街道"))
        session.flush()
        session.add(Community(code="YH01", name="粤桂社区", street_code="YH", population=8000))
        session.add(Community(code="YH02", name="大冲社区", street_code="YH", population=20000))
        session.flush()
        common = {"category": "neighbor", "source": "hotline", "level": "grid", "parties": 2}
        session.add_all(
            [
                # reported before SINCE, still open: needed (open at end)
                Dispute(
                    case_no="A",
                    community="YH01",
                    reported_on=date(2026, 6, 1),
                    status="open",
                    **common,
                ),
                # closed before SINCE: not needed
                Dispute(
                    case_no="B",
                    community="YH01",
                    reported_on=date(2026, 6, 1),
                    status="resolved",
                    closed_on=date(2026, 8, 31),
                    **common,
                ),
                # closed on SINCE: needed
                Dispute(
                    case_no="C",
                    community="YH01",
                    reported_on=date(2026, 6, 1),
                    status="resolved",
                    closed_on=SINCE,
                    **common,
                ),
                # reported after END: not needed
                Dispute(
                    case_no="D",
                    community="YH01",
                    reported_on=date(2026, 10, 5),
                    status="open",
                    **common,
                ),
                # another community: outside the scope below
                Dispute(
                    case_no="E",
                    community="YH02",
                    reported_on=date(2026, 9, 10),
                    status="open",
                    **common,
                ),
            ]
        )
        meeting = {"form": "estate_meeting", "topic": "加装电梯", "topic_category": "elevator"}
        session.add_all(
            [
                # old consensus still pending: needed
                Consultation(
                    ref="K1",
                    community="YH01",
                    held_on=date(2026, 3, 1),
                    consensus=True,
                    implementation="in_progress",
                    **meeting,
                ),
                # old consensus done before SINCE: not needed
                Consultation(
                    ref="K2",
                    community="YH01",
                    held_on=date(2026, 3, 1),
                    consensus=True,
                    implementation="done",
                    implemented_on=date(2026, 5, 1),
                    **meeting,
                ),
                # old meeting without consensus: not needed
                Consultation(
                    ref="K3",
                    community="YH01",
                    held_on=date(2026, 3, 1),
                    consensus=False,
                    implementation="na",
                    **meeting,
                ),
                # held in the span: needed
                Consultation(
                    ref="K4",
                    community="YH01",
                    held_on=date(2026, 9, 20),
                    consensus=False,
                    implementation="na",
                    **meeting,
                ),
            ]
        )
        org = {"category": "elderly", "incubator": "street", "members": 10}
        session.add_all(
            [
                Organization(
                    org_no="O1",
                    name="银龄志愿服务队",
                    community="YH01",
                    stage="filed",
                    entered_on=date(2025, 1, 1),
                    filed_on=date(2025, 6, 1),
                    **org,
                ),
                Organization(
                    org_no="O2",
                    name="太极拳协会",
                    community="YH01",
                    stage="dissolved",
                    entered_on=date(2025, 1, 1),
                    ended_on=date(2026, 1, 1),
                    **org,
                ),
                Organization(
                    org_no="O3",
                    name="篮球队",
                    community="YH02",
                    stage="incubating",
                    entered_on=date(2025, 1, 1),
                    **org,
                ),
            ]
        )
        session.flush()
        session.add_all(
            [
                OrgActivity(ref="A1", org_no="O1", held_on=date(2026, 9, 2), title="义诊"),
                OrgActivity(ref="A2", org_no="O1", held_on=date(2026, 8, 1), title="讲座"),
                OrgActivity(ref="A3", org_no="O3", held_on=date(2026, 9, 2), title="比赛"),
            ]
        )
        item = {
            "department": "区民政局",
            "title": "统计表",
            "kind": "report",
            "list_status": "statutory",
            "approved": True,
            "funded": True,
            "hours": 2.5,
        }
        session.add_all(
            [
                BurdenItem(
                    ref="B1",
                    community="YH01",
                    assigned_on=date(2026, 9, 3),
                    outcome="accepted",
                    **item,
                ),
                # assigned long ago, returned in the span: needed
                BurdenItem(
                    ref="B2",
                    community="YH01",
                    assigned_on=date(2026, 1, 3),
                    outcome="returned",
                    outcome_on=date(2026, 9, 5),
                    **item,
                ),
                BurdenItem(
                    ref="B3",
                    community="YH01",
                    assigned_on=date(2026, 1, 3),
                    outcome="completed",
                    outcome_on=date(2026, 2, 5),
                    **item,
                ),
            ]
        )


def test_window_frames_hold_what_the_window_needs_and_nothing_outside_the_scope(
    engine: Engine,
) -> None:
    seed(engine)
    frames = window_frames(engine, SINCE, END, ["YH01"])
    assert list(frames.communities["code"]) == ["YH01"]
    assert sorted(frames.disputes["case_no"]) == ["A", "C"]
    assert sorted(frames.consultations["ref"]) == ["K1", "K4"]
    assert sorted(frames.organizations["org_no"]) == ["O1"]
    assert sorted(frames.org_activities["ref"]) == ["A1"]
    assert list(frames.org_activities["community"]) == ["YH01"]
    assert sorted(frames.burden_items["ref"]) == ["B1", "B2"]


def test_window_frames_have_the_types_the_metrics_expect(engine: Engine) -> None:
    seed(engine)
    frames = window_frames(engine, SINCE, END, ["YH01", "YH02"])
    assert str(frames.disputes["reported_on"].dtype).startswith("datetime64")
    assert str(frames.disputes["closed_on"].dtype).startswith("datetime64")
    assert frames.disputes["is_major"].dtype == bool
    assert frames.burden_items["hours"].dtype == float
    assert frames.communities["population"].dtype == "int64"


def test_an_empty_scope_returns_empty_frames(engine: Engine) -> None:
    seed(engine)
    frames = window_frames(engine, SINCE, END, [])
    assert frames.communities.empty and frames.disputes.empty and frames.burden_items.empty


def test_counts_names_and_the_date_range_describe_the_database(engine: Engine) -> None:
    assert data_date_range(engine) is None
    seed(engine)
    assert record_counts(engine)["disputes"] == 5
    assert street_names(engine) == {"YH": "粤海街道"}
    assert data_date_range(engine) == (date(2026, 1, 3), date(2026, 10, 5))
