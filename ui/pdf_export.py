"""PDF downloads: the weekly report, and "export this view as PDF" on the domain pages.

`st.download_button(data=callable)` builds the PDF only when the button is pressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from data_access.settings import get_settings
from i18n import t
from reports.meeting import MeetingReport, follow_ups_for_report
from reports.pdf import ReportContext, weekly_pdf
from ui.auth import PRINCIPAL_KEY
from ui.cached import current_engine, load_meeting_report
from ui.filters import Filters, current_filters


def current_actor() -> str:
    """Who the audit log and the PDF name: the signed-in account, or `app` without accounts."""
    principal = st.session_state.get(PRINCIPAL_KEY)
    return str(getattr(principal, "actor", "app")) if principal is not None else "app"


def scope_text(filters: Filters, scope: Sequence[str]) -> str:
    if filters.is_whole_street and tuple(scope) == filters.scope:
        return t("scope_all", filters.lang, count=len(scope))
    separator = "、" if filters.lang == "zh" else ", "
    if filters.streets and tuple(scope) == filters.scope:
        streets = separator.join(filters.streets)
        return t("scope_streets", filters.lang, streets=streets, count=len(scope))
    return separator.join(filters.names.get(code, code) for code in scope)


def build_pdf(
    report: MeetingReport,
    filters: Filters,
    scope: Sequence[str],
    *,
    actor: str,
    domains: Sequence[str] | None = None,
    view_title: str | None = None,
) -> bytes:
    """The PDF of `report` as the current user sees it (their scope, language and name).

    It runs when the button is pressed, outside the script run: `actor` is read before.
    """
    settings = get_settings()
    context = ReportContext(
        lang=filters.lang,
        generated_at=datetime.now(ZoneInfo(settings.timezone)),
        generated_by=actor,
        scope_text=scope_text(filters, scope),
        follow_ups=follow_ups_for_report(current_engine(), report.window, scope),
        view_title=view_title,
        **({"domains": tuple(domains)} if domains else {}),
    )
    return weekly_pdf(report, context)


def _file_name(report: MeetingReport, suffix: str) -> str:
    label = report.window.week or f"{report.window.start}_{report.window.end}"
    return f"streetdash-{label}{suffix}.pdf"


def weekly_pdf_button(report: MeetingReport, filters: Filters) -> None:
    """The meeting view's download of the weekly PDF."""
    actor = current_actor()
    st.download_button(
        t("meeting_pdf", filters.lang),
        data=lambda: build_pdf(report, filters, filters.scope, actor=actor),
        file_name=_file_name(report, ""),
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",  # a download needs no rerun of the page
        type="primary",
        key="meeting_pdf",
    )


def export_view_pdf(
    view_key: str, *, domains: Sequence[str] | None = None, community: str | None = None
) -> None:
    """ "Export this view as PDF": this window's figures, alerts and tables for the view's scope."""
    filters = current_filters()
    scope = (community,) if community else filters.scope
    window = filters.window
    actor = current_actor()

    def pdf() -> bytes:
        report = load_meeting_report(
            get_settings().database_url, window.start, window.end, scope, filters.lang
        )
        title = t(view_key, filters.lang)
        if community:
            title = f"{title} · {filters.names.get(community, community)}"
        return build_pdf(report, filters, scope, actor=actor, domains=domains, view_title=title)

    label = window.week or f"{window.start}_{window.end}"
    st.download_button(
        t("meeting_pdf_view", filters.lang),
        data=pdf,
        file_name=f"streetdash-{view_key.removeprefix('page_')}-{community or 'all'}-{label}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",  # a download needs no rerun of the page
        key=f"export_pdf_{view_key}",
    )
