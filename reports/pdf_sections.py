"""The PDF report's sections after its key figures: alerts, by community, follow-up actions and
the appendix of definitions. Each draws on the document from the report and its context."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from i18n import enum_label, metric_label, t
from i18n.formatting import format_figure
from i18n.glossary import definition_values
from metrics.meeting import follow_up_statuses
from metrics.summary_model import AlertItem
from reports.alerts import (
    ALERTS_LISTED_UP_TO,
    alerts_by_rule,
    alerts_of,
    communities_text,
    distinct_names,
)
from reports.meeting import AVERAGED_PERIODS, MeetingReport
from reports.pdf_layout import FONT, INK, MUTED, Document, heading, table

if TYPE_CHECKING:
    from reports.pdf import ReportContext

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


def alerts_section(
    pdf: Document,
    report: MeetingReport,
    context: ReportContext,
    limit: int = ALERTS_LISTED_UP_TO,
) -> None:
    """Every alert one by one, or above `limit` alerts a table by rule."""
    lang = context.lang
    heading(pdf, t("pdf_alerts_title", lang))
    alerts = alerts_of(report.summary.alerts, context.domains)
    if not alerts:
        pdf.cell(0, 6, t("alerts_none", lang), new_x="LMARGIN", new_y="NEXT")
        return
    if len(alerts) > limit:
        alerts_by_rule_section(pdf, alerts, report.names, lang, limit)
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
    table(pdf, rows, (18, 102, 60), size=8.5)


def alerts_by_rule_section(
    pdf: Document,
    alerts: Sequence[AlertItem],
    names: Mapping[str, str],
    lang: str,
    limit: int = ALERTS_LISTED_UP_TO,
) -> None:
    pdf.set_font(FONT, size=9)
    note = t(
        "pdf_alerts_summarised",
        lang,
        count=len(alerts),
        limit=limit,
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
    table(pdf, rows, (18, 40, 14, 108), align=("LEFT", "LEFT", "RIGHT", "LEFT"), size=8.5)


def by_community_section(pdf: Document, report: MeetingReport, lang: str) -> None:
    heading(pdf, t("pdf_community_title", lang))
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
    table(pdf, rows, widths, align=("LEFT",) + ("RIGHT",) * 8, size=8)
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4.5, t("pdf_by_community_note", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)


def follow_ups_section(pdf: Document, report: MeetingReport, context: ReportContext) -> None:
    lang = context.lang
    heading(pdf, t("pdf_follow_ups_title", lang))
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
    table(pdf, rows, (26, 84, 26, 24, 20), size=8.5)


def appendix_section(pdf: Document, report: MeetingReport, context: ReportContext) -> None:
    lang = context.lang
    values = definition_values(report.thresholds)
    pdf.add_page()
    heading(pdf, t("pdf_appendix_title", lang))
    rows = [[t("pdf_col_metric", lang), t("glossary_column_definition", lang)]]
    for domain in context.domains:
        for key in report.summary.current.domain(domain).scalars():
            rows.append([metric_label(domain, key, lang), t(f"def_{domain}_{key}", lang, **values)])
    if report.window.period in AVERAGED_PERIODS:
        rows.append([t("pdf_col_average", lang), t("pdf_average_note", lang)])
    else:
        rows.append([t("pdf_col_year_change", lang), t("pdf_year_ago_note", lang)])
    table(pdf, rows, (40, 140), size=8)
    rules = sorted({alert.rule for alert in report.summary.alerts})
    if rules:
        pdf.set_font(FONT, size=11)
        pdf.cell(0, 7, t("pdf_alert_rules", lang), new_x="LMARGIN", new_y="NEXT")
        rule_rows = [[t("glossary_column_rule", lang), t("glossary_column_definition", lang)]]
        rule_rows += [
            [enum_label("rule", rule, lang), t(f"def_rule_{rule}", lang, **values)]
            for rule in rules
        ]
        table(pdf, rule_rows, (40, 140), size=8)
