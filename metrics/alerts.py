"""Alert rules (预警) of METRICS.md, evaluated at a window's end per community in scope."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from metrics.burden import assigned_items, irregular_items
from metrics.codes import SEVERITIES
from metrics.consultations import held_consultations, pending_implementation_at
from metrics.disputes import major_new_disputes, new_disputes, overdue_at
from metrics.frames import WindowFrames, dates, split_by_community
from metrics.organizations import held_activities, inactive_at
from metrics.thresholds import Thresholds
from metrics.window import Window

RULES: dict[str, str] = {
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


@dataclass(frozen=True)
class Alert:
    """One rule firing for one community: the record keys involved and the numbers it cites."""

    rule: str
    community: str
    severity: str
    refs: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)


def fired(
    rule: str, community: str, refs: Iterable[object] = (), facts: dict[str, Any] | None = None
) -> Alert:
    """An Alert of `rule` with its severity from RULES and its refs as sorted strings."""
    return Alert(rule, community, RULES[rule], tuple(sorted(str(ref) for ref in refs)), facts or {})


def surge_baseline_window(window: Window, thresholds: Thresholds) -> Window:
    """The surge_baseline_windows windows of the same length right before `window`, as one."""
    return Window(window.previous(thresholds.surge_baseline_windows).start, window.previous().end)


def dispute_surge(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities whose new disputes are >= surge_min_new and >= surge_factor × baseline."""
    before = surge_baseline_window(window, thresholds)
    alerts = []
    for code, own in split_by_community(frames).items():
        disputes = own.disputes
        new = new_disputes(disputes, window)
        baseline = len(new_disputes(disputes, before)) / thresholds.surge_baseline_windows
        is_surge = len(new) >= thresholds.surge_min_new and (
            len(new) >= thresholds.surge_factor * baseline
        )
        if is_surge:
            facts = {"new": len(new), "baseline": float(baseline)}
            alerts.append(fired("dispute_surge", code, new["case_no"], facts))
    return alerts


def overdue_dispute(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities with disputes overdue at the window's end (refs: case_no)."""
    alerts = []
    for code, own in split_by_community(frames).items():
        disputes = own.disputes
        overdue = overdue_at(disputes, window.end, thresholds.overdue_days)
        if not overdue.empty:
            facts = {"count": len(overdue), "limit_days": thresholds.overdue_days}
            alerts.append(fired("overdue_dispute", code, overdue["case_no"], facts))
    return alerts


def major_dispute(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities with a major dispute reported in the window (refs: case_no)."""
    alerts = []
    for code, own in split_by_community(frames).items():
        major = major_new_disputes(own.disputes, window)
        if not major.empty:
            alerts.append(fired("major_dispute", code, major["case_no"], {"count": len(major)}))
    return alerts


def no_consultation(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities with no consultation held in the no_consultation_days days ending at end."""
    days = thresholds.no_consultation_days
    recent = Window(window.end - timedelta(days=days - 1), window.end)
    alerts = []
    for code, own in split_by_community(frames).items():
        if held_consultations(own.consultations, recent).empty:
            alerts.append(fired("no_consultation", code, (), {"days": days}))
    return alerts


def consensus_stalled(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities with a consultation pending at end held more than stalled_days before it."""
    alerts = []
    for code, own in split_by_community(frames).items():
        pending = pending_implementation_at(own.consultations, window.end)
        age = (window.end_ts - dates(pending, "held_on")).dt.days
        stalled = pending[age > thresholds.stalled_days]
        if not stalled.empty:
            facts = {"count": len(stalled), "days": int(age[age > thresholds.stalled_days].max())}
            alerts.append(fired("consensus_stalled", code, stalled["ref"], facts))
    return alerts


def inactive_org(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities with organisations inactive at the window's end (refs: org_no)."""
    alerts = []
    for code, own in split_by_community(frames).items():
        organizations = own.organizations
        inactive = inactive_at(
            organizations, own.org_activities, window.end, thresholds.inactive_days
        )
        if not inactive.empty:
            facts = {"count": len(inactive), "days": thresholds.inactive_days}
            alerts.append(fired("inactive_org", code, inactive["org_no"], facts))
    return alerts


def unapproved_burden(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities assigned items in the window unapproved, negative-listed or off the list."""
    alerts = []
    for code, own in split_by_community(frames).items():
        irregular = irregular_items(assigned_items(own.burden_items, window))
        if not irregular.empty:
            alerts.append(
                fired("unapproved_burden", code, irregular["ref"], {"count": len(irregular)})
            )
    return alerts


def year_to_end(window: Window) -> Window:
    """The calendar year of the window's end, from 1 January up to the end."""
    return Window(date(window.end.year, 1, 1), window.end)


def repeat_assessment(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities one department assigned more assessments than allowed in the year to end."""
    alerts = []
    for code, own in split_by_community(frames).items():
        year_items = assigned_items(own.burden_items, year_to_end(window))
        assessments = year_items[year_items["kind"].eq("assessment")]
        counts = assessments["department"].value_counts()
        repeated = counts[counts > thresholds.assessments_per_department_year]
        if repeated.empty:
            continue
        departments = dict(
            sorted(
                ((str(name), int(count)) for name, count in repeated.items()),
                key=lambda pair: (-pair[1], pair[0]),
            )
        )
        top, top_count = next(iter(departments.items()))
        refs = assessments[assessments["department"].isin(repeated.index)]["ref"]
        facts = {"department": top, "count": top_count, "departments": departments}
        alerts.append(fired("repeat_assessment", code, refs, facts))
    return alerts


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


def alert_order(alert: Alert) -> tuple[int, str, int]:
    """Sort key: severity (high first), then community code, then the rule's place in RULES."""
    return (SEVERITIES.index(alert.severity), alert.community, list(RULES).index(alert.rule))


def evaluate_alerts(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Every rule of RULES at the window's end, ordered by severity, community, then rule."""
    alerts = [found for rule in RULES for found in RULE_FUNCTIONS[rule](frames, window, thresholds)]
    return sorted(alerts, key=alert_order)
