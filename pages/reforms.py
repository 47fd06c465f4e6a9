"""成效评估: the reforms a street evaluates, each reform's reading against its comparison
communities with the caution that a comparison does not prove cause, and a quick evaluation
that saves nothing. Leaders and admins record, change and delete reforms here; a community
account sees only the reforms of its own communities, without the comparison's names."""

import streamlit as st

from data_access.reforms import reforms_for
from data_access.settings import get_settings
from i18n import t
from ui.auth import current_principal
from ui.cached import current_engine, load_communities
from ui.filters import current_filters, today_local
from ui.plain_text import as_text
from ui.reforms import (
    CHOICE_KEY,
    CHOSEN_KEY,
    EDIT_ROLES,
    adhoc_evaluation,
    describe,
    evaluation_of,
    reading_view,
    reform_form,
    reform_list,
)

filters = current_filters()
lang = filters.lang
principal = current_principal()
engine = current_engine()
today = today_local()
st.title(t("page_reforms", lang))
st.write(t("reform_intro", lang))

known = load_communities(get_settings().database_url)
every_name = {str(code): str(name) for code, name in zip(known["code"], known["name"], strict=True)}
# A community account names only its own communities; the others may name every community.
names = (
    every_name
    if principal.reads_all
    else {code: every_name.get(code, code) for code in principal.communities}
)
may_edit = principal.role in EDIT_ROLES

records = reforms_for(engine, principal)
readings = {record.id: evaluation_of(engine, record, today) for record in records}
if records:
    reform_list(records, readings, names, lang)
    by_name = {record.name: record for record in records}
    # A reform just saved is shown next (set before the choice is drawn, as Streamlit asks).
    just_saved = st.session_state.pop(CHOSEN_KEY, None)
    if just_saved in by_name:
        st.session_state[CHOICE_KEY] = just_saved
    elif st.session_state.get(CHOICE_KEY) not in by_name:
        st.session_state.pop(CHOICE_KEY, None)
    chosen = st.selectbox(t("reform_choose", lang), options=list(by_name), key=CHOICE_KEY)
    record = by_name[chosen]
    st.subheader(as_text(record.name))
    describe(record, readings[record.id], names, lang)
    reading_view(readings[record.id], names, lang, hidden=record.comparison_hidden)
    if may_edit:
        with st.expander(t("reform_form_edit", lang)):
            reform_form(engine, principal, record, names, lang, today)
else:
    st.info(t("reform_none" if principal.reads_all else "reform_none_community", lang))

if may_edit:
    with st.expander(t("reform_form_new", lang), expanded=not records):
        reform_form(engine, principal, None, names, lang, today)

with st.expander(t("reform_adhoc_title", lang)):
    adhoc_evaluation(engine, principal, names, today, lang)
