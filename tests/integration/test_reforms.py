"""改革举措 in the database: save, edit and delete, each audited and version-checked; only
leaders and admins write; every role reads within its scope, and a community account never
learns the comparison communities' names — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from data_access.accounts import AccountError
from data_access.audit import audit_entries
from data_access.principal import Principal
from data_access.records import StaleRecord, add_record
from data_access.reforms import (
    delete_reform,
    reform_named,
    reforms_for,
    save_reform,
    stored_comparison,
)

LEADER = Principal("zhang", "leader")
ADMIN = Principal("root", "admin")
VIEWER = Principal("li", "viewer")
OWN_ONE = Principal("yh01", "community", ("YH01",))
OWN_TWO = Principal("yh12", "community", ("YH01", "YH02"))


@pytest.fixture
def street(engine: Engine) -> Engine:
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor="app")
    for code, name in (("YH01", "粤海门社区"), ("YH02", "大冲社区"), ("YH03", "科技园社区")):
        add_record(
            engine,
            "communities",
            {"code": code, "name": name, "street_code": "YH", "population": 10000},
            actor="app",
        )
    return engine


def save(engine: Engine, principal: Principal = LEADER, **overrides: object):  # type: ignore[no-untyped-def]
    values: dict = {
        "name": "物业纠纷“吹哨报到”",
        "start_on": date(2026, 5, 4),
        "figure": "disputes_new",
        "categories": ["property"],
        "treated": ["YH02", "YH01"],
        "comparison": ["YH03"],
        "note": "  试点两个社区  ",
    } | overrides
    return save_reform(engine, principal, **values)


def test_a_saved_reform_reads_back_with_its_communities_and_is_audited(street: Engine) -> None:
    reform = save(street)
    assert (reform.version, reform.treated, reform.comparison) == (1, ("YH01", "YH02"), ("YH03",))
    assert reform.note == "试点两个社区"
    assert reforms_for(street, ADMIN) == [reform]
    audit = audit_entries(street, table="reforms")
    assert list(audit["action"]) == ["add"]
    assert audit["record_key"].iloc[0] == str(reform.id)
    assert audit["actor"].iloc[0] == "user:zhang"
    assert audit["after"].iloc[0]["treated"] == "YH01,YH02"


def test_an_edit_changes_fields_and_communities_records_only_the_change_and_moves_the_version(
    street: Engine,
) -> None:
    reform = save(street)
    edited = save(
        street,
        ADMIN,
        id=reform.id,
        version=reform.version,
        comparison=[],
        treated=["YH01"],
        categories=[],
        note="试点两个社区",
    )
    assert (edited.version, edited.treated, edited.comparison, edited.categories) == (
        2,
        ("YH01",),
        (),
        (),
    )
    assert reforms_for(street, LEADER) == [edited]
    audit = audit_entries(street, table="reforms")
    change = audit[audit["action"] == "edit"].iloc[0]
    assert change["before"] == {"categories": "property", "treated": "YH01,YH02",
                                "comparison": "YH03"}  # fmt: skip
    assert change["after"] == {"categories": "", "treated": "YH01", "comparison": ""}
    assert change["actor"] == "user:root"


def test_an_edit_from_an_old_version_is_refused_as_stale(street: Engine) -> None:
    reform = save(street)
    save(street, id=reform.id, version=reform.version, note="第一次修改")
    with pytest.raises(StaleRecord):
        save(street, id=reform.id, version=reform.version, note="第二次修改")


def test_a_delete_removes_the_reform_and_its_communities_and_is_audited(street: Engine) -> None:
    reform = save(street)
    with pytest.raises(StaleRecord):
        delete_reform(street, ADMIN, reform.id, reform.version + 1)
    delete_reform(street, ADMIN, reform.id, reform.version)
    assert reforms_for(street, ADMIN) == []
    assert stored_comparison(street, reform.id) == ()
    audit = audit_entries(street, table="reforms")
    deleted = audit[audit["action"] == "delete"].iloc[0]
    assert deleted["before"]["comparison"] == "YH03"
    # the community it named can go now: nothing refers to it any more
    add_record(street, "communities", {"code": "YH04", "name": "新社区", "street_code": "YH"},
               actor="app")  # fmt: skip


@pytest.mark.parametrize("principal", [VIEWER, OWN_TWO])
def test_only_leaders_and_admins_write_reforms(street: Engine, principal: Principal) -> None:
    with pytest.raises(AccountError) as refused:
        save(street, principal)
    assert refused.value.reason == "err_reform_role"
    reform = save(street)
    with pytest.raises(AccountError):
        delete_reform(street, principal, reform.id, reform.version)
    assert reforms_for(street, ADMIN) == [reform]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"name": "  "}, "err_reform_name_required"),
        ({"name": "改" * 101}, "err_reform_name_long"),
        ({"figure": "disputes_open"}, "err_reform_figure"),
        ({"figure": "consultations_held"}, "err_reform_figure"),  # categories with another figure
        ({"categories": ["no_such"]}, "err_reform_figure"),
        ({"treated": []}, "err_reform_no_treated"),
        ({"comparison": ["YH01"]}, "err_reform_overlap"),
        ({"comparison": ["ZZ99"]}, "err_reform_unknown_community"),
    ],
)
def test_a_reform_that_cannot_be_evaluated_is_refused_with_its_reason(
    street: Engine, overrides: dict, reason: str
) -> None:
    with pytest.raises(AccountError) as refused:
        save(street, **overrides)
    assert refused.value.reason == reason
    assert reforms_for(street, ADMIN) == []


def test_two_reforms_may_not_share_a_name(street: Engine) -> None:
    save(street)
    with pytest.raises(AccountError) as refused:
        save(street, treated=["YH03"], comparison=[])
    assert refused.value.reason == "err_reform_name_taken"


def test_leaders_admins_and_viewers_read_every_reform_with_its_comparison(street: Engine) -> None:
    save(street)
    save(street, name="议事会进小区", treated=["YH03"], comparison=[], categories=[],
         start_on=date(2026, 6, 1))  # fmt: skip
    for principal in (LEADER, ADMIN, VIEWER):
        found = reforms_for(street, principal)
        assert [reform.name for reform in found] == ["议事会进小区", "物业纠纷“吹哨报到”"]
        assert found[1].comparison == ("YH03",)
        assert not any(reform.comparison_hidden for reform in found)


def test_a_community_account_sees_only_reforms_wholly_its_own_and_no_comparison_names(
    street: Engine,
) -> None:
    both = save(street)  # treated YH01 and YH02, compared with YH03
    save(street, name="只在一号社区", treated=["YH01"], comparison=["YH02"], categories=[],
         start_on=date(2026, 3, 2))  # fmt: skip
    assert [reform.name for reform in reforms_for(street, OWN_ONE)] == ["只在一号社区"]
    seen = reforms_for(street, OWN_TWO)
    assert [reform.name for reform in seen] == ["物业纠纷“吹哨报到”", "只在一号社区"]
    assert all(reform.comparison == () and reform.comparison_hidden for reform in seen)
    assert "YH03" not in repr(seen)
    assert reform_named(street, OWN_ONE, both.name) is None
    assert reform_named(street, OWN_TWO, both.name) == seen[0]
    # the evaluation on the server still reads the stored comparison
    assert stored_comparison(street, both.id) == ("YH03",)
