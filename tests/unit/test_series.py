"""Series and breakdowns of the views, on hand-made frames; expected values worked out below."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from metrics.burden import assigned_items
from metrics.community import against_median, weekly_by_community
from metrics.disputes import dispute_figures
from metrics.series import (
    backlog_by_age,
    communities_without_consultation,
    consultation_funnel,
    department_ranking,
    eight_items_matrix,
    organization_pipeline,
    trend_weeks,
    weekly_dispute_flow,
    weekly_reports_year_on_year,
)
from metrics.thresholds import Thresholds
from metrics.window import Window
from tests.builders import (
    END,
    START,
    WEEK,
    burden_frame,
    burden_item,
    communities_frame,
    community,
    consultation,
    consultations_frame,
    dispute,
    disputes_frame,
    organization,
    organizations_frame,
    window_frames,
)

DAY = timedelta(days=1)
PREVIOUS = WEEK.previous()


def test_trend_weeks_end_with_the_week_of_the_end_cut_at_the_end() -> None:
    weeks = trend_weeks(date(2026, 10, 1), 3)  # a Thursday of 2026-W40
    assert weeks == [
        Window(date(2026, 9, 14), date(2026, 9, 20)),
        Window(date(2026, 9, 21), date(2026, 9, 27)),
        Window(date(2026, 9, 28), date(2026, 10, 1)),
    ]


def test_weekly_flow_counts_each_week_as_the_window_figures_would() -> None:
    disputes = disputes_frame(
        # previous week: two new; one resolved there at grid level
        dispute(reported_on=PREVIOUS.start),
        dispute(reported_on=PREVIOUS.end, status="resolved", closed_on=PREVIOUS.end, level="grid"),
        # this week: one new, resolved at street level; one older case resolved at community level
        dispute(reported_on=START, status="resolved", closed_on=END, level="street"),
        dispute(
            reported_on=START - 40 * DAY, status="resolved", closed_on=START, level="community"
        ),
        # unresolved closings are not resolved; a case after the end is not counted
        dispute(reported_on=START, status="unresolved", closed_on=END),
        dispute(reported_on=END + DAY),
    )
    flow = weekly_dispute_flow(disputes, [PREVIOUS, WEEK])
    # previous: new 2, resolved 1 (grid) → local 1/1; this week: new 2 (START, START),
    # resolved 2 (street, community) → local 1/2
    expected = pd.DataFrame(
        {
            "week": pd.to_datetime([PREVIOUS.start, WEEK.start]),
            "new": [2, 2],
            "resolved": [1, 2],
            "resolved_locally": [1, 1],
            "local_rate": [1.0, 0.5],
        }
    )
    pd.testing.assert_frame_equal(flow, expected, check_index_type=False, check_dtype=False)
    figures = dispute_figures(disputes, communities_frame(community()), WEEK, Thresholds())
    assert (figures.new, figures.resolved, figures.local_rate) == (2, 2, 0.5)


def test_a_week_with_nothing_resolved_has_no_local_rate() -> None:
    flow = weekly_dispute_flow(disputes_frame(dispute(reported_on=START)), [WEEK])
    assert flow["local_rate"].isna().all()


def test_backlog_buckets_by_days_open_at_the_end() -> None:
    # ages at END: 0, 7 → 0–7; 8 → 8–15; 30 → 16–30; 31 → over 30; closed by END → not open
    disputes = disputes_frame(
        *(dispute(reported_on=END - age * DAY) for age in (0, 7, 8, 30, 31)),
        dispute(reported_on=END - 50 * DAY, status="resolved", closed_on=END),
    )
    backlog = backlog_by_age(disputes, END)
    assert list(backlog["count"]) == [2, 1, 1, 1]
    assert list(backlog["bucket"]) == ["0_7", "8_15", "16_30", "over_30"]


def test_the_funnel_follows_the_meetings_held_in_the_span() -> None:
    consultations = consultations_frame(
        consultation(held_on=START),  # no consensus
        consultation(held_on=START, consensus=True, implementation="in_progress"),
        consultation(held_on=START, consensus=True, implementation="done", implemented_on=END),
        consultation(  # implemented after the end: not yet implemented
            held_on=START, consensus=True, implementation="done", implemented_on=END + DAY
        ),
        consultation(held_on=START - DAY, consensus=True),  # before the span
    )
    funnel = consultation_funnel(consultations, WEEK)
    assert dict(zip(funnel["stage"], funnel["count"], strict=True)) == {
        "held": 4,
        "consensus": 3,
        "implemented": 1,
    }


def test_quiet_communities_are_those_without_a_meeting_in_the_last_days() -> None:
    communities = communities_frame(
        community(code="YH01", name="甲"), community(code="YH02", name="乙")
    )
    # YH01 met 27 days before END (inside 28 days), YH02 28 days before (outside)
    consultations = consultations_frame(
        consultation(community="YH01", held_on=END - 27 * DAY),
        consultation(community="YH02", held_on=END - 28 * DAY),
    )
    quiet = communities_without_consultation(consultations, communities, END, 28)
    assert list(quiet["community"]) == ["YH02"]
    assert quiet["last_held"].iloc[0] == pd.Timestamp(END - 28 * DAY)


def test_pipeline_counts_active_stages_by_date_and_ended_ones_by_stage() -> None:
    organizations = organizations_frame(
        organization(entered_on=START - 100 * DAY),  # incubating
        organization(entered_on=START - 100 * DAY, filed_on=START),  # filed by END
        organization(entered_on=START - 100 * DAY, filed_on=END + DAY),  # still incubating
        organization(
            entered_on=START - 100 * DAY, registered_on=START - 10 * DAY, filed_on=START - 50 * DAY
        ),  # registered
        organization(entered_on=START - 100 * DAY, stage="dormant", ended_on=START),
        organization(entered_on=START - 100 * DAY, stage="dissolved", ended_on=END),
        organization(entered_on=END + DAY),  # not entered yet
    )
    pipeline = organization_pipeline(organizations, END)
    assert dict(zip(pipeline["stage"], pipeline["count"], strict=True)) == {
        "incubating": 2,
        "filed": 1,
        "registered": 1,
        "dormant": 1,
        "dissolved": 1,
    }


def test_the_eight_items_matrix_counts_what_is_missing() -> None:
    organizations = organizations_frame(
        organization(org_no="O1", has_venue=False, has_annual_plan=False),
        organization(org_no="O2"),
    )
    matrix = eight_items_matrix(organizations, END).set_index("org_no")
    assert matrix.loc["O1", "missing"] == 2 and not matrix.loc["O1", "is_standard"]
    assert matrix.loc["O2", "missing"] == 0 and matrix.loc["O2", "is_standard"]


def test_departments_are_ranked_by_items_then_name_with_their_irregular_items() -> None:
    items = burden_frame(
        burden_item(department="区民政局", approved=False),
        burden_item(department="区民政局", list_status="negative"),
        burden_item(department="区城管局", list_status="off_list"),
        burden_item(department="区卫健局"),
    )
    ranking = department_ranking(assigned_items(items, WEEK))
    # 区民政局 2 items (1 unapproved, 1 negative) first; then the 1-item departments by name
    assert ranking.to_dict("records")[0] == {
        "department": "区民政局",
        "assigned": 2,
        "unapproved": 1,
        "negative_list": 1,
        "off_list": 0,
    }
    assert list(ranking["department"][1:]) == sorted(["区城管局", "区卫健局"])


def test_reports_are_set_against_the_same_week_52_weeks_earlier() -> None:
    year_earlier = WEEK.shifted_weeks(-52)
    items = burden_frame(
        burden_item(kind="report", assigned_on=START),
        burden_item(kind="report", assigned_on=year_earlier.start),
        burden_item(kind="report", assigned_on=year_earlier.end),
        burden_item(kind="task", assigned_on=year_earlier.end),
    )
    rows = weekly_reports_year_on_year(items, [WEEK])
    assert rows[["reports", "reports_year_earlier"]].to_dict("records") == [
        {"reports": 1, "reports_year_earlier": 2}
    ]


def test_the_profile_compares_a_community_with_the_median_of_all() -> None:
    frames = window_frames(
        communities=[community(code=code) for code in ("YH01", "YH02", "YH03")],
        disputes=[
            *(dispute(community="YH01", reported_on=START) for _ in range(4)),
            dispute(community="YH02", reported_on=START),
        ],
    )
    trend = against_median(weekly_by_community(frames, [WEEK]), "YH01")
    disputes = trend[trend["measure"].eq("disputes_new")]
    # new disputes this week: YH01 4, YH02 1, YH03 0 → median 1
    assert disputes[["value", "median"]].to_dict("records") == [{"value": 4, "median": 1.0}]
