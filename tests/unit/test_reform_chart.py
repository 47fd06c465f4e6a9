"""The reform chart: both groups' weekly counts, the start marked, print-friendly."""

from __future__ import annotations

from datetime import date, timedelta

from charts.reform import reform_chart, weekly_frame
from metrics.reform import evaluate_counts
from metrics.window import Window

START = date(2026, 3, 2)
BEFORE = Window(START - timedelta(weeks=4), START - timedelta(days=1))
AFTER = Window(START, START + timedelta(weeks=4, days=-1))


def evaluation():
    counts = {}
    for week in range(8):
        monday = BEFORE.start + timedelta(weeks=week)
        counts[("A", monday)] = 10 if week < 4 else 4
        counts[("B", monday)] = 6
    return evaluate_counts(
        counts,
        figure="disputes_new",
        categories=("property",),
        treated=("A",),
        comparison=("B",),
        before=BEFORE,
        after=AFTER,
    )


def test_the_weekly_frame_holds_each_groups_count_for_every_week() -> None:
    frame = weekly_frame(evaluation())
    assert list(frame["treated"]) == [10] * 4 + [4] * 4
    assert list(frame["comparison"]) == [6] * 8
    assert frame["week"].iloc[4].date() == START


def test_the_chart_marks_the_start_with_a_labelled_rule() -> None:
    spec = reform_chart(evaluation(), "新增纠纷", "zh").to_dict()
    layers = spec["layer"][1]["layer"]
    assert layers[0]["mark"]["type"] == "rule"
    assert spec["layer"][1]["layer"][1]["mark"]["type"] == "text"
    assert "改革开始" in str(spec["datasets"])
    assert START.isoformat() in str(spec["datasets"])


def test_a_community_account_s_chart_does_not_count_the_comparison_communities() -> None:
    shown = reform_chart(evaluation(), "新增纠纷", "zh", hidden=True).to_dict()
    assert "对照社区1个" not in str(shown["title"])
    assert "对照社区1个" in str(reform_chart(evaluation(), "新增纠纷", "zh").to_dict()["title"])
