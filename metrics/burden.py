"""Burden-list figures (减负清单) of docs/metrics.md, one function per definition."""

from __future__ import annotations

import pandas as pd

from metrics.alerts import Alert, fired, year_to_end
from metrics.frames import WindowFrames, dates, flags, in_window, numbers, share, split_by_community
from metrics.summary_model import BurdenFigures
from metrics.thresholds import Thresholds
from metrics.window import Window

COMPLIANT_LIST_STATUSES = ("statutory", "assist")


def assigned_items(burden_items: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Burden items with assigned_on in the window; columns as given."""
    return burden_items[in_window(dates(burden_items, "assigned_on"), window)]


def unapproved_items(assigned: pd.DataFrame) -> pd.DataFrame:
    """The given (assigned) items that are not approved; columns as given."""
    return assigned[~flags(assigned, "approved")]


def negative_list_items(assigned: pd.DataFrame) -> pd.DataFrame:
    """The given (assigned) items with list_status negative; columns as given."""
    return assigned[assigned["list_status"].eq("negative")]


def off_list_items(assigned: pd.DataFrame) -> pd.DataFrame:
    """The given (assigned) items with list_status off_list; columns as given."""
    return assigned[assigned["list_status"].eq("off_list")]


def report_items(assigned: pd.DataFrame) -> pd.DataFrame:
    """The given (assigned) items with kind report; columns as given."""
    return assigned[assigned["kind"].eq("report")]


def unfunded_assist_items(assigned: pd.DataFrame) -> pd.DataFrame:
    """The given (assigned) items with list_status assist and not funded; columns as given."""
    return assigned[assigned["list_status"].eq("assist") & ~flags(assigned, "funded")]


def irregular_items(assigned: pd.DataFrame) -> pd.DataFrame:
    """The given (assigned) items unapproved, on the negative list or off the list; as given."""
    is_irregular = ~flags(assigned, "approved") | assigned["list_status"].isin(
        ("negative", "off_list")
    )
    return assigned[is_irregular]


def returned_items(burden_items: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Burden items with outcome returned and outcome_on in the window; columns as given."""
    is_returned = burden_items["outcome"].eq("returned")
    return burden_items[is_returned & in_window(dates(burden_items, "outcome_on"), window)]


def hours_of(assigned: pd.DataFrame) -> float:
    """Sum of hours over the given (assigned) items."""
    return float(numbers(assigned, "hours").sum())


def compliance_rate(assigned: pd.DataFrame) -> float | None:
    """Share of the given (assigned) items approved and with list_status statutory or assist."""
    is_compliant = flags(assigned, "approved") & assigned["list_status"].isin(
        COMPLIANT_LIST_STATUSES
    )
    return share(int(is_compliant.sum()), len(assigned))


def by_department(assigned: pd.DataFrame) -> dict[str, int]:
    """{department: count} of the given (assigned) items, most first, ties by department name."""
    counts = assigned["department"].value_counts()
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], str(pair[0])))
    return {str(department): int(count) for department, count in ordered}


def burden_figures(burden_items: pd.DataFrame, window: Window) -> BurdenFigures:
    """The `burden` object of docs/metrics.md from burden items."""
    assigned = assigned_items(burden_items, window)
    return BurdenFigures(
        assigned=len(assigned),
        unapproved=len(unapproved_items(assigned)),
        negative_list=len(negative_list_items(assigned)),
        off_list=len(off_list_items(assigned)),
        reports=len(report_items(assigned)),
        returned=len(returned_items(burden_items, window)),
        hours=hours_of(assigned),
        unfunded_assist=len(unfunded_assist_items(assigned)),
        compliance_rate=compliance_rate(assigned),
        by_department=by_department(assigned),
    )


# Alert rules of docs/metrics.md that read these records (evaluated by metrics/alert_rules.py)


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
