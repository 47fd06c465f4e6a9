"""减负清单: what departments push down onto communities, and what should not have come."""

import streamlit as st

from charts.burden import (
    department_chart,
    hours_chart,
    list_status_chart,
    reports_year_on_year_chart,
    weekly_kind_chart,
)
from i18n import t
from metrics.burden import assigned_items, returned_items, unfunded_assist_items
from metrics.series import (
    assigned_by_list_status,
    department_ranking,
    hours_by_community,
)
from ui.community_table import clickable_communities, column_headers
from ui.kpis import domain_section
from ui.pdf_export import export_view_pdf
from ui.records import labelled, record_list
from ui.views import BURDEN_COLUMNS, chart, headers, open_view, top_communities

view = open_view("page_burden")
export_view_pdf("page_burden", domains=["burden"])
lang, frames, window, names = view.lang, view.frames, view.window, view.filters.names
items = frames.burden_items
domain_section("burden", view.summary, lang, with_heading=False)

st.subheader(t("section_trend", lang), help=view.span_text())
by_kind = view.series["by_kind"]
chart(
    weekly_kind_chart,
    by_kind,
    lang,
    has_data=bool(by_kind["assigned"].sum()),
    lang=lang,
    empty_key="empty_span",
)
reports = view.series["reports"]
has_reports = bool(reports[["reports", "reports_year_earlier"]].to_numpy().sum())
chart(
    reports_year_on_year_chart,
    reports,
    lang,
    has_data=has_reports,
    lang=lang,
    empty_key="empty_span",
)

st.subheader(t("section_window_items", lang))
assigned = assigned_items(items, window)
has_assigned = not assigned.empty
chart(
    list_status_chart,
    assigned_by_list_status(assigned),
    lang,
    has_data=has_assigned,
    lang=lang,
    empty_key="empty_window",
)
ranking = department_ranking(assigned)
chart(department_chart, ranking, lang, has_data=has_assigned, lang=lang, empty_key="empty_window")
hours = hours_by_community(items, frames.communities, window)
charted = top_communities(hours, "hours", headers(lang, "hours")["hours"], lang)
chart(hours_chart, charted, lang, has_data=has_assigned, lang=lang, empty_key="empty_window")
clickable_communities(
    hours,
    key="burden_communities",
    lang=lang,
    column_config=column_headers(hours, headers(lang, "name", "assigned", "hours")),
)

st.subheader(t("section_items", lang))
columns = headers(lang, *BURDEN_COLUMNS)
record_list(
    labelled(
        ranking,
        headers(lang, "department", "assigned", "unapproved", "negative_list", "off_list"),
        lang,
        names,
    ),
    key="department_ranking",
    title=t("list_departments", lang),
    lang=lang,
    sort_by=t("series_assigned", lang),
    descending=True,
)
for key, rows, sort in (
    ("returned_items", returned_items(items, window), "column_outcome_on"),
    ("unfunded_assist_items", unfunded_assist_items(assigned), "column_assigned_on"),
    ("assigned_items", assigned, "column_assigned_on"),
):
    record_list(
        labelled(rows, columns, lang, names),
        key=key,
        title=t(f"list_{key}", lang),
        lang=lang,
        sort_by=t(sort, lang),
        descending=True,
        filter_columns=[
            t("column_community", lang),
            t("column_department", lang),
            t("column_kind", lang),
        ],
    )
