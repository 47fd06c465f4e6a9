"""The long picture's content as data: a list of typed blocks, each holding the words and
numbers it shows, worded as the pages word them (i18n.formatting), from the meeting's report.

The picture is drawn from these blocks alone (reports/long_picture_draw.py), so its numbers can
be read back from the parts that built it and compared with the summary JSON. Nothing personal
is held: the written summary speaks of counts and communities, alerts name records by their
numbers only, and no record's own text (a dispute's summary) is ever read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from i18n import enum_label, metric_label, t
from i18n.formatting import format_change, format_day, format_figure, format_year_on_year
from metrics.headline import HEADLINE, Tone, change_tone
from metrics.summary_model import DOMAINS, AlertItem, Scalar, Summary, has_year_ago_data
from reports.alerts import alerts_by_rule, communities_text
from reports.meeting import AVERAGED_PERIODS, MeetingReport
from reports.pdf import month_day, report_title, window_heading
from reports.pdf_narrative import cover_narrative
from reports.pdf_sections import refs_text

# The severities the picture lists: a low one (an inactive organisation) is for the page.
SEVERITIES = ("high", "medium")
# Alerts listed one by one up to this many; more (a district's week) are summed up by rule.
ALERTS_LISTED = 10
# Record numbers shown per alert, then how many in all.
REFS_SHOWN = 3
# Communities named per rule when alerts are summed up by rule, then how many more.
COMMUNITIES_SHOWN = 6


@dataclass(frozen=True)
class Header:
    """The band at the top: the report's title, its period, its scope and when it was made."""

    title: str
    period: str
    scope: str
    generated: str


@dataclass(frozen=True)
class Paragraphs:
    """The written summary (综述), a paragraph per part."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """A change as the card words it — what it is against (比上周, 环比, 同比) and by how much
    (+3, -6.8 个百分点, +12.5%) — and whether it is good news."""

    against: str
    value: str
    tone: Tone


@dataclass(frozen=True)
class KpiCell:
    """A headline figure: its value in the summary, as shown, and its changes."""

    domain: str
    key: str
    label: str
    figure: Scalar
    value: str
    change: Change
    year_change: Change | None  # a month's, quarter's or year's 同比; None for a week


@dataclass(frozen=True)
class KpiGroup:
    """A domain's headline figures."""

    heading: str
    cells: tuple[KpiCell, ...]


@dataclass(frozen=True)
class KpiGrid:
    """Every domain's headline figures, with the period's notes (partial, no year-ago data)."""

    heading: str
    notes: tuple[str, ...]
    groups: tuple[KpiGroup, ...]


@dataclass(frozen=True)
class AlertLine:
    """An alert (or, summed up, a rule) with its severity and the records it names."""

    severity: str
    label: str
    text: str
    refs: str


@dataclass(frozen=True)
class AlertList:
    """The high and medium alerts, most severe first; `note` says what is not listed."""

    heading: str
    lines: tuple[AlertLine, ...]
    note: str


@dataclass(frozen=True)
class BarChart:
    """New against resolved disputes per week (per month for a quarter or a year)."""

    title: str
    legend: tuple[str, str]
    ticks: tuple[str, ...]
    new: tuple[int, ...]
    resolved: tuple[int, ...]


@dataclass(frozen=True)
class Footer:
    text: str
    product: str


Block = Header | Paragraphs | KpiGrid | AlertList | BarChart | Footer


@dataclass(frozen=True)
class PictureContext:
    """In which language, when, and for which communities (`scope_text`, as the PDF's) the
    picture is made; `follow_ups` are the meeting's actions for the written summary."""

    lang: str
    generated_at: datetime
    scope_text: str
    follow_ups: pd.DataFrame | None = None


def picture_blocks(report: MeetingReport, context: PictureContext) -> list[Block]:
    """The picture of `report` from top to bottom."""
    lang = context.lang
    narrative = cover_narrative(
        report,
        lang,
        domains=DOMAINS,
        follow_ups=context.follow_ups,
        day=context.generated_at.date(),
    )
    blocks: list[Block] = [header(report, context)]
    if narrative is not None:
        blocks.append(Paragraphs(t("narr_title", lang), tuple(narrative.paragraphs())))
    blocks += [
        kpi_grid(report, lang),
        alert_list(report, lang),
        flow_chart(report.series["dispute_flow"], lang),
        Footer(t("lp_footer", lang), t("lp_product", lang)),
    ]
    return blocks


def header(report: MeetingReport, context: PictureContext) -> Header:
    lang, at = context.lang, context.generated_at
    return Header(
        title=report_title(report, lang),
        period=window_heading(report.window, lang),
        scope=t("pdf_scope", lang, scope=context.scope_text),
        generated=t("lp_generated", lang, at=f"{format_day(at.date(), lang)} {at:%H:%M}"),
    )


def kpi_grid(report: MeetingReport, lang: str) -> KpiGrid:
    """The cards of the pages: HEADLINE's figures with 环比, and 同比 for a calendar period."""
    summary, window = report.summary, report.window
    notes = []
    if window.is_partial:
        notes.append(t("pdf_partial_note", lang, day=month_day(window.end, lang)))
    with_year = window.period not in AVERAGED_PERIODS
    if with_year and not has_year_ago_data(summary):
        notes.append(t("pdf_no_year_ago_data", lang))
    groups = tuple(
        KpiGroup(
            t(f"domain_{domain}", lang),
            tuple(kpi_cell(summary, domain, key, lang, with_year) for key in HEADLINE[domain]),
        )
        for domain in DOMAINS
    )
    return KpiGrid(t("lp_kpi_title", lang), tuple(notes), groups)


def kpi_cell(summary: Summary, domain: str, key: str, lang: str, with_year: bool) -> KpiCell:
    value = summary.current.domain(domain).scalars()[key]
    previous = summary.previous.domain(domain).scalars()[key]
    missing = t("not_available", lang)
    against = {"week": "lp_vs_previous_week", "range": "lp_vs_previous_range"}
    worded = format_change(key, value, previous, lang)
    change = Change(
        t(against.get(summary.window.period, "lp_vs_previous"), lang),
        worded or missing,
        change_tone(key, worded),
    )
    year_change = None
    if with_year and has_year_ago_data(summary):
        year_ago = summary.year_ago.domain(domain).scalars()[key]
        yearly = format_year_on_year(key, value, year_ago, lang)
        year_change = Change(
            t("lp_year_on_year", lang), yearly or missing, change_tone(key, yearly)
        )
    elif with_year:
        year_change = Change("", t("no_year_ago_data", lang), "neutral")
    return KpiCell(
        domain=domain,
        key=key,
        label=metric_label(domain, key, lang),
        figure=value,
        value=format_figure(key, value, lang),
        change=change,
        year_change=year_change,
    )


def alert_list(report: MeetingReport, lang: str) -> AlertList:
    """The high and medium alerts one by one, or above ALERTS_LISTED by rule."""
    alerts = [
        alert
        for severity in SEVERITIES
        for alert in report.summary.alerts
        if alert.severity == severity
    ]
    heading = t("lp_alerts_title", lang)
    if not alerts:
        return AlertList(heading, (), t("lp_alerts_none", lang))
    if len(alerts) <= ALERTS_LISTED:
        return AlertList(heading, tuple(alert_line(alert, lang) for alert in alerts), "")
    rows = sorted(alerts_by_rule(alerts, report.names), key=lambda row: row.severity != "high")
    colon = "：" if lang == "zh" else ": "
    lines = tuple(
        AlertLine(
            row.severity,
            t(f"severity_title_{row.severity}", lang),
            enum_label("rule", row.rule, lang)
            + colon
            + t(
                "lp_rule_communities",
                lang,
                count=len(row.communities),
                names=communities_text(row.communities, lang, COMMUNITIES_SHOWN),
            ),
            "",
        )
        for row in rows
    )
    return AlertList(heading, lines, t("lp_alerts_by_rule", lang, count=len(alerts)))


def alert_line(alert: AlertItem, lang: str) -> AlertLine:
    refs = t("lp_refs", lang, refs=refs_text(alert.refs, lang, REFS_SHOWN)) if alert.refs else ""
    return AlertLine(
        alert.severity, t(f"severity_title_{alert.severity}", lang), alert.message, refs
    )


def flow_chart(flow: pd.DataFrame, lang: str) -> BarChart:
    """The page's first headline chart (新增与化解纠纷) as bars: by week, or by month."""
    monthly = "month" in flow.columns
    starts = [pd.Timestamp(day).date() for day in flow["month" if monthly else "week"]]
    return BarChart(
        title=t("chart_dispute_flow_monthly" if monthly else "chart_dispute_flow", lang),
        legend=(t("series_new_disputes", lang), t("series_resolved_disputes", lang)),
        ticks=tuple(tick(day, monthly, lang) for day in starts),
        new=tuple(int(count) for count in flow["new"]),
        resolved=tuple(int(count) for count in flow["resolved"]),
    )


def tick(day: date, monthly: bool, lang: str) -> str:
    """A bar's label: the week's Monday (11/23; 23/11 in English) or the month (11月, Nov)."""
    if monthly:
        return f"{day.month}月" if lang == "zh" else f"{day:%b}"
    return f"{day.month}/{day.day}" if lang == "zh" else f"{day.day}/{day.month}"
