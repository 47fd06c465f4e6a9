from datetime import date, timedelta

from metrics.alert_rules import evaluate_alerts, no_report
from metrics.alerts import RULES, Alert
from metrics.burden import repeat_assessment, unapproved_burden
from metrics.consultations import consensus_stalled, no_consultation
from metrics.disputes import dispute_surge, major_dispute, overdue_dispute
from metrics.frames import WindowFrames
from metrics.organizations import inactive_org
from metrics.thresholds import Thresholds
from tests.builders import (
    END,
    START,
    WEEK,
    burden_item,
    community,
    consultation,
    dispute,
    org_activity,
    organization,
    window_frames,
)

DAY = timedelta(days=1)
THRESHOLDS = Thresholds()
YH01 = community(code="YH01")


def baseline_disputes(count: int) -> list[dict]:
    """`count` disputes of YH01 spread over the 56 days before START (none on START − 57)."""
    return [dispute(reported_on=START - (1 + (k % 56)) * DAY) for k in range(count)]


def new_disputes_in_week(count: int) -> list[dict]:
    return [dispute(case_no=f"N{k}", reported_on=START + k * DAY) for k in range(count)]


def test_rules_follow_the_metrics_table_with_their_severities():
    assert RULES == {
        "dispute_surge": "high",
        "overdue_dispute": "high",
        "major_dispute": "high",
        "no_consultation": "medium",
        "consensus_stalled": "medium",
        "inactive_org": "low",
        "unapproved_burden": "high",
        "repeat_assessment": "medium",
        "no_report": "medium",
    }
    assert list(RULES) == [
        "dispute_surge",
        "overdue_dispute",
        "major_dispute",
        "no_consultation",
        "consensus_stalled",
        "inactive_org",
        "unapproved_burden",
        "repeat_assessment",
        "no_report",
    ]


def test_surge_fires_for_three_new_against_a_baseline_of_one_and_a_half():
    # 12 in the 56 days before: baseline 12 / 8 = 1.5, and 3 >= 2 × 1.5
    frames = window_frames(
        communities=[YH01],
        disputes=[
            *new_disputes_in_week(3),
            *baseline_disputes(12),
            dispute(reported_on=START - 57 * DAY),
        ],
    )
    assert dispute_surge(frames, WEEK, THRESHOLDS) == [
        Alert("dispute_surge", "YH01", "high", ("N0", "N1", "N2"), {"new": 3, "baseline": 1.5})
    ]


def test_surge_does_not_fire_for_three_new_against_a_baseline_above_one_and_a_half():
    # 13 in the 56 days before: baseline 1.625, and 3 < 2 × 1.625 = 3.25
    frames = window_frames(
        communities=[YH01], disputes=[*new_disputes_in_week(3), *baseline_disputes(13)]
    )
    assert dispute_surge(frames, WEEK, THRESHOLDS) == []


def test_surge_fires_for_three_new_against_no_baseline():
    frames = window_frames(communities=[YH01], disputes=new_disputes_in_week(3))
    [alert] = dispute_surge(frames, WEEK, THRESHOLDS)
    assert alert.facts == {"new": 3, "baseline": 0.0}


def test_surge_never_fires_for_two_new():
    frames = window_frames(communities=[YH01], disputes=new_disputes_in_week(2))
    assert dispute_surge(frames, WEEK, THRESHOLDS) == []


def test_overdue_dispute_fires_once_per_community_with_every_case_after_thirty_days():
    frames = window_frames(
        communities=[YH01],
        disputes=[
            dispute(case_no="D9", reported_on=END - 40 * DAY),
            dispute(case_no="D1", reported_on=END - 31 * DAY),
            dispute(case_no="D5", reported_on=END - 30 * DAY),
        ],
    )
    # 40 and 31 days are > 30; exactly 30 is not
    assert overdue_dispute(frames, WEEK, THRESHOLDS) == [
        Alert("overdue_dispute", "YH01", "high", ("D1", "D9"), {"count": 2, "limit_days": 30})
    ]


def test_overdue_dispute_does_not_fire_at_exactly_thirty_days():
    frames = window_frames(communities=[YH01], disputes=[dispute(reported_on=END - 30 * DAY)])
    assert overdue_dispute(frames, WEEK, THRESHOLDS) == []


def test_major_dispute_fires_only_for_one_reported_in_the_window():
    frames = window_frames(
        communities=[YH01, community(code="YH02")],
        disputes=[
            dispute(case_no="M1", community="YH01", is_major=True, reported_on=END),
            dispute(case_no="M0", community="YH02", is_major=True, reported_on=START - DAY),
        ],
    )
    assert major_dispute(frames, WEEK, THRESHOLDS) == [
        Alert("major_dispute", "YH01", "high", ("M1",), {"count": 1})
    ]


def test_a_consultation_held_twenty_seven_days_before_end_prevents_no_consultation():
    frames = window_frames(communities=[YH01], consultations=[consultation(held_on=END - 27 * DAY)])
    assert no_consultation(frames, WEEK, THRESHOLDS) == []


def test_a_consultation_held_twenty_eight_days_before_end_does_not_prevent_it():
    frames = window_frames(communities=[YH01], consultations=[consultation(held_on=END - 28 * DAY)])
    assert no_consultation(frames, WEEK, THRESHOLDS) == [
        Alert("no_consultation", "YH01", "medium", (), {"days": 28})
    ]


def test_consensus_pending_sixty_days_is_not_stalled():
    frames = window_frames(
        communities=[YH01],
        consultations=[
            consultation(held_on=END - 60 * DAY, consensus=True, implementation="in_progress")
        ],
    )
    assert consensus_stalled(frames, WEEK, THRESHOLDS) == []


def test_consensus_pending_sixty_one_days_is_stalled_and_the_oldest_is_cited():
    frames = window_frames(
        communities=[YH01],
        consultations=[
            consultation(
                ref="C2", held_on=END - 61 * DAY, consensus=True, implementation="not_started"
            ),
            consultation(
                ref="C1",
                held_on=END - 73 * DAY,
                consensus=True,
                implementation="done",
                implemented_on=END + DAY,
            ),
            consultation(
                ref="C0",
                held_on=END - 90 * DAY,
                consensus=True,
                implementation="done",
                implemented_on=END,
            ),
        ],
    )
    # C1 was done only after end, so it was pending at end; C0 was done by end
    assert consensus_stalled(frames, WEEK, THRESHOLDS) == [
        Alert("consensus_stalled", "YH01", "medium", ("C1", "C2"), {"count": 2, "days": 73})
    ]


def test_an_activity_eighty_nine_days_before_end_keeps_an_organisation_off_the_inactive_alert():
    frames = window_frames(
        communities=[YH01],
        organizations=[organization(org_no="O1", entered_on=END - 90 * DAY)],
        org_activities=[org_activity(org_no="O1", held_on=END - 89 * DAY)],
    )
    assert inactive_org(frames, WEEK, THRESHOLDS) == []


def test_an_activity_ninety_days_before_end_does_not():
    frames = window_frames(
        communities=[YH01],
        organizations=[organization(org_no="O1", entered_on=END - 90 * DAY)],
        org_activities=[org_activity(org_no="O1", held_on=END - 90 * DAY)],
    )
    assert inactive_org(frames, WEEK, THRESHOLDS) == [
        Alert("inactive_org", "YH01", "low", ("O1",), {"count": 1, "days": 90})
    ]


def test_unapproved_burden_fires_for_unapproved_negative_or_off_list_items_assigned_in_the_window():
    frames = window_frames(
        communities=[YH01],
        burden_items=[
            burden_item(ref="B3", approved=False),
            burden_item(ref="B1", list_status="off_list"),
            burden_item(ref="B2", list_status="negative", assigned_on=END),
            burden_item(ref="B4"),
            burden_item(ref="B5", approved=False, assigned_on=START - DAY),
        ],
    )
    assert unapproved_burden(frames, WEEK, THRESHOLDS) == [
        Alert("unapproved_burden", "YH01", "high", ("B1", "B2", "B3"), {"count": 3})
    ]


def test_unapproved_burden_does_not_fire_for_approved_listed_items():
    frames = window_frames(
        communities=[YH01],
        burden_items=[burden_item(), burden_item(list_status="assist", funded=False)],
    )
    assert unapproved_burden(frames, WEEK, THRESHOLDS) == []


def test_two_assessments_from_one_department_this_year_fire_repeat_assessment():
    frames = window_frames(
        communities=[YH01],
        burden_items=[
            burden_item(ref="A2", kind="assessment", assigned_on=date(2026, 1, 1)),
            burden_item(ref="A1", kind="assessment", assigned_on=END),
            burden_item(ref="T1", kind="task", assigned_on=START),
        ],
    )
    assert repeat_assessment(frames, WEEK, THRESHOLDS) == [
        Alert(
            "repeat_assessment",
            "YH01",
            "medium",
            ("A1", "A2"),
            {"department": "区民政局", "count": 2, "departments": {"区民政局": 2}},
        )
    ]


def test_assessments_last_year_after_end_or_from_different_departments_do_not_repeat():
    frames = window_frames(
        communities=[YH01],
        burden_items=[
            burden_item(kind="assessment", assigned_on=date(2025, 12, 31)),
            burden_item(kind="assessment", assigned_on=START),
            burden_item(kind="assessment", assigned_on=END + DAY),
            burden_item(kind="assessment", assigned_on=START, department="区城管局"),
        ],
    )
    assert repeat_assessment(frames, WEEK, THRESHOLDS) == []


def test_two_departments_repeating_for_one_community_make_one_alert():
    frames = window_frames(
        communities=[YH01],
        burden_items=[
            burden_item(ref="M1", kind="assessment", department="区民政局"),
            burden_item(ref="M2", kind="assessment", department="区民政局"),
            burden_item(ref="C1", kind="assessment", department="区城管局"),
            burden_item(ref="C2", kind="assessment", department="区城管局"),
            burden_item(ref="C3", kind="assessment", department="区城管局"),
        ],
    )
    # 区城管局 has the most (3), so it is the one a short message names
    assert repeat_assessment(frames, WEEK, THRESHOLDS) == [
        Alert(
            "repeat_assessment",
            "YH01",
            "medium",
            ("C1", "C2", "C3", "M1", "M2"),
            {"department": "区城管局", "count": 3, "departments": {"区城管局": 3, "区民政局": 2}},
        )
    ]


def test_no_report_fires_for_a_community_with_nothing_in_the_window():
    frames = window_frames(
        communities=[YH01, community(code="YH02"), community(code="YH03")],
        disputes=[dispute(community="YH01", reported_on=START - DAY)],
        org_activities=[org_activity(community="YH02", held_on=END)],
        burden_items=[burden_item(community="YH03", assigned_on=START)],
    )
    # YH01's only dispute came the day before the window
    assert no_report(frames, WEEK, THRESHOLDS) == [Alert("no_report", "YH01", "medium", (), {})]


def test_records_of_communities_out_of_scope_raise_no_alerts():
    frames = window_frames(
        communities=[YH01],
        consultations=[consultation(community="YH01", held_on=START)],
        disputes=[
            dispute(community="YH01", reported_on=START),
            dispute(community="YH09", is_major=True, reported_on=END - 60 * DAY),
        ],
    )
    assert evaluate_alerts(frames, WEEK, THRESHOLDS) == []


def test_alerts_are_ordered_by_severity_then_community_then_rule():
    frames = window_frames(
        communities=[community(code="YH02"), YH01],
        disputes=[
            dispute(case_no="D2", community="YH02", reported_on=END - 31 * DAY),
            dispute(case_no="D1", community="YH01", reported_on=START, is_major=True),
        ],
        consultations=[consultation(community="YH02", held_on=END)],
        organizations=[organization(org_no="O1", community="YH01", entered_on=END - 100 * DAY)],
        burden_items=[burden_item(ref="B1", community="YH01", approved=False)],
    )
    found = [(a.severity, a.community, a.rule) for a in evaluate_alerts(frames, WEEK, THRESHOLDS)]
    assert found == [
        ("high", "YH01", "major_dispute"),
        ("high", "YH01", "unapproved_burden"),
        ("high", "YH02", "overdue_dispute"),
        ("medium", "YH01", "no_consultation"),
        ("low", "YH01", "inactive_org"),
    ]


def test_empty_frames_raise_no_alerts():
    assert evaluate_alerts(WindowFrames(), WEEK, THRESHOLDS) == []
    assert evaluate_alerts(window_frames(), WEEK, THRESHOLDS) == []
