"""Charts of the disputes view (矛盾纠纷)."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from charts.theme import WIDTH, finished, heat_map, labelled_bars, weekly_lines
from i18n import enum_label, enum_labels, t
from metrics.codes import DISPUTE_CATEGORIES


def weekly_flow_chart(flow: pd.DataFrame, lang: str) -> alt.LayerChart:
    """New against resolved disputes, week by week (from weekly_dispute_flow), or month by
    month when the flow is by month (a quarter's or a year's)."""
    measures = {
        "new": t("series_new_disputes", lang),
        "resolved": t("series_resolved_disputes", lang),
    }
    chart = weekly_lines(flow, measures, t("chart_axis_cases", lang), lang)
    title = "chart_dispute_flow_monthly" if "month" in flow.columns else "chart_dispute_flow"
    return finished(chart, t(title, lang), t("chart_dispute_flow_note", lang))


def local_rate_chart(flow: pd.DataFrame, lang: str) -> alt.LayerChart:
    """The on-the-spot resolution rate week by week, as information, not as a target."""
    measures = {"local_rate": t("series_local_rate", lang)}
    chart = weekly_lines(flow, measures, t("chart_axis_rate", lang), lang, is_rate=True)
    return finished(chart, t("chart_local_rate", lang), t("chart_local_rate_note", lang))


def category_chart(by_category: Mapping[str, int], lang: str) -> alt.LayerChart:
    """New disputes by category (the summary's by_category), every category listed."""
    rows = pd.DataFrame(
        {
            "category": list(by_category),
            "label": [enum_label("category", code, lang) for code in by_category],
            "new": list(by_category.values()),
        }
    )
    chart = labelled_bars(
        rows,
        category="label",
        value="new",
        category_title=t("chart_axis_category", lang),
        value_title=t("chart_axis_cases", lang),
    )
    return finished(chart, t("chart_dispute_categories", lang))


def per_community_chart(by_community: pd.DataFrame, lang: str) -> alt.HConcatChart:
    """Per community: new disputes, and new disputes per 10,000 residents, side by side."""
    order = list(by_community.sort_values("community")["name"])
    common = {"category": "name", "category_title": None, "order": order, "width": WIDTH // 2 - 60}
    absolute = labelled_bars(
        by_community,
        value="disputes_new",
        value_title=t("chart_axis_cases", lang),
        **common,  # type: ignore[arg-type]
    ).properties(title=t("series_new_disputes", lang))
    relative = labelled_bars(
        by_community,
        value="disputes_per_10k",
        value_title=t("chart_axis_per_10k", lang),
        is_decimal=True,
        **common,  # type: ignore[arg-type]
    ).properties(title=t("series_per_10k", lang))
    chart = alt.hconcat(absolute, relative)
    return finished(chart, t("chart_dispute_per_community", lang))


def backlog_age_chart(backlog: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Disputes open at the window's end by age bucket (from backlog_by_age)."""
    rows = backlog.assign(label=[t(f"age_bucket_{code}", lang) for code in backlog["bucket"]])
    chart = labelled_bars(
        rows,
        category="label",
        value="count",
        category_title=t("chart_axis_age", lang),
        value_title=t("chart_axis_cases", lang),
        order=list(rows["label"]),
    )
    return finished(chart, t("chart_backlog_age", lang), t("chart_backlog_age_note", lang))


def category_heat_map(rows: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Category × community counts of new disputes; categories with no case are left out."""
    totals = rows.groupby("category")["new"].sum()
    shown = [code for code in DISPUTE_CATEGORIES if totals.get(code, 0) > 0]
    labels = enum_labels("category", lang)
    cells = rows[rows["category"].isin(shown)].assign(
        label=lambda frame: frame["category"].map(labels)
    )
    chart = heat_map(
        cells,
        x="label",
        y="name",
        value="new",
        x_title=t("chart_axis_category", lang),
        y_title=t("chart_axis_community", lang),
        value_title=t("chart_axis_cases", lang),
        x_order=[labels[code] for code in shown],
        y_order=list(cells.sort_values("community")["name"].drop_duplicates()),
    )
    return finished(chart, t("chart_dispute_heat_map", lang))
