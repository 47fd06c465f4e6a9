"""The width a chart is drawn at: its own, so that a phone narrows it and a desktop keeps it."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.disputes import weekly_flow_chart
from metrics.series import weekly_dispute_flow
from tests.builders import WEEK, dispute, disputes_frame
from ui.phone import chart_width

POINTS = pd.DataFrame({"x": [1, 2], "y": [3, 4]})


def test_a_chart_is_drawn_at_its_own_width() -> None:
    flow = weekly_dispute_flow(disputes_frame(dispute()), [WEEK.previous(), WEEK])
    assert chart_width(weekly_flow_chart(flow, "zh").to_dict()) == 720


def test_a_concatenated_or_unsized_chart_keeps_its_content_width() -> None:
    bars = alt.Chart(POINTS).mark_bar().encode(x="x", y="y").properties(width=300)
    assert chart_width(alt.hconcat(bars, bars).to_dict()) == "content"
    assert chart_width(bars.facet(column="x").to_dict()) == "content"
    assert chart_width(alt.Chart(POINTS).mark_bar().encode(x="x").to_dict()) == "content"
