"""The PDF report (周报, 月报, 季报 or 年报 by the window's period; a view's snapshot): A4
portrait, Noto Sans SC embedded and subset, from the summary.

Every number is the summary JSON's own value, written with the same formatting as the screen,
so the PDF, the JSON and the pages cannot disagree. Charts are the pages' Altair charts drawn
to PNG by vl-convert. Nothing personal is printed: records are named by their keys only. The
layout is reports/pdf_layout.py's, the sections after the key figures reports/pdf_sections.py's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from charts.consultations import weekly_meetings_chart
from charts.disputes import category_chart, weekly_flow_chart
from i18n import t
from i18n.formatting import format_day, format_span
from metrics.summary_model import has_year_ago_data
from metrics.window import Window
from reports.alerts import ALERTS_LISTED_UP_TO
from reports.chart_images import chart_png
from reports.fonts import register_chart_fonts
from reports.meeting import AVERAGED_PERIODS, MeetingReport, comparison_rows
from reports.pdf_layout import FONT, INK, MUTED, PAGE_WIDTH, Document, charts_section, heading
from reports.pdf_layout import png_size as png_size
from reports.pdf_layout import table as table
from reports.pdf_narrative import cover_narrative, draw_narrative
from reports.pdf_reform import ReformSection, reforms_section
from reports.pdf_sections import (
    alerts_section,
    appendix_section,
    by_community_section,
    follow_ups_section,
)
from reports.pdf_sections import refs_text as refs_text

__all__ = [
    "ALERTS_LISTED_UP_TO",
    "ReportContext",
    "headline_chart_parts",
    "page_count",
    "png_size",
    "refs_text",
    "weekly_pdf",
    "window_heading",
    "write_pdf",
]

DOMAINS = ("disputes", "consultations", "organizations", "burden")


@dataclass(frozen=True)
class ReportContext:
    """Who asked for the PDF, when, and in which language; `scope_text` names the scope."""

    lang: str
    generated_at: datetime
    generated_by: str
    scope_text: str
    domains: Sequence[str] = DOMAINS
    view_title: str | None = None
    follow_ups: pd.DataFrame | None = None
    charts: Sequence[Any] | None = None
    reforms: ReformSection | None = None  # 成效评估, in quarterly and yearly reports


def report_title(report: MeetingReport, lang: str) -> str:
    """周报 / 月报 / 季报 / 年报 (a range: 报告) of the streets in scope."""
    period = report.window.period
    key = "pdf_title" if period == "week" else f"pdf_title_{period}"
    return t(key, lang, street=report.street)


def month_day(day: date, lang: str) -> str:
    """11月29日 / 29 Nov: the day a partial period runs to (its year is the heading's)."""
    return f"{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {day:%b}"


def window_heading(window: Window, lang: str) -> str:
    """The window under the title: 2026年第48周（…）, 2026年10月（…）, 2026年第3季度（…）,
    2026年（…）, 统计周期：…; a partial period says 截至 M月D日 instead of its days."""
    span = format_span(window.start, window.end, lang)
    if window.is_partial:
        span = t("pdf_through", lang, day=month_day(window.end, lang))
    year = window.start.year
    if window.period == "week":
        year, week, _ = window.start.isocalendar()
        return t("pdf_week", lang, year=year, week=week, span=span)
    if window.period == "month":
        name = f"{window.start.month}月" if lang == "zh" else f"{window.start:%B}"
        return t("pdf_month", lang, year=year, name=name, span=span)
    if window.period == "quarter":
        quarter = (window.start.month - 1) // 3 + 1
        return t("pdf_quarter", lang, year=year, quarter=quarter, span=span)
    if window.period == "year":
        return t("pdf_year", lang, year=year, span=span)
    return t("pdf_window", lang, span=span)


def cover(pdf: Document, report: MeetingReport, context: ReportContext) -> None:
    lang = context.lang
    title = (
        t("pdf_view_title", lang, street=report.street, view=context.view_title)
        if context.view_title
        else report_title(report, lang)
    )
    pdf.set_font(FONT, size=20)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=12)
    pdf.cell(0, 7, window_heading(report.window, lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(
        0, 5, t("pdf_scope", lang, scope=context.scope_text), new_x="LMARGIN", new_y="NEXT"
    )
    at = f"{format_day(context.generated_at.date(), lang)} {context.generated_at:%H:%M}"
    pdf.cell(
        0,
        5,
        t("pdf_generated", lang, at=at, by=context.generated_by),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.l_margin + PAGE_WIDTH, pdf.get_y() + 2)
    pdf.set_line_width(0.2)
    pdf.ln(4)
    day = context.generated_at.date()
    narrative = cover_narrative(
        report, lang, domains=context.domains, follow_ups=context.follow_ups, day=day
    )
    draw_narrative(pdf, narrative, FONT)


def kpi_columns(window: Window, lang: str) -> tuple[list[str], list[str], tuple[float, ...]]:
    """The key-figure table's headings, the comparison_rows keys it shows and its widths: a
    week or a range with its 8-window average, a month, quarter or year with 同比."""
    period = window.period
    if period in AVERAGED_PERIODS:
        suffix = "" if period == "week" else "_window"
        headings = [f"pdf_col_this{suffix}", f"pdf_col_previous{suffix}", "pdf_col_change"]
        keys = ["this", "previous", "change", "average"]
        return (
            [t("pdf_col_metric", lang), *(t(key, lang) for key in headings)]
            + [t("pdf_col_average", lang)],
            keys,
            (62, 28, 28, 34, 28),
        )
    headings = [
        f"pdf_col_this_{period}",
        f"pdf_col_previous_{period}",
        "pdf_col_change",
        "pdf_col_year_ago",
        "pdf_col_year_change",
    ]
    keys = ["this", "previous", "change", "year_ago", "year_change"]
    widths = (52, 24, 24, 30, 22, 28)
    return [t("pdf_col_metric", lang), *(t(key, lang) for key in headings)], keys, widths


def kpis(pdf: Document, report: MeetingReport, context: ReportContext) -> None:
    lang = context.lang
    window = report.window
    heading(pdf, t("pdf_kpi_title", lang))
    notes = []
    if window.is_partial:
        notes.append(t("pdf_partial_note", lang, day=month_day(window.end, lang)))
    if window.period not in AVERAGED_PERIODS and not has_year_ago_data(report.summary):
        notes.append(t("pdf_no_year_ago_data", lang))
    if notes:
        pdf.set_font(FONT, size=8.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 4.5, " ".join(notes), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
    header, keys, widths = kpi_columns(window, lang)
    align = ("LEFT",) + ("RIGHT",) * len(keys)
    for domain in context.domains:
        pdf.set_font(FONT, size=11)
        pdf.cell(0, 7, t(f"domain_{domain}", lang), new_x="LMARGIN", new_y="NEXT")
        rows = [header] + [
            [row["label"], *(row[key] for key in keys)]
            for row in comparison_rows(report, domain, lang)
        ]
        table(pdf, rows, widths, align=align)


def headline_chart_parts(
    report: MeetingReport, lang: str, domains: Sequence[str] = DOMAINS
) -> list[tuple[Callable[..., Any], tuple[Any, ...]]]:
    """The meeting's headline charts of `domains` as (builder, arguments): the same builders
    as the pages; the meeting page caches each spec by them (ui.cached.chart_spec)."""
    parts: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
    if "disputes" in domains:
        parts.append((weekly_flow_chart, (report.series["dispute_flow"], lang)))
        parts.append((category_chart, (report.summary.current.disputes.by_category, lang)))
    if "consultations" in domains:
        parts.append((weekly_meetings_chart, (report.series["consultations"], lang)))
    return parts


def headline_charts(
    report: MeetingReport, lang: str, domains: Sequence[str] = DOMAINS
) -> list[Any]:
    """The meeting's headline charts of `domains`, built."""
    return [builder(*args) for builder, args in headline_chart_parts(report, lang, domains)]


def weekly_pdf(report: MeetingReport, context: ReportContext) -> bytes:
    """The report of the window's period (or a view's snapshot, with `context.domains`) as PDF
    bytes."""
    charts = context.charts
    if charts is None:
        charts = headline_charts(report, context.lang, context.domains)
    register_chart_fonts()  # once, before the threads start
    # vl-convert draws outside the GIL: the charts render while the tables are laid out.
    with ThreadPoolExecutor(max_workers=max(len(charts), 1)) as drawing:
        images = [drawing.submit(chart_png, chart) for chart in charts]
        return document(report, context, images)


def document(report: MeetingReport, context: ReportContext, images: list[Future[bytes]]) -> bytes:
    pdf = Document(context.lang)
    pdf.set_title(report_title(report, context.lang))
    pdf.set_creator("streetdash")
    pdf.add_page()
    cover(pdf, report, context)
    kpis(pdf, report, context)
    alerts_section(pdf, report, context, ALERTS_LISTED_UP_TO)  # read here: tests may lower it
    charts_section(pdf, images, context.lang)
    by_community_section(pdf, report, context.lang)
    follow_ups_section(pdf, report, context)
    if context.reforms is not None:
        reforms_section(pdf, context.reforms, context.lang)
    appendix_section(pdf, report, context)
    return bytes(pdf.output())


def page_count(pdf: bytes) -> int:
    """How many pages an fpdf2 document holds (its page objects, not the /Pages tree)."""
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def write_pdf(path: Path, pdf: bytes) -> int:
    """Write the PDF through a temporary file (a cron run never leaves half a file); its pages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(pdf)
    partial.replace(path)
    return page_count(pdf)
