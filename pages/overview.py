"""总览: the four domains' headline figures, the alerts, and every community at a glance."""

import streamlit as st

from data_access.settings import get_settings
from i18n import t
from metrics.summary_model import has_year_ago_data
from reports.narrative import written_summary
from ui.alerts import alert_list
from ui.cached import alert_records, load_window_report
from ui.community_table import community_table
from ui.filters import current_filters, period_notes, window_label, year_ago_caption
from ui.kpis import domain_section
from ui.narrative import narrative_block
from ui.phone import first_on_phone, later_on_phone
from ui.plain_text import as_text

filters = current_filters()
lang = filters.lang
st.title(t("page_overview", lang))
if not filters.names:
    st.info(t("no_communities", lang))
    st.stop()

url = get_settings().database_url
report = load_window_report(url, filters.window, filters.scope, lang)
summary = report.summary
st.caption(
    t(
        "overview_caption",
        lang,
        window=window_label(filters.window, lang),
        scope=as_text(filters.describe_scope()),
        previous=window_label(filters.window.previous(), lang),
    )
    + year_ago_caption(filters.window, lang)
)
period_notes(filters.window, lang, has_year_ago=has_year_ago_data(summary))
narrative_block(written_summary(summary, filters.names, lang), filters.names)

# A phone shows the alerts right after the summary, then the cards (ui/phone.py).
with later_on_phone():
    for domain in ("disputes", "consultations", "organizations", "burden"):
        domain_section(domain, summary, lang)

with first_on_phone():
    alert_list(
        summary.alerts,
        alert_records(url, filters.window, filters.scope, lang, report.frames),
        filters.names,
        lang,
    )
community_table(summary, lang)
