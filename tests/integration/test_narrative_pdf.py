"""The PDF's first page carries the written summary (综述) under its title block; a view's PDF of
one domain does not, the summary speaking of all four."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from data_access.db import make_engine
from data_access.follow_ups import create_follow_up
from data_access.migrate import migrate
from data_access.queries import communities
from demo.street import load_demo
from i18n import t
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.meeting import follow_ups_for_report, meeting_report
from reports.narrative import Narrative, overdue_follow_ups, written_summary
from reports.pdf import ReportContext, weekly_pdf

TODAY = date(2026, 11, 30)
WEEK = Window.iso_week("2026-W48")


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """Twelve weeks of the demo street up to TODAY, with one follow-up action overdue."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('pdf') / 'demo.db'}")
    migrate(engine)
    load_demo(engine, weeks=12, today=TODAY)
    create_follow_up(
        engine,
        community="YH03",
        title="上门回访",
        owner="王主任",
        due_on=date(2026, 11, 27),
        raised_on=date(2026, 11, 24),
        actor="test",
    )
    yield engine
    engine.dispose()


def first_page(pdf: bytes, tmp_path: Path) -> str:
    """The first page's text, white space removed (wrapped lines join up again)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return "".join(text.split())


def report_pdf(
    engine: Engine, lang: str, domains: tuple[str, ...] | None = None
) -> tuple[bytes, Narrative]:
    scope = list(communities(engine)["code"])
    report = meeting_report(engine, WEEK, scope, thresholds=Thresholds(), lang=lang)
    follow_ups = follow_ups_for_report(engine, WEEK, scope)
    context = ReportContext(
        lang=lang,
        generated_at=datetime(2026, 11, 30, 9, 0),
        generated_by="test",
        scope_text="all",
        follow_ups=follow_ups,
        charts=[],
        **({"domains": domains} if domains else {}),
    )
    expected = written_summary(
        report.summary, report.names, lang, follow_ups=overdue_follow_ups(follow_ups, TODAY)
    )
    return weekly_pdf(report, context), expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_weekly_pdfs_first_page_carries_the_written_summary_with_its_follow_ups(
    demo_engine: Engine, tmp_path: Path, lang: str
) -> None:
    pdf, expected = report_pdf(demo_engine, lang)
    page = first_page(pdf, tmp_path)
    assert t("narr_title", lang) in page
    for paragraph in expected.paragraphs():
        assert "".join(paragraph.split()) in page
    assert "".join(expected.sentences[-1].text.split()) in page
    assert "YH03" in expected.sentences[-1].communities  # the action due on the 27th


def test_a_view_pdf_of_one_domain_has_no_written_summary(
    demo_engine: Engine, tmp_path: Path
) -> None:
    pdf, _ = report_pdf(demo_engine, "zh", domains=("disputes",))
    assert t("narr_title", "zh") not in first_page(pdf, tmp_path)
