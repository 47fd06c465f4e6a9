"""The import page's mapping step in Chromium (issue 19): a community's own 台账 uploaded, one
suggested column corrected with its selectbox, imported; the next file with the same headers
mapped by the saved mapping without asking. Its first screenshot is docs/import_mapping.png."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import load_demo_street, open_signed_in, serve
from tests.taizhang import LAYOUTS, Layout
from ui.import_mapping import Upload

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/streetdash-e2e-import-mapping")
# 粤海门's 纠纷台账 with its date of resolution headed 化解时间, which the suggestion leaves out.
LEDGER = dataclasses.replace(
    LAYOUTS[0],
    columns=[("化解时间" if h == "办结时间" else h, c) for h, c in LAYOUTS[0].columns],
)
RESOLVED_AT = [header for header, _ in LEDGER.columns].index("化解时间")


@pytest.fixture(scope="module")
def mapping_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on its own demo database, which this module writes to."""
    folder = tmp_path_factory.mktemp("e2e_import_mapping")
    database_url = f"sqlite:///{folder / 'demo.db'}"
    load_demo_street(database_url, weeks=8)
    with serve(database_url, folder / "streamlit.log") as url:
        yield url


def written(folder: Path, layout: Layout) -> tuple[Path, Upload]:
    """The layout's file on disk, and as the page keys it (an xlsx carries its making time)."""
    name, data = layout.file()
    path = folder / name
    path.write_bytes(data)
    return path, Upload(name, data)


def test_a_ledger_is_corrected_imported_and_the_next_one_mapped_without_asking(
    mapping_server: str, browser, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    first, first_upload = written(tmp_path, LEDGER)
    later = dataclasses.replace(
        LEDGER,
        name="yuehaimen_disputes_december",
        records=[r | {"case_no": f"{r['case_no']}-12"} for r in LEDGER.records],
    )
    second, second_upload = written(tmp_path, later)
    page = browser.new_page(viewport={"width": 1400, "height": 2400}, locale="zh-CN")
    try:
        open_signed_in(page, mapping_server)
        page.get_by_role("link", name="数据导入").click(timeout=60_000)
        page.get_by_role("heading", name="数据导入").wait_for(timeout=60_000)
        dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')

        dropzone.set_input_files(str(first))
        page.get_by_role("heading", name="列与取值对应").wait_for(timeout=60_000)
        box = page.locator(f".st-key-import_map_0_0_{first_upload.digest}_column_{RESOLVED_AT}")
        expect(box.locator("input")).to_have_value("（不导入）", timeout=60_000)
        box.click()
        page.get_by_role("option", name="办结日期", exact=True).click()
        # The preview's cells are drawn on a canvas; their text is in the grid's hidden table.
        page.get_by_text("2026年9月15日").wait_for(state="attached", timeout=60_000)
        page.get_by_label("保存映射的名称").fill("粤海门 纠纷台账")
        page.get_by_label("保存映射的名称").press("Enter")
        page.screenshot(path=str(SHOTS / "1-mapping.png"), full_page=True)

        page.get_by_role("button", name="确认映射并检查").click()
        page.get_by_text("检查通过：共 3 行，将新增 3 条、更新 0 条、0 条不变。").wait_for(
            timeout=60_000
        )
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("导入完成：新增 3 条，更新 0 条，不变 0 条。").wait_for(timeout=60_000)
        page.get_by_text("映射“粤海门 纠纷台账”已保存").wait_for(timeout=60_000)
        page.screenshot(path=str(SHOTS / "2-imported.png"), full_page=True)

        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(second))
        page.get_by_text("已按保存的映射“粤海门 纠纷台账”对应").wait_for(timeout=60_000)
        box = page.locator(f".st-key-import_map_1_0_{second_upload.digest}_column_{RESOLVED_AT}")
        expect(box.locator("input")).to_have_value("办结日期", timeout=60_000)
        page.get_by_role("button", name="确认映射并检查").click()
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("导入完成：新增 3 条，更新 0 条，不变 0 条。").wait_for(timeout=60_000)
        page.screenshot(path=str(SHOTS / "3-remembered.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()
