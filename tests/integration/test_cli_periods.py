"""`streetdash summary` and `report` for a calendar month, quarter or year: --month, --quarter,
--year (or `last`), the current period cut at yesterday, and the refusals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import cli
from data_access.db import get_engine
from data_access.settings import get_settings
from metrics.summary_model import summary_json_text
from metrics.window import Window
from reports.summary import window_report

TODAY = date(2026, 11, 18)  # a Wednesday; yesterday, the last complete day, is 11-17


@pytest.fixture
def on_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today_local", lambda: TODAY)


@pytest.fixture
def demo_loaded(on_today: None) -> None:
    assert cli.main(["demo", "--weeks", "60"]) == 0


def summary_of(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert cli.main(["summary", *args]) == 0
    printed: dict = json.loads(capsys.readouterr().out)
    return printed


@pytest.mark.parametrize(
    ("args", "start", "end", "period", "label"),
    [
        (["--month", "2026-10"], "2026-10-01", "2026-10-31", "month", "2026-10"),
        (["--quarter", "2026-Q3"], "2026-07-01", "2026-09-30", "quarter", "2026-Q3"),
        (["--year", "2025"], "2025-01-01", "2025-12-31", "year", "2025"),
        # the current month, quarter and year stop at yesterday
        (["--month", "2026-11"], "2026-11-01", "2026-11-17", "month", "2026-11"),
        (["--quarter", "2026-Q4"], "2026-10-01", "2026-11-17", "quarter", "2026-Q4"),
        (["--year", "2026"], "2026-01-01", "2026-11-17", "year", "2026"),
        # last: the last complete one
        (["--month", "last"], "2026-10-01", "2026-10-31", "month", "2026-10"),
        (["--quarter", "last"], "2026-07-01", "2026-09-30", "quarter", "2026-Q3"),
        (["--year", "last"], "2025-01-01", "2025-12-31", "year", "2025"),
    ],
)
def test_summary_takes_a_month_quarter_or_year(
    demo_loaded: None,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    start: str,
    end: str,
    period: str,
    label: str,
) -> None:
    printed = summary_of(args, capsys)
    assert printed["window"] == {
        "start": start,
        "end": end,
        "week": None,
        "period": period,
        "label": label,
    }
    assert list(printed)[-3:] == ["previous", "year_ago", "alerts"]


def test_a_months_json_is_the_summary_of_that_month_with_its_calendar_comparisons(
    demo_loaded: None, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = summary_of(["--month", "2026-10", "--lang", "zh"], capsys)
    settings = get_settings()
    expected = window_report(
        get_engine(),
        Window.month("2026-10"),
        [row["community"] for row in printed["by_community"]],
        thresholds=settings.thresholds,
        lang="zh",
    ).summary
    assert json.dumps(printed, ensure_ascii=False, indent=2) == summary_json_text(expected)
    # previous is September (30 days), not the 31 days before October
    september = summary_of(["--month", "2026-09"], capsys)
    assert printed["previous"]["disputes"] == september["disputes"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-12"], "no complete day yet"),  # not begun
        (["--year", "2027"], "no complete day yet"),
        (["--month", "2026-13"], "not a month"),
        (["--quarter", "2026-Q5"], "not a quarter"),
        (["--year", "26"], "not a year"),
        (["--month", "2026-10", "--week", "2026-W40"], "not both"),
        (["--quarter", "2026-Q3", "--start", "2026-07-01", "--end", "2026-07-02"], "not both"),
        (["--month", "2026-10", "--year", "2026"], "not both"),
    ],
)
def test_a_period_not_begun_or_mixed_with_another_is_refused(
    on_today: None, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert cli.main(["summary", *args]) == cli.EXIT_USAGE
    assert message in capsys.readouterr().err


def test_a_month_that_begins_today_has_no_complete_day(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "today_local", lambda: date(2026, 11, 1))
    assert cli.main(["summary", "--month", "2026-11"]) == cli.EXIT_USAGE
    assert "no complete day yet" in capsys.readouterr().err


def test_report_takes_no_date_range(on_today: None, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["report", "--start", "2026-10-01", "--out", "x.pdf"])
    assert exit_info.value.code == 2


def test_report_names_its_file_by_the_period(
    demo_loaded: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["report", "--month", "2026-10", "--out", f"{tmp_path}/{{period}}.pdf"]) == 0
    assert cli.main(["report", "--quarter", "last", "--out", f"{tmp_path}/q-{{week}}.pdf"]) == 0
    assert sorted(path.name for path in tmp_path.glob("*.pdf")) == ["2026-10.pdf", "q-2026-Q3.pdf"]
