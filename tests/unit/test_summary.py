import json
from datetime import date, timedelta

from metrics.codes import CONSULTATION_FORMS, DISPUTE_CATEGORIES
from metrics.frames import WindowFrames
from metrics.summary import build_summary, lookback_start
from metrics.summary_model import summary_json
from metrics.thresholds import Thresholds
from metrics.window import Window
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
NO_CATEGORIES = dict.fromkeys(DISPUTE_CATEGORIES, 0)
NO_FORMS = dict.fromkeys(CONSULTATION_FORMS, 0)
SUMMARY_KEYS = [
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


def small_street() -> WindowFrames:
    """Two communities of 10,000 residents with a handful of records around 2026-W40."""
    return window_frames(
        communities=[
            community(code="YH02", name="桃源社区", population=10_000),
            community(code="YH01", name="粤海社区", population=10_000),
        ],
        disputes=[
            dispute(
                case_no="D1",
                community="YH01",
                reported_on=START,
                category="neighbor",
                is_major=True,
            ),
            # reported in the previous week, resolved at grid level in this one after 4 days
            dispute(
                case_no="D2",
                community="YH01",
                reported_on=START - 3 * DAY,
                category="family",
                status="resolved",
                level="grid",
                closed_on=START + DAY,
            ),
        ],
        consultations=[
            consultation(
                ref="C1",
                community="YH02",
                held_on=END,
                form="online",
                participants=20,
                consensus=True,
                problems_solved=1,
                implementation="not_started",
            )
        ],
        # entered 2026-06-20, 100 days before the start
        organizations=[organization(org_no="O1", community="YH01", entered_on=START - 100 * DAY)],
        org_activities=[org_activity(org_no="O1", community="YH01", held_on=START, participants=8)],
        burden_items=[
            burden_item(ref="B1", community="YH02", kind="report", assigned_on=END, hours=2.0)
        ],
    )


def test_summary_of_a_small_street_holds_every_figure_of_metrics_md():
    summary = summary_json(build_summary(small_street(), WEEK, Thresholds()))
    assert list(summary) == SUMMARY_KEYS
    assert summary == {
        "window": {
            "start": "2026-09-28",
            "end": "2026-10-04",
            "week": "2026-W40",
            "period": "week",
            "label": "2026-W40",
        },
        "scope": ["YH01", "YH02"],
        "disputes": {
            "new": 1,  # D1
            "resolved": 1,  # D2
            "unresolved_closed": 0,
            "open_at_end": 1,  # D1
            "overdue_at_end": 0,
            "success_rate": 1.0,  # 1 / (1 + 0)
            "local_rate": 1.0,  # D2 at grid level
            "mean_days_to_resolve": 4.0,  # D2: 09-25 to 09-29
            "major_new": 1,
            "per_10k": 0.5,  # 1 / 20,000 × 10,000
            "by_category": NO_CATEGORIES | {"neighbor": 1},
        },
        "consultations": {
            "held": 1,
            "participants": 20,
            "consensus_rate": 1.0,
            "problems_solved": 1,
            "implemented": 0,
            "pending_implementation": 1,
            "by_form": NO_FORMS | {"online": 1},
        },
        "organizations": {
            "active": 1,
            "by_stage": {"incubating": 1, "filed": 0, "registered": 0},
            "newly_entered": 0,
            "newly_filed": 0,
            "per_community": 0.5,  # 1 organisation / 2 communities
            "standard_rate": 1.0,
            "activities": 1,
            "activity_participants": 8,
            "inactive": 0,  # active on START
        },
        "burden": {
            "assigned": 1,
            "unapproved": 0,
            "negative_list": 0,
            "off_list": 0,
            "reports": 1,
            "returned": 0,
            "hours": 2.0,
            "unfunded_assist": 0,
            "compliance_rate": 1.0,
            "by_department": {"区民政局": 1},
        },
        "by_community": [
            {
                "community": "YH01",
                "name": "粤海社区",
                "disputes_new": 1,
                "disputes_open_at_end": 1,
                "disputes_overdue_at_end": 0,
                "disputes_per_10k": 1.0,  # 1 / 10,000 × 10,000
                "consultations_held": 0,
                "organizations_active": 1,
                "burden_assigned": 0,
                "burden_unapproved": 0,
            },
            {
                "community": "YH02",
                "name": "桃源社区",
                "disputes_new": 0,
                "disputes_open_at_end": 0,
                "disputes_overdue_at_end": 0,
                "disputes_per_10k": 0.0,
                "consultations_held": 1,
                "organizations_active": 0,
                "burden_assigned": 1,
                "burden_unapproved": 0,
            },
        ],
        # 2026-09-21 to 2026-09-27
        "previous": {
            "disputes": {
                "new": 1,  # D2
                "resolved": 0,
                "unresolved_closed": 0,
                "open_at_end": 1,  # D2 closed on 09-29, after 09-27
                "overdue_at_end": 0,
                "success_rate": None,
                "local_rate": None,
                "mean_days_to_resolve": None,
                "major_new": 0,
                "per_10k": 0.5,
                "by_category": NO_CATEGORIES | {"family": 1},
            },
            "consultations": {
                "held": 0,
                "participants": 0,
                "consensus_rate": None,
                "problems_solved": 0,
                "implemented": 0,
                "pending_implementation": 0,  # C1 is held after 09-27
                "by_form": NO_FORMS,
            },
            "organizations": {
                "active": 1,
                "by_stage": {"incubating": 1, "filed": 0, "registered": 0},
                "newly_entered": 0,
                "newly_filed": 0,
                "per_community": 0.5,
                "standard_rate": 1.0,
                "activities": 0,
                "activity_participants": 0,
                # entered 06-20 <= 09-27 − 90 = 06-29; its only activity is after 09-27
                "inactive": 1,
            },
            "burden": {
                "assigned": 0,
                "unapproved": 0,
                "negative_list": 0,
                "off_list": 0,
                "reports": 0,
                "returned": 0,
                "hours": 0.0,
                "unfunded_assist": 0,
                "compliance_rate": None,
                "by_department": {},
            },
        },
        # 364 days earlier: 2025-09-29 to 2025-10-05, before any record of the street (the
        # organisation entered on 2026-06-20): every count 0, every rate null
        "year_ago": {
            "disputes": {
                "new": 0,
                "resolved": 0,
                "unresolved_closed": 0,
                "open_at_end": 0,
                "overdue_at_end": 0,
                "success_rate": None,
                "local_rate": None,
                "mean_days_to_resolve": None,
                "major_new": 0,
                "per_10k": 0.0,
                "by_category": NO_CATEGORIES,
            },
            "consultations": {
                "held": 0,
                "participants": 0,
                "consensus_rate": None,
                "problems_solved": 0,
                "implemented": 0,
                "pending_implementation": 0,
                "by_form": NO_FORMS,
            },
            "organizations": {
                "active": 0,
                "by_stage": {"incubating": 0, "filed": 0, "registered": 0},
                "newly_entered": 0,
                "newly_filed": 0,
                "per_community": 0.0,
                "standard_rate": None,
                "activities": 0,
                "activity_participants": 0,
                "inactive": 0,
            },
            "burden": {
                "assigned": 0,
                "unapproved": 0,
                "negative_list": 0,
                "off_list": 0,
                "reports": 0,
                "returned": 0,
                "hours": 0.0,
                "unfunded_assist": 0,
                "compliance_rate": None,
                "by_department": {},
            },
        },
        "alerts": [
            {
                "rule": "major_dispute",
                "community": "YH01",
                "severity": "high",
                "message": "YH01: 1 major dispute(s) reported.",
                "refs": ["D1"],
            },
            {
                "rule": "no_consultation",
                "community": "YH01",
                "severity": "medium",
                "message": "YH01: no consultation held in the last 28 days.",
                "refs": [],
            },
        ],
    }


def test_the_summary_key_order_follows_metrics_md_in_every_object():
    summary = summary_json(build_summary(small_street(), WEEK, Thresholds()))
    assert list(summary["disputes"]) == [
        "new",
        "resolved",
        "unresolved_closed",
        "open_at_end",
        "overdue_at_end",
        "success_rate",
        "local_rate",
        "mean_days_to_resolve",
        "major_new",
        "per_10k",
        "by_category",
    ]
    assert list(summary["consultations"]) == [
        "held",
        "participants",
        "consensus_rate",
        "problems_solved",
        "implemented",
        "pending_implementation",
        "by_form",
    ]
    assert list(summary["organizations"]) == [
        "active",
        "by_stage",
        "newly_entered",
        "newly_filed",
        "per_community",
        "standard_rate",
        "activities",
        "activity_participants",
        "inactive",
    ]
    assert list(summary["burden"]) == [
        "assigned",
        "unapproved",
        "negative_list",
        "off_list",
        "reports",
        "returned",
        "hours",
        "unfunded_assist",
        "compliance_rate",
        "by_department",
    ]
    assert list(summary["previous"]) == ["disputes", "consultations", "organizations", "burden"]
    assert list(summary["year_ago"]) == ["disputes", "consultations", "organizations", "burden"]
    assert list(summary["alerts"][0]) == ["rule", "community", "severity", "message", "refs"]


def test_the_summary_survives_json_without_a_default_hook_or_nan():
    summary = summary_json(build_summary(small_street(), WEEK, Thresholds()))
    text = json.dumps(summary, allow_nan=False, ensure_ascii=False)
    assert json.loads(text) == summary


def test_alert_messages_come_from_the_given_function():
    summary = build_summary(
        small_street(), WEEK, Thresholds(), alert_message=lambda alert: f"{alert.rule}!"
    )
    assert [alert.message for alert in summary.alerts] == [
        "major_dispute!",
        "no_consultation!",
    ]


def test_the_summary_of_empty_frames_has_zero_counts_no_rates_and_no_alerts():
    summary = build_summary(WindowFrames(), WEEK, Thresholds())
    json.dumps(summary_json(summary), allow_nan=False)
    assert summary.scope == ()
    assert summary.by_community == ()
    assert summary.alerts == ()
    assert summary.current.disputes.new == 0
    assert summary.current.disputes.success_rate is None
    assert summary.current.organizations.per_community is None
    assert summary.previous.burden.compliance_rate is None


def test_every_fallback_message_formats_with_its_rules_facts():
    frames = window_frames(
        communities=[community(code="YH01")],
        disputes=[
            *[dispute(reported_on=START) for _ in range(3)],
            dispute(reported_on=END - 40 * DAY),  # overdue, and a baseline of 1 / 8 = 0.125
        ],
        consultations=[
            consultation(held_on=END - 70 * DAY, consensus=True, implementation="not_started")
        ],
        organizations=[organization(entered_on=END - 100 * DAY)],
        burden_items=[
            burden_item(approved=False, kind="assessment"),
            burden_item(kind="assessment"),
        ],
    )
    summary = build_summary(frames, WEEK, Thresholds())
    assert [alert.message for alert in summary.alerts] == [
        "YH01: 3 new disputes, against a mean of 0.125 per earlier window.",
        "YH01: 1 dispute(s) open longer than 30 days.",
        "YH01: 1 item(s) assigned without approval or off the list.",
        "YH01: no consultation held in the last 28 days.",
        "YH01: 1 consensus(es) not implemented, oldest 70 days.",
        "YH01: 区民政局 assigned 2 assessments this year.",
        "YH01: 1 organisation(s) without activity in 90 days.",
    ]


def test_no_report_has_a_fallback_message_too():
    frames = window_frames(communities=[community(code="YH01")])
    messages = {
        alert.rule: alert.message for alert in build_summary(frames, WEEK, Thresholds()).alerts
    }
    assert messages["no_report"] == "YH01: nothing reported in this window."


def test_lookback_start_reaches_back_to_the_year_ago_windows_inactive_look_back():
    # W40 (09-28..10-04): surge baseline from 08-03, 01-01 for repeat assessments; a year ago
    # is 2025-09-29..2025-10-05, whose inactive look-back starts 10-05 − 89 days = 2025-07-08
    assert lookback_start(WEEK, Thresholds()) == date(2025, 7, 8)


def test_lookback_start_of_a_month_covers_the_same_month_a_year_earlier():
    # 2026-03: previous is 2026-02; a year ago 2025-03-01..03-31, inactive from 03-31 − 89
    # days = 2025-01-01; the surge baseline is 8 × 31 days before 03-01: 2025-06-26
    assert lookback_start(Window.month("2026-03"), Thresholds()) == date(2025, 1, 1)


def test_lookback_start_early_in_the_year_is_the_year_ago_windows_inactive_look_back():
    # W02 2026 runs 01-05..01-11; a year ago 2025-01-06..01-12; 01-12 − 89 days = 2024-10-15,
    # earlier than the previous window's (2025-10-07) and the surge baseline (2025-11-10)
    assert lookback_start(Window.iso_week("2026-W02"), Thresholds()) == date(2024, 10, 15)
