"""The written summary (综述) on the PDF's first page, under the title block.

A PDF of the four domains (the weekly or period report, the overview's and a community's) opens
with it, the overdue follow-up actions as of the day it was made included; a view's PDF of one
domain does not, since the summary speaks of all four.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
from fpdf import FPDF

from i18n import t
from metrics.summary_model import DOMAINS
from reports.meeting import MeetingReport
from reports.narrative import Narrative, overdue_follow_ups, written_summary


def cover_narrative(
    report: MeetingReport,
    lang: str,
    *,
    domains: Sequence[str],
    follow_ups: pd.DataFrame | None,
    day: date,
) -> Narrative | None:
    """The written summary the PDF of `domains` opens with, or None for one domain's view."""
    if set(DOMAINS) - set(domains):
        return None
    overdue = overdue_follow_ups(follow_ups, day) if follow_ups is not None else None
    return written_summary(report.summary, report.names, lang, follow_ups=overdue)


def draw_narrative(pdf: FPDF, narrative: Narrative | None, font: str) -> None:
    """Its heading and a paragraph per part, full width."""
    if narrative is None:
        return
    pdf.set_font(font, size=11)
    pdf.cell(0, 7, t("narr_title", narrative.lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=9.5)
    for paragraph in narrative.paragraphs():
        pdf.multi_cell(0, 5.2, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
    pdf.ln(1.5)
