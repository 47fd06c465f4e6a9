"""社区画像: one community across the four domains, its alerts, and its weeks against the street."""

import streamlit as st

from charts.community import against_median_chart
from data_access.settings import get_settings
from i18n import t
from metrics.community import PROFILE_MEASURES, against_median
from ui.alerts import alert_list
from ui.cached import alert_records
from ui.kpis import domain_section
from ui.pdf_export import export_view_pdf
from ui.views import chart, chosen_community, community_report, open_view

view = open_view("page_community")
lang, names = view.lang, view.filters.names
code = chosen_community(view.filters)
export_view_pdf("page_community", community=code)
report = community_report(view, code)
facts = report.frames.communities.iloc[0]
st.caption(
    t(
        "profile_facts",
        lang,
        population=f"{int(facts['population']):,}",
        households=f"{int(facts['households']):,}",
        grids=int(facts["grids"]),
    )
)

for domain in ("disputes", "consultations", "organizations", "burden"):
    domain_section(domain, report.summary, lang)

records = alert_records(get_settings().database_url, view.window, (code,), lang, report.frames)
alert_list(report.summary.alerts, records, names, lang, with_profile_links=False)

st.subheader(t("profile_trend", lang), help=view.span_text())
st.caption(t("profile_trend_note", lang, count=len(view.filters.scope)))
trend = against_median(view.series["weekly"], code)
left, right = st.columns(2)
for position, measure in enumerate(PROFILE_MEASURES):
    rows = trend[trend["measure"].eq(measure)]
    has_data = bool(rows[["value", "median"]].to_numpy().sum())
    with left if position % 2 == 0 else right:
        chart(
            against_median_chart,
            trend,
            measure,
            names[code],
            lang,
            has_data=has_data,
            lang=lang,
            empty_key="empty_span",
        )
