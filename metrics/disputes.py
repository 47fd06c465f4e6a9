"""Dispute figures (矛盾纠纷) of docs/metrics.md, one function per definition."""

from __future__ import annotations

from datetime import date

import pandas as pd

from metrics.alerts import Alert, fired, surge_baseline_window
from metrics.codes import DISPUTE_CATEGORIES, LOCAL_LEVELS
from metrics.frames import WindowFrames, dates, flags, in_window, numbers, share, split_by_community
from metrics.summary_model import DisputeFigures
from metrics.thresholds import Thresholds
from metrics.window import Window


def new_disputes(disputes: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Disputes with reported_on in the window; columns as given."""
    return disputes[in_window(dates(disputes, "reported_on"), window)]


def resolved_disputes(disputes: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Disputes with status resolved and closed_on in the window; columns as given."""
    is_resolved = disputes["status"].eq("resolved")
    return disputes[is_resolved & in_window(dates(disputes, "closed_on"), window)]


def unresolved_closed_disputes(disputes: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Disputes with status unresolved and closed_on in the window; columns as given."""
    is_unresolved = disputes["status"].eq("unresolved")
    return disputes[is_unresolved & in_window(dates(disputes, "closed_on"), window)]


def open_at(disputes: pd.DataFrame, day: date) -> pd.DataFrame:
    """Disputes with reported_on <= day and closed_on null or after day; columns as given."""
    closed_on = dates(disputes, "closed_on")
    is_open = (dates(disputes, "reported_on") <= pd.Timestamp(day)) & (
        closed_on.isna() | (closed_on > pd.Timestamp(day))
    )
    return disputes[is_open]


def overdue_at(disputes: pd.DataFrame, day: date, limit_days: int) -> pd.DataFrame:
    """Disputes open at `day` whose (day − reported_on) exceeds `limit_days`; columns as given."""
    still_open = open_at(disputes, day)
    age = (pd.Timestamp(day) - dates(still_open, "reported_on")).dt.days
    overdue: pd.DataFrame = still_open[age > limit_days]
    return overdue


def major_new_disputes(disputes: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Disputes reported in the window with is_major; columns as given."""
    new = new_disputes(disputes, window)
    return new[flags(new, "is_major")]


def success_rate(resolved: pd.DataFrame, unresolved_closed: pd.DataFrame) -> float | None:
    """resolved / (resolved + unresolved_closed) over two frames of closed disputes."""
    return share(len(resolved), len(resolved) + len(unresolved_closed))


def local_resolution_rate(resolved: pd.DataFrame) -> float | None:
    """Share of the resolved disputes whose level is grid or community."""
    return share(int(resolved["level"].isin(LOCAL_LEVELS).sum()), len(resolved))


def mean_days_to_resolve(resolved: pd.DataFrame) -> float | None:
    """Mean of (closed_on − reported_on) in days over the resolved disputes."""
    days = (dates(resolved, "closed_on") - dates(resolved, "reported_on")).dt.days
    mean = days.mean()
    return None if pd.isna(mean) else float(mean)


def population_of(communities: pd.DataFrame) -> int:
    """Sum of population over the communities."""
    return int(numbers(communities, "population").sum())


def per_10k(count: int, population: int) -> float | None:
    """count / population × 10,000, None when the population is 0."""
    return float(count) * 10_000 / population if population else None


def new_by_category(new: pd.DataFrame) -> dict[str, int]:
    """{category code: count} of the given (new) disputes, every category in code order."""
    counts = new["category"].value_counts()
    return {category: int(counts.get(category, 0)) for category in DISPUTE_CATEGORIES}


def dispute_figures(
    disputes: pd.DataFrame, communities: pd.DataFrame, window: Window, thresholds: Thresholds
) -> DisputeFigures:
    """The `disputes` object of docs/metrics.md from disputes and communities (population)."""
    new = new_disputes(disputes, window)
    resolved = resolved_disputes(disputes, window)
    unresolved_closed = unresolved_closed_disputes(disputes, window)
    return DisputeFigures(
        new=len(new),
        resolved=len(resolved),
        unresolved_closed=len(unresolved_closed),
        open_at_end=len(open_at(disputes, window.end)),
        overdue_at_end=len(overdue_at(disputes, window.end, thresholds.overdue_days)),
        success_rate=success_rate(resolved, unresolved_closed),
        local_rate=local_resolution_rate(resolved),
        mean_days_to_resolve=mean_days_to_resolve(resolved),
        major_new=len(major_new_disputes(disputes, window)),
        per_10k=per_10k(len(new), population_of(communities)),
        by_category=new_by_category(new),
    )


# Alert rules of docs/metrics.md that read these records (evaluated by metrics/alert_rules.py)


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
