"""The running app, opened in Chromium as a street leader would open it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import load_demo_street, open_signed_in, serve

pytestmark = pytest.mark.browser


def test_the_overview_renders_in_chromium_with_no_exception(
    demo_server: str, browser, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    try:
        open_signed_in(page, demo_server)
        page.get_by_role("heading", name="总览").wait_for(timeout=60_000)
        # the page streams in: wait for its last section and the 20th KPI card, then look
        page.get_by_role("heading", name="分社区情况").wait_for(timeout=60_000)
        page.locator('[data-testid="stMetric"]').nth(19).wait_for(timeout=60_000)
        page.locator('[data-testid="stDataFrame"]').last.wait_for(timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        body = page.locator("body").inner_text()
        for heading in ("矛盾纠纷", "协商议事", "社会组织孵化", "减负清单", "预警", "分社区情况"):
            assert heading in body
        page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    finally:
        page.close()


def test_a_fresh_server_opens_a_page_address_asked_for_first(
    tmp_path_factory: pytest.TempPathFactory, browser, tmp_path: Path
) -> None:
    """A bookmark to /disputes right after a restart shows the disputes page, not an error."""
    folder = tmp_path_factory.mktemp("fresh")
    database_url = f"sqlite:///{folder / 'demo.db'}"
    load_demo_street(database_url, weeks=12)
    with serve(database_url, folder / "streamlit.log") as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        try:
            open_signed_in(page, f"{url}/disputes")
            page.get_by_role("heading", name="矛盾纠纷").first.wait_for(timeout=60_000)
            page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.url.rstrip("/").endswith("/disputes")
            page.screenshot(path=str(tmp_path / "fresh_disputes.png"))
        finally:
            page.close()
