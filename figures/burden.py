"""Burden-list figures (减负清单) in the database: the SQL form of metrics/burden.py.

The window's figures and each community's share of them (as additive parts), the two alert
rules that read burden items (unapproved_burden, repeat_assessment) and the weekly series of
the burden view. tests/integration/test_figures_burden.py checks each against metrics/ over
random records and windows, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, and_, func, or_, select

from figures.community import ScopeCommunity
from figures.sql import (
    BURDEN,
    Parts,
    add_grouped,
    count,
    counted_by,
    daily,
    keyed,
    overall,
    summed,
    total,
    weekly,
    within,
)
from metrics.alerts import Alert, fired, year_to_end
from metrics.burden import COMPLIANT_LIST_STATUSES
from metrics.codes import BURDEN_KINDS
from metrics.frames import share
from metrics.series import YEAR_WEEKS, assigned_by_kind_rows, span_of
from metrics.thresholds import Thresholds
from metrics.window import Window

ALERT_RULES = ("unapproved_burden", "repeat_assessment")
IRREGULAR_LIST_STATUSES = ("negative", "off_list")


def burden_parts(
    connection: Connection, windows: list[Window], codes: list[str], parts: Parts
) -> None:
    """Add each window's burden parts (`b_assigned_<index>` …) per community to `parts`."""
    columns = []
    for index, window in enumerate(windows):
        assigned = within(BURDEN.assigned_on, window)
        approved = BURDEN.approved.is_(True)
        columns += [
            count(assigned).label(f"b_assigned_{index}"),
            count(and_(assigned, ~approved)).label(f"b_unapproved_{index}"),
            count(and_(assigned, BURDEN.list_status == "negative")).label(f"b_negative_{index}"),
            count(and_(assigned, BURDEN.list_status == "off_list")).label(f"b_off_list_{index}"),
            count(and_(assigned, BURDEN.kind == "report")).label(f"b_reports_{index}"),
            count(and_(BURDEN.outcome == "returned", within(BURDEN.outcome_on, window))).label(
                f"b_returned_{index}"
            ),
            total(BURDEN.hours, assigned).label(f"b_hours_{index}"),
            count(and_(assigned, BURDEN.list_status == "assist", BURDEN.funded.is_not(True))).label(
                f"b_unfunded_{index}"
            ),
            count(and_(assigned, approved, BURDEN.list_status.in_(COMPLIANT_LIST_STATUSES))).label(
                f"b_compliant_{index}"
            ),
        ]
    span = overall(windows)
    statement = (
        select(BURDEN.community, *columns)
        .where(
            BURDEN.community.in_(codes),
            or_(within(BURDEN.assigned_on, span), within(BURDEN.outcome_on, span)),
        )
        .group_by(BURDEN.community)
    )
    add_grouped(connection, statement, parts)


def by_department(connection: Connection, window: Window, codes: list[str]) -> dict[str, int]:
    """metrics.burden.by_department: items assigned per department, most first, ties by name."""
    counts = counted_by(
        connection, BURDEN.department, BURDEN.assigned_on, window, codes, BURDEN.community
    )
    return dict(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


def burden_figures(
    parts: Parts,
    index: int,
    communities: Sequence[ScopeCommunity],
    departments: dict[str, int] | None,
) -> dict[str, Any]:
    """metrics.burden.burden_figures of window `index` from the parts of `communities`
    (without `by_department` when `departments` is None)."""
    codes = [community.code for community in communities]

    def part(name: str) -> int:
        return summed(parts, codes, f"{name}_{index}")

    assigned = part("b_assigned")
    hours = sum(parts[code].get(f"b_hours_{index}", 0) for code in codes)
    figures: dict[str, Any] = {
        "assigned": assigned,
        "unapproved": part("b_unapproved"),
        "negative_list": part("b_negative"),
        "off_list": part("b_off_list"),
        "reports": part("b_reports"),
        "returned": part("b_returned"),
        "hours": float(hours),
        "unfunded_assist": part("b_unfunded"),
        "compliance_rate": share(part("b_compliant"), assigned),
    }
    if departments is not None:
        figures["by_department"] = departments
    return figures


def community_burden_figures(own: dict[str, float]) -> dict[str, Any]:
    """The burden columns of one `by_community` row (metrics.by_community)."""
    return {
        "burden_assigned": int(own.get("b_assigned_0", 0)),
        "burden_unapproved": int(own.get("b_unapproved_0", 0)),
    }


def burden_alerts(
    connection: Connection, window: Window, codes: list[str], thresholds: Thresholds
) -> list[Alert]:
    """The alerts of ALERT_RULES at the window's end (metrics.burden)."""
    alerts = []
    irregular = keyed(
        connection,
        select(BURDEN.community, BURDEN.ref).where(
            BURDEN.community.in_(codes),
            within(BURDEN.assigned_on, window),
            or_(BURDEN.approved.is_not(True), BURDEN.list_status.in_(IRREGULAR_LIST_STATUSES)),
        ),
    )
    for code in codes:
        if irregular.get(code):
            refs = [row[1] for row in irregular[code]]
            alerts.append(fired("unapproved_burden", code, refs, {"count": len(refs)}))
    assessments = keyed(
        connection,
        select(BURDEN.community, BURDEN.ref, BURDEN.department).where(
            BURDEN.community.in_(codes),
            BURDEN.kind == "assessment",
            within(BURDEN.assigned_on, year_to_end(window)),
        ),
    )
    for code in codes:
        counts = Counter(str(row[2]) for row in assessments.get(code, []))
        repeated = {
            name: number
            for name, number in counts.items()
            if number > thresholds.assessments_per_department_year
        }
        if not repeated:
            continue
        departments = dict(sorted(repeated.items(), key=lambda pair: (-pair[1], pair[0])))
        top, top_count = next(iter(departments.items()))
        refs = [row[1] for row in assessments[code] if str(row[2]) in repeated]
        facts = {"department": top, "count": top_count, "departments": departments}
        alerts.append(fired("repeat_assessment", code, refs, facts))
    return alerts


def weekly_assigned_by_kind(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_assigned_by_kind, counted by day and kind in the database."""
    by_day = daily(
        connection,
        select(BURDEN.assigned_on.label("day"), BURDEN.kind, func.count().label("assigned"))
        .where(BURDEN.community.in_(codes), within(BURDEN.assigned_on, span_of(weeks)))
        .group_by(BURDEN.assigned_on, BURDEN.kind),
    )
    return assigned_by_kind_rows(
        {kind: weekly(by_day[by_day["kind"].eq(kind)], "assigned", weeks) for kind in BURDEN_KINDS}
    )


def weekly_reports_year_on_year(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_reports_year_on_year, counted by day in the database."""
    earlier = [week.shifted_weeks(-YEAR_WEEKS) for week in weeks]
    both = Window(earlier[0].start, weeks[-1].end)
    by_day = daily(
        connection,
        select(BURDEN.assigned_on.label("day"), func.count().label("reports"))
        .where(
            BURDEN.community.in_(codes),
            BURDEN.kind == "report",
            within(BURDEN.assigned_on, both),
        )
        .group_by(BURDEN.assigned_on),
    )
    return pd.DataFrame(
        {
            "week": pd.DatetimeIndex([pd.Timestamp(week.start) for week in weeks], name="week"),
            "reports": weekly(by_day, "reports", weeks).to_numpy(),
            "reports_year_earlier": weekly(by_day, "reports", earlier).to_numpy(),
        }
    )
