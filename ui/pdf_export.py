"""PDF downloads: the weekly report, and "export this view as PDF" on the domain pages.

Each PDF is built only when its button is pressed, and only after the session passes the
page gate's check again (ui/downloads.py): for the account and communities as stored then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from data_access.principal import Principal
from data_access.settings import get_settings
from i18n import t
from reports.meeting import MeetingReport, follow_ups_for_report
from reports.pdf import ReportContext, weekly_pdf
from reports.pdf_reform import reform_section_for
from ui.auth import PRINCIPAL_KEY
from ui.cached import current_engine, load_meeting_report
from ui.downloads import Grant, guarded_download
from ui.filters import Filters, current_filters, today_local


def current_actor() -> str:
    """Who the audit log and the PDF name: the signed-in account, or `app` without accounts."""
    principal = st.session_state.get(PRINCIPAL_KEY)
    return str(getattr(principal, "actor", "app")) if principal is not None else "app"


def build_pdf(
    report: MeetingReport,
    filters: Filters,
    scope: Sequence[str],
    *,
    actor: str,
    domains: Sequence[str] | None = None,
    view_title: str | None = None,
    principal: Principal | None = None,
) -> bytes:
    """The PDF of `report` as the current user sees it (their scope, language and name).

    It runs when the button is pressed, outside the script run: `actor` and `scope` come
    from the download's grant, read from the database at that moment.
    """
    settings = get_settings()
    reforms = None  # 成效评估 (quarters and years): the reforms `principal` reads, in the scope
    if principal is not None and not domains:
        engine, today = current_engine(), today_local()
        reforms = reform_section_for(engine, principal, report.window, today, scope)
    context = ReportContext(
        lang=filters.lang,
        generated_at=datetime.now(ZoneInfo(settings.timezone)),
        generated_by=actor,
        scope_text=filters.describe_scope(scope),
        follow_ups=follow_ups_for_report(current_engine(), report.window, scope),
        view_title=view_title,
        **({"domains": tuple(domains)} if domains else {}),
        reforms=reforms,
    )
    return weekly_pdf(report, context)


def _file_name(report: MeetingReport, suffix: str) -> str:
    window = report.window
    label = window.week or (
        window.label if window.period != "range" else f"{window.start}_{window.end}"
    )
    return f"streetdash-{label}{suffix}.pdf"


def weekly_pdf_button(report: MeetingReport, filters: Filters) -> None:
    """The meeting view's download of the weekly PDF (`report` is that of `filters.scope`)."""
    window = report.window

    def pdf(granted: Grant) -> bytes:
        shown = report
        if granted.narrowed:
            shown = load_meeting_report(
                get_settings().database_url, window, granted.scope, filters.lang
            )
        return build_pdf(
            shown,
            filters,
            granted.scope,
            actor=granted.principal.actor,
            principal=granted.principal,
        )

    period = window.period
    guarded_download(
        t("meeting_pdf" if period == "week" else f"meeting_pdf_{period}", filters.lang),
        pdf,
        scope=filters.scope,
        file_name=_file_name(report, ""),
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
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

    def pdf(granted: Grant) -> bytes:
        report = load_meeting_report(
            get_settings().database_url, window, granted.scope, filters.lang
        )
        title = t(view_key, filters.lang)
        if community:
            title = f"{title} · {filters.names.get(community, community)}"
        return build_pdf(
            report,
            filters,
            granted.scope,
            actor=granted.principal.actor,
            domains=domains,
            view_title=title,
        )

    label = window.week or f"{window.start}_{window.end}"
    guarded_download(
        t("meeting_pdf_view", filters.lang),
        pdf,
        scope=scope,
        file_name=f"streetdash-{view_key.removeprefix('page_')}-{community or 'all'}-{label}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key=f"export_pdf_{view_key}",
    )
