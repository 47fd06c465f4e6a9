"""Alerts (预警) of docs/metrics.md: what an alert is, the rules' names and severities, and the
windows and order they share. Each rule lives with the domain whose records it reads
(metrics/disputes.py, consultations.py, organizations.py, burden.py); metrics/alert_rules.py
evaluates them all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from metrics.codes import SEVERITIES
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
    """The surge_baseline_windows windows of the window's length in days right before `window`,
    as one: a month's baseline is 8 × its days, not the 8 calendar months before it."""
    earliest = window.same_length_before(thresholds.surge_baseline_windows)
    return Window(earliest.start, window.same_length_before().end)


def year_to_end(window: Window) -> Window:
    """The calendar year of the window's end, from 1 January up to the end."""
    return Window(date(window.end.year, 1, 1), window.end)


def alert_order(alert: Alert) -> tuple[int, str, int]:
    """Sort key: severity (high first), then community code, then the rule's place in RULES."""
    return (SEVERITIES.index(alert.severity), alert.community, list(RULES).index(alert.rule))
