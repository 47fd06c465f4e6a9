"""`streetdash users`: add, list, change, link-sso, disable, reset-password — passwords from
stdin, all audited."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

import cli
from data_access.audit import audit_entries
from data_access.db import get_engine
from data_access.principal import Principal
from data_access.records import add_record
from data_access.sign_in import authenticate, sso_login

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def run(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_first_admin_is_added_listed_disabled_and_reset_from_the_command_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add = ["users", "add", "chief", "--role", "admin", "--password-stdin"]
    assert run(add, capsys, monkeypatch, "first secret\n")[0] == 0
    assert authenticate(get_engine(), "chief", "first secret", NOW).principal is not None
    code, out, _ = run(["users", "list"], capsys, monkeypatch)
    assert (code, out) == (0, "chief\tadmin\t-\tactive\n")
    # The last active admin cannot be disabled (nobody could manage accounts); a second can.
    code, _, err = run(["users", "disable", "chief"], capsys, monkeypatch)
    assert code == 1 and "最后一个启用的管理员" in err
    deputy = ["users", "add", "deputy", "--role", "admin", "--password-stdin"]
    assert run(deputy, capsys, monkeypatch, "deputy secret\n")[0] == 0
    assert run(["users", "disable", "chief"], capsys, monkeypatch)[0] == 0
    assert authenticate(get_engine(), "chief", "first secret", NOW).principal is None
    reset = ["users", "reset-password", "chief", "--password-stdin"]
    assert run(reset, capsys, monkeypatch, "second secret\n")[0] == 0
    actions = audit_entries(get_engine(), table="user_account")["action"].tolist()
    assert actions[-1] == "account_add" and "account_disable" in actions
    assert "password_reset" in actions
    assert "first secret" not in audit_entries(get_engine()).to_string()


def test_a_community_account_for_an_unknown_community_is_refused_with_a_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["users", "add", "amy", "--role", "community", "--community", "XX", "--password-stdin"]
    code, _, err = run(args, capsys, monkeypatch, "long enough\n")
    assert code == 1
    assert "未知社区代码：XX" in err


def test_an_account_gets_another_role_and_communities_and_an_sso_link(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add = ["users", "add", "amy", "--role", "viewer", "--password-stdin"]
    assert run(add, capsys, monkeypatch, "long enough\n")[0] == 0  # migrates the database too
    engine = get_engine()
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor="test")
    for code in ("YH01", "YH02"):
        add_record(
            engine, "communities", {"code": code, "name": code, "street_code": "YH"}, actor="test"
        )
    change = ["users", "change", "amy", "--role", "community", "--community", "YH02"]
    assert run(change + ["--community", "YH01"], capsys, monkeypatch)[0] == 0
    assert run(["users", "list"], capsys, monkeypatch)[1] == "amy\tcommunity\tYH01, YH02\tactive\n"
    assert run(["users", "link-sso", "amy", "amy@example.org"], capsys, monkeypatch)[0] == 0
    assert sso_login(engine, "amy@example.org", NOW).principal == Principal(
        "amy", "community", ("YH01", "YH02")
    )
    assert run(["users", "link-sso", "amy", "--unlink"], capsys, monkeypatch)[0] == 0
    assert sso_login(engine, "amy@example.org", NOW).principal is None
    code, _, err = run(["users", "change", "amy", "--role", "community"], capsys, monkeypatch)
    assert code == 1 and "至少要绑定一个社区" in err
    actions = audit_entries(engine, table="user_account")["action"].tolist()
    assert actions.count("account_change") == 1 and actions.count("account_sso") == 2


def test_reset_password_lets_the_admin_in_at_once_while_the_name_is_being_hammered(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add = ["users", "add", "chief", "--role", "admin", "--password-stdin"]
    assert run(add, capsys, monkeypatch, "first secret\n")[0] == 0
    engine = get_engine()
    for second in range(12):
        moment = NOW + timedelta(seconds=second)
        authenticate(engine, "chief", "a guess", moment, source="203.0.113.5")
    now = NOW + timedelta(seconds=12)
    assert authenticate(engine, "chief", "first secret", now).reason == "acct_login_wait"
    reset = ["users", "reset-password", "chief", "--password-stdin"]
    assert run(reset, capsys, monkeypatch, "second secret\n")[0] == 0
    assert authenticate(engine, "chief", "second secret", now).principal is not None
