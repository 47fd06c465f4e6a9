"""Dispute figures (矛盾纠纷) in the database: the SQL form of metrics/disputes.py.

The window's figures and each community's share of them (as additive parts), the three alert
rules that read disputes (dispute_surge, overdue_dispute, major_dispute), the weekly flow and
the records the disputes view lists. tests/integration/test_figures_disputes.py checks each
against metrics/ over random records and windows, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, or_, select, union_all
from sqlalchemy.sql import Subquery

from data_access.queries import Scope, read_frame
from figures.community import ScopeCommunity
from figures.sql import (
    DISPUTE,
    LATEST_DAY,
    Parts,
    add_grouped,
    count,
    counted_by,
    daily,
    days_between,
    keyed,
    overall,
    summed,
    total,
    weekly,
    within,
)
from metrics.alerts import Alert, fired, surge_baseline_window
from metrics.codes import DISPUTE_CATEGORIES, LOCAL_LEVELS
from metrics.disputes import per_10k
from metrics.frames import DISPUTE_COLUMNS, share
from metrics.series import rate_of, span_of
from metrics.thresholds import Thresholds
from metrics.window import Window

ALERT_RULES = ("dispute_surge", "overdue_dispute", "major_dispute")


def open_or_closed_since(
    codes: list[str], since: date, end: date, *columns: str, reported_before: date | None = None
) -> Subquery:
    """Disputes of `codes` reported by `end` (or before `reported_before`) and still open or
    closed on or after `since`, as a subquery of `columns` (plus community).

    Two index-friendly branches (open; closed since `since`) instead of one OR, which SQLite
    would answer by walking every record of every community in scope.
    """
    chosen = [DISPUTE.community, *(DISPUTE[name] for name in columns)]
    reported = (
        DISPUTE.reported_on < reported_before
        if reported_before is not None
        else DISPUTE.reported_on <= end
    )
    is_open = select(*chosen).where(
        DISPUTE.community.in_(codes), reported, DISPUTE.closed_on.is_(None)
    )
    closed_since = select(*chosen).where(
        DISPUTE.community.in_(codes),
        reported,
        DISPUTE.closed_on >= since,
        DISPUTE.closed_on <= LATEST_DAY,
    )
    return union_all(is_open, closed_since).subquery("touching")


def dispute_parts(
    connection: Connection,
    windows: list[Window],
    codes: list[str],
    thresholds: Thresholds,
    parts: Parts,
) -> None:
    """Add each window's dispute parts (`d_new_<index>` …) per community of `codes` to `parts`."""
    span = overall(windows)
    rows = open_or_closed_since(
        codes, span.start, span.end, "reported_on", "closed_on", "status", "level", "is_major"
    ).c
    days = days_between(connection, rows.closed_on, rows.reported_on)
    columns = []
    for index, window in enumerate(windows):
        new = within(rows.reported_on, window)
        closed = within(rows.closed_on, window)
        resolved = and_(rows.status == "resolved", closed)
        is_open = and_(
            rows.reported_on <= window.end,
            or_(rows.closed_on.is_(None), rows.closed_on > window.end),
        )
        limit = window.end - timedelta(days=thresholds.overdue_days)
        columns += [
            count(new).label(f"d_new_{index}"),
            count(resolved).label(f"d_resolved_{index}"),
            count(and_(rows.status == "unresolved", closed)).label(f"d_unresolved_{index}"),
            count(is_open).label(f"d_open_{index}"),
            count(and_(is_open, rows.reported_on < limit)).label(f"d_overdue_{index}"),
            count(and_(resolved, rows.level.in_(LOCAL_LEVELS))).label(f"d_local_{index}"),
            total(days, resolved).label(f"d_days_{index}"),
            count(and_(new, rows.is_major.is_(True))).label(f"d_major_{index}"),
        ]
    statement = select(rows.community, *columns).group_by(rows.community)
    add_grouped(connection, statement, parts)


def new_by_category(connection: Connection, window: Window, codes: list[str]) -> dict[str, int]:
    """metrics.disputes.new_by_category: every category in code order, zeros included."""
    counts = counted_by(
        connection, DISPUTE.category, DISPUTE.reported_on, window, codes, DISPUTE.community
    )
    return {category: counts.get(category, 0) for category in DISPUTE_CATEGORIES}


def dispute_figures(
    parts: Parts,
    index: int,
    communities: Sequence[ScopeCommunity],
    by_category: dict[str, int] | None,
) -> dict[str, Any]:
    """metrics.disputes.dispute_figures of window `index` from the parts of `communities`
    (without `by_category` when it is None)."""
    codes = [community.code for community in communities]

    def part(name: str) -> int:
        return summed(parts, codes, f"{name}_{index}")

    resolved = part("d_resolved")
    population = sum(community.population for community in communities)
    figures: dict[str, Any] = {
        "new": part("d_new"),
        "resolved": resolved,
        "unresolved_closed": part("d_unresolved"),
        "open_at_end": part("d_open"),
        "overdue_at_end": part("d_overdue"),
        "success_rate": share(resolved, resolved + part("d_unresolved")),
        "local_rate": share(part("d_local"), resolved),
        "mean_days_to_resolve": share(part("d_days"), resolved),
        "major_new": part("d_major"),
        "per_10k": per_10k(part("d_new"), population),
    }
    if by_category is not None:
        figures["by_category"] = by_category
    return figures


def community_dispute_figures(own: dict[str, float], population: int) -> dict[str, Any]:
    """The dispute columns of one `by_community` row (metrics.by_community) from its parts."""
    new = int(own.get("d_new_0", 0))
    return {
        "disputes_new": new,
        "disputes_open_at_end": int(own.get("d_open_0", 0)),
        "disputes_overdue_at_end": int(own.get("d_overdue_0", 0)),
        "disputes_per_10k": per_10k(new, population),
    }


def dispute_alerts(
    connection: Connection,
    window: Window,
    codes: list[str],
    parts: Parts,
    thresholds: Thresholds,
) -> list[Alert]:
    """The alerts of ALERT_RULES at the window's end (metrics.disputes), given its parts."""
    alerts = []
    baseline_window = surge_baseline_window(window, thresholds)
    baseline_counts: dict[str, int] = {
        str(code): int(number)
        for code, number in connection.execute(
            select(DISPUTE.community, func.count())
            .where(DISPUTE.community.in_(codes), within(DISPUTE.reported_on, baseline_window))
            .group_by(DISPUTE.community)
        )
    }
    surging = []
    for code in codes:
        new = int(parts[code].get("d_new_0", 0))
        baseline = baseline_counts.get(code, 0) / thresholds.surge_baseline_windows
        if new >= thresholds.surge_min_new and new >= thresholds.surge_factor * baseline:
            surging.append((code, new, float(baseline)))
    new_in_window = within(DISPUTE.reported_on, window)
    if surging:
        refs = keyed(
            connection,
            select(DISPUTE.community, DISPUTE.case_no).where(
                DISPUTE.community.in_([code for code, _, _ in surging]), new_in_window
            ),
        )
        for code, new, baseline in surging:
            facts = {"new": new, "baseline": baseline}
            alerts.append(fired("dispute_surge", code, [row[1] for row in refs[code]], facts))
    limit = window.end - timedelta(days=thresholds.overdue_days)
    still_open = open_or_closed_since(
        codes, window.end + timedelta(days=1), window.end, "case_no", reported_before=limit
    ).c
    overdue = keyed(connection, select(still_open.community, still_open.case_no))
    for code in codes:
        if overdue.get(code):
            facts = {"count": len(overdue[code]), "limit_days": thresholds.overdue_days}
            alerts.append(fired("overdue_dispute", code, [row[1] for row in overdue[code]], facts))
    major = keyed(
        connection,
        select(DISPUTE.community, DISPUTE.case_no).where(
            DISPUTE.community.in_(codes), new_in_window, DISPUTE.is_major.is_(True)
        ),
    )
    for code in codes:
        if major.get(code):
            cases = [row[1] for row in major[code]]
            alerts.append(fired("major_dispute", code, cases, {"count": len(cases)}))
    return alerts


def weekly_dispute_flow(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_dispute_flow, counted by day in the database."""
    span = span_of(weeks)
    reported = daily(
        connection,
        select(DISPUTE.reported_on.label("day"), func.count().label("new"))
        .where(DISPUTE.community.in_(codes), within(DISPUTE.reported_on, span))
        .group_by(DISPUTE.reported_on),
    )
    resolved = daily(
        connection,
        select(
            DISPUTE.closed_on.label("day"),
            func.count().label("resolved"),
            count(DISPUTE.level.in_(LOCAL_LEVELS)).label("resolved_locally"),
        )
        .where(
            DISPUTE.community.in_(codes),
            DISPUTE.status == "resolved",
            within(DISPUTE.closed_on, span),
        )
        .group_by(DISPUTE.closed_on),
    )
    flow = pd.DataFrame(
        {
            "new": weekly(reported, "new", weeks),
            "resolved": weekly(resolved, "resolved", weeks),
            "resolved_locally": weekly(resolved, "resolved_locally", weeks),
        }
    )
    flow["local_rate"] = rate_of(flow["resolved_locally"], flow["resolved"])
    return flow.reset_index()


def disputes_new_or_open(engine: Engine, window: Window, scope: Scope) -> pd.DataFrame:
    """Disputes reported in the window, and every dispute still open at its end: what the
    disputes view lists (new, overdue) and sorts into the backlog's age buckets.

    Three disjoint, index-friendly branches instead of one OR: open; closed after the end;
    reported in the window and closed by its end.
    """
    chosen = [DISPUTE[name] for name in DISPUTE_COLUMNS]
    in_scope = DISPUTE.community.in_(list(scope))
    reported = DISPUTE.reported_on
    closed = DISPUTE.closed_on
    statement = union_all(
        select(*chosen).where(in_scope, reported <= window.end, closed.is_(None)),
        select(*chosen).where(
            in_scope, reported <= window.end, closed > window.end, closed <= LATEST_DAY
        ),
        select(*chosen).where(
            in_scope,
            reported >= window.start,
            reported <= window.end,
            closed <= window.end,
        ),
    )
    return read_frame(engine, statement, DISPUTE_COLUMNS, "disputes")
