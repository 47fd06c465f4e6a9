"""指标说明: every figure and alert rule as METRICS.md defines it, in the UI language."""

import pandas as pd
import streamlit as st

from i18n import enum_label, metric_labels, t
from metrics.alerts import RULES
from ui.filters import current_filters
from ui.kpis import definition, definition_values

lang = current_filters().lang
st.title(t("page_glossary", lang))
st.write(t("glossary_intro", lang))

for domain in ("disputes", "consultations", "organizations", "burden"):
    st.subheader(t(f"domain_{domain}", lang))
    rows = pd.DataFrame(
        {
            t("glossary_column_metric", lang): list(metric_labels(domain, lang).values()),
            t("glossary_column_definition", lang): [
                definition(domain, key, lang) for key in metric_labels(domain, lang)
            ],
        }
    )
    st.table(rows.set_index(t("glossary_column_metric", lang)))

st.subheader(t("by_community_title", lang))
st.write(t("glossary_by_community", lang))
st.write(t("glossary_previous", lang))

st.subheader(t("glossary_rules", lang))
st.write(t("glossary_rules_intro", lang))
rules = pd.DataFrame(
    {
        t("glossary_column_rule", lang): [enum_label("rule", rule, lang) for rule in RULES],
        t("glossary_column_severity", lang): [
            enum_label("severity", severity, lang) for severity in RULES.values()
        ],
        t("glossary_column_definition", lang): [
            t(f"def_rule_{rule}", lang, **definition_values()) for rule in RULES
        ],
    }
)
st.table(rules.set_index(t("glossary_column_rule", lang)))
