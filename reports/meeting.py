"""The weekly meeting's report: the window's summary, the 8-week average and the trend records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd
from sqlalchemy import Engine

from data_access.follow_ups import follow_ups_between
from data_access.queries import communities, street_names
from figures.summary import headline_series
from i18n import metric_label, t
from i18n.formatting import format_change, format_figure
from metrics.frames import WindowFrames
from metrics.meeting import AVERAGE_WINDOWS, mean_figures
from metrics.summary_model import DOMAINS, Summary, has_year_ago_data
from metrics.thresholds import Thresholds
from metrics.trend_periods import trend_periods
from metrics.window import Window
from reports.summary import WindowNumbers, window_numbers, worded_report

# Weeks of the headline charts (this week and the 8 before it); a quarter's or a year's charts
# are by month (metrics.trend_periods).
CHART_WEEKS = 9
# The periods whose report shows the 8-window average; a month, quarter or year shows the same
# period a year earlier (同比) instead.
AVERAGED_PERIODS = ("week", "range")


@dataclass(frozen=True)
class MeetingReport:
    """What the meeting view and the weekly PDF show: the window's summary, and per domain the
    8-week average of each scalar figure (docs/metrics.md)."""

    street: str
    window: Window
    summary: Summary
    average: dict[str, dict[str, float | None]]
    frames: WindowFrames
    names: dict[str, str]
    thresholds: Thresholds
    series: dict[str, pd.DataFrame]


def meeting_report(
    engine: Engine, window: Window, scope: Sequence[str], *, thresholds: Thresholds, lang: str
) -> MeetingReport:
    """Every figure, the 8-week average and the headline series, aggregated in the database."""
    return worded_meeting(meeting_numbers(engine, window, scope, thresholds=thresholds), lang)


@dataclass(frozen=True)
class MeetingNumbers:
    """The meeting's report in no language (the database's answer): `worded_meeting` words it,
    so one answer serves every language."""

    window: Window
    numbers: WindowNumbers
    streets: list[str]
    series: dict[str, pd.DataFrame]


def meeting_numbers(
    engine: Engine, window: Window, scope: Sequence[str], *, thresholds: Thresholds
) -> MeetingNumbers:
    """The window's figures and alerts, the earlier windows' figures (a week's or a range's),
    the names of the streets the scope lies in and the headline series, from the database."""
    earlier = AVERAGE_WINDOWS if window.period in AVERAGED_PERIODS else 0
    numbers = window_numbers(engine, window, scope, thresholds=thresholds, earlier_windows=earlier)
    return MeetingNumbers(
        window=window,
        numbers=numbers,
        streets=scope_streets(engine, scope),
        series=headline_series(engine, scope, trend_periods(window, CHART_WEEKS)),
    )


def scope_streets(engine: Engine, scope: Sequence[str]) -> list[str]:
    """The names of the streets whose communities are in `scope`, by street code: a report's
    title names these, not every street of the database."""
    codes = set(communities(engine, scope)["street_code"])
    return [name for code, name in street_names(engine).items() if code in codes]


def worded_meeting(meeting: MeetingNumbers, lang: str) -> MeetingReport:
    """The meeting's report in `lang`: its alerts worded, its streets named in that language."""
    numbers = meeting.numbers
    result = numbers.result
    return MeetingReport(
        street=("、" if lang == "zh" else ", ").join(meeting.streets),
        window=meeting.window,
        summary=worded_report(numbers, lang).summary,
        average={
            domain: mean_figures([entry[domain] for entry in result.earlier])
            if result.earlier
            else {}
            for domain in DOMAINS
        },
        frames=numbers.frames,
        names={community.code: community.name for community in result.communities},
        thresholds=numbers.thresholds,
        series=meeting.series,
    )


MEETING_DAYS = 7


def follow_ups_for_report(engine: Engine, window: Window, scope: Sequence[str]) -> pd.DataFrame:
    """The actions of the meeting that reviews `window` (held in the week after it) and of the
    meeting before (held during `window`), and any older action still open."""
    return follow_ups_between(
        engine, window.start, window.end + timedelta(days=MEETING_DAYS), scope
    )


RATE_KEYS = {"success_rate", "local_rate", "consensus_rate", "standard_rate", "compliance_rate"}


def format_average(key: str, value: float | None, lang: str) -> str:
    """An 8-week average as shown: rates as percentages, everything else with one decimal."""
    if value is None:
        return t("not_available", lang)
    return f"{value:.1%}" if key in RATE_KEYS else f"{value:,.1f}"


def comparison_rows(report: MeetingReport, domain: str, lang: str) -> list[dict[str, str]]:
    """Per scalar figure: label, this window, previous, change (环比), the same period a year
    earlier and the change against it (同比; — when that period holds no record at all), and
    the 8-week average (— when not computed), as shown."""
    summary = report.summary
    figures = summary.current.domain(domain).scalars()
    previous = summary.previous.domain(domain).scalars()
    year_ago = summary.year_ago.domain(domain).scalars()
    has_year_ago = has_year_ago_data(summary)
    average = report.average[domain]
    missing = t("not_available", lang)
    return [
        {
            "key": key,
            "label": metric_label(domain, key, lang),
            "this": format_figure(key, value, lang),
            "previous": format_figure(key, previous[key], lang),
            "change": format_change(key, value, previous[key], lang) or missing,
            "year_ago": format_figure(key, year_ago[key], lang) if has_year_ago else missing,
            "year_change": (
                format_change(key, value, year_ago[key], lang) if has_year_ago else None
            )
            or missing,
            "average": format_average(key, average.get(key), lang),
        }
        for key, value in figures.items()
    ]
