"""Chart specs: Chinese titles and tooltips, explicit sizes, and series apart without colour."""

from __future__ import annotations

import json

import pandas as pd

from charts.burden import department_chart
from charts.disputes import backlog_age_chart, weekly_flow_chart
from charts.theme import FONT
from metrics.series import backlog_by_age, department_ranking, weekly_dispute_flow
from metrics.window import Window
from tests.builders import WEEK, dispute, disputes_frame


def spec_of(chart) -> dict:
    return chart.to_dict()


def test_the_weekly_flow_has_chinese_titles_dashes_and_shapes() -> None:
    flow = weekly_dispute_flow(disputes_frame(dispute()), [WEEK.previous(), WEEK])
    spec = spec_of(weekly_flow_chart(flow, "zh"))
    text = json.dumps(spec, ensure_ascii=False)
    assert spec["title"]["text"] == "每周新增与化解纠纷"
    assert spec["config"]["font"] == FONT
    assert (spec["width"], spec["height"]) == (720, 260)
    lines, points = spec["layer"]
    assert lines["encoding"]["strokeDash"]["field"] == "series"
    assert points["encoding"]["shape"]["field"] == "series"
    assert [tip["title"] for tip in points["encoding"]["tooltip"]] == ["周（周一）", "系列", "件数"]
    assert "新增纠纷" in text and "化解" in text


def test_the_english_chart_speaks_english() -> None:
    flow = weekly_dispute_flow(disputes_frame(dispute()), [WEEK])
    assert spec_of(weekly_flow_chart(flow, "en"))["title"]["text"] == (
        "New and resolved disputes per week"
    )


def test_bar_charts_print_their_values_and_keep_the_bucket_order() -> None:
    backlog = backlog_by_age(disputes_frame(dispute()), WEEK.end)
    spec = spec_of(backlog_age_chart(backlog, "zh"))
    bars, labels = spec["layer"]
    assert labels["mark"]["type"] == "text"
    assert bars["encoding"]["y"]["sort"] == ["0–7 天", "8–15 天", "16–30 天", "30 天以上"]
    assert spec["height"] == {"step": 24}


def test_department_series_have_chinese_names_in_the_legend() -> None:
    ranking = department_ranking(pd.DataFrame(columns=["department"]))
    spec = spec_of(department_chart(ranking, "zh"))
    bars = spec["layer"][0]
    assert bars["encoding"]["color"]["scale"]["domain"] == [
        "下派事项",
        "未经准入",
        "负面清单",
        "清单外",
    ]


def test_a_window_is_not_needed_to_build_a_chart_of_zero_rows() -> None:
    flow = weekly_dispute_flow(disputes_frame(), [Window(WEEK.start, WEEK.end)])
    assert spec_of(weekly_flow_chart(flow, "zh"))["layer"]
