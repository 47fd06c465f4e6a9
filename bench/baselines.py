"""The district bench's two baselines, on the same data as the app (bench/district.py):
(a) naive — read every table whole with pandas and compute the summary with metrics/; (b)
DuckDB — the same figures written as one SQL query each over the same data in memory, the
practical floor the app's SQL is held against.
"""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import date

import pandas as pd
from sqlalchemy import Engine, text

from bench.street import timed
from metrics import frames as contract
from metrics.frames import WindowFrames
from metrics.summary import build_summary
from metrics.summary_model import DOMAINS, Summary
from metrics.thresholds import Thresholds
from metrics.window import Window


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


# Baseline (a): read every table whole with pandas, compute the summary with metrics/.


def whole_tables(engine: Engine) -> WindowFrames:
    with engine.connect() as connection:

        def table(name: str, columns: list[str], kind: str | None) -> pd.DataFrame:
            frame = pd.read_sql_query(text(f"SELECT * FROM {name}"), connection)
            for column in contract.DATE_COLUMNS.get(kind or "", []):
                frame[column] = pd.to_datetime(frame[column])
            return frame[[column for column in columns if column in frame.columns]]

        organizations = table("organization", contract.ORGANIZATION_COLUMNS, "organizations")
        activities = table("org_activity", contract.ORG_ACTIVITY_COLUMNS, "org_activities")
        owners = organizations.set_index("org_no")["community"]
        activities.insert(2, "community", activities["org_no"].map(owners))
        return WindowFrames(
            communities=table("community", contract.COMMUNITY_COLUMNS, None),
            disputes=table("dispute", contract.DISPUTE_COLUMNS, "disputes"),
            consultations=table("consultation", contract.CONSULTATION_COLUMNS, "consultations"),
            organizations=organizations,
            org_activities=activities,
            burden_items=table("burden_item", contract.BURDEN_COLUMNS, "burden_items"),
        )


def naive_summary(engine: Engine, window: Window, thresholds: Thresholds) -> Summary:
    return build_summary(whole_tables(engine), window, thresholds)


# Baseline (b): DuckDB in memory, one SQL query per figure.


def _sql_list(codes: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{code}'" for code in codes) + ")"


def duckdb_queries(
    window: Window, scope: tuple[str, ...], thresholds: Thresholds
) -> dict[str, str]:
    """One query per figure of the summary (both windows), per-community figure and alert rule."""
    codes = _sql_list(scope)
    queries: dict[str, str] = {}
    for label, current in (("", window), ("previous.", window.previous())):
        s, e = f"DATE '{current.start}'", f"DATE '{current.end}'"
        d = f"FROM dispute WHERE community IN {codes}"
        new = f"reported_on BETWEEN {s} AND {e}"
        resolved = f"status = 'resolved' AND closed_on BETWEEN {s} AND {e}"
        is_open = f"reported_on <= {e} AND (closed_on IS NULL OR closed_on > {e})"
        c = f"FROM consultation WHERE community IN {codes}"
        held = f"held_on BETWEEN {s} AND {e}"
        o = f"FROM organization WHERE community IN {codes}"
        active = f"entered_on <= {e} AND (ended_on IS NULL OR ended_on > {e})"
        a = (
            f"FROM org_activity JOIN organization USING (org_no) "
            f"WHERE community IN {codes} AND held_on BETWEEN {s} AND {e}"
        )
        b = f"FROM burden_item WHERE community IN {codes} AND assigned_on BETWEEN {s} AND {e}"
        recent = (
            f"NOT EXISTS (SELECT 1 FROM org_activity x WHERE x.org_no = organization.org_no "
            f"AND x.held_on BETWEEN {e} - INTERVAL 89 DAY AND {e})"
        )
        figures = {
            "disputes.new": f"SELECT count(*) {d} AND {new}",
            "disputes.resolved": f"SELECT count(*) {d} AND {resolved}",
            "disputes.unresolved_closed": f"SELECT count(*) {d} AND status = 'unresolved' "
            f"AND closed_on BETWEEN {s} AND {e}",
            "disputes.open_at_end": f"SELECT count(*) {d} AND {is_open}",
            "disputes.overdue_at_end": f"SELECT count(*) {d} AND {is_open} "
            f"AND reported_on < {e} - INTERVAL 30 DAY",
            "disputes.success_rate": f"SELECT avg((status = 'resolved')::INT) {d} "
            f"AND status <> 'open' AND closed_on BETWEEN {s} AND {e}",
            "disputes.local_rate": f"SELECT avg((level IN ('grid', 'community'))::INT) "
            f"{d} AND {resolved}",
            "disputes.mean_days_to_resolve": "SELECT avg(date_diff('day', reported_on, "
            f"closed_on)) {d} AND {resolved}",
            "disputes.major_new": f"SELECT count(*) {d} AND {new} AND is_major",
            "disputes.per_10k": f"SELECT count(*) * 10000.0 / (SELECT sum(population) FROM "
            f"community WHERE code IN {codes}) {d} AND {new}",
            "disputes.by_category": f"SELECT category, count(*) {d} AND {new} GROUP BY 1",
            "consultations.held": f"SELECT count(*) {c} AND {held}",
            "consultations.participants": f"SELECT sum(participants) {c} AND {held}",
            "consultations.consensus_rate": f"SELECT avg(consensus::INT) {c} AND {held}",
            "consultations.problems_solved": f"SELECT sum(problems_solved) {c} AND {held}",
            "consultations.implemented": f"SELECT count(*) {c} AND implementation = 'done' "
            f"AND implemented_on BETWEEN {s} AND {e}",
            "consultations.pending_implementation": f"SELECT count(*) {c} AND consensus AND "
            f"held_on <= {e} AND NOT (implementation = 'done' AND implemented_on <= {e})",
            "consultations.by_form": f"SELECT form, count(*) {c} AND {held} GROUP BY 1",
            "organizations.active": f"SELECT count(*) {o} AND {active}",
            "organizations.by_stage": "SELECT CASE WHEN registered_on <= "
            f"{e} THEN 'registered' WHEN filed_on <= {e} THEN 'filed' ELSE 'incubating' END, "
            f"count(*) {o} AND {active} GROUP BY 1",
            "organizations.newly_entered": f"SELECT count(*) {o} AND entered_on "
            f"BETWEEN {s} AND {e}",
            "organizations.newly_filed": f"SELECT count(*) {o} AND filed_on BETWEEN {s} AND {e}",
            "organizations.per_community": f"SELECT count(*) / {len(scope)} {o} AND {active}",
            "organizations.standard_rate": "SELECT avg((has_charter AND has_filing_form AND "
            "has_leader AND has_venue AND has_annual_plan AND has_annual_summary AND "
            f"has_activity_log AND has_major_event_report)::INT) {o} AND {active}",
            "organizations.activities": f"SELECT count(*) {a}",
            "organizations.activity_participants": f"SELECT sum(participants) {a}",
            "organizations.inactive": f"SELECT count(*) {o} AND {active} AND entered_on <= "
            f"{e} - INTERVAL 90 DAY AND {recent}",
            "burden.assigned": f"SELECT count(*) {b}",
            "burden.unapproved": f"SELECT count(*) {b} AND NOT approved",
            "burden.negative_list": f"SELECT count(*) {b} AND list_status = 'negative'",
            "burden.off_list": f"SELECT count(*) {b} AND list_status = 'off_list'",
            "burden.reports": f"SELECT count(*) {b} AND kind = 'report'",
            "burden.returned": f"SELECT count(*) FROM burden_item WHERE community IN {codes} "
            f"AND outcome = 'returned' AND outcome_on BETWEEN {s} AND {e}",
            "burden.hours": f"SELECT sum(hours) {b}",
            "burden.unfunded_assist": f"SELECT count(*) {b} AND list_status = 'assist' "
            "AND NOT funded",
            "burden.compliance_rate": "SELECT avg((approved AND list_status IN "
            f"('statutory', 'assist'))::INT) {b}",
            "burden.by_department": f"SELECT department, count(*) {b} GROUP BY 1 ORDER BY 2 DESC",
        }
        queries.update({label + name: sql for name, sql in figures.items()})
    s, e = f"DATE '{window.start}'", f"DATE '{window.end}'"
    per_community = {
        "disputes_new": f"SELECT community, count(*) FROM dispute WHERE community IN {codes} "
        f"AND reported_on BETWEEN {s} AND {e} GROUP BY 1",
        "disputes_open_at_end": f"SELECT community, count(*) FROM dispute WHERE community IN "
        f"{codes} AND reported_on <= {e} AND (closed_on IS NULL OR closed_on > {e}) GROUP BY 1",
        "disputes_overdue_at_end": f"SELECT community, count(*) FROM dispute WHERE community "
        f"IN {codes} AND reported_on < {e} - INTERVAL 30 DAY AND (closed_on IS NULL OR "
        f"closed_on > {e}) GROUP BY 1",
        "disputes_per_10k": "SELECT code, (SELECT count(*) FROM dispute WHERE community = code "
        f"AND reported_on BETWEEN {s} AND {e}) * 10000.0 / population FROM community "
        f"WHERE code IN {codes}",
        "consultations_held": f"SELECT community, count(*) FROM consultation WHERE community "
        f"IN {codes} AND held_on BETWEEN {s} AND {e} GROUP BY 1",
        "organizations_active": f"SELECT community, count(*) FROM organization WHERE community "
        f"IN {codes} AND entered_on <= {e} AND (ended_on IS NULL OR ended_on > {e}) GROUP BY 1",
        "burden_assigned": f"SELECT community, count(*) FROM burden_item WHERE community IN "
        f"{codes} AND assigned_on BETWEEN {s} AND {e} GROUP BY 1",
        "burden_unapproved": f"SELECT community, count(*) FROM burden_item WHERE community IN "
        f"{codes} AND assigned_on BETWEEN {s} AND {e} AND NOT approved GROUP BY 1",
    }
    queries.update({f"by_community.{name}": sql for name, sql in per_community.items()})
    baseline = window.previous(thresholds.surge_baseline_windows)
    alerts = {
        "dispute_surge": "WITH n AS (SELECT community, count(*) FILTER (WHERE reported_on "
        f"BETWEEN {s} AND {e}) AS new, count(*) FILTER (WHERE reported_on BETWEEN "
        f"DATE '{baseline.start}' AND DATE '{window.previous().end}') / 8.0 AS base FROM "
        f"dispute WHERE community IN {codes} GROUP BY 1) SELECT d.community, d.case_no FROM "
        f"dispute d JOIN n USING (community) WHERE n.new >= 3 AND n.new >= 2 * n.base AND "
        f"d.reported_on BETWEEN {s} AND {e}",
        "overdue_dispute": f"SELECT community, case_no FROM dispute WHERE community IN {codes} "
        f"AND reported_on < {e} - INTERVAL 30 DAY AND (closed_on IS NULL OR closed_on > {e})",
        "major_dispute": f"SELECT community, case_no FROM dispute WHERE community IN {codes} "
        f"AND is_major AND reported_on BETWEEN {s} AND {e}",
        "no_consultation": f"SELECT code FROM community WHERE code IN {codes} AND code NOT IN "
        f"(SELECT community FROM consultation WHERE held_on BETWEEN {e} - INTERVAL 27 DAY "
        f"AND {e})",
        "consensus_stalled": f"SELECT community, ref FROM consultation WHERE community IN "
        f"{codes} AND consensus AND held_on < {e} - INTERVAL 60 DAY AND NOT "
        f"(implementation = 'done' AND coalesce(implemented_on <= {e}, false))",
        "inactive_org": f"SELECT community, org_no FROM organization WHERE community IN "
        f"{codes} AND entered_on <= {e} - INTERVAL 90 DAY AND (ended_on IS NULL OR ended_on "
        f"> {e}) AND NOT EXISTS (SELECT 1 FROM org_activity x WHERE x.org_no = "
        f"organization.org_no AND x.held_on BETWEEN {e} - INTERVAL 89 DAY AND {e})",
        "unapproved_burden": f"SELECT community, ref FROM burden_item WHERE community IN "
        f"{codes} AND assigned_on BETWEEN {s} AND {e} AND (NOT approved OR list_status IN "
        "('negative', 'off_list'))",
        "repeat_assessment": "WITH y AS (SELECT community, department, ref FROM burden_item "
        f"WHERE community IN {codes} AND kind = 'assessment' AND assigned_on BETWEEN "
        f"DATE '{date(window.end.year, 1, 1)}' AND {e}) SELECT y.* FROM y JOIN (SELECT "
        "community, department FROM y GROUP BY 1, 2 HAVING count(*) > 1) r USING "
        "(community, department)",
        "no_report": f"SELECT code FROM community WHERE code IN {codes} AND code NOT IN "
        f"(SELECT community FROM dispute WHERE reported_on BETWEEN {s} AND {e}) AND code NOT "
        f"IN (SELECT community FROM consultation WHERE held_on BETWEEN {s} AND {e}) AND code "
        f"NOT IN (SELECT o.community FROM org_activity x JOIN organization o USING (org_no) "
        f"WHERE x.held_on BETWEEN {s} AND {e}) AND code NOT IN (SELECT community FROM "
        f"burden_item WHERE assigned_on BETWEEN {s} AND {e})",
    }
    queries.update({f"alerts.{name}": sql for name, sql in alerts.items()})
    return queries


def duckdb_floor(
    tables: WindowFrames,
    window: Window,
    scope: tuple[str, ...],
    thresholds: Thresholds,
    repeats: int,
) -> dict:
    """Seconds for every DuckDB query (median of `repeats`), and each query's answer."""
    import duckdb

    database = duckdb.connect(":memory:")
    names = {
        "community": tables.communities,
        "dispute": tables.disputes,
        "consultation": tables.consultations,
        "organization": tables.organizations,
        "org_activity": tables.org_activities.drop(columns=["community"]),
        "burden_item": tables.burden_items,
    }
    for name, frame in names.items():
        typed = frame.copy()
        for column in typed.columns:
            if pd.api.types.is_datetime64_any_dtype(typed[column]):
                typed[column] = typed[column].dt.date
        database.register("incoming", typed)
        database.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
        database.unregister("incoming")
    queries = duckdb_queries(window, scope, thresholds)
    answers = {name: database.execute(sql).fetchall() for name, sql in queries.items()}

    def all_queries() -> None:
        for sql in queries.values():
            database.execute(sql).fetchall()

    seconds = timed(all_queries, repeats)
    database.close()
    return {"seconds": median(seconds), "queries": len(queries), "answers": answers}


def duckdb_agrees(answers: dict, summary: Summary) -> bool:
    """The DuckDB floor computes the same scalar figures and alerts as the app (spot check)."""
    checks = []
    for domain in DOMAINS:
        for key, value in summary.current.domain(domain).scalars().items():
            found = answers[f"{domain}.{key}"][0][0]
            expected = value if value is not None else None
            if expected is None or found is None:
                checks.append(expected == found or (found == 0 and key == "per_community"))
            else:
                checks.append(abs(float(found) - float(expected)) < 1e-9 * max(1, abs(expected)))
    for rule in ("overdue_dispute", "major_dispute", "inactive_org", "unapproved_burden"):
        refs = {ref for alert in summary.alerts if alert.rule == rule for ref in alert.refs}
        checks.append(refs == {str(row[1]) for row in answers[f"alerts.{rule}"]})
    return all(checks)


def strip_messages(summary: Summary) -> Summary:
    """The summary with its alerts' words left out (the naive baseline words them in English)."""
    return replace(summary, alerts=tuple(replace(alert, message="") for alert in summary.alerts))
