"""The weekly PDF snapshot (周报): A4 portrait, Noto Sans SC embedded and subset, from the summary.

Every number is the summary JSON's own value, written with the same formatting as the screen,
so the PDF, the JSON and the pages cannot disagree. Charts are the pages' Altair charts drawn
to PNG by vl-convert. Nothing personal is printed: records are named by their keys only.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace, TTFFont

from charts.consultations import weekly_meetings_chart
from charts.disputes import category_chart, weekly_flow_chart
from i18n import enum_label, metric_label, t
from i18n.formatting import format_day, format_figure, format_span
from i18n.glossary import definition_values
from metrics.meeting import follow_up_statuses
from metrics.summary_model import AlertItem
from metrics.window import Window
from reports.alerts import (
    ALERTS_LISTED_UP_TO,
    alerts_by_rule,
    alerts_of,
    communities_text,
    distinct_names,
)
from reports.chart_images import chart_png
from reports.fonts import font_file, register_chart_fonts
from reports.meeting import MeetingReport, comparison_rows

FONT = "NotoSansSC"
INK = (34, 34, 34)
MUTED = (110, 110, 110)
ACCENT = (183, 28, 28)
HEADING_FILL = (235, 235, 235)
PAGE_WIDTH = 180.0
DOMAINS = ("disputes", "consultations", "organizations", "burden")
SEVERITIES = ("high", "medium", "low")
BY_COMMUNITY_KEYS = (
    "name",
    "disputes_new",
    "disputes_open_at_end",
    "disputes_overdue_at_end",
    "disputes_per_10k",
    "consultations_held",
    "organizations_active",
    "burden_assigned",
    "burden_unapproved",
)


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


class _Document(FPDF):
    def __init__(self, lang: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang = lang
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, "", str(font_file()))
        # The subset keeps the whole font's bounding boxes: recomputing them glyph by glyph
        # took fontTools about half of the PDF's time and changes nothing a reader sees.
        font = self.fonts[FONT.lower()]
        if isinstance(font, TTFFont):
            font.ttfont.recalcBBoxes = False
        self.set_font(FONT, size=10)
        self.alias_nb_pages("{nb}")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, t("pdf_footer_note", self.lang), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, t("pdf_page", self.lang, page=self.page_no(), total="{nb}"), align="R")
        self.set_text_color(*INK)


def window_heading(window: Window, lang: str) -> str:
    span = format_span(window.start, window.end, lang)
    if window.week is None:
        return t("pdf_window", lang, span=span)
    year, week, _ = window.start.isocalendar()
    return t("pdf_week", lang, year=year, week=week, span=span)


def _heading(pdf: _Document, text: str, *, size: float = 13) -> None:
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + PAGE_WIDTH, pdf.get_y())
    pdf.ln(2)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=9)


def _table(
    pdf: _Document,
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    align: Sequence[str] | None = None,
    size: float = 9,
) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_draw_color(170, 170, 170)
    headings = FontFace(emphasis="", fill_color=HEADING_FILL, color=INK)
    with pdf.table(
        col_widths=tuple(widths),
        width=PAGE_WIDTH,
        text_align=tuple(align) if align else "LEFT",
        line_height=size * 0.55,
        headings_style=headings,
        padding=1.2,
        repeat_headings=1,
    ) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(2)


def _cover(pdf: _Document, report: MeetingReport, context: ReportContext) -> None:
    lang = context.lang
    title = (
        t("pdf_view_title", lang, street=report.street, view=context.view_title)
        if context.view_title
        else t("pdf_title", lang, street=report.street)
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


def _kpis(pdf: _Document, report: MeetingReport, context: ReportContext) -> None:
    lang = context.lang
    is_week = report.window.week is not None
    _heading(pdf, t("pdf_kpi_title", lang))
    for domain in context.domains:
        pdf.set_font(FONT, size=11)
        pdf.cell(0, 7, t(f"domain_{domain}", lang), new_x="LMARGIN", new_y="NEXT")
        header = [
            t("pdf_col_metric", lang),
            t("pdf_col_this" if is_week else "pdf_col_this_window", lang),
            t("pdf_col_previous" if is_week else "pdf_col_previous_window", lang),
            t("pdf_col_change", lang),
            t("pdf_col_average", lang),
        ]
        rows = [header] + [
            [row["label"], row["this"], row["previous"], row["change"], row["average"]]
            for row in comparison_rows(report, domain, lang)
        ]
        _table(pdf, rows, (62, 28, 28, 34, 28), align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"))


# Record numbers listed per alert: a district's hundreds of alerts would otherwise each list
# every case they name, and laying those out dominated the PDF's time; the pages list them all.
REFS_SHOWN = 10


def refs_text(refs: Sequence[str], lang: str, shown: int = REFS_SHOWN) -> str:
    """The alert's record numbers, the first `shown` of them and then how many in all."""
    if not refs:
        return t("not_available", lang)
    listed = " ".join(refs[:shown])
    if len(refs) <= shown:
        return listed
    return f"{listed} {t('pdf_refs_more', lang, count=len(refs))}"


def _alerts(pdf: _Document, report: MeetingReport, context: ReportContext) -> None:
    lang = context.lang
    _heading(pdf, t("pdf_alerts_title", lang))
    alerts = alerts_of(report.summary.alerts, context.domains)
    if not alerts:
        pdf.cell(0, 6, t("alerts_none", lang), new_x="LMARGIN", new_y="NEXT")
        return
    if len(alerts) > ALERTS_LISTED_UP_TO:
        _alerts_by_rule(pdf, alerts, report.names, lang)
        return
    rows = [[t("pdf_col_severity", lang), t("pdf_col_alert", lang), t("pdf_col_refs", lang)]]
    for severity in SEVERITIES:
        for alert in alerts:
            if alert.severity == severity:
                rows.append(
                    [
                        t(f"severity_title_{severity}", lang),
                        alert.message,
                        refs_text(alert.refs, lang),
                    ]
                )
    _table(pdf, rows, (18, 102, 60), size=8.5)


def _alerts_by_rule(
    pdf: _Document, alerts: Sequence[AlertItem], names: Mapping[str, str], lang: str
) -> None:
    pdf.set_font(FONT, size=9)
    note = t(
        "pdf_alerts_summarised",
        lang,
        count=len(alerts),
        limit=ALERTS_LISTED_UP_TO,
        overview=t("page_overview", lang),
        meeting=t("page_meeting", lang),
    )
    pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    rows = [
        [
            t("pdf_col_severity", lang),
            t("pdf_col_rule", lang),
            t("pdf_col_rule_communities", lang),
            t("pdf_col_communities", lang),
        ]
    ]
    rows += [
        [
            t(f"severity_title_{row.severity}", lang),
            enum_label("rule", row.rule, lang),
            str(len(row.communities)),
            communities_text(row.communities, lang),
        ]
        for row in alerts_by_rule(alerts, names)
    ]
    # The rule column fits the longest label (English "Unapproved burden item") on one line.
    _table(pdf, rows, (18, 40, 14, 108), align=("LEFT", "LEFT", "RIGHT", "LEFT"), size=8.5)


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


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's IHDR chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _charts(pdf: _Document, images: Sequence[Future[bytes]], lang: str) -> None:
    if not images:
        return
    pngs = [image.result() for image in images]
    first_width, first_height = png_size(pngs[0])
    if pdf.get_y() + 16 + PAGE_WIDTH * first_height / first_width > pdf.h - 20:
        pdf.add_page()  # never leave the heading alone at the foot of a page
    _heading(pdf, t("pdf_charts_title", lang))
    for png in pngs:
        width, height = png_size(png)
        if pdf.get_y() + PAGE_WIDTH * height / width > pdf.h - 20:
            pdf.add_page()
        pdf.image(io.BytesIO(png), w=PAGE_WIDTH)
        pdf.ln(4)


def _by_community(pdf: _Document, report: MeetingReport, lang: str) -> None:
    _heading(pdf, t("pdf_community_title", lang))
    rows = [[metric_label("by_community", key, lang) for key in BY_COMMUNITY_KEYS]]
    entries = report.summary.by_community
    shown = distinct_names(
        [entry.community for entry in entries],
        {entry.community: entry.name for entry in entries},
    )
    for entry in entries:
        cells = [format_figure(key, getattr(entry, key), lang) for key in BY_COMMUNITY_KEYS[1:]]
        rows.append([shown[entry.community], *cells])
    widths = (28, 19, 19, 19, 19, 19, 19, 19, 19)
    _table(pdf, rows, widths, align=("LEFT",) + ("RIGHT",) * 8, size=8)
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4.5, t("pdf_by_community_note", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)


def _follow_ups(pdf: _Document, report: MeetingReport, context: ReportContext) -> None:
    lang = context.lang
    _heading(pdf, t("pdf_follow_ups_title", lang))
    actions = context.follow_ups
    if actions is None or actions.empty:
        pdf.cell(0, 6, t("pdf_no_follow_ups", lang), new_x="LMARGIN", new_y="NEXT")
        return
    statuses = follow_up_statuses(actions, context.generated_at.date())
    rows = [
        [
            t("pdf_col_community", lang),
            t("pdf_col_action", lang),
            t("pdf_col_owner", lang),
            t("pdf_col_due", lang),
            t("pdf_col_status", lang),
        ]
    ]
    for (_, action), status in zip(actions.iterrows(), statuses, strict=True):
        rows.append(
            [
                report.names.get(action["community"], action["community"]),
                str(action["title"]),
                str(action["owner"]),
                pd.Timestamp(action["due_on"]).date().isoformat(),
                t(f"follow_up_status_{status}", lang),
            ]
        )
    _table(pdf, rows, (26, 84, 26, 24, 20), size=8.5)


def _appendix(pdf: _Document, report: MeetingReport, context: ReportContext) -> None:
    lang = context.lang
    values = definition_values(report.thresholds)
    pdf.add_page()
    _heading(pdf, t("pdf_appendix_title", lang))
    rows = [[t("pdf_col_metric", lang), t("glossary_column_definition", lang)]]
    for domain in context.domains:
        for key in report.summary.current.domain(domain).scalars():
            rows.append([metric_label(domain, key, lang), t(f"def_{domain}_{key}", lang, **values)])
    rows.append([t("pdf_col_average", lang), t("pdf_average_note", lang)])
    _table(pdf, rows, (40, 140), size=8)
    rules = sorted({alert.rule for alert in report.summary.alerts})
    if rules:
        pdf.set_font(FONT, size=11)
        pdf.cell(0, 7, t("pdf_alert_rules", lang), new_x="LMARGIN", new_y="NEXT")
        rule_rows = [[t("glossary_column_rule", lang), t("glossary_column_definition", lang)]]
        rule_rows += [
            [enum_label("rule", rule, lang), t(f"def_rule_{rule}", lang, **values)]
            for rule in rules
        ]
        _table(pdf, rule_rows, (40, 140), size=8)


def weekly_pdf(report: MeetingReport, context: ReportContext) -> bytes:
    """The weekly report (or a view's snapshot, with `context.domains`) as PDF bytes."""
    charts = context.charts
    if charts is None:
        charts = headline_charts(report, context.lang, context.domains)
    register_chart_fonts()  # once, before the threads start
    # vl-convert draws outside the GIL: the charts render while the tables are laid out.
    with ThreadPoolExecutor(max_workers=max(len(charts), 1)) as drawing:
        images = [drawing.submit(chart_png, chart) for chart in charts]
        return _document(report, context, images)


def _document(report: MeetingReport, context: ReportContext, images: list[Future[bytes]]) -> bytes:
    pdf = _Document(context.lang)
    pdf.set_title(t("pdf_title", context.lang, street=report.street))
    pdf.set_creator("streetdash")
    pdf.add_page()
    _cover(pdf, report, context)
    _kpis(pdf, report, context)
    _alerts(pdf, report, context)
    _charts(pdf, images, context.lang)
    _by_community(pdf, report, context.lang)
    _follow_ups(pdf, report, context)
    _appendix(pdf, report, context)
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
