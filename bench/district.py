"""Bench section "district": the app's data at district scale, on SQLite and PostgreSQL, against
two baselines on the same data.

Loads the demo district (10 streets, 200 communities, five years; reused when already there)
into a SQLite file and a PostgreSQL database, then measures for the data's latest week:
the summary of all communities; the data each page loads, cold (nothing cached) and warm
(Streamlit's cache hit); the weekly PDF; the loaders' peak memory; and a real app process
serving the district to a few people (pages, errors, its resident peak). Baselines: (a) naive
— read the tables whole with pandas and compute the same summary with metrics/; (b) DuckDB —
the same figures written as one SQL query each over the same data in memory (the practical
floor).

Where the data lives (both created when missing):
  STREETDASH_BENCH_SQLITE  default data/bench-district.db
  STREETDASH_BENCH_PG_URL  default postgresql+psycopg://streetdash:streetdash@127.0.0.1:5432/streetdash_bench
                           (set it empty to skip PostgreSQL)
"""

from __future__ import annotations

import json
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from bench import load
from bench.street import timed
from data_access.db import make_engine
from data_access.migrate import migrate
from data_access.queries import communities, data_date_range, record_counts
from demo.district_load import load_district
from demo.street import load_demo
from figures.views import VIEWS, view_data
from metrics import frames as contract
from metrics.frames import WindowFrames
from metrics.series import trend_weeks
from metrics.summary import build_summary
from metrics.summary_model import DOMAINS, Summary
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.meeting import follow_ups_for_report, meeting_report
from reports.pdf import ReportContext, weekly_pdf
from reports.summary import window_report

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = os.environ.get("STREETDASH_BENCH_SQLITE", str(ROOT / "data" / "bench-district.db"))
PG_URL = os.environ.get(
    "STREETDASH_BENCH_PG_URL",
    "postgresql+psycopg://streetdash:streetdash@127.0.0.1:5432/streetdash_bench",
)
DISTRICT_COMMUNITIES = 200
TREND_WEEKS = 26
REPEATS = 5
THRESHOLDS = Thresholds()

# People served at once when the app's own memory is measured on the district.
SERVED_SESSIONS = 3
SERVED_SECONDS = 60.0
TARGETS = {
    "page_warm_seconds": 0.3,
    "page_cold_seconds_sqlite": 1.5,
    "summary_seconds": 1.0,
    "pdf_seconds": 5.0,
    "peak_mib": 1024,
    "faster_than_naive": 10.0,
    "within_duckdb": 5.0,
    "street_page_seconds": 0.2,
}


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def district_engine(url: str) -> Engine:
    """The bench database at `url`, created, migrated and loaded with the district if need be."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
            ).first()
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
        admin.dispose()
    engine = make_engine(url)
    migrate(engine)
    counts = record_counts(engine)
    if counts["communities"] == 0:
        began = time.perf_counter()
        load_district(engine, progress=lambda step: print(f"    {step}", flush=True))
        print(f"  loaded the district in {time.perf_counter() - began:.1f} s", flush=True)
    elif counts["communities"] != DISTRICT_COMMUNITIES:
        raise SystemExit(f"{url} holds something other than the demo district: {counts}")
    return engine


def latest_week(engine: Engine) -> Window:
    span = data_date_range(engine)
    assert span is not None
    return Window.week_containing(span[1])


# The app's loaders, as the pages call them (ui/views.py, pages/*.py).


def page_loaders(engine: Engine, window: Window, scope: tuple[str, ...]) -> dict[str, Any]:
    one = (scope[0],)
    weeks = trend_weeks(window.end, TREND_WEEKS)
    days = THRESHOLDS.no_consultation_days

    def summary(codes: tuple[str, ...]) -> Callable[[], object]:
        return lambda: window_report(engine, window, codes, thresholds=THRESHOLDS, lang="zh")

    def view(name: str) -> Callable[[], object]:
        return lambda: view_data(engine, name, window, weeks, scope, no_consultation_days=days)

    def meeting() -> object:
        return meeting_report(engine, window, scope, thresholds=THRESHOLDS, lang="zh")

    return {
        "summary": summary(scope),
        "summary_one_community": summary(one),
        **{f"view_{name}": view(name) for name in VIEWS},
        "meeting": meeting,
    }


PAGES = {
    "overview": ("summary",),
    "meeting": ("meeting",),
    "disputes": ("summary", "view_disputes"),
    "consultations": ("summary", "view_consultations"),
    "organizations": ("summary", "view_organizations"),
    "burden": ("summary", "view_burden"),
    "community": ("summary", "summary_one_community", "view_community"),
}


def warm_seconds(url: str, window: Window, scope: tuple[str, ...]) -> dict[str, float]:
    """A cache hit of each Streamlit loader (hashing the key, unpickling the value)."""
    from ui import cached  # Streamlit's cache in bare mode, outside a running app

    def view(name: str) -> Callable[[], object]:
        return lambda: cached.load_view_data(
            url, name, window.start, window.end, TREND_WEEKS, scope
        )

    calls = {
        "summary": lambda: cached.load_window_report(url, window.start, window.end, scope, "zh"),
        "summary_one_community": lambda: cached.load_window_report(
            url, window.start, window.end, scope[:1], "zh"
        ),
        **{f"view_{name}": view(name) for name in VIEWS},
        "meeting": lambda: cached.load_meeting_report(url, window.start, window.end, scope, "zh"),
    }
    for call in calls.values():
        call()
    return {name: median(timed(call, REPEATS)) for name, call in calls.items()}


def pdf_seconds(engine: Engine, window: Window, scope: tuple[str, ...]) -> float:
    def build() -> bytes:
        report = meeting_report(engine, window, scope, thresholds=THRESHOLDS, lang="zh")
        context = ReportContext(
            lang="zh",
            generated_at=datetime.now(),
            generated_by="bench",
            scope_text=f"全部 {len(scope)} 个社区",
            follow_ups=follow_ups_for_report(engine, window, scope),
        )
        return weekly_pdf(report, context)

    build()
    return median(timed(build, 3))


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


def naive_summary(engine: Engine, window: Window) -> Summary:
    return build_summary(whole_tables(engine), window, THRESHOLDS)


# Baseline (b): DuckDB in memory, one SQL query per figure.


def _sql_list(codes: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{code}'" for code in codes) + ")"


def duckdb_queries(window: Window, scope: tuple[str, ...]) -> dict[str, str]:
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
    baseline = window.previous(THRESHOLDS.surge_baseline_windows)
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


def duckdb_floor(tables: WindowFrames, window: Window, scope: tuple[str, ...]) -> dict:
    """Seconds for every DuckDB query (median of REPEATS), and whether it agrees with the app."""
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
    queries = duckdb_queries(window, scope)
    answers = {name: database.execute(sql).fetchall() for name, sql in queries.items()}

    def all_queries() -> None:
        for sql in queries.values():
            database.execute(sql).fetchall()

    seconds = timed(all_queries, REPEATS)
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


def measure_backend(name: str, engine: Engine, url: str) -> dict:
    window = latest_week(engine)
    scope = tuple(str(code) for code in communities(engine)["code"])
    loaders = page_loaders(engine, window, scope)
    print(f"  {name}: week {window}, {len(scope)} communities", flush=True)
    cold = {loader: median(timed(call, 3)) for loader, call in loaders.items()}
    tracemalloc.start()  # a separate pass: tracing slows the code it watches several times
    for call in loaders.values():
        call()
    peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    summary_seconds = median(timed(loaders["summary"], REPEATS))
    warm = warm_seconds(url, window, scope)
    pages = {
        page: {
            "cold": round(sum(cold[loader] for loader in parts), 3),
            "warm": round(sum(warm[loader] for loader in parts), 3),
        }
        for page, parts in PAGES.items()
    }
    pdf = pdf_seconds(engine, window, scope)
    print("    app done; naive baseline (whole tables into pandas) …", flush=True)
    began = time.perf_counter()
    naive = naive_summary(engine, window)
    naive_seconds = round(time.perf_counter() - began, 2)
    app_summary = window_report(engine, window, scope, thresholds=THRESHOLDS, lang="en").summary
    return {
        "week": str(window),
        "summary_seconds": summary_seconds,
        "loader_cold_seconds": cold,
        "loader_warm_seconds": warm,
        "pages": pages,
        "weekly_pdf_seconds": pdf,
        "peak_mib": round(peak_mib, 1),
        "naive_seconds": naive_seconds,
        "naive_agrees": strip_messages(naive) == strip_messages(app_summary),
        "_summary": app_summary,
    }


def strip_messages(summary: Summary) -> Summary:
    """The summary with its alerts' words left out (the naive baseline words them in English)."""
    return replace(summary, alerts=tuple(replace(alert, message="") for alert in summary.alerts))


def street_pages() -> dict:
    """The default one-street demo: every loader cold, in a temporary SQLite file."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'street.db'}")
        migrate(engine)
        load_demo(engine, seed=42, weeks=104, today=date.today())
        window = latest_week(engine)
        scope = tuple(str(code) for code in communities(engine)["code"])
        loaders = page_loaders(engine, window, scope)
        cold = {name: median(timed(call, 3)) for name, call in loaders.items()}
        engine.dispose()
    pages = {page: round(sum(cold[name] for name in parts), 3) for page, parts in PAGES.items()}
    return {"loader_cold_seconds": cold, "pages": pages}


def table(results: dict) -> str:
    lines = [
        "| measure | SQLite | PostgreSQL | target |",
        "|---|---|---|---|",
    ]
    backends = [results.get("sqlite", {}), results.get("postgresql", {})]

    def row(label: str, pick: Callable[[dict], Any], target: str) -> None:
        cells = [str(pick(backend)) if backend else "—" for backend in backends]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {target} |")

    row("summary, one week, all communities (s)", lambda b: b["summary_seconds"], "< 1")
    for page in PAGES:
        row(
            f"page data {page}: cold / warm (s)",
            lambda b, page=page: f"{b['pages'][page]['cold']} / {b['pages'][page]['warm']}",
            "< 1.5 / < 0.3",
        )
    row("weekly PDF (s)", lambda b: b["weekly_pdf_seconds"], "< 5")
    row("peak memory of the app's loaders (MiB)", lambda b: b["peak_mib"], "< 1024")
    row("naive baseline: whole tables into pandas (s)", lambda b: b["naive_seconds"], "")
    row("summary ×faster than naive", lambda b: b["faster_than_naive"], "≥ 10")
    row("DuckDB floor, one query per figure (s)", lambda b: results["duckdb"]["seconds"], "")
    row("summary ÷ DuckDB floor", lambda b: b["times_duckdb"], "≤ 5")
    return "\n".join(lines)


def run() -> dict[str, object]:
    results: dict[str, Any] = {}
    urls = {"sqlite": f"sqlite:///{SQLITE_PATH}"}
    if PG_URL:
        urls["postgresql"] = PG_URL
    tables = None
    for name, url in urls.items():
        print(f"  preparing {name} …", flush=True)
        began = time.perf_counter()
        engine = district_engine(url)
        counts = record_counts(engine)
        results[name] = {"rows": counts, "prepare_seconds": round(time.perf_counter() - began, 1)}
        results[name].update(measure_backend(name, engine, url))
        if tables is None:
            tables = whole_tables(engine)
            window = latest_week(engine)
            scope = tuple(str(code) for code in communities(engine)["code"])
        engine.dispose()
    assert tables is not None
    print("  DuckDB floor …", flush=True)
    floor = duckdb_floor(tables, window, scope)
    answers = floor.pop("answers")
    results["duckdb"] = floor
    for name in urls:
        backend = results[name]
        summary = backend.pop("_summary")
        backend["duckdb_agrees"] = duckdb_agrees(answers, summary)
        backend["faster_than_naive"] = round(
            backend["naive_seconds"] / backend["summary_seconds"], 1
        )
        backend["times_duckdb"] = round(backend["summary_seconds"] / floor["seconds"], 2)
    print("  the one-street demo …", flush=True)
    results["street"] = street_pages()
    print(f"  the app serving the district: {SERVED_SESSIONS} people for {SERVED_SECONDS:.0f} s …")
    results["served"] = served(urls["sqlite"])
    results["targets"] = TARGETS
    results["targets_met"] = targets_met(results)
    results["machine"] = machine()
    print(table(results))
    print(served_line(results["served"]))
    print(json.dumps({key: results[key] for key in ("street", "targets_met")}, indent=2))
    return results


def served(url: str) -> dict[str, Any]:
    """A real Streamlit process serving the district's SQLite file to a few people (the load
    client of bench/load.py): its resident peak is the app's memory the target speaks of."""
    figures = load.run(sessions=SERVED_SESSIONS, seconds=SERVED_SECONDS, database_url=url)
    keys = ("sessions", "seconds", "pages_rendered", "errors", "page_seconds_p50")
    keys += ("page_seconds_p95", "server_peak_rss_mib")
    return {key: figures[key] for key in keys}


def served_line(figures: dict[str, Any]) -> str:
    return (
        f"app process serving the district (SQLite), {figures['sessions']} people for "
        f"{figures['seconds']} s: {figures['pages_rendered']} pages, {figures['errors']} errors, "
        f"page p50 {figures['page_seconds_p50']} s / p95 {figures['page_seconds_p95']} s, "
        f"peak resident memory {figures['server_peak_rss_mib']} MiB "
        f"(target < {TARGETS['peak_mib']})"
    )


def targets_met(results: dict) -> bool:
    checks = []
    if "served" in results:
        checks += [
            results["served"]["errors"] == 0,
            results["served"]["server_peak_rss_mib"] < TARGETS["peak_mib"],
        ]
    for name in ("sqlite", "postgresql"):
        backend = results.get(name)
        if not backend:
            continue
        cold_limit = TARGETS["page_cold_seconds_sqlite"] if name == "sqlite" else None
        for page in backend["pages"].values():
            checks.append(page["warm"] < TARGETS["page_warm_seconds"])
            if cold_limit:
                checks.append(page["cold"] < cold_limit)
        checks += [
            backend["summary_seconds"] < TARGETS["summary_seconds"],
            backend["weekly_pdf_seconds"] < TARGETS["pdf_seconds"],
            backend["peak_mib"] < TARGETS["peak_mib"],
            backend["faster_than_naive"] >= TARGETS["faster_than_naive"],
            backend["times_duckdb"] <= TARGETS["within_duckdb"],
            backend["naive_agrees"],
            backend["duckdb_agrees"],
        ]
    checks += [
        seconds < TARGETS["street_page_seconds"] for seconds in results["street"]["pages"].values()
    ]
    return all(checks)


def machine() -> dict:
    import platform

    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": date.today().isoformat(),
    }
