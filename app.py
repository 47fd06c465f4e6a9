"""streetdash's entry: page config, the shared sidebar, and the navigation between pages."""

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_access.settings import get_settings
from i18n import t
from ui.cached import current_engine
from ui.filters import current_language, sidebar_filters
from ui.navigation import app_navigation

st.set_page_config(page_title=t("app_title", get_settings().language), page_icon="🏘️", layout="wide")

try:
    current_engine()
except SQLAlchemyError:
    logging.getLogger("streetdash").exception("the database cannot be opened or migrated")
    st.error(t("database_error", current_language()))
    st.stop()

filters = sidebar_filters()
app_navigation(filters.lang).run()
