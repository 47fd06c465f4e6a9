"""The overview page shows exactly the figures `metrics/` computes for the chosen window."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

import cli
from data_access.db import engine_for
from data_access.settings import get_settings
from i18n import metric_label, t
from i18n.formatting import format_figure
from metrics.summary_model import DOMAINS, Summary
from metrics.window import Window
from reports.summary import window_report
from ui.filters import today_local
from ui.plain_text import as_text


def shown_metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def expected_metrics(summary: Summary, lang: str) -> dict[str, str]:
    return {
        metric_label(domain, key, lang): format_figure(key, value, lang)
        for domain in DOMAINS
        for key, value in summary.current.domain(domain).scalars().items()
    }


def summary_for(window: Window, scope: list[str], lang: str = "zh") -> Summary:
    settings = get_settings()
    engine = engine_for(settings.database_url)
    return window_report(engine, window, scope, thresholds=settings.thresholds, lang=lang).summary


def test_overview_opens_on_the_last_complete_week_in_chinese(demo_app: AppTest) -> None:
    demo_app.run()
    assert not demo_app.exception
    assert demo_app.title[0].value == "总览"
    week = Window.last_complete_week(today_local()).week
    assert week in demo_app.caption[0].value


def test_every_kpi_on_the_overview_equals_the_summary_for_that_week(demo_app: AppTest) -> None:
    demo_app.run()
    window = Window.last_complete_week(today_local())
    summary = summary_for(window, sorted(demo_app.session_state["streetdash_filters"].names))
    shown = shown_metrics(demo_app)
    assert shown == expected_metrics(summary, "zh")


def test_cli_summary_gives_the_numbers_the_overview_shows(
    demo_app: AppTest, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_app.run()
    week = Window.last_complete_week(today_local()).week
    assert cli.main(["summary", "--week", str(week), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert shown_metrics(demo_app) == expected_metrics(Summary.from_json(printed), "zh")
    table = demo_app.dataframe[-1].value
    assert table.to_dict("records") == printed["by_community"]


def test_every_alert_is_listed_under_its_severity(demo_app: AppTest) -> None:
    demo_app.run()
    summary = summary_for(
        Window.last_complete_week(today_local()),
        sorted(demo_app.session_state["streetdash_filters"].names),
    )
    assert summary.alerts, "the demo street's last week must raise alerts"
    assert len(demo_app.expander) >= len(summary.alerts)
    messages = [markdown.value for expander in demo_app.expander for markdown in expander.markdown]
    for alert in summary.alerts:
        assert as_text(alert.message) in messages  # drawn as text, not as Markdown


def test_choosing_one_community_scopes_every_figure_to_it(demo_app: AppTest) -> None:
    demo_app.run()
    demo_app.multiselect(key="communities").set_value(["YH03"]).run()
    assert not demo_app.exception
    summary = summary_for(Window.last_complete_week(today_local()), ["YH03"])
    assert shown_metrics(demo_app) == expected_metrics(summary, "zh")
    assert [row["community"] for row in demo_app.dataframe[-1].value.to_dict("records")] == ["YH03"]


def test_an_earlier_week_can_be_chosen(demo_app: AppTest) -> None:
    demo_app.run()
    earlier = Window.last_complete_week(today_local()).previous(4)
    demo_app.selectbox(key="window_week_zh").set_value(earlier).run()
    assert not demo_app.exception
    summary = summary_for(earlier, sorted(demo_app.session_state["streetdash_filters"].names))
    assert shown_metrics(demo_app) == expected_metrics(summary, "zh")


def test_the_english_switch_speaks_english(demo_app: AppTest) -> None:
    demo_app.run()
    earlier = Window.last_complete_week(today_local()).previous(2)
    demo_app.selectbox(key="window_week_zh").set_value(earlier).run()
    demo_app.segmented_control(key="lang").set_value("en").run()
    assert not demo_app.exception
    assert demo_app.title[0].value == "Overview"
    assert metric_label("disputes", "new", "en") in shown_metrics(demo_app)
    week = demo_app.selectbox(key="window_week_en")
    assert week.value == earlier, "switching language keeps the chosen week"
    assert week.format_func(week.value).startswith(f"{earlier.week} (")


@pytest.mark.parametrize("page", ["overview", "disputes"])
def test_chosen_communities_are_named_with_commas_in_english(demo_app: AppTest, page: str) -> None:
    demo_app.run()
    demo_app.multiselect(key="communities").set_value(["YH01", "YH03"]).run()
    demo_app.segmented_control(key="lang").set_value("en").run()
    demo_app.switch_page(f"pages/{page}.py").run()
    assert not demo_app.exception
    names = demo_app.session_state["streetdash_filters"].names
    captions = [caption.value for caption in demo_app.caption]
    assert any(f"Scope: {names['YH01']}, {names['YH03']} ·" in text for text in captions), captions


def test_an_empty_database_gets_a_clear_message_not_an_error(empty_app: AppTest) -> None:
    empty_app.run()
    assert not empty_app.exception
    assert empty_app.info[0].value == t("no_communities", "zh")
