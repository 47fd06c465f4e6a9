"""Charts of the organisation incubation view (社会组织孵化)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.theme import (
    INK,
    WIDTH,
    finished,
    labelled_bars,
    weekly_lines,
)
from i18n import enum_label, t
from metrics.codes import ORG_ACTIVE_STAGES

ENDED_BAR = "#bdbdbd"


def pipeline_chart(pipeline: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Incubating → filed → registered (dark), then dormant and dissolved (light)."""
    rows = pipeline.assign(
        label=[enum_label("stage", code, lang) for code in pipeline["stage"]],
        group=[
            t("pipeline_active" if code in ORG_ACTIVE_STAGES else "pipeline_ended", lang)
            for code in pipeline["stage"]
        ],
    )
    chart = labelled_bars(
        rows,
        category="label",
        value="count",
        category_title=None,
        value_title=t("chart_axis_orgs", lang),
        order=list(rows["label"]),
        extra_tooltip=[alt.Tooltip("group:N", title=t("chart_axis_group", lang))],
    )
    bars, labels = chart.layer
    groups = [t("pipeline_active", lang), t("pipeline_ended", lang)]
    colored = bars.encode(
        color=alt.Color(
            "group:N",
            title=None,
            scale=alt.Scale(domain=groups, range=["#555555", ENDED_BAR]),
        )
    )
    layered = alt.layer(colored, labels, data=chart.data).properties(
        width=chart.width, height=chart.height
    )
    return finished(layered, t("chart_pipeline", lang))


def by_code_chart(counts: pd.DataFrame, column: str, enum: str, lang: str) -> alt.LayerChart:
    """Active organisations by category or incubator ({column, count})."""
    rows = counts.assign(label=[enum_label(enum, code, lang) for code in counts[column]])
    chart = labelled_bars(
        rows,
        category="label",
        value="count",
        category_title=None,
        value_title=t("chart_axis_orgs", lang),
        width=WIDTH // 2 - 60,
    )
    return finished(chart, t(f"chart_orgs_by_{column}", lang))


def per_community_chart(rows: pd.DataFrame, guidance: int, lang: str) -> alt.LayerChart:
    """Active organisations per community against the guidance line (dashed)."""
    order = list(rows.sort_values("community")["name"])
    chart = labelled_bars(
        rows,
        category="name",
        value="active",
        category_title=None,
        value_title=t("chart_axis_orgs", lang),
        order=order,
    )
    rule = (
        alt.Chart(pd.DataFrame({"guidance": [guidance]}))
        .mark_rule(color=INK, strokeDash=[6, 3], strokeWidth=1.5)
        .encode(x="guidance:Q")
    )
    note = (
        alt.Chart(pd.DataFrame({"guidance": [guidance], "text": [t("guidance_line", lang)]}))
        .mark_text(align="left", dx=4, dy=-6, baseline="bottom", color=INK, fontSize=11)
        .encode(x="guidance:Q", y=alt.value(0), text="text:N")
    )
    layered = alt.layer(*chart.layer, rule, note, data=chart.data).properties(
        width=chart.width, height=chart.height
    )
    subtitle = t("guidance_note", lang, count=guidance)
    return finished(layered, t("chart_orgs_per_community", lang), subtitle)


def standard_rate_chart(rows: pd.DataFrame, lang: str) -> alt.LayerChart:
    """The "八个一" compliance rate per community (organisations_by_community)."""
    order = list(rows.sort_values("community")["name"])
    chart = labelled_bars(
        rows,
        category="name",
        value="standard_rate",
        category_title=None,
        value_title=t("chart_axis_rate", lang),
        order=order,
        is_rate=True,
    )
    return finished(chart, t("chart_standard_rate", lang))


def weekly_activities_chart(series: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Activities and participants week by week (from weekly_activities)."""
    measures = {"activities": t("series_activities", lang)}
    chart = weekly_lines(series, measures, t("chart_axis_activities", lang), lang, height=200)
    return finished(chart, t("chart_activities_weekly", lang))


def weekly_activity_participants_chart(series: pd.DataFrame, lang: str) -> alt.LayerChart:
    measures = {"participants": t("series_participants", lang)}
    chart = weekly_lines(series, measures, t("chart_axis_people", lang), lang, height=200)
    return finished(chart, t("chart_activity_participants_weekly", lang))
