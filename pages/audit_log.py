"""审计日志: every import, addition, change, deletion, login and account change — read-only.

Admins only: st.navigation lists it for no other role, and the page checks again.
"""

import streamlit as st

from data_access.audit import audit_entries, readable_entries
from data_access.settings import get_settings
from data_access.tables import TABLES
from i18n import t
from ui.auth import require_admin
from ui.cached import current_engine
from ui.filters import current_filters

LIMIT = 500

lang = current_filters().lang
require_admin(lang)
st.title(t("page_audit", lang))
st.caption(t("audit_caption", lang))

left, right = st.columns(2)
table = left.selectbox(
    t("audit_table", lang),
    options=[None, *TABLES],
    format_func=lambda name: (
        t("audit_all_tables", lang) if name is None else t(f"table_{name}", lang)
    ),
    key="audit_table",
)
key_text = right.text_input(t("audit_key", lang), key="audit_key").strip()

entries = audit_entries(current_engine(), table=table, key_contains=key_text or None, limit=LIMIT)
if entries.empty:
    st.info(t("audit_none", lang))
    st.stop()
st.caption(t("audit_shown", lang, count=len(entries)))
st.dataframe(
    readable_entries(entries, lang, get_settings().timezone), hide_index=True, width="stretch"
)
