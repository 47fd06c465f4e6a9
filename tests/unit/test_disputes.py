from datetime import timedelta

import pandas as pd

from metrics.codes import DISPUTE_CATEGORIES
from metrics.disputes import (
    dispute_figures,
    local_resolution_rate,
    major_new_disputes,
    mean_days_to_resolve,
    new_by_category,
    new_disputes,
    open_at,
    overdue_at,
    per_10k,
    resolved_disputes,
    success_rate,
    unresolved_closed_disputes,
)
from metrics.frames import DISPUTE_COLUMNS
from metrics.summary_model import DisputeFigures
from metrics.thresholds import Thresholds
from tests.builders import END, START, WEEK, communities_frame, community, dispute, disputes_frame

DAY = timedelta(days=1)
EMPTY_OBJECT_FRAME = pd.DataFrame({column: pd.Series(dtype=object) for column in DISPUTE_COLUMNS})


def case_nos(disputes: pd.DataFrame) -> list[str]:
    return sorted(disputes["case_no"])


def test_new_disputes_are_those_reported_from_the_first_to_the_last_day_of_the_window():
    disputes = disputes_frame(
        dispute(case_no="before", reported_on=START - DAY),
        dispute(case_no="first", reported_on=START),
        dispute(case_no="last", reported_on=END),
        dispute(case_no="after", reported_on=END + DAY),
    )
    assert case_nos(new_disputes(disputes, WEEK)) == ["first", "last"]


def test_case_closed_on_the_windows_last_day_is_resolved_in_it_and_not_open_at_its_end():
    disputes = disputes_frame(
        dispute(case_no="D1", reported_on=START, status="resolved", closed_on=END),
    )
    assert case_nos(resolved_disputes(disputes, WEEK)) == ["D1"]
    assert open_at(disputes, END).empty


def test_case_closed_the_day_after_the_window_is_still_open_at_its_end_and_not_resolved():
    disputes = disputes_frame(
        dispute(case_no="D1", reported_on=START, status="resolved", closed_on=END + DAY),
    )
    assert resolved_disputes(disputes, WEEK).empty
    assert case_nos(open_at(disputes, END)) == ["D1"]


def test_case_reported_after_the_day_is_not_open_at_it():
    disputes = disputes_frame(dispute(reported_on=END + DAY))
    assert open_at(disputes, END).empty


def test_unresolved_closed_cases_are_unresolved_ones_closed_in_the_window():
    disputes = disputes_frame(
        dispute(case_no="in", status="unresolved", closed_on=END),
        dispute(case_no="earlier", status="unresolved", closed_on=START - DAY),
        dispute(case_no="resolved", status="resolved", closed_on=END),
    )
    assert case_nos(unresolved_closed_disputes(disputes, WEEK)) == ["in"]


def test_a_case_open_exactly_thirty_days_is_not_overdue_and_thirty_one_is():
    disputes = disputes_frame(
        dispute(case_no="30", reported_on=END - 30 * DAY),
        dispute(case_no="31", reported_on=END - 31 * DAY),
        dispute(case_no="31-closed", reported_on=END - 31 * DAY, status="resolved", closed_on=END),
    )
    # END − reported_on: 30 days (not > 30), 31 days (> 30), and a closed case is never overdue
    assert case_nos(overdue_at(disputes, END, 30)) == ["31"]


def test_major_new_disputes_are_the_new_ones_marked_major():
    disputes = disputes_frame(
        dispute(case_no="major", is_major=True),
        dispute(case_no="minor"),
        dispute(case_no="old-major", is_major=True, reported_on=START - DAY),
    )
    assert case_nos(major_new_disputes(disputes, WEEK)) == ["major"]


def test_success_rate_is_resolved_over_all_closed_and_none_when_nothing_closed():
    disputes = disputes_frame(
        dispute(status="resolved", closed_on=END),
        dispute(status="resolved", closed_on=END),
        dispute(status="unresolved", closed_on=END),
    )
    resolved = resolved_disputes(disputes, WEEK)
    unresolved_closed = unresolved_closed_disputes(disputes, WEEK)
    # 2 resolved / (2 + 1 closed) = 2/3
    assert success_rate(resolved, unresolved_closed) == 2 / 3
    assert success_rate(resolved.iloc[0:0], unresolved_closed.iloc[0:0]) is None


def test_local_rate_is_the_share_of_resolved_cases_handled_by_grid_or_community():
    resolved = disputes_frame(
        dispute(status="resolved", closed_on=END, level="grid"),
        dispute(status="resolved", closed_on=END, level="community"),
        dispute(status="resolved", closed_on=END, level="street"),
        dispute(status="resolved", closed_on=END, level="district"),
    )
    # grid and community: 2 of 4
    assert local_resolution_rate(resolved) == 0.5
    assert local_resolution_rate(resolved.iloc[0:0]) is None


def test_mean_days_to_resolve_is_not_rounded():
    resolved = disputes_frame(
        dispute(reported_on=START - 3 * DAY, status="resolved", closed_on=START),
        dispute(reported_on=START - 3 * DAY, status="resolved", closed_on=START + DAY),
        dispute(reported_on=START, status="resolved", closed_on=START + DAY),
    )
    # (3 + 4 + 1) / 3 = 8/3
    assert mean_days_to_resolve(resolved) == 8 / 3
    assert mean_days_to_resolve(resolved.iloc[0:0]) is None


def test_per_10k_is_none_for_a_zero_population():
    # 3 / 15,000 × 10,000 = 2.0
    assert per_10k(3, 15_000) == 2.0
    assert per_10k(3, 0) is None
    assert per_10k(0, 0) is None


def test_new_by_category_lists_every_category_in_order_with_zeros():
    new = disputes_frame(
        dispute(category="property"), dispute(category="property"), dispute(category="family")
    )
    counts = new_by_category(new)
    assert list(counts) == list(DISPUTE_CATEGORIES)
    assert counts == dict.fromkeys(DISPUTE_CATEGORIES, 0) | {"family": 1, "property": 2}


def test_dispute_figures_of_a_small_week_looking_back_past_its_start():
    disputes = disputes_frame(
        # new, still open, 0 days old
        dispute(case_no="A", reported_on=START, category="neighbor"),
        # new and major, resolved at community level in 2 days
        dispute(
            case_no="B",
            reported_on=START,
            category="family",
            is_major=True,
            status="resolved",
            level="community",
            closed_on=START + 2 * DAY,
        ),
        # old case resolved at street level in the week: 40 days
        dispute(
            case_no="C",
            reported_on=END - 40 * DAY,
            category="labor",
            status="resolved",
            level="street",
            closed_on=END,
        ),
        # old case closed unresolved in the week
        dispute(
            case_no="D",
            reported_on=END - 10 * DAY,
            category="labor",
            status="unresolved",
            level="street",
            closed_on=START,
        ),
        # old case still open, 45 days: overdue
        dispute(case_no="E", reported_on=END - 45 * DAY, category="property"),
        # closed before the window: counts nowhere
        dispute(
            case_no="F",
            reported_on=END - 60 * DAY,
            category="labor",
            status="resolved",
            closed_on=START - DAY,
        ),
    )
    communities = communities_frame(
        community(code="YH01", population=12_000), community(code="YH02", population=8_000)
    )
    figures = dispute_figures(disputes, communities, WEEK, Thresholds())
    assert figures == DisputeFigures(
        new=2,  # A, B
        resolved=2,  # B, C
        unresolved_closed=1,  # D
        open_at_end=2,  # A, E
        overdue_at_end=1,  # E
        success_rate=2 / 3,  # 2 / (2 + 1)
        local_rate=0.5,  # B of B, C
        mean_days_to_resolve=21.0,  # (2 + 40) / 2
        major_new=1,  # B
        per_10k=1.0,  # 2 / 20,000 × 10,000
        by_category=dict.fromkeys(DISPUTE_CATEGORIES, 0) | {"family": 1, "neighbor": 1},
    )


def test_previous_window_figures_count_what_happened_the_week_before():
    disputes = disputes_frame(
        dispute(reported_on=START - 7 * DAY),
        dispute(reported_on=START - DAY, status="resolved", closed_on=START),
        dispute(reported_on=START),
    )
    previous = dispute_figures(
        disputes, communities_frame(community()), WEEK.previous(), Thresholds()
    )
    # both reported 2026-09-21..27; the second closes on 09-28, after the previous window's end
    assert (previous.new, previous.open_at_end, previous.resolved) == (2, 2, 0)


def test_empty_frames_give_zero_counts_and_no_rates():
    for disputes in (EMPTY_OBJECT_FRAME, disputes_frame()):
        communities = communities_frame()
        figures = dispute_figures(disputes, communities, WEEK, Thresholds())
        assert figures == DisputeFigures(
            new=0,
            resolved=0,
            unresolved_closed=0,
            open_at_end=0,
            overdue_at_end=0,
            success_rate=None,
            local_rate=None,
            mean_days_to_resolve=None,
            major_new=0,
            per_10k=None,
            by_category=dict.fromkeys(DISPUTE_CATEGORIES, 0),
        )


def test_figures_are_python_numbers_not_numpy_ones():
    disputes = disputes_frame(dispute(status="resolved", closed_on=END))
    figures = dispute_figures(disputes, communities_frame(community()), WEEK, Thresholds())
    assert type(figures.new) is int
    assert type(figures.by_category["family"]) is int
    assert type(figures.mean_days_to_resolve) is float
    assert type(figures.per_10k) is float
