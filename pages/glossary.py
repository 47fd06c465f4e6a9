"""指标说明: every figure, alert rule and threshold setting as defined, in the UI language.

The rows come from reports/glossary.py, as do those of docs/metrics.md (`make docs`): the page
and the document say the same thing, the page with the thresholds in force.
"""

import pandas as pd
import streamlit as st

from data_access.settings import get_settings
from i18n import t
from reports.glossary import DOMAINS, figure_rows, rule_rows, threshold_rows
from ui.filters import current_filters

lang = current_filters().lang
thresholds = get_settings().thresholds
st.title(t("page_glossary", lang))
for paragraph in ("glossary_intro", "glossary_windows", "glossary_scope", "glossary_nulls"):
    st.write(t(paragraph, lang))

metric = t("glossary_column_metric", lang)
for domain in DOMAINS:
    st.subheader(t(f"domain_{domain}", lang))
    rows = figure_rows(domain, lang, thresholds)
    table = pd.DataFrame(
        {
            metric: [row.label for row in rows],
            t("glossary_column_definition", lang): [row.definition for row in rows],
        }
    )
    st.table(table.set_index(metric))

st.subheader(t("by_community_title", lang))
st.write(t("glossary_by_community", lang))
st.write(t("glossary_previous", lang))

st.subheader(t("glossary_rules", lang))
st.write(t("glossary_rules_intro", lang))
rule = t("glossary_column_rule", lang)
rules = rule_rows(lang, thresholds)
table = pd.DataFrame(
    {
        rule: [row.label for row in rules],
        t("glossary_column_severity", lang): [row.severity for row in rules],
        t("glossary_column_definition", lang): [row.definition for row in rules],
    }
)
st.table(table.set_index(rule))

st.subheader(t("glossary_settings", lang))
st.write(t("glossary_settings_intro", lang))
setting = t("glossary_column_setting", lang)
settings = threshold_rows(lang, thresholds)
table = pd.DataFrame(
    {
        setting: [row.name for row in settings],
        t("glossary_column_value", lang): [row.value for row in settings],
        t("glossary_column_default", lang): [row.default for row in settings],
        t("glossary_column_meaning", lang): [row.meaning for row in settings],
    }
)
st.table(table.set_index(setting))
