"""The consultations view shows exactly what `metrics/` computes for the chosen window."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from i18n import t
from metrics.consultations import pending_implementation_at
from metrics.series import consultation_funnel, span_of, weekly_consultations
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


def test_every_consultation_kpi_equals_the_summary_of_the_week(demo_app: AppTest) -> None:
    app = open_page(demo_app, "consultations")
    assert app.title[0].value == "协商议事"
    assert shown_metrics(app) == expected_metrics(
        summary_for(last_week(), scope_of(app)), "consultations"
    )


def test_weekly_series_funnel_and_forms_are_the_metrics_results(demo_app: AppTest) -> None:
    app = open_page(demo_app, "consultations")
    window, scope = last_week(), scope_of(app)
    frames = frames_for(window, scope)
    weeks = weeks_for(window)
    series = weekly_consultations(frames.consultations, weeks)
    columns = ["week", "held", "participants", "with_consensus", "consensus_rate"]
    same(chart_data(app, t("chart_meetings_weekly", "zh"), columns), series[columns])
    funnel = consultation_funnel(frames.consultations, span_of(weeks))
    same(chart_data(app, t("chart_funnel", "zh"), ["stage", "count"]), funnel)
    by_form = chart_data(app, t("chart_consultation_forms", "zh"), ["form", "count"])
    summary = summary_for(window, scope)
    assert dict(zip(by_form["form"], by_form["count"], strict=True)) == (
        summary.current.consultations.by_form
    )


def test_pending_consensus_is_listed_oldest_first(demo_app: AppTest) -> None:
    app = open_page(demo_app, "consultations")
    window = last_week()
    pending = pending_implementation_at(frames_for(window, scope_of(app)).consultations, window.end)
    table = next(frame.value for frame in app.dataframe if "议事后已过天数" in frame.value.columns)
    assert sorted(table["编号"]) == sorted(pending["ref"])
    assert list(table["议事后已过天数"]) == sorted(table["议事后已过天数"], reverse=True)


def test_a_week_without_records_gets_messages_not_blank_charts(demo_app: AppTest) -> None:
    app = open_page(demo_app, "consultations")
    choose_week_without_records(app)
    assert not charts(app)
    assert t("empty_span", "zh") in infos(app)
    assert shown_metrics(app)["共识达成率"] == "—"


def test_an_empty_database_gets_a_clear_message(empty_app: AppTest) -> None:
    assert infos(open_page(empty_app, "consultations")) == [t("no_communities", "zh")]
