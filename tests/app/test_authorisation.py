"""Who may see and do what: every role × every page, every write × own / other community.

A community account (`yuehaimen`, bound to 粤海门社区 YH01) must never receive another
community's name, code or record: the check looks at the bytes of every element the server
sends (tables and chart data included), not at what happens to be visible.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_access.db import engine_for
from data_access.queries import communities
from data_access.settings import get_settings
from demo.accounts import DEMO_ACCOUNTS
from i18n import t
from tests.app.conftest import APP, sent_bytes, sign_in_as, sign_out
from ui import auth

VIEW_PAGES = [
    "overview",
    "disputes",
    "consultations",
    "organizations",
    "burden",
    "community",
    "reforms",
    "glossary",
]
DATA_PAGES = ["import_data", "entry", "audit_log", "accounts"]
TITLES = {
    "overview": "page_overview",
    "disputes": "page_disputes",
    "consultations": "page_consultations",
    "organizations": "page_organizations",
    "burden": "page_burden",
    "community": "page_community",
    "reforms": "page_reforms",
    "glossary": "page_glossary",
    "import_data": "page_import",
    "entry": "page_entry",
    "audit_log": "page_audit",
    "accounts": "page_accounts",
}
ALLOWED = {
    "admin": set(VIEW_PAGES + DATA_PAGES),
    "leader": set(VIEW_PAGES),
    "viewer": set(VIEW_PAGES),
    "yuehaimen": {*VIEW_PAGES, "import_data", "entry"},
}
OWN = "YH01"


@pytest.fixture(scope="module")
def other_communities(demo_url: str) -> dict[str, str]:
    known = communities(engine_for(demo_url))
    return {
        code: name for code, name in zip(known["code"], known["name"], strict=True) if code != OWN
    }


def open_as(app: AppTest, username: str, page: str) -> AppTest:
    sign_in_as(app, username)
    app.run()
    app.switch_page(f"pages/{page}.py").run()
    return app


@pytest.mark.parametrize("page", VIEW_PAGES + DATA_PAGES)
@pytest.mark.parametrize("username", list(ALLOWED))
def test_each_role_opens_exactly_its_pages(demo_app: AppTest, username: str, page: str) -> None:
    if page not in ALLOWED[username]:
        sign_in_as(demo_app, username).run()
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            demo_app.switch_page(f"pages/{page}.py")  # st.navigation does not list it at all
        return
    app = open_as(demo_app, username, page)
    assert not app.exception, [element.value for element in app.exception]
    assert app.title[0].value == t(TITLES[page], "zh")


@pytest.mark.parametrize("page", VIEW_PAGES + ["import_data", "entry"])
def test_a_community_account_receives_no_other_communitys_name_or_code(
    demo_app: AppTest, page: str, other_communities: dict[str, str]
) -> None:
    app = open_as(demo_app, "yuehaimen", page)
    assert not app.exception
    sent = sent_bytes(app)
    leaked = [
        text
        for code, name in other_communities.items()
        for text in (code, name)
        if text.encode() in sent
    ]
    assert leaked == []
    assert app.session_state["streetdash_filters"].scope == (OWN,)


def test_the_community_account_sees_its_own_community(demo_app: AppTest) -> None:
    app = open_as(demo_app, "yuehaimen", "disputes")
    assert "粤海门社区".encode() in sent_bytes(app)
    # An empty community choice means all of the account's communities, and says so.
    picker = app.sidebar.multiselect(key="communities")
    assert picker.placeholder == t("sidebar_my_communities", "zh", count=1)


def test_a_street_wide_role_is_offered_every_community(demo_app: AppTest) -> None:
    app = open_as(demo_app, "leader", "disputes")
    picker = app.sidebar.multiselect(key="communities")
    assert picker.placeholder == t("sidebar_all_communities", "zh")
    assert len(picker.options) == 16


def test_a_signed_out_session_sees_only_the_login_page(demo_app: AppTest) -> None:
    sign_out(demo_app).run()
    assert [title.value for title in demo_app.title] == [t("acct_login_title", "zh")]
    assert not demo_app.dataframe and not demo_app.metric
    assert t("acct_refresh_note", "zh", minutes=30) in [c.value for c in demo_app.caption]


@pytest.fixture
def writable_app(writable_demo_url: str) -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60)


HEADER = "案件编号,社区,登记日期,纠纷类型,来源,状态,化解层级,办结日期,是否重大,涉及人数,简要情况\n"


@pytest.mark.parametrize(("community", "is_own"), [("粤海门", True), ("科技园社区", False)])
def test_a_community_account_imports_its_own_rows_and_is_refused_anothers(
    writable_app: AppTest, community: str, is_own: bool
) -> None:
    app = open_as(writable_app, "yuehaimen", "import_data")
    row = f"AUTH-0001,{community},2026/11/20,邻里纠纷,网格排查,调处中,网格,,否,2,\n"
    app.file_uploader[0].set_value(("f.csv", (HEADER + row).encode(), "text/csv"))
    app.run()
    errors = " ".join(element.value for element in app.error)
    if is_own:
        assert errors == ""
        app.button(key="import_commit").click().run()
        assert app.success
    else:
        problems = " ".join(frame.value.to_string() for frame in app.dataframe)
        assert t("err_community_not_yours", "zh") in problems
        assert (
            not app.button(key="import_commit")
            if "import_commit" in [b.key for b in app.button]
            else True
        )


@pytest.mark.parametrize(("username", "offered"), [("admin", True), ("yuehaimen", False)])
def test_only_an_admin_is_offered_streets_and_communities_to_import_or_enter(
    demo_app: AppTest, username: str, offered: bool
) -> None:
    importing = open_as(demo_app, username, "import_data")
    templates = {button.label for button in importing.get("download_button")}
    tables = set(importing.selectbox(key="import_table").options)
    entering = open_as(demo_app, username, "entry")
    kinds = set(entering.selectbox(key="entry_kind").options)

    for table in ("streets", "communities"):
        label = t(f"table_{table}", "zh")
        assert (t("import_template_button", "zh", table=label) in templates) is offered
        assert (label in tables) is offered
        assert (label in kinds) is offered
    assert t("table_disputes", "zh") in tables & kinds


def login(app: AppTest, username: str, password: str) -> AppTest:
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.get("form_submit_button")[0].click()
    return app.run()


PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS}


def test_the_login_form_answers_any_name_alike_and_still_lets_the_right_password_in(
    writable_app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before, the fifth failure answered "已锁定" for `leader` alone (telling that it exists) and
    # kept even the right password out for 15 minutes.
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(auth, "clock", lambda: now)
    source = ["203.0.113.1"]
    monkeypatch.setattr(auth, "client_source", lambda: source[0])
    sign_out(writable_app).run()
    answers: dict[str, list[list[str]]] = {}
    for name, address in (("leader", "203.0.113.1"), ("nobody", "203.0.113.2")):
        source[0] = address
        answers[name] = []
        for _ in range(6):
            login(writable_app, name, "wrong password")
            answers[name].append([error.value for error in writable_app.error])
    assert answers["leader"] == answers["nobody"]
    assert answers["leader"][0] == [t("acct_login_failed", "zh")]
    assert answers["leader"][-1] == [t("acct_login_wait", "zh", until="17:00:01")]
    assert not any("锁定" in text for texts in answers["leader"] for text in texts)
    source[0] = "192.0.2.50"  # the account's owner, elsewhere, a second later
    now += timedelta(seconds=1)
    login(writable_app, "leader", PASSWORDS["leader"])
    assert not writable_app.error
    assert writable_app.title[0].value == t("page_overview", "zh")


def test_an_idle_session_is_signed_out_after_the_timeout_and_not_before(
    writable_app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(auth, "clock", lambda: now)
    sign_out(writable_app).run()
    login(writable_app, "viewer", PASSWORDS["viewer"])
    assert writable_app.title[0].value == t("page_overview", "zh")
    now += timedelta(minutes=30)
    writable_app.run()
    assert writable_app.title[0].value == t("page_overview", "zh")  # 30 minutes: still in
    now += timedelta(minutes=30, seconds=1)
    writable_app.run()
    assert writable_app.title[0].value == t("acct_login_title", "zh")
    assert writable_app.info[0].value == t("acct_idle_signed_out", "zh", minutes=30)


def test_with_no_accounts_the_app_asks_for_the_first_admin_and_then_for_a_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STREETDASH_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    get_settings.cache_clear()
    app = sign_out(AppTest.from_file(str(APP), default_timeout=60)).run()
    assert app.title[0].value == t("acct_first_run_title", "zh")
    inputs = app.text_input
    inputs[0].input("chief")
    inputs[2].input("a long secret")
    inputs[3].input("a long secret")
    app.get("form_submit_button")[0].click()
    app.run()
    assert app.title[0].value == t("acct_login_title", "zh")
    assert app.info[0].value == t("acct_first_run_done", "zh")
    login(app, "chief", "a long secret")
    assert app.title[0].value == t("page_overview", "zh")
