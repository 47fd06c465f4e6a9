"""Every write action × own / other community × role: data_access refuses what a role may not."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from data_access.accounts import Principal
from data_access.importing.service import import_file
from data_access.records import (
    RecordError,
    add_record,
    advance_organization,
    close_dispute,
    delete_record,
    edit_record,
    record,
    record_choices,
    record_outcome,
)

ACTOR = "test"
ROLES = {
    "admin": Principal("a", "admin"),
    "community": Principal("c", "community", ("YH01",)),
    "leader": Principal("l", "leader"),
    "viewer": Principal("v", "viewer"),
}


@pytest.fixture
def street(engine: Engine) -> Engine:
    """Two communities, each with a dispute, an organisation, an activity and a burden item."""
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor=ACTOR)
    for code, name in (("YH01", "粤海门社区"), ("YH02", "科技园社区")):
        add_record(
            engine, "communities", {"code": code, "name": name, "street_code": "YH"}, actor=ACTOR
        )
        add_record(engine, "disputes", dispute(f"D-{code}", code), actor=ACTOR)
        add_record(
            engine,
            "organizations",
            {
                "org_no": f"O-{code}",
                "name": f"队伍{code}",
                "community": code,
                "category": "elderly",
                "stage": "incubating",
                "incubator": "street",
                "entered_on": date(2026, 1, 5),
            },
            actor=ACTOR,
        )
        add_record(
            engine,
            "burden_items",
            {
                "ref": f"B-{code}",
                "community": code,
                "title": "报表",
                "department": "民政",
                "kind": "report",
                "list_status": "assist",
                "assigned_on": date(2026, 3, 2),
                "outcome": "accepted",
            },
            actor=ACTOR,
        )
    return engine


def dispute(case_no: str, community: str) -> dict[str, object]:
    return {
        "case_no": case_no,
        "community": community,
        "reported_on": date(2026, 11, 2),
        "category": "neighbor",
        "source": "grid_patrol",
        "status": "open",
        "level": "grid",
        "parties": 2,
    }


def version(engine: Engine, table: str, key: str) -> int:
    stored = record(engine, table, key)
    assert stored is not None
    return int(stored["version"])


def actions(engine: Engine, code: str, scope: frozenset[str] | None) -> dict[str, object]:
    """Each write action on community `code`'s records, as a thunk."""
    return {
        "add": lambda: add_record(
            engine, "disputes", dispute(f"N-{code}", code), actor=ACTOR, scope=scope
        ),
        "edit": lambda: edit_record(
            engine,
            "disputes",
            f"D-{code}",
            {"parties": 3},
            version=version(engine, "disputes", f"D-{code}"),
            actor=ACTOR,
            scope=scope,
        ),
        "close": lambda: close_dispute(
            engine,
            f"D-{code}",
            status="resolved",
            closed_on=date(2026, 11, 5),
            version=version(engine, "disputes", f"D-{code}"),
            actor=ACTOR,
            scope=scope,
        ),
        "advance": lambda: advance_organization(
            engine,
            f"O-{code}",
            stage="filed",
            on=date(2026, 2, 1),
            version=version(engine, "organizations", f"O-{code}"),
            actor=ACTOR,
            scope=scope,
        ),
        "outcome": lambda: record_outcome(
            engine,
            f"B-{code}",
            outcome="returned",
            outcome_on=date(2026, 4, 1),
            version=version(engine, "burden_items", f"B-{code}"),
            actor=ACTOR,
            scope=scope,
        ),
        "delete": lambda: delete_record(
            engine,
            "burden_items",
            f"B-{code}",
            version=version(engine, "burden_items", f"B-{code}"),
            actor=ACTOR,
            scope=scope,
        ),
    }


@pytest.mark.parametrize("action", ["add", "edit", "close", "advance", "outcome", "delete"])
@pytest.mark.parametrize("code", ["YH01", "YH02"])
@pytest.mark.parametrize("role", list(ROLES))
def test_a_write_succeeds_only_for_admins_and_the_communitys_own_staff(
    street: Engine, role: str, code: str, action: str
) -> None:
    principal = ROLES[role]
    allowed = role == "admin" or (role == "community" and code == "YH01")
    run = actions(street, code, principal.write_scope())[action]
    if allowed:
        run()
        return
    with pytest.raises(RecordError) as refused:
        run()
    assert [problem.reason for problem in refused.value.problems] == ["acct_write_refused"]


def test_moving_ones_own_record_to_another_community_is_refused(street: Engine) -> None:
    scope = ROLES["community"].write_scope()
    with pytest.raises(RecordError):
        edit_record(
            street,
            "disputes",
            "D-YH01",
            {"community": "YH02"},
            version=version(street, "disputes", "D-YH01"),
            actor=ACTOR,
            scope=scope,
        )


@pytest.mark.parametrize(("code", "committed"), [("YH01", True), ("YH02", False)])
def test_an_import_is_refused_whole_when_a_row_is_of_another_community(
    street: Engine, code: str, committed: bool
) -> None:
    header = "案件编号,社区,登记日期,纠纷类型,来源,状态,化解层级,办结日期,是否重大,涉及人数\n"
    rows = (
        "I-1,YH01,2026-11-03,邻里纠纷,网格排查,调处中,网格,,否,2\n"
        f"I-2,{code},2026-11-03,邻里纠纷,网格排查,调处中,网格,,否,2\n"
    )
    result = import_file(
        street,
        "f.csv",
        (header + rows).encode(),
        "disputes",
        actor=ACTOR,
        scope=ROLES["community"].write_scope(),
    )
    assert result.committed is committed
    assert (record(street, "disputes", "I-1") is not None) is committed


def test_the_pickers_list_only_the_scopes_records(street: Engine) -> None:
    assert list(record_choices(street, "disputes", scope=["YH01"])) == ["D-YH01"]
    assert list(record_choices(street, "organizations", scope=["YH01"])) == ["O-YH01"]
