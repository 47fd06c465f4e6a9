"""周报: the weekly meeting — this week against last week and the 8 weeks before, the alerts and
the records behind them, every community, the headline charts, and the follow-up actions."""

import streamlit as st

from data_access.settings import get_settings
from i18n import t
from metrics.summary_model import has_year_ago_data
from reports.pdf import headline_chart_parts
from ui.alerts import alert_list
from ui.cached import alert_records, chart_spec, load_meeting_report
from ui.community_table import community_table
from ui.filters import current_filters, period_notes
from ui.meeting import comparison_tables, follow_up_section, meeting_caption
from ui.narrative import meeting_narrative, narrative_block
from ui.pdf_export import weekly_pdf_button
from ui.phone import first_on_phone, later_on_phone
from ui.picture_export import long_picture_button
from ui.plain_text import as_text

filters = current_filters()
lang = filters.lang
st.title(t("page_meeting", lang))
if not filters.names:
    st.info(t("no_communities", lang))
    st.stop()

window = filters.window
url = get_settings().database_url
report = load_meeting_report(url, window, filters.scope, lang)
st.caption(meeting_caption(window, as_text(filters.describe_scope()), lang))
period_notes(window, lang, has_year_ago=has_year_ago_data(report.summary))
narrative_block(meeting_narrative(report, filters), filters.names)
# A phone shows the alerts right after the summary, then the downloads and the tables
# (ui/phone.py).
with later_on_phone():
    weekly_pdf_button(report, filters)
    long_picture_button(report, filters)
    comparison_tables(report, lang)
with first_on_phone():
    alert_list(
        report.summary.alerts,
        alert_records(url, filters.window, filters.scope, lang, report.frames),
        filters.names,
        lang,
    )
community_table(report.summary, lang)

st.subheader(t("meeting_charts", lang))
for builder, args in headline_chart_parts(report, lang):
    st.vega_lite_chart(chart_spec(builder, *args), width="stretch")

follow_up_section(report, filters)
