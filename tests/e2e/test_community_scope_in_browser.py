"""A community account in Chromium: no other community's name or code on any page it can open,
nor in any file it can download from them (CSV, XLSX, PDF); and no dispute summary in any
download, although the account sees its own community's summaries (masked) on the screen."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from demo.street_communities import PROFILES
from demo.street_disputes import DISPUTE_SUMMARIES
from i18n import t
from tests.e2e.conftest import open_signed_in

pytestmark = pytest.mark.browser

OWN = "YH01"
OTHERS = [text for p in PROFILES if p.code != OWN for text in (p.code, p.name)]
SUMMARIES = [text for texts in DISPUTE_SUMMARIES.values() for text in texts]
# What `yuehaimen` may open: the views and the data pages of its own community.
PAGES = {
    "": "总览",
    "disputes": "矛盾纠纷",
    "consultations": "协商议事",
    "organizations": "社会组织孵化",
    "burden": "减负清单",
    "community": "社区画像",
    "glossary": "指标说明",
    "import_data": "数据导入",
    "entry": "数据录入",
}


def file_text(path: Path) -> str:
    """The text a downloaded file holds, whatever its kind."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        book = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if path.suffix == ".pdf":
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
    return data.decode("utf-8-sig")


def download(page, button, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """Click a download button and save the file; a click made while the previous download's
    rerun is still settling is sometimes dropped by the frontend, so it is made again."""
    for attempt in range(3):
        expect(button).to_be_enabled(timeout=120_000)  # disabled while a rerun is running
        button.scroll_into_view_if_needed()
        try:
            with page.expect_download(timeout=30_000) as started:
                button.click()
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.wait_for_timeout(1_000)
            continue
        saved = folder / started.value.suggested_filename
        started.value.save_as(saved)
        return saved
    raise AssertionError("unreachable")


def leaked(text: str) -> list[str]:
    return [other for other in OTHERS if other in text]


@pytest.mark.parametrize("path", list(PAGES))
def test_a_community_user_sees_and_downloads_nothing_of_another_community(
    demo_server: str, browser, path: str, tmp_path: Path
) -> None:
    page = browser.new_page(
        viewport={"width": 1400, "height": 2400}, locale="zh-CN", accept_downloads=True
    )
    try:
        open_signed_in(page, f"{demo_server}/{path}", "yuehaimen")
        page.get_by_role("heading", name=PAGES[path], exact=True).wait_for(timeout=60_000)
        page.wait_for_timeout(2_500)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert leaked(page.locator("body").inner_text()) == []
        assert leaked(page.content()) == []
        if path == "import_data":  # its templates are downloads inside an expander
            page.locator('[data-testid="stExpander"] summary').first.click()
            page.wait_for_timeout(1_000)
        buttons = page.locator('[data-testid="stDownloadButton"] button')
        for index in range(buttons.count()):
            saved = download(page, buttons.nth(index), tmp_path)
            text = file_text(saved)
            assert leaked(text) == [], saved.name
            # The masked column stays on the screen (an import template's 简要情况 is a header
            # to fill in, not a summary).
            assert t("column_summary_masked", "zh") not in text, saved.name
            assert [summary for summary in SUMMARIES if summary in text] == [], saved.name
    finally:
        page.close()


def test_the_audit_log_and_accounts_are_not_served_to_a_community_user(
    demo_server: str, browser
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="zh-CN")
    try:
        for path in ("audit_log", "accounts"):
            open_signed_in(page, f"{demo_server}/{path}", "yuehaimen")
            page.wait_for_timeout(2_000)
            assert page.get_by_role("heading", name="审计日志").count() == 0
            assert page.get_by_role("heading", name="账号管理").count() == 0
            assert page.locator('[data-testid="stSidebarNav"]').get_by_text("审计日志").count() == 0
    finally:
        page.close()
