"""协商议事: how often communities meet, whether they agree, and whether it is carried out."""

import streamlit as st

from charts.consultations import (
    form_chart,
    funnel_chart,
    topic_chart,
    weekly_consensus_chart,
    weekly_meetings_chart,
    weekly_participants_chart,
)
from i18n import t
from metrics.consultations import held_consultations
from metrics.series import held_by_topic_category, pending_with_age
from ui.kpis import domain_section
from ui.pdf_export import export_view_pdf
from ui.records import labelled, record_list
from ui.views import CONSULTATION_COLUMNS, chart, headers, open_view, show_counts

view = open_view("page_consultations")
export_view_pdf("page_consultations", domains=["consultations"])
lang, frames, window, names = view.lang, view.frames, view.window, view.filters.names
domain_section("consultations", view.summary, lang, with_heading=False)

st.subheader(t("section_trend", lang), help=view.span_text())
series = view.series["weekly"]
has_meetings = bool(series["held"].sum())
for build in (weekly_meetings_chart, weekly_participants_chart, weekly_consensus_chart):
    chart(build, series, lang, has_data=has_meetings, lang=lang, empty_key="empty_span")
funnel = view.series["funnel"]
chart(
    funnel_chart,
    funnel,
    lang,
    view.span_text(),
    has_data=has_meetings,
    lang=lang,
    empty_key="empty_span",
)

st.subheader(t("section_what", lang))
held = held_consultations(frames.consultations, window)
by_form = show_counts(view.summary.current.consultations.by_form, "form")
left, right = st.columns(2)
with left:
    chart(form_chart, by_form, lang, has_data=not held.empty, lang=lang, empty_key="empty_window")
with right:
    chart(
        topic_chart,
        held_by_topic_category(held),
        lang,
        has_data=not held.empty,
        lang=lang,
        empty_key="empty_window",
    )

st.subheader(t("section_follow_up", lang))
pending = pending_with_age(frames.consultations, window.end).rename(
    columns={"age_days": "pending_days"}
)
record_list(
    labelled(pending, headers(lang, *CONSULTATION_COLUMNS, "pending_days"), lang, names),
    key="pending_consensus",
    title=t("list_pending_consensus", lang),
    lang=lang,
    filter_columns=[t("column_community", lang), t("column_implementation", lang)],
    sort_by=t("column_pending_days", lang),
    descending=True,
)
days = view.thresholds.no_consultation_days
quiet = view.series["quiet"]
st.markdown(f"**{t('list_quiet_communities', lang, days=days)}**")
if quiet.empty:
    st.success(t("quiet_none", lang, days=days))
else:
    record_list(
        labelled(quiet, headers(lang, "community", "last_held"), lang, names),
        key="quiet_communities",
        title=t("list_quiet_hint", lang),
        lang=lang,
    )
record_list(
    labelled(held, headers(lang, *CONSULTATION_COLUMNS), lang, names),
    key="held_consultations",
    title=t("list_held", lang),
    lang=lang,
    filter_columns=[
        t("column_community", lang),
        t("column_form", lang),
        t("column_topic_category", lang),
    ],
    sort_by=t("column_held_on", lang),
    descending=True,
)
