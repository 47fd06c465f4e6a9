"""总览 and 周报 open with the written summary (综述) of their window, and each sentence naming a
community links to that community's profile."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access.db import engine_for
from data_access.settings import get_settings
from i18n import enum_label, t
from metrics.summary_model import Summary
from metrics.window import Window
from reports.meeting import follow_ups_for_report
from reports.narrative import Narrative, overdue_follow_ups, written_summary
from reports.summary import window_report
from ui.filters import today_local
from ui.plain_text import as_text

# The profile page's address (pages/community.py, ui.community_table.PROFILE_PAGE).
PROFILE_URL_PATH = "community"


def summary_shown(at: AppTest) -> tuple[Summary, dict[str, str]]:
    """The summary of the page's window and scope, and the communities' names."""
    names = dict(at.session_state["streetdash_filters"].names)
    settings = get_settings()
    window = Window.last_complete_week(today_local())
    engine = engine_for(settings.database_url)
    report = window_report(engine, window, sorted(names), thresholds=settings.thresholds, lang="zh")
    return report.summary, names


def box_markdown(at: AppTest) -> list[str]:
    """The Markdown drawn in the written summary's box, in order."""
    [box] = [
        node
        for node in at.main.children.values()
        if str(getattr(getattr(node, "proto", None), "id", "")).endswith("-narrative")
    ]
    return [element.value for element in box.markdown]


def assert_shows(at: AppTest, narrative: Narrative) -> None:
    shown = box_markdown(at)
    assert shown[0] == f"**{t('narr_title', 'zh')}**"
    assert shown[1:] == [as_text(paragraph) for paragraph in narrative.paragraphs()]


def test_the_overview_opens_with_the_written_summary_of_its_week(demo_app: AppTest) -> None:
    demo_app.run()
    assert not demo_app.exception
    summary, names = summary_shown(demo_app)
    assert_shows(demo_app, written_summary(summary, names, "zh"))


def test_each_high_alert_of_the_written_summary_links_to_its_communitys_profile(
    demo_app: AppTest,
) -> None:
    demo_app.run()
    summary, names = summary_shown(demo_app)
    high = {(alert.rule, alert.community) for alert in summary.alerts if alert.severity == "high"}
    assert high, "the demo week has high alerts"
    links = {
        (link.proto.label, link.proto.page, link.proto.query_string)
        for link in demo_app.get("page_link")
    }
    for rule, community in high:
        rule_label = enum_label("rule", rule, "zh")
        label = as_text(t("narr_link_rule", "zh", rule=rule_label, name=names[community]))
        assert (label, PROFILE_URL_PATH, f"community={community}") in links


@pytest.fixture
def meeting(demo_app: AppTest) -> AppTest:
    demo_app.run()
    demo_app.switch_page("pages/meeting.py").run()
    assert not demo_app.exception, demo_app.exception
    return demo_app


def test_the_meeting_opens_with_the_written_summary_and_its_follow_ups(meeting: AppTest) -> None:
    summary, names = summary_shown(meeting)
    window = Window.last_complete_week(today_local())
    engine = engine_for(get_settings().database_url)
    actions = follow_ups_for_report(engine, window, sorted(names))
    overdue = overdue_follow_ups(actions, today_local())
    expected = written_summary(summary, names, "zh", follow_ups=overdue)
    assert_shows(meeting, expected)
    assert box_markdown(meeting)[-1].endswith(as_text(expected.sentences[-1].text))
    assert expected.sentences[-1].text.startswith("督办事项")
