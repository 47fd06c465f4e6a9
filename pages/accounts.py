"""账号管理: open, disable and enable accounts, reset passwords — admins only."""

import streamlit as st

from data_access.accounts import AccountError, create_user, reset_password, set_active, users
from i18n import t
from metrics.codes import ROLES
from ui.auth import require_admin
from ui.cached import current_engine
from ui.filters import current_filters

filters = current_filters()
lang = filters.lang
admin = require_admin(lang)
engine = current_engine()
st.title(t("page_accounts", lang))
st.caption(t("acct_page_caption", lang))


def refused(error: AccountError) -> None:
    st.error(t(error.reason, lang, **error.params))


accounts = users(engine)
st.dataframe(
    accounts.rename(columns={name: t(f"acct_col_{name}", lang) for name in accounts.columns}),
    hide_index=True,
    width="stretch",
)

with st.expander(t("acct_add_title", lang)), st.form("account_add", clear_on_submit=True):
    username = st.text_input(t("acct_username", lang), key="acct_new_username")
    display_name = st.text_input(t("acct_display_name", lang), key="acct_new_display_name")
    role = st.selectbox(
        t("acct_role", lang),
        options=list(ROLES),
        format_func=lambda code: t(f"acct_role_{code}", lang),
        key="acct_new_role",
    )
    communities = st.multiselect(
        t("acct_communities", lang),
        options=list(filters.names),
        format_func=lambda code: filters.names.get(code, code),
        key="acct_new_communities",
    )
    password = st.text_input(t("acct_password", lang), type="password", key="acct_new_password")
    if st.form_submit_button(t("acct_add", lang), type="primary"):
        try:
            create_user(
                engine,
                username=username,
                role=role or "",
                password=password,
                communities=communities,
                display_name=display_name,
                actor=admin.actor,
            )
        except AccountError as error:
            refused(error)
        else:
            st.success(t("acct_added", lang, username=username))

if accounts.empty:
    st.stop()
chosen = st.selectbox(
    t("acct_pick_user", lang), options=accounts["username"].tolist(), key="acct_pick"
)
left, middle = st.columns(2)
if left.button(t("acct_disable", lang), key="acct_disable", disabled=chosen == admin.username):
    set_active(engine, chosen, False, actor=admin.actor)
    st.success(t("acct_done", lang))
if middle.button(t("acct_enable", lang), key="acct_enable"):
    set_active(engine, chosen, True, actor=admin.actor)
    st.success(t("acct_done", lang))
with st.form("account_reset", clear_on_submit=True):
    new_password = st.text_input(t("acct_new_password", lang), type="password", key="acct_reset_pw")
    if st.form_submit_button(t("acct_reset", lang)):
        try:
            reset_password(engine, chosen, new_password, actor=admin.actor)
        except AccountError as error:
            refused(error)
        else:
            st.success(t("acct_done", lang))
