"""Community social organisation figures (社区社会组织) of docs/metrics.md, one per definition."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from metrics.alerts import Alert, fired
from metrics.codes import ORG_ACTIVE_STAGES
from metrics.frames import (
    EIGHT_ITEMS,
    WindowFrames,
    dates,
    flags,
    in_window,
    numbers,
    share,
    split_by_community,
)
from metrics.summary_model import OrganizationFigures
from metrics.thresholds import Thresholds
from metrics.window import Window


def active_at(organizations: pd.DataFrame, day: date) -> pd.DataFrame:
    """Organisations with entered_on <= day and not ended_on <= day; columns as given."""
    cutoff = pd.Timestamp(day)
    has_entered = dates(organizations, "entered_on") <= cutoff
    has_ended = dates(organizations, "ended_on") <= cutoff
    return organizations[has_entered & ~has_ended]


def stage_at(organizations: pd.DataFrame, day: date) -> pd.Series:
    """Stage from the dates as of `day`: registered, else filed, else incubating; index kept."""
    cutoff = pd.Timestamp(day)
    stages = np.select(
        [
            dates(organizations, "registered_on") <= cutoff,
            dates(organizations, "filed_on") <= cutoff,
        ],
        ["registered", "filed"],
        default="incubating",
    )
    return pd.Series(stages, index=organizations.index, dtype=object)


def active_by_stage(organizations: pd.DataFrame, day: date) -> dict[str, int]:
    """{incubating, filed, registered: count} of the organisations active at `day`."""
    counts = stage_at(active_at(organizations, day), day).value_counts()
    return {stage: int(counts.get(stage, 0)) for stage in ORG_ACTIVE_STAGES}


def newly_entered(organizations: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Organisations with entered_on in the window; columns as given."""
    return organizations[in_window(dates(organizations, "entered_on"), window)]


def newly_filed(organizations: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Organisations with filed_on in the window; columns as given."""
    return organizations[in_window(dates(organizations, "filed_on"), window)]


def per_community(count: int, communities: int) -> float | None:
    """count / number of communities, None when there are none."""
    return float(count) / communities if communities else None


def standard_rate(active: pd.DataFrame) -> float | None:
    """Share of the given (active) organisations with all eight has_* items ("八个一")."""
    has_all = pd.Series(True, index=active.index)
    for item in EIGHT_ITEMS:
        has_all &= flags(active, item)
    return share(int(has_all.sum()), len(active))


def held_activities(org_activities: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Organisation activities with held_on in the window; columns as given."""
    return org_activities[in_window(dates(org_activities, "held_on"), window)]


def inactive_at(
    organizations: pd.DataFrame, org_activities: pd.DataFrame, day: date, inactive_days: int
) -> pd.DataFrame:
    """Organisations active at `day`, entered long enough ago, with no recent activity; as given."""
    # Inactive: entered_on <= day − inactive_days, no held_on in [day − inactive_days + 1, day]
    active = active_at(organizations, day)
    is_old_enough = dates(active, "entered_on") <= pd.Timestamp(day - timedelta(days=inactive_days))
    recent = Window(day - timedelta(days=inactive_days - 1), day)
    recently_active = held_activities(org_activities, recent)["org_no"]
    return active[is_old_enough & ~active["org_no"].isin(recently_active)]


def organization_figures(
    organizations: pd.DataFrame,
    org_activities: pd.DataFrame,
    communities: pd.DataFrame,
    window: Window,
    thresholds: Thresholds,
) -> OrganizationFigures:
    """The `organizations` object (docs/metrics.md) from organisations, activities, communities."""
    active = active_at(organizations, window.end)
    activities = held_activities(org_activities, window)
    return OrganizationFigures(
        active=len(active),
        by_stage=active_by_stage(organizations, window.end),
        newly_entered=len(newly_entered(organizations, window)),
        newly_filed=len(newly_filed(organizations, window)),
        per_community=per_community(len(active), len(communities)),
        standard_rate=standard_rate(active),
        activities=len(activities),
        activity_participants=int(numbers(activities, "participants").sum()),
        inactive=len(
            inactive_at(organizations, org_activities, window.end, thresholds.inactive_days)
        ),
    )


# Alert rules of docs/metrics.md that read these records (evaluated by metrics/alert_rules.py)


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
