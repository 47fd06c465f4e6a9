"""Streamlit's caches are shared by every session: the scope must be part of every cache key;
and by no other process: the data version in the key makes another process's write seen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

import reports.summary
import ui.cached
from data_access.audit import data_version
from data_access.backup import backup, restore
from data_access.db import make_engine
from data_access.records import add_record
from data_access.sign_in import authenticate
from demo.street import load_demo
from figures.summary import SqlSummary, sql_summary
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.alert_records import records_behind
from tests.app.conftest import DEMO_PASSWORDS
from ui.cached import (
    alert_records,
    chart_spec,
    clear_caches,
    load_meeting_report,
    load_view_data,
    load_window_report,
)
from ui.filters import today_local


def test_two_scopes_asking_the_same_cached_loader_get_their_own_records(demo_url: str) -> None:
    window = Window.last_complete_week(today_local())
    one = load_window_report(demo_url, window, ("YH01",), "zh")
    other = load_window_report(demo_url, window, ("YH02",), "zh")
    assert one.summary.scope == ("YH01",)
    assert other.summary.scope == ("YH02",)
    assert set(one.frames.disputes["community"]) <= {"YH01"}
    assert set(other.frames.disputes["community"]) <= {"YH02"}
    assert [row.community for row in other.summary.by_community] == ["YH02"]


def test_a_second_language_words_the_cached_figures_again_without_running_the_sql(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, ...]] = []

    def counted(*args: Any, **options: Any) -> SqlSummary:
        calls.append(tuple(args[2]))
        return sql_summary(*args, **options)

    monkeypatch.setattr(reports.summary, "sql_summary", counted)
    clear_caches()
    window = Window.last_complete_week(today_local())
    scope = ("YH01", "YH02")
    chinese = load_window_report(demo_url, window, scope, "zh")
    english = load_window_report(demo_url, window, scope, "en")
    assert calls == [scope]
    assert chinese.summary.alerts, "the demo's week has alerts to word"
    assert [alert.refs for alert in english.summary.alerts] == [
        alert.refs for alert in chinese.summary.alerts
    ]
    assert [alert.message for alert in english.summary.alerts] != [
        alert.message for alert in chinese.summary.alerts
    ]
    meeting_zh = load_meeting_report(demo_url, window, scope, "zh")
    meeting_en = load_meeting_report(demo_url, window, scope, "en")
    assert calls == [scope, scope], "the meeting's figures, once for both languages"
    assert meeting_en.average == meeting_zh.average
    assert meeting_en.summary.alerts[0].message != meeting_zh.summary.alerts[0].message


def test_a_month_and_the_range_of_its_days_are_cached_apart(demo_url: str) -> None:
    """Their previous windows differ (the month before; the 31 days before), and so do a whole
    month and the same month while partial: the window's label and end are in the key."""
    month = Window.last_complete("month", today_local())
    days = Window(month.start, month.end)
    partial = month.through(month.end - timedelta(days=1))
    reports = {
        window: load_window_report(demo_url, window, ("YH01", "YH02"), "zh").summary
        for window in (month, days, partial)
    }
    assert [summary.window.period for summary in reports.values()] == ["month", "range", "month"]
    assert reports[month].window.label == reports[partial].window.label
    assert reports[partial].window.end == partial.end
    engine = make_engine(demo_url)
    for window, summary in reports.items():
        expected = reports_summary(engine, window, ("YH01", "YH02"))
        assert summary == expected, window
    engine.dispose()


def reports_summary(engine: Engine, window: Window, scope: tuple[str, ...]) -> object:
    return reports.summary.window_report(
        engine, window, scope, thresholds=Thresholds(), lang="zh"
    ).summary


def dispute(case_no: str, day: date) -> dict[str, object]:
    return {
        "case_no": case_no,
        "community": "YH01",
        "reported_on": day,
        "category": "neighbor",
        "source": "hotline",
        "status": "open",
        "level": "grid",
        "is_major": False,
        "parties": 2,
    }


def test_a_write_by_another_process_shows_on_the_next_call_without_clearing_any_cache(
    demo_url: str,
) -> None:
    window = Window.last_complete_week(today_local())
    scope = ("YH01",)
    before = load_window_report(demo_url, window, scope, "zh")
    listed = load_view_data(demo_url, "disputes", window.start, window.end, 12, scope)
    other_process = make_engine(demo_url)  # its own engine, its own Streamlit caches
    add_record(other_process, "disputes", dispute("YH01-OTHER-PROCESS", window.end), actor="test")
    other_process.dispose()
    after = load_window_report(demo_url, window, scope, "zh")
    assert after.summary.current.disputes.new == before.summary.current.disputes.new + 1
    relisted = load_view_data(demo_url, "disputes", window.start, window.end, 12, scope)
    assert "YH01-OTHER-PROCESS" not in set(listed.frames.disputes["case_no"])
    assert "YH01-OTHER-PROCESS" in set(relisted.frames.disputes["case_no"])
    assert relisted.series["flow"]["new"].sum() == listed.series["flow"]["new"].sum() + 1


def test_a_demo_load_moves_the_data_version_on_and_a_sign_in_does_not(
    sqlite_engine: Engine,
) -> None:
    assert data_version(sqlite_engine) == (0, "")
    load_demo(sqlite_engine, seed=42, weeks=4, today=today_local())
    loaded = data_version(sqlite_engine)
    assert loaded[0] > 0
    now = datetime.now(UTC)
    assert authenticate(sqlite_engine, "admin", DEMO_PASSWORDS["admin"], now).principal
    authenticate(sqlite_engine, "admin", "a wrong password", now)
    assert data_version(sqlite_engine) == loaded


def test_a_restore_whose_entry_reuses_the_id_of_a_lost_edit_still_moves_the_version_on(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    load_demo(sqlite_engine, seed=42, weeks=4, today=today_local())
    backup(sqlite_engine, tmp_path / "before.db")
    add_record(sqlite_engine, "disputes", dispute("YH01-LOST", today_local()), actor="test")
    edited = data_version(sqlite_engine)
    restore(sqlite_engine, tmp_path / "before.db", actor="test")
    restored = data_version(sqlite_engine)
    assert restored[0] == edited[0]  # the backup lacks the edit's entry: its id is free again
    assert restored != edited


def test_a_chart_is_built_once_per_data_and_its_data_is_sent(demo_url: str) -> None:
    import pyarrow as pa

    from charts.disputes import category_chart

    built: list[dict[str, int]] = []

    def counted(counts: dict[str, int], lang: str):  # type: ignore[no-untyped-def]
        built.append(counts)
        return category_chart(counts, lang)

    counted.__qualname__ = "test_counted_category_chart"
    first = chart_spec(counted, {"neighbor": 3, "family": 1}, "zh")
    again = chart_spec(counted, {"neighbor": 3, "family": 1}, "zh")
    other = chart_spec(counted, {"neighbor": 4}, "zh")
    # Same data and language: built once; other data: built again.
    assert len(built) == 2
    assert first == again and first != other
    # The chart's rows travel with the spec as Arrow bytes, as st.altair_chart would send them.
    tables = [
        pa.ipc.open_stream(data).read_all().to_pandas() for data in first["datasets"].values()
    ]
    assert any(sorted(table.get("new", [])) == [1, 3] for table in tables)


def test_the_records_behind_an_alert_are_labelled_once_and_kept_with_the_report(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    labelled: list[str] = []

    def counted(rule: str, refs: tuple[str, ...], frames: Any, lang: str) -> Any:
        labelled.append(rule)
        return records_behind(rule, refs, frames, lang)

    monkeypatch.setattr(ui.cached, "records_behind", counted)
    clear_caches()
    window = Window.last_complete_week(today_local())
    scope = ("YH01", "YH02", "YH03")
    report = load_window_report(demo_url, window, scope, "zh")
    alert = next(alert for alert in report.summary.alerts if alert.refs)
    first = alert_records(demo_url, window, scope, "zh", report.frames)(alert)
    again = alert_records(demo_url, window, scope, "zh", report.frames)(alert)  # the next page run
    assert labelled == [alert.rule]
    assert first.equals(again)
    assert first.equals(records_behind(alert.rule, alert.refs, report.frames, "zh"))
    assert set(first.iloc[:, 0]) == set(alert.refs)
    english = alert_records(demo_url, window, scope, "en", report.frames)(alert)
    assert labelled == [alert.rule, alert.rule]
    assert list(english.columns) != list(first.columns)
