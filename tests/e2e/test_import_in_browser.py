"""Importing a community's CSV through the import page in Chromium, as a street office worker
does it: upload, read the counts, confirm, and see what was added, updated and left alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import load_demo_street, open_signed_in, serve

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/streetdash-e2e-import")
HEADER = "案件编号,社区,登记日期,纠纷类型,来源,状态,化解层级,办结日期,是否重大,涉及人数,简要情况\n"


@pytest.fixture(scope="module")
def import_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on its own demo database, which this module writes to."""
    folder = tmp_path_factory.mktemp("e2e_import")
    database_url = f"sqlite:///{folder / 'demo.db'}"
    load_demo_street(database_url, weeks=8)
    with serve(database_url, folder / "streamlit.log") as url:
        yield url


def upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))


def test_a_csv_uploaded_through_the_import_page_is_counted_and_committed(
    import_server: str, browser, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    first = tmp_path / "第一周.csv"
    first.write_bytes(
        (
            HEADER
            + "E2E-0001,粤海门,2026/11/20,邻里纠纷,网格排查,调处中,网格,,否,2,楼上漏水\n"
            + "E2E-0002,大冲社区,2026年11月19日,物业纠纷,12345热线,已化解,社区,2026-11-21,否,5,\n"
        ).encode("gb18030")
    )
    second = tmp_path / "第二周.csv"
    second.write_bytes(
        (
            HEADER
            + "E2E-0001,粤海门,2026/11/20,邻里纠纷,网格排查,已化解,社区,2026-11-22,否,2,楼上漏水\n"
            + "E2E-0002,大冲社区,2026年11月19日,物业纠纷,12345热线,已化解,社区,2026-11-21,否,5,\n"
            + "E2E-0003,YH03,2026-11-21,合同纠纷,群众来访,调处中,社区,,否,3,\n"
        ).encode("utf-8-sig")
    )
    page = browser.new_page(viewport={"width": 1400, "height": 2200}, locale="zh-CN")
    try:
        open_signed_in(page, import_server)
        page.get_by_role("link", name="数据导入").click(timeout=60_000)
        page.get_by_role("heading", name="数据导入").wait_for(timeout=60_000)

        upload(page, first)
        page.get_by_text("检查通过：共 2 行，将新增 2 条、更新 0 条、0 条不变。").wait_for(
            timeout=60_000
        )
        page.screenshot(path=str(SHOTS / "1-checked.png"), full_page=True)
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("导入完成：新增 2 条，更新 0 条，不变 0 条。").wait_for(timeout=60_000)
        page.screenshot(path=str(SHOTS / "2-imported.png"), full_page=True)

        upload(page, second)
        page.get_by_text("检查通过：共 3 行，将新增 1 条、更新 1 条、1 条不变。").wait_for(
            timeout=60_000
        )
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("导入完成：新增 1 条，更新 1 条，不变 1 条。").wait_for(timeout=60_000)
        page.screenshot(path=str(SHOTS / "3-reimported.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0

        page.get_by_role("link", name="审计日志").click()
        page.get_by_role("heading", name="审计日志").wait_for(timeout=60_000)
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)
        page.screenshot(path=str(SHOTS / "4-audit.png"), full_page=True)
    finally:
        page.close()
