"""In Chromium: a page left open after its account was disabled delivers no file on a click —
neither the weekly PDF nor a CSV or Excel list — and the page says why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from data_access.accounts import set_active
from data_access.db import make_engine
from i18n import t
from tests.e2e.conftest import load_demo_street, open_signed_in, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app on a demo database of its own that the tests change: (base URL, database URL)."""
    folder = tmp_path_factory.mktemp("downloads")
    database_url = f"sqlite:///{folder / 'demo.db'}"
    load_demo_street(database_url, weeks=12)
    with serve(database_url, folder / "streamlit.log") as url:
        yield url, database_url


def disable(database_url: str, username: str) -> None:
    """What `streetdash users disable NAME` does, from another process than the app's."""
    engine = make_engine(database_url)
    set_active(engine, username, False, actor="cli:test")
    engine.dispose()


@pytest.mark.parametrize(
    ("username", "link", "button"),
    [
        ("leader", "周报", t("meeting_pdf", "zh")),
        ("viewer", "矛盾纠纷", t("download_csv", "zh")),
        ("yuehaimen", "矛盾纠纷", t("download_xlsx", "zh")),
    ],
)
def test_a_click_after_the_account_is_disabled_downloads_nothing_and_says_why(
    writable_server: tuple[str, str],
    browser: object,
    tmp_path: Path,
    username: str,
    link: str,
    button: str,
) -> None:
    url, database_url = writable_server
    page = browser.new_page(  # type: ignore[attr-defined]
        viewport={"width": 1400, "height": 2000}, locale="zh-CN", accept_downloads=True
    )
    downloads: list[object] = []
    try:
        open_signed_in(page, url, username)
        page.get_by_role("link", name=link).click()
        page.get_by_role("heading", name=link).first.wait_for(timeout=60_000)
        target = page.get_by_role("button", name=button).first
        expect(target).to_be_enabled(timeout=60_000)
        # While the account is active the click delivers the file ...
        with page.expect_download(timeout=60_000) as first:
            target.click()
        first.value.save_as(tmp_path / "before")
        assert (tmp_path / "before").stat().st_size > 0
        page.on("download", lambda download: downloads.append(download))
        disable(database_url, username)
        expect(target).to_be_enabled(timeout=60_000)
        target.click()
        # ... and after `users disable`, none: the page then turns to the sign-in page, with why.
        page.get_by_role("heading", name=t("acct_login_title", "zh")).wait_for(timeout=60_000)
        expect(page.get_by_text(t("acct_disabled_signed_out", "zh"))).to_be_visible()
        page.wait_for_timeout(3_000)
        assert downloads == []
    finally:
        page.close()
