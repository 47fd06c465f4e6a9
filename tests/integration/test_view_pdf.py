"""A view's PDF (导出本页 PDF) carries that view's alerts, and no_report in every view; the
weekly PDF carries them all."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from data_access.db import make_engine
from data_access.migrate import migrate
from demo.street import load_demo
from metrics.summary_model import AlertItem
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.alerts import RULE_DOMAINS, alerts_of
from reports.meeting import meeting_report
from reports.pdf import ReportContext, weekly_pdf

TODAY = date(2026, 11, 23)


def test_alerts_of_keeps_a_domains_rules_and_no_report_everywhere() -> None:
    alerts = [AlertItem(rule, "YH01", "high", "", ()) for rule in RULE_DOMAINS]
    assert [a.rule for a in alerts_of(alerts, ["disputes"])] == [
        "dispute_surge",
        "overdue_dispute",
        "major_dispute",
        "no_report",
    ]
    assert [a.rule for a in alerts_of(alerts, ["burden"])] == [
        "unapproved_burden",
        "repeat_assessment",
        "no_report",
    ]
    assert alerts_of(alerts, ["disputes", "consultations", "organizations", "burden"]) == alerts


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('pdf') / 'demo.db'}")
    migrate(engine)
    load_demo(engine, seed=42, weeks=12, today=TODAY)
    report = meeting_report(
        engine, Window.last_complete_week(TODAY), [f"YH{n:02d}" for n in range(1, 17)],
        thresholds=Thresholds(), lang="zh",
    )  # fmt: skip
    engine.dispose()
    return report


def pdf_text(report, domains: list[str], folder: Path) -> str:  # type: ignore[no-untyped-def]
    context = ReportContext(
        lang="zh",
        generated_at=datetime(2026, 11, 23, 9, 0),
        generated_by="test",
        scope_text="全部 16 个社区",
        domains=domains,
    )
    path = folder / f"{'-'.join(domains)}.pdf"
    path.write_bytes(weekly_pdf(report, context))
    extracted = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return extracted.stdout


def test_the_disputes_pdf_lists_dispute_alerts_and_not_the_organisations(  # type: ignore[no-untyped-def]
    demo_report, tmp_path: Path
) -> None:
    alerts = demo_report.summary.alerts
    inactive = [ref for a in alerts if a.rule == "inactive_org" for ref in a.refs]
    overdue = [ref for a in alerts if a.rule == "overdue_dispute" for ref in a.refs]
    assert inactive and overdue  # the demo week fires both (PLANTED_ALERTS)
    disputes_only = pdf_text(demo_report, ["disputes"], tmp_path)
    assert all(ref in disputes_only for ref in overdue[:3])
    assert not any(ref in disputes_only for ref in inactive)
    everything = pdf_text(
        demo_report, ["disputes", "consultations", "organizations", "burden"], tmp_path
    )
    assert all(ref in everything for ref in inactive)
