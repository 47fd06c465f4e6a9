"""Accounts: argon2 hashes, throttled sign-ins under a controlled clock, and scope."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from data_access.accounts import (
    AccountError,
    change_password,
    create_user,
    has_accounts,
    reset_password,
    set_active,
    users,
)
from data_access.audit import audit_entries
from data_access.models import UserAccount
from data_access.principal import Principal, allowed_scope
from data_access.records import add_record
from data_access.sign_in import (
    FREE_FAILURES,
    NAME_DELAY_CAP,
    SOURCE_DELAY_CAP,
    LoginResult,
    active_principal,
    authenticate,
)

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


def answer(result: LoginResult) -> tuple[str | None, datetime | None]:
    """What the sign-in form shows of a refusal: the reason and the time to wait for."""
    assert result.principal is None
    return result.reason, result.wait_until


def test_an_unknown_name_a_disabled_account_and_an_account_are_answered_alike(
    street: Engine,
) -> None:
    # Before, the fifth failure answered "locked until …" only for a name that has an account.
    create_user(street, username="bob", role="viewer", password=PASSWORD, actor="test", now=NOW)
    set_active(street, "bob", False, actor="test")
    answers: dict[str, list[tuple[str | None, datetime | None]]] = {}
    for name, source, password in (
        ("amy", "10.0.0.1", "wrong"),
        ("nobody", "10.0.0.2", "wrong"),
        ("bob", "10.0.0.3", PASSWORD),  # the right password of a disabled account
    ):
        answers[name] = [
            answer(authenticate(street, name, password, NOW + timedelta(seconds=s), source=source))
            for s in (0, 1, 2, 3, 4, 4, 5, 6, 6, 8)
        ]
    assert answers["amy"] == answers["nobody"] == answers["bob"]
    reasons = [reason for reason, _ in answers["amy"]]
    assert reasons[:5] == ["acct_login_failed"] * 5
    assert "acct_login_wait" in reasons
    assert "acct_login_locked" not in reasons


def test_the_delay_of_one_address_doubles_with_each_failure_up_to_its_cap(
    street: Engine,
) -> None:
    # Another name every time, so only the address's count can cause a delay.
    now, waits = NOW, []
    for attempt in range(FREE_FAILURES + 14):
        result = authenticate(street, f"guess{attempt}", "wrong", now, source="203.0.113.9")
        assert result.reason == "acct_login_failed"
        waits.append((result.wait_until - now).total_seconds() if result.wait_until else 0)
        if result.wait_until is not None:  # (a success would clear the address's count)
            early = authenticate(street, "amy", PASSWORD, now, source="203.0.113.9")
            assert early.reason == "acct_login_wait"  # even the right password waits
        now = result.wait_until or now + timedelta(seconds=1)
    expected = [0.0] * (FREE_FAILURES - 1) + [
        min(2.0**k, SOURCE_DELAY_CAP.total_seconds()) for k in range(15)
    ]
    assert waits == expected
    assert waits[-1] == SOURCE_DELAY_CAP.total_seconds() == 3600


def test_the_delay_of_one_name_doubles_from_any_address_but_stops_at_a_minute(
    street: Engine,
) -> None:
    now, waits = NOW, []
    for attempt in range(FREE_FAILURES + 9):
        result = authenticate(street, "amy", "wrong", now, source=f"198.51.100.{attempt}")
        assert result.reason == "acct_login_failed"
        waits.append((result.wait_until - now).total_seconds() if result.wait_until else 0)
        now = result.wait_until or now
    assert waits == [0.0] * (FREE_FAILURES - 1) + [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]
    assert NAME_DELAY_CAP.total_seconds() == 60
    assert authenticate(street, "amy", PASSWORD, now, source="198.51.100.99").principal


def test_someone_hammering_the_admin_from_one_address_cannot_keep_the_admin_out(
    street: Engine,
) -> None:
    # Before, five wrong passwords locked the account for 15 minutes: anyone could lock the
    # admin out. Now the attacker's own address is slowed down ever more, and the name waits
    # at most a minute after the attacker's last counted attempt.
    create_user(street, username="chief", role="admin", password=PASSWORD, actor="test", now=NOW)
    signed_in_at = None
    admin_tries = [NOW + timedelta(seconds=520)]
    for second in range(0, 700, 2):
        now = NOW + timedelta(seconds=second)
        authenticate(street, "chief", f"guess {second}", now, source="203.0.113.66")
        while admin_tries and admin_tries[0] <= now and signed_in_at is None:
            tried = admin_tries.pop(0)
            result = authenticate(street, "chief", PASSWORD, tried, source="192.0.2.10")
            if result.principal is not None:
                signed_in_at = tried
            else:
                assert result.reason == "acct_login_wait"
                assert result.wait_until is not None
                assert result.wait_until - tried <= NAME_DELAY_CAP
                admin_tries.append(result.wait_until)
    assert signed_in_at is not None
    assert signed_in_at - (NOW + timedelta(seconds=520)) <= NAME_DELAY_CAP
    failures = audit_entries(street, table="user_account")
    attacker = failures[failures["action"] == "login_failed"]
    assert len(attacker) < 20  # of 350 attempts, the address's delay let these few be tried
    assert (failures["action"] == "login_refused").sum() > 300  # every one audited


def test_a_count_left_alone_for_a_day_starts_again(street: Engine) -> None:
    for second in range(FREE_FAILURES + 3):
        last = authenticate(street, "amy", "wrong", NOW + timedelta(seconds=second * 60))
    assert last.wait_until is not None
    later = last.wait_until + timedelta(hours=24)
    again = authenticate(street, "amy", "wrong", later)
    assert again.reason == "acct_login_failed" and again.wait_until is None


def test_failed_sign_ins_are_audited_with_the_address_and_no_password(street: Engine) -> None:
    authenticate(street, "amy", "wrong secret", NOW, source="192.0.2.7")
    authenticate(street, "nobody", "other secret", NOW, source="192.0.2.8")
    entries = audit_entries(street, table="user_account")
    failed = entries[entries["action"] == "login_failed"]
    details = failed["detail"].tolist()
    assert sorted(detail["source"] for detail in details) == ["192.0.2.7", "192.0.2.8"]
    assert sorted(detail["reason"] for detail in details) == ["password", "unknown"]
    assert "wrong secret" not in entries.to_string() and "other secret" not in entries.to_string()


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


def test_a_reset_sets_a_new_password_and_lifts_every_delay_at_once(street: Engine) -> None:
    for second in range(12):
        authenticate(street, "amy", "wrong", NOW + timedelta(seconds=second), source="192.0.2.1")
    refused = authenticate(street, "amy", PASSWORD, NOW + timedelta(seconds=12), source="192.0.2.1")
    assert refused.reason == "acct_login_wait"
    assert users(street, NOW + timedelta(seconds=12))["locked_until"].iloc[0] is not None
    reset_password(street, "amy", "another secret", actor="test")
    # The same second, the same address: neither the name's nor the address's delay is left.
    result = authenticate(
        street, "amy", "another secret", NOW + timedelta(seconds=12), source="192.0.2.1"
    )
    assert result.principal is not None
    reset = audit_entries(street, table="user_account")
    assert reset[reset["action"] == "password_reset"]["detail"].iloc[0] == {
        "source_delays_lifted": 1
    }


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
