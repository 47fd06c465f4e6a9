"""矛盾纠纷: what came in and was resolved, where, of which kind, and how old the backlog is."""

import pandas as pd
import streamlit as st

from charts.disputes import (
    backlog_age_chart,
    category_chart,
    category_heat_map,
    local_rate_chart,
    per_community_chart,
    weekly_flow_chart,
)
from i18n import t
from metrics.disputes import new_disputes
from metrics.frames import DISPUTE_COLUMNS
from metrics.series import (
    backlog_by_age,
    new_by_category_and_community,
    overdue_with_age,
)
from ui.community_table import clickable_communities, column_headers
from ui.dispute_text import dispute_records
from ui.kpis import domain_section
from ui.pdf_export import export_view_pdf
from ui.views import chart, headers, open_view, top_communities

view = open_view("page_disputes")
export_view_pdf("page_disputes", domains=["disputes"])
lang, frames, window, names = view.lang, view.frames, view.window, view.filters.names
figures = view.summary.current.disputes
domain_section("disputes", view.summary, lang, with_heading=False)

st.subheader(t("section_trend", lang), help=view.span_text())
flow = view.series["flow"]
has_flow = bool(flow[["new", "resolved"]].to_numpy().sum())
chart(weekly_flow_chart, flow, lang, has_data=has_flow, lang=lang, empty_key="empty_span")
chart(local_rate_chart, flow, lang, has_data=has_flow, lang=lang, empty_key="empty_span")

st.subheader(t("section_where", lang))
has_new = figures.new > 0
chart(
    category_chart,
    figures.by_category,
    lang,
    has_data=has_new,
    lang=lang,
    empty_key="empty_window",
)
by_community = pd.DataFrame(view.summary.by_community)
new_label = headers(lang, "disputes_new")["disputes_new"]
charted = top_communities(by_community, "disputes_new", new_label, lang)
chart(per_community_chart, charted, lang, has_data=has_new, lang=lang, empty_key="empty_window")
heat = new_by_category_and_community(frames.disputes, frames.communities, window)
heat = top_communities(heat, "new", new_label, lang)
chart(category_heat_map, heat, lang, has_data=has_new, lang=lang, empty_key="empty_window")
community_headers = headers(
    lang,
    "name",
    "disputes_new",
    "disputes_per_10k",
    "disputes_open_at_end",
    "disputes_overdue_at_end",
)
clickable_communities(
    by_community,
    key="disputes_communities",
    lang=lang,
    column_config=column_headers(by_community, community_headers),
)

st.subheader(t("section_backlog", lang))
backlog = backlog_by_age(frames.disputes, window.end)
chart(
    backlog_age_chart,
    backlog,
    lang,
    has_data=bool(backlog["count"].sum()),
    lang=lang,
    empty_key="empty_backlog",
)
overdue = overdue_with_age(frames.disputes, window.end, view.thresholds.overdue_days)
dispute_records(
    overdue,
    headers(lang, *DISPUTE_COLUMNS, "age_days"),
    lang,
    names,
    key="overdue_disputes",
    title=t("list_overdue", lang),
    filter_columns=[t("column_community", lang), t("column_category", lang)],
    sort_by=t("column_age_days", lang),
    descending=True,
)
new = new_disputes(frames.disputes, window)
dispute_records(
    new,
    headers(lang, *DISPUTE_COLUMNS),
    lang,
    names,
    key="new_disputes",
    title=t("list_new_disputes", lang),
    filter_columns=[
        t("column_community", lang),
        t("column_category", lang),
        t("column_status", lang),
    ],
    sort_by=t("column_reported_on", lang),
    descending=True,
)
