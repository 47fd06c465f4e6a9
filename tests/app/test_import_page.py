"""The import page: upload, preview, every problem listed in the UI language, then commit —
after which every page shows the new figures (the caches are cleared)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_access.audit import audit_entries
from data_access.db import engine_for
from data_access.queries import record_counts
from data_access.settings import get_settings
from tests.app.conftest import APP

HEADER = "案件编号,社区,登记日期,纠纷类型,来源,状态,化解层级,办结日期,是否重大,涉及人数\n"
GOOD = HEADER + (
    "APP-0001,粤海门,2026/11/20,邻里纠纷,网格排查,调处中,网格,,否,2\n"
    "APP-0002,大冲社区,2026年11月19日,物业纠纷,12345热线,已化解,社区,2026-11-21,否,5\n"
)
BAD = HEADER + "APP-0003,蛇口,2026/11/20,邻里纠纷,网格排查,调处中,网格,,也许,2\n"


@pytest.fixture
def app(demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app on a copy of the demo database, which these tests write to."""
    source = Path(demo_url.removeprefix("sqlite:///"))
    copy = tmp_path / "demo.db"
    shutil.copy(source, copy)
    monkeypatch.setenv("STREETDASH_DATABASE_URL", f"sqlite:///{copy}")
    get_settings.cache_clear()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("pages/import_data.py").run()
    return at


def upload(at: AppTest, name: str, text: str, encoding: str = "utf-8") -> AppTest:
    at.file_uploader[0].set_value((name, text.encode(encoding), "text/csv"))
    return at.run()


def test_the_page_offers_a_template_for_every_table_and_asks_for_a_file(app: AppTest) -> None:
    assert not app.exception
    assert app.title[0].value == "数据导入"
    assert {button.label for button in app.get("download_button")} == {
        "街道模板",
        "社区模板",
        "矛盾纠纷模板",
        "协商议事模板",
        "社区社会组织模板",
        "组织活动模板",
        "减负清单事项模板",
    }


def test_a_bad_file_lists_its_problems_in_chinese_and_writes_nothing(app: AppTest) -> None:
    before = record_counts(engine_for(get_settings().database_url))

    upload(app, "bad.csv", BAD, encoding="gb18030")

    assert not app.exception
    assert app.error[0].value == "发现 2 处错误，未导入任何数据。请修改后重新上传。"
    report = app.dataframe[1].value
    assert report.to_dict("records") == [
        {
            "行号": "2",
            "列": "社区",
            "值": "蛇口",
            "原因": "找不到这个社区（请填写已有社区的编码或名称）",
        },
        {
            "行号": "2",
            "列": "是否重大",
            "值": "也许",
            "原因": "应填 是/否（也可写 Y/N、1/0、true/false）",
        },
    ]
    assert [button.label for button in app.get("download_button")][-1] == "下载错误报告（XLSX）"
    assert not [button for button in app.button if button.label == "确认导入"]
    assert record_counts(engine_for(get_settings().database_url)) == before


def test_a_good_file_shows_its_counts_and_commits_on_confirmation(app: AppTest) -> None:
    engine = engine_for(get_settings().database_url)
    before = record_counts(engine)["disputes"]

    upload(app, "good.csv", GOOD)
    assert app.info[0].value == "已识别为：矛盾纠纷"
    assert app.success[0].value == "检查通过：共 2 行，将新增 2 条、更新 0 条、0 条不变。"
    assert record_counts(engine)["disputes"] == before  # nothing yet

    app.button(key="import_commit").click().run()

    assert not app.exception
    assert app.success[0].value == "导入完成：新增 2 条，更新 0 条，不变 0 条。"
    assert record_counts(engine)["disputes"] == before + 2
    assert audit_entries(engine, table="disputes").iloc[-1]["actor"] == "user:admin"
    assert app.file_uploader[0].value == []  # a fresh, empty uploader for the next files


def test_after_an_import_the_overview_shows_the_new_figures_at_once(app: AppTest) -> None:
    app.switch_page("pages/overview.py").run()
    shown_before = {metric.label: metric.value for metric in app.metric}
    app.switch_page("pages/import_data.py").run()
    later = HEADER + "".join(
        f"APP-1{index:03d},YH01,{day},邻里纠纷,网格排查,调处中,网格,,否,2\n"
        for index, day in enumerate([app.session_state["streetdash_filters"].window.end] * 5)
    )
    upload(app, "week.csv", later)
    app.button(key="import_commit").click().run()
    app.switch_page("pages/overview.py").run()
    shown_after = {metric.label: metric.value for metric in app.metric}
    assert int(shown_after["新增纠纷"].replace(",", "")) == (
        int(shown_before["新增纠纷"].replace(",", "")) + 5
    )


def test_the_page_speaks_english_when_english_is_chosen(app: AppTest) -> None:
    app.sidebar.get("button_group")[0].set_value("en").run()
    upload(app, "bad.csv", BAD)
    assert app.title[0].value == "Import data"
    assert app.error[0].value.startswith("2 errors found; nothing was imported.")
    assert app.dataframe[1].value.columns.tolist() == ["Row", "Column", "Value", "Reason"]
