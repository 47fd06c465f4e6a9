"""成效评估 in PDF, read back (pdftotext): `streetdash report --reform NAME` writes the reform's
reading in words with the caution and its before/after tables; the quarterly and yearly reports
list every reform whose after-period overlaps their window, other periods have no such section.
The expected words and numbers come from reports.reform on the same database."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

import cli
from data_access.db import get_engine
from data_access.principal import Principal
from data_access.reforms import reform_named
from demo.street_reforms import CONSULTATION_REFORM, PROPERTY_REFORM
from i18n import t
from reports.pdf_reform import community_names
from reports.reform import caution, evaluate_reform, reform_sentence

TODAY = date(2026, 11, 18)  # the last complete week ends on 15 November
READER = Principal("test", "leader")


@pytest.fixture
def demo_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today_local", lambda: TODAY)
    assert cli.main(["demo"]) == 0


def pdf_words(tmp_path: Path, *args: str) -> str:
    """The PDF's text without any white space (lines wrap where the layout wants)."""
    out = tmp_path / "reform.pdf"
    assert cli.main(["report", *args, "--out", str(out)]) == 0
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    return squeezed(text)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_reforms_pdf_holds_its_reading_in_words_the_caution_and_its_tables(
    demo_database: None, tmp_path: Path, lang: str
) -> None:
    words = pdf_words(tmp_path, "--reform", PROPERTY_REFORM, "--lang", lang)
    engine = get_engine()
    record = reform_named(engine, READER, PROPERTY_REFORM)
    assert record is not None
    evaluation = evaluate_reform(engine, record, TODAY)
    names = community_names(engine)
    assert squeezed(t("pdf_reform_title", lang, name=PROPERTY_REFORM)) in words
    assert squeezed(reform_sentence(evaluation, names, lang)) in words
    assert squeezed(caution(lang)) in words
    for row in evaluation.by_community:
        assert squeezed(f"{names[row.community]}{row.before}{row.after}{row.change:+.1%}") in words
    treated = evaluation.treated
    assert (
        squeezed(f"{t('reform_treated', lang)}{treated.before}{treated.after}{treated.change:+.1%}")
        in words
    )


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (["--quarter", "2026-Q1"], {PROPERTY_REFORM}),
        (["--quarter", "2026-Q3"], {CONSULTATION_REFORM}),
        (["--year", "2026"], {PROPERTY_REFORM, CONSULTATION_REFORM}),
        (["--month", "2026-10"], None),
    ],
)
def test_quarterly_and_yearly_reports_list_the_reforms_whose_after_period_overlaps(
    demo_database: None, tmp_path: Path, period: list[str], expected: set[str] | None
) -> None:
    # The property reform's 26 weeks after run 2025-10-13 to 2026-04-12, the consultation
    # reform's 2026-04-20 to 2026-10-18 (the demo plants them 56 and 30 weeks before the end).
    words = pdf_words(tmp_path, *period, "--lang", "zh")
    if expected is None:
        assert squeezed(t("pdf_reform_section_intro", "zh")) not in words
        assert PROPERTY_REFORM not in words and CONSULTATION_REFORM not in words
        return
    assert squeezed(t("pdf_reform_section_intro", "zh")) in words
    assert {name for name in (PROPERTY_REFORM, CONSULTATION_REFORM) if name in words} == expected
    assert squeezed(caution("zh")) in words


def test_report_reform_refuses_a_period_and_an_unknown_name(
    demo_database: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "r.pdf")
    assert cli.main(["report", "--reform", PROPERTY_REFORM, "--year", "2026", "--out", out]) == 2
    assert "--year" in capsys.readouterr().err
    assert cli.main(["report", "--reform", "没有这项", "--out", out]) == 2
    assert not Path(out).exists()
