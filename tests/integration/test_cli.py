"""The `streetdash` command: exit codes, the summary JSON, and the demo's refusal to mix data."""

from __future__ import annotations

import json
from datetime import date

import pytest

import cli
from data_access.db import get_engine
from data_access.queries import record_counts
from data_access.settings import get_settings
from metrics.summary_model import summary_json_text
from metrics.window import Window
from reports.summary import window_report

TODAY = date(2026, 11, 18)
LAST_WEEK = Window.last_complete_week(TODAY)


@pytest.fixture
def demo_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo street (12 weeks) in the test's temporary database, as if today were TODAY."""
    monkeypatch.setattr(cli, "today_local", lambda: TODAY)
    assert cli.main(["demo", "--weeks", "12"]) == 0


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_migrate_creates_the_schema_of_an_empty_database(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["migrate"], capsys)
    assert code == 0
    assert record_counts(get_engine())["communities"] == 0


def test_the_demo_loads_once_and_then_refuses_or_skips(
    demo_loaded: None, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = record_counts(get_engine())
    assert counts["communities"] == 16
    code, _, err = run(["demo"], capsys)
    assert code == 1
    assert "already holds records" in err
    code, out, _ = run(["demo", "--if-empty"], capsys)
    assert code == 0
    assert "not loaded" in out
    assert record_counts(get_engine()) == counts


def test_summary_json_is_exactly_the_metrics_summary_of_that_week(
    demo_loaded: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["summary", "--week", str(LAST_WEEK.week), "--format", "json"], capsys)
    assert code == 0
    settings = get_settings()
    scope = [f"YH{number:02d}" for number in range(1, 17)]
    expected = window_report(
        get_engine(), LAST_WEEK, scope, thresholds=settings.thresholds, lang="zh"
    ).summary
    assert out == summary_json_text(expected) + "\n"
    printed = json.loads(out)
    assert list(printed) == [
        "window",
        "scope",
        "disputes",
        "consultations",
        "organizations",
        "burden",
        "by_community",
        "previous",
        "year_ago",
        "alerts",
    ]
    assert printed["window"] == {
        "start": LAST_WEEK.start.isoformat(),
        "end": LAST_WEEK.end.isoformat(),
        "week": LAST_WEEK.week,
        "period": "week",
        "label": LAST_WEEK.week,
    }


def test_summary_takes_a_date_range_and_communities(
    demo_loaded: None, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["summary", "--start", "2026-10-01", "--end", "2026-10-31"]
    code, out, _ = run([*args, "--community", "YH02", "--community", "YH01"], capsys)
    assert code == 0
    printed = json.loads(out)
    assert printed["scope"] == ["YH01", "YH02"]
    assert printed["window"] == {
        "start": "2026-10-01",
        "end": "2026-10-31",
        "week": None,
        "period": "range",
        "label": "2026-10-01..2026-10-31",
    }
    assert [row["community"] for row in printed["by_community"]] == ["YH01", "YH02"]


def test_summary_as_a_table_speaks_the_chosen_language(
    demo_loaded: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["summary", "--week", str(LAST_WEEK.week), "--format", "table"], capsys)
    assert code == 0
    assert "[矛盾纠纷]" in out and "新增纠纷" in out
    week = ["summary", "--week", str(LAST_WEEK.week)]
    code, out, _ = run([*week, "--format", "table", "--lang", "en"], capsys)
    assert code == 0
    assert "[Disputes]" in out and "New disputes" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summary", "--week", "2026-40"], "not an ISO week"),
        (["summary", "--week", "2026-W54"], "no such ISO week"),
        (["summary", "--start", "2026-10-01"], "or both --start and --end"),
        (["summary", "--week", "2026-W40", "--start", "2026-10-01"], "not both"),
        (["summary", "--start", "2026-10-05", "--end", "2026-10-01"], "is before"),
        (["summary", "--week", "2026-W40", "--community", "ZZ99"], "unknown community"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    demo_loaded: None, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(args, capsys)
    assert code == 2
    assert message in err


def test_an_unparseable_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["summary", "--start", "2026/13/01", "--end", "2026-10-01"])
    assert exit_info.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_settings_lists_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["settings"], capsys)
    assert code == 0
    assert "STREETDASH_DATABASE_URL=" in out and "STREETDASH_OVERDUE_DAYS=30" in out
