"""streetdash's entry: page config, the login gate, the shared sidebar, and the navigation."""

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_access.settings import get_settings
from i18n import t
from ui.auth import account_sidebar, require_login
from ui.cached import current_engine
from ui.filters import current_language, language_picker, sidebar_filters
from ui.navigation import app_navigation

st.set_page_config(page_title=t("app_title", get_settings().language), page_icon="🏘️", layout="wide")

try:
    current_engine()
except SQLAlchemyError:
    logging.getLogger("streetdash").exception("the database cannot be opened or migrated")
    st.error(t("database_error", current_language()))
    st.stop()

lang = language_picker()
principal = require_login(current_engine(), lang)
if principal is not None:  # None only without a runtime, where st.stop() cannot stop
    account_sidebar(current_engine(), principal, lang)
    filters = sidebar_filters(principal, lang)
    app_navigation(principal, filters.lang).run()
