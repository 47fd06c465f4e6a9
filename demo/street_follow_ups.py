"""The demo street's follow-up actions (督办事项): what the last few weekly meetings asked of the
communities, raised from the alerts their weeks really gave, so that 周报 has actions to review.

The meeting that reviews a week is held on the Tuesday after it. It raises an action for up to
three of the week's high or medium alerts (a community and rule already being followed up is
not raised again). An action is done by its due date when its alert no longer fires in the
latest complete week (the planted alerts of demo.street_communities); one whose alert still
fires is still open, and overdue once its due date
has passed before `today` — so the written summary of the latest week names those communities.
Drawn from a Random of its own (seeded), after every record: the records stay as they were.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import pandas as pd

from data_access.models import FollowUpEvent
from demo.draws import TIMEZONE, Row, between
from demo.street_communities import PLANTED_ALERTS
from metrics.alert_rules import evaluate_alerts
from metrics.alerts import Alert
from metrics.frames import (
    BURDEN_COLUMNS,
    COMMUNITY_COLUMNS,
    CONSULTATION_COLUMNS,
    DATE_COLUMNS,
    DISPUTE_COLUMNS,
    ORG_ACTIVITY_COLUMNS,
    ORGANIZATION_COLUMNS,
    WindowFrames,
)
from metrics.thresholds import Thresholds
from metrics.window import Window

# The meetings held before the latest week's: those reviewing the 4 weeks before it.
MEETINGS = 4
ACTIONS_PER_MEETING = 3
MEETING_WEEKDAY = 1  # Tuesday
ACTOR = "demo"
# What a meeting asks for each kind of alert, who answers for it, and in how many days.
ACTIONS: dict[str, tuple[tuple[str, ...], str, int]] = {
    "overdue_dispute": (
        ("督促办结超期纠纷，逐件明确化解时限并回访当事人", "超期纠纷提级调处，街道综治办派员参与"),
        "社区调委会主任",
        7,
    ),
    "dispute_surge": (
        (
            "排查纠纷增多原因，网格员入户走访重点楼栋",
            "召开矛盾纠纷分析会，针对高发类别制定化解方案",
        ),
        "网格长",
        14,
    ),
    "major_dispute": (
        ("重大纠纷成立工作专班，每周报告进展", "重大纠纷落实稳控措施，做好当事人疏导工作"),
        "街道综治办",
        7,
    ),
    "unapproved_burden": (
        ("核查未经准入事项，补办准入审批或予以退回", "与下派部门沟通，清单外事项一律退回"),
        "街道党政办",
        14,
    ),
    "consensus_stalled": (
        ("推动议事共识落实，明确责任人和完成时限", "对未落实的议事共识开展“回头看”"),
        "社区党委书记",
        21,
    ),
    "no_consultation": (
        ("两周内召开一次小区协商议事会", "收集居民议题，组织楼栋议事"),
        "社区居委会主任",
        21,
    ),
    "repeat_assessment": (
        ("与下派部门沟通，合并重复的考核评比事项", "向街道党政办报备重复考核情况"),
        "街道党政办",
        21,
    ),
    "no_report": (("按时报送本周台账数据",), "社区信息员", 7),
    "inactive_org": (("走访不活跃社会组织，指导开展活动或办理注销",), "社工站负责人", 28),
}
SEVERITY_ORDER = {"high": 0, "medium": 1}


class DemoRecords(Protocol):
    """The demo's rows by table (demo.street.DemoStreet)."""

    communities: list[Row]
    disputes: list[Row]
    consultations: list[Row]
    organizations: list[Row]
    org_activities: list[Row]
    burden_items: list[Row]


def _frame(rows: Iterable[Row], columns: list[str], table: str) -> pd.DataFrame:
    records = pd.DataFrame(list(rows), columns=columns)
    for column in DATE_COLUMNS.get(table, []):
        records[column] = pd.to_datetime(records[column])
    return records


def demo_frames(demo: DemoRecords) -> WindowFrames:
    """The demo's rows as the frames metrics/ takes (activities given their community)."""
    community_of = {row["org_no"]: row["community"] for row in demo.organizations}
    activities = ({**row, "community": community_of[row["org_no"]]} for row in demo.org_activities)
    return WindowFrames(
        communities=_frame(demo.communities, COMMUNITY_COLUMNS, "communities"),
        disputes=_frame(demo.disputes, DISPUTE_COLUMNS, "disputes"),
        consultations=_frame(demo.consultations, CONSULTATION_COLUMNS, "consultations"),
        organizations=_frame(demo.organizations, ORGANIZATION_COLUMNS, "organizations"),
        org_activities=_frame(activities, ORG_ACTIVITY_COLUMNS, "org_activities"),
        burden_items=_frame(demo.burden_items, BURDEN_COLUMNS, "burden_items"),
    )


def meeting_weeks(first_day: date, today: date) -> list[Window]:
    """The weeks the earlier meetings reviewed, oldest first: up to MEETINGS weeks before the
    latest complete one, none that starts before the records do."""
    latest = Window.last_complete_week(today)
    weeks = [latest.shifted_weeks(-back) for back in range(MEETINGS, 0, -1)]
    return [week for week in weeks if week.start >= first_day]


def _chosen(
    alerts: Sequence[Alert], following: set[tuple[str, str]], rng: random.Random
) -> list[Alert]:
    """Up to ACTIONS_PER_MEETING of a week's high and medium alerts not yet followed up, the
    high ones first, drawn in a seeded order within a severity."""
    fresh = [
        alert
        for alert in alerts
        if alert.severity in SEVERITY_ORDER and (alert.community, alert.rule) not in following
    ]
    rng.shuffle(fresh)
    fresh.sort(key=lambda alert: SEVERITY_ORDER[alert.severity])
    return fresh[:ACTIONS_PER_MEETING]


def _action(alert: Alert, raised_on: date, rng: random.Random) -> Row:
    titles, owner, days = ACTIONS[alert.rule]
    return {
        "community": alert.community,
        "title": rng.choice(titles),
        "owner": owner,
        "due_on": raised_on + timedelta(days=days),
        "status": "open",
        "raised_on": raised_on,
        "alert_rule": alert.rule,
        "closed_on": None,
        "created_by": ACTOR,
    }


def _settle(action: Row, still_firing: bool, today: date, rng: random.Random) -> None:
    """Close the action unless its alert still fires; a closed one on a day before `today`,
    by its due date."""
    if still_firing:
        return
    last = min(action["due_on"], today - timedelta(days=1))
    if last <= action["raised_on"]:
        return  # raised yesterday at the earliest: nothing done yet
    closed_on = between(rng, action["raised_on"] + timedelta(days=1), last)
    action.update(status="done", closed_on=closed_on)


def _one_of_each(actions: list[Row], today: date) -> None:
    """Make sure the meeting shows an action done, one overdue and one open within its time
    when the actions allow it (an alert that stopped or kept firing everywhere otherwise)."""
    due = [action for action in actions if action["due_on"] < today]
    if due and all(action["status"] == "done" for action in due):
        due[0].update(status="open", closed_on=None)
    if len(due) > 1 and all(action["status"] == "open" for action in due):
        due[-1].update(status="done", closed_on=due[-1]["due_on"])
    not_due = [action for action in actions if action["due_on"] >= today]
    if not_due and all(action["status"] == "done" for action in not_due):
        not_due[-1].update(status="open", closed_on=None)


def demo_follow_ups(
    demo: DemoRecords, *, seed: int, today: date, thresholds: Thresholds | None = None
) -> list[Row]:
    """The follow-up actions of the meetings before the latest week's, oldest first, as rows of
    the follow_up table (without id and version)."""
    rules = thresholds or Thresholds()
    days = [row["reported_on"] for row in demo.disputes]
    if not days:
        return []
    weeks = meeting_weeks(min(days), today)
    if not weeks:
        return []
    rng = random.Random(f"follow-ups-{seed}")
    frames = demo_frames(demo)
    # the latest week's alerts are the planted ones (demo.street_week; tests/integration/
    # test_demo.py holds it to that), so the rules run for the meetings' weeks only
    firing = {(code, rule) for code, rules in PLANTED_ALERTS.items() for rule in rules}
    actions: list[Row] = []
    following: set[tuple[str, str]] = set()
    for week in weeks:
        raised_on = week.end + timedelta(days=MEETING_WEEKDAY + 1)
        for alert in _chosen(evaluate_alerts(frames, week, rules), following, rng):
            following.add((alert.community, alert.rule))
            action = _action(alert, raised_on, rng)
            _settle(action, (alert.community, alert.rule) in firing, today, rng)
            actions.append(action)
    _one_of_each(actions, today)
    return actions


def follow_up_events(action: Row, follow_up_id: int) -> list[FollowUpEvent]:
    """The history of demo action `follow_up_id`: raised on the meeting's morning, and done
    on its closing day's afternoon."""
    zone = ZoneInfo(TIMEZONE)
    raised = datetime.combine(action["raised_on"], time(10, 0), zone)
    events = [FollowUpEvent(follow_up_id=follow_up_id, at=raised, actor=ACTOR, status="open")]
    if action["status"] == "done":
        closed = datetime.combine(action["closed_on"], time(16, 30), zone)
        events.append(
            FollowUpEvent(
                follow_up_id=follow_up_id, at=closed, actor=ACTOR, status="done", note="已办结"
            )
        )
    return events
