"""Streamlit's caches are shared by every session: the scope must be part of every cache key."""

from __future__ import annotations

from metrics.window import Window
from ui.cached import load_window_report
from ui.filters import today_local


def test_two_scopes_asking_the_same_cached_loader_get_their_own_records(demo_url: str) -> None:
    window = Window.last_complete_week(today_local())
    one = load_window_report(demo_url, window.start, window.end, ("YH01",), "zh")
    other = load_window_report(demo_url, window.start, window.end, ("YH02",), "zh")
    assert one.summary["scope"] == ["YH01"]
    assert other.summary["scope"] == ["YH02"]
    assert set(one.frames.disputes["community"]) <= {"YH01"}
    assert set(other.frames.disputes["community"]) <= {"YH02"}
    assert [row["community"] for row in other.summary["by_community"]] == ["YH02"]
