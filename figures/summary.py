"""The summary's figures and alerts computed in the database, for districts of many communities.

`metrics/` holds the one definition of every figure (METRICS.md) as pandas functions over
records; this module answers the same questions with SQL that filters and aggregates where the
rows are, so that a window's cost grows with the communities and windows shown, not with the
records kept. Each query returns additive parts per community (counts and sums); rates and
totals are formed from those parts in Python. tests/integration/test_aggregates.py checks that
every figure and alert here equals the pandas definition on a generated district, on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    and_,
    case,
    cast,
    exists,
    func,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from data_access.db import read_connection
from data_access.models import (
    BurdenItem,
    Community,
    Consultation,
    Dispute,
    OrgActivity,
    Organization,
)
from data_access.queries import LATEST_DAY
from metrics.alerts import (
    Alert,
    alert_order,
    fired,
    surge_baseline_window,
    year_to_end,
)
from metrics.burden import COMPLIANT_LIST_STATUSES
from metrics.codes import (
    CONSULTATION_FORMS,
    DISPUTE_CATEGORIES,
    LOCAL_LEVELS,
    ORG_ACTIVE_STAGES,
)
from metrics.disputes import per_10k
from metrics.frames import EIGHT_ITEMS, share
from metrics.organizations import per_community
from metrics.series import rate_of, span_of, weekly_sum
from metrics.summary import alert_json, plain_message
from metrics.thresholds import Thresholds
from metrics.window import Window

Parts = dict[str, dict[str, float]]  # community code -> part name -> value

DISPUTE = Dispute.__table__.c  # type: ignore[attr-defined]
CONSULTATION = Consultation.__table__.c  # type: ignore[attr-defined]
ORGANIZATION = Organization.__table__.c  # type: ignore[attr-defined]
ACTIVITY = OrgActivity.__table__.c  # type: ignore[attr-defined]
BURDEN = BurdenItem.__table__.c  # type: ignore[attr-defined]
COMMUNITY = Community.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ScopeCommunity:
    code: str
    name: str
    population: int


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


def _total(value: ColumnElement[Any], condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, value), else_=0))


def _within(column: Any, window: Window) -> ColumnElement[bool]:
    return and_(column >= window.start, column <= window.end)


def _days_between(connection: Connection, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Whole days from `earlier` to `later` (two date columns) in the connection's dialect."""
    if connection.dialect.name == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return cast(later - earlier, Integer)


def scope_communities(connection: Connection, scope: Sequence[str]) -> list[ScopeCommunity]:
    """The communities of `scope` that exist, ordered by code."""
    statement = (
        select(COMMUNITY.code, COMMUNITY.name, COMMUNITY.population)
        .where(COMMUNITY.code.in_(list(scope)))
        .order_by(COMMUNITY.code)
    )
    return [
        ScopeCommunity(str(row.code), str(row.name), int(row.population or 0))
        for row in connection.execute(statement)
    ]


def _grouped(connection: Connection, statement: Any, parts: Parts) -> None:
    """Add each row of a statement grouped by community to `parts`."""
    for row in connection.execute(statement).mappings():
        own = parts[str(row["community"])]
        for key, value in row.items():
            if key != "community":
                own[key] = own.get(key, 0) + (value or 0)




def disputes_open_or_closed_since(
    codes: list[str], since: date, end: date, *columns: str, reported_before: date | None = None
) -> Any:
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


def _dispute_parts(
    connection: Connection,
    windows: list[Window],
    codes: list[str],
    thresholds: Thresholds,
    parts: Parts,
) -> None:
    since, end = min(window.start for window in windows), max(window.end for window in windows)
    rows = disputes_open_or_closed_since(
        codes, since, end, "reported_on", "closed_on", "status", "level", "is_major"
    ).c
    days = _days_between(connection, rows.closed_on, rows.reported_on)
    columns = []
    for index, window in enumerate(windows):
        new = _within(rows.reported_on, window)
        closed = _within(rows.closed_on, window)
        resolved = and_(rows.status == "resolved", closed)
        is_open = and_(
            rows.reported_on <= window.end,
            or_(rows.closed_on.is_(None), rows.closed_on > window.end),
        )
        limit = window.end - timedelta(days=thresholds.overdue_days)
        columns += [
            _count(new).label(f"d_new_{index}"),
            _count(resolved).label(f"d_resolved_{index}"),
            _count(and_(rows.status == "unresolved", closed)).label(f"d_unresolved_{index}"),
            _count(is_open).label(f"d_open_{index}"),
            _count(and_(is_open, rows.reported_on < limit)).label(f"d_overdue_{index}"),
            _count(and_(resolved, rows.level.in_(LOCAL_LEVELS))).label(f"d_local_{index}"),
            _total(days, resolved).label(f"d_days_{index}"),
            _count(and_(new, rows.is_major.is_(True))).label(f"d_major_{index}"),
        ]
    statement = select(rows.community, *columns).group_by(rows.community)
    _grouped(connection, statement, parts)


def _consultation_parts(
    connection: Connection, windows: list[Window], codes: list[str], parts: Parts
) -> None:
    since, end = min(window.start for window in windows), max(window.end for window in windows)
    columns = []
    for index, window in enumerate(windows):
        held = _within(CONSULTATION.held_on, window)
        done = CONSULTATION.implementation == "done"
        not_done_by_end = or_(
            ~done, CONSULTATION.implemented_on.is_(None), CONSULTATION.implemented_on > window.end
        )
        columns += [
            _count(held).label(f"c_held_{index}"),
            _total(CONSULTATION.participants, held).label(f"c_participants_{index}"),
            _count(and_(held, CONSULTATION.consensus.is_(True))).label(f"c_consensus_{index}"),
            _total(CONSULTATION.problems_solved, held).label(f"c_problems_{index}"),
            _count(and_(done, _within(CONSULTATION.implemented_on, window))).label(
                f"c_implemented_{index}"
            ),
            _count(
                and_(
                    CONSULTATION.consensus.is_(True),
                    CONSULTATION.held_on <= window.end,
                    not_done_by_end,
                )
            ).label(f"c_pending_{index}"),
        ]
    still_pending = and_(
        CONSULTATION.consensus.is_(True),
        or_(CONSULTATION.implemented_on.is_(None), CONSULTATION.implemented_on >= since),
    )
    statement = (
        select(CONSULTATION.community, *columns)
        .where(
            CONSULTATION.community.in_(codes),
            CONSULTATION.held_on <= end,
            or_(CONSULTATION.held_on >= since, still_pending),
        )
        .group_by(CONSULTATION.community)
    )
    _grouped(connection, statement, parts)


def _recent_activity(window_end: date, inactive_days: int) -> ColumnElement[bool]:
    return exists().where(
        ACTIVITY.org_no == ORGANIZATION.org_no,
        ACTIVITY.held_on >= window_end - timedelta(days=inactive_days - 1),
        ACTIVITY.held_on <= window_end,
    )


def _organization_parts(
    connection: Connection,
    windows: list[Window],
    codes: list[str],
    thresholds: Thresholds,
    parts: Parts,
) -> None:
    has_all = and_(*(ORGANIZATION[item].is_(True) for item in EIGHT_ITEMS))
    columns = []
    for index, window in enumerate(windows):
        active = and_(
            ORGANIZATION.entered_on <= window.end,
            or_(ORGANIZATION.ended_on.is_(None), ORGANIZATION.ended_on > window.end),
        )
        registered = ORGANIZATION.registered_on <= window.end
        filed = and_(
            or_(ORGANIZATION.registered_on.is_(None), ORGANIZATION.registered_on > window.end),
            ORGANIZATION.filed_on <= window.end,
        )
        incubating = and_(
            or_(ORGANIZATION.registered_on.is_(None), ORGANIZATION.registered_on > window.end),
            or_(ORGANIZATION.filed_on.is_(None), ORGANIZATION.filed_on > window.end),
        )
        old_enough = ORGANIZATION.entered_on <= window.end - timedelta(
            days=thresholds.inactive_days
        )
        inactive = and_(active, old_enough, ~_recent_activity(window.end, thresholds.inactive_days))
        columns += [
            _count(active).label(f"o_active_{index}"),
            _count(and_(active, incubating)).label(f"o_incubating_{index}"),
            _count(and_(active, filed)).label(f"o_filed_{index}"),
            _count(and_(active, registered)).label(f"o_registered_{index}"),
            _count(_within(ORGANIZATION.entered_on, window)).label(f"o_entered_{index}"),
            _count(_within(ORGANIZATION.filed_on, window)).label(f"o_newly_filed_{index}"),
            _count(and_(active, has_all)).label(f"o_standard_{index}"),
            _count(inactive).label(f"o_inactive_{index}"),
        ]
    statement = (
        select(ORGANIZATION.community, *columns)
        .where(ORGANIZATION.community.in_(codes))
        .group_by(ORGANIZATION.community)
    )
    _grouped(connection, statement, parts)
    since, end = min(window.start for window in windows), max(window.end for window in windows)
    activity_columns = []
    for index, window in enumerate(windows):
        held = _within(ACTIVITY.held_on, window)
        activity_columns += [
            _count(held).label(f"o_activities_{index}"),
            _total(ACTIVITY.participants, held).label(f"o_participants_{index}"),
        ]
    activities = (
        select(ORGANIZATION.community, *activity_columns)
        .select_from(ACTIVITY.org_no.table.join(ORGANIZATION.org_no.table))
        .where(
            ORGANIZATION.community.in_(codes), ACTIVITY.held_on >= since, ACTIVITY.held_on <= end
        )
        .group_by(ORGANIZATION.community)
    )
    _grouped(connection, activities, parts)


def _burden_parts(
    connection: Connection, windows: list[Window], codes: list[str], parts: Parts
) -> None:
    columns = []
    for index, window in enumerate(windows):
        assigned = _within(BURDEN.assigned_on, window)
        approved = BURDEN.approved.is_(True)
        columns += [
            _count(assigned).label(f"b_assigned_{index}"),
            _count(and_(assigned, ~approved)).label(f"b_unapproved_{index}"),
            _count(and_(assigned, BURDEN.list_status == "negative")).label(f"b_negative_{index}"),
            _count(and_(assigned, BURDEN.list_status == "off_list")).label(f"b_off_list_{index}"),
            _count(and_(assigned, BURDEN.kind == "report")).label(f"b_reports_{index}"),
            _count(and_(BURDEN.outcome == "returned", _within(BURDEN.outcome_on, window))).label(
                f"b_returned_{index}"
            ),
            _total(BURDEN.hours, assigned).label(f"b_hours_{index}"),
            _count(
                and_(assigned, BURDEN.list_status == "assist", BURDEN.funded.is_not(True))
            ).label(f"b_unfunded_{index}"),
            _count(and_(assigned, approved, BURDEN.list_status.in_(COMPLIANT_LIST_STATUSES))).label(
                f"b_compliant_{index}"
            ),
        ]
    since, end = min(window.start for window in windows), max(window.end for window in windows)
    statement = (
        select(BURDEN.community, *columns)
        .where(
            BURDEN.community.in_(codes),
            or_(
                and_(BURDEN.assigned_on >= since, BURDEN.assigned_on <= end),
                and_(BURDEN.outcome_on >= since, BURDEN.outcome_on <= end),
            ),
        )
        .group_by(BURDEN.community)
    )
    _grouped(connection, statement, parts)


def _breakdown(
    connection: Connection, key: Any, day: Any, window: Window, codes: list[str], community: Any
) -> dict[str, int]:
    """{key value: count} of the rows of scope whose `day` is in the window."""
    statement = (
        select(key, func.count())
        .where(community.in_(codes), day >= window.start, day <= window.end)
        .group_by(key)
    )
    return {str(value): int(count) for value, count in connection.execute(statement)}


def _every(codes: tuple[str, ...], counts: dict[str, int]) -> dict[str, int]:
    return {code: counts.get(code, 0) for code in codes}


def _by_department(counts: dict[str, int]) -> dict[str, int]:
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return dict(ordered)


def _breakdowns(connection: Connection, window: Window, codes: list[str]) -> dict[str, dict]:
    return {
        "by_category": _every(
            DISPUTE_CATEGORIES,
            _breakdown(
                connection,
                DISPUTE.category,
                DISPUTE.reported_on,
                window,
                codes,
                DISPUTE.community,
            ),
        ),
        "by_form": _every(
            CONSULTATION_FORMS,
            _breakdown(
                connection,
                CONSULTATION.form,
                CONSULTATION.held_on,
                window,
                codes,
                CONSULTATION.community,
            ),
        ),
        "by_department": _by_department(
            _breakdown(
                connection, BURDEN.department, BURDEN.assigned_on, window, codes, BURDEN.community
            )
        ),
    }


def _sum(parts: Parts, codes: Sequence[str], name: str) -> float:
    return sum(parts[code].get(name, 0) for code in codes)


def _figures(
    parts: Parts,
    index: int,
    communities: list[ScopeCommunity],
    breakdowns: dict[str, dict] | None,
) -> dict:
    """The four domain objects of METRICS.md for window `index`, from the summed parts."""
    codes = [community.code for community in communities]

    def count(name: str) -> int:
        return int(_sum(parts, codes, f"{name}_{index}"))

    resolved = count("d_resolved")
    closed = resolved + count("d_unresolved")
    population = sum(community.population for community in communities)
    held = count("c_held")
    active = count("o_active")
    assigned = count("b_assigned")
    extra = breakdowns or {"by_category": {}, "by_form": {}, "by_department": {}}
    disputes = {
        "new": count("d_new"),
        "resolved": resolved,
        "unresolved_closed": count("d_unresolved"),
        "open_at_end": count("d_open"),
        "overdue_at_end": count("d_overdue"),
        "success_rate": share(resolved, closed),
        "local_rate": share(count("d_local"), resolved),
        "mean_days_to_resolve": share(count("d_days"), resolved),
        "major_new": count("d_major"),
        "per_10k": per_10k(count("d_new"), population),
        "by_category": extra["by_category"],
    }
    consultations = {
        "held": held,
        "participants": count("c_participants"),
        "consensus_rate": share(count("c_consensus"), held),
        "problems_solved": count("c_problems"),
        "implemented": count("c_implemented"),
        "pending_implementation": count("c_pending"),
        "by_form": extra["by_form"],
    }
    organizations = {
        "active": active,
        "by_stage": {stage: count(f"o_{stage}") for stage in ORG_ACTIVE_STAGES},
        "newly_entered": count("o_entered"),
        "newly_filed": count("o_newly_filed"),
        "per_community": per_community(active, len(communities)),
        "standard_rate": share(count("o_standard"), active),
        "activities": count("o_activities"),
        "activity_participants": count("o_participants"),
        "inactive": count("o_inactive"),
    }
    burden = {
        "assigned": assigned,
        "unapproved": count("b_unapproved"),
        "negative_list": count("b_negative"),
        "off_list": count("b_off_list"),
        "reports": count("b_reports"),
        "returned": count("b_returned"),
        "hours": float(_sum(parts, codes, f"b_hours_{index}")),
        "unfunded_assist": count("b_unfunded"),
        "compliance_rate": share(count("b_compliant"), assigned),
        "by_department": extra["by_department"],
    }
    if breakdowns is None:
        for figures in (disputes, consultations, burden):
            for key in [key for key, value in figures.items() if isinstance(value, dict)]:
                del figures[key]
        del organizations["by_stage"]
    return {
        "disputes": disputes,
        "consultations": consultations,
        "organizations": organizations,
        "burden": burden,
    }


def community_parts(
    connection: Connection, windows: list[Window], codes: list[str], thresholds: Thresholds
) -> Parts:
    """Every additive part of every window, per community of `codes`."""
    parts: Parts = defaultdict(dict)
    _dispute_parts(connection, windows, codes, thresholds, parts)
    _consultation_parts(connection, windows, codes, parts)
    _organization_parts(connection, windows, codes, thresholds, parts)
    _burden_parts(connection, windows, codes, parts)
    return parts


def _by_community(parts: Parts, communities: list[ScopeCommunity]) -> list[dict]:
    rows = []
    for community in communities:
        own = parts[community.code]

        def count(name: str, own: dict = own) -> int:
            return int(own.get(f"{name}_0", 0))

        rows.append(
            {
                "community": community.code,
                "name": community.name,
                "disputes_new": count("d_new"),
                "disputes_open_at_end": count("d_open"),
                "disputes_overdue_at_end": count("d_overdue"),
                "disputes_per_10k": per_10k(count("d_new"), community.population),
                "consultations_held": count("c_held"),
                "organizations_active": count("o_active"),
                "burden_assigned": count("b_assigned"),
                "burden_unapproved": count("b_unapproved"),
            }
        )
    return rows


def _keyed(connection: Connection, statement: Any) -> dict[str, list[Any]]:
    """Rows of (community, key, ...) grouped by community."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in connection.execute(statement):
        grouped[str(row[0])].append(row)
    return grouped


def _dispute_alerts(
    connection: Connection,
    window: Window,
    codes: list[str],
    parts: Parts,
    thresholds: Thresholds,
) -> list[Alert]:
    alerts = []
    baseline_window = surge_baseline_window(window, thresholds)
    baseline_counts: dict[str, int] = dict(
        connection.execute(
            select(DISPUTE.community, func.count())
            .where(
                DISPUTE.community.in_(codes),
                DISPUTE.reported_on >= baseline_window.start,
                DISPUTE.reported_on <= baseline_window.end,
            )
            .group_by(DISPUTE.community)
        ).all()
    )
    surging = []
    for code in codes:
        new = int(parts[code].get("d_new_0", 0))
        baseline = baseline_counts.get(code, 0) / thresholds.surge_baseline_windows
        if new >= thresholds.surge_min_new and new >= thresholds.surge_factor * baseline:
            surging.append((code, new, float(baseline)))
    new_in_window = _within(DISPUTE.reported_on, window)
    if surging:
        refs = _keyed(
            connection,
            select(DISPUTE.community, DISPUTE.case_no).where(
                DISPUTE.community.in_([code for code, _, _ in surging]), new_in_window
            ),
        )
        for code, new, baseline in surging:
            facts = {"new": new, "baseline": baseline}
            alerts.append(fired("dispute_surge", code, [row[1] for row in refs[code]], facts))
    limit = window.end - timedelta(days=thresholds.overdue_days)
    still_open = disputes_open_or_closed_since(
        codes, window.end + timedelta(days=1), window.end, "case_no", reported_before=limit
    ).c
    overdue = _keyed(connection, select(still_open.community, still_open.case_no))
    for code in codes:
        if overdue.get(code):
            facts = {"count": len(overdue[code]), "limit_days": thresholds.overdue_days}
            alerts.append(fired("overdue_dispute", code, [row[1] for row in overdue[code]], facts))
    major = _keyed(
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


def _consultation_alerts(
    connection: Connection, window: Window, codes: list[str], thresholds: Thresholds
) -> list[Alert]:
    alerts = []
    days = thresholds.no_consultation_days
    recent = Window(window.end - timedelta(days=days - 1), window.end)
    held = set(
        connection.execute(
            select(CONSULTATION.community)
            .where(CONSULTATION.community.in_(codes), _within(CONSULTATION.held_on, recent))
            .distinct()
        ).scalars()
    )
    alerts += [
        fired("no_consultation", code, (), {"days": days}) for code in codes if code not in held
    ]
    stalled = _keyed(
        connection,
        select(CONSULTATION.community, CONSULTATION.ref, CONSULTATION.held_on).where(
            CONSULTATION.community.in_(codes),
            CONSULTATION.consensus.is_(True),
            CONSULTATION.held_on < window.end - timedelta(days=thresholds.stalled_days),
            or_(
                CONSULTATION.implementation != "done",
                CONSULTATION.implemented_on.is_(None),
                CONSULTATION.implemented_on > window.end,
            ),
        ),
    )
    for code in codes:
        if stalled.get(code):
            oldest = max((window.end - row[2]).days for row in stalled[code])
            facts = {"count": len(stalled[code]), "days": int(oldest)}
            alerts.append(
                fired("consensus_stalled", code, [row[1] for row in stalled[code]], facts)
            )
    return alerts


def _organization_alerts(
    connection: Connection, window: Window, codes: list[str], thresholds: Thresholds
) -> list[Alert]:
    inactive = _keyed(
        connection,
        select(ORGANIZATION.community, ORGANIZATION.org_no).where(
            ORGANIZATION.community.in_(codes),
            ORGANIZATION.entered_on <= window.end - timedelta(days=thresholds.inactive_days),
            or_(ORGANIZATION.ended_on.is_(None), ORGANIZATION.ended_on > window.end),
            ~_recent_activity(window.end, thresholds.inactive_days),
        ),
    )
    facts = {"days": thresholds.inactive_days}
    return [
        fired("inactive_org", code, [row[1] for row in inactive[code]],
              {"count": len(inactive[code]), **facts})
        for code in codes
        if inactive.get(code)
    ]  # fmt: skip


def _burden_alerts(
    connection: Connection, window: Window, codes: list[str], thresholds: Thresholds
) -> list[Alert]:
    alerts = []
    irregular = _keyed(
        connection,
        select(BURDEN.community, BURDEN.ref).where(
            BURDEN.community.in_(codes),
            _within(BURDEN.assigned_on, window),
            or_(BURDEN.approved.is_not(True), BURDEN.list_status.in_(("negative", "off_list"))),
        ),
    )
    for code in codes:
        if irregular.get(code):
            refs = [row[1] for row in irregular[code]]
            alerts.append(fired("unapproved_burden", code, refs, {"count": len(refs)}))
    assessments = _keyed(
        connection,
        select(BURDEN.community, BURDEN.ref, BURDEN.department).where(
            BURDEN.community.in_(codes),
            BURDEN.kind == "assessment",
            _within(BURDEN.assigned_on, year_to_end(window)),
        ),
    )
    for code in codes:
        counts = Counter(str(row[2]) for row in assessments.get(code, []))
        repeated = {
            name: count
            for name, count in counts.items()
            if count > thresholds.assessments_per_department_year
        }
        if not repeated:
            continue
        departments = dict(sorted(repeated.items(), key=lambda pair: (-pair[1], pair[0])))
        top, top_count = next(iter(departments.items()))
        refs = [row[1] for row in assessments[code] if str(row[2]) in repeated]
        facts = {"department": top, "count": top_count, "departments": departments}
        alerts.append(fired("repeat_assessment", code, refs, facts))
    return alerts


def _no_report_alerts(parts: Parts, codes: list[str]) -> list[Alert]:
    names = ("d_new_0", "c_held_0", "o_activities_0", "b_assigned_0")
    return [
        fired("no_report", code)
        for code in codes
        if not sum(parts[code].get(name, 0) for name in names)
    ]


def sql_alerts(
    connection: Connection, window: Window, codes: list[str], parts: Parts, thresholds: Thresholds
) -> list[Alert]:
    """Every alert rule of METRICS.md at the window's end, ordered as metrics.alerts orders them."""
    alerts = [
        *_dispute_alerts(connection, window, codes, parts, thresholds),
        *_consultation_alerts(connection, window, codes, thresholds),
        *_organization_alerts(connection, window, codes, thresholds),
        *_burden_alerts(connection, window, codes, thresholds),
        *_no_report_alerts(parts, codes),
    ]
    return sorted(alerts, key=alert_order)


@dataclass(frozen=True)
class SqlSummary:
    """The summary object of METRICS.md, the communities it covers, and the windows' averages."""

    summary: dict
    communities: list[ScopeCommunity]
    alerts: list[Alert]
    earlier: list[dict]


def sql_summary(
    engine: Engine,
    window: Window,
    scope: Sequence[str],
    thresholds: Thresholds,
    *,
    message_for: Callable[[dict[str, str]], Callable[[Alert], str]] | None = None,
    earlier_windows: int = 0,
) -> SqlSummary:
    """The summary of METRICS.md for `window` and `scope`, aggregated in the database.

    `message_for(names)` words the alerts (plain English by default). With `earlier_windows`,
    also the scalar figures of window.previous(1 … n), for the meeting's average.
    """
    with read_connection(engine) as connection:
        communities = scope_communities(connection, scope)
        codes = [community.code for community in communities]
        count = max(earlier_windows, 1)
        windows = [window, *(window.previous(back) for back in range(1, count + 1))]
        parts = community_parts(connection, windows, codes, thresholds)
        current = _figures(parts, 0, communities, _breakdowns(connection, window, codes))
        previous_window = window.previous()
        previous = _figures(parts, 1, communities, _breakdowns(connection, previous_window, codes))
        earlier = [
            _figures(parts, index, communities, None) for index in range(1, earlier_windows + 1)
        ]
        alerts = sql_alerts(connection, window, codes, parts, thresholds)
    names = {community.code: community.name for community in communities}
    message = message_for(names) if message_for else plain_message
    summary = {
        "window": window.to_json(),
        "scope": sorted(codes),
        **current,
        "by_community": _by_community(parts, communities),
        "previous": previous,
        "alerts": [alert_json(alert, message) for alert in alerts],
    }
    return SqlSummary(summary=summary, communities=communities, alerts=alerts, earlier=earlier)


def _daily(connection: Connection, statement: Any) -> pd.DataFrame:
    """Rows of (day, counts …) as a frame with `day` as datetime64."""
    rows = connection.execute(statement).all()
    columns = list(statement.selected_columns.keys())
    daily = pd.DataFrame([tuple(row) for row in rows], columns=columns)
    daily["day"] = pd.to_datetime(daily["day"])
    return daily


def _weekly(daily: pd.DataFrame, column: str, weeks: list[Window]) -> pd.Series:
    return weekly_sum(daily["day"], weeks, daily[column].astype("int64"))


def weekly_dispute_flow_sql(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_dispute_flow, counted by day in the database."""
    span = span_of(weeks)
    reported = _daily(
        connection,
        select(DISPUTE.reported_on.label("day"), func.count().label("new"))
        .where(DISPUTE.community.in_(codes), _within(DISPUTE.reported_on, span))
        .group_by(DISPUTE.reported_on),
    )
    resolved = _daily(
        connection,
        select(
            DISPUTE.closed_on.label("day"),
            func.count().label("resolved"),
            _count(DISPUTE.level.in_(LOCAL_LEVELS)).label("resolved_locally"),
        )
        .where(
            DISPUTE.community.in_(codes),
            DISPUTE.status == "resolved",
            _within(DISPUTE.closed_on, span),
        )
        .group_by(DISPUTE.closed_on),
    )
    flow = pd.DataFrame(
        {
            "new": _weekly(reported, "new", weeks),
            "resolved": _weekly(resolved, "resolved", weeks),
            "resolved_locally": _weekly(resolved, "resolved_locally", weeks),
        }
    )
    flow["local_rate"] = rate_of(flow["resolved_locally"], flow["resolved"])
    return flow.reset_index()


def weekly_consultations_sql(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_consultations, counted by day in the database."""
    held = _daily(
        connection,
        select(
            CONSULTATION.held_on.label("day"),
            func.count().label("held"),
            func.sum(CONSULTATION.participants).label("participants"),
            _count(CONSULTATION.consensus.is_(True)).label("with_consensus"),
        )
        .where(CONSULTATION.community.in_(codes), _within(CONSULTATION.held_on, span_of(weeks)))
        .group_by(CONSULTATION.held_on),
    )
    series = pd.DataFrame(
        {
            column: _weekly(held, column, weeks)
            for column in ("held", "participants", "with_consensus")
        }
    )
    series["consensus_rate"] = rate_of(series["with_consensus"], series["held"])
    return series.reset_index()


def headline_series(engine: Engine, scope: Sequence[str], weeks: list[Window]) -> dict:
    """The weekly dispute flow and consultations of `weeks` for the communities of `scope`."""
    codes = list(scope)
    with read_connection(engine) as connection:
        return {
            "dispute_flow": weekly_dispute_flow_sql(connection, codes, weeks),
            "consultations": weekly_consultations_sql(connection, codes, weeks),
        }
