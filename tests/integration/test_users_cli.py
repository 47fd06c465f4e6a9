"""`streetdash users`: add, list, disable, reset-password — passwords from stdin, all audited."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

import cli
from data_access.accounts import authenticate
from data_access.audit import audit_entries
from data_access.db import get_engine

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
