"""Every view, opened in Chromium on the demo street: no exception, charts drawn, screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import open_signed_in

pytestmark = pytest.mark.browser

# url path -> the page's title
PAGES = {
    "": "总览",
    "disputes": "矛盾纠纷",
    "consultations": "协商议事",
    "organizations": "社会组织孵化",
    "burden": "减负清单",
    "community": "社区画像",
    "glossary": "指标说明",
}
CHARTS_AT_LEAST = {
    "disputes": 6,
    "consultations": 6,
    "organizations": 6,
    "burden": 5,
    "community": 4,
}


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("view_screenshots")
    print(f"\nview screenshots: {folder}")
    return folder


def test_every_view_renders_in_chromium_with_no_exception(
    demo_server: str, browser, screenshots: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 2600}, locale="zh-CN")
    try:
        for path, title in PAGES.items():
            open_signed_in(page, f"{demo_server}/{path}")
            page.get_by_role("heading", name=title, exact=True).wait_for(timeout=60_000)
            charts = page.locator('[data-testid="stVegaLiteChart"]')
            if path in CHARTS_AT_LEAST:
                charts.nth(CHARTS_AT_LEAST[path] - 1).wait_for(timeout=60_000)
                page.locator(
                    '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
                ).first.wait_for(timeout=60_000)
            page.wait_for_timeout(1_500)
            assert page.locator('[data-testid="stException"]').count() == 0, path
            assert charts.count() >= CHARTS_AT_LEAST.get(path, 0), path
            page.screenshot(path=str(screenshots / f"{path or 'overview'}.png"), full_page=True)
    finally:
        page.close()


def test_a_community_in_an_alert_opens_its_profile(demo_server: str, browser) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 2000}, locale="zh-CN")
    try:
        open_signed_in(page, demo_server)
        alert = page.locator('[data-testid="stExpander"]').filter(
            has=page.locator('[data-testid="stPageLink"]')
        )
        alert.first.wait_for(timeout=60_000)
        alert.first.locator("summary").click()
        link = alert.first.locator('[data-testid="stPageLink"] a')
        link.wait_for(timeout=30_000)
        link.click()
        page.get_by_role("heading", name="社区画像", exact=True).wait_for(timeout=60_000)
        assert "community=" in page.url
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def pick_first_row(page, table) -> None:
    """Tick the first data row of a Streamlit dataframe (its row marker, left of the grid)."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)


@pytest.mark.parametrize(
    ("path", "list_caption"),
    [
        ("", None),  # the overview's per-community table
        ("consultations", "本期召开的议事"),  # a record list with a community column
    ],
)
def test_picking_a_row_that_names_a_community_opens_its_profile(
    demo_server: str, browser, path: str, list_caption: str | None
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="zh-CN")
    try:
        open_signed_in(page, f"{demo_server}/{path}")
        hint = page.get_by_text("即可打开该社区的社区画像", exact=False)
        hint.first.wait_for(timeout=60_000)
        if list_caption is not None:
            page.get_by_text(list_caption, exact=True).wait_for(timeout=60_000)
        # the page's last table: the per-community table, or the list named above
        table = page.locator('[data-testid="stDataFrame"]').last
        table.wait_for(timeout=60_000)
        page.wait_for_timeout(1_000)
        pick_first_row(page, table)
        page.get_by_role("heading", name="社区画像", exact=True).wait_for(timeout=60_000)
        assert "community=YH" in page.url
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()
