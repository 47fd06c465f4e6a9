"""The community profile: one community's figures, alerts and weeks against the street's median."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import reports.summary
from figures.summary import SqlSummary, sql_summary
from i18n import t
from metrics.community import against_median, weekly_by_community
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
from ui.cached import clear_caches

DOMAINS = ("disputes", "consultations", "organizations", "burden")


def test_the_profile_shows_the_community_the_url_names(demo_app: AppTest) -> None:
    demo_app.query_params["community"] = "YH03"
    app = open_page(demo_app, "community")
    assert app.selectbox(key="profile_community").value == "YH03"
    summary = summary_for(last_week(), ["YH03"])
    expected = {}
    for domain in DOMAINS:
        expected |= expected_metrics(summary, domain)
    assert shown_metrics(app) == expected


def test_the_profile_lists_the_community_alerts(demo_app: AppTest) -> None:
    app = open_page(demo_app, "community")
    code = app.selectbox(key="profile_community").value
    summary = summary_for(last_week(), [code])
    messages = [markdown.value for expander in app.expander for markdown in expander.markdown]
    for alert in summary.alerts:
        assert alert.message in messages


def test_the_trend_is_the_community_against_the_street_median(demo_app: AppTest) -> None:
    demo_app.query_params["community"] = "YH02"
    app = open_page(demo_app, "community")
    window = last_week()
    weekly = weekly_by_community(frames_for(window, scope_of(app)), weeks_for(window))
    trend = against_median(weekly, "YH02")
    rows = trend[trend["measure"].eq("disputes_new")]
    shown = chart_data(
        app, t("profile_measure_disputes_new", "zh"), ["measure", "week", "value", "median"]
    )
    same(shown[shown["measure"].eq("disputes_new")], rows)


def test_choosing_another_community_changes_every_figure(demo_app: AppTest) -> None:
    app = open_page(demo_app, "community")
    app.selectbox(key="profile_community").set_value("YH05").run()
    assert not app.exception
    expected = {}
    summary = summary_for(last_week(), ["YH05"])
    for domain in DOMAINS:
        expected |= expected_metrics(summary, domain)
    assert shown_metrics(app) == expected


def test_an_empty_database_gets_a_clear_message(empty_app: AppTest) -> None:
    assert infos(open_page(empty_app, "community")) == [t("no_communities", "zh")]


def test_the_profile_counts_the_figures_of_its_community_only(
    demo_app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page shows one community's figures: the whole scope's summary is never computed."""
    scopes: list[tuple[str, ...]] = []

    def counted(*args: Any, **options: Any) -> SqlSummary:
        scopes.append(tuple(args[2]))
        return sql_summary(*args, **options)

    monkeypatch.setattr(reports.summary, "sql_summary", counted)
    demo_app.query_params["community"] = "YH03"
    demo_app.run()  # the overview, which does count the whole scope
    clear_caches()
    scopes.clear()
    demo_app.switch_page("pages/community.py").run()
    assert not demo_app.exception
    assert scopes == [("YH03",)]
