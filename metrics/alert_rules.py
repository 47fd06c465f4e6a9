"""Every alert rule of docs/metrics.md by name, and their evaluation at a window's end.

Each rule lives with the domain whose records it reads; `no_report` reads all four, so it
lives here.
"""

from __future__ import annotations

from collections.abc import Callable

from metrics.alerts import RULES, Alert, alert_order, fired
from metrics.burden import assigned_items, repeat_assessment, unapproved_burden
from metrics.consultations import consensus_stalled, held_consultations, no_consultation
from metrics.disputes import dispute_surge, major_dispute, new_disputes, overdue_dispute
from metrics.frames import WindowFrames, split_by_community
from metrics.organizations import held_activities, inactive_org
from metrics.thresholds import Thresholds
from metrics.window import Window


def no_report(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities with no dispute, consultation, organisation activity or burden item in W."""
    alerts = []
    for code, own in split_by_community(frames).items():
        reported = (
            len(new_disputes(own.disputes, window))
            + len(held_consultations(own.consultations, window))
            + len(held_activities(own.org_activities, window))
            + len(assigned_items(own.burden_items, window))
        )
        if reported == 0:
            alerts.append(fired("no_report", code))
    return alerts


RULE_FUNCTIONS: dict[str, Callable[[WindowFrames, Window, Thresholds], list[Alert]]] = {
    "dispute_surge": dispute_surge,
    "overdue_dispute": overdue_dispute,
    "major_dispute": major_dispute,
    "no_consultation": no_consultation,
    "consensus_stalled": consensus_stalled,
    "inactive_org": inactive_org,
    "unapproved_burden": unapproved_burden,
    "repeat_assessment": repeat_assessment,
    "no_report": no_report,
}


def evaluate_alerts(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Every rule of RULES at the window's end, ordered by severity, community, then rule."""
    alerts = [found for rule in RULES for found in RULE_FUNCTIONS[rule](frames, window, thresholds)]
    return sorted(alerts, key=alert_order)
