"""`streetdash summary` and `streetdash report`: a window's figures as JSON, a table or the
written summary, and its PDF report (周报, 月报, 季报 or 年报 by the window's period) or, with
--format png, its long picture (commands/report_picture.py)."""

from __future__ import annotations

import argparse
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import Engine

from commands.base import EXIT_OK, cli_actor, scope_from_args
from data_access.settings import get_settings
from i18n import enum_label, metric_label, t
from i18n.formatting import format_figure, scope_text
from metrics.summary_model import DOMAINS, Summary, summary_json, summary_json_text
from metrics.window import Window
from reports.meeting import MeetingReport
from reports.narrative import names_of, written_summary
from reports.summary import window_report


def text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def padded(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


def format_table(summary: Summary, lang: str) -> str:
    """The summary as plain text tables, labels in `lang`, for a terminal or a log."""
    lines = [f"{summary.window.start.isoformat()} ~ {summary.window.end.isoformat()}"]
    for domain in DOMAINS:
        lines.append("")
        lines.append(f"[{t('domain_' + domain, lang)}]")
        before = summary.previous.domain(domain).scalars()
        rows = [
            (
                metric_label(domain, key, lang),
                format_figure(key, value, lang),
                format_figure(key, before[key], lang),
            )
            for key, value in summary.current.domain(domain).scalars().items()
        ]
        label_width = max(text_width(label) for label, _, _ in rows)
        for label, value, previous in rows:
            lines.append(f"  {padded(label, label_width)}  {value:>10}  ({previous})")
    lines.append("")
    lines.append(f"[{t('by_community_title', lang)}]")
    rows_json = [summary_json(row) for row in summary.by_community]
    keys = list(rows_json[0]) if rows_json else []
    headers = [metric_label("by_community", key, lang) for key in keys]
    table = [headers] + [[format_figure(key, row[key], lang) for key in keys] for row in rows_json]
    widths = [max(text_width(row[index]) for row in table) for index in range(len(keys))]
    for row in table:
        lines.append("  " + "  ".join(padded(cell, widths[i]) for i, cell in enumerate(row)))
    lines.append("")
    lines.append(f"[{t('alerts_title', lang)}]")
    for alert in summary.alerts:
        severity = enum_label("severity", alert.severity, lang)
        lines.append(f"  [{severity}] {alert.message}  {' '.join(alert.refs)}")
    if not summary.alerts:
        lines.append(f"  {t('alerts_none', lang)}")
    return "\n".join(lines)


def command_summary(engine: Engine, args: argparse.Namespace) -> int:
    settings = get_settings()
    window = args.window
    scope = scope_from_args(engine, args.community)
    lang = args.lang or settings.language
    report = window_report(engine, window, scope, thresholds=settings.thresholds, lang=lang)
    if args.format == "json":
        print(summary_json_text(report.summary))
    elif args.format == "text":
        print(written_summary(report.summary, names_of(report.summary), lang).text)
    else:
        print(format_table(report.summary, lang))
    return EXIT_OK


def command_report(engine: Engine, args: argparse.Namespace) -> int:
    from commands.evaluate import OPERATOR
    from commands.report_reform import check_reform_options, command_reform_report
    from reports.pdf import ReportContext, weekly_pdf, write_pdf
    from reports.pdf_reform import reform_section_for

    if args.reform:
        check_reform_options(args)
        return command_reform_report(engine, args)
    if args.format == "png":
        from commands.report_picture import command_picture_report

        return command_picture_report(engine, args, report_path(args.out, args.window))
    began = time.perf_counter()
    period = period_report(engine, args)
    window, scope, lang = args.window, period.scope, period.lang
    report = period.report
    context = ReportContext(
        lang=lang,
        generated_at=period.generated_at,
        generated_by=cli_actor(),
        scope_text=period.scope_text,
        follow_ups=period.follow_ups,
        reforms=reform_section_for(
            engine, OPERATOR, window, args.today, scope if args.community else None
        ),
    )
    pdf = weekly_pdf(report, context)
    out = report_path(args.out, window)
    pages = write_pdf(Path(out), pdf)
    seconds = time.perf_counter() - began
    size = round(len(pdf) / 1024)
    print(t("report_written", lang, path=out, pages=pages, size=size, seconds=seconds))
    return EXIT_OK


@dataclass(frozen=True)
class PeriodReport:
    """What the PDF and the long picture of a period both start from: the meeting's report of
    the window for the asked communities, in the asked language, with the follow-up actions."""

    report: MeetingReport
    scope: list[str]
    lang: str
    generated_at: datetime
    scope_text: str
    follow_ups: pd.DataFrame


def period_report(engine: Engine, args: argparse.Namespace) -> PeriodReport:
    """args.window's report for --community's communities (all when none) in --lang."""
    from reports.meeting import follow_ups_for_report, meeting_report

    settings = get_settings()
    scope = scope_from_args(engine, args.community)
    lang = args.lang or settings.language
    report = meeting_report(engine, args.window, scope, thresholds=settings.thresholds, lang=lang)
    return PeriodReport(
        report=report,
        scope=scope,
        lang=lang,
        generated_at=datetime.now(ZoneInfo(settings.timezone)),
        scope_text=scope_text(lang, scope, report.names, whole=not args.community),
        follow_ups=follow_ups_for_report(engine, args.window, scope),
    )


def report_path(pattern: str, window: Window) -> str:
    """--out with `{period}` (and the older `{week}`) replaced by the window's label:
    2026-W40, 2026-10, 2026-Q3, 2026."""
    return pattern.replace("{period}", window.label).replace("{week}", window.label)
