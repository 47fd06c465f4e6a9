"""Dispute summaries on the disputes page, by role: masked for admins and for community staff
(own community), absent for leaders and viewers, in full only with a reason and an audit entry.

The check on what is absent looks at the bytes the server sends, not at what is visible.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from data_access.audit import audit_entries
from data_access.db import engine_for
from data_access.privacy import UNMASK_ACTION
from data_access.settings import get_settings
from i18n import t
from metrics.window import Window
from tests.app.conftest import APP, sent_bytes, sign_in_as
from ui.filters import today_local

RAW = "居民张建国与邻居李秀英因漏水发生纠纷，电话13812345678"
MASKED = "居民张*与邻居李*因漏水发生纠纷，电话138****5678"
HEADER = t("column_summary_masked", "zh")


@pytest.fixture
def cases(writable_demo_url: str) -> dict[str, str]:
    """A copy of the demo in which one new case of last week in YH01 and one in YH02 carry
    personal data in their summaries; community code → case number."""
    week = Window.last_complete_week(today_local())
    engine = engine_for(writable_demo_url)
    chosen = {}
    with engine.begin() as connection:
        for community in ("YH01", "YH02"):
            chosen[community] = connection.execute(
                text(
                    "SELECT case_no FROM dispute WHERE community = :c AND reported_on "
                    "BETWEEN :start AND :end ORDER BY case_no LIMIT 1"
                ),
                {"c": community, "start": week.start, "end": week.end},
            ).scalar_one()
            connection.execute(
                text("UPDATE dispute SET summary = :s WHERE case_no = :k"),
                {"s": RAW, "k": chosen[community]},
            )
    return chosen


def disputes_as(username: str) -> AppTest:
    app = sign_in_as(AppTest.from_file(str(APP), default_timeout=60), username)
    app.run()
    app.switch_page("pages/disputes.py").run()
    assert not app.exception, [element.value for element in app.exception]
    return app


def new_cases(app: AppTest) -> pd.DataFrame:
    """The 本期新增 list: the table holding the case-number column whose rows are last week's."""
    case_header = t("column_case_no", "zh")
    tables = [table.value for table in app.dataframe if case_header in table.value.columns]
    return tables[-1]  # the overdue list comes first, the new cases last


def summary_of(table: pd.DataFrame, case_no: str) -> str:
    return str(table.loc[table[t("column_case_no", "zh")] == case_no, HEADER].iloc[0])


def test_an_admin_sees_every_communitys_summaries_masked(cases: dict[str, str]) -> None:
    app = disputes_as("admin")
    table = new_cases(app)
    assert summary_of(table, cases["YH01"]) == MASKED
    assert summary_of(table, cases["YH02"]) == MASKED
    sent = sent_bytes(app)
    assert "张建国".encode() not in sent and b"13812345678" not in sent


def test_community_staff_see_their_own_communitys_summaries_masked(
    cases: dict[str, str],
) -> None:
    app = disputes_as("yuehaimen")
    table = new_cases(app)
    assert summary_of(table, cases["YH01"]) == MASKED
    assert cases["YH02"] not in set(table[t("column_case_no", "zh")])
    assert cases["YH02"].encode() not in sent_bytes(app)


@pytest.mark.parametrize("username", ["leader", "viewer"])
def test_leaders_and_viewers_get_no_summary_at_all(cases: dict[str, str], username: str) -> None:
    app = disputes_as(username)
    assert all(HEADER not in table.value.columns for table in app.dataframe)
    sent = sent_bytes(app)
    assert MASKED.encode() not in sent and RAW.encode() not in sent
    assert t("summary_full_title", "zh").encode() not in sent  # no way to ask for it either


def show_full_text(app: AppTest, case_no: str, reason: str) -> AppTest:
    app.selectbox(key="new_disputes_case").set_value(case_no)
    app.text_input(key="new_disputes_reason").input(reason)
    submit = [b for b in app.get("form_submit_button") if b.label == t("summary_show", "zh")]
    submit[-1].click()
    return app.run()


def unmask_entries() -> pd.DataFrame:
    entries = audit_entries(engine_for(get_settings().database_url), table="dispute")
    return entries[entries["action"] == UNMASK_ACTION]


def test_the_full_text_is_shown_once_with_a_reason_and_the_reading_is_audited(
    cases: dict[str, str],
) -> None:
    app = show_full_text(disputes_as("yuehaimen"), cases["YH01"], "回访当事人")
    assert RAW in [element.value for element in app.text]
    assert t("summary_logged", "zh") in [caption.value for caption in app.caption]
    entries = unmask_entries()
    assert list(entries["actor"]) == ["user:yuehaimen"]
    assert list(entries["record_key"]) == [cases["YH01"]]
    assert list(entries["detail"]) == [{"reason": "回访当事人"}]
    app.run()  # the next rerun, e.g. any click elsewhere: the full text is gone
    assert RAW.encode() not in sent_bytes(app)


def test_without_a_reason_the_full_text_is_refused_and_nothing_is_logged(
    cases: dict[str, str],
) -> None:
    app = show_full_text(disputes_as("admin"), cases["YH02"], "")
    assert t("summary_reason_needed", "zh") in [error.value for error in app.error]
    assert RAW.encode() not in sent_bytes(app)
    assert unmask_entries().empty
