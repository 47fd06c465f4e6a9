"""下载长图 on 周报: the long picture of the period's report (reports/long_picture.py), to share
in WeChat work groups.

Like the PDF beside it (ui/pdf_export.py), the picture is built only when the button is
pressed, after the session passes the page gate's check again (ui/downloads.py), for the
communities the account may see at that moment: a community account's picture holds only its
communities.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from data_access.settings import get_settings
from i18n import t
from reports.long_picture import PictureContext, long_picture
from reports.meeting import MeetingReport, follow_ups_for_report
from ui.cached import current_engine, load_meeting_report
from ui.downloads import Grant, guarded_download
from ui.filters import Filters


def picture_png(report: MeetingReport, filters: Filters, granted: Grant) -> bytes:
    """The picture of `report`, or of the same window for the granted communities when the
    account may no longer see all of the page's."""
    settings = get_settings()
    window = report.window
    shown = report
    if granted.narrowed:
        shown = load_meeting_report(settings.database_url, window, granted.scope, filters.lang)
    context = PictureContext(
        lang=filters.lang,
        generated_at=datetime.now(ZoneInfo(settings.timezone)),
        scope_text=filters.describe_scope(granted.scope),
        follow_ups=follow_ups_for_report(current_engine(), window, granted.scope),
    )
    return long_picture(shown, context).png


def picture_file_name(report: MeetingReport) -> str:
    """streetdash-2026-W48.png, streetdash-2026-10.png, …; a range by its first and last day."""
    window = report.window
    label = window.label if window.period != "range" else f"{window.start}_{window.end}"
    return f"streetdash-{label}.png"


def long_picture_button(report: MeetingReport, filters: Filters) -> None:
    """The 周报 page's 下载长图 (`report` is that of `filters.scope`)."""
    guarded_download(
        t("lp_button", filters.lang),
        lambda granted: picture_png(report, filters, granted),
        scope=filters.scope,
        file_name=picture_file_name(report),
        mime="image/png",
        icon=":material/image:",
        key="meeting_picture",
    )
