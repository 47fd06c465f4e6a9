"""A database that goes away while the app runs (file deleted, read-only, PostgreSQL stopped),
and malformed settings: a message in the UI language on every page, no traceback, and the app
works again by itself once the database is back."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from data_access.backup import backup, restore
from data_access.db import engine_for, make_engine
from data_access.records import delete_record
from data_access.settings import get_settings
from demo.street import load_demo
from i18n import t
from metrics.window import Window
from tests.app.conftest import APP, DEMO_PASSWORDS, sign_out
from tests.conftest import PG_URL_VARIABLE, unavailable
from tests.faults import can_make_immutable, read_only_file, relay_to
from ui.filters import today_local

TITLES = {
    "pages/overview.py": "page_overview",
    "pages/disputes.py": "page_disputes",
    "pages/meeting.py": "page_meeting",
    "pages/audit_log.py": "page_audit",
}
PAGES = tuple(TITLES)


@pytest.fixture
def own_demo_file(demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo database that this test alone uses (and breaks)."""
    path = tmp_path / "own.db"
    source = sqlite3.connect(demo_url.removeprefix("sqlite:///"))
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    monkeypatch.setenv("STREETDASH_DATABASE_URL", f"sqlite:///{path}")
    return path


def errors_of(at: AppTest) -> list[str]:
    return [error.value for error in at.error]


def assert_works(at: AppTest, page: str = "pages/overview.py") -> None:
    at.switch_page(page).run()
    assert not at.exception
    assert errors_of(at) == []
    assert at.title[0].value == t(TITLES[page], "zh")


def assert_refused_with(at: AppTest, reason: str, lang: str = "zh") -> None:
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert errors_of(at) == [t(reason, lang)], page


def test_a_deleted_database_file_gives_a_message_on_every_page_until_it_is_back(
    own_demo_file: Path,
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    assert_works(at)

    moved = own_demo_file.rename(own_demo_file.with_suffix(".away"))
    assert_refused_with(at, "db_missing")
    assert not own_demo_file.exists(), "the app created an empty database in its place"

    moved.rename(own_demo_file)
    for page in PAGES:
        assert_works(at, page)


def test_the_message_is_in_the_language_the_user_chose(own_demo_file: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == t("page_overview", "en")

    moved = own_demo_file.rename(own_demo_file.with_suffix(".away"))
    assert_refused_with(at, "db_missing", lang="en")
    moved.rename(own_demo_file)


def test_a_read_only_database_can_be_read_but_refuses_a_sign_in_with_a_message(
    own_demo_file: Path,
) -> None:
    if not can_make_immutable(own_demo_file.parent):
        unavailable("cannot make a file read-only for this user here (chattr +i)")
    at = AppTest.from_file(str(APP), default_timeout=60)
    assert_works(at)

    with read_only_file(own_demo_file):
        at.switch_page("pages/disputes.py").run()
        assert not at.exception
        assert [warning.value for warning in at.warning] == [t("db_read_only_banner", "zh")]
        assert at.title[0].value == t("page_disputes", "zh")

        sign_out(at).run()
        at.text_input(key="login_username").input("admin")
        at.text_input(key="login_password").input(DEMO_PASSWORDS["admin"])
        at.button[0].click().run()  # a sign-in writes to the audit log
        assert not at.exception
        assert errors_of(at) == [t("db_read_only", "zh")]

    at.text_input(key="login_username").input("admin")
    at.text_input(key="login_password").input(DEMO_PASSWORDS["admin"])
    at.button[0].click().run()
    assert not at.exception
    assert errors_of(at) == []
    assert not at.warning
    assert at.title[0].value == t("page_disputes", "zh")  # signed in, back where it was


@pytest.fixture
def postgres_demo_url(postgres_engine: object) -> str:
    """The session's PostgreSQL test database holding 6 weeks of the demo street."""
    from sqlalchemy import Engine

    assert isinstance(postgres_engine, Engine)
    load_demo(postgres_engine, seed=42, weeks=6, today=today_local())
    return postgres_engine.url.render_as_string(hide_password=False)


@pytest.mark.postgres
def test_a_stopped_postgresql_gives_a_message_and_the_app_reconnects_when_it_is_back(
    postgres_demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not os.environ.get(PG_URL_VARIABLE):
        unavailable(f"needs {PG_URL_VARIABLE}")
    with relay_to(postgres_demo_url) as relay:
        monkeypatch.setenv("STREETDASH_DATABASE_URL", relay.url)
        get_settings.cache_clear()
        at = AppTest.from_file(str(APP), default_timeout=60)
        assert_works(at)

        relay.stop()
        assert_refused_with(at, "db_unreachable")

        relay.start()
        for page in PAGES:
            assert_works(at, page)
        engine_for(relay.url).dispose()  # the app's pool: closed, not left to the collector


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", "应为 1 到 3650 之间的整数"), ("en", "must be a whole number from 1 to 3650")],
)
def test_a_malformed_setting_is_named_at_start_with_what_to_fix(
    lang: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STREETDASH_LANGUAGE", lang)
    monkeypatch.setenv("STREETDASH_OVERDUE_DAYS", "thirty")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()

    assert not at.exception
    [message] = errors_of(at)
    assert t("settings_error_title", lang) in message
    assert "STREETDASH_OVERDUE_DAYS" in message
    assert "thirty" in message
    assert expected in message


def test_an_idle_timeout_too_large_for_a_clock_is_named_at_start_not_after_sign_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STREETDASH_IDLE_MINUTES", "99999999999999")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()

    assert not at.exception
    [message] = errors_of(at)
    assert "STREETDASH_IDLE_MINUTES" in message
    assert "应为 1 到 1440 之间的整数" in message


def test_a_malformed_language_setting_is_reported_in_chinese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STREETDASH_LANGUAGE", "fr")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()

    assert not at.exception
    [message] = errors_of(at)
    assert "STREETDASH_LANGUAGE" in message
    assert t("settings_expected_language", "zh") in message


def shown_figures(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_a_running_app_shows_changes_and_a_restore_by_another_process_at_the_next_view(
    own_demo_file: Path, tmp_path: Path
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    assert_works(at)
    before = shown_figures(at)
    other_process = make_engine(f"sqlite:///{own_demo_file}")  # as `streetdash` would open it
    backup(other_process, tmp_path / "backup.db")

    week = Window.last_complete_week(today_local())
    with other_process.connect() as connection:
        case_nos = connection.execute(
            text("SELECT case_no, version FROM dispute WHERE reported_on BETWEEN :s AND :e"),
            {"s": week.start, "e": week.end},
        ).all()
    for case_no, version in case_nos:
        delete_record(other_process, "disputes", case_no, version=version, actor="cli:test")
    at.run()
    assert shown_figures(at) != before, "the page still shows cached figures"

    restore(other_process, tmp_path / "backup.db", actor="cli:test")
    other_process.dispose()
    at.run()
    assert not at.exception
    assert shown_figures(at) == before
