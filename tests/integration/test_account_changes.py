"""Changing an existing account: role, communities, SSO link — checked, audited, and never
leaving the street without an active admin. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from data_access.accounts import AccountError, change_account, create_user, link_sso, set_active
from data_access.audit import audit_entries
from data_access.principal import Principal
from data_access.records import add_record
from data_access.sign_in import active_principal, sso_login

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse 1"


@pytest.fixture
def street(engine: Engine) -> Engine:
    """Two communities, one admin (`root`) and one community account (`amy`, YH01)."""
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor="test")
    for code in ("YH01", "YH02"):
        add_record(
            engine, "communities", {"code": code, "name": code, "street_code": "YH"}, actor="test"
        )
    create_user(engine, username="root", role="admin", password=PASSWORD, actor="test")
    create_user(
        engine,
        username="amy",
        role="community",
        password=PASSWORD,
        communities=["YH01"],
        actor="test",
    )
    return engine


def test_a_community_account_moves_to_other_communities_and_the_change_is_audited(
    street: Engine,
) -> None:
    change_account(
        street, "amy", role="community", communities=["YH02", "YH01"], actor="user:root", now=NOW
    )
    assert active_principal(street, "amy") == Principal("amy", "community", ("YH01", "YH02"))
    latest = audit_entries(street, table="user_account").iloc[0]
    assert (latest["actor"], latest["action"], latest["record_key"]) == (
        "user:root",
        "account_change",
        "amy",
    )
    assert latest["detail"] == {
        "role": "community",
        "communities": ["YH01", "YH02"],
        "role_before": "community",
        "communities_before": ["YH01"],
    }


def test_a_leader_keeps_no_communities_and_a_display_name_can_change(street: Engine) -> None:
    change_account(street, "amy", role="leader", display_name=" 王主任 ", actor="user:root")
    principal = active_principal(street, "amy")
    assert principal == Principal("amy", "leader", (), "王主任")


@pytest.mark.parametrize(
    ("role", "communities", "reason"),
    [
        ("community", [], "acct_err_needs_community"),
        ("viewer", ["YH01"], "acct_err_no_community_for_role"),
        ("community", ["XX"], "acct_err_unknown_community"),
        ("boss", [], "acct_err_role"),
    ],
)
def test_a_change_that_cannot_work_is_refused_and_changes_nothing(
    street: Engine, role: str, communities: list[str], reason: str
) -> None:
    with pytest.raises(AccountError) as refused:
        change_account(street, "amy", role=role, communities=communities, actor="user:root")
    assert refused.value.reason == reason
    assert active_principal(street, "amy") == Principal("amy", "community", ("YH01",))
    assert "account_change" not in audit_entries(street)["action"].tolist()


def test_the_last_active_admin_can_be_neither_demoted_nor_disabled(street: Engine) -> None:
    with pytest.raises(AccountError, match="acct_err_last_admin"):
        change_account(street, "root", role="viewer", actor="user:root")
    with pytest.raises(AccountError, match="acct_err_last_admin"):
        set_active(street, "root", False, actor="user:root")
    assert active_principal(street, "root") == Principal("root", "admin")
    # With a second admin both are allowed: someone is left to manage accounts.
    change_account(street, "amy", role="admin", actor="user:root")
    set_active(street, "root", False, actor="user:amy")
    assert active_principal(street, "root") is None


def test_an_sso_identity_links_to_one_account_only(street: Engine) -> None:
    link_sso(street, "amy", " amy@example.org ", actor="user:root")
    assert sso_login(street, "amy@example.org", NOW).principal == Principal(
        "amy", "community", ("YH01",)
    )
    with pytest.raises(AccountError) as refused:
        link_sso(street, "root", "amy@example.org", actor="user:root")
    assert (refused.value.reason, refused.value.params) == (
        "acct_err_sso_taken",
        {"username": "amy"},
    )
    link_sso(street, "amy", "", actor="user:root")  # empty: unlink
    assert sso_login(street, "amy@example.org", NOW).principal is None
