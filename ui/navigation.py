"""The app's pages, in the sections the sidebar lists them under."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from i18n import t


def view_pages(lang: str) -> list[st.Page]:
    """What a street leader reads: the overview, the four domains, profiles and definitions."""
    return [
        st.Page("pages/overview.py", title=t("page_overview", lang), icon="📊", default=True),
    ]


def data_pages(lang: str) -> list[st.Page]:
    """Where records come in: import, entry forms and the audit log."""
    return []


def app_navigation(lang: str) -> StreamlitPage:
    """st.navigation over every section that has pages."""
    sections = {t("nav_views", lang): view_pages(lang)}
    data = data_pages(lang)
    if data:
        sections[t("nav_data", lang)] = data
    return st.navigation(sections)
