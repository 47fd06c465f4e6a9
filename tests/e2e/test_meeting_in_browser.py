"""周报 in Chromium: the weekly PDF and a view's PDF download, built on click, name the user."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import open_signed_in

pytestmark = pytest.mark.browser


def downloaded_text(page, button: str, tmp_path: Path, name: str) -> str:  # type: ignore[no-untyped-def]
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=button).click()
    target = tmp_path / name
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    return subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_meeting_view_downloads_the_weekly_pdf_and_a_domain_page_its_own(
    demo_server: str, browser: object, tmp_path: Path
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    open_signed_in(page, demo_server)
    page.get_by_role("link", name="周报").click()
    page.get_by_role("heading", name="周报").wait_for(timeout=60_000)
    text = downloaded_text(page, "下载周报 PDF", tmp_path, "week.pdf")
    assert "社区治理周报" in text
    assert "user:admin" in text
    page.get_by_role("link", name="矛盾纠纷").click()
    page.get_by_role("heading", name="矛盾纠纷").first.wait_for(timeout=60_000)
    text = downloaded_text(page, "导出本页 PDF", tmp_path, "disputes.pdf")
    assert "矛盾纠纷" in text
    figures = text.split("二、预警")[0]
    assert "新增纠纷" in figures
    assert "议事场次" not in figures
    page.close()
