"""账号管理: open accounts, change their role, communities and single sign-on link, disable
and enable them, reset passwords — admins only, every change audited."""

import pandas as pd
import streamlit as st

from data_access.accounts import (
    AccountError,
    change_account,
    create_user,
    link_sso,
    reset_password,
    set_active,
    users,
)
from data_access.settings import get_settings
from i18n import t
from metrics.codes import ROLES
from ui.auth import require_admin
from ui.cached import current_engine
from ui.filters import current_filters
from ui.forms import flash, show_flash
from ui.plain_text import as_text

filters = current_filters()
lang = filters.lang
admin = require_admin(lang)
engine = current_engine()
st.title(t("page_accounts", lang))
st.caption(t("acct_page_caption", lang))


def refused(error: AccountError) -> None:
    st.error(as_text(t(error.reason, lang, **error.params)))


def done(message: str) -> None:
    """Say so after the rerun that shows the table with the change in it."""
    flash(message)
    st.rerun()


show_flash()


accounts = users(engine)


def readable(accounts: pd.DataFrame) -> pd.DataFrame:
    """The accounts as an admin reads them: role names, local times, — for never."""
    shown = accounts.copy()
    shown["role"] = [t(f"acct_role_{role}", lang) for role in shown["role"]]
    timezone = get_settings().timezone
    for column in ("locked_until", "last_login_at"):
        moments = pd.to_datetime(shown[column], utc=True).dt.tz_convert(timezone)
        shown[column] = moments.dt.strftime("%Y-%m-%d %H:%M").fillna("—")
    return shown.rename(columns={name: t(f"acct_col_{name}", lang) for name in shown.columns})


st.dataframe(readable(accounts), hide_index=True, width="stretch")

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
        placeholder=t("acct_unbound", lang),
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
            done(t("acct_added", lang, username=username))

if accounts.empty:
    st.stop()
st.subheader(t("acct_manage_title", lang))
chosen = st.selectbox(
    t("acct_pick_user", lang), options=accounts["username"].tolist(), key="acct_pick"
)
current = accounts.set_index("username").loc[chosen]
current_communities = [code for code in str(current["communities"]).split(", ") if code]

with st.form(f"account_change_{chosen}"):
    st.markdown(f"**{t('acct_change_title', lang)}**")
    new_role = st.selectbox(
        t("acct_role", lang),
        options=list(ROLES),
        index=list(ROLES).index(current["role"]),
        format_func=lambda code: t(f"acct_role_{code}", lang),
        key=f"acct_role_{chosen}",
    )
    new_communities = st.multiselect(
        t("acct_communities", lang),
        options=list(filters.names),
        default=[code for code in current_communities if code in filters.names],
        format_func=lambda code: filters.names.get(code, code),
        placeholder=t("acct_unbound", lang),
        key=f"acct_communities_{chosen}",
        help=t("acct_communities_help", lang),
    )
    new_display_name = st.text_input(
        t("acct_display_name", lang),
        value=str(current["display_name"] or ""),
        key=f"acct_display_name_{chosen}",
    )
    if st.form_submit_button(t("acct_change", lang), type="primary"):
        try:
            change_account(
                engine,
                chosen,
                role=new_role or "",
                communities=new_communities,
                display_name=new_display_name,
                actor=admin.actor,
            )
        except AccountError as error:
            refused(error)
        else:
            done(t("acct_changed", lang, username=chosen))

with st.form(f"account_sso_{chosen}", clear_on_submit=True):
    st.markdown(f"**{t('acct_sso_title', lang)}**")
    st.caption(t("acct_sso_linked" if current["has_sso"] else "acct_sso_not_linked", lang))
    subject = st.text_input(
        t("acct_sso_subject", lang), key=f"acct_sso_subject_{chosen}", help=t("acct_sso_help", lang)
    )
    link_column, unlink_column = st.columns(2)
    with link_column:
        wants_link = st.form_submit_button(t("acct_sso_link", lang))
    with unlink_column:
        wants_unlink = st.form_submit_button(
            t("acct_sso_unlink", lang), disabled=not current["has_sso"]
        )
    if wants_link or wants_unlink:
        try:
            if wants_link and not subject.strip():
                raise AccountError("acct_err_sso_empty")
            link_sso(engine, chosen, subject if wants_link else None, actor=admin.actor)
        except AccountError as error:
            refused(error)
        else:
            done(t("acct_done", lang))

st.markdown(f"**{t('acct_state_title', lang)}**")
left, middle = st.columns(2)
if left.button(t("acct_disable", lang), key="acct_disable", disabled=chosen == admin.username):
    try:
        set_active(engine, chosen, False, actor=admin.actor)
    except AccountError as error:
        refused(error)
    else:
        done(t("acct_done", lang))
if middle.button(t("acct_enable", lang), key="acct_enable"):
    set_active(engine, chosen, True, actor=admin.actor)
    done(t("acct_done", lang))
with st.form("account_reset", clear_on_submit=True):
    new_password = st.text_input(t("acct_new_password", lang), type="password", key="acct_reset_pw")
    if st.form_submit_button(t("acct_reset", lang)):
        try:
            reset_password(engine, chosen, new_password, actor=admin.actor)
        except AccountError as error:
            refused(error)
        else:
            done(t("acct_done", lang))
