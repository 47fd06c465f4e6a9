"""The disputes view shows exactly what `metrics/` computes for the chosen window and scope."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from i18n import enum_label, t
from metrics.disputes import new_disputes, overdue_at
from metrics.series import backlog_by_age, new_by_category_and_community, weekly_dispute_flow
from tests.app.views_shown import (
    chart_data,
    charts,
    choose_week_without_records,
    expected_metrics,
    frames_for,
    infos,
    last_week,
    open_page,
    same,
    scope_of,
    shown_metrics,
    summary_for,
    weeks_for,
)


def test_every_dispute_kpi_equals_the_summary_of_the_week(demo_app: AppTest) -> None:
    app = open_page(demo_app, "disputes")
    assert app.title[0].value == "矛盾纠纷"
    summary = summary_for(last_week(), scope_of(app))
    assert shown_metrics(app) == expected_metrics(summary, "disputes")


def test_every_kpi_carries_its_glossary_definition_as_help(demo_app: AppTest) -> None:
    app = open_page(demo_app, "disputes")
    helps = {metric.label: metric.help for metric in app.metric}
    assert helps["超期在办"] == t("def_disputes_overdue_at_end", "zh", overdue_days=30)
    assert "不作为考核目标" in helps["就地化解率"]


def test_the_weekly_flow_and_local_rate_are_the_metrics_week_by_week(demo_app: AppTest) -> None:
    app = open_page(demo_app, "disputes")
    frames = frames_for(last_week(), scope_of(app))
    flow = weekly_dispute_flow(frames.disputes, weeks_for(last_week()))
    assert len(flow) == 26
    columns = ["week", "new", "resolved", "resolved_locally", "local_rate"]
    same(chart_data(app, t("chart_dispute_flow", "zh"), columns), flow[columns])
    same(chart_data(app, t("chart_local_rate", "zh"), columns), flow[columns])


def test_a_longer_span_draws_52_weeks(demo_app: AppTest) -> None:
    app = open_page(demo_app, "disputes")
    app.segmented_control(key="trend_weeks_zh").set_value(52).run()
    assert not app.exception
    frames = frames_for(last_week(), scope_of(app), weeks=52)
    flow = weekly_dispute_flow(frames.disputes, weeks_for(last_week(), 52))
    shown = chart_data(app, t("chart_dispute_flow", "zh"), ["week", "new", "resolved"])
    assert len(shown) == 52
    same(shown, flow[["week", "new", "resolved"]])


def test_categories_communities_and_backlog_are_the_metrics_results(demo_app: AppTest) -> None:
    app = open_page(demo_app, "disputes")
    window, scope = last_week(), scope_of(app)
    summary = summary_for(window, scope)
    frames = frames_for(window, scope)
    by_category = chart_data(app, t("chart_dispute_categories", "zh"), ["category", "new"])
    assert dict(zip(by_category["category"], by_category["new"], strict=True)) == (
        summary.current.disputes.by_category
    )
    per_community = chart_data(
        app, t("chart_dispute_per_community", "zh"), ["community", "disputes_new"]
    )
    expected = pd.DataFrame(summary.by_community)[["community", "disputes_new"]]
    same(per_community, expected)
    backlog = backlog_by_age(frames.disputes, window.end)
    same(chart_data(app, t("chart_backlog_age", "zh"), ["bucket", "count"]), backlog)
    assert backlog["count"].iloc[-1] == summary.current.disputes.overdue_at_end
    heat = new_by_category_and_community(frames.disputes, frames.communities, window)
    shown_heat = chart_data(
        app, t("chart_dispute_heat_map", "zh"), ["community", "category", "new"]
    )
    assert shown_heat["new"].sum() == heat["new"].sum() == summary.current.disputes.new


def test_the_overdue_and_new_lists_hold_the_cases_the_metrics_name(demo_app: AppTest) -> None:
    app = open_page(demo_app, "disputes")
    window, scope = last_week(), scope_of(app)
    frames = frames_for(window, scope)
    overdue = overdue_at(frames.disputes, window.end, 30)
    new = new_disputes(frames.disputes, window)
    lists = {frame.value.columns[0]: frame.value for frame in app.dataframe}
    tables = [frame.value for frame in app.dataframe if "案件编号" in frame.value.columns]
    assert sorted(tables[0]["案件编号"]) == sorted(overdue["case_no"])
    assert sorted(tables[1]["案件编号"]) == sorted(new["case_no"])
    assert lists, "the page lists records"
    for table in tables:
        assert "简要情况" not in table.columns and "summary" not in table.columns
        assert set(table["类别"]) <= {
            enum_label("category", code, "zh") for code in new["category"]
        } | {enum_label("category", code, "zh") for code in overdue["category"]}


def test_the_search_box_narrows_the_list(demo_app: AppTest) -> None:
    app = open_page(demo_app, "disputes")
    first = [frame.value for frame in app.dataframe if "案件编号" in frame.value.columns][1]
    case_no = first["案件编号"].iloc[0]
    app.text_input(key="new_disputes_search").input(case_no).run()
    narrowed = [frame.value for frame in app.dataframe if "案件编号" in frame.value.columns][1]
    assert list(narrowed["案件编号"]) == [case_no]


def test_one_community_scopes_every_figure(demo_app: AppTest) -> None:
    app = open_page(demo_app, "disputes")
    app.multiselect(key="communities").set_value(["YH02"]).run()
    assert not app.exception
    summary = summary_for(last_week(), ["YH02"])
    assert shown_metrics(app) == expected_metrics(summary, "disputes")


def test_a_week_without_records_gets_messages_not_blank_charts(demo_app: AppTest) -> None:
    app = open_page(demo_app, "disputes")
    choose_week_without_records(app)
    assert not charts(app)
    assert t("empty_span", "zh") in infos(app)
    assert t("empty_window", "zh") in infos(app)
    assert shown_metrics(app)["化解成功率"] == "—"


def test_an_empty_database_gets_a_clear_message(empty_app: AppTest) -> None:
    app = open_page(empty_app, "disputes")
    assert infos(app) == [t("no_communities", "zh")]
