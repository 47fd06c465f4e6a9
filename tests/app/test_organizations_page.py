"""The organisation view shows exactly what `metrics/` computes for the chosen window."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from i18n import t
from metrics.series import (
    eight_items_matrix,
    organization_pipeline,
    organizations_by_community,
    weekly_activities,
)
from tests.app.views_shown import (
    chart_data,
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


def test_every_organization_kpi_equals_the_summary_of_the_week(demo_app: AppTest) -> None:
    app = open_page(demo_app, "organizations")
    assert app.title[0].value == "社会组织孵化"
    summary = summary_for(last_week(), scope_of(app))
    assert shown_metrics(app) == expected_metrics(summary, "organizations")


def test_pipeline_per_community_and_activities_are_the_metrics_results(demo_app: AppTest) -> None:
    app = open_page(demo_app, "organizations")
    window, scope = last_week(), scope_of(app)
    frames = frames_for(window, scope)
    summary = summary_for(window, scope)
    pipeline = organization_pipeline(frames.organizations, window.end)
    same(chart_data(app, t("chart_pipeline", "zh"), ["stage", "count"]), pipeline)
    active_stages = dict(zip(pipeline["stage"], pipeline["count"], strict=True))
    by_stage = summary.current.organizations.by_stage
    assert {stage: active_stages[stage] for stage in by_stage} == by_stage
    per_community = organizations_by_community(frames.organizations, frames.communities, window.end)
    columns = ["community", "active", "standard", "standard_rate"]
    same(chart_data(app, t("chart_orgs_per_community", "zh"), columns), per_community[columns])
    assert per_community["active"].sum() == summary.current.organizations.active
    activity = weekly_activities(frames.org_activities, weeks_for(window))
    columns = ["week", "activities", "participants"]
    same(chart_data(app, t("chart_activities_weekly", "zh"), columns), activity[columns])


def test_the_eight_items_matrix_marks_every_missing_item(demo_app: AppTest) -> None:
    app = open_page(demo_app, "organizations")
    window = last_week()
    matrix = eight_items_matrix(frames_for(window, scope_of(app)).organizations, window.end)
    table = next(frame.value for frame in app.dataframe if "章程" in frame.value.columns)
    assert len(table) == len(matrix)
    items = [
        "章程",
        "登记备案表",
        "负责人",
        "固定场所",
        "年度计划",
        "年度总结",
        "活动记录册",
        "重大活动报告表",
    ]
    marked = table[items].eq(t("mark_missing", "zh")).sum().sum()
    assert marked == matrix["missing"].sum() > 0


def test_an_empty_database_gets_a_clear_message(empty_app: AppTest) -> None:
    assert infos(open_page(empty_app, "organizations")) == [t("no_communities", "zh")]
