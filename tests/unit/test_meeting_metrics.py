"""The meeting's 8-week average and the derived status of follow-up actions."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from metrics.meeting import (
    follow_up_status,
    follow_up_statuses,
    mean_figures,
    windows_average,
)
from metrics.thresholds import Thresholds
from tests.builders import START, WEEK, community, dispute, window_frames


def test_mean_figures_skips_null_rates_and_leaves_breakdowns_out() -> None:
    figures = [
        {"new": 2, "success_rate": 0.5, "by_category": {"family": 2}},
        {"new": 4, "success_rate": None, "by_category": {"family": 4}},
        {"new": 0, "success_rate": 1.0, "by_category": {"family": 0}},
    ]
    # new: (2 + 4 + 0) / 3 = 2; success_rate: (0.5 + 1.0) / 2, the null week skipped.
    assert mean_figures(figures) == {"new": 2.0, "success_rate": 0.75}


def test_a_rate_null_in_every_window_stays_null() -> None:
    assert mean_figures([{"success_rate": None}, {"success_rate": None}]) == {"success_rate": None}


def test_the_average_is_over_the_eight_weeks_before_the_window_not_including_it() -> None:
    # One dispute reported in each of the weeks 1, 2 and 8 before the window, and three in the
    # window itself: new disputes average (1 + 1 + 1) / 8 = 0.375.
    earlier = [dispute(reported_on=START - timedelta(weeks=back)) for back in (1, 2, 8)]
    outside = [dispute(reported_on=START - timedelta(weeks=9))]
    current = [dispute(reported_on=START) for _ in range(3)]
    frames = window_frames(communities=[community()], disputes=earlier + outside + current)
    average = windows_average(frames, WEEK, Thresholds())
    assert average["disputes"]["new"] == 0.375
    assert set(average) == {"disputes", "consultations", "organizations", "burden"}


def test_an_open_action_past_its_due_date_is_overdue_and_a_done_one_never_is() -> None:
    day = date(2026, 10, 4)
    assert follow_up_status("open", date(2026, 10, 3), day) == "overdue"
    assert follow_up_status("open", day, day) == "open"
    assert follow_up_status("done", date(2026, 9, 1), day) == "done"


def test_follow_up_statuses_derive_overdue_row_by_row() -> None:
    actions = pd.DataFrame(
        {
            "status": ["open", "open", "done"],
            "due_on": [date(2026, 10, 1), date(2026, 10, 9), date(2026, 9, 1)],
        }
    )
    statuses = follow_up_statuses(actions, date(2026, 10, 4))
    assert list(statuses) == ["overdue", "open", "done"]
