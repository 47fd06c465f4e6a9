"""Every write action × own / other community × role: data_access refuses what a role may not.

Master data (streets, communities) is the admins' alone, by import and by form. To a community
account another community's record is not there (`err_not_found`, as for a number nobody uses)
and its number is taken (`err_key_taken`, as for any used number): no refusal names the other
community, and none depends on what its record holds.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from data_access.models import AuditLog
from data_access.principal import Principal
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
from i18n import t
from importing.service import ImportResult, check_file, import_file, problem_lines

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
    """The record's current version (as an admin reads it), or 1 for a number nobody uses."""
    stored = record(engine, table, key)
    return 1 if stored is None else int(stored["version"])


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


def refusal(run: object) -> list[tuple[str | None, str, str]]:
    """(column, reason, zh message) of every problem of the refused write `run`."""
    assert callable(run)
    with pytest.raises(RecordError) as refused:
        run()
    return [
        (problem.column, problem.reason, problem.message("zh"))
        for problem in refused.value.problems
    ]


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
    if role != "community":
        expected = "err_read_only_account"
    else:  # a new record names a community not its own; any other finds no such record
        expected = "err_community_not_yours" if action == "add" else "err_not_found"
    assert [reason for _, reason, _ in refusal(run)] == [expected]


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


COMMUNITY = ROLES["community"].write_scope()
MASTER_FILES = {
    "its_own_population": (
        "communities",
        "社区编码,社区名称,所属街道,常住人口\nYH01,粤海门社区,YH,99999\n",
    ),
    "a_rename_to_another_communitys_short_name": (
        "communities",
        "社区编码,社区名称,所属街道,常住人口\nYH01,科技园,YH,21500\n",
    ),
    "a_new_community": ("communities", "社区编码,社区名称,所属街道,常住人口\nYH09,新社区,YH,100\n"),
    "the_street": ("streets", "街道编码,街道名称\nYH,改名街道\n"),
}


def audit_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(AuditLog)).scalar_one())


@pytest.mark.parametrize("named", [True, False], ids=["table_chosen", "table_detected"])
@pytest.mark.parametrize("case", list(MASTER_FILES))
def test_a_community_account_imports_no_master_data(street: Engine, case: str, named: bool) -> None:
    table, text = MASTER_FILES[case]
    stored = record(street, "communities", "YH01")
    before = audit_count(street)

    checked = check_file(street, "m.csv", text.encode(), table if named else None, scope=COMMUNITY)
    result = import_file(
        street, "m.csv", text.encode(), table if named else None, actor=ACTOR, scope=COMMUNITY
    )

    for outcome in (checked, result):
        assert [(p.row, p.reason) for p in outcome.problems] == [(None, "err_master_data")]
    assert not result.committed
    assert record(street, "communities", "YH01") == stored
    assert audit_count(street) == before
    admins = import_file(street, "m.csv", text.encode(), table, actor=ACTOR, scope=None)
    if case == "a_rename_to_another_communitys_short_name":  # 科技园 is 科技园社区's name too
        assert [p.reason for p in admins.problems] == ["err_name_taken"]
    else:
        assert admins.committed, problem_lines(admins, "zh")


MASTER_WRITES = {
    "add_street": lambda engine: add_record(
        engine, "streets", {"code": "NS", "name": "南山街道"}, actor=ACTOR, scope=COMMUNITY
    ),
    "add_community": lambda engine: add_record(
        engine,
        "communities",
        {"code": "YH09", "name": "新社区", "street_code": "YH"},
        actor=ACTOR,
        scope=COMMUNITY,
    ),
    "edit_own_community": lambda engine: edit_record(
        engine,
        "communities",
        "YH01",
        {"population": 99999, "name": "科技园"},
        version=version(engine, "communities", "YH01"),
        actor=ACTOR,
        scope=COMMUNITY,
    ),
    "delete_street": lambda engine: delete_record(
        engine,
        "streets",
        "YH",
        version=version(engine, "streets", "YH"),
        actor=ACTOR,
        scope=COMMUNITY,
    ),
}


@pytest.mark.parametrize("write", list(MASTER_WRITES))
def test_a_community_account_changes_no_master_data_through_the_forms(
    street: Engine, write: str
) -> None:
    stored = record(street, "communities", "YH01")
    assert refusal(lambda: MASTER_WRITES[write](street)) == [
        (None, "err_master_data", t("err_master_data", "zh"))
    ]
    assert record(street, "communities", "YH01") == stored
    assert record(street, "streets", "NS") is None and record(street, "communities", "YH09") is None


def test_a_read_only_account_imports_nothing(street: Engine) -> None:
    header = "案件编号,社区,登记日期,纠纷类型,来源,状态,化解层级\n"
    text = header + "R-1,YH01,2026-11-03,邻里纠纷,网格排查,调处中,网格\n"
    result = import_file(
        street, "f.csv", text.encode(), "disputes", actor=ACTOR, scope=ROLES["viewer"].write_scope()
    )
    assert [(p.row, p.reason) for p in result.problems] == [(None, "err_read_only_account")]


DISPUTE_HEADER = "案件编号,社区,登记日期,纠纷类型,来源,状态,化解层级\n"


def imported(engine: Engine, rows: str, table: str = "disputes") -> ImportResult:
    header = DISPUTE_HEADER if table == "disputes" else "活动编号,组织编号,活动日期,活动名称\n"
    return import_file(
        engine, "f.csv", (header + rows).encode(), table, actor=ACTOR, scope=COMMUNITY
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_number_of_another_community_is_taken_exactly_like_a_number_in_use(
    street: Engine, lang: str
) -> None:
    stored = record(street, "disputes", "D-YH02")
    own = refusal(
        lambda: add_record(
            street, "disputes", dispute("D-YH01", "YH01"), actor=ACTOR, scope=COMMUNITY
        )
    )
    other = refusal(
        lambda: add_record(
            street, "disputes", dispute("D-YH02", "YH01"), actor=ACTOR, scope=COMMUNITY
        )
    )
    result = imported(street, "D-YH02,YH01,2026-11-03,邻里纠纷,网格排查,调处中,网格\n")

    assert own == [("case_no", "err_key_taken", t("err_key_taken", "zh", number="D-YH01"))]
    assert other == [("case_no", "err_key_taken", t("err_key_taken", "zh", number="D-YH02"))]
    [problem] = result.problems
    assert (problem.row, problem.column, problem.reason) == (2, "case_no", "err_key_taken")
    assert problem.message(lang) == t("err_key_taken", lang, number="D-YH02")
    assert "科技园" not in " ".join(problem_lines(result, lang))
    assert record(street, "disputes", "D-YH02") == stored


def test_nothing_of_another_communitys_record_shows_through_an_import(street: Engine) -> None:
    """Columns a file leaves out keep their stored values, and the rules are checked on the
    merged record: for another community's record that would tell what it holds (here: whether
    it has a closing date). It is refused as taken before anything is merged or checked."""
    closed = dispute("C-YH02", "YH02") | {"status": "resolved", "closed_on": date(2026, 11, 4)}
    add_record(street, "disputes", closed, actor=ACTOR)
    rows = "".join(
        f"{key},YH01,2026-11-03,邻里纠纷,网格排查,已化解,网格\n" for key in ("D-YH02", "C-YH02")
    )

    result = imported(street, rows)

    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (2, "case_no", "err_key_taken"),
        (3, "case_no", "err_key_taken"),
    ]


@pytest.mark.parametrize("action", ["edit", "close", "advance", "outcome", "delete"])
def test_another_communitys_record_is_not_found_exactly_like_a_number_nobody_uses(
    street: Engine, action: str
) -> None:
    other = refusal(actions(street, "YH02", COMMUNITY)[action])
    nobodys = refusal(actions(street, "ZZ99", COMMUNITY)[action])
    assert other == nobodys == [(None, "err_not_found", t("err_not_found", "zh"))]


def test_a_stale_version_or_an_impossible_stage_of_another_communitys_record_says_not_found(
    street: Engine,
) -> None:
    """Checked before the version and the stage, so that neither tells it exists."""
    stale = refusal(
        lambda: edit_record(
            street, "disputes", "D-YH02", {"parties": 3}, version=99, actor=ACTOR, scope=COMMUNITY
        )
    )
    backwards = refusal(
        lambda: advance_organization(
            street,
            "O-YH02",
            stage="incubating",
            on=date(2026, 2, 1),
            version=version(street, "organizations", "O-YH02"),
            actor=ACTOR,
            scope=COMMUNITY,
        )
    )
    assert stale == backwards == [(None, "err_not_found", t("err_not_found", "zh"))]


@pytest.mark.parametrize(
    ("table", "other", "unknown", "column", "reason"),
    [
        ("disputes", "科技园社区", "无名社区", "community", "err_community_not_yours"),
        ("disputes", "YH02", "YH99", "community", "err_community_not_yours"),
        ("org_activities", "O-YH02", "O-NONE", "org_no", "err_unknown_org"),
    ],
)
def test_a_reference_to_another_community_reads_like_one_to_nothing(
    street: Engine, table: str, other: str, unknown: str, column: str, reason: str
) -> None:
    def row(reference: str) -> str:
        if table == "disputes":
            return f"N-1,{reference},2026-11-03,邻里纠纷,网格排查,调处中,网格\n"
        return f"A-1,{reference},2026-11-03,义诊\n"

    problems = [imported(street, row(value), table).problems for value in (other, unknown)]
    seen = [[(p.row, p.column, p.reason, p.message("zh")) for p in found] for found in problems]
    assert seen[0] == seen[1] == [(2, column, reason, t(reason, "zh"))]
    if table == "disputes":
        form = refusal(
            lambda: add_record(
                street, "disputes", dispute("N-2", other), actor=ACTOR, scope=COMMUNITY
            )
        )
        assert form == [(column, reason, t(reason, "zh"))]
