"""The accounts page changes an existing account's role, communities and SSO link, and says
why when it refuses (the last admin)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access.audit import audit_entries
from data_access.db import engine_for
from data_access.settings import get_settings
from data_access.sign_in import active_principal
from i18n import t
from tests.app.conftest import APP


@pytest.fixture
def accounts_page(writable_demo_url: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)  # signed in as the demo's admin
    app.run()
    app.switch_page("pages/accounts.py").run()
    assert not app.exception, [element.value for element in app.exception]
    return app


def submit(app: AppTest, label_key: str) -> AppTest:
    buttons = [b for b in app.get("form_submit_button") if b.label == t(label_key, "zh")]
    buttons[0].click()
    return app.run()


def engine():  # type: ignore[no-untyped-def]
    return engine_for(get_settings().database_url)


def test_the_viewer_becomes_staff_of_two_communities(accounts_page: AppTest) -> None:
    app = accounts_page
    app.selectbox(key="acct_pick").set_value("viewer").run()
    app.selectbox(key="acct_role_viewer").set_value("community")
    app.multiselect(key="acct_communities_viewer").set_value(["YH01", "YH02"])
    submit(app, "acct_change")
    assert not app.error, [e.value for e in app.error]
    principal = active_principal(engine(), "viewer")
    assert principal is not None
    assert (principal.role, principal.communities) == ("community", ("YH01", "YH02"))
    assert t("acct_changed", "zh", username="viewer") in [s.value for s in app.success]
    shown = app.dataframe[0].value.set_index(t("acct_col_username", "zh"))
    assert shown.loc["viewer", t("acct_col_communities", "zh")] == "YH01, YH02"


def test_a_community_role_without_a_community_is_refused_in_words(accounts_page: AppTest) -> None:
    app = accounts_page
    app.selectbox(key="acct_pick").set_value("leader").run()
    app.selectbox(key="acct_role_leader").set_value("community")
    submit(app, "acct_change")
    assert [e.value for e in app.error] == [t("acct_err_needs_community", "zh")]
    principal = active_principal(engine(), "leader")
    assert principal is not None and (principal.role, principal.communities) == ("leader", ())


def test_the_only_admin_cannot_take_another_role(accounts_page: AppTest) -> None:
    app = accounts_page
    app.selectbox(key="acct_pick").set_value("admin").run()
    app.selectbox(key="acct_role_admin").set_value("viewer")
    submit(app, "acct_change")
    assert [e.value for e in app.error] == [t("acct_err_last_admin", "zh")]
    assert active_principal(engine(), "admin") is not None


def test_an_sso_identity_is_linked_and_unlinked(accounts_page: AppTest) -> None:
    app = accounts_page
    app.selectbox(key="acct_pick").set_value("leader").run()
    app.text_input(key="acct_sso_subject_leader").input("chief@example.org")
    submit(app, "acct_sso_link")
    assert t("acct_sso_linked", "zh") in [c.value for c in app.caption]
    submit(app, "acct_sso_unlink")
    assert t("acct_sso_not_linked", "zh") in [c.value for c in app.caption]
    actions = audit_entries(engine(), table="user_account")["action"].tolist()
    assert actions[:2] == ["account_sso", "account_sso"]
