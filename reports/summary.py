"""The summary of a window and scope: the one object the overview, the CLI and the PDF show."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from data_access.queries import records_behind_alerts, window_frames
from figures.summary import SqlSummary, sql_summary
from i18n import alert_message_template
from metrics.alerts import Alert
from metrics.frames import WindowFrames
from metrics.summary import build_summary, lookback_start
from metrics.summary_model import AlertItem, Summary
from metrics.thresholds import Thresholds
from metrics.window import Window


@dataclass(frozen=True)
class WindowReport:
    """A window's summary and the records behind it (the records are for drill-down only)."""

    summary: Summary
    frames: WindowFrames


def alert_messages(
    lang: str, names: dict[str, str], thresholds: Thresholds
) -> Callable[[Alert], str]:
    """A function that words an alert as a sentence in `lang`, naming the community."""
    separator = "、" if lang == "zh" else ", "

    def message(alert: Alert) -> str:
        facts = alert.facts
        departments = facts.get("departments") or [facts.get("department", "")]
        values = {
            "name": names.get(alert.community, alert.community),
            "count": len(alert.refs),
            "new": facts.get("new", len(alert.refs)),
            "baseline": float(facts.get("baseline", 0.0)),
            "factor": thresholds.surge_factor,
            "oldest": facts.get("days", thresholds.stalled_days),
            "departments": separator.join(str(name) for name in departments),
            "days": {
                "overdue_dispute": thresholds.overdue_days,
                "no_consultation": thresholds.no_consultation_days,
                "consensus_stalled": thresholds.stalled_days,
                "inactive_org": thresholds.inactive_days,
            }.get(alert.rule, 0),
        }
        return alert_message_template(alert.rule, lang).format(**values)

    return message


def window_report(
    engine: Engine, window: Window, scope: Sequence[str], *, thresholds: Thresholds, lang: str
) -> WindowReport:
    """Every figure of docs/metrics.md for the window and `scope`, aggregated in the database, with
    the records its alerts name (the database never hands over the whole window's records)."""
    return worded_report(window_numbers(engine, window, scope, thresholds=thresholds), lang)


@dataclass(frozen=True)
class WindowNumbers:
    """The database's answer for a window and scope in no language: the figures, the alerts as
    metrics.alerts.Alert and the records they name. `worded_report` words it for a language,
    so one answer (one run of the SQL, one cache entry) serves every language."""

    result: SqlSummary
    frames: WindowFrames
    thresholds: Thresholds


def window_numbers(
    engine: Engine,
    window: Window,
    scope: Sequence[str],
    *,
    thresholds: Thresholds,
    earlier_windows: int = 0,
) -> WindowNumbers:
    """Every figure and alert of docs/metrics.md for the window and `scope`, aggregated in the
    database, with the records its alerts name (never the whole window's records); with
    `earlier_windows`, also the scalar figures of that many windows before (the meeting's
    average)."""
    result = sql_summary(engine, window, scope, thresholds, earlier_windows=earlier_windows)
    named = [{"rule": alert.rule, "refs": list(alert.refs)} for alert in result.alerts]
    frames = records_behind_alerts(engine, named, scope)
    return WindowNumbers(result=result, frames=frames, thresholds=thresholds)


def worded_report(numbers: WindowNumbers, lang: str) -> WindowReport:
    """The window's report with its alerts worded in `lang`."""
    summary = database_summary(numbers.result, numbers.thresholds, lang)
    return WindowReport(summary=summary, frames=numbers.frames)


def database_summary(result: SqlSummary, thresholds: Thresholds, lang: str) -> Summary:
    """The typed summary of the database's answer, its alerts worded in `lang`.

    The answer's figures are still the summary JSON object (every key but `alerts`): this is
    the one place they are read back, every key and type checked, until figures/ builds them
    as types itself."""
    names = {community.code: community.name for community in result.communities}
    message = alert_messages(lang, names, thresholds)
    figures = Summary.from_json({**result.summary, "alerts": []})
    return replace(figures, alerts=tuple(AlertItem.of(alert, message) for alert in result.alerts))


def window_report_from_records(
    engine: Engine, window: Window, scope: Sequence[str], *, thresholds: Thresholds, lang: str
) -> WindowReport:
    """The same report computed by metrics/ from the window's records (the reference)."""
    frames = window_frames(engine, lookback_start(window, thresholds), window.end, scope)
    return WindowReport(summary=worded_summary(frames, window, thresholds, lang), frames=frames)


def community_names(frames: WindowFrames) -> dict[str, str]:
    """Code → name of the communities in scope."""
    return dict(zip(frames.communities["code"], frames.communities["name"], strict=True))


def worded_summary(
    frames: WindowFrames, window: Window, thresholds: Thresholds, lang: str
) -> Summary:
    """The summary of docs/metrics.md with each alert worded in `lang`, naming its community."""
    message = alert_messages(lang, community_names(frames), thresholds)
    return build_summary(frames, window, thresholds, alert_message=message)
