"""Charts of the burden-list view (减负清单)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.theme import (
    BAR,
    HEIGHT,
    INK,
    WIDTH,
    finished,
    labelled_bars,
    lookup_expression,
    week_axis,
    week_tooltip,
    weekly_lines,
)
from i18n import enum_label, enum_labels, t
from metrics.codes import BURDEN_KINDS


def weekly_kind_chart(rows: pd.DataFrame, lang: str) -> alt.FacetChart:
    """Items assigned week by week, one small panel per kind (weekly_assigned_by_kind)."""
    labels = enum_labels("kind", lang)
    shown = rows.assign(label=rows["kind"].map(labels))
    panel = (
        alt.Chart()
        .mark_bar(color=BAR, stroke=INK, strokeWidth=0.3)
        .encode(
            x=week_axis(lang),
            y=alt.Y("assigned:Q", title=None, axis=alt.Axis(tickMinStep=1, format="~s")),
            tooltip=[
                week_tooltip(lang),
                alt.Tooltip("label:N", title=t("chart_axis_kind", lang)),
                alt.Tooltip("assigned:Q", title=t("chart_axis_items", lang), format=",d"),
            ],
        )
        .properties(width=WIDTH, height=46)
    )
    chart = panel.facet(
        data=shown,
        row=alt.Row(
            "label:N",
            title=None,
            sort=[labels[code] for code in BURDEN_KINDS],
            header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=120),
        ),
        spacing=4,
    )
    return finished(chart, t("chart_kinds_weekly", lang), t("chart_axis_items", lang))


def list_status_chart(counts: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Items assigned in the window by list status ({list_status, count})."""
    rows = counts.assign(
        label=[enum_label("list_status", code, lang) for code in counts["list_status"]]
    )
    chart = labelled_bars(
        rows,
        category="label",
        value="count",
        category_title=None,
        value_title=t("chart_axis_items", lang),
        order=list(rows["label"]),
    )
    return finished(chart, t("chart_list_status", lang))


def department_chart(ranking: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Departments by items assigned, with their irregular items as darker overlays."""
    measures = {
        "assigned": t("series_assigned", lang),
        "unapproved": t("series_unapproved", lang),
        "negative_list": t("series_negative_list", lang),
        "off_list": t("series_off_list", lang),
    }
    names = list(measures.values())
    order = list(ranking["department"])
    base = (
        alt.Chart(ranking)
        .transform_fold(list(measures), as_=["measure", "value"])
        .transform_calculate(series=lookup_expression("measure", measures))
        .encode(
            y=alt.Y("department:N", title=None, sort=order, axis=alt.Axis(labelLimit=200)),
            yOffset=alt.YOffset("series:N", sort=names),
            x=alt.X("value:Q", title=t("chart_axis_items", lang), axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("department:N", title=t("column_department", lang)),
                alt.Tooltip("series:N", title=t("chart_axis_series", lang)),
                alt.Tooltip("value:Q", title=t("chart_axis_items", lang), format=",d"),
            ],
        )
    )
    bars = base.mark_bar(stroke=INK, strokeWidth=0.5).encode(
        color=alt.Color(
            "series:N",
            title=None,
            sort=names,
            scale=alt.Scale(domain=names, range=["#555555", "#b71c1c", "#1f1f1f", "#d9d9d9"]),
        )
    )
    labels = (
        base.transform_filter("datum.value > 0")
        .mark_text(align="left", dx=3, fontSize=10, color=INK)
        .encode(text=alt.Text("value:Q", format=",d"))
    )
    chart = alt.layer(bars, labels).properties(width=WIDTH, height=max(HEIGHT, 60 * len(ranking)))
    return finished(chart, t("chart_departments", lang), t("chart_departments_note", lang))


def reports_year_on_year_chart(rows: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Report items per week against the same weeks a year earlier (dashed)."""
    measures = {
        "reports": t("series_reports", lang),
        "reports_year_earlier": t("series_reports_year_earlier", lang),
    }
    chart = weekly_lines(rows, measures, t("chart_axis_items", lang), lang)
    return finished(chart, t("chart_reports_yoy", lang), t("chart_reports_yoy_note", lang))


def hours_chart(rows: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Staff hours of the items assigned in the window, per community (hours_by_community)."""
    chart = labelled_bars(
        rows,
        category="name",
        value="hours",
        category_title=None,
        value_title=t("chart_axis_hours", lang),
        order=list(rows.sort_values("community")["name"]),
        is_decimal=True,
        extra_tooltip=[alt.Tooltip("assigned:Q", title=t("series_assigned", lang), format=",d")],
    )
    return finished(chart, t("chart_hours", lang))
