"""The summary of docs/metrics.md: every figure, per community, previous window, the same period a
year earlier and alerts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from metrics.alert_rules import evaluate_alerts
from metrics.alerts import Alert, surge_baseline_window, year_to_end
from metrics.burden import burden_figures
from metrics.by_community import by_community
from metrics.consultations import consultation_figures
from metrics.disputes import dispute_figures
from metrics.frames import WindowFrames
from metrics.organizations import organization_figures
from metrics.summary_model import AlertItem, Summary, SummaryWindow, WindowFigures
from metrics.thresholds import Thresholds
from metrics.window import Window

PLAIN_MESSAGES = {
    "dispute_surge": (
        "{community}: {new} new disputes, against a mean of {baseline:g} per earlier window."
    ),
    "overdue_dispute": "{community}: {count} dispute(s) open longer than {limit_days} days.",
    "major_dispute": "{community}: {count} major dispute(s) reported.",
    "no_consultation": "{community}: no consultation held in the last {days} days.",
    "consensus_stalled": "{community}: {count} consensus(es) not implemented, oldest {days} days.",
    "inactive_org": "{community}: {count} organisation(s) without activity in {days} days.",
    "unapproved_burden": "{community}: {count} item(s) assigned without approval or off the list.",
    "repeat_assessment": "{community}: {department} assigned {count} assessments this year.",
    "no_report": "{community}: nothing reported in this window.",
}


def plain_message(alert: Alert) -> str:
    """A plain English sentence for an alert, used when no translated message is given."""
    return PLAIN_MESSAGES[alert.rule].format(community=alert.community, **alert.facts)


def window_figures(frames: WindowFrames, window: Window, thresholds: Thresholds) -> WindowFigures:
    """The disputes, consultations, organizations and burden figures of one window."""
    return WindowFigures(
        disputes=dispute_figures(frames.disputes, frames.communities, window, thresholds),
        consultations=consultation_figures(frames.consultations, window),
        organizations=organization_figures(
            frames.organizations, frames.org_activities, frames.communities, window, thresholds
        ),
        burden=burden_figures(frames.burden_items, window),
    )


def lookback_start(window: Window, thresholds: Thresholds) -> date:
    """The earliest event date (reported_on, held_on, assigned_on, ...) the summary reads."""
    # Records that are a state at end (disputes still open, consensus still pending,
    # organisations still active) count whatever their date, so the data layer must fetch
    # those regardless of this date; it bounds only the dated events the windows count.
    inactive_days = timedelta(days=thresholds.inactive_days - 1)
    comparisons = (window.previous(), window.year_ago())
    return min(
        surge_baseline_window(window, thresholds).start,
        *(earlier.start for earlier in comparisons),
        *(earlier.end - inactive_days for earlier in comparisons),
        window.end - inactive_days,
        window.end - timedelta(days=thresholds.no_consultation_days - 1),
        year_to_end(window).start,
    )


def build_summary(
    frames: WindowFrames,
    window: Window,
    thresholds: Thresholds,
    alert_message: Callable[[Alert], str] | None = None,
) -> Summary:
    """The summary of docs/metrics.md for the window and the communities of `frames`."""
    message = alert_message or plain_message
    return Summary(
        window=SummaryWindow.of(window),
        scope=tuple(sorted(str(code) for code in frames.communities["code"])),
        current=window_figures(frames, window, thresholds),
        by_community=by_community(frames, window, thresholds),
        previous=window_figures(frames, window.previous(), thresholds),
        year_ago=window_figures(frames, window.year_ago(), thresholds),
        alerts=tuple(
            AlertItem.of(alert, message) for alert in evaluate_alerts(frames, window, thresholds)
        ),
    )
