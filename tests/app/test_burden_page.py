"""The burden-list view shows exactly what `metrics/` computes for the chosen window."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from i18n import t
from metrics.burden import assigned_items
from metrics.series import (
    department_ranking,
    hours_by_community,
    weekly_assigned_by_kind,
    weekly_reports_year_on_year,
)
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


def test_every_burden_kpi_equals_the_summary_of_the_week(demo_app: AppTest) -> None:
    app = open_page(demo_app, "burden")
    assert app.title[0].value == "减负清单"
    assert shown_metrics(app) == expected_metrics(summary_for(last_week(), scope_of(app)), "burden")


def test_kinds_year_on_year_departments_and_hours_are_the_metrics_results(
    demo_app: AppTest,
) -> None:
    app = open_page(demo_app, "burden")
    window, scope = last_week(), scope_of(app)
    frames = frames_for(window, scope)
    weeks = weeks_for(window)
    by_kind = weekly_assigned_by_kind(frames.burden_items, weeks)
    same(chart_data(app, t("chart_kinds_weekly", "zh"), ["week", "kind", "assigned"]), by_kind)
    reports = weekly_reports_year_on_year(frames.burden_items, weeks)
    columns = ["week", "reports", "reports_year_earlier"]
    same(chart_data(app, t("chart_reports_yoy", "zh"), columns), reports)
    ranking = department_ranking(assigned_items(frames.burden_items, window))
    same(chart_data(app, t("chart_departments", "zh"), list(ranking.columns)), ranking)
    summary = summary_for(window, scope)
    assert dict(zip(ranking["department"], ranking["assigned"], strict=True)) == (
        summary.current.burden.by_department
    )
    hours = hours_by_community(frames.burden_items, frames.communities, window)
    same(
        chart_data(app, t("chart_hours", "zh"), ["community", "hours"]),
        hours[["community", "hours"]],
    )
    assert hours["hours"].sum() == summary.current.burden.hours


def test_a_week_without_records_gets_messages_not_blank_charts(demo_app: AppTest) -> None:
    app = open_page(demo_app, "burden")
    choose_week_without_records(app)
    assert not charts(app)
    assert t("empty_window", "zh") in infos(app)


def test_an_empty_database_gets_a_clear_message(empty_app: AppTest) -> None:
    assert infos(open_page(empty_app, "burden")) == [t("no_communities", "zh")]
