"""Charts of the consultations view (协商议事)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.theme import WIDTH, finished, labelled_bars, weekly_lines
from i18n import enum_label, t


def weekly_meetings_chart(series: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Meetings held week by week (from weekly_consultations), or month by month."""
    measures = {"held": t("series_held", lang)}
    chart = weekly_lines(series, measures, t("chart_axis_meetings", lang), lang, height=200)
    title = "chart_meetings_monthly" if "month" in series.columns else "chart_meetings_weekly"
    return finished(chart, t(title, lang))


def weekly_participants_chart(series: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Participants week by week (from weekly_consultations)."""
    measures = {"participants": t("series_participants", lang)}
    chart = weekly_lines(series, measures, t("chart_axis_people", lang), lang, height=200)
    return finished(chart, t("chart_participants_weekly", lang))


def weekly_consensus_chart(series: pd.DataFrame, lang: str) -> alt.LayerChart:
    """The share of the week's meetings that reached consensus (from weekly_consultations)."""
    measures = {"consensus_rate": t("series_consensus_rate", lang)}
    chart = weekly_lines(
        series, measures, t("chart_axis_rate", lang), lang, is_rate=True, height=200
    )
    return finished(chart, t("chart_consensus_weekly", lang), t("chart_consensus_note", lang))


def _by_code(counts: pd.DataFrame, column: str, enum: str, title: str, lang: str) -> alt.LayerChart:
    rows = counts.assign(label=[enum_label(enum, code, lang) for code in counts[column]])
    chart = labelled_bars(
        rows,
        category="label",
        value="count",
        category_title=None,
        value_title=t("chart_axis_meetings", lang),
        width=WIDTH // 2 - 60,
    )
    return finished(chart, title)


def form_chart(counts: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Meetings held in the window by form ({form, count})."""
    return _by_code(counts, "form", "form", t("chart_consultation_forms", lang), lang)


def topic_chart(counts: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Meetings held in the window by topic category ({topic_category, count})."""
    return _by_code(
        counts, "topic_category", "topic_category", t("chart_consultation_topics", lang), lang
    )


def funnel_chart(funnel: pd.DataFrame, lang: str, subtitle: str) -> alt.LayerChart:
    """Held → consensus → implemented, each bar with its share of the meetings held."""
    held = int(funnel["count"].iloc[0]) if not funnel.empty else 0
    rows = funnel.assign(
        label=[t(f"funnel_{stage}", lang) for stage in funnel["stage"]],
        share=funnel["count"] / held if held else float("nan"),
    )
    chart = labelled_bars(
        rows,
        category="label",
        value="count",
        category_title=None,
        value_title=t("chart_axis_meetings", lang),
        order=list(rows["label"]),
        extra_tooltip=[alt.Tooltip("share:Q", title=t("chart_axis_share", lang), format=".1%")],
    )
    return finished(chart, t("chart_funnel", lang), subtitle)
