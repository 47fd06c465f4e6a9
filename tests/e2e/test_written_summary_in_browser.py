"""The written summary (综述) heads the overview in Chromium, and its community links open that
community's profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import open_signed_in

pytestmark = pytest.mark.browser

FIRST_COMMUNITY = "粤海门社区"  # YH01, the demo street's first by code


def test_a_community_link_of_the_written_summary_opens_that_communitys_profile(
    demo_server: str, browser, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    try:
        open_signed_in(page, demo_server)
        box = page.locator(".st-key-narrative")
        links = box.locator('[data-testid="stPageLink-NavLink"]')
        links.first.wait_for(timeout=60_000)
        assert "总体看，" in box.inner_text()
        page.screenshot(path=str(tmp_path / "overview_narrative.png"))
        # Not the first community: the profile shows that one when it is given none.
        link = links.filter(has_not_text=FIRST_COMMUNITY).first
        name = link.inner_text().split("·")[-1].strip()
        link.click()
        page.get_by_role("heading", name="社区画像").wait_for(timeout=60_000)
        page.wait_for_url("**/community?community=*", timeout=60_000)
        chosen = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
        expect(chosen.get_by_role("combobox")).to_have_value(name, timeout=60_000)
        page.screenshot(path=str(tmp_path / "profile.png"))
    finally:
        page.close()
