"""Accounts: argon2 hashes, logins with lock-out under a controlled clock, and scope."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from data_access.accounts import (
    AccountError,
    Principal,
    active_principal,
    allowed_scope,
    authenticate,
    change_password,
    create_user,
    has_accounts,
    reset_password,
    set_active,
    users,
)
from data_access.audit import audit_entries
from data_access.models import UserAccount
from data_access.records import add_record

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse 1"


@pytest.fixture
def street(engine: Engine) -> Engine:
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor="test")
    for code, name in (("YH01", "粤海门社区"), ("YH02", "科技园社区")):
        add_record(
            engine, "communities", {"code": code, "name": name, "street_code": "YH"}, actor="test"
        )
    create_user(
        engine,
        username="amy",
        role="community",
        password=PASSWORD,
        communities=["YH01"],
        actor="test",
        now=NOW,
    )
    return engine


def test_a_password_is_stored_only_as_an_argon2_hash(street: Engine) -> None:
    with street.connect() as connection:
        stored = connection.execute(select(UserAccount.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert PASSWORD not in audit_entries(street).to_string()


def test_the_right_password_logs_in_with_role_and_communities_and_is_audited(
    street: Engine,
) -> None:
    result = authenticate(street, "amy", PASSWORD, NOW)
    assert result.principal == Principal("amy", "community", ("YH01",), "")
    assert audit_entries(street, table="user_account")["action"].tolist()[0] == "login"


def test_five_failures_lock_the_account_for_fifteen_minutes(street: Engine) -> None:
    for minute in range(4):
        result = authenticate(street, "amy", "wrong", NOW + timedelta(minutes=minute))
        assert result.reason == "acct_login_failed"
    locked = authenticate(street, "amy", "wrong", NOW + timedelta(minutes=4))
    assert locked.reason == "acct_login_locked"
    assert locked.locked_until == NOW + timedelta(minutes=19)
    still = authenticate(street, "amy", PASSWORD, NOW + timedelta(minutes=18, seconds=59))
    assert still.principal is None and still.reason == "acct_login_locked"
    after = authenticate(street, "amy", PASSWORD, NOW + timedelta(minutes=19))
    assert after.principal is not None
    actions = audit_entries(street, table="user_account")["action"].tolist()
    assert actions.count("login_failed") == 5
    assert actions.count("lockout") == 1
    assert actions.count("login_refused") == 1


def test_a_success_resets_the_failure_count(street: Engine) -> None:
    for _ in range(4):
        authenticate(street, "amy", "wrong", NOW)
    assert authenticate(street, "amy", PASSWORD, NOW).principal is not None
    for _ in range(4):
        authenticate(street, "amy", "wrong", NOW)
    assert authenticate(street, "amy", PASSWORD, NOW).principal is not None


def test_an_unknown_name_and_a_disabled_account_are_refused_alike(street: Engine) -> None:
    assert authenticate(street, "nobody", PASSWORD, NOW).reason == "acct_login_failed"
    set_active(street, "amy", False, actor="test")
    assert authenticate(street, "amy", PASSWORD, NOW).reason == "acct_login_failed"
    assert active_principal(street, "amy") is None


def test_a_reset_sets_a_new_password_and_lifts_the_lock(street: Engine) -> None:
    for _ in range(5):
        authenticate(street, "amy", "wrong", NOW)
    reset_password(street, "amy", "another secret", actor="test")
    assert authenticate(street, "amy", "another secret", NOW).principal is not None


def test_changing_ones_own_password_needs_the_old_one(street: Engine) -> None:
    with pytest.raises(AccountError) as refused:
        change_password(street, "amy", "wrong", "brand new pw")
    assert refused.value.reason == "acct_err_old_password"
    change_password(street, "amy", PASSWORD, "brand new pw")
    assert authenticate(street, "amy", "brand new pw", NOW).principal is not None


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"role": "community", "communities": []}, "acct_err_needs_community"),
        ({"role": "leader", "communities": ["YH01"]}, "acct_err_no_community_for_role"),
        ({"role": "community", "communities": ["XX99"]}, "acct_err_unknown_community"),
        ({"role": "boss", "communities": []}, "acct_err_role"),
        ({"role": "viewer", "communities": [], "password": "short"}, "acct_err_password_short"),
        ({"role": "viewer", "communities": [], "username": "amy"}, "acct_err_exists"),
    ],
)
def test_an_account_that_cannot_work_is_refused(street: Engine, values: dict, reason: str) -> None:
    arguments = {"username": "bob", "password": PASSWORD, "actor": "test"} | values
    with pytest.raises(AccountError) as refused:
        create_user(street, **arguments)
    assert refused.value.reason == reason


def test_the_list_of_accounts_shows_no_hash(street: Engine) -> None:
    listed = users(street)
    assert listed["username"].tolist() == ["amy"]
    assert listed["communities"].tolist() == ["YH01"]
    assert "password_hash" not in listed.columns
    assert has_accounts(street)


ALL = ("YH01", "YH02", "YH03")


@pytest.mark.parametrize(
    ("principal", "requested", "expected"),
    [
        (Principal("l", "leader"), (), ALL),
        (Principal("l", "viewer"), ("YH02",), ("YH02",)),
        (Principal("c", "community", ("YH01",)), (), ("YH01",)),
        (Principal("c", "community", ("YH01",)), ("YH02", "YH03"), ("YH01",)),
        (Principal("c", "community", ("YH01", "YH03")), ("YH03",), ("YH03",)),
    ],
)
def test_a_community_account_never_gets_another_communitys_scope(
    principal: Principal, requested: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert allowed_scope(principal, requested, ALL) == expected


def test_who_may_write_and_read_summaries() -> None:
    community = Principal("c", "community", ("YH01",))
    assert community.may_write("YH01") and not community.may_write("YH02")
    assert not community.may_write(None)
    assert Principal("a", "admin").may_write(None)
    assert not Principal("l", "leader").may_write("YH01")
    assert community.may_read_summary("YH01") and not community.may_read_summary("YH02")
    assert not Principal("l", "leader").may_read_summary("YH01")


def test_simultaneous_sign_ins_to_one_account_all_succeed_and_are_all_audited(
    street: Engine,
) -> None:
    # Eight sign-ins at once update the same account row; on PostgreSQL (REPEATABLE READ) all
    # but one lose the race and must be run again, not shown to the user as an error.
    from concurrent.futures import ThreadPoolExecutor

    def sign_in(_: int) -> Principal | None:
        return authenticate(street, "amy", PASSWORD, NOW).principal

    with ThreadPoolExecutor(max_workers=8) as pool:
        principals = list(pool.map(sign_in, range(8)))
    assert all(principal is not None for principal in principals)
    logins = audit_entries(street, table="user_account")
    assert (logins["action"] == "login").sum() == 8
