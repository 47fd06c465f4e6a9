"""The audit page: every change with who, when, what, before and after; read-only; masked."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access.db import engine_for
from data_access.records import edit_record, record, record_choices
from data_access.settings import get_settings
from tests.app.conftest import APP


@pytest.fixture
def app(writable_demo_url: str) -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60)


def test_an_empty_log_says_so(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/audit_log.py").run()
    app.selectbox(key="audit_table").set_value("disputes").run()  # the demo's accounts are logged
    assert not app.exception
    assert app.title[0].value == "审计日志"
    assert app.info[0].value == "没有符合条件的日志。"


def test_an_edit_shows_who_what_and_the_change_with_labels_and_the_summary_masked(
    app: AppTest,
) -> None:
    engine = engine_for(get_settings().database_url)
    first = next(iter(record_choices(engine, "disputes")))
    stored = record(engine, "disputes", first)
    assert stored is not None
    edit_record(
        engine,
        "disputes",
        first,
        {"parties": stored["parties"] + 1, "summary": "张三 13800000000"},
        version=stored["version"],
        actor="cli:tester",
    )
    app.run()
    app.switch_page("pages/audit_log.py").run()

    shown = app.dataframe[0].value
    assert shown.columns.tolist() == ["时间", "操作人", "操作", "数据类型", "记录", "变更"]
    row = shown.iloc[0]
    assert (row["操作人"], row["操作"], row["数据类型"], row["记录"]) == (
        "cli:tester",
        "修改",
        "矛盾纠纷",
        first,
    )
    assert f"涉及人数: {stored['parties']} → {stored['parties'] + 1}" in row["变更"]
    assert "13800000000" not in row["变更"] and "简要情况" in row["变更"]
    # nothing to change it with (the sidebar holds only the account's own buttons)
    assert not app.main.button and not app.main.get("form_submit_button")


def test_the_log_filters_by_table_and_number(app: AppTest) -> None:
    engine = engine_for(get_settings().database_url)
    for table in ("disputes", "burden_items"):
        key = next(iter(record_choices(engine, table)))
        edit_record(engine, table, key, {}, version=1, actor="a")
        stored = record(engine, table, key)
        assert stored is not None
        field = "parties" if table == "disputes" else "hours"
        edit_record(
            engine, table, key, {field: stored[field] + 1}, version=stored["version"], actor="a"
        )
    app.run()
    app.switch_page("pages/audit_log.py").run()
    app.selectbox(key="audit_table").set_value("burden_items").run()
    assert set(app.dataframe[0].value["数据类型"]) == {"减负清单事项"}
    app.text_input(key="audit_key").input("no-such-number").run()
    assert app.info[0].value == "没有符合条件的日志。"
