"""社会组织孵化: the pipeline, who incubates what, the guidance per community and "八个一"."""

import streamlit as st

from charts.organizations import (
    by_code_chart,
    per_community_chart,
    pipeline_chart,
    standard_rate_chart,
    weekly_activities_chart,
    weekly_activity_participants_chart,
)
from i18n import t
from metrics.series import (
    GUIDANCE_ORGS_PER_COMMUNITY,
    active_by,
    eight_items_matrix,
    inactive_with_last_activity,
    organization_pipeline,
    organizations_by_community,
)
from ui.community_table import clickable_communities, column_headers
from ui.kpis import domain_section
from ui.pdf_export import export_view_pdf
from ui.records import labelled, record_list
from ui.views import chart, eight_items_headers, headers, open_view, top_communities

view = open_view("page_organizations")
export_view_pdf("page_organizations", domains=["organizations"])
lang, frames, window, names = view.lang, view.frames, view.window, view.filters.names
organizations = frames.organizations
as_org_name = {"name": "org_name"}
domain_section("organizations", view.summary, lang, with_heading=False)

st.subheader(t("section_pipeline", lang))
pipeline = organization_pipeline(organizations, window.end)
has_orgs = bool(pipeline["count"].sum())
chart(pipeline_chart, pipeline, lang, has_data=has_orgs, lang=lang, empty_key="empty_orgs")
has_active = view.summary.current.organizations.active > 0
left, right = st.columns(2)
for column, field, enum in ((left, "category", "org_category"), (right, "incubator", "incubator")):
    with column:
        counts = active_by(organizations, window.end, field)
        chart(
            by_code_chart,
            counts,
            field,
            enum,
            lang,
            has_data=has_active,
            lang=lang,
            empty_key="empty_orgs",
        )

st.subheader(t("section_per_community", lang))
per_community = organizations_by_community(organizations, frames.communities, window.end)
charted = top_communities(per_community, "active", headers(lang, "active")["active"], lang)
chart(
    per_community_chart,
    charted,
    GUIDANCE_ORGS_PER_COMMUNITY,
    lang,
    has_data=has_active,
    lang=lang,
    empty_key="empty_orgs",
)
chart(standard_rate_chart, charted, lang, has_data=has_active, lang=lang, empty_key="empty_orgs")
clickable_communities(
    per_community,
    key="organizations_communities",
    lang=lang,
    column_config=column_headers(
        per_community, headers(lang, "name", "active", "standard", "standard_rate")
    ),
)

st.subheader(t("section_eight_items", lang))
matrix = eight_items_matrix(organizations, window.end).rename(columns=as_org_name)
record_list(
    labelled(matrix, eight_items_headers(lang), lang, names, marks=True),
    key="eight_items",
    title=t("list_eight_items", lang),
    lang=lang,
    filter_columns=[t("column_community", lang)],
    sort_by=t("column_missing", lang),
    descending=True,
)

st.subheader(t("section_activity", lang), help=view.span_text())
activity = view.series["weekly"]
has_activity = bool(activity["activities"].sum())
chart(
    weekly_activities_chart,
    activity,
    lang,
    has_data=has_activity,
    lang=lang,
    empty_key="empty_span",
)
chart(
    weekly_activity_participants_chart,
    activity,
    lang,
    has_data=has_activity,
    lang=lang,
    empty_key="empty_span",
)
inactive = inactive_with_last_activity(
    organizations, frames.org_activities, window.end, view.thresholds.inactive_days
).rename(columns=as_org_name)
record_list(
    labelled(
        inactive,
        headers(
            lang,
            "org_no",
            "org_name",
            "community",
            "category",
            "incubator",
            "entered_on",
            "last_activity",
        ),
        lang,
        names,
        {"category": "org_category"},
    ),
    key="inactive_organizations",
    title=t("list_inactive", lang, days=view.thresholds.inactive_days),
    lang=lang,
    filter_columns=[t("column_community", lang)],
)
