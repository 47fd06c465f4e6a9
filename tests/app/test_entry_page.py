"""The entry page: a new record with problems shown beside their fields, an edit, closing a
dispute, a refused stale save, and every write audited and shown at once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from data_access.audit import audit_entries
from data_access.db import engine_for
from data_access.records import edit_record, record, record_choices
from data_access.settings import get_settings
from i18n import t
from tests.app.conftest import APP, sent_bytes
from ui.plain_text import as_text


@pytest.fixture
def app(writable_demo_url: str) -> AppTest:
    """The app on a copy of the demo database, on the entry page."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("pages/entry.py").run()
    return at


def engine():  # type: ignore[no-untyped-def]
    return engine_for(get_settings().database_url)


def choose_kind(at: AppTest, kind: str) -> AppTest:
    return at.selectbox(key="entry_kind").set_value(kind).run()


def test_a_new_street_with_an_empty_name_shows_the_problem_under_the_field(app: AppTest) -> None:
    assert app.title[0].value == "数据录入"
    app.text_input(key="new_streets_code").input("NS")
    app.get("form_submit_button")[0].click()
    app.run()
    assert not app.exception
    assert [error.value for error in app.error] == ["必填，不能为空"]
    assert record(engine(), "streets", "NS") is None

    app.text_input(key="new_streets_name").input("南山街道")
    app.get("form_submit_button")[0].click()
    app.run()
    assert app.success[0].value == "已保存：NS"
    assert record(engine(), "streets", "NS") is not None
    assert audit_entries(engine()).iloc[0][["actor", "action", "record_key"]].tolist() == [
        "user:admin",
        "add",
        "NS",
    ]


def test_a_new_dispute_is_checked_across_fields_like_an_import(app: AppTest) -> None:
    choose_kind(app, "disputes")
    app.text_input(key="new_disputes_case_no").input("FORM-1")
    app.selectbox(key="new_disputes_community").set_value("YH01")
    app.date_input(key="new_disputes_reported_on").set_value(date(2026, 9, 3))
    app.selectbox(key="new_disputes_category").set_value("neighbor")
    app.selectbox(key="new_disputes_source").set_value("hotline")
    app.selectbox(key="new_disputes_status").set_value("resolved")
    app.selectbox(key="new_disputes_level").set_value("grid")
    app.get("form_submit_button")[0].click()
    app.run()
    assert [error.value for error in app.error] == ["状态为“已化解”时必须填写办结日期"]

    app.date_input(key="new_disputes_closed_on").set_value(date(2026, 9, 5))
    app.get("form_submit_button")[0].click()
    app.run()
    stored = record(engine(), "disputes", "FORM-1")
    assert stored is not None and (stored["status"], stored["closed_on"]) == (
        "resolved",
        date(2026, 9, 5),
    )


def test_a_new_record_with_a_number_in_use_says_so_under_the_field(app: AppTest) -> None:
    """The message names the number: its placeholder once clashed with t()'s own `key`."""
    app.text_input(key="new_streets_code").input("YH")
    app.text_input(key="new_streets_name").input("又一个街道")
    app.get("form_submit_button")[0].click()
    app.run()
    assert not app.exception
    assert [error.value for error in app.error] == [t("err_key_taken", "zh", number="YH")]


def choose_action(app: AppTest, kind: str, action: str) -> None:
    group = next(g for g in app.get("button_group") if g.key == f"entry_action_{kind}")
    group.set_value(action).run()  # type: ignore[attr-defined]


def pick(app: AppTest, kind: str, action: str) -> str:
    choose_kind(app, kind)
    choose_action(app, kind, action)
    picker = app.selectbox(key=f"entry_pick_{kind}")
    key = picker.options[0].split(" · ")[0]
    picker.set_value(key).run()
    return key


def test_an_edit_saves_and_a_stale_edit_is_refused_with_already_changed(app: AppTest) -> None:
    key = pick(app, "burden_items", "edit")
    form = f"edit_burden_items_{key}_1"
    app.number_input(key=f"{form}_hours").set_value(9.5)
    app.get("form_submit_button")[0].click()
    app.run()
    assert app.success[0].value == as_text(f"已保存：{key}")
    assert record(engine(), "burden_items", key)["hours"] == 9.5  # type: ignore[index]

    app.selectbox(key="entry_pick_burden_items").set_value(key).run()
    app.number_input(key=f"edit_burden_items_{key}_2_hours").set_value(3.0)
    edit_record(engine(), "burden_items", key, {"hours": 1.0}, version=2, actor="someone")
    app.get("form_submit_button")[0].click()
    app.run()
    assert "该记录已被他人修改，请刷新后重新编辑。" in [error.value for error in app.error]
    assert record(engine(), "burden_items", key)["hours"] == 1.0  # type: ignore[index]

    app.button(key=f"reload_edit_burden_items_{key}_2").click().run()
    assert app.main.caption[-1].value == "版本 3"
    assert app.number_input(key=f"edit_burden_items_{key}_3_hours").value == 1.0


def test_closing_a_dispute_from_its_form(app: AppTest) -> None:
    engine_ = engine()
    open_case = next(
        case
        for case in record_choices(engine_, "disputes")
        if record(engine_, "disputes", case)["status"] == "open"  # type: ignore[index]
    )
    choose_kind(app, "disputes")
    choose_action(app, "disputes", "close")
    app.selectbox(key="entry_pick_disputes").set_value(open_case).run()
    current = record(engine_, "disputes", open_case)
    assert current is not None
    app.get("date_input")[-1].set_value(current["reported_on"])
    app.get("form_submit_button")[0].click()
    app.run()
    assert app.success[0].value == as_text(f"已保存：{open_case}")
    closed = record(engine_, "disputes", open_case)
    assert closed is not None and (closed["status"], closed["closed_on"]) == (
        "resolved",
        current["reported_on"],
    )
    assert audit_entries(engine_).iloc[0]["action"] == "close"


def test_the_dispute_summary_is_sent_back_to_the_browser_only_masked(app: AppTest) -> None:
    choose_kind(app, "disputes")
    choose_action(app, "disputes", "edit")
    key = app.selectbox(key="entry_pick_disputes").options[0].split(" · ")[0]
    with engine().begin() as connection:
        connection.execute(
            text("UPDATE dispute SET summary = :s WHERE case_no = :k"),
            {"s": "业主王建国反映漏水，电话13812345678", "k": key},
        )
    app.selectbox(key="entry_pick_disputes").set_value(key).run()
    assert app.text_area[0].value == ""  # typing replaces it; empty keeps it
    shown = [caption.value for caption in app.caption]
    masked = as_text("业主王*反映漏水，电话138****5678")  # the asterisks stay asterisks
    assert t("entry_summary_current", "zh", text=masked) in shown
    sent = sent_bytes(app)
    assert "王建国".encode() not in sent and b"13812345678" not in sent
