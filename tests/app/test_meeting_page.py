"""周报: the weekly meeting view shows the summary's numbers with last week and the 8-week
average, and records follow-up actions (audited) whose fate the next week lists."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access.audit import audit_entries
from data_access.db import engine_for
from data_access.follow_ups import follow_ups_between
from data_access.settings import get_settings
from i18n import metric_label, t
from i18n.formatting import format_figure
from metrics.window import Window
from reports.meeting import meeting_report
from ui.filters import today_local

DOMAINS = ("disputes", "consultations", "organizations", "burden")


@pytest.fixture
def meeting(demo_app: AppTest) -> AppTest:
    demo_app.run()
    demo_app.switch_page("pages/meeting.py").run()
    assert not demo_app.exception, demo_app.exception
    return demo_app


def report_for(at: AppTest) -> object:
    settings = get_settings()
    scope = sorted(at.session_state["streetdash_filters"].names)
    window = Window.last_complete_week(today_local())
    return meeting_report(
        engine_for(settings.database_url), window, scope, thresholds=settings.thresholds, lang="zh"
    )


def test_the_meeting_view_compares_every_figure_with_last_week_and_the_average(
    meeting: AppTest,
) -> None:
    assert meeting.title[0].value == "周报"
    report = report_for(meeting)
    tables = [frame.value for frame in meeting.dataframe]
    figure_column = t("meeting_col_figure", "zh")
    comparison = [table for table in tables if figure_column in table.columns]
    assert len(comparison) == 4
    for domain, table in zip(DOMAINS, comparison, strict=True):
        shown = dict(zip(table[figure_column], table[t("meeting_col_this", "zh")], strict=True))
        for key, value in report.summary.current.domain(domain).scalars().items():
            assert shown[metric_label(domain, key, "zh")] == format_figure(key, value, "zh")
    assert len(meeting.get("vega_lite_chart")) == 3


def test_an_action_raised_in_the_meeting_is_stored_audited_and_listed(meeting: AppTest) -> None:
    form = meeting.get("form")
    assert form, "the meeting view offers the new-action form"
    meeting.text_input[0].input("三天内上门回访超期纠纷当事人")
    meeting.text_input[1].input("王主任")
    submit = [button for button in meeting.button if button.label == t("meeting_action_save", "zh")]
    submit[0].click().run()
    assert not meeting.exception, meeting.exception
    engine = engine_for(get_settings().database_url)
    window = Window.last_complete_week(today_local())
    scope = sorted(meeting.session_state["streetdash_filters"].names)
    actions = follow_ups_between(engine, window.start, today_local(), scope)
    assert "三天内上门回访超期纠纷当事人" in list(actions["title"])
    audit = audit_entries(engine, table="follow_ups")
    assert audit["actor"].iloc[0] == "user:admin"
    shown = [frame.value for frame in meeting.dataframe]
    assert any("三天内上门回访超期纠纷当事人" in table.to_string() for table in shown)


def test_the_meeting_view_offers_the_weekly_pdf(meeting: AppTest) -> None:
    labels = [button.proto.label for button in meeting.get("download_button")]
    assert t("meeting_pdf", "zh") in labels


@pytest.mark.parametrize(
    "page", ["disputes", "consultations", "organizations", "burden", "community"]
)
def test_each_domain_page_and_the_profile_offer_export_as_pdf(demo_app: AppTest, page: str) -> None:
    demo_app.run()
    demo_app.switch_page(f"pages/{page}.py").run()
    assert not demo_app.exception, demo_app.exception
    labels = [button.proto.label for button in demo_app.get("download_button")]
    assert t("meeting_pdf_view", "zh") in labels


def test_marking_an_action_done_is_audited_and_shown_as_done(meeting: AppTest) -> None:
    engine = engine_for(get_settings().database_url)
    window = Window.last_complete_week(today_local())
    scope = sorted(meeting.session_state["streetdash_filters"].names)
    before = follow_ups_between(engine, window.start, today_local(), scope)
    if before.empty:
        meeting.text_input[0].input("核查未经准入事项")
        meeting.text_input[1].input("李科长")
        save = t("meeting_action_save", "zh")
        [button for button in meeting.button if button.label == save][0].click().run()
    status_save = t("meeting_status_save", "zh")
    [button for button in meeting.button if button.label == status_save][0].click().run()
    assert not meeting.exception, meeting.exception
    actions = follow_ups_between(engine, window.start, today_local(), scope)
    assert "done" in set(actions["status"])
    audit = audit_entries(engine, table="follow_ups")
    assert "follow_up_status" in set(audit["action"])
    shown = " ".join(frame.value.to_string() for frame in meeting.dataframe)
    assert t("follow_up_status_done", "zh") in shown
