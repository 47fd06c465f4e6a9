"""The PDF report of a month, a quarter and a year, read back (pdftotext): its title by period
(月报, 季报, 年报), its window (截至 M月D日 while partial), its key figures with 环比 and 同比
equal to the summary JSON's, and the streets of the scope only in its title."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

import cli
from data_access.db import get_engine
from data_access.migrate import migrate
from data_access.queries import communities, street_names
from demo.district import DistrictShape
from demo.district_load import load_district
from i18n import metric_label, t
from i18n.formatting import format_change, format_figure

TODAY = date(2026, 11, 18)  # the demo street's data begins 60 weeks earlier, in September 2025
DOMAINS = ("disputes", "consultations", "organizations", "burden")


@pytest.fixture
def on_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today_local", lambda: TODAY)


@pytest.fixture
def demo_database(on_today: None) -> None:
    assert cli.main(["demo", "--weeks", "60"]) == 0


def summary_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    capsys.readouterr()
    assert cli.main(["summary", *args]) == 0
    printed: dict = json.loads(capsys.readouterr().out)
    return printed


def report_text(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "report.pdf"
    assert cli.main(["report", *args, "--out", str(out)]) == 0
    return subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout


def figure_row(text: str, label: str) -> list[str]:
    """The cells after `label` on the first line that starts with it (layout text)."""
    for line in text.splitlines():
        if line.strip().startswith(label + " "):
            return re.split(r"\s{2,}", line.strip()[len(label) :].strip())
    raise AssertionError(f"no line for {label!r}")


def assert_every_figure_with_its_comparisons(text: str, summary: dict, lang: str) -> None:
    """Each scalar figure: this period, the previous, 环比, a year earlier and 同比."""
    missing = t("not_available", lang)
    for domain in DOMAINS:
        for key, value in summary[domain].items():
            if isinstance(value, dict):
                continue
            before, year_ago = summary["previous"][domain][key], summary["year_ago"][domain][key]
            expected = [
                format_figure(key, value, lang),
                format_figure(key, before, lang),
                format_change(key, value, before, lang) or missing,
                format_figure(key, year_ago, lang),
                format_change(key, value, year_ago, lang) or missing,
            ]
            assert figure_row(text, metric_label(domain, key, lang)) == expected, (domain, key)


def test_a_months_pdf_is_a_monthly_report_with_the_month_before_and_a_year_earlier(
    demo_database: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = summary_json(capsys, "--month", "2026-10", "--lang", "zh")
    assert summary["year_ago"]["disputes"]["new"] > 0  # October 2025 holds records
    text = report_text(tmp_path, "--month", "2026-10", "--lang", "zh")
    assert "粤海街道社区治理月报" in text
    assert "2026年10月（2026年10月1日–31日）" in text
    assert re.search(r"指标\s+本月\s+上月\s+环比\s+去年同期\s+同比", text)
    assert "前8周平均" not in text
    assert_every_figure_with_its_comparisons(text, summary, "zh")


def test_a_current_quarters_pdf_says_through_which_day_in_english(
    demo_database: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = summary_json(capsys, "--quarter", "2026-Q4", "--lang", "en")
    assert summary["window"]["end"] == "2026-11-17"
    text = report_text(tmp_path, "--quarter", "2026-Q4", "--lang", "en")
    assert "粤海街道: community governance quarterly report" in text
    assert "Q4 2026 (through 17 Nov)" in text
    assert "This period has not ended: figures through 17 Nov" in " ".join(text.split())
    assert re.search(r"This quarter\s+Last quarter\s+Change\s+Year ago\s+Year on year", text)
    assert_every_figure_with_its_comparisons(text, summary, "en")


def test_a_year_with_no_record_a_year_earlier_says_so_and_shows_no_year_on_year_change(
    demo_database: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the demo's first organisation entered on 2022-12-28: 2021 holds no record at all
    summary = summary_json(capsys, "--year", "2022", "--lang", "zh")
    assert summary["organizations"]["active"] > 0
    assert summary["year_ago"]["organizations"]["active"] == 0
    text = report_text(tmp_path, "--year", "2022", "--lang", "zh")
    assert "粤海街道社区治理年报" in text
    assert "去年同期无数据，同比从略。" in text
    cells = figure_row(text, metric_label("organizations", "active", "zh"))
    assert cells[0] == str(summary["organizations"]["active"])
    assert cells[3:] == [t("not_available", "zh")] * 2
    # 2025's year before holds only the organisations entered since 2022 (a state, nothing
    # reported in 2024: has_year_ago_data); 2026's holds the records from September 2025 on
    assert "去年同期无数据，同比从略。" in report_text(tmp_path, "--year", "2025", "--lang", "zh")
    assert "去年同期无数据" not in report_text(tmp_path, "--year", "2026", "--lang", "zh")


def test_the_title_names_only_the_streets_of_the_scope(on_today: None, tmp_path: Path) -> None:
    engine = get_engine()
    migrate(engine)
    shape = DistrictShape(streets=3, communities_per_street=2, weeks=6)
    load_district(engine, shape=shape, today=TODAY, with_accounts=False)
    names = street_names(engine)
    rows = communities(engine)
    first_street, *others = list(names)
    one = str(rows[rows["street_code"] == first_street]["code"].iloc[0])
    title = report_text(tmp_path, "--week", "last", "--community", one).splitlines()[0]
    assert names[first_street] in title
    assert not any(names[code] in title for code in others)
    every = report_text(tmp_path, "--week", "last").splitlines()[0]
    assert all(name in every for name in names.values())
