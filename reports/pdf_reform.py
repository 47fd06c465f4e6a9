"""成效评估 in PDF: one reform's report (`streetdash report --reform NAME --out F.pdf`) and the
section of the quarterly and yearly reports that lists every reform whose after-period overlaps
the report's window.

Each reform is drawn as the page draws it: what it is, the reading in words with the caution
that a comparison does not prove cause (reports.reform.reform_sentence), the chart of both
groups' weekly counts with the start marked, and the before/after tables per group and per
treated community. A reader who may not see the comparison communities' names (a community
account) gets the group's totals only. The reading is the latest one (today's data), whatever
the report's window: a quarter's report says how the reforms then under way read now.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from charts.reform import reform_chart
from data_access.principal import Principal
from data_access.queries import communities
from data_access.reforms import ReformRecord, reforms_for
from i18n import t
from metrics.reform import DEFAULT_WEEKS, Evaluation, ReformTooRecent
from metrics.window import Window
from reports.chart_images import chart_png
from reports.pdf_layout import FONT, INK, MUTED, PAGE_WIDTH, Document, heading, table
from reports.reform import (
    description_lines,
    evaluate_reform,
    figure_words,
    periods_text,
    reform_sentence,
    too_recent_text,
)

# The periods whose report has a 成效评估 section.
SECTION_PERIODS = ("quarter", "year")
COLUMNS = (90.0, 30.0, 30.0, 30.0)
ALIGN = ("LEFT", "RIGHT", "RIGHT", "RIGHT")


@dataclass(frozen=True)
class ReformReading:
    """A reform as its reader may see it, with its evaluation today or why there is none."""

    record: ReformRecord
    evaluation: Evaluation | ReformTooRecent


@dataclass(frozen=True)
class ReformSection:
    """The reforms a period's report lists, and the names (code → name) to call communities."""

    readings: tuple[ReformReading, ...]
    names: Mapping[str, str]


def reading_of(engine: Engine, record: ReformRecord, today: date) -> ReformReading:
    try:
        return ReformReading(record, evaluate_reform(engine, record, today))
    except ReformTooRecent as error:
        return ReformReading(record, error)


def after_period(record: ReformRecord, weeks: int = DEFAULT_WEEKS) -> Window:
    """The reform's after-period as planned: `weeks` weeks from its start."""
    return Window(record.start_on, record.start_on + timedelta(weeks=weeks, days=-1))


def overlaps(record: ReformRecord, window: Window) -> bool:
    """Whether the reform's after-period meets `window`."""
    after = after_period(record)
    return after.start <= window.end and window.start <= after.end


def community_names(engine: Engine) -> dict[str, str]:
    known = communities(engine)
    return {str(code): str(name) for code, name in zip(known["code"], known["name"], strict=True)}


def reform_section_for(
    engine: Engine,
    principal: Principal,
    window: Window,
    today: date,
    scope: Sequence[str] | None = None,
) -> ReformSection | None:
    """The 成效评估 section of a quarter's or a year's report (None for other periods): every
    reform `principal` may read whose after-period overlaps `window` and, with `scope`, that
    was adopted in a community of it."""
    if window.period not in SECTION_PERIODS:
        return None
    chosen = [
        record
        for record in reforms_for(engine, principal)
        if overlaps(record, window) and (scope is None or set(record.treated) & set(scope))
    ]
    readings = tuple(reading_of(engine, record, today) for record in chosen)
    return ReformSection(readings, community_names(engine))


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


def _paragraph(pdf: Document, text: str, *, size: float = 10, muted: bool = False) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*(MUTED if muted else INK))
    pdf.multi_cell(PAGE_WIDTH, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(1.5)


def description(reading: ReformReading, names: Mapping[str, str], lang: str) -> list[str]:
    """The reform as recorded, line by line (the default comparison as the evaluation resolved
    it)."""
    evaluation = reading.evaluation
    resolved = evaluation.comparison.communities if isinstance(evaluation, Evaluation) else ()
    return description_lines(reading.record, resolved, names, lang)


def reform_block(
    pdf: Document, reading: ReformReading, names: Mapping[str, str], lang: str
) -> None:
    """One reform: what it is, its reading in words with the caution, the chart, the tables."""
    record, evaluation = reading.record, reading.evaluation
    heading(pdf, record.name, size=12)
    _paragraph(pdf, "\n".join(description(reading, names, lang)), size=9, muted=True)
    if isinstance(evaluation, ReformTooRecent):
        _paragraph(pdf, too_recent_text(evaluation, lang))
        return
    _paragraph(pdf, reform_sentence(evaluation, names, lang), size=10)
    _paragraph(pdf, periods_text(evaluation, lang), size=8.5, muted=True)
    hidden = record.comparison_hidden
    figure = figure_words(evaluation.figure, evaluation.categories, lang)
    png = chart_png(reform_chart(evaluation, figure, lang, hidden=hidden))
    if pdf.get_y() + PAGE_WIDTH * 0.45 > pdf.h - 20:
        pdf.add_page()
    pdf.image(io.BytesIO(png), w=PAGE_WIDTH)
    pdf.ln(2)
    comparison = t("reform_comparison_hidden" if hidden else "reform_comparison", lang)
    header = [
        t("reform_column_group", lang),
        t("reform_before", lang),
        t("reform_after", lang),
        t("reform_change", lang),
    ]
    groups = [(t("reform_treated", lang), evaluation.treated), (comparison, evaluation.comparison)]
    rows = [header] + [
        [label, str(group.before), str(group.after), _percent(group.change)]
        for label, group in groups
    ]
    table(pdf, rows, COLUMNS, align=ALIGN)
    rows = [[t("reform_column_community", lang), *header[1:]]] + [
        [names.get(row.community, row.community), str(row.before), str(row.after),
         _percent(row.change)]
        for row in evaluation.by_community
    ]  # fmt: skip
    table(pdf, rows, COLUMNS, align=ALIGN)


def reforms_section(pdf: Document, section: ReformSection, lang: str) -> None:
    """The quarterly and yearly reports' 成效评估: every reform in its after-period."""
    heading(pdf, t("pdf_reform_section", lang))
    if not section.readings:
        _paragraph(pdf, t("pdf_reform_section_none", lang))
        return
    _paragraph(pdf, t("pdf_reform_section_intro", lang))
    for reading in section.readings:
        reform_block(pdf, reading, section.names, lang)


def reform_pdf(
    reading: ReformReading,
    names: Mapping[str, str],
    lang: str,
    *,
    generated_at: datetime,
    last_complete_end: date,
) -> bytes:
    """One reform's evaluation as a PDF of its own."""
    pdf = Document(lang)
    title = t("pdf_reform_title", lang, name=reading.record.name)
    pdf.set_title(title)
    pdf.set_creator("streetdash")
    pdf.add_page()
    pdf.set_font(FONT, size=16)
    pdf.multi_cell(PAGE_WIDTH, 9, title, new_x="LMARGIN", new_y="NEXT")
    generated = t(
        "pdf_reform_generated",
        lang,
        day=generated_at.date().isoformat(),
        end=last_complete_end.isoformat(),
    )
    _paragraph(pdf, generated, size=9, muted=True)
    reform_block(pdf, reading, names, lang)
    return bytes(pdf.output())
