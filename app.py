"""streetdash's entry: page config, the login gate, the shared sidebar, and the navigation."""

import streamlit as st

from data_access.settings import get_settings
from i18n import t
from ui.auth import account_sidebar, require_login
from ui.availability import check_database, database_guard, stop_on_settings_problems
from ui.cached import current_engine, one_data_version
from ui.filters import language_picker, sidebar_filters
from ui.navigation import app_navigation
from ui.phone import phone_style

stop_on_settings_problems()
st.set_page_config(page_title=t("app_title", get_settings().language), page_icon="🏘️", layout="wide")
phone_style()

# A database that is gone, read-only or busy gives a message on any page, never a traceback.
lang = language_picker()
with database_guard(lang) as guard, one_data_version():
    check_database(current_engine(), lang)
    principal = require_login(current_engine(), lang)
    if principal is not None:  # None only without a runtime, where st.stop() cannot stop
        account_sidebar(current_engine(), principal, lang)
        filters = sidebar_filters(principal, lang)
        page = app_navigation(principal, filters.lang)
        guard.has_navigation = True
        page.run()
