"""The app's pages, in the sections the sidebar lists them under."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from data_access.principal import Principal
from i18n import t

# The address of a page asked for before app.py had drawn the frame (see ui.filters).
REQUESTED_PAGE_KEY = "streetdash_requested_page"


def view_pages(lang: str) -> list[st.Page]:
    """What a street leader reads: the overview, the four domains, profiles, the reforms' 成效评估
    and definitions (every role; only leaders and admins record reforms there)."""
    return [
        st.Page(
            "pages/overview.py",
            title=t("page_overview", lang),
            icon=":material/dashboard:",
            default=True,
        ),
        st.Page("pages/meeting.py", title=t("page_meeting", lang), icon=":material/event_note:"),
        st.Page("pages/disputes.py", title=t("page_disputes", lang), icon=":material/gavel:"),
        st.Page(
            "pages/consultations.py", title=t("page_consultations", lang), icon=":material/forum:"
        ),
        st.Page(
            "pages/organizations.py",
            title=t("page_organizations", lang),
            icon=":material/diversity_3:",
        ),
        st.Page("pages/burden.py", title=t("page_burden", lang), icon=":material/assignment:"),
        st.Page(
            "pages/community.py", title=t("page_community", lang), icon=":material/location_city:"
        ),
        st.Page("pages/reforms.py", title=t("page_reforms", lang), icon=":material/insights:"),
        st.Page("pages/glossary.py", title=t("page_glossary", lang), icon=":material/menu_book:"),
    ]


def data_pages(lang: str, principal: Principal) -> list[st.Page]:
    """Where records come in (admins and community staff), the audit log and accounts (admins)."""
    pages = []
    if principal.can_write:
        pages += [
            st.Page(
                "pages/import_data.py", title=t("page_import", lang), icon=":material/upload_file:"
            ),
            st.Page("pages/entry.py", title=t("page_entry", lang), icon=":material/edit_note:"),
        ]
    if principal.is_admin:
        pages += [
            st.Page("pages/audit_log.py", title=t("page_audit", lang), icon=":material/history:"),
            st.Page("pages/accounts.py", title=t("page_accounts", lang), icon=":material/group:"),
        ]
    return pages


def every_page(lang: str) -> list[st.Page]:
    """Every page of every role, for the login gate's hidden (never run) navigation."""
    return view_pages(lang) + data_pages(lang, Principal("", "admin"))


def app_navigation(principal: Principal, lang: str) -> StreamlitPage:
    """st.navigation over the sections `principal`'s role may open, resuming a first request.

    A page left out is not reachable at all: st.navigation serves only the pages it lists.
    """
    sections = {t("nav_views", lang): view_pages(lang)}
    allowed = data_pages(lang, principal)
    if allowed:
        sections[t("nav_data", lang)] = allowed
    # Every page stays listed: past twelve pages Streamlit would fold the rest behind "View more".
    navigation = st.navigation(sections, expanded=True)
    requested = st.session_state.pop(REQUESTED_PAGE_KEY, None)
    if requested and requested != navigation.url_path:
        for page in (page for pages in sections.values() for page in pages):
            if page.url_path == requested:
                st.switch_page(page)
    return navigation
